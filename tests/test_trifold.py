"""The trifold leaflet: folds right when printed double-sided (flip on short edge), panels in
the order a reader opens them, and content that does not fit is an error, never a third page."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, REAL, ROOT, run, unfitted_layouts, write_handout
from handoutgen.layout.model import TRIFOLD_FLOW
from handoutgen.layout.parse import parse_layout

TRIFOLD = ROOT / "layouts" / "trifold.yaml"


@pytest.fixture(scope="module")
def layout():
    return parse_layout(str(TRIFOLD))


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    out = tmp_path_factory.mktemp("trifold")
    assert run("multiple-myeloma", "--lang", "en", "--layout", "trifold", "--out", out) == 0
    return PdfReader(out / "multiple-myeloma.en.trifold.pdf")


def where(reader, layout, needle):
    """The panel whose text box holds the start of ``needle``."""
    for page_index, page in enumerate(reader.pages):
        hits = []

        def visit(text, cm, tm, font_dict, font_size):
            if needle in text:
                hits.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        for x, y in hits:
            for name, (p, box) in layout.panels.items():
                if p == page_index and box.x0 - 2 <= x <= box.x1 and box.y0 - 2 <= y <= box.y1 + 2:
                    return name
    return None


def test_two_landscape_sides(reader):
    assert len(reader.pages) == 2
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == (792, 612) for p in reader.pages)


def test_fold_geometry_mirrors_for_a_short_edge_flip(layout):
    """Each outside panel backs the inside panel at the mirrored position; the fold-in panel is
    1/16 in narrower so the leaflet closes flat."""
    width = layout.page_size[0]
    m = layout.margins
    for outside, inside in (("flap", "c"), ("back", "b"), ("cover", "a")):
        o, i = layout.panels[outside][1], layout.panels[inside][1]
        assert (o.x0 - m["left"]) == pytest.approx(width - (i.x1 + m["right"]))
    assert layout.panels["flap"][1].width == pytest.approx(layout.panels["cover"][1].width - 4.5)


def test_panels_in_reading_order(reader, layout):
    assert where(reader, layout, "Multiple myeloma:") == "cover"
    assert where(reader, layout, "What is multiple myeloma?") == "a"  # first panel inside
    assert where(reader, layout, "When to get help") == "c"  # the last panel opened
    assert where(reader, layout, "Contact us") == "back"
    assert where(reader, layout, "Review by") == "back"
    order = [where(reader, layout, s) for s in (
        "What is multiple myeloma?", "How myeloma spreads", "Weak and broken bones",
        "Too much calcium", "Low blood counts", "What to expect", "When to get help")]
    assert [TRIFOLD_FLOW.index(p) for p in order] == sorted(TRIFOLD_FLOW.index(p) for p in order)
    assert set(order) == set(TRIFOLD_FLOW)  # every inside and flap panel is used


def test_sections_marked_leaflet_false_are_left_out(reader):
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Questions to ask your care team" not in text
    assert "Problems myeloma can cause" not in text
    assert "Weak and broken bones" in text


def test_no_page_header_or_footer_crosses_the_folds(reader):
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Page 1 of" not in text


def test_content_too_long_is_an_error_with_how_much_is_over(tmp_path, capsys):
    full = REAL.read_text().replace("    leaflet: false", "    leaflet: true")
    write_handout(tmp_path / "h", "multiple-myeloma", "en", full)
    assert run("--handouts-dir", tmp_path / "h", "--layouts-dir", unfitted_layouts(tmp_path / "layouts"),
               "--layout", "trifold", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    # At the first part that does not fit: the last section, whose heading keeps with its checklist.
    line = full[:full.index('heading: "When to get help"')].count("\n") + 1
    assert f"multiple-myeloma/en.yaml:{line}:14: multiple-myeloma (en) does not fit the two sides of the trifold " \
           "layout: about" in err
    assert "% of a panel) too long" in err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_short_handout_leaves_later_panels_empty(tmp_path):
    write_handout(tmp_path / "h", "tiny", "en", MINIMAL.format(id="tiny", lang="en"))
    assert run("--handouts-dir", tmp_path / "h", "--layout", "trifold", "--out", tmp_path / "out") == 0
    assert len(PdfReader(tmp_path / "out" / "tiny.en.trifold.pdf").pages) == 2
