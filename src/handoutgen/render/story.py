"""Turn a validated handout into the list of flowables that reportlab lays out."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple

from reportlab.platypus import Flowable, TableStyle

from ..clinic import Clinic
from ..content import model as m
from ..images import load_image
from ..labels import Labels
from ..text.breaking import Kind, opportunities
from .contact import contact_items
from .diagrams import figure
from .flowables import BoundedTable, Heading, ListItem, Panel, PanelLook, Rule, Tag
from .pagination import (CLOSING_GAP, EMPTY, SMALL_LIST_ITEMS, SMALL_TABLE_ROWS, SOURCES_FLOOR, Beside, Closing,
                         Float, KeepWithNext, Stack, Together, keep_headings)
from .sources import block_location, mark, source_of
from .styles import Styles


def build_story(handout: m.Handout, styles: Styles, labels: Labels, clinic: Clinic,
                moves: list | None = None) -> list[Flowable]:
    """The whole handout as one flow: title block, sections, then contact box and sources.
    ``moves`` collects the figures that moved after text (pagination.Float)."""
    return [*title_flowables(handout, styles, labels), *section_flowables(handout, styles, labels, moves),
            *closing_flowables(handout, styles, labels, clinic)]


def title_flowables(handout: m.Handout, styles: Styles, labels: Labels) -> list[Flowable]:
    story: list[Flowable] = [
        styles.para(labels("kicker"), styles.kicker, Tag("P")),
        styles.para(handout.title.text, styles.title, Tag("H1")),
        Rule(width="100%", thickness=1.5, color=styles.colour("accent"),
             spaceBefore=0, spaceAfter=styles.layout.base_size * 0.9),
    ]
    if handout.summary:
        story.append(styles.para(handout.summary.text, styles.lead, Tag("P")))
    return story


def section_flowables(handout: m.Handout, styles: Styles, labels: Labels,
                      moves: list | None = None) -> list[Flowable]:
    story: list[Flowable] = []
    moves = [] if moves is None else moves
    for section in handout.sections:
        if section.heading:  # a section without one (an opening) has no H2 and no bookmark
            heading = Heading(styles.para(section.heading.text, styles.heading, Tag("H2")), key=section.id,
                              outline=section.heading.text.plain)
            story.append(mark(_keeps(heading, styles.body), section.heading.location, "the heading"))
        story.extend(_kept_blocks(section, styles, labels, moves))
    return _ending_figures(keep_headings(story), styles.layout.column.height, moves)


_UNIT = "_handoutgen_unit"  # the attribute holding the _Unit a flowable draws part of


class _Unit(NamedTuple):
    """What a section's flowables draw: blocks kept as one (_kept_blocks)."""
    section: str  # id
    first: int  # its first block
    blocks: int  # how many
    figure: bool
    last: bool  # the section's last unit


def _units_in(flowable: Flowable) -> set:
    """The units (``_UNIT``) whose flowables ``flowable`` draws (a heading kept with them holds several)."""
    own = getattr(flowable, _UNIT, None)
    if own is not None:
        return {own}
    return {u for part in getattr(flowable, "parts", ()) for u in _units_in(part)}


def _ending_figures(story: list[Flowable], page: float, moves: list) -> list[Flowable]:
    """Let the next section's heading and blocks, up to its first figure, go before a figure
    that ends its section (pagination.Float), as the blocks after a figure within a section
    may; figures keep their order. Made after keep_headings, so headings keep with what
    follows them as anywhere else (one kept with the figure keeps with its Float); the blocks
    each flowable draws (``_UNIT``) are counted across the section's end."""
    out: list[Flowable] = []
    n = 0
    while n < len(story):
        head = story[n]
        kept = isinstance(head, KeepWithNext)
        unit = getattr(head.parts[-1] if kept else head, _UNIT, None)
        if unit is None or not (unit.figure and unit.last):  # not the figure that ends a section
            out.append(head)
            n += 1
            continue
        if kept:  # the figure is what the heading keeps with, last: all of it
            size = sum(getattr(f, _UNIT, None) == unit for f in head.parts[1:])
            figure, n_end = head.parts[len(head.parts) - size:], n + 1
            if any(getattr(f, _UNIT, None) != unit for f in figure):
                out.append(head)
                n += 1
                continue
        else:
            n_end = n
            while n_end < len(story) and getattr(story[n_end], _UNIT, None) == unit:
                n_end += 1
            figure = story[n:n_end]
        groups: list[tuple[set, list[Flowable]]] = []  # (units, flowables) drawn apart
        m = n_end
        while m < len(story) and not isinstance(story[m], Float) and not any(u.figure for u in _units_in(story[m])):
            units = _units_in(story[m])
            if groups and units & groups[-1][0]:
                groups[-1][0].update(units)
                groups[-1][1].append(story[m])
            else:
                groups.append((set(units), [story[m]]))
            m += 1
        if not groups:
            out.extend(story[n:n_end])
            n = n_end
            continue
        float_ = mark(Float(figure, [(sum(u.blocks for u in units), flows) for units, flows in groups], page,
                            (unit.section, unit.first), moves), *source_of(figure[0]))
        if kept:
            float_ = KeepWithNext(head.parts[0], [*head.parts[1:len(head.parts) - size], float_])
            if source_of(head):
                mark(float_, *source_of(head))
        out.append(float_)
        n = m
    return out


def _keeps(heading: Flowable, style) -> Flowable:
    """Mark a heading to stay with at least two lines (in ``style``) of what follows it."""
    heading.keep_lines = 2 * style.leading
    return heading


FIGURES = (m.FlowDiagram, m.BodyDiagram, m.ScaleDiagram, m.QRCode, m.Image)


def _kept_blocks(section: m.Section, styles: Styles, labels: Labels, moves: list) -> list[Flowable]:
    """A section's blocks, with what must stay on one page joined: the run from the section's
    first warning-sign checklist to its last, whatever it leaves empty; a small table unless
    moving it on would leave more than a third of the page empty. A figure may let the blocks
    after it go first (pagination.Float)."""
    blocks, page = section.blocks, styles.layout.column.height
    flows = [[mark(f, block_location(block)) for f in block_flowables(block, styles, labels)] for block in blocks]
    signs = [n for n, block in enumerate(blocks) if isinstance(block, m.Checklist) and block.warning_signs]
    units: list[tuple[int, list[Flowable]]] = []  # (first block, flowables), one per unit kept
    n = 0
    while n < len(blocks):
        if len(signs) > 1 and n == signs[0]:
            units.append((n, [mark(Together([f for flow in flows[n:signs[-1] + 1] for f in flow], page),
                                   block_location(blocks[n]))]))
            n = signs[-1] + 1
            continue
        if isinstance(blocks[n], m.Table) and len(blocks[n].rows) <= SMALL_TABLE_ROWS:
            units.append((n, [mark(Together(flows[n], page, leave=EMPTY), block_location(blocks[n]))]))
        else:
            units.append((n, flows[n]))
        n += 1
    tags = [_Unit(section.id, first, (units[u + 1][0] if u + 1 < len(units) else len(blocks)) - first,
                  isinstance(blocks[first], FIGURES), u == len(units) - 1) for u, (first, _) in enumerate(units)]
    for tag, (_, flowables) in zip(tags, units):
        for f in flowables:
            setattr(f, _UNIT, tag)
    story: list[Flowable] = []
    u = 0
    while u < len(units):
        first, flowables = units[u]
        if not tags[u].figure:
            story.extend(flowables)
            u += 1
            continue
        # The blocks up to the next figure may go before this one.
        end = next((v for v in range(u + 1, len(units)) if tags[v].figure), len(units))
        following = [(tags[v].blocks, units[v][1]) for v in range(u + 1, end)]
        story.extend([mark(Float(flowables, following, page, (section.id, first), moves), block_location(blocks[first]))]
                     if following else flowables)
        u = end
    return story


def closing_flowables(handout: m.Handout, styles: Styles, labels: Labels, clinic: Clinic) -> list[Flowable]:
    """The contact box and the sources, kept on one page when they fit on one; set tighter
    where that keeps them on the page after the content (pagination.Closing)."""
    return [Closing(keep_headings(_closing(handout, styles, labels, clinic)), styles.layout.column.height,
                    lambda: _tighter_closings(handout, styles, labels, clinic),
                    gap=styles.layout.base_size * CLOSING_GAP)]


def _closing(handout: m.Handout, styles: Styles, labels: Labels, clinic: Clinic, size: float | None = None,
             gap: float | None = None, width: float | None = None) -> list[Flowable]:
    """The contact box (for a column ``width`` wide), then the sources' heading and the
    sources; set in ``size`` points and ``gap`` apart when given."""
    contact = _contact(clinic, labels, styles, width)
    if gap is not None:
        contact.spaceAfter = gap
    if not handout.sources:
        return [contact]
    heading, small = styles.small_heading, styles.small
    if size is not None:  # the line height in proportion
        heading, small = (style.clone(f"{style.name}-{size:g}", fontSize=size, leading=size * style.leading / style.fontSize)
                          for style in (heading, small))
    if gap is not None:
        heading = heading.clone(heading.name + "-tight", spaceBefore=gap)
    return [contact, _keeps(styles.para(labels("sources"), heading, Tag("H2")), small),
            *(styles.para(s.text, small, Tag("P")) for s in handout.sources)]


def _tighter_closings(handout: m.Handout, styles: Styles, labels: Labels, clinic: Clinic) -> Iterator[Flowable]:
    """The contact box and sources set tighter, least changed first (README, "Page breaking",
    rule 7): as they are; closer together; with the sources smaller, in half-point steps down
    to the size the layout's copy-fitting would set them in (never below SOURCES_FLOOR); then,
    where the column holds two of about 30 characters, side by side, the sources full size
    first."""
    layout, gap = styles.layout, styles.layout.base_size * CLOSING_GAP
    yield Stack(_closing(handout, styles, labels, clinic))
    sizes = [layout.size("small")]
    floor = max(SOURCES_FLOOR, layout.scale["small"] * (layout.fit_base or layout.base_size))
    while handout.sources and sizes[-1] > floor:
        sizes.append(max(floor, sizes[-1] - 0.5))
    for size in sizes:
        yield Stack(_closing(handout, styles, labels, clinic, size, gap))
    gutter = layout.base_size * 1.5
    half = (layout.column.width - gutter) / 2
    if handout.sources and half >= 15 * layout.base_size:
        for size in sizes:
            contact, *sources = _closing(handout, styles, labels, clinic, size, gap, width=half)
            yield Beside(contact, Stack(sources), gutter, rtl=styles.setter.rtl)


def _contact(clinic: Clinic, labels: Labels, styles: Styles, width: float | None = None) -> Panel:
    title, *lines = contact_items(clinic, labels)
    # Beside the text only where the box is wide; a trifold shows the logo on its cover.
    wide = (width or styles.layout.column.width) >= 4 * 72
    logo = load_image(clinic.logo).flowable(styles.layout.base_size * 7, styles.picture_fonts) if clinic.logo and wide else None
    return _panel("contact", title, tuple(lines), styles, ticks=False, what="contact box", aside=logo,
                  aside_alt=clinic.logo_alt())


def block_flowables(block: m.Block, styles: Styles, labels: Labels) -> list[Flowable]:
    if isinstance(block, m.Paragraph):
        return [styles.para(block.text.text, styles.body, Tag("P"))]
    if isinstance(block, m.Subheading):
        return [_subheading(block, styles)]
    if isinstance(block, m.ListBlock):
        return _list(block, styles)
    if isinstance(block, m.Checklist):
        return [_checklist(block, styles, labels)]
    if isinstance(block, m.Callout):
        return [_callout(block, styles)]
    if isinstance(block, m.Table):
        return [_table(block, styles)]
    if isinstance(block, (m.FlowDiagram, m.BodyDiagram, m.ScaleDiagram, m.QRCode, m.Image)):
        return [figure(block, styles)]
    raise TypeError(block)  # pragma: no cover - the parser only builds the types above


def _subheading(block: m.Subheading, styles: Styles) -> Flowable:
    """An H3: the lead size in bold, in the headings' colour; kept with the first lines after it."""
    base = styles.layout.base_size
    style = styles.heading.clone("subheading", fontSize=styles.layout.size("lead"),
                                 leading=styles.layout.size("lead") * 1.25, spaceBefore=base * 0.8,
                                 spaceAfter=base * 0.3)
    return _keeps(styles.para(block.text.text, style, Tag("H3")), styles.body)


def _list(block: m.ListBlock, styles: Styles, within: tuple = (), start: float = 0.0,
          after: float | None = None) -> list[Flowable]:
    """Each item a ListItem: its bullet or number tagged Lbl, its text LBody, in one LI of one L.
    A list under an item is drawn one step further in, and tagged as an L inside that item's
    LBody. ``start``: where the parent item's text starts; ``after``: the gap after the last item
    (the paragraph gap for a whole list)."""
    steps = isinstance(block, m.Steps)
    style = styles.step if steps else styles.bullet
    labels = [f"{n}." if steps else "\u2013" if within else "\u2022" for n in range(1, len(block.items) + 1)]
    setter, font, size = styles.setter, style.bulletFontName, style.bulletFontSize
    # Nested one indent further; the text starts clear of the widest label ("10.").
    label_x = start + style.bulletIndent
    widest = max(setter.line_width(label, font, size) for label in labels)
    text_x = max(start + style.leftIndent, label_x + widest + size * 0.35)
    item_style = style.clone(f"{style.name}-{len(within)}", leftIndent=text_x, bulletIndent=label_x)
    after = styles.body.spaceAfter if after is None else after
    last_style = item_style.clone(item_style.name + "-last", spaceAfter=after)
    in_list = (*within, ("L", object()))  # one L for the list, one LI and LBody for each item
    out: list[Flowable] = []
    for n, (item, sublist) in enumerate(block.entries(), 1):
        in_item, body = (*in_list, ("LI", object())), object()
        last = n == len(block.items)
        para = styles.para(item.text, last_style if last and not sublist else item_style,
                           Tag("LBody", in_item, key=body))
        out.append(ListItem(labels[n - 1], para, Tag("Lbl", in_item), setter, font, size, setter.rtl))
        if sublist:
            out += _list(sublist, styles, (*in_item, ("LBody", body)), text_x,
                         after if last else item_style.spaceAfter)
    return out


def _looks(styles: Styles) -> dict[str, PanelLook]:
    c = styles.colour
    return {
        # Without the band (clear-print layouts avoid reversed text) a heavier border keeps it apart.
        "emergency": PanelLook(c("emergency"), border=2.5 if styles.layout.emergency_band else 3.5,
                               bar=0, band=styles.layout.emergency_band, icon="warning"),
        "urgent": PanelLook(c("urgent"), border=1.5, bar=0, band=False, icon="clock"),
        "caution": PanelLook(c("caution"), border=1.0, bar=5, band=False, icon="warning"),
        "info": PanelLook(c("info"), border=0, bar=4, band=False, icon="info"),
        "contact": PanelLook(c("accent"), border=1.0, bar=0, band=False, icon=None),
        # A list to tick that is not a warning (a self-assessment): no alarm colour, no icon.
        "neutral": PanelLook(c("text"), border=0.75, bar=0, band=False, icon=None),
    }


def _panel(level: str, title: m.Item | None, rows: tuple[m.Item, ...], styles: Styles, *,
           ticks: bool, what: str, aside: Flowable | None = None, aside_alt: str | None = None,
           continued: str | None = None) -> Panel:
    layout = styles.layout
    look = _looks(styles)[level]
    title_style = styles.panel_title_inverse if look.band else styles.panel_title.clone(
        "panel-title-" + level, textColor=look.colour)
    return Panel(
        styles.para(title.text, title_style) if title else None,
        [styles.para(row.text, styles.panel_text) for row in rows],
        look,
        pad=layout.base_size * 0.75,
        tick_box=layout.tick_box if ticks else None,
        tick_stroke=layout.tick_stroke,
        max_height=layout.column.height,
        # A checklist longer than a small one splits between items wherever the page ends, its
        # title repeated "(continued)"; a shorter one moves on whole unless taller than a page.
        split_anywhere=bool(continued) and len(rows) > SMALL_LIST_ITEMS,
        location=(title or rows[0]).location,
        what=what,
        space_after=layout.base_size * 1.1,
        aside=aside,
        aside_alt=aside_alt,
        continued=styles.para(continued, title_style) if continued else None,
        rtl=styles.setter.rtl,
    )


def _checklist(block: m.Checklist, styles: Styles, labels: Labels) -> Panel:
    return _panel(block.level if block.warning_signs else "neutral", block.title, block.items, styles, ticks=True,
                  what=f"checklist '{block.id}'",
                  continued=labels("continued", title=block.title.text.plain))


def _callout(block: m.Callout, styles: Styles) -> Panel:
    return _panel(block.level, block.title, (block.text,), styles, ticks=False, what="callout")


def _longest_word(text: str, style, styles: Styles) -> float:
    """The width of the widest piece of ``text`` between the places a line may end there
    without a hyphen (spaces, hyphens, within an address; between CJK characters or Thai words)."""
    cuts = [0, *(p for p, kind in opportunities(text, styles.setter.language) if kind != Kind.HYPHEN), len(text)]
    return max(styles.setter.line_width(text[a:b].strip(), style.fontName, style.fontSize)
               for a, b in zip(cuts, cuts[1:]))


def _table(block: m.Table, styles: Styles) -> BoundedTable:
    width = styles.layout.column.width
    pad = styles.layout.base_size * 0.4
    # Columns get width by the square root of their longest cell: long text columns get more
    # room without starving a short label column.
    weights = [math.sqrt(max(12, *(len(row[i].text.plain) for row in (block.columns, *block.rows))))
               for i in range(len(block.columns))]
    widths = [width * w / sum(weights) for w in weights]
    # But each column is at least as wide as its longest word where an equal share allows, so
    # that a short label is not broken letter by letter; the others give up that room.
    words = [max(_longest_word(row[i].text.plain, style, styles) + 2 * pad
                 for row, style in ((block.columns, styles.header_cell), *((r, styles.cell) for r in block.rows)))
             for i in range(len(block.columns))]
    least = [min(w, width / len(widths)) for w in words]
    short = [i for i, w in enumerate(widths) if w < least[i]]
    if short:
        rest = width - sum(least[i] for i in short)
        others = sum(w for i, w in enumerate(widths) if i not in short)
        widths = [least[i] if i in short else w * rest / others for i, w in enumerate(widths)]
    data = [[styles.para(c.text, styles.header_cell) for c in block.columns]]
    data += [[styles.para(c.text, styles.cell) for c in row] for row in block.rows]
    table = BoundedTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT",
                         max_height=styles.layout.column.height, location=block.columns[0].location,
                         rtl=styles.setter.rtl, leave=EMPTY)  # the first column on the right
    table.tag = object()  # one Table element for all the parts of a table split over pages
    table.setStyle(TableStyle([
        # Cells are paragraphs, but Table still selects its default font (Helvetica) for each cell.
        ("FONT", (0, 0), (-1, -1), styles.fonts["regular"], styles.layout.base_size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("LINEABOVE", (0, 0), (-1, 0), 1.25, styles.colour("text")),
        ("LINEBELOW", (0, 0), (-1, 0), 1.25, styles.colour("text")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, styles.colour("rule")),
    ]))
    table.spaceAfter = styles.body.spaceAfter
    return table
