"""Custom reportlab flowables: bookmarked headings, list items with their labels, and boxed
panels (checklists and callouts) whose tick boxes and icons are drawn, so they add no text."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, Frame, HRFlowable, Paragraph, Table

from ..diagnostics import Location
from ..layout.model import Box
from .tagging import artifact, content_of, tagged, tagger_of


@dataclass
class Tag:
    """The structure element a flowable's text belongs to, shared by the pieces of a split
    paragraph. ``path`` names its containers from the top: (role, key) makes one element per
    key (a whole list, an item), (role, None) a new one each time."""
    role: str
    path: tuple[tuple[str, object], ...] = ()
    key: object = None  # the element is the one for this key (an LBody that a nested list goes in)
    index: int | None = None  # the element, once drawn

    @contextmanager
    def draw(self, canvas):
        """Draw this tag's content on ``canvas``: a new element the first time, more of it after."""
        tagger = tagger_of(canvas)
        if tagger is None or self.index is not None:
            with content_of(canvas, self.index):
                yield
            return
        parent = 0
        for role, key in self.path:
            parent = tagger.element(role, parent) if key is None else tagger.group(key, role, parent)
        if self.key is not None:
            self.index = tagger.group(self.key, self.role, parent)
            with content_of(canvas, self.index):
                yield
            return
        with tagged(canvas, self.role, parent=parent) as self.index:
            yield


class TaggedFigure(Flowable):
    """A picture marked as a Figure with its alternative text."""

    def __init__(self, picture: Flowable, alt: str):
        super().__init__()
        self.picture, self.alt = picture, alt

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.picture.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self):
        with tagged(self.canv, "Figure", alt=self.alt):
            self.picture.drawOn(self.canv, 0, 0)


class Rule(HRFlowable):
    """A horizontal rule; decoration, so a screen reader skips it."""

    def draw(self):
        with artifact(self.canv):
            super().draw()


def box_frame(name: str, box: Box) -> Frame:
    """A reportlab frame filling ``box`` exactly (reportlab's default 6 pt padding removed)."""
    return Frame(box.x0, box.y0, box.width, box.height, id=name,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class RenderProblem(Exception):
    """Content that cannot be laid out as asked; the message says what to change."""

    def __init__(self, location: Location, message: str):
        self.location, self.message = location, message
        super().__init__(f"{location}: {message}")


class BlockTooLarge(RenderProblem):
    """A block that must stay on one page is taller than a page."""

    def __init__(self, location: Location, what: str):
        super().__init__(location, f"{what} is too long to fit on one page; split it into two")


class Heading(Flowable):
    """A section heading (H2 paragraph) that adds its own bookmark where it is drawn."""

    def __init__(self, para: Flowable, key: str, outline: str):
        super().__init__()
        self.para, self.key, self.outline = para, key, outline

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.para.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []  # a heading moves to the next page whole; it never splits

    def draw(self):
        self.canv.bookmarkHorizontal(self.key, 0, self.height + self.para.style.fontSize)
        self.canv.addOutlineEntry(self.outline, self.key, level=0)
        self.para.drawOn(self.canv, 0, 0)


class BoundedTable(Table):
    """A table that splits between rows, its heading rows repeated on each page. A row that
    cannot stand on any page with the headings, or whose moving on would leave more than
    ``leave`` of the page empty, splits inside its last cell: the lines that fit stay on this
    page and the cell's text continues under the repeated headings on the next, read as the
    same row.

    Right to left (``rtl``), the columns are mirrored: the first column stands on the right.
    The data and column widths stay in logical order and each cell is moved to its mirrored
    place as it is drawn, so cells are drawn, tagged and extracted first column first. Lines
    and backgrounds are drawn unmirrored: the table's style uses only full-width ones."""

    def __init__(self, data, *, max_height: float | None = None, location: Location | None = None,
                 rtl: bool = False, leave: float | None = None, **kwargs):
        kwargs.setdefault("renderCB", _tag_table)  # reportlab hands it on to split parts
        # Each cell a list of flowables: the form reportlab splits inside a row.
        data = [[cell if isinstance(cell, (list, tuple)) else [cell] for cell in row] for row in data]
        super().__init__(data, **kwargs)  # reportlab makes split parts without our arguments
        self.max_height, self.location, self.rtl, self.leave = max_height, location, rtl, leave
        self.continued = False  # a later part, whose first rows repeat the headings
        # A row split inside its cells is one TR with one TD per cell: the part before the split
        # records them in ``carry_out``, the part after finds them in its ``carry_in``.
        self.carry_in: dict | None = None
        self.carry_out: dict | None = None

    def wrap(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)
        # A row splits only inside its last cell (its cells are read one after the other), so
        # the others must fit on a page under the headings.
        if self.max_height and any(self._heading() + self._leading_cells(row) > self.max_height
                                   for row in range(self.repeatRows, len(self._rowHeights))):
            raise BlockTooLarge(self.location, "a table row with the table's column headings")
        return size

    def _heading(self) -> float:
        return sum(self._rowHeights[:self.repeatRows])

    def _leading_cells(self, row: int) -> float:
        """The height of a row's cells but its last, with their padding."""
        return max((self._listCellGeom(cell, width, style)[1] + style.topPadding + style.bottomPadding
                    for cell, style, width in zip(self._cellvalues[row][:-1], self._cellStyles[row][:-1],
                                                  self._colWidths[:-1])), default=0.0)

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        used, row = self._heading(), self.repeatRows
        while row < len(self._rowHeights) and used + self._rowHeights[row] <= availHeight:
            used += self._rowHeights[row]
            row += 1
        parts, inside = [], False
        # A row that would not fit on the next page either, or whose moving on would leave much
        # of this one empty (all of it that is left when no row fits under the headings), starts
        # here if its other cells fit here.
        empty = availHeight - (used if row > self.repeatRows else 0)
        if (row < len(self._rowHeights) and self.max_height
                and (self._heading() + self._rowHeights[row] > self.max_height
                     or (self.leave is not None and empty > self.max_height * self.leave))
                and used + self._leading_cells(row) <= availHeight):
            parts = self._splitRows(availHeight, doInRowSplit=1)
            inside = len(parts) > 1
        if not inside:
            parts = super().split(availWidth, availHeight)
        for n, part in enumerate(parts):
            part.max_height, part.location, part.rtl, part.leave = self.max_height, self.location, self.rtl, self.leave
            part.continued = self.continued or n > 0
            part.tag = self.tag
            part.carry_in = self.carry_in if n == 0 else None
            part.carry_out = self.carry_out if n == len(parts) - 1 else None
        if inside:
            if self.carry_in is not None and row == self.repeatRows:
                # Its cell would go on over a third page: the headings repeated on the page
                # between would be read in the middle of its text.
                raise RenderProblem(self.location, "a table row is too long to fit on two pages; "
                                                   "split its text over two rows")
            parts[0].carry_out = parts[1].carry_in = {}
        return parts

    def _splitCell(self, value, style, oldHeight, newHeight, width):
        """A cell's paragraph split to end ``newHeight`` below the row's top. (reportlab's own
        splits it at the column's full width, wider than the text is then drawn.)"""
        inner = width - style.leftPadding - style.rightPadding
        room = newHeight - style.topPadding - style.bottomPadding
        if sum(f.wrapOn(self.canv, inner, room)[1] for f in value) <= room:
            return tuple(value), ()
        if len(value) != 1:
            return []
        pieces = value[0].splitOn(self.canv, inner, room)
        return ((pieces[0],), tuple(pieces[1:])) if len(pieces) > 1 else []

    def draw(self):
        # Where a split row continues, the repeated headings are drawn right after it (still at
        # the top): text extracted in drawing order then reads the row's cell without a break.
        self._deferred = [] if self.carry_in is not None else None
        super().draw()

    def _drawCell(self, cellval, cellstyle, pos, size):
        if self.rtl:  # mirrored within the table's width (reportlab's positions start at 0)
            pos = (self._colpositions[-1] - pos[0] - size[0], pos[1])
        if self._deferred is not None and self._row < self.repeatRows:
            self._deferred.append((cellval, cellstyle, pos, size))
            return
        super()._drawCell(cellval, cellstyle, pos, size)

    def _end_row(self) -> None:
        if self._deferred and self._row == self.repeatRows:  # the continued row is drawn
            with artifact(self.canv):
                for cell in self._deferred:
                    super()._drawCell(*cell)
            self._deferred = None


def _tag_table(table, event: str, *args) -> None:
    """reportlab's table drawing events -> Table > TR > TH/TD, with lines and shading as
    artifacts. Headings repeated on a later page are artifacts too: they were read already.
    The rest of a row split inside its cells is more of that row's cells."""
    if event == "startRow":
        table._row = args[0]
    elif event == "endRow":
        table._end_row()
    canvas = table.canv
    tagger = tagger_of(canvas)
    if tagger is None:
        return
    if event in ("startBG", "startLines"):
        canvas.addLiteral("/Artifact BMC")
    elif event in ("endBG", "endLines"):
        canvas.addLiteral("EMC")
    elif event == "startRow":
        row = args[0]
        table._repeat = table.continued and row < table.repeatRows
        if table._repeat:
            return
        carried = (table.carry_in or {}).get("row") if row == table.repeatRows else None
        table._tr, table._cells = carried or (tagger.element("TR", tagger.group(table.tag, "Table")), [])
        table._carried = carried is not None
        if table.carry_out is not None:
            table.carry_out["row"] = (table._tr, table._cells)  # the last row drawn is the one split
    elif event == "startCell":
        row, column = args[0], args[1]
        if table._repeat:
            canvas.addLiteral("/Artifact BMC")
        elif table._carried:
            tagger.mark(canvas, table._cells[column])
        else:
            table._cells.append(tagger.element("TH" if row < table.repeatRows else "TD", table._tr))
            tagger.mark(canvas, table._cells[-1])
    elif event == "endCell":
        canvas.addLiteral("EMC")


class ListItem(Flowable):
    """One item of a bulleted or numbered list: its label (bullet or number) drawn in the
    indent and tagged Lbl, its text a paragraph tagged LBody, both in one LI. Splits between
    the lines of its text; the label goes with the first part. Right to left, the label is on
    the right."""

    def __init__(self, label: str | None, body: Flowable, label_tag: Tag, setter, font: str, size: float,
                 rtl: bool):
        super().__init__()
        self.label, self.body, self.label_tag = label, body, label_tag
        self.setter, self.font, self.size, self.rtl = setter, font, size, rtl

    def getSpaceBefore(self):
        return self.body.getSpaceBefore()

    def getSpaceAfter(self):
        return self.body.getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.body.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.body.split(availWidth, availHeight)
        if len(parts) < 2:
            return [self] if parts else []
        return [ListItem(self.label if n == 0 else None, part, self.label_tag, self.setter, self.font, self.size,
                         self.rtl) for n, part in enumerate(parts)]

    def draw(self):
        canvas, style = self.canv, self.body.style
        if self.label:
            # A space after the label, as after a line's last word: text gathered element by
            # element then reads "1. Wash", not "1.Wash".
            spaced = self.label + " "
            x = style.bulletIndent
            if self.rtl:
                x = self.width - x - self.setter.line_width(spaced, self.font, self.size)
            canvas.saveState()
            canvas.setFillColor(style.textColor)
            with self.label_tag.draw(canvas):
                self.setter.draw_line(canvas, x, self.height - style.fontSize, spaced, self.font, self.size)
            canvas.restoreState()
        self.body.drawOn(canvas, 0, 0)


@dataclass(frozen=True)
class PanelLook:
    """How a panel stands out. Levels differ in border weight, bar and band, not colour alone,
    so they stay distinct on a black-and-white printer."""
    colour: Color
    border: float  # full border width in points; 0 for none
    bar: float  # solid bar down the left side; 0 for none
    band: bool  # title reversed out of a solid band
    icon: str | None  # "warning" | "clock" | "info", or None


class Panel(Flowable):
    """A box with an optional title and rows of text, each row optionally with an empty tick box.
    Kept whole on one page: the reader must see a checklist all at once. Only a panel taller
    than a whole page is split between rows, when it has a ``continued`` title to repeat."""

    def __init__(self, title: Paragraph | None, rows: list[Paragraph], look: PanelLook, *,
                 pad: float, tick_box: float | None, tick_stroke: float, max_height: float,
                 location: Location, what: str, space_after: float, aside: Flowable | None = None,
                 aside_alt: str | None = None, continued: Paragraph | None = None, key: object = None,
                 rtl: bool = False, split_anywhere: bool = False):
        super().__init__()
        self.rtl = rtl  # mirrored: bar, icon and tick boxes on the right
        self.title, self.rows, self.look, self.aside, self.aside_alt = title, rows, look, aside, aside_alt
        self.key = key or object()  # one Div (and one list) for all the parts of a split panel
        self.pad, self.tick_box, self.tick_stroke = pad, tick_box, tick_stroke
        self.max_height, self.location, self.what = max_height, location, what
        self.spaceAfter = space_after
        self.continued = continued
        self.split_anywhere = split_anywhere  # split between rows wherever the page ends (a long checklist)

    def _with_rows(self, title: Paragraph | None, rows: list[Paragraph]) -> "Panel":
        return Panel(title, rows, self.look, pad=self.pad, tick_box=self.tick_box,
                     tick_stroke=self.tick_stroke, max_height=self.max_height, location=self.location,
                     what=self.what, space_after=self.spaceAfter, aside=self.aside,
                     aside_alt=self.aside_alt, continued=self.continued, key=self.key, rtl=self.rtl,
                     split_anywhere=self.split_anywhere)

    def _icon_size(self) -> float:
        return self.title.style.fontSize * 1.15 if self.title and self.look.icon else 0

    def wrap(self, availWidth, availHeight):
        pad, inner_x = self.pad, self.look.bar + self.pad
        self.width = availWidth
        text_x = inner_x + (self.tick_box + pad * 0.7 if self.tick_box else 0)
        self._text_x = text_x
        self._aside_w, self._aside_h = self.aside.wrap(availWidth, availHeight) if self.aside else (0, 0)
        text_w = self._text_w = availWidth - text_x - pad - (self._aside_w + pad if self.aside else 0)
        self._row_heights = [p.wrap(text_w, availHeight)[1] for p in self.rows]
        self._title_h = 0.0
        if self.title:
            icon = self._icon_size()
            self._title_w = availWidth - inner_x - icon - pad * 1.6
            self._title_h = self.title.wrap(self._title_w, availHeight)[1]
            self._title_block = max(self._title_h, icon) + pad * (1.5 if self.look.band else 0.9)
        else:
            self._title_block = 0.0
        row_gap = pad * 0.5
        rows_h = sum(self._row_heights) + row_gap * (len(self.rows) - 1)
        self.height = self._title_block + pad + max(rows_h, self._aside_h) + pad
        if self.height > self.max_height and (self.continued is None or len(self.rows) < 2):
            raise BlockTooLarge(self.location, self.what)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if (self.height <= self.max_height and not self.split_anywhere) or self.continued is None:
            return []  # it fits on a page of its own: move it there whole
        room = availHeight - self._title_block - 2 * self.pad
        fit = 0
        for height in self._row_heights:
            room -= height + self.pad * 0.5
            if room < -self.pad * 0.5:
                break
            fit += 1
        if fit == 0:
            return []
        return [self._with_rows(self.title, self.rows[:fit]),
                self._with_rows(self.continued, self.rows[fit:])]

    def draw(self):
        """Decoration as artifacts; the title as P and each row as a list item (with tick boxes)
        or a P, all inside one Div; the aside as a Figure with its alternative text."""
        c, look, pad = self.canv, self.look, self.pad
        w, h = self.width, self.height

        def at(x: float, width: float) -> float:
            """Left edge of something ``x`` from the panel's start side."""
            return w - x - width if self.rtl else x

        tagger = tagger_of(c)
        div = tagger.group(self.key, "Div") if tagger else 0
        c.saveState()
        with artifact(c):
            c.setStrokeColor(look.colour)
            c.setFillColor(look.colour)
            if look.band and self.title:
                c.rect(0, h - self._title_block, w, self._title_block, stroke=0, fill=1)
            if look.bar:
                c.rect(at(0, look.bar), 0, look.bar, h, stroke=0, fill=1)
            if look.border:
                c.setLineWidth(look.border)
                half = look.border / 2
                c.rect(half, half, w - look.border, h - look.border, stroke=1, fill=0)
        inner_x = look.bar + pad
        if self.title:
            icon = self._icon_size()
            top = h - (pad * 0.75 if look.band else pad * 0.6)
            block = max(self._title_h, icon)
            with artifact(c):
                if look.icon:
                    _draw_icon(c, look.icon, at(inner_x, icon), top - block / 2 - icon / 2, icon,
                               white if look.band else look.colour, look.colour)
                if not look.band:
                    c.setStrokeColor(look.colour)
                    c.setLineWidth(0.75)
                    c.line(at(inner_x, w - pad - inner_x), h - self._title_block,
                           at(inner_x, w - pad - inner_x) + w - pad - inner_x, h - self._title_block)
            title_x = inner_x + (icon + pad * 0.6 if look.icon else 0)
            with tagged(c, "P", parent=div):
                self.title.drawOn(c, at(title_x, self._title_w), top - block / 2 - self._title_h / 2)
        y = h - self._title_block - pad
        if self.aside:
            with tagged(c, "Figure", parent=div, alt=self.aside_alt):
                self.aside.drawOn(c, at(w - pad - self._aside_w, self._aside_w), y - self._aside_h)
        listing = tagger.group((self.key, "L"), "L", div) if tagger and self.tick_box else div
        c.setStrokeColor(self.rows[0].style.textColor)
        c.setLineWidth(self.tick_stroke)
        for para, ph in zip(self.rows, self._row_heights):
            y -= ph
            if self.tick_box:
                # Align the box with the first line of the item: centred on its x-height band.
                first_line = para.style.leading
                box_y = y + ph - first_line / 2 - self.tick_box / 2 - para.style.fontSize * 0.1
                with artifact(c):
                    c.rect(at(inner_x, self.tick_box), box_y, self.tick_box, self.tick_box, stroke=1, fill=0)
                item = tagger.element("LI", listing) if tagger else 0
                with tagged(c, "LBody", parent=item):
                    para.drawOn(c, at(self._text_x, self._text_w), y)
            else:
                with tagged(c, "P", parent=listing):
                    para.drawOn(c, at(self._text_x, self._text_w), y)
            y -= pad * 0.5
        c.restoreState()


def _draw_icon(c, kind: str, x: float, y: float, size: float, ink: Color, ground: Color) -> None:
    """Small vector icons (no font glyphs, so nothing enters the extracted text)."""
    c.saveState()
    c.setFillColor(ink)
    c.setStrokeColor(ink)
    if kind == "warning":
        p = c.beginPath()
        p.moveTo(x, y)
        p.lineTo(x + size, y)
        p.lineTo(x + size / 2, y + size * 0.94)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
        c.setFillColor(ground if ink == white else white)
        c.rect(x + size * 0.455, y + size * 0.32, size * 0.09, size * 0.36, stroke=0, fill=1)
        c.circle(x + size / 2, y + size * 0.18, size * 0.055, stroke=0, fill=1)
    elif kind == "clock":
        c.setLineWidth(size * 0.1)
        cx, cy, r = x + size / 2, y + size / 2, size * 0.44
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.line(cx, cy, cx, cy + r * 0.65)
        c.line(cx, cy, cx + r * 0.5, cy)
    else:  # info
        c.setLineWidth(size * 0.1)
        cx, cy, r = x + size / 2, y + size / 2, size * 0.44
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.rect(cx - size * 0.05, cy - r * 0.55, size * 0.1, r * 0.8, stroke=0, fill=1)
        c.circle(cx, cy + r * 0.5, size * 0.06, stroke=0, fill=1)
    c.restoreState()
