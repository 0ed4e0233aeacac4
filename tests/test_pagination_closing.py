"""The contact box and sources stay on the last page of content, set tighter, before they take a
page of their own (README, "Page breaking", rule 7). Judged from the PDF: where the box's title
and the sources are drawn, at what size, on which page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run, write_handout

# What the contact box and the sources look like, least changed first: the order in which the
# renderer tries them as less and less room is left above the page's foot.
STAGES = ("as set", "closer", "sources smaller", "side by side", "moved on")
SOURCES = ("Centers for Disease Control and Prevention. Preventing Infections in Cancer Patients: "
           "signs and symptoms of an infection. https://www.cdc.gov/cancer-preventing-infections/",
           "National Cancer Institute. Infection and Neutropenia during Cancer Treatment. "
           "https://www.cancer.gov/about-cancer/treatment/side-effects/infection",
           "National Heart, Lung, and Blood Institute. Deep Vein Thrombosis.")


@dataclass
class Run:
    """One piece of text as drawn: page, position of its baseline's start, size."""
    page: int
    x: float
    y: float
    size: float
    text: str


def runs(pdf: Path) -> list[Run]:
    found: list[Run] = []
    for number, page in enumerate(PdfReader(pdf).pages):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                found.append(Run(number, tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                                 font_size * abs(tm[3] * cm[3] or 1), text.strip()))
        page.extract_text(visitor_text=visit)
    return found


def square(folder: Path) -> None:
    (folder / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
        '<rect x="2" y="2" width="96" height="96" fill="none" stroke="#000" stroke-width="4"/></svg>',
        encoding="utf-8")


def handout(width: float) -> str:
    """A page of text whose last block, a square picture ``width`` of the column wide, leaves
    less room under it the wider it is."""
    sources = "".join(f'  - "{s}"\n' for s in SOURCES)
    return f"""\
handout: sweep-{round(width * 1000):04d}
language: en
title: "Signs of an infection"
summary: "Call your care team right away if you have a fever of 100.4 F or higher."
reviewed: 2026-01-01
review_by: 2030-01-01
sources:
{sources}sections:
  - id: only
    heading: "What to look for"
    blocks:
      - paragraph: "During chemotherapy you may have fewer white blood cells. An infection can then start with little warning."
      - image: {{file: square.svg, alt: "An empty square", width: {width}}}
"""


@dataclass
class Closing:
    stage: str
    sources_size: float | None = None
    gap: float | None = None  # from the contact box's last line down to the sources' heading


def closing_of(pdf: Path, base: float) -> Closing:
    """How the contact box and sources were set; a stacked one is "as set" until told closer."""
    drawn = runs(pdf)
    title = next(r for r in drawn if r.text.startswith("Contact us"))
    heading = next(r for r in drawn if r.text == "Sources")
    body = next(r for r in drawn if r.text.startswith("During chemotherapy"))
    if title.page > body.page or body.size < base:  # on a page of its own, or the whole page set smaller
        return Closing("moved on")
    assert heading.page == title.page  # together
    size = min(r.size for r in drawn if r.page == heading.page and r.y < heading.y and r.text in " ".join(SOURCES))
    if heading.x > title.x + 100 and abs(heading.y - title.y) < base * 2:
        return Closing("side by side", size)
    if size < base * 0.8 - 0.01:
        return Closing("sources smaller", size)
    contact = [r.y for r in drawn if r.page == title.page and heading.y < r.y <= title.y]
    return Closing("as set", size, min(contact) - heading.y)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """Letter pages whose picture grows in 2-point steps, so the room under it shrinks."""
    folder = tmp_path_factory.mktemp("sweep")
    widths = [round(0.60 + n * 0.004, 3) for n in range(76)]
    for width in widths:
        path = write_handout(folder / "h", f"sweep-{round(width * 1000):04d}", "en", handout(width))
        square(path.parent)
    assert run("--handouts-dir", folder / "h", "--layout", "letter", "--out", folder / "out") == 0
    found = {width: closing_of(folder / "out" / f"sweep-{round(width * 1000):04d}.en.letter.pdf", 11.0)
             for width in widths}
    widest = max(c.gap for c in found.values() if c.gap is not None)
    for closing in found.values():
        if closing.gap is not None and closing.gap < widest - 3:
            closing.stage = "closer"
    return found


def test_the_contact_box_and_sources_are_set_tighter_in_order_before_they_move_on(sweep):
    stages = [closing.stage for closing in sweep.values()]
    # Each arrangement is used, in order, as the room left on the page shrinks.
    assert sorted(set(stages), key=STAGES.index) == list(STAGES)
    assert stages == sorted(stages, key=STAGES.index)


def test_sources_are_set_smaller_only_down_to_the_layouts_own_floor(sweep):
    """The letter layout may set its type down to 10 pt (type.fit), its sources (0.8 of the
    base size) to 8 pt: never smaller, and smaller only as far as needed."""
    sizes = [c.sources_size for c in sweep.values() if c.stage == "sources smaller"]
    assert sizes and min(sizes) >= 8.0 - 0.01
    assert sizes == sorted(sizes, reverse=True)
    assert len(set(sizes)) > 1  # half-point steps: the largest that fits


def test_the_shipped_letter_keeps_its_contact_box_on_its_last_page_at_its_own_size(tmp_path):
    """The English handout's content ends low on its fourth page: the contact box and sources
    stay there, set tighter, and the handout is not set smaller to save a fifth page."""
    assert run("multiple-myeloma", "--lang", "en", "--layout", "letter", "--out", tmp_path) == 0
    pdf = tmp_path / "multiple-myeloma.en.letter.pdf"
    drawn = runs(pdf)
    assert len(PdfReader(pdf).pages) == 4
    title = next(r for r in drawn if r.text.startswith("Contact us"))
    body = [r for r in drawn if r.text.startswith(("Bone marrow is the soft tissue", "Who do I call at night"))]
    assert [(r.page, round(r.size, 2)) for r in body] == [(0, 11.0), (3, 11.0)]  # not set smaller
    assert title.page == 3 and title.y < body[-1].y  # after the content, on its page


def test_side_by_side_the_contact_box_stands_where_lines_start_right_to_left(tmp_path):
    """In Arabic the contact box stands on the right of the sources, and is read first."""
    from test_geometry import read
    text = handout(0.70).replace("language: en", "language: ar").replace(
        "Signs of an infection", "علامات العدوى").replace("What to look for", "ما الذي يجب مراقبته")
    path = write_handout(tmp_path / "h", "sweep-0700", "ar", text)
    square(path.parent)
    assert run("--handouts-dir", tmp_path / "h", "--layout", "letter", "--out", tmp_path / "out") == 0
    r = read(tmp_path / "out" / "sweep-0700.ar.letter.pdf", path, "letter")
    roles = list(r.root.walk())
    contact = [e for e in roles if e.role == "Div"][-1]
    heading = [e for e in roles if e.role == "H2"][-1]  # the sources' heading
    assert roles.index(contact) < roles.index(heading)  # read first
    (page, _, top), = {max(contact.all_spots(), key=lambda s: s[2])}
    assert {p for p, _, _ in (*contact.all_spots(), *heading.all_spots())} == {page} == {0}
    assert min(x for _, x, _ in contact.all_spots()) > max(x for _, x, _ in heading.all_spots())
    assert abs(top - heading.spots[0][2]) < 2 * 11
