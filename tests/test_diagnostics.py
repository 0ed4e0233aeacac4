"""A diagnostic's hint ("did you mean ...") and its related places (the line in the source a
translation departs from) are data: --json and the preview show them apart, the build manifest
keeps them, and a line of text still reads as one sentence. Problems found while laying out the
pages point at the block that caused them.

Translations: CDC's "Signs of an infection" and its published Spanish version (tests/corpus/)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import MINIMAL, REAL, ROOT, run, unfitted_layouts, write_handout
from handoutgen.content.parse import parse_handout
from handoutgen.diagnostics import Diagnostic, InputError, Location, Related
from handoutgen.pipeline import translation_state

CDC = ROOT / "tests" / "corpus" / "cdc-infection-signs"


def line_of(text: str, part: str) -> int:
    return text[:text.index(part)].count("\n") + 1


def cdc_copy(tmp_path, old: str, new: str):
    handouts = tmp_path / "handouts"
    shutil.copytree(CDC, handouts / CDC.name)
    path = handouts / CDC.name / "es.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return handouts, path


def test_a_misspelt_key_has_its_suggestion_as_a_hint(tmp_path):
    path = write_handout(tmp_path, "bad", "en", MINIMAL.format(id="bad", lang="en").replace("title:", "tittle:"))
    with pytest.raises(InputError) as refused:
        parse_handout(str(path))
    d = next(d for d in refused.value.diagnostics if "tittle" in d.message)
    assert (d.location.line, d.location.column) == (3, 1)
    assert d.message == "unknown key 'tittle' in the handout"
    assert d.hint == "did you mean 'title'?"
    assert str(d).endswith("bad/en.yaml:3:1: unknown key 'tittle' in the handout; did you mean 'title'?")


def test_an_unknown_block_lists_the_known_ones_in_its_hint(tmp_path):
    path = write_handout(tmp_path, "bad", "en", MINIMAL.format(id="bad", lang="en").replace(
        "- paragraph:", "- pargraph:"))
    with pytest.raises(InputError) as refused:
        parse_handout(str(path))
    d = next(d for d in refused.value.diagnostics if "pargraph" in d.message)
    assert d.message == "unknown block 'pargraph'"
    assert d.hint.startswith("did you mean 'paragraph'? (known: paragraph, subheading, bullets, steps, checklist")


def test_a_missing_warning_sign_names_its_source_line_as_a_related_place(tmp_path):
    handouts, path = cdc_copy(tmp_path, '            - "Fiebre (algunas veces es el único signo de infección)."\n', "")
    state = translation_state(parse_handout(str(path)))
    d, = state.errors
    source = (CDC / "en.yaml").read_text(encoding="utf-8")
    assert "a warning sign is missing" in d.message and "Fever (this is sometimes" in d.message
    assert "en.yaml" not in d.message  # the place is data, not words in the message
    assert d.related == (Related(Location(str(handouts / CDC.name / "en.yaml"),
                                          line_of(source, '"Fever (this is'), 15), "in the source"),)
    assert str(d).endswith(f"(in the source: {d.related[0].location})")


def test_merged_signs_point_at_the_first_of_them_in_the_source(tmp_path):
    handouts, path = cdc_copy(tmp_path, '- "Diarrea."\n            - "Vómito."', '- "Diarrea. Vómito."')
    d, = translation_state(parse_handout(str(path))).errors
    source = (CDC / "en.yaml").read_text(encoding="utf-8")
    assert d.message.startswith("warning signs merged:") and "en.yaml" not in d.message
    assert [r.location.line for r in d.related] == [line_of(source, '"Diarrhea."')]


def test_json_shows_hint_and_related_places_apart(tmp_path, capsys):
    handouts, path = cdc_copy(tmp_path, '            - "Rigidez del cuello."\n', "")
    write_handout(handouts, "typo", "en", MINIMAL.format(id="typo", lang="en").replace("title:", "tittle:"))
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--json", "--lang", "es", "--lang", "en") == 1
    summary = json.loads(capsys.readouterr().out)
    errors = {p["handout"]: p["errors"] for p in summary["pdfs"] if p["status"] == "failed"}
    typo = next(e for e in errors["typo"] if "tittle" in e["message"])
    assert (typo["message"], typo["hint"], typo["related"]) == \
        ("unknown key 'tittle' in the handout", "did you mean 'title'?", [])
    assert typo["line"] == 3 and typo["text"].endswith("; did you mean 'title'?")
    sign, = errors[CDC.name]
    assert sign["hint"] == "" and "Stiff neck" in sign["message"]
    related, = sign["related"]
    source = (CDC / "en.yaml").read_text(encoding="utf-8")
    assert related["note"] == "in the source" and related["path"].endswith(f"{CDC.name}/en.yaml")
    assert (related["line"], related["column"]) == (line_of(source, '"Stiff neck."'), 15)


def test_a_warning_keeps_its_related_place_when_its_pdf_is_not_made_again(tmp_path, capsys):
    """The build manifest stores each warning whole, so an unchanged PDF reports the same."""
    handouts, path = cdc_copy(tmp_path, '- "Diarrea."\n            - "Vómito."', '- "Vómito."\n            - "Diarrea."')
    args = ("--handouts-dir", handouts, "--out", tmp_path / "out", "--json", "--lang", "es")
    reports = []
    for _ in range(2):
        assert run(*args) == 0
        pdf, = json.loads(capsys.readouterr().out)["pdfs"]
        reports.append(pdf)
    assert [p["status"] for p in reports] == ["built", "unchanged"]
    order = [w for w in reports[0]["warnings"] if w["message"].startswith("warning signs in another order")]
    assert order and order[0]["related"] and order[0]["related"][0]["path"].endswith("en.yaml")
    assert reports[1]["warnings"] == reports[0]["warnings"]


def test_a_diagnostic_survives_its_dictionary():
    d = Diagnostic(Location("a.yaml", 3, 5), "missing: x", "warning", "did you mean 'y'?",
                   (Related(Location("b.yaml", 7, 9), "in the source"),))
    assert Diagnostic.from_dict(json.loads(json.dumps(d.to_dict()))) == d


# --- layout problems at their block ------------------------------------------------------------

def test_a_heading_taller_than_a_page_is_named_at_its_line(tmp_path, capsys):
    text = MINIMAL.format(id="tall", lang="en").replace('"The only section"', '"' + " ".join(["Heading"] * 700) + '"')
    write_handout(tmp_path / "h", "tall", "en", text)
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"tall/en.yaml:{line_of(text, 'heading:')}:14: the heading is taller than a page" in err, err


def test_a_callout_taller_than_a_page_is_named_at_its_line(tmp_path, capsys):
    """A callout stays in one box, so one longer than a page is an error (a checklist continues)."""
    sentence = "Keep a list of your medicines, with the dose and the time you take each one, and bring it. "
    text = MINIMAL.format(id="tall", lang="en").replace(
        '      - paragraph: "Short text."\n',
        f'      - callout:\n          level: info\n          title: "Good to know"\n          text: "{sentence * 60}"\n')
    write_handout(tmp_path / "h", "tall", "en", text)
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out", "--layout", "large-print") == 1
    err = capsys.readouterr().err
    title = line_of(text, 'title: "Good to know"')
    assert f"tall/en.yaml:{title}:18: callout is too long to fit on one page" in err, err


def test_a_leaflet_that_runs_over_is_named_at_the_first_block_that_does_not_fit(tmp_path, capsys):
    """The shipped handout in full (no section left out of the leaflet) is too long for the
    trifold: the error is at the first part that lands past the fourth panel, the last section's
    heading (kept with its checklist), not at the top of the file."""
    full = REAL.read_text(encoding="utf-8").replace("    leaflet: false", "    leaflet: true")
    write_handout(tmp_path / "h", "multiple-myeloma", "en", full)
    assert run("--handouts-dir", tmp_path / "h", "--layouts-dir", unfitted_layouts(tmp_path / "layouts"),
               "--layout", "trifold", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    heading = line_of(full, 'heading: "When to get help"')
    at = f"multiple-myeloma/en.yaml:{heading}:14: multiple-myeloma (en) does not fit the two sides of the trifold layout"
    assert at in err, err
    assert ":1:1: " not in err


def test_a_cover_too_full_is_named_at_the_title(tmp_path, capsys):
    text = MINIMAL.format(id="cover", lang="en").replace('"A small handout"', '"' + " ".join(["Title"] * 150) + '"')
    write_handout(tmp_path / "h", "cover", "en", text)
    assert run("--handouts-dir", tmp_path / "h", "--layout", "trifold", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "cover/en.yaml:3:8: the trifold's cover panel is too full" in err, err


def test_a_leaflet_paragraph_that_runs_over_is_named_not_its_heading(tmp_path, capsys):
    """The heading keeps with the paragraph's first lines; the rest runs over, and the error is
    at the paragraph (the pieces reportlab splits it into keep its place)."""
    sentence = "Wash your hands with soap and water for at least 20 seconds, and dry them well. "
    text = MINIMAL.format(id="long", lang="en").replace('"Short text."', f'"{sentence * 120}"')  # too long even when copy-fitted
    write_handout(tmp_path / "h", "long", "en", text)
    assert run("--handouts-dir", tmp_path / "h", "--layout", "trifold", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"long/en.yaml:{line_of(text, 'paragraph:')}:20: long (en) does not fit" in err, err
