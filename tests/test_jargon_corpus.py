"""Unfamiliar words on real public-domain patient texts (tests/corpus/, transcribed from NHLBI,
NCI, CDC and NIDDK pages with their wording kept) and on the shipped handout in every language:
what a health-literacy reviewer would flag is flagged at its line, and explained words, names,
pronunciation guides, addresses and cited titles are not."""

from __future__ import annotations

import socket

import pytest
import yaml

from conftest import ROOT, write_handout
from handoutgen.checks.config import load_config
from handoutgen.checks.plain_language import analyse
from handoutgen.checks.readability import score
from handoutgen.checks.vocabulary import zipf
from handoutgen.content.parse import parse_handout

CORPUS = ROOT / "tests" / "corpus"
CONFIG = load_config(ROOT / "checks.yaml")


def flagged(path) -> dict[str, str]:
    """Unexplained words -> where they are (line:column)."""
    out = {}
    for w in analyse(parse_handout(str(path)), CONFIG).warnings:
        text = str(w)
        if "is a rare word" in text or "is a medical word" in text:
            location, message = text.split(": warning: ")
            out[message.split("'")[1]] = ":".join(location.split(":")[-2:])
    return out


def test_deep_vein_thrombosis_jargon_is_flagged_where_it_is():
    found = flagged(CORPUS / "nhlbi-deep-vein-thrombosis" / "en.yaml")
    # Line 136: "Your doctor also may recommend a D-dimer test or venography (ve-NOG-rah-fee)."
    assert (found["D-dimer"], found["venography"]) == ("136:54", "136:70")
    # "... such as a lung ventilation perfusion scan (VQ scan)": the brackets only abbreviate more jargon.
    assert (found["perfusion"], found["VQ"]) == ("159:28", "159:44")
    assert found["thrombolytics"] == "229:36"  # "Because thrombolytics can cause sudden bleeding, ..."
    assert found["Thrombin"] == "222:22"  # only ever a sub-heading: "Thrombin Inhibitors"
    assert found["PTT"] == "217:41"  # "These tests are called PT and PTT tests." names them, explains nothing


def test_deep_vein_thrombosis_explained_words_and_non_prose_are_not_flagged():
    found = flagged(CORPUS / "nhlbi-deep-vein-thrombosis" / "en.yaml")
    for word in ("thrombosis",      # "Deep vein thrombosis (throm-BO-sis), or DVT, is a blood clot ..."
                 "DVT",             # the abbreviation, given with its words
                 "embolus",         # "The loose clot is called an embolus (EM-bo-lus)."
                 "Anticoagulants",  # "... are the most common medicines for treating DVT."
                 "intravenous",     # "(called intravenous, or IV, injection)"
                 "heparin", "Warfarin",  # "Warfarin and heparin are two blood thinners ..."
                 "Coumadin", "Leiden",   # names
                 "vena cava",       # "a vena cava filter", then at once: "a large vein called the vena cava"
                 "checkups", "bloodstream", "pantyhose", "clumps", "discolored",  # everyday words
                 "throm", "BO", "NOG", "rah", "fee", "nhlbi", "http"):  # pronunciation guides, the source's address
        assert word not in found, word


def test_other_corpus_texts():
    nci = flagged(CORPUS / "nci-nausea-vomiting" / "en.yaml")
    assert {"Anticipatory", "Refractory", "immunotherapy", "acupressure"} <= nci.keys()
    # Drugs listed after the plain name of their kind ("drugs that block dopamine, a chemical in the
    # brain ...: chlorpromazine, ...") and kinds explained with ", which ..." are fine; brand names too.
    assert not {"chlorpromazine", "ondansetron", "benzodiazepines", "antipsychotics", "cannabinoids",
                "Zofran"} & nci.keys()
    niddk = flagged(CORPUS / "niddk-type-2-diabetes-risk" / "en.yaml")
    assert {"gestational", "triglyceride", "A1C", "metformin"} <= niddk.keys()
    # "... and the National Cancer Institute's Infection and Neutropenia During Cancer Treatment.":
    # the title of another publication, in English and in CDC's Spanish page.
    assert "Neutropenia" not in flagged(CORPUS / "cdc-infection-signs" / "en.yaml")
    assert "neutropenia" not in flagged(CORPUS / "cdc-infection-signs" / "es.yaml")
    # NCI's own page names it in its title and explains it in the text: "check for neutropenia (a
    # condition in which there is a low number of neutrophils)", "white blood cells (called neutrophils)".
    neutropenia = flagged(CORPUS / "nci-infection-neutropenia" / "en.yaml")
    assert not {"Neutropenia", "neutropenia", "neutrophils"} & neutropenia.keys()
    assert neutropenia["catheter"] == "31:54"  # "especially where a catheter enters your body"
    lumpectomy = flagged(CORPUS / "nci-lumpectomy-mastectomy" / "en.yaml")
    # "Do you have ductal carcinoma in situ (DCIS) ...": the abbreviation of more jargon explains nothing.
    assert {"ductal", "carcinoma", "DCIS"} <= lumpectomy.keys() and lumpectomy["DCIS"] == "27:49"
    assert "mastectomy" not in lumpectomy  # "a mastectomy (surgery that removes the whole breast)"


@pytest.mark.parametrize("language", ["en", "es", "ru", "vi", "zh-Hans", "ar", "hi"])
def test_the_shipped_handout_has_no_unexplained_words_in_any_language(language):
    assert flagged(ROOT / "handouts" / "multiple-myeloma" / f"{language}.yaml") == {}


def test_a_pronunciation_guide_is_not_counted_as_words():
    sentence = ("Deep vein thrombosis (throm-BO-sis), or DVT, is a blood clot that forms in a vein deep "
                "in the body.")
    assert score([sentence], "en").longest == 18  # 21 if "throm", "BO" and "sis" counted


def handout(tmp_path, lang: str, paragraph: str):
    return write_handout(tmp_path, "demo", lang, f"""\
        handout: demo
        language: {lang}
        title: "Demo"
        reviewed: 2026-01-01
        review_by: 2030-01-01
        sections:
          - id: one
            heading: "One"
            blocks:
              - paragraph: "{paragraph}"
        """)


@pytest.mark.parametrize("lang, text, word", [
    ("en", "Your doctor may order a venography.", "venography"),
    ("es", "Su médico puede pedir una venografía.", "venografía"),
    ("ru", "Врач может назначить флебографию.", "флебографию"),
    ("ar", "قد يسبب ابيضاض الدم التعب.", "ابيضاض"),  # leukaemia
    ("zh-Hans", "您可能会有肺栓塞。", "肺栓塞"),  # pulmonary embolism
])
def test_a_rare_word_is_flagged_in_each_language(tmp_path, lang, text, word):
    assert word in flagged(handout(tmp_path, lang, text))


@pytest.mark.parametrize("lang, text", [
    ("en", "Your doctor may order a test called venography."),
    ("en", "Your doctor may order venography (an X-ray of your veins)."),
    ("en", "Your doctor may order venography, which means an X-ray of your veins."),
    ("en", "Your doctor may order venography – an X-ray of your veins."),
    ("en", "Your doctor may order an X-ray of your veins (venography)."),
    ("es", "Su médico puede pedir una prueba llamada venografía."),
    ("es", "Su médico puede pedir una venografía, es decir, una radiografía de las venas."),
    ("ru", "Флебография — это рентген вен."),
    ("zh-Hans", "您可能会有肺栓塞（肺里的血管被血块堵住）。"),
])
def test_an_explained_word_is_not_flagged(tmp_path, lang, text):
    assert flagged(handout(tmp_path, lang, text)) == {}


def test_a_list_in_brackets_does_not_explain_its_items(tmp_path):
    found = flagged(handout(tmp_path, "en", "You may have tests (venography, perfusion scans)."))
    assert {"venography", "perfusion"} <= found.keys()


def test_word_frequencies_need_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    zipf.cache_clear()
    assert zipf("kidney", "en") > 3.5 > zipf("venography", "en")
    assert zipf("riñón", "es") > 3 > zipf("venografía", "es")


def test_the_glossary_has_500_cited_medical_terms_with_everyday_words():
    path = ROOT / "src" / "handoutgen" / "glossary" / "en.yaml"
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(terms) >= 500
    assert all(isinstance(p, list) and p and all(isinstance(w, str) and w for w in p) for p in terms.values())
    assert "Plain Language Thesaurus for Health Communications" in path.read_text(encoding="utf-8")


def test_renal_and_hepatic_are_flagged_alike(tmp_path):
    found = flagged(handout(tmp_path, "en", "Your renal and hepatic tests were normal."))
    assert found == {"renal": "10:26", "hepatic": "10:36"}  # where each word is, in "paragraph: ..."


def test_pemat_and_cdc_index_items_on_real_texts_and_the_report(tmp_path):
    from conftest import run
    items = {f: {i.short: i.met for i in analyse(parse_handout(str(CORPUS / f / "en.yaml")), CONFIG).items}
             for f in ("nhlbi-deep-vein-thrombosis", "cdc-infection-signs", "nci-lumpectomy-mastectomy")}
    dvt = items["nhlbi-deep-vein-thrombosis"]
    # "See your doctor right away if you have signs or symptoms": actions and when to get help, in the text.
    assert dvt["an action list"] and dvt["when to get help"] and dvt["addresses the reader"]
    assert dvt["headings"] is False  # 357 words under "Anticoagulants" before the next heading
    assert dvt["a summary"] is False and dvt["explained words"] is False and dvt["captions"] is None
    assert items["cdc-infection-signs"]["headings"] is True
    assert items["nci-lumpectomy-mastectomy"]["when to get help"] is False
    # No warning for a missing summary: federal texts go without one; the report shows it.
    warnings = [str(w) for w in analyse(parse_handout(str(CORPUS / "nhlbi-deep-vein-thrombosis" / "en.yaml")),
                                        CONFIG).warnings]
    assert not any("summary" in w or "action" in w or "when to call" in w for w in warnings)
    report = tmp_path / "report.md"
    run("--check", "--handouts-dir", CORPUS, "--report", report)
    row = next(line for line in report.read_text().splitlines() if line.startswith("| nhlbi-deep-vein"))
    assert row.rstrip(" |").endswith("5 of 8 (62%); not met: headings, a summary, explained words")


def test_vietnamese_sentences_are_measured_in_syllables(tmp_path):
    # 24 syllables (about 15 words), as long as the shipped Vietnamese handout's longest sentences; then 34
    ok = "Tế bào u tủy phát triển trong tủy xương và chèn ép các tế bào tạo máu khỏe mạnh nên cơ thể thiếu máu."
    long = ok[:-1] + " và dễ bị nhiễm trùng hơn bình thường rất nhiều."
    found = [str(w) for w in analyse(parse_handout(str(handout(tmp_path, "vi", f"{ok} {long}"))), CONFIG).warnings]
    assert [w.split(": warning: ")[1][:45] for w in found if "sentence of" in w] == [
        "sentence of 34 syllables (more than 30): 'Tế "]
