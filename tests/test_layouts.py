"""Every shipped layout, with the real handout: paper, page budget, content, printer margins."""

from __future__ import annotations

from collections import Counter

import pytest
from pypdf import PdfReader

from conftest import ROOT, run
from handoutgen.printed import as_printed, expected_items
from handoutgen.checks.readback import verify_pdf
from handoutgen.layout.parse import parse_layout

LAYOUTS = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
PAPER = {"letter": (612, 792), "a4": (595.28, 841.89), "large-print": (612, 792), "trifold": (792, 612),
         "phone": (281.25, 609)}
SAFE = 18  # printers cannot print the outer 0.25 in


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    assert run("multiple-myeloma", "--lang", "en", "--layout", "all", "--out", out) == 0
    return out


def fragments(reader):
    """(page, x, y, font size, text) of every piece of text drawn."""
    found = []
    for number, page in enumerate(reader.pages):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[3] * cm[3]) or 1  # the size as printed, after any scaling of a drawing
                found.append((number, x, y, font_size * scale, text))
        page.extract_text(visitor_text=visit)
    return found


def test_every_layout_ships():
    assert set(PAPER) <= set(LAYOUTS)


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_paper_budget_and_content(name, built, real_handout, default_clinic):
    layout = parse_layout(str(ROOT / "layouts" / f"{name}.yaml"))
    expected = expected_items(as_printed(real_handout, layout, default_clinic), default_clinic)
    reader = PdfReader(built / f"multiple-myeloma.en.{name}.pdf")
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(PAPER[name], abs=0.01)
    assert len(reader.pages) <= layout.budget
    assert verify_pdf(reader, expected, layout.reading_regions(len(reader.pages))) == []


@pytest.mark.parametrize("name", LAYOUTS)
def test_nothing_printed_in_the_outer_quarter_inch(name, built):
    reader = PdfReader(built / f"multiple-myeloma.en.{name}.pdf")
    width, height = PAPER[name]
    for page, x, y, size, text in fragments(reader):
        assert x >= SAFE and y - 0.3 * size >= SAFE and y + size <= height - SAFE, (page, text)
        assert x <= width - SAFE, (page, text)


def test_large_print_text_is_16pt_or_more(built):
    layout = parse_layout(str(ROOT / "layouts" / "large-print.yaml"))
    body = layout.body
    sizes = Counter()
    for _, x, y, size, text in fragments(PdfReader(built / "multiple-myeloma.en.large-print.pdf")):
        if body.y0 - 2 <= y <= body.y1 + 2:  # the running header and footer may be smaller
            sizes[round(size, 1)] += len(text)
    assert min(sizes) >= 16, sizes
    assert sizes.most_common(1)[0][0] == 16  # body text
    assert max(sizes) >= 1.5 * 16  # title and headings larger


def test_large_print_ticks_are_bigger_and_emergency_is_not_reversed():
    letter = parse_layout(str(ROOT / "layouts" / "letter.yaml"))
    large = parse_layout(str(ROOT / "layouts" / "large-print.yaml"))
    assert large.tick_box > letter.tick_box
    assert letter.emergency_band and not large.emergency_band


def test_a4_inherits_the_letter_design():
    letter = parse_layout(str(ROOT / "layouts" / "letter.yaml"))
    a4 = parse_layout(str(ROOT / "layouts" / "a4.yaml"))
    assert (a4.colours, a4.base_size, a4.scale, a4.header, a4.footer) == \
           (letter.colours, letter.base_size, letter.scale, letter.header, letter.footer)
    assert a4.page_size != letter.page_size
