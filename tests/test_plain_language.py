"""Plain-language checks: readability formulas against hand-computed values, and each warning
kind firing on a crafted handout at the line to fix."""

from __future__ import annotations

import pytest

from conftest import ROOT, run, write_handout
from handoutgen.checks.config import CheckConfig, load_config
from handoutgen.checks.plain_language import analyse, glossary
from handoutgen.checks.readability import score, syllables_en, syllables_es
from handoutgen.content.parse import parse_handout
from handoutgen.diagnostics import InputError


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("bone", 1), ("table", 2), ("called", 1), ("kidney", 2), ("damage", 2), ("cause", 1),
    ("myeloma", 4), ("calcium", 3), ("osteolysis", 5), ("hypercalcemia", 6), ("anemia", 4),
    ("people", 2), ("special", 2), ("infection", 3), ("immunoglobulins", 6),
])
def test_english_syllables(word, count):
    assert syllables_en(word) == count


@pytest.mark.parametrize("word, count", [
    ("hueso", 2), ("médico", 3), ("mieloma", 3), ("leucemia", 3), ("país", 2), ("aéreo", 4), ("agua", 2),
])
def test_spanish_syllables(word, count):
    assert syllables_es(word) == count


def test_flesch_kincaid_and_reading_ease_against_hand_computed_values():
    # 2 sentences, 11 words, 12 syllables (sun-ny):
    # grade = 0.39 * 11/2 + 11.8 * 12/11 - 15.59 = -0.57; ease = 206.835 - 1.015 * 5.5 - 84.6 * 12/11 = 108.96
    easy = score(["The cat sat on the mat. It was a sunny day."], "en")
    assert (easy.sentences, easy.words, easy.syllables) == (2, 11, 12)
    assert (easy.grade, easy.ease) == (-0.6, 109.0)
    # 1 sentence, 5 words, 12 syllables (hy-per-cal-ce-mi-a, kid-ney, dam-age):
    # grade = 0.39 * 5 + 11.8 * 12/5 - 15.59 = 14.68; ease = 206.835 - 1.015 * 5 - 84.6 * 2.4 = -1.28
    hard = score(["Hypercalcemia can cause kidney damage."], "en")
    assert (hard.words, hard.syllables, hard.grade, hard.ease) == (5, 12, 14.7, -1.3)


def test_fernandez_huerta_against_a_hand_computed_value():
    # 2 sentences, 8 words, 13 syllables: 206.84 - 60 * 13/8 - 1.02 * 8/2 = 105.26
    s = score(["El hueso se rompe. Llame a su médico."], "es")
    assert (s.sentences, s.words, s.syllables, s.grade, s.ease) == (2, 8, 13, None, 105.3)


def test_chinese_sentences_are_measured_in_characters():
    s = score(["骨髓瘤是一种血癌。请给医生打电话！"], "zh-Hans")
    assert (s.sentences, s.longest) == (2, 8)


@pytest.mark.parametrize("text, language, sentences, longest", [
    # Vowel signs and the virama are combining marks: they belong to their word. "।" ends a sentence.
    ("बोन मैरो आपकी हड्डियों के अंदर का मुलायम ऊतक है। यह खून बनाता है।", "hi", 2, 10),
    ("मल्टीपल मायलोमा", "hi", 1, 2),
    # Arabic vowel marks belong to their word too; "؟" ends a question.
    ("هَلْ تَشْعُرُ بِأَلَمٍ؟ اتصل بفريق الرعاية.", "ar", 2, 3),
    # No spaces between words: ICU's dictionary finds them (ยา ที่ ใช้ รักษา โรค มะเร็ง อาจ ทำให้ คุณ
    # รู้สึก คลื่นไส้). Thai has no full stop: the space ends the sentence. Khmer stops with "។".
    ("ยาที่ใช้รักษาโรคมะเร็งอาจทำให้คุณรู้สึกคลื่นไส้ โทรหาทีมดูแลของคุณ", "th", 2, 11),
    ("ថ្នាំនេះអាចធ្វើឱ្យអ្នកចង់ក្អួត។ សូមទូរស័ព្ទទៅក្រុមថែទាំរបស់អ្នក។", "km", 2, 8),
])
def test_words_and_sentences_in_hindi_arabic_thai_and_khmer(text, language, sentences, longest):
    s = score([text], language)
    assert (s.sentences, s.longest) == (sentences, longest)


def handout(tmp_path, body: str, lang: str = "en", summary: bool = True):
    text = (f"handout: demo\nlanguage: {lang}\ntitle: \"Demo\"\n"
            + ('summary: "What this is about."\n' if summary else "")
            + "reviewed: 2026-01-01\nreview_by: 2030-01-01\nsections:\n" + body)
    return write_handout(tmp_path / "h", "demo", lang, text)


ACTIONABLE = """\
  - id: help
    heading: "When to get help"
    blocks:
      - checklist: {id: call, level: urgent, title: "Call us if you have:", items: ["a fever"]}
"""


def warnings_of(path, config=CheckConfig()):
    return [str(w) for w in analyse(parse_handout(str(path)), config).warnings]


def test_the_real_handout_passes_every_check():
    assert warnings_of(ROOT / "handouts" / "multiple-myeloma" / "en.yaml", load_config(ROOT / "checks.yaml")) == []


def test_a_hard_section_is_flagged_at_its_heading(tmp_path):
    path = handout(tmp_path, """\
  - id: hard
    heading: "Hard"
    blocks:
      - paragraph: "Hypercalcemia (too much calcium) necessitates immediate intravenous rehydration."
""" + ACTIONABLE)
    found = warnings_of(path)
    assert any("demo/en.yaml:9:14: warning: section 'hard' reads at grade" in w and "(above 8)" in w for w in found)


def test_a_long_sentence_is_flagged_at_its_line(tmp_path):
    long = " ".join(["word"] * 21) + "."
    path = handout(tmp_path, f"  - id: one\n    heading: One\n    blocks:\n      - paragraph: \"{long}\"\n" + ACTIONABLE)
    assert any(w.startswith(str(path) + ":11:20: warning: sentence of 21 words (more than 20)")
               for w in warnings_of(path))


def test_medical_words_need_everyday_words_the_first_time(tmp_path):
    path = handout(tmp_path, """\
  - id: one
    heading: One
    blocks:
      - paragraph: "Your prognosis is good. Your prognosis is good."
      - paragraph: "Cells that break down bone (osteoclasts) are busy."
      - paragraph: "Doctors call this bone damage osteolysis."
      - bullets: ["Renal failure", "renal failure again"]
""" + ACTIONABLE)
    found = [w for w in warnings_of(path) if "medical word" in w]
    # At the word itself: line 11 is '      - paragraph: "Your prognosis is good. ...'
    assert found == [f"{path}:11:26: warning: 'prognosis' is a medical word; say 'outlook', or put it in "
                     "brackets after the everyday words the first time",
                     f"{path}:14:20: warning: 'Renal' is a medical word; say 'kidney', or put it in "
                     "brackets after the everyday words the first time"]


def test_a_clinic_can_extend_the_glossary(tmp_path):
    (tmp_path / "ours.yaml").write_text("dyspnea: [shortness of breath]\n")
    (tmp_path / "checks.yaml").write_text("glossaries: [ours.yaml]\n")
    path = handout(tmp_path, "  - id: one\n    heading: One\n    blocks:\n      - paragraph: \"Dyspnea is common.\"\n"
                   + ACTIONABLE)
    # Without the clinic's list the word is still rare, but nothing says what to write instead.
    assert any("'Dyspnea' is a rare word in everyday English" in w for w in warnings_of(path))
    assert any("'Dyspnea' is a medical word; say 'shortness of breath'" in w
               for w in warnings_of(path, load_config(tmp_path / "checks.yaml")))
    # A term listed with no everyday words is one the clinic's readers know.
    (tmp_path / "ours.yaml").write_text("dyspnea: []\n")
    glossary.cache_clear()
    assert not any("Dyspnea" in w for w in warnings_of(path, load_config(tmp_path / "checks.yaml")))


def test_missing_actionability_is_flagged_at_the_title(tmp_path):
    path = handout(tmp_path, "  - id: one\n    heading: One\n    blocks:\n      - paragraph: \"Text.\"\n",
                   summary=False)
    found = warnings_of(path)
    # A missing summary is reported (--report), not warned: published federal texts go without one.
    assert [w.split(": warning: ")[1] for w in found] == [
        "break the text into sections with headings",
        "add steps or a checklist: something the reader can do",
        "add an urgent or emergency checklist saying when to call for help"]
    assert all(w.startswith(f"{path}:3:8:") for w in found)


def test_spanish_reading_ease_and_chinese_sentence_length(tmp_path):
    hard_es = "La hipercalcemia ocasiona nefrocalcinosis e insuficiencia renal progresiva irreversible."
    path = handout(tmp_path, f"  - id: uno\n    heading: Uno\n    blocks:\n      - paragraph: \"{hard_es}\"\n"
                   + ACTIONABLE, lang="es")
    assert any("section 'uno' has a reading ease of" in w and "(below 60)" in w for w in warnings_of(path))
    long_zh = "如果您发烧或者出血不止或者骨头突然非常疼痛或者呕吐不止请马上给医生打电话并去急诊室看病。"
    path = handout(tmp_path, f"  - id: yi\n    heading: 一\n    blocks:\n      - paragraph: \"{long_zh}\"\n"
                   + ACTIONABLE, lang="zh-Hans")
    assert any("sentence of 43 characters (more than 40)" in w for w in warnings_of(path))


def test_warnings_print_on_build_once_per_handout_and_strict_fails(tmp_path, capsys):
    path = handout(tmp_path, "  - id: one\n    heading: One\n    blocks:\n      - paragraph: \"Your prognosis.\"\n"
                   + ACTIONABLE)
    args = ("--handouts-dir", path.parent.parent, "--out", tmp_path / "out", "--layout", "all", "--jobs", "1")
    assert run(*args) == 0
    assert capsys.readouterr().err.count("'prognosis' is a medical word") == 1  # not once per layout
    assert run(*args, "--strict") == 1


def test_a_bad_checks_file_is_an_error_with_its_line(tmp_path, capsys):
    (tmp_path / "checks.yaml").write_text("readability:\n  max_grade: eight\n")
    assert run("--checks", tmp_path / "checks.yaml", "--out", tmp_path / "out") == 1
    assert "checks.yaml:2:14: max_grade 'eight' is not a number" in capsys.readouterr().err
    with pytest.raises(InputError):
        load_config(tmp_path / "checks.yaml")


def test_spanish_has_its_own_glossary(tmp_path):
    body = "  - id: uno\n    heading: Uno\n    blocks:\n      - paragraph: \"Puede tener hipercalcemia.\"\n"
    path = handout(tmp_path, body + ACTIONABLE, lang="es")
    assert any("'hipercalcemia' is a medical word; say 'demasiado calcio en la sangre'" in w
               for w in warnings_of(path))
