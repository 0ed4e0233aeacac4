"""Every shipped language through the PDF, right-to-left order, translations against their source."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polib
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, one_section, run
from handoutgen.checks.readback import normalise, page_fragments
from handoutgen.content.parse import parse_handout
from handoutgen.fonts import Stack
from handoutgen.labels import labels_for
from handoutgen.render.text import Line, Typesetter

REAL = ROOT / "handouts" / "multiple-myeloma"
LANGUAGES = ("en", "es", "zh-Hans", "vi", "ar", "ru", "hi")


@pytest.fixture(scope="module")
def all_languages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    assert run("multiple-myeloma", "--out", out) == 0  # the build reads every PDF back
    return out


def page_texts(pdf: Path) -> list[str]:
    return ["".join(f.text for f in page_fragments(page)) for page in PdfReader(pdf).pages]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_prints_its_warning_signs_in_logical_order(all_languages, lang):
    handout = parse_handout(str(REAL / f"{lang}.yaml"))
    text = normalise("".join(page_texts(all_languages / f"multiple-myeloma.{lang}.letter.pdf")))
    emergency = next(b for s in handout.sections for b in s.blocks if getattr(b, "id", "") == "emergency")
    for item in emergency.items:
        assert normalise(item.text.plain) in text
    assert normalise(handout.title.text.plain) in text


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_draft_translations_say_so_on_every_page_in_both_languages(all_languages, lang):
    pages = page_texts(all_languages / f"multiple-myeloma.{lang}.letter.pdf")
    for page in pages:
        assert normalise(labels_for(lang)("draft")) in normalise(page)
        assert normalise(labels_for("en")("draft")) in normalise(page)


def test_english_source_has_no_draft_notice(all_languages):
    assert all("Draft translation" not in page for page in page_texts(all_languages / "multiple-myeloma.en.letter.pdf"))


def test_fonts_are_embedded_subsets_per_script(all_languages):
    reader = PdfReader(all_languages / "multiple-myeloma.hi.letter.pdf")
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert {f.split("+")[1] for f in fonts} == {"NotoSans-Regular", "NotoSans-Bold",
                                                "NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"}
    assert all("+" in f for f in fonts)  # subsets only


def test_arabic_line_with_number_and_latin_word_is_ordered_right_to_left():
    setter = Typesetter(Stack("noto-sans", "ar"))
    text = "اتصل بالرقم 911 إذا رأيت CT scan الآن"
    line = Line.of(setter, setter.pieces(text, False), 12)
    visual = [s.text for s in line.segments]
    # Left to right on the page: the last Arabic word first, the first one last; the number and
    # the English words keep their own left-to-right order inside.
    assert visual[0].strip() == "الآن" and visual[-1].startswith("اتصل")
    latin = [s.text for s in line.segments if "CT" in s.text or "scan" in s.text]
    assert "".join(latin).strip() == "CT scan"
    assert any(s.text.strip() == "911" for s in line.segments)


def test_arabic_paragraph_reads_back_in_logical_order(tmp_path):
    handouts = tmp_path / "handouts"
    path = handouts / "demo" / "ar.yaml"
    path.parent.mkdir(parents=True)
    words = " ".join(["اتصل بالرقم 911 إذا رأيت CT scan الآن."] * 12)  # several wrapped lines
    path.write_text(one_section("demo", "ar", "نشرة صغيرة", f'      - paragraph: "{words}"\n'
                                '      - bullets: ["البند الأول (1)", "البند الثاني"]\n', heading="القسم"),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out) == 0
    text = "".join(page_texts(out / "demo.ar.letter.pdf"))
    assert normalise(words) in normalise(text)


def test_translation_that_drops_a_warning_sign_is_refused(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    path = handouts / "multiple-myeloma" / "es.yaml"
    text = path.read_text(encoding="utf-8")
    dropped = '            - "Un sangrado que no para"\n'
    assert dropped in text
    path.write_text(text.replace(dropped, ""), encoding="utf-8")
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "es") == 1
    err = capsys.readouterr().err
    assert "es.yaml" in err and "a warning sign is missing" in err
    # The sign dropped is the second ("Bleeding that does not stop"); matching by position used to
    # blame the third.
    assert "checklist emergency / checklist / items / 2 'Bleeding that does not stop'" in err and "en.yaml:184" in err


def test_translation_with_changed_structure_is_refused(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    path = handouts / "multiple-myeloma" / "ru.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: emergency", "level: urgent"), encoding="utf-8")
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "ru") == 1
    assert "level is 'urgent' but 'emergency' in the source" in capsys.readouterr().err


def test_stale_translation_is_reported_with_the_changed_section(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    source = handouts / "multiple-myeloma" / "en.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Nausea or vomiting", "Nausea, or vomiting"),
                      encoding="utf-8")
    assert run("--handouts-dir", handouts, "--status") == 0
    out = capsys.readouterr().out
    assert "multiple-myeloma  vi       stale       draft     changed: when-to-get-help" in out
    assert "source_digest:" in out
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "vi") == 0
    assert "translation is stale" in capsys.readouterr().err


def test_status_lists_missing_languages(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    (handouts / "other").mkdir()
    (handouts / "other" / "en.yaml").write_text((REAL / "en.yaml").read_text(encoding="utf-8")
                                                .replace("handout: multiple-myeloma", "handout: other"),
                                                encoding="utf-8")
    assert run("--handouts-dir", handouts, "--status") == 0
    out = capsys.readouterr().out
    for lang in ("ar", "es", "hi", "ru", "vi", "zh-Hans"):
        assert f"other             {lang:8} missing" in out


def test_every_label_file_has_the_same_keys():
    folder = ROOT / "src" / "handoutgen" / "labels"
    english = set(yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8")))
    for path in folder.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == english, path.name
        assert len(data["months"]) == 12


@pytest.mark.parametrize("lang,char,face", [
    ("he", "ש", "hebrew"), ("el", "Ω", "latin"), ("ru", "Ж", "latin"), ("vi", "ữ", "latin"),
    ("ja", "カ", "cjk-jp"), ("ko", "한", "cjk-kr"), ("zh-Hant", "體", "cjk-tc"), ("zh-Hans", "体", "cjk-sc"),
    ("ur", "ے", "arabic"), ("fa", "پ", "arabic"), ("hi", "क", "devanagari")])
def test_stack_has_a_face_for_every_script(lang, char, face):
    assert Stack("noto-sans", lang).face_for(char) == face


def test_pdf_bytes_are_deterministic_for_arabic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run("multiple-myeloma", "--lang", "ar", "--out", out) == 0
    assert (a / "multiple-myeloma.ar.letter.pdf").read_bytes() == (b / "multiple-myeloma.ar.letter.pdf").read_bytes()


def test_po_export_then_import_gives_the_same_translation(tmp_path):
    from handoutgen.content.translation import text_units
    from handoutgen.po import export_po, import_po
    from handoutgen.yamlsource import load_nodes

    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    original = handouts / "multiple-myeloma" / "ar.yaml"
    before = [(u.context, u.value) for u in text_units(load_nodes(str(original))[0])]
    po = tmp_path / "ar.po"
    export_po(handouts / "multiple-myeloma" / "en.yaml", "ar").save(str(po))
    entry = next(e for e in polib.pofile(str(po)) if "checklist emergency" in e.msgctxt)
    assert entry.msgctxt.startswith("sections / when-to-get-help") and entry.msgstr
    first = import_po(po, handouts).read_bytes()
    assert [(u.context, u.value) for u in text_units(load_nodes(str(original))[0])] == before
    assert parse_handout(str(original)).translation.status == "draft"
    export_po(handouts / "multiple-myeloma" / "en.yaml", "ar").save(str(po))
    assert import_po(po, handouts).read_bytes() == first  # the round trip is stable
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "ar") == 0


def test_po_import_refuses_untranslated_strings(tmp_path):
    from handoutgen.diagnostics import InputError
    from handoutgen.po import export_po, import_po

    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    po = export_po(handouts / "multiple-myeloma" / "en.yaml", "de")
    po[3].msgstr = "Übersetzt"
    po.save(str(tmp_path / "de.po"))
    with pytest.raises(InputError) as caught:
        import_po(tmp_path / "de.po", handouts)
    assert "untranslated: title" in str(caught.value.diagnostics[0])
