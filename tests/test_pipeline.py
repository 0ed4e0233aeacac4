"""The build and --check run one pipeline (pipeline.py), so they agree about every input."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, run
from handoutgen import pipeline

REAL = ROOT / "handouts" / "multiple-myeloma"

# Edits to a copy of the Spanish translation: (old, new), each applied once.
EDITS = {
    "drops a warning sign": ('            - "Un sangrado que no para"\n', ""),
    "changes a checklist level": ("level: emergency", "level: urgent"),
    "loses a placeholder": ("{emergency_number}", "911"),
    "unchanged": ("", ""),
}


def _copy(tmp_path, edit):
    handouts = tmp_path / "handouts"
    shutil.copytree(REAL, handouts / "multiple-myeloma")
    path = handouts / "multiple-myeloma" / "es.yaml"
    old, new = edit
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return handouts


def _problems(err: str) -> set[str]:
    """The content's errors and warnings; the page budget is a check of the PDF, after rendering."""
    return {line.strip() for line in err.splitlines() if "es.yaml:" in line and "over its budget" not in line
            and "note:" not in line}  # a note says what the build did (copy-fitting)


@pytest.mark.parametrize("name", EDITS)
def test_check_and_build_agree_on_a_translation(name, tmp_path, capsys):
    handouts = _copy(tmp_path, EDITS[name])
    checked = run("--check", "--handouts-dir", handouts, "--lang", "es")
    check_problems = _problems(capsys.readouterr().err)
    built = run("--handouts-dir", handouts, "--lang", "es", "--out", tmp_path / "out")
    build_problems = _problems(capsys.readouterr().err)
    assert checked == built == (0 if name == "unchanged" else 1)
    assert check_problems == build_problems


def test_check_refuses_the_translation_that_drops_a_warning_sign(tmp_path, capsys):
    """--check used to say 'ok' here: it never compared a translation with its source."""
    handouts = _copy(tmp_path, EDITS["drops a warning sign"])
    assert run("--check", "--handouts-dir", handouts, "--lang", "es") == 1
    out, err = capsys.readouterr()
    assert any(line.startswith("FAILED") and line.endswith("es.yaml") for line in out.splitlines()), out
    assert "a warning sign is missing" in err and "Bleeding that does not stop" in err


def test_content_checks_are_one_named_sequence():
    assert [c.__name__ for c in pipeline.CONTENT_CHECKS] == ["plain_language", "translation_structure", "terms", "glyphs"]
    assert pipeline.CONTENT_CHECKS == pipeline.HANDOUT_CHECKS + pipeline.PRINTED_CHECKS
