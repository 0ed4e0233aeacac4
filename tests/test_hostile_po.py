"""PO files sent back by email, tried as an attacker and as an unlucky translator would: the import
checks everything before it writes, writes only handouts/<handout>/<language>.yaml, and says
what is wrong at the PO file's line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run
from handoutgen.po import export_po


@pytest.fixture
def project(tmp_path):
    """A copy of the shipped handout's English source and a Spanish PO file fully translated
    from the shipped Spanish translation."""
    handouts = tmp_path / "project" / "handouts"
    (handouts / "multiple-myeloma").mkdir(parents=True)
    for lang in ("en", "es"):
        shutil.copy(ROOT / "handouts" / "multiple-myeloma" / f"{lang}.yaml", handouts / "multiple-myeloma")
    po = tmp_path / "multiple-myeloma.es.po"
    po.write_text(str(export_po(handouts / "multiple-myeloma" / "en.yaml", "es")), encoding="utf-8")
    (handouts / "multiple-myeloma" / "es.yaml").unlink()
    return handouts, po


def import_po(handouts: Path, po: Path, capsys) -> tuple[int, str]:
    code = run("--handouts-dir", handouts, "--import-po", po)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_good_po_file_imports(project, capsys):
    handouts, po = project
    code, err = import_po(handouts, po, capsys)
    assert code == 0, err
    assert (handouts / "multiple-myeloma" / "es.yaml").is_file()


@pytest.mark.parametrize("language", ["/tmp/evil", "../../../evil", "../x", "en", "es/../../x", "e s"])
def test_the_header_cannot_choose_where_the_file_goes(project, tmp_path, capsys, language):
    handouts, po = project
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: es\\n"', f'"Language: {language}\\n"'),
                  encoding="utf-8")
    before = files(tmp_path)
    english = (handouts / "multiple-myeloma" / "en.yaml").read_bytes()
    code, err = import_po(handouts, po, capsys)
    assert code == 1
    assert "multiple-myeloma.es.po:1:1: " in err
    assert files(tmp_path) == before  # nothing written anywhere
    assert (handouts / "multiple-myeloma" / "en.yaml").read_bytes() == english


def test_handout_header_cannot_climb_out(project, tmp_path, capsys):
    handouts, po = project
    po.write_text(po.read_text(encoding="utf-8").replace("X-Handout: multiple-myeloma", "X-Handout: ../../x"),
                  encoding="utf-8")
    before = files(tmp_path)
    code, err = import_po(handouts, po, capsys)
    assert code == 1 and "X-Handout '../../x' is not a handout" in err
    assert files(tmp_path) == before


def test_underscore_language_becomes_a_language_tag(project, capsys):
    handouts, po = project
    renamed = po.with_name("multiple-myeloma.es-MX.po")
    renamed.write_text(po.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: es_MX\\n"'),
                       encoding="utf-8")
    code, err = import_po(handouts, renamed, capsys)
    assert code == 0, err
    assert (handouts / "multiple-myeloma" / "es-MX.yaml").is_file()
    assert not (handouts / "multiple-myeloma" / "es_MX.yaml").exists()


def test_language_must_match_the_file_name(project, capsys):
    handouts, po = project
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: fr\\n"'), encoding="utf-8")
    code, err = import_po(handouts, po, capsys)
    assert code == 1 and "does not match the file name multiple-myeloma.es.po" in err


def test_fuzzy_entries_are_reported_not_imported(project, capsys):
    handouts, po = project
    text = po.read_text(encoding="utf-8")
    first = text.index("msgctxt")
    po.write_text(text[:first] + "#, fuzzy\n" + text[first:], encoding="utf-8")
    code, err = import_po(handouts, po, capsys)
    assert code == 1
    assert "needs review (marked fuzzy): title" in err
    assert not (handouts / "multiple-myeloma" / "es.yaml").exists()


def test_a_broken_msgstr_line_is_an_error_at_its_line(project, capsys):
    handouts, po = project
    lines = po.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 10)
    lines[index] = "msgstr FR What"
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = import_po(handouts, po, capsys)
    assert code == 1
    assert f"multiple-myeloma.es.po:{index + 1}:1: not PO syntax: 'msgstr FR What'" in err
    assert not (handouts / "multiple-myeloma" / "es.yaml").exists()


@pytest.mark.parametrize("content, message", [
    (lambda text: text.encode("latin-1", "replace"), "is not UTF-8"),
    (lambda text: b"\x00\x01\x02\xff" * 100, "is not UTF-8"),
    (lambda text: "".encode(), "PO header needs X-Handout"),
    (lambda text: text.replace("X-Handout: multiple-myeloma\\n", "").encode(), "PO header needs X-Handout"),
])
def test_malformed_files_are_errors_not_tracebacks(project, capsys, content, message):
    handouts, po = project
    po.write_bytes(content(po.read_text(encoding="utf-8").replace("Mieloma", "Mielóma")))
    code, err = import_po(handouts, po, capsys)
    assert code == 1 and message in err, err
    assert "multiple-myeloma.es.po:" in err


def test_missing_and_special_files_are_errors(project, tmp_path, capsys):
    handouts, _ = project
    for path, message in ((tmp_path / "nope.po", "cannot be opened"), (Path("/dev/zero"), "is not a regular file")):
        code, err = import_po(handouts, path, capsys)
        assert code == 1 and message in err, err


def test_export_refuses_a_language_that_is_not_a_tag(project, capsys):
    handouts, _ = project
    with pytest.raises(SystemExit) as exc:
        run("--handouts-dir", handouts, "--export-po", "../../evil")
    assert exc.value.code == 2
