"""The running header and footer, drawn once the page count is known ("Page 2 of 4")."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..content.model import Handout
from ..fonts import Stack, font_name
from ..labels import Labels, labels_for
from ..printed import is_draft
from .styles import Styles
from .text import Typesetter
from .tagging import Tagger, artifact, page_notice


def running_text(name: str, handout: Handout, labels: Labels, clinic: str, page: int = 0, pages: int = 0) -> str:
    """The words for one running field (see layout.model.RUNNING_FIELDS)."""
    if name == "title":
        return handout.title.text.plain
    if name == "page":
        return labels("page", page=page, pages=pages)
    if name == "review":
        return "  \u00b7  ".join((labels("reviewed", date=labels.date(handout.reviewed)),
                                   labels("review_by", date=labels.date(handout.review_by))))
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
        # A draft translation says so at the top of every page, in its language and its source's.
        self.notice = [(labels("draft"), styles.setter),
                       (labels_for(handout.translation.source)("draft"),
                        Typesetter(Stack(styles.layout.font_family, handout.translation.source)))] \
            if is_draft(handout) else []

    def field(self, name: str, page: int) -> str:
        return running_text(name, self.handout, self.labels, self.clinic, page, self.pages)

    def draw(self, canvas: Canvas, page: int) -> None:
        layout, style, setter = self.styles.layout, self.styles.running, self.styles.setter
        body = layout.body
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.setStrokeColor(self.styles.colour("rule"))
        canvas.setLineWidth(0.6)
        for where, slots in (("header", layout.header), ("footer", layout.footer)):
            baselines = layout.running_baselines(where)
            if not baselines:
                continue
            rule_y = layout.running_rule(where)
            canvas.line(body.x0, rule_y, body.x1, rule_y)
            left = [self.field(n, page) for n in slots.left]
            right = [self.field(n, page) for n in slots.right]
            if where == "header":  # the header's last line sits nearest the body
                left, right = left[::-1], right[::-1]
            if setter.rtl:  # mirrored: the fields read first stand on the right
                left, right = right, left
            for i, y in enumerate(baselines):
                room = body.width
                if i < len(right):
                    setter.draw_line(canvas, body.x1, y, right[i], style.fontName, style.fontSize, "right")
                    room -= setter.line_width(right[i], style.fontName, style.fontSize) + style.fontSize * 1.5
                if i < len(left):
                    setter.draw_line(canvas, body.x0, y, self._fit(left[i], room), style.fontName, style.fontSize)
        canvas.restoreState()

    def draw_notice(self, canvas: Canvas, page: int) -> None:
        """The draft notice above the running header: content, not page furniture, so screen
        readers read it first on every page, each line in its own language."""
        layout, style, body = self.styles.layout, self.styles.running, self.styles.layout.body
        header = layout.running_baselines("header")
        above = header[-1] if header else body.y1
        canvas.saveState()
        canvas.setFillColor(self.styles.colour("emergency"))
        lines = len(self.notice)
        for i, (text, setter) in enumerate(self.notice):
            y = above + layout.running_leading * (lines - i + 0.2)
            font = font_name(setter.stack.primary, True)
            with page_notice(canvas, page - 1, setter.stack.language):
                if setter.rtl:
                    setter.draw_line(canvas, body.x1, y, text, font, style.fontSize, "right")
                else:
                    setter.draw_line(canvas, body.x0, y, text, font, style.fontSize)
        canvas.restoreState()

    def _fit(self, text: str, width: float) -> str:
        """``text``, cut short with an ellipsis if it is wider than ``width``."""
        style, setter = self.styles.running, self.styles.setter

        def fits(t: str) -> bool:
            return setter.line_width(t, style.fontName, style.fontSize) <= width

        if fits(text):
            return text
        while text and not fits(text + "\u2026"):
            text = text[:-1]
        return text.rstrip() + "\u2026"


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
            with artifact(self):  # page furniture: a screen reader skips it
                self._running.draw(self, number)
            self._running.draw_notice(self, number)
            super().showPage()
        self.showOutline()
        super().save()
