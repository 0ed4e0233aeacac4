"""Lay out a handout's flowables on pages and write the PDF: running header and footer with
"Page N of M", document metadata and one bookmark per section. Output is byte-identical for
the same input (reportlab's invariant mode fixes dates and document ids)."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .. import __version__
from ..clinic import Clinic
from ..content.model import Handout
from ..labels import Labels, labels_for
from ..layout.model import Layout
from .contact import running_clinic
from .story import build_story
from .styles import Styles, make_styles


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render(handout: Handout, layout: Layout, clinic: Clinic) -> Rendered:
    """``handout`` must have its placeholders filled for ``clinic`` (fill_placeholders)."""
    styles = make_styles(layout)
    labels = labels_for(handout.language)
    buf = io.BytesIO()
    body = layout.body
    summary = handout.summary or handout.title
    doc = BaseDocTemplate(
        buf, pagesize=layout.page_size, invariant=1, lang=handout.language, displayDocTitle=1,
        # Start pages in our own font, or reportlab lists an unembedded Helvetica on every page.
        initialFontName=styles.fonts["regular"], initialFontSize=layout.base_size,
        title=handout.title.text.plain, subject=summary.text.plain, author=clinic.values.get("name", ""),
        creator=f"handouts {__version__} ({layout.name} layout)",
        keywords=f"{handout.id}, {handout.language}, version {handout.version}",
        leftMargin=body.x0, bottomMargin=body.y0, rightMargin=layout.page_size[0] - body.x1,
        topMargin=layout.page_size[1] - body.y1)
    frame = Frame(body.x0, body.y0, body.width, body.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    running = _Running(handout, styles, labels, running_clinic(clinic))
    doc.build(build_story(handout, styles, labels, clinic),
              canvasmaker=functools.partial(_RunningCanvas, running=running))
    return Rendered(buf.getvalue(), running.pages)


class _Running:
    """Draws the running header and footer once the page count is known."""

    def __init__(self, handout: Handout, styles: Styles, labels: Labels, clinic: str):
        self.handout, self.styles, self.labels, self.clinic = handout, styles, labels, clinic
        self.pages = 0

    def field(self, name: str, page: int) -> str:
        h, labels = self.handout, self.labels
        if name == "title":
            return h.title.text.plain
        if name == "page":
            return labels("page", page=page, pages=self.pages)
        if name == "review":
            return "  \u00b7  ".join((labels("reviewed", date=labels.date(h.reviewed)),
                                      labels("review_by", date=labels.date(h.review_by))))
        if name == "version":
            return labels("version", handout=h.id, language=h.language, version=h.version)
        if name == "clinic":
            return self.clinic
        raise ValueError(name)  # pragma: no cover - layouts are validated against RUNNING_FIELDS

    def draw(self, canvas: Canvas, page: int) -> None:
        layout, style = self.styles.layout, self.styles.running
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
            for i, y in enumerate(baselines):
                room = body.width
                if i < len(right):
                    canvas.drawRightString(body.x1, y, right[i])
                    room -= stringWidth(right[i], style.fontName, style.fontSize) + style.fontSize * 1.5
                if i < len(left):
                    canvas.drawString(body.x0, y, _fit(left[i], room, style.fontName, style.fontSize))
        canvas.restoreState()


def _fit(text: str, width: float, font: str, size: float) -> str:
    """``text``, cut short with an ellipsis if it is wider than ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class _RunningCanvas(Canvas):
    """Holds every page until the end, then draws header and footer with the page total."""

    def __init__(self, *args, running: _Running, **kwargs):
        super().__init__(*args, **kwargs)
        self._running = running
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        # PDF page objects are only created in save(); advance the page name now so that
        # bookmarks made on the next page refer to it, not to the first page.
        self._doc.pageCounter += 1
        self._startPage()

    def save(self):
        self._running.pages = len(self._pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._running.draw(self, number)
            super().showPage()
        self.showOutline()
        super().save()
