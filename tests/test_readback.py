"""The read-back check itself: it must fail when text is missing or out of order."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run
from handoutgen.checks.readback import fast_fragments, find_missing, page_fragments, region_text, verify_pdf
from handoutgen.content.inline import RichText
from handoutgen.content.model import Item
from handoutgen.diagnostics import Location


def test_find_missing_in_order():
    assert find_missing("alpha beta gamma", ["alpha", "gamma"]) == []
    assert find_missing("alpha beta gamma", ["gamma", "alpha"]) == [1]  # out of order
    assert find_missing("alpha beta", ["alpha", "delta", "beta"]) == [1]  # a miss does not stop the search


def test_find_missing_ignores_line_breaks_and_hyphen_wraps():
    extracted = "Call your care team the same-\nday if you have\nnew  pain"
    assert find_missing(extracted, ["the same-day if you have new pain"]) == []


def test_a_soft_hyphen_matches_the_hyphen_printed_where_a_line_breaks_at_it():
    assert find_missing("compli-\ncations and more", ["compli\u00adcations"]) == []
    assert find_missing("complications", ["compli\u00adcations"]) == []
    assert find_missing("compli-cations", ["complications"]) == [0]  # a real hyphen is not ignored


def test_verify_reports_text_missing_from_the_pdf(real_pdf, real_expected, letter):
    extra = Item(RichText.parse("A sentence never printed."), Location("en.yaml", 99, 9))
    expected = [*real_expected[:10], extra, *real_expected[10:]]
    problems = verify_pdf(real_pdf.read_bytes(), expected, letter.reading_regions(4))
    assert [str(p) for p in problems] == ["en.yaml:99:9: not found in the PDF, or out of order: "
                                          "'A sentence never printed.'"]


def test_verify_reports_content_out_of_order(real_pdf, real_expected, letter):
    swapped = [real_expected[5], *real_expected[:5], *real_expected[6:]]
    assert verify_pdf(real_pdf.read_bytes(), swapped, letter.reading_regions(4))


def test_running_header_and_footer_are_not_body_text(real_pdf, real_handout, letter):
    pages = region_text(real_pdf.read_bytes(), letter.reading_regions(4))
    assert all("Page " not in page and "Review by" not in page for page in pages)


@pytest.fixture(scope="module")
def every_pdf(tmp_path_factory) -> list[Path]:
    """Every shipped language in every layout, and the Hebrew sample: what the build reads back."""
    out = tmp_path_factory.mktemp("every")
    run("--layout", "all", "--jobs", "2", "--out", out / "shipped")  # three trifolds fail on length
    assert run("--layout", "all", "--handouts-dir", ROOT / "tests" / "samples", "--out", out / "sample") == 0
    pdfs = sorted(out.glob("*/*.pdf"))
    layouts = {p.stem for p in (ROOT / "layouts").glob("*.yaml")}
    assert {p.name.split(".")[2] for p in pdfs} == layouts and len(pdfs) >= 28
    return pdfs


def test_the_builds_read_back_is_pypdfs_own_extraction(every_pdf):
    """qpdf tokenises, pypdf's extractor reads: the same text, position and structure element
    for every piece of text on every page as pypdf's plain extract_text gives by itself."""
    for pdf in every_pdf:
        data = pdf.read_bytes()
        plain = {i: page_fragments(page) for i, page in enumerate(PdfReader(io.BytesIO(data)).pages)}
        assert fast_fragments(data) == plain, pdf.name
        last = len(plain) - 1
        assert fast_fragments(data, [last, 99]) == {last: plain[last], 99: []}


def test_a_page_drawing_a_form_xobject_is_read_by_pypdf_itself():
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.beginForm("stamp")
    canvas.drawString(100, 500, "Inside a form")
    canvas.endForm()
    canvas.drawString(100, 700, "Before the form")
    canvas.doForm("stamp")
    canvas.drawString(100, 300, "After the form")
    canvas.save()
    data = buffer.getvalue()
    plain = {0: page_fragments(PdfReader(io.BytesIO(data)).pages[0])}
    assert "Inside a form" in "".join(f.text for f in plain[0])
    assert fast_fragments(data) == plain
