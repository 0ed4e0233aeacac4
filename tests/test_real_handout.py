"""The multiple-myeloma handout as a patient receives it: text, pages, metadata, fonts."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from handoutgen.checks.readback import region_text, normalise, verify_pdf
from handoutgen.content.model import Checklist, block_items


@pytest.fixture(scope="module")
def reader(real_pdf):
    return PdfReader(real_pdf)


def test_every_piece_of_content_is_in_the_pdf_in_order(reader, real_expected, letter):
    assert verify_pdf(reader, real_expected, letter.reading_regions(len(reader.pages))) == []
    texts = [i.text.plain for i in real_expected]
    assert "Call 911 or go to the emergency room now if you have:" in texts  # placeholder filled
    assert texts[-6:-1] == ["Contact us", "Clinic: " + "_" * 24, "Phone: " + "_" * 24,
                            "After hours: " + "_" * 24, "Emergency: 911"]


def test_section_headings_appear_in_order(reader, real_handout, letter):
    text = normalise("".join(region_text(reader, letter.reading_regions(len(reader.pages)))))
    positions = [text.find(normalise(s.heading.text.plain)) for s in real_handout.sections]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_content_covers_the_source_topics(real_handout):
    words = " ".join(i.text.plain for i in real_handout.reading_order()).lower()
    for topic in ("bone marrow", "lymph nodes", "broken bone", "calcium", "kidney", "anemia",
                  "platelets", "infection", "leukemia", "relapse", "questions"):
        assert topic in words, topic
    levels = {b.level for s in real_handout.sections for b in s.blocks if isinstance(b, Checklist)}
    assert levels == {"urgent", "emergency"}


def test_page_count_within_the_layout_budget(reader, letter):
    assert 2 <= len(reader.pages) <= letter.budget
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_metadata_title_language_subject_creator(reader, real_handout):
    meta = reader.metadata
    assert meta.title == real_handout.title.text.plain
    assert meta.subject == real_handout.summary.text.plain
    assert meta.creator.startswith("handouts ") and "letter" in meta.creator
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/PageMode"] == "/UseOutlines"


def test_one_bookmark_per_section_pointing_at_its_heading(reader, real_handout, letter):
    outline = reader.outline
    assert [o.title for o in outline] == [s.heading.text.plain for s in real_handout.sections]
    pages = [normalise(t) for t in region_text(reader, letter.reading_regions(len(reader.pages)))]
    for entry, section in zip(outline, real_handout.sections):
        page = reader.get_destination_page_number(entry)
        assert normalise(section.heading.text.plain) in pages[page], section.id


def test_running_header_and_footer_on_every_page(reader, real_handout):
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {total}" in text
        assert real_handout.title.text.plain in text
        assert "Review by November 24, 2027" in text
        assert f"multiple-myeloma · en · version {real_handout.version}" in text


def test_fonts_are_embedded_subsets(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{name} is not a subset"
        descendant = font.get("/DescendantFonts")
        descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_heading_never_ends_a_page(reader, real_handout, letter):
    """The first words after each heading are on the same page as the heading."""
    pages = [normalise(t) for t in region_text(reader, letter.reading_regions(len(reader.pages)))]
    for section in real_handout.sections:
        heading = normalise(section.heading.text.plain)
        first = next(i for b in section.blocks for i in block_items(b))
        start = normalise(first.text.plain)[:12]
        page = next(n for n, t in enumerate(pages) if heading in t)
        after = pages[page][pages[page].index(heading) + len(heading):]
        assert after.lstrip("\u20220123456789.").startswith(start), section.id  # after any list marker


def test_checklists_are_whole_on_one_page_with_drawn_tick_boxes(reader, real_filled, letter):
    pages = [normalise(t) for t in region_text(reader, letter.reading_regions(len(reader.pages)))]
    checklists = [b for s in real_filled.sections for b in s.blocks if isinstance(b, Checklist)]
    boxes = 0
    for checklist in checklists:
        run = normalise("".join(i.text.plain for i in (checklist.title, *checklist.items)))
        assert any(run in page for page in pages), checklist.id  # title and items unbroken
        boxes += len(checklist.items)
    # The boxes are drawn squares of the layout's size, never characters in the text.
    drawn = 0
    for page in reader.pages:
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"re" and abs(float(operands[2]) - letter.tick_box) < 0.01 \
                    and abs(float(operands[3]) - letter.tick_box) < 0.01:
                drawn += 1
    assert drawn == boxes
    all_text = "".join(p.extract_text() for p in reader.pages)
    assert not set(all_text) & set("\u2610\u2611\u2612\u25a1\u25a2\u25fb")
