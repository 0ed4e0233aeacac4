"""A table row taller than a page splits inside its last cell, the column headings repeated
above the rest (README, "Page breaking", rule 5), judged from the PDF: where each cell's text
is drawn, and the structure tree a screen reader follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run, write_handout
from handoutgen.checks.readback import page_fragments
from test_geometry import read, squash as _squash

LUMPECTOMY = ROOT / "tests" / "corpus" / "nci-lumpectomy-mastectomy" / "en.yaml"
QUESTION = "What will my breast look like after breast cancer surgery?"


def squash(text: str) -> str:
    """Text without whitespace or the soft hyphens of words broken in a narrow column."""
    return _squash(text).replace("\u00ad", "")


@pytest.fixture(scope="module")
def phone(tmp_path_factory) -> Path:
    """NCI's lumpectomy text on phone pages: one answer in its comparison tables is longer than
    a page."""
    out = tmp_path_factory.mktemp("phone")
    assert run("--handouts-dir", LUMPECTOMY.parents[1], "--layout", "phone", "--out", out,
               "nci-lumpectomy-mastectomy") == 0  # it builds, and reads back in order
    return out / "nci-lumpectomy-mastectomy.en.phone.pdf"


def test_a_row_taller_than_a_page_continues_in_its_cell_under_the_repeated_headings(phone):
    r = read(phone, LUMPECTOMY, "phone")
    table = next(e for e in r.root.walk() if e.role == "Table" and squash(QUESTION) in squash(e.all_text()))
    rows = [c for c in table.children if c.role == "TR"]
    assert [squash(c.all_text()) for c in rows[0].children] == [squash("Lumpectomy vs. Mastectomy"), squash(QUESTION)]
    assert len(rows) == 4  # the headings once (repeated ones are artifacts), then three rows
    label, answer = rows[3].children
    assert [c.role for c in rows[3].children] == ["TD", "TD"]
    assert squash(label.all_text()) == squash("Mastectomy with reconstruction")
    assert squash(answer.all_text()).startswith(squash("If you have a skin- or nipple-sparing mastectomy"))
    assert squash(answer.all_text()).endswith(squash("to make the new breast-like shape."))
    pages = sorted({p for p, _, _ in answer.all_spots()})
    assert len(pages) == 2 and pages[1] == pages[0] + 1  # one cell, continued on the next page
    assert {p for p, _, _ in label.all_spots()} == {pages[0]}  # the row's first cell is whole
    # On the next page the headings stand above the rest of the cell.
    drawn = page_fragments(PdfReader(phone).pages[pages[1]])
    heading = max(f.y for f in drawn if f.text.strip() and f.text.strip() in QUESTION)
    rest = max(y for p, _, y in answer.all_spots() if p == pages[1])
    assert heading > rest


def test_the_rest_of_a_split_cell_is_read_before_the_repeated_headings(phone):
    """Text extracted in drawing order (copy and paste, search, the read-back check) reads the
    cell without the headings in the middle of it."""
    text = squash("".join(page.extract_text() for page in PdfReader(phone).pages))
    answer = squash("surgeon removed the muscle, fat, and skin to make the new breast-like shape.")
    assert answer in text


def test_only_a_rows_last_cell_may_continue_and_only_on_one_more_page(tmp_path, capsys):
    """The cells of a row are read one after the other, so only the last may continue on the
    next page, and only on one more (the headings repeated on a page between would be read in
    the middle of its text): a last cell of a page and a half builds; a row whose other cells
    cannot stand on a page, or whose last cell needs three pages, is an error at the table."""
    sentence = "Lumpectomy or other breast-conserving surgery."
    rows = {"last": f'["Surgery", "{" ".join([sentence] * 20)}"]',
            "first": f'["{" ".join([sentence] * 40)}", "Two weeks."]',
            "three": f'["Surgery", "{" ".join([sentence] * 45)}"]'}
    for name, row in rows.items():
        text = (f"handout: {name}\nlanguage: en\ntitle: \"Surgery\"\nreviewed: 2026-01-01\n"
                "review_by: 2030-01-01\nsections:\n  - id: only\n    heading: \"Recovery\"\n    blocks:\n"
                '      - table:\n          columns: ["Surgery", "Recovery"]\n'
                f"          rows:\n            - {row}\n")
        write_handout(tmp_path / "h", name, "en", text)
    assert run("--handouts-dir", tmp_path / "h", "--layout", "phone", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert len(PdfReader(tmp_path / "out" / "last.en.phone.pdf").pages) >= 2
    assert "first/en.yaml:11:21: a table row with the table's column headings is too long to fit on one page" in err, err
    assert "three/en.yaml:11:21: a table row is too long to fit on two pages; split its text over two rows" in err, err
