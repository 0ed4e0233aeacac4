"""The read-back check itself: it must fail when text is missing or out of order."""

from __future__ import annotations

import dataclasses

from handoutgen.checks.readback import body_text, find_missing, verify_pdf
from handoutgen.content.inline import RichText
from handoutgen.content.model import Paragraph
from handoutgen.diagnostics import Location


def test_find_missing_in_order():
    assert find_missing("alpha beta gamma", ["alpha", "gamma"]) == []
    assert find_missing("alpha beta gamma", ["gamma", "alpha"]) == [1]  # out of order
    assert find_missing("alpha beta", ["alpha", "delta", "beta"]) == [1]  # a miss does not stop the search


def test_find_missing_ignores_line_breaks_and_hyphen_wraps():
    extracted = "Call your care team the same-\nday if you have\nnew  pain"
    assert find_missing(extracted, ["the same-day if you have new pain"]) == []


def test_verify_reports_text_missing_from_the_pdf(real_pdf, real_handout, letter):
    extra = Paragraph(dataclasses.replace(real_handout.title, text=RichText.parse("A sentence never printed."),
                                          location=Location("en.yaml", 99, 9)))
    section = real_handout.sections[0]
    changed = dataclasses.replace(real_handout, sections=(
        dataclasses.replace(section, blocks=(*section.blocks, extra)), *real_handout.sections[1:]))
    problems = verify_pdf(real_pdf.read_bytes(), changed, letter.body)
    assert [str(p) for p in problems] == ["en.yaml:99:9: not found in the PDF, or out of order: "
                                          "'A sentence never printed.'"]


def test_verify_reports_sections_out_of_order(real_pdf, real_handout, letter):
    swapped = dataclasses.replace(real_handout, sections=(
        real_handout.sections[1], real_handout.sections[0], *real_handout.sections[2:]))
    assert verify_pdf(real_pdf.read_bytes(), swapped, letter.body)


def test_running_header_and_footer_are_not_body_text(real_pdf, real_handout, letter):
    pages = body_text(real_pdf.read_bytes(), letter.body)
    assert all("Page " not in page and "Review by" not in page for page in pages)
