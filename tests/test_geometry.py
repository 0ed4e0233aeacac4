"""Page geometry of real handouts, judged from the PDF a reader gets.

Builds the corpus of real federal patient texts (tests/corpus/) and the shipped handout, every
language, in every layout, through the command line, then reads each PDF back: where each
structure element's text lies (its marked content, by page and position) and what the running
footer says. The page-breaking policy these tests hold is written in README.md, "Page breaking".
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import ROOT, run
from handoutgen.checks.readback import page_fragments
from handoutgen.clinic import parse_clinic
from handoutgen.content import model as m
from handoutgen.content.parse import parse_handout
from handoutgen.labels import labels_for
from handoutgen.layout.model import Box
from handoutgen.layout.parse import parse_layout
from handoutgen.printed import as_printed, printed_layout
from handoutgen.render.pagination import EMPTY
from handoutgen.render.running import SEPARATOR, running_text

CORPUS = ROOT / "tests" / "corpus"
SHIPPED = ROOT / "handouts"
LAYOUTS = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
SOURCES = sorted([*CORPUS.glob("*/*.yaml"), *SHIPPED.glob("*/*.yaml")])
CASES = [pytest.param(src, name, id=f"{src.parent.name}.{src.stem}.{name}") for src in SOURCES for name in LAYOUTS]
# No page but the last more empty than this, measured from its last line of text. The renderer
# moves a block on whole only when at most pagination.EMPTY (30 %) of the page is left under
# the block above; the space after that block and the descent of its last line, about a line,
# make that about a third measured from the last line. A block that did not fit is judged from
# the lines as well (whole_block_first), so within a line of the room it needed.
BLANK = 1 / 3
SMALL_TABLE, SMALL_LIST = 6, 8  # rows of a table, items of a checklist kept whole


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("geometry")
    codes = {"corpus": run("--handouts-dir", CORPUS, "--layout", "all", "--out", out / "corpus"),
             "shipped": run("--layout", "all", "--out", out / "shipped")}
    return out, codes


def pdf_of(out: Path, source: Path, layout: str) -> Path:
    folder = "corpus" if source.is_relative_to(CORPUS) else "shipped"
    return out / folder / f"{source.parent.name}.{source.stem}.{layout}.pdf"


@dataclass
class Element:
    role: str
    marks: list[tuple[int, int]]  # (page, MCID)
    children: list["Element"] = field(default_factory=list)
    text: str = ""
    spots: list[tuple[int, float, float]] = field(default_factory=list)  # (page, x, y) of its own text
    alt: str | None = None

    def all_spots(self) -> list[tuple[int, float, float]]:
        return [*self.spots, *(s for c in self.children for s in c.all_spots())]

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Page:
    regions: list[Box]  # where body text flows on this page (one column, or a trifold's panels)
    lines: list[tuple[int, float]] = field(default_factory=list)  # (region, baseline) of body text
    running: str = ""  # the running header and footer


@dataclass
class Reading:
    handout: m.Handout
    layout_name: str
    fold: str
    body_height: float
    base: float
    pages: list[Page]
    root: Element
    regions: dict[int, list[Box]]

    def region(self, page: int, x: float, y: float) -> int | None:
        for n, box in enumerate(self.pages[page].regions):
            if box.x0 - 2 <= x <= box.x1 + 2 and box.y0 - 2 <= y <= box.y1 + 2:
                return n
        return None

    def places(self, element: Element) -> set[tuple[int, int]]:
        """The (page, region) pairs an element's text is drawn in."""
        return {(p, self.region(p, x, y)) for p, x, y in element.all_spots()}


CLINIC = parse_clinic(str(ROOT / "clinic.yaml"))


@cache
def read(pdf: Path, source: Path, layout_name: str) -> Reading:
    handout = parse_handout(str(source))
    layout = printed_layout(handout, parse_layout(str(ROOT / "layouts" / f"{layout_name}.yaml")))
    data = pdf.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    if layout.fold == "trifold":
        regions = {0: [b for _, b in (layout.panels[n] for n in ("flap", "back", "cover"))],
                   1: [b for _, b in (layout.panels[n] for n in ("a", "b", "c"))]}
    else:
        regions = {n: [layout.body] for n in range(len(reader.pages))}
    pages = [Page(regions[n]) for n in range(len(reader.pages))]
    by_mark: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for number, page in enumerate(reader.pages):
        running = []
        for f in page_fragments(page):
            if f.mcid is not None:
                by_mark.setdefault((number, f.mcid), []).append((f.x, f.y, f.text))
            if not f.text.strip():
                continue
            if f.y < layout.body.y0 - 2 or f.y > layout.body.y1 + 2:
                running.append(f.text)
        pages[number].running = "".join(running)
    reading = Reading(handout, layout_name, layout.fold, layout.body.height, layout.base_size, pages,
                      Element("root", []), regions)
    for number, page in enumerate(reader.pages):
        for f in page_fragments(page):
            region = reading.region(number, f.x, f.y)
            if f.text.strip() and region is not None and f.y <= layout.body.y1 + 2:
                pages[number].lines.append((region, round(f.y)))
        pages[number].lines = sorted(set(pages[number].lines))
    doc = pikepdf.open(io.BytesIO(data))
    page_index = {p.objgen: n for n, p in enumerate(doc.pages)}

    def walk(node) -> Element:
        element = Element(str(node.get("/S", "/root"))[1:], [], alt=str(node.Alt) if "/Alt" in node else None)
        kids = node.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (page_index[kid.Pg.objgen], int(kid.MCID))
                element.marks.append(key)
                for x, y, text in by_mark.get(key, []):
                    element.text += text
                    if text.strip():
                        element.spots.append((key[0], x, y))
            elif isinstance(kid, pikepdf.Dictionary):
                element.children.append(walk(kid))
        return element

    reading.root = walk(doc.Root.StructTreeRoot.K)
    return reading


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def reading_of(built, source, layout) -> Reading:
    out, _ = built
    pdf = pdf_of(out, source, layout)
    if not pdf.exists():
        if pdf.name in TOO_LONG:
            pytest.skip("too long for this layout: an error by design")
        pytest.fail(f"{pdf.name} was not built")
    return read(pdf, source, layout)


# --- the checks, each a list of problems (empty when the PDF keeps the policy) -------------

def flow_order(r: Reading) -> list[tuple[int, int]]:
    """The (page, region) pairs body text flows through, in reading order; a leaflet's cover
    and back panel are not part of the flow."""
    return [(1, 0), (0, 0), (1, 1), (1, 2)] if r.fold == "trifold" else [(p, 0) for p in range(len(r.pages))]


def lines_in(r: Reading, page: int, region: int) -> list[float]:
    return [y for reg, y in r.pages[page].lines if reg == region]


def blank_pages(r: Reading) -> list[str]:
    """No page (or leaflet panel) but the last holding text is more than a third empty."""
    order = flow_order(r)
    lowest = [min(lines_in(r, p, reg), default=None) for p, reg in order]
    last = max((i for i, y in enumerate(lowest) if y is not None), default=-1)
    kept = {min(places) for places in warning_sign_places(r).values()}
    problems = []
    for n, ((page, region), y) in enumerate(zip(order[:last], lowest[:last])):
        if order[n + 1] in kept:
            continue  # a section's warning signs moved on to stand together: they come first
        box = r.pages[page].regions[region]
        empty = ((y if y is not None else box.y1) - box.y0) / box.height
        if empty > BLANK and not whole_block_first(r, order[n + 1], empty * box.height):
            if figure_first(r, order[n + 1]):
                problems.append("xfail: a figure that ends its section moved on whole")
                continue
            problems.append(f"page {page + 1}{f' panel {region}' if r.fold == 'trifold' else ''}: {empty:.0%} empty")
    return problems


def figure_first(r: Reading, where: tuple[int, int]) -> bool:
    """Whether the region ``where`` starts with a figure that is the last block of its section
    (README, "Page breaking": one that follows a block that split may still leave a page empty)."""
    top = max(lines_in(r, *where), default=None)
    last = {b.alt.text.plain for s in r.handout.sections for b in s.blocks[-1:] if hasattr(b, "alt")}
    for element in r.root.walk():
        ys = [y for p, x, y in element.all_spots() if (p, r.region(p, x, y)) == where]
        if ys and round(max(ys)) >= top - 1:
            return any(e.role == "Figure" and e.alt in last for e in element.walk())
    return False


def whole_block_first(r: Reading, where: tuple[int, int], room: float) -> bool:
    """Whether the region ``where`` starts with what could not start in ``room``, alone or
    under the heading kept with it: a box kept whole (checklist of up to eight items, callout,
    contact box), or a table whose column headings and the cells of its first row but the last
    are taller than that (a table splits between rows, and a row only in its last cell)."""
    lines = lines_in(r, *where)
    top = start = max(lines, default=None)

    def spots(element: Element) -> list[float]:
        return [y for p, x, y in element.all_spots() if (p, r.region(p, x, y)) == where]

    heading = next((e for e in r.root.walk() if e.role in ("H2", "H3") and spots(e)
                    and round(max(spots(e))) >= top - 1), None)
    if heading:  # the block starts on the first line under it
        start = max((y for y in lines if y < min(spots(heading)) - 1), default=None)
    for element in r.root.walk():
        if element.role not in ("Div", "Table") or start is None:
            continue
        rows = [c for c in element.children if c.role == "TR"]
        first = [*rows[:1], *(rows[1].children[:-1] if len(rows) > 1 else [])] if element.role == "Table" else [element]
        ys = [y for part in first for y in spots(part)]
        if ys and round(max(ys)) >= start - 1:
            items = [li for c in element.children if c.role == "L" for li in c.children]
            # Its height with the space after it: down to the next line of text below it, and
            # its first line's height; within a line of what the renderer measures (BLANK).
            below = [y for y in lines if y < min(ys) - 1]
            bottom = max(below, default=min(ys) - 2 * r.base)
            return len(items) <= SMALL_LIST and top + 2 * r.base - bottom > room
    return False


def small_blocks_split(r: Reading) -> list[str]:
    """Tables of up to six rows, callouts and checklists of up to eight items, and the contact
    box, on one page (one panel)."""
    problems = []
    for element in r.root.walk():
        if element.role == "Table":
            rows = [c for c in element.children if c.role == "TR"]
            if len(rows) - 1 <= SMALL_TABLE and len(r.places(element)) > 1:
                # Allowed only where moving it on whole would have left more of the page empty
                # than the renderer lets a block leave (pagination.EMPTY), measured as it does:
                # from the table's top, about two lines above its first text's baseline (a
                # line's height and the cell's padding).
                page, x, y = max(element.all_spots(), key=lambda s: (-s[0], s[2]))
                box = r.pages[page].regions[r.region(page, x, y)]
                if (y + 2 * r.base - box.y0) / box.height <= EMPTY:
                    problems.append(f"table of {len(rows) - 1} rows split: {element.all_text()[:40]!r}")
        elif element.role == "Div":
            items = [li for c in element.children if c.role == "L" for li in c.children]
            if len(items) <= SMALL_LIST and len(r.places(element)) > 1:
                problems.append(f"box split: {element.all_text()[:40]!r}")
    return problems


def stranded_headings(r: Reading) -> list[str]:
    """Every heading (H2, H3) has at least two lines of what follows below it in its column,
    unless nothing follows in a later column."""
    order = flow_order(r)
    problems = []
    for element in r.root.walk():
        if element.role not in ("H2", "H3") or not element.spots:
            continue
        page, x, y = min(element.spots, key=lambda s: (s[0], s[2]))
        where = (page, r.region(page, x, y))
        if where not in order:
            continue  # a leaflet's back panel: nothing flows on from it
        below = [ly for ly in lines_in(r, *where) if ly < round(y) - 1]
        later = sum(len(lines_in(r, *w)) for w in order[order.index(where) + 1:])
        if len(below) < 2 and later:
            problems.append(f"heading {element.all_text()[:40]!r} has {len(below)} line(s) under it "
                            f"on page {page + 1}")
    return problems


def incomplete_footers(r: Reading) -> list[str]:
    """Every page's running header and footer (the back panel of a leaflet) show the review
    dates, the page number and the version in full, wherever the layout puts them."""
    labels = labels_for(r.handout.language)
    layout = parse_layout(str(ROOT / "layouts" / f"{r.layout_name}.yaml"))
    problems = []
    if r.fold == "trifold":
        back = r.root.all_text()
        for name in ("review", "version"):
            if not shows(back, running_text(name, r.handout, labels, "")):
                problems.append(f"back panel lacks its {name} line")
        return problems
    fields = [f for f in (*layout.header.left, *layout.header.right, *layout.footer.left, *layout.footer.right)
              if f in ("review", "version", "page")]
    for n, page in enumerate(r.pages):
        for name in fields:
            want = running_text(name, r.handout, labels, "", n + 1, len(r.pages))
            if not shows(page.running, want):
                problems.append(f"page {n + 1}'s header and footer lack {want!r}")
    return problems


def shows(drawn: str, field: str) -> bool:
    """Whether ``drawn`` holds every part of a running field whole. A field may wrap between
    its parts ("Reviewed ..." / "Review by ..."). Right-to-left text is extracted in visual
    order, so there each word must be there whole."""
    for part in field.split(SEPARATOR):
        rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in part)
        pieces = [w for w in part.split() if w != "\u00b7"] if rtl else [part]
        if not all(squash(p) in squash(drawn) for p in pieces):
            return False
    return True


def _checklist_divs(r: Reading) -> dict[str, Element]:
    divs = {}
    for element in r.root.walk():
        if element.role == "Div":
            divs.setdefault(squash(element.all_text())[:60], element)
    return divs


def warning_sign_boxes(r: Reading) -> dict[str, list[Element]]:
    """Section id -> the boxes of its urgent and emergency checklists, for sections with two or more."""
    printed = as_printed(r.handout, parse_layout(str(ROOT / "layouts" / f"{r.layout_name}.yaml")), CLINIC)
    divs = [e for e in r.root.walk() if e.role == "Div"]
    boxes = {}
    for section in printed.sections:
        found = []
        for checklist in section.blocks:
            if isinstance(checklist, m.Checklist) and checklist.level in ("urgent", "emergency"):
                title = squash(checklist.title.text.plain)
                found += [d for d in divs if squash(d.all_text()).startswith(title)][:1]
        if len(found) > 1:
            boxes[section.id] = found
    return boxes


def warning_sign_places(r: Reading) -> dict[str, set[tuple[int, int]]]:
    return {sid: set().union(*(r.places(d) for d in found)) for sid, found in warning_sign_boxes(r).items()}


def warning_signs_apart(r: Reading) -> list[str]:
    """A section's urgent and emergency checklists on one page (one panel) when together they
    fit on one."""
    problems = []
    for sid, found in warning_sign_boxes(r).items():
        places = set().union(*(r.places(d) for d in found))
        if len(places) <= 1:
            continue
        # Would they fit on one page? Their text's height, plus a padding allowance per box.
        height = 0.0
        for d in found:
            spans: dict[tuple[int, int], list[float]] = {}
            for p, x, y in d.all_spots():
                spans.setdefault((p, r.region(p, x, y)), []).append(y)
            height += sum(max(ys) - min(ys) for ys in spans.values()) + 5 * r.base * 1.4
        if height <= r.body_height:
            problems.append(f"section {sid!r}: its warning-sign checklists are on {len(places)} pages")
    return problems


CHECKS = {"blank": blank_pages, "small blocks": small_blocks_split, "headings": stranded_headings,
          "footers": incomplete_footers, "warning signs": warning_signs_apart}


# Corpus PDFs that fail by design, with a clear error: the full federal texts are pages too
# long for a leaflet.
TOO_LONG = {f"{h}.en.trifold.pdf" for h in ("nci-lumpectomy-mastectomy", "nci-nausea-vomiting",
                                           "nhlbi-deep-vein-thrombosis", "niddk-type-2-diabetes-risk")}


def test_every_handout_builds_in_every_layout(built):
    out, codes = built
    missing = {pdf_of(out, s, n).name for s in SOURCES for n in LAYOUTS if not pdf_of(out, s, n).exists()}
    assert missing == TOO_LONG
    assert codes["shipped"] == 0  # generate.py --layout all on the repository


@pytest.mark.parametrize("source, layout", CASES)
def test_no_page_but_the_last_more_than_a_third_blank(built, source, layout):
    problems = blank_pages(reading_of(built, source, layout))
    if problems and all(p.startswith("xfail") for p in problems) and \
            (f"{source.parent.name}.{source.stem}", layout) in FIGURE_AFTER_SPLIT:
        pytest.xfail("a figure that ends its section follows a block that split: README, Page breaking")
    assert problems == []


# Where a figure that ends its section follows the whole of a block that split over the page
# before it (README, "Page breaking", what the policy does not do yet). Anywhere else, such a
# figure lets the next section's text go first, and a page it leaves empty fails.
FIGURE_AFTER_SPLIT = {("multiple-myeloma.es", "large-print"), ("multiple-myeloma.ru", "large-print")}


@pytest.mark.parametrize("source, layout", CASES)
def test_small_tables_and_boxes_stay_whole(built, source, layout):
    assert small_blocks_split(reading_of(built, source, layout)) == []


@pytest.mark.parametrize("source, layout", CASES)
def test_no_heading_last_on_a_page(built, source, layout):
    assert stranded_headings(reading_of(built, source, layout)) == []


@pytest.mark.parametrize("source, layout", CASES)
def test_footers_complete_on_every_page(built, source, layout):
    assert incomplete_footers(reading_of(built, source, layout)) == []


@pytest.mark.parametrize("source, layout", CASES)
def test_warning_sign_checklists_of_a_section_stand_together(built, source, layout):
    assert warning_signs_apart(reading_of(built, source, layout)) == []


PHONE_SCREEN = 375  # CSS pixels: the width of the most common phones' viewport


def _phone(built, source):
    r = reading_of(built, source, "phone")
    return r, pdf_of(built[0], source, "phone")


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: f"{s.parent.name}.{s.stem}")
def test_phone_body_text_is_12pt_at_100_percent_on_a_phone(built, source):
    r, pdf = _phone(built, source)
    reader = PdfReader(pdf)
    for page in reader.pages:  # PDF viewers show 1 pt as 96/72 CSS pixels at 100 %
        assert float(page.mediabox.width) * 96 / 72 <= PHONE_SCREEN + 0.5
    # Every text in the body, the sources too; not the labels inside figures, which are drawn
    # to the figure's scale, nor the running header and footer.
    skip = {mark for e in r.root.walk() if e.role == "Figure" for f in e.walk() for mark in f.marks}
    body = r.pages[0].regions[0]
    small = {(n, round(line.size, 1), line.text.strip()[:30]) for n, page in enumerate(reader.pages)
             for line in _lines(page) if line.mcid is not None and (n, int(line.mcid)) not in skip
             and body.y0 - 2 <= line.y <= body.y1 + 2 and line.text.strip() and line.size < 11.95}
    assert small == set()


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: f"{s.parent.name}.{s.stem}")
def test_phone_addresses_and_numbers_can_be_tapped(built, source):
    r, pdf = _phone(built, source)
    printed = as_printed(r.handout, parse_layout(str(ROOT / "layouts" / "phone.yaml")), CLINIC)
    texts = [item.text.plain for item in printed.reading_order()]
    wanted = {re.sub(r"[.,;:)]+$", "", u) for t in texts for u in re.findall(r"https?://\S+", t)}
    if any(re.search(r"(?<!\d)911(?!\d)", t) for t in texts):
        wanted.add("tel:911")
    doc = pikepdf.open(pdf)
    nums = doc.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    found = set()
    for page in doc.pages:
        for annot in page.obj.get("/Annots", []):
            assert annot.Subtype == "/Link" and int(annot.F) == 4 and annot.A.S == "/URI"
            link = parents[int(annot.StructParent)]  # tagged: a Link element holds it
            assert link.S == "/Link" and link.K[0].Obj.objgen == annot.objgen
            found.add(str(annot.A.URI))
    assert wanted <= found


@pytest.mark.parametrize("layout", ["phone", "letter"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda s: f"{s.parent.name}.{s.stem}")
def test_links_lie_over_the_text_they_open(built, source, layout):
    """What PDFium finds inside each link's rectangle (less its 1 pt of padding) is part of
    the address or number it opens, in every script and direction, bold or not."""
    import pypdfium2

    pdf = pdf_of(built[0], source, layout)
    if not pdf.exists():
        pytest.skip(f"{pdf.name} is not built (too long for the layout)")
    shown = {"tel:911": "911"}
    doc, pages = pikepdf.open(pdf), pypdfium2.PdfDocument(pdf)
    for n, page in enumerate(doc.pages):
        text = pages[n].get_textpage()
        for annot in page.obj.get("/Annots", []):
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            under = text.get_text_bounded(x0 + 1.5, y0, x1 - 1.5, y1)
            under = re.sub(r"[\s\u200e\u200f\x02\u00ad]", "", under)  # spaces, marks, line-end hyphens
            uri = str(annot.A.URI)
            assert under and under in shown.get(uri, uri), (n, uri, under)


def _lines(page) -> list[SimpleNamespace]:
    """The text drawn on a pypdf page, one piece per text operation (a line of a paragraph),
    with where and how large it was drawn and the marked content it belongs to."""
    marks: list[int | None] = []
    found = []

    def operator(op, args, cm, tm):
        if op == b"BDC":
            marks.append(args[1].get("/MCID") if len(args) > 1 and hasattr(args[1], "get") else None)
        elif op == b"BMC":
            marks.append(None)
        elif op == b"EMC" and marks:
            marks.pop()

    def visit(text, cm, tm, font_dict, font_size):
        if text:
            mcid = next((m for m in reversed(marks) if m is not None), None)
            found.append(SimpleNamespace(y=tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text=text, mcid=mcid,
                                         size=font_size * abs(tm[3] * cm[3] or 1)))

    page.extract_text(visitor_operand_before=operator, visitor_text=visit)
    return found


def findings(out: Path) -> dict[str, list[str]]:
    """Every problem in every PDF under ``out`` (for the closing note: python tests/test_geometry.py OUT)."""
    found = {}
    for source in SOURCES:
        for name in LAYOUTS:
            pdf = pdf_of(out, source, name)
            if not pdf.exists():
                found[pdf.name] = ["not built"]
                continue
            r = read(pdf, source, name)
            problems = [f"{what}: {p}" for what, check in CHECKS.items() for p in check(r)]
            if problems:
                found[pdf.name] = problems
    return found


if __name__ == "__main__":  # pragma: no cover - a report for people
    import sys
    for pdf, problems in findings(Path(sys.argv[1])).items():
        print(pdf)
        for p in problems:
            print("   ", p)


def test_a_figure_lets_the_text_after_it_go_first_rather_than_leave_a_page_blank(tmp_path):
    """The shipped handout's paragraphs fill most of a page; its flow diagram does not fit
    under them, and short paragraphs follow it in the section: they go first, the figure moves
    to the top of the next page, and the read-back check finds everything in the order drawn."""
    import yaml
    from conftest import write_handout
    real = yaml.safe_load((SHIPPED / "multiple-myeloma" / "en.yaml").read_text(encoding="utf-8"))
    blocks = [b for s in real["sections"] for b in s["blocks"]]
    paragraphs = [b for b in blocks if "paragraph" in b]
    flow = next(b for b in blocks if b.get("diagram", {}).get("kind") == "flow")
    handout = {k: real[k] for k in ("title", "reviewed", "review_by")}
    handout.update(handout="float", language="en", sections=[{
        "id": "only", "heading": real["sections"][0]["heading"],
        "blocks": [*paragraphs[:7], flow, *paragraphs[7:13]]}])
    path = write_handout(tmp_path / "h", "float", "en", yaml.safe_dump(handout, allow_unicode=True))
    assert run("--handouts-dir", tmp_path / "h", "--layout", "letter", "--out", tmp_path / "out") == 0
    r = read(tmp_path / "out" / "float.en.letter.pdf", path, "letter")
    figure = next(e for e in r.root.walk() if e.role == "Figure")
    after = [e for e in r.root.walk() if e.role == "P" and squash(e.text).startswith(
        squash(paragraphs[7]["paragraph"].replace("**", ""))[:20])][0]
    assert {p for p, _, _ in figure.all_spots()} == {1}  # the next page
    assert {p for p, _, _ in after.all_spots()} == {0}  # drawn first, on the page before
    assert blank_pages(r) == []
