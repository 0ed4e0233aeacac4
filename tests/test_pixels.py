"""The printed page as pixels: the first page of a handout per script and layout, rendered with
PDFium (pypdfium2) and compared with a reference PNG in tests/pixels/.

Text checks cannot see a right-to-left run drawn in the wrong place or a vowel sign on the
wrong consonant when the characters still read back in order; the page image does. Rendering
is at 40 dpi in grey: enough to move thousands of pixels when a word moves, small enough to
keep in the repository. Pixels may differ a little (anti-aliasing where a PDFium release
rounds differently): a page fails when more than 0.5 % of its pixels differ by more than a
quarter of the grey scale. On failure the actual page and a difference image (changed pixels
in red over the reference) are written next to the reference as <name>.actual.png and
<name>.diff.png (ignored by git) for a look.

After a change that is meant to alter the pages, look at the diff images, then write new
references with one command:

    make pixels        (HANDOUTS_UPDATE_PIXELS=1 .venv/bin/python -m pytest tests/test_pixels.py)
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops

from conftest import ROOT, run

PIXELS = Path(__file__).parent / "pixels"
DPI = 40
CHANGED = 64  # a pixel differs when its grey level moves by more than this (of 255)
SHARE = 0.005  # share of pixels that may differ
UPDATE = os.environ.get("HANDOUTS_UPDATE_PIXELS") == "1"

SCRIPTS = {"latin": ("multiple-myeloma", "en"), "arabic": ("multiple-myeloma", "ar"),
           "hebrew": ("sample", "he"), "devanagari": ("multiple-myeloma", "hi"),
           "cjk": ("multiple-myeloma", "zh-Hans"),
           # the script sample's first page has a right-to-left table (and a checklist)
           "arabic-sample": ("script-sample", "ar")}
LAYOUTS = ("letter", "large-print", "trifold")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pixels")
    langs = ",".join(lang for handout, lang in SCRIPTS.values() if handout == "multiple-myeloma")
    for layout in LAYOUTS:
        assert run("multiple-myeloma", "--lang", langs, "--layout", layout, "--out", out) == 0
        assert run("--handouts-dir", ROOT / "tests" / "samples", "--layout", layout, "--out", out) == 0
        assert run("--handouts-dir", ROOT / "tests" / "languages", "--lang", "ar", "--layout", layout,
                   "--out", out, "script-sample") == 0
    return out


def first_page(pdf: Path) -> Image.Image:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return doc[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def assert_pixels(actual: Image.Image, name: str) -> None:
    """Compare with tests/pixels/<name>.png (see the module notes)."""
    reference_path = PIXELS / f"{name}.png"
    if UPDATE:
        PIXELS.mkdir(exist_ok=True)
        actual.save(reference_path, optimize=True)
        return
    assert reference_path.exists(), f"no reference {reference_path}: run 'make pixels' and look at it"
    reference = Image.open(reference_path).convert("L")
    problem = None
    if reference.size != actual.size:
        problem = f"size {actual.size} instead of {reference.size}"
    else:
        changed = ImageChops.difference(reference, actual).point(lambda v: 255 if v > CHANGED else 0)
        count = changed.histogram()[255]
        if count > SHARE * actual.width * actual.height:
            problem = f"{count} pixels changed ({100 * count / (actual.width * actual.height):.2f} %)"
            diff = Image.merge("RGB", [reference.point(lambda v: v // 2 + 128)] * 3)
            diff.paste((220, 0, 0), mask=changed)
            diff.save(PIXELS / f"{name}.diff.png")
    if problem:
        actual.save(PIXELS / f"{name}.actual.png")
        pytest.fail(f"{name}: {problem}; see tests/pixels/{name}.actual.png and .diff.png; "
                    "if the change is meant, run 'make pixels'")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("script", SCRIPTS)
def test_first_page_looks_as_it_did(pdfs, script, layout):
    handout, lang = SCRIPTS[script]
    assert_pixels(first_page(pdfs / f"{handout}.{lang}.{layout}.pdf"), f"{script}-{layout}")


def test_a_page_that_changed_fails_and_leaves_pictures(tmp_path, monkeypatch):
    """The comparison itself: a moved block of text fails, and the pictures are written."""
    monkeypatch.setitem(globals(), "PIXELS", tmp_path)
    monkeypatch.setitem(globals(), "UPDATE", False)
    page = Image.new("L", (200, 200), 255)
    page.paste(0, (20, 20, 120, 60))
    page.save(tmp_path / "case.png")
    assert_pixels(page, "case")  # the same page passes
    moved = Image.new("L", (200, 200), 255)
    moved.paste(0, (80, 20, 180, 60))
    with pytest.raises(pytest.fail.Exception, match="pixels changed"):
        assert_pixels(moved, "case")
    assert (tmp_path / "case.actual.png").exists() and (tmp_path / "case.diff.png").exists()
