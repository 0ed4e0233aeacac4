"""Copy-fitting (README, "Copy-fitting"), judged through the PDFs of real handouts: each is set
in the largest step of the layout's range that reaches its goal, or saves a page short of it,
and the build says what it did."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The corpus in the letter layout, and each handout's copy-fitting note."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("fitting")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
        run("--handouts-dir", CORPUS, "--layout", "letter", "--out", out)
    notes = {m.group(1): m.group(2) for m in re.finditer(r"corpus/([\w-]+/\w+)\.yaml:1:1: note: (.*)", err.getvalue())}
    return out, notes


def body_size(pdf: Path) -> float:
    """The size most text on the first page is drawn at."""
    sizes = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * tm[3], 2)] += len(text)

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


@pytest.mark.parametrize("handout, pages, size, note", [
    # Over the budget of 4 and out of reach: the largest step that still saves a page.
    ("nhlbi-deep-vein-thrombosis/en", 5, 10,
     "set at 10 pt (line height 1.3) instead of 11 pt to save 1 page (5 instead of 6, still over the "
     "letter layout's budget of 4)"),
    ("nci-lumpectomy-mastectomy/en", 5, 10.5,
     "set at 10.5 pt (line height 1.36) instead of 11 pt to save 1 page (5 instead of 6, still over the "
     "letter layout's budget of 4)"),
    # Over the budget, within reach at the smallest step.
    ("nci-nausea-vomiting/en", 4, 10,
     "set at 10 pt (line height 1.3) instead of 11 pt to fit the letter layout's budget of 4 pages"),
    # Within the budget: left at the layout's own size.
    ("nci-infection-neutropenia/en", 2, 11, None),
])
def test_the_largest_step_that_reaches_the_goal_or_saves_a_page(letter, handout, pages, size, note):
    out, notes = letter
    pdf = out / f"{handout.replace('/', '.')}.letter.pdf"
    assert len(PdfReader(pdf).pages) == pages
    assert body_size(pdf) == size
    assert notes.get(handout) == note
