"""Right-to-left pages mirror: bullets, step numbers, callout bars and tick boxes on the right,
tables first column on the right (and read first), the trifold folded the other way round, the
draft notice on each of its panels. Measured in the PDF as PDFium (Chrome's viewer) sees it."""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from conftest import ROOT, one_section, run
from handoutgen.checks.readback import normalise
from handoutgen.checks.structure import read_structure
from handoutgen.content.model import Table
from handoutgen.content.parse import parse_handout
from handoutgen.labels import labels_for
from handoutgen.layout.parse import parse_layout
from handoutgen.printed import printed_layout

SAMPLES = ROOT / "tests" / "languages"
LETTER = parse_layout(str(ROOT / "layouts" / "letter.yaml"))
TRIFOLD = parse_layout(str(ROOT / "layouts" / "trifold.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rtl")
    assert run("--handouts-dir", SAMPLES, "--lang", "ar,en", "--out", out, "script-sample") == 0
    assert run("multiple-myeloma", "--lang", "ar,en", "--layout", "trifold", "--out", out) == 0
    assert run("multiple-myeloma", "--lang", "ar", "--layout", "large-print", "--out", out) == 0
    return out


def chars(pdf, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each character PDFium reads on a page, in its reading order, with its box (l, b, r, t)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[page].get_textpage()
        return [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    finally:
        doc.close()


def find(pdf, text: str, pages=(0,)) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page, box of its first letter) where PDFium reads ``text`` (letters and digits
    compared), or None."""
    for page in pages:
        found = chars(pdf, page)
        kept = [k for k, (c, _) in enumerate(found) if normalise(c)]
        i = normalise("".join(c for c, _ in found)).find(normalise(text))
        if i >= 0:
            return page, found[kept[i]][1]
    return None


def paths(pdf, page: int = 0) -> list[tuple[float, float, float, float]]:
    """The box (l, b, r, t) of every path drawn on a page: rules, bars, tick boxes."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [obj.get_bounds() for obj in doc[page].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]
    finally:
        doc.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bullets_step_numbers_bars_and_tick_boxes_stand_at_the_start_of_the_line(built, lang):
    pdf = built / f"script-sample.{lang}.letter.pdf"
    body = LETTER.body
    rtl = lang == "ar"

    def at_start(left: float, right: float, reach: float = 30) -> bool:
        return right >= body.x1 - reach if rtl else left <= body.x0 + reach

    page = chars(pdf, 0)
    bullets = [box for c, box in page if c == "\u2022"]
    assert len(bullets) == 3 and all(at_start(l, r) for l, _, r, _ in bullets)
    # The steps are numbered 1. 2. 3.: each number stands at the start of its line.
    for n in "123":
        assert any(c == n and at_start(box[0], box[2]) for c, box in page), n
    drawn = paths(pdf)
    bars = [(l, r) for l, b, r, t in drawn if r - l <= 6 and t - b > 20]  # the callout's side bar
    def tick_sized(side: float) -> bool:  # the box with its stroke
        return LETTER.tick_box <= side <= LETTER.tick_box + 2 * LETTER.tick_stroke + 0.5
    ticks = [(l, r) for l, b, r, t in drawn if tick_sized(r - l) and tick_sized(t - b)]
    assert bars and all(at_start(l, r, reach=6) for l, r in bars)
    assert len(ticks) == 3 and all(at_start(l, r, reach=25) for l, r in ticks)


def test_right_to_left_table_has_its_first_column_on_the_right_and_reads_it_first(built):
    pdf = built / "script-sample.ar.letter.pdf"
    table = next(b for s in parse_handout(str(SAMPLES / "script-sample" / "ar.yaml")).sections
                 for b in s.blocks if isinstance(b, Table))
    headings = [normalise(c.text.plain) for c in table.columns]
    tree = read_structure(pdf.read_bytes())
    assert [normalise(n.text) for n in tree if n.role == "TH"] == headings  # tagged in logical order
    first_row = [normalise(c.text.plain) for c in table.rows[0]]
    assert [normalise(n.text) for n in tree if n.role == "TD"][:3] == first_row
    # On the page the headings stand right to left.
    lefts = [find(pdf, heading)[1][0] for heading in headings]
    assert lefts == sorted(lefts, reverse=True)


def panel_of(layout, page: int, x: float) -> str | None:
    return next((name for name, (p, box) in layout.panels.items() if p == page and box.x0 - 1 <= x <= box.x1 + 1), None)


@pytest.mark.parametrize("lang, cover_side", [("ar", "left"), ("en", "right")])
def test_arabic_leaflet_folds_mirrored(built, lang, cover_side):
    """The cover is the outside left panel, the first section the inside right one, and the
    flap (read next) stands beside it when the cover is opened; English stays as it was."""
    pdf = built / f"multiple-myeloma.{lang}.trifold.pdf"
    layout = TRIFOLD.for_direction(lang == "ar")
    width = layout.page_size[0]
    cover = layout.panels["cover"][1]
    assert (cover.x1 < width / 3) if cover_side == "left" else (cover.x0 > 2 * width / 3)
    handout = parse_handout(str(ROOT / "handouts" / "multiple-myeloma" / f"{lang}.yaml"))

    def panel_holding(text: str) -> str:
        page, box = find(pdf, text, pages=(0, 1))
        return panel_of(layout, page, (box[0] + box[2]) / 2)

    assert panel_holding(handout.title.text.plain[:12]) == "cover"
    first = handout.sections[0].heading.text.plain
    assert panel_holding(first) == "a"
    a, flap = layout.panels["a"][1], layout.panels["flap"][1]
    # the inside first panel backs the cover: the same edge of the sheet
    assert (a.x0 > 2 * width / 3) == (cover.x1 < width / 3)
    assert (flap.x0 > 2 * width / 3) == (cover.x1 < width / 3)


def drawn_layout(layout, lang: str):
    """The layout as the build draws the shipped handout in ``lang``: mirrored right to left,
    its panels or body lower by the draft notice's room."""
    handout = parse_handout(str(ROOT / "handouts" / "multiple-myeloma" / f"{lang}.yaml"))
    return printed_layout(handout, layout)


def test_draft_notice_stands_on_each_panel_never_across_a_fold(built):
    pdf = built / "multiple-myeloma.ar.trifold.pdf"
    layout = drawn_layout(TRIFOLD, "ar")
    assert layout.mirrored
    top = max(box.y1 for _, box in layout.panels.values())
    wanted = [normalise(labels_for(lang)("draft")) for lang in ("ar", "en")]
    for page in range(2):
        by_panel: dict[str, str] = {}
        for c, (l, b, r, t) in chars(pdf, page):
            if b < top or not normalise(c):
                continue
            name = panel_of(layout, page, l)
            assert name is not None and name == panel_of(layout, page, r), (c, l, r)
            by_panel[name] = by_panel.get(name, "") + normalise(c)
        assert sorted(by_panel) == sorted(n for n, (p, _) in layout.panels.items() if p == page)
        for text in by_panel.values():
            assert all(w in text for w in wanted)


def test_large_print_draft_notice_is_at_body_size_and_within_the_margins(built):
    pdf = built / "multiple-myeloma.ar.large-print.pdf"
    layout = drawn_layout(parse_layout(str(ROOT / "layouts" / "large-print.yaml")), "ar")
    body = layout.body
    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[0].get_textpage()
        above = [i for i in range(text.count_chars()) if text.get_charbox(i)[1] > body.y1
                 and not text.get_text_range(i, 1).isspace()]
        sizes = {round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 1) for i in above}
        boxes = [text.get_charbox(i) for i in above]
    finally:
        doc.close()
    assert sizes == {layout.base_size}
    assert all(body.x0 - 1 <= l and r <= body.x1 + 1 for l, _, r, _ in boxes)


# The blocks of a handout with a 0-10 scale and a flow diagram (conftest.one_section).
FIGURES = """\
      - diagram: {{id: pain, kind: scale, title: "{title}", alt: "{title}", min: 0, max: 10,
                  labels: {{0: "{low}", 10: "{high}"}}}}
      - diagram:
          id: paths
          kind: flow
          title: "{title}"
          alt: "{title}"
          nodes:
{nodes}
          edges:
{edges}
"""


@pytest.mark.parametrize("siblings", [2, 8])  # side by side top to bottom; too many: laid across
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_scale_and_flow_run_from_the_start_side(tmp_path, lang, siblings):
    words = {"ar": ("لا ألم", "أسوأ ألم", "الخطوة"), "en": ("No pain", "Worst pain", "Step")}[lang]
    names = [f"{words[2]} {n}" for n in ("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota".split()
                                         if lang == "en" else "أ ب ت ث ج ح خ د ذ".split())][:siblings + 1]
    nodes = "\n".join(f'            - {{id: n{i}, label: "{name}"}}' for i, name in enumerate(names))
    edges = "\n".join(f"            - {{from: n0, to: n{i}}}" for i in range(1, siblings + 1))
    path = tmp_path / "handouts" / "fig" / f"{lang}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(one_section("fig", lang, words[2], FIGURES.format(title=words[2], low=words[0], high=words[1],
                                                                     nodes=nodes, edges=edges)), encoding="utf-8")
    assert run("--handouts-dir", tmp_path / "handouts", "--out", tmp_path / "out") == 0
    pdf = tmp_path / "out" / f"fig.{lang}.letter.pdf"
    rtl = lang == "ar"

    def x(text: str) -> float:
        _, (l, _, r, _) = find(pdf, text)
        return (l + r) / 2

    def before(a: float, b: float) -> bool:  # a is met first when reading
        return a > b if rtl else a < b

    assert before(x(words[0]), x(words[1]))  # the scale's lowest value first
    if siblings == 2:  # side by side in one layer: the first on the start side
        assert before(x(names[1]), x(names[2]))
    else:  # the flow runs across: the first box on the start side of the others
        assert all(before(x(names[0]), x(name)) for name in names[1:])


def test_trifold_paragraph_split_from_the_inside_panel_onto_the_flap_is_read_in_order(tmp_path):
    """The flap is drawn (outside page) before the inside panel A that is read before it; a
    paragraph longer than a panel, starting on A, goes on on the flap and must still be read
    from its beginning. The text is the shipped Hindi handout's own paragraphs, joined."""
    from handoutgen.content.model import Paragraph

    source = parse_handout(str(ROOT / "handouts" / "multiple-myeloma" / "hi.yaml"))
    texts = [b.text.text.plain for s in source.sections for b in s.blocks if isinstance(b, Paragraph)]
    long = " ".join(texts[:12]).replace('"', "'")
    path = tmp_path / "handouts" / "split" / "hi.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"""handout: split
language: hi
title: "{source.title.text.plain}"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: only
    heading: "{source.sections[0].heading.text.plain}"
    blocks:
      - paragraph: "{long}"
""", encoding="utf-8")
    assert run("--handouts-dir", tmp_path / "handouts", "--layout", "trifold", "--out", tmp_path / "out") == 0
    pdf = tmp_path / "out" / "split.hi.trifold.pdf"
    assert find(pdf, texts[0][:20], pages=(1,)) is not None  # it starts on the inside (A)...
    assert find(pdf, texts[11][-20:], pages=(0,)) is not None  # ...and ends on the outside (flap)
    paragraphs = [normalise(n.text) for n in read_structure(pdf.read_bytes()) if n.role == "P"]
    assert normalise(long) in paragraphs
