"""The running header and footer, drawn once the page count is known ("Page 2 of 4")."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..content.model import Handout
from ..diagnostics import Location
from ..fonts import Stack, font_name
from ..labels import Labels, labels_for
from ..printed import is_draft
from ..text.breaking import break_lines
from ..layout.model import PRINTER_MARGIN, Layout
from .flowables import RenderProblem
from .styles import Styles
from .text import Typesetter
from .tagging import Tagger, artifact, page_notice


SEPARATOR = "  \u00b7  "  # between the parts of one field: "Reviewed ... · Review by ..."


def running_text(name: str, handout: Handout, labels: Labels, clinic: str, page: int = 0, pages: int = 0) -> str:
    """The words for one running field (see layout.model.RUNNING_FIELDS)."""
    if name == "title":
        return handout.title.text.plain
    if name == "page":
        return labels("page", page=page, pages=pages)
    if name == "review":  # a draft says so where the date of its review would stand
        return SEPARATOR.join((labels("reviewed", date=labels.date(handout.reviewed)) if handout.signed_off
                               else labels("unreviewed"), labels("review_by", date=labels.date(handout.review_by))))
    if name == "version":
        return labels("version", handout=handout.id, language=handout.language, version=handout.version)
    if name == "clinic":
        return clinic
    raise ValueError(name)  # pragma: no cover - layouts are validated against RUNNING_FIELDS


class Running:
    """Draws the running header and footer once the page count is known."""

    def __init__(self, handout: Handout, styles: Styles, labels: Labels, clinic: str):
        self.handout, self.styles, self.labels, self.clinic = handout, styles, labels, clinic
        self.pages = 0
        # Content no clinician has signed off says so in the review field: set in bold and the
        # emergency colour, and tagged as content, read first on every page like the draft notice.
        self.unreviewed = None if handout.signed_off else labels("unreviewed")
        self.notice = draft_notice(handout, styles.layout)

    def field(self, name: str, page: int) -> str:
        return running_text(name, self.handout, self.labels, self.clinic, page, self.pages)

    def _notice_in(self, text: str) -> tuple[str, str] | None:
        """(the not-reviewed notice, the rest) for the running text that starts with it: the
        review field, or its first line when it wraps."""
        if self.unreviewed and text.startswith(self.unreviewed):
            return self.unreviewed, text[len(self.unreviewed):]
        return None

    def _measure(self, text: str) -> float:
        style, setter = self.styles.running, self.styles.setter
        split = self._notice_in(text)
        if split is None:
            return setter.line_width(text, style.fontName, style.fontSize)
        notice, rest = split
        return (setter.line_width(notice, font_name(setter.stack.primary, True), style.fontSize)
                + (setter.line_width(rest, style.fontName, style.fontSize) if rest else 0))

    def _draw_text(self, canvas: Canvas, page: int, x: float, y: float, text: str, align: str) -> None:
        """One running field's text: an artifact, but for the not-reviewed notice it starts with,
        which is set apart (bold, the emergency colour) and tagged as content in the handout's
        language, read first on the page. The rest of the line follows it in reading order."""
        style, setter = self.styles.running, self.styles.setter
        split = self._notice_in(text)
        if split is None:
            with artifact(canvas):
                setter.draw_line(canvas, x, y, text, style.fontName, style.fontSize, align)
            return
        notice, rest = split
        bold = font_name(setter.stack.primary, True)
        notice_width = setter.line_width(notice, bold, style.fontSize)
        rest_width = setter.line_width(rest, style.fontName, style.fontSize) if rest else 0
        left = x if align == "left" else x - notice_width - rest_width
        notice_x, rest_x = (left + rest_width, left) if setter.rtl else (left, left + notice_width)
        with page_notice(canvas, page - 1, self.handout.language):
            canvas.setFillColor(self.styles.colour("emergency"))
            setter.draw_line(canvas, notice_x, y, notice, bold, style.fontSize)
            canvas.setFillColor(style.textColor)
        if rest:
            with artifact(canvas):
                setter.draw_line(canvas, rest_x, y, rest, style.fontName, style.fontSize)

    def draw(self, canvas: Canvas, page: int) -> None:
        """Header and footer: page furniture (artifacts), except the not-reviewed notice."""
        layout, style, setter = self.styles.layout, self.styles.running, self.styles.setter
        body = layout.body
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.setStrokeColor(self.styles.colour("rule"))
        canvas.setLineWidth(0.6)
        for where, slots in (("header", layout.header), ("footer", layout.footer)):
            lines = self._lines(slots, page)
            if not lines:
                continue
            rule_y = layout.running_rule(where)
            with artifact(canvas):
                canvas.line(body.x0, rule_y, body.x1, rule_y)
            baselines = layout.running_baselines(where, len(lines))
            if where == "header":  # the header's last line sits nearest the body
                baselines = baselines[::-1]
            if min(baselines) - style.fontSize * 0.3 < PRINTER_MARGIN or \
                    max(baselines) + style.fontSize > layout.page_size[1] - PRINTER_MARGIN:
                raise RenderProblem(Location(layout.path, 1, 1), (
                    f"the running {where} needs {len(lines)} lines in {self.handout.language} and reaches "
                    f"into the outer 0.25 in that printers cannot print; make the "
                    f"{'bottom' if where == 'footer' else 'top'} margin of the {layout.name} layout larger, "
                    "or its running text smaller"))
            for (start, end), y in zip(lines, baselines):
                # Mirrored in right-to-left languages: the fields read first stand on the right.
                for text, at_start in ((start, True), (end, False)):
                    if text:
                        on_left = at_start != setter.rtl
                        self._draw_text(canvas, page, body.x0 if on_left else body.x1, y, text,
                                        "left" if on_left else "right")
        canvas.restoreState()

    def draw_notice(self, canvas: Canvas, page: int) -> None:
        """The draft notice above the running header, on a trifold above each panel: content,
        not page furniture, so screen readers read it first on every page, each language's
        part in its own language. The copies on a trifold's other panels are artifacts: read
        once per side is enough."""
        layout, style, body = self.styles.layout, self.styles.running, self.styles.layout.body
        header = self._lines(layout.header, page)  # a wrapped header is taller: stand above all of it
        above = layout.running_baselines("header", len(header))[-1] if header else body.y1
        canvas.saveState()
        canvas.setFillColor(self.styles.colour("emergency"))
        for n, box in enumerate(layout.top_boxes(page - 1)):
            parts = wrap_notice(self.notice, box.width, style.fontSize)
            i = sum(len(lines) for _, lines in parts)
            for setter, lines in parts:
                font = font_name(setter.stack.primary, True)
                with page_notice(canvas, page - 1, setter.stack.language) if n == 0 else artifact(canvas):
                    for text in lines:
                        y = above + layout.running_leading * (i + 0.2)
                        i -= 1
                        if setter.rtl:
                            setter.draw_line(canvas, box.x1, y, text, font, style.fontSize, "right")
                        else:
                            setter.draw_line(canvas, box.x0, y, text, font, style.fontSize)
        canvas.restoreState()

    def _lines(self, slots, page: int) -> list[tuple[str, str]]:
        """The running lines, top to bottom, as (text at the start side, text at the end side).
        Nothing but the title is ever cut short: a date, a page number or a version that does
        not fit beside the field across from it wraps onto lines of its own."""
        style, width, measure = self.styles.running, self.styles.layout.body.width, self._measure
        gap = style.fontSize * 1.5
        lines: list[tuple[str, str]] = []
        for i in range(max(len(slots.left), len(slots.right))):
            name = slots.left[i] if i < len(slots.left) else None
            start = self.field(name, page) if name else ""
            end = self.field(slots.right[i], page) if i < len(slots.right) else ""
            room = width - (measure(end) + gap if end else 0)
            if measure(start) <= room:
                lines.append((start, end))
            elif name == "title":
                lines.append((self._fit(start, room), end))
            else:
                pieces = _wrap(start, [room, width], measure, self.styles.setter.language)
                lines += [(pieces[0], end), *((piece, "") for piece in pieces[1:])]
        return lines

    def _fit(self, text: str, width: float) -> str:
        """``text``, cut short with an ellipsis if it is wider than ``width``. The longest prefix
        that fits is found by bisection: a few measurements, whatever the length of the text."""
        style, setter = self.styles.running, self.styles.setter

        def fits(t: str) -> bool:
            return setter.line_width(t, style.fontName, style.fontSize) <= width

        if fits(text):
            return text
        low, high = 0, len(text) - 1  # the longest prefix that fits has low to high characters
        while low < high:
            middle = (low + high + 1) // 2
            if fits(text[:middle] + "\u2026"):
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "\u2026"


def draft_notice(handout: Handout, layout: Layout) -> list[tuple[str, Typesetter]]:
    """A draft translation says so at the top of every page, in its language and its source's:
    (text, how it is set) for each; nothing for other handouts."""
    if not is_draft(handout):
        return []
    return [(labels_for(lang)("draft"), Typesetter(Stack(layout.font_family, lang)))
            for lang in (handout.language, handout.translation.source)]


def wrap_notice(notice: list[tuple[str, Typesetter]], width: float,
                size: float) -> list[tuple[Typesetter, list[str]]]:
    """Each language's part of the notice broken into lines ``width`` wide."""
    def measure(setter: Typesetter):
        font = font_name(setter.stack.primary, True)
        return lambda text: setter.line_width(text, font, size)
    return [(setter, _wrap(text, [width], measure(setter), setter.language)) for text, setter in notice]


def notice_lines(handout: Handout, layout: Layout) -> int:
    """Lines the draft notice takes where it is narrowest (0 for a handout that is no draft)."""
    notice = draft_notice(handout, layout)
    # a trifold's two sides; other layouts have the same body on every page
    widths = {box.width for page in range(2) for box in layout.top_boxes(page)}
    return max((sum(len(lines) for _, lines in wrap_notice(notice, width, layout.size("running")))
                for width in widths), default=0) if notice else 0


def _wrap(text: str, widths: list[float], measure, language: str) -> list[str]:
    """``text`` broken into lines, the first as wide as ``widths[0]``, the others as
    ``widths[-1]``: between its parts (so a date is never split from its label) and, only where
    one part is wider than a line, inside it where UAX #14 allows (text.breaking; never
    hyphenated, and a word wider than the line stays whole)."""
    lines: list[str] = []

    def room() -> float:
        return widths[min(len(lines), len(widths) - 1)]

    def pack(part: str) -> None:
        rooms = widths[min(len(lines), len(widths) - 1):] or widths[-1:]
        for line in break_lines(part, language, rooms, lambda a, b: measure(part[a:b]), hyphenate=False):
            lines.append(part[line.start:line.end].rstrip())

    for part in text.split(SEPARATOR):
        if measure(part) <= room():
            if lines and measure(lines[-1] + SEPARATOR + part) <= widths[min(len(lines) - 1, len(widths) - 1)]:
                lines[-1] += SEPARATOR + part
            else:
                lines.append(part)
        else:
            pack(part)
    return lines


class RunningCanvas(Canvas):
    """Holds every page until the end, then draws header and footer with the page total."""

    def __init__(self, *args, running: Running, tagger: Tagger | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._running = running
        self._pages: list[dict] = []
        self.tagger = tagger

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        # PDF page objects are only created in save(); advance the page name now so that
        # bookmarks made on the next page refer to it, not to the first page.
        self._doc.pageCounter += 1
        self._startPage()
        if self.tagger:
            self.tagger.page = len(self._pages)

    def save(self):
        self._running.pages = len(self._pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._running.draw_notice(self, number)  # read first: a draft translation's notice,
            self._running.draw(self, number)  # then a draft's "not reviewed" in the running text
            super().showPage()
        self.showOutline()
        super().save()
