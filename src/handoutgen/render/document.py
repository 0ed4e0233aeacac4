"""Lay out a handout on pages and write the PDF: page templates (one flowing column, or a
trifold's panels), running header and footer, document metadata and one bookmark per section.
Output is byte-identical for the same input (reportlab's invariant mode fixes dates and ids)."""

from __future__ import annotations

import dataclasses
import functools
import io
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, PageTemplate

from .. import __version__
from ..clinic import PHONE_FIELDS, Clinic
from ..content.model import Handout
from ..labels import labels_for
from ..layout.model import TRIFOLD_READING, Layout
from .contact import running_clinic
from .flowables import box_frame
from .links import phone_targets
from .running import Running, RunningCanvas
from .sources import KeepsSources
from .story import build_story
from .tagging import Tagger, tagger_of, write_structure
from .styles import make_styles
from .trifold import DoesNotFit, trifold_pages


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    fitted: Layout | None = None  # the smaller step of the layout it was set in to fit, if any
    unfitted: int = 0  # pages at the layout's own size, when fitted (0: it did not fit at all)
    moved: tuple[tuple[str, int, int], ...] = ()  # figures drawn after text (pagination.Float)


def render(handout: Handout, layout: Layout, clinic: Clinic) -> Rendered:
    """``handout`` as the layout prints it for ``clinic`` (build.as_printed). Over the page
    budget, too long for a trifold, or with the contact box and sources alone on a last page
    of their own, it is set again in the layout's smaller steps (copy-fitting, ``type.fit``),
    largest first: the first step that reaches the goal is kept. When none does, an over-budget
    handout is kept at the largest step that still saves a page; otherwise it is printed at the
    layout's own size (over budget: a warning for the pipeline) or the trifold's error is
    raised. Only the kept setting gets its structure tree and links."""
    try:
        first = _lay_out(handout, layout, clinic)
    except DoesNotFit:
        first = None
    if first is None or first.pages > layout.budget:
        goal = layout.budget
    elif first.spilled:
        goal = first.pages - 1
    else:
        return first.finish(handout)
    kept = None  # the first step that reaches the goal, else the first that saves a page
    for step in layout.fit_steps():
        try:
            laid = _lay_out(handout, step, clinic)
        except DoesNotFit:
            continue
        if laid.pages <= goal:
            kept = step, laid
            break
        if kept is None and first is not None and laid.pages < first.pages:
            kept = step, laid
    if kept is None:
        return (first or _lay_out(handout, layout, clinic)).finish(handout)  # without first: the trifold's error
    step, laid = kept
    return dataclasses.replace(laid.finish(handout), fitted=step, unfitted=first.pages if first else 0)


@dataclass(frozen=True)
class _Laid:
    """A handout laid out on pages, its structure recorded but not yet written."""
    pdf: bytes
    tagger: Tagger
    pages: int
    moved: tuple[tuple[str, int, int], ...]
    spilled: bool  # the contact box and sources did not fit after the content

    def finish(self, handout: Handout) -> Rendered:
        return Rendered(write_structure(self.pdf, self.tagger, handout.title.text.plain, handout.reviewed),
                        self.pages, moved=self.moved)


def _lay_out(handout: Handout, layout: Layout, clinic: Clinic) -> _Laid:
    styles = make_styles(layout, handout.language)
    labels = labels_for(handout.language)
    moves: list[tuple[str, int, int]] = []
    if layout.fold == "trifold":
        templates, story = trifold_pages(handout, styles, labels, clinic, moves)
    else:
        templates = [PageTemplate("page", [box_frame("body", layout.body)])]
        story = build_story(handout, styles, labels, clinic, moves)
    closing = story[-1]  # the contact box and sources (a trifold's are on its back panel)
    buf = io.BytesIO()
    summary = handout.summary or handout.title
    phones = [clinic.values[k] for k in PHONE_FIELDS if clinic.values.get(k)]
    tagger = Tagger({name: n for n, name in enumerate(TRIFOLD_READING)} if layout.fold == "trifold" else None,
                    phone_targets(phones))
    doc = _Document(
        buf, pagesize=layout.page_size, invariant=1, lang=handout.language, displayDocTitle=1,
        # Start pages in our own font, or reportlab lists an unembedded Helvetica on every page.
        initialFontName=styles.fonts["regular"], initialFontSize=layout.base_size,
        title=handout.title.text.plain, subject=summary.text.plain, author=clinic.values.get("name", ""),
        creator=f"handouts {__version__} ({layout.name} layout)",
        keywords=f"{handout.id}, {handout.language}, version {handout.version}")
    doc.addPageTemplates(templates)
    running = Running(handout, styles, labels, running_clinic(clinic))
    doc.build(story, canvasmaker=functools.partial(RunningCanvas, running=running, tagger=tagger))
    return _Laid(buf.getvalue(), tagger, running.pages, tuple(moves),
                 layout.fold == "none" and getattr(closing, "moved", False))


def as_drawn(handout: Handout, moved: tuple[tuple[str, int, int], ...]) -> Handout:
    """The handout in the order its PDF shows it: each figure that moved on after the blocks
    drawn before it, which for a figure that ends its section are the next sections' first."""
    orders = {section.id: [(section.id, n) for n in range(len(section.blocks))] for section in handout.sections}
    ids = [section.id for section in handout.sections]
    for section_id, figure, blocks in moved:
        order = orders[section_id]
        at = order.index((section_id, figure))
        item = order.pop(at)
        at += blocks
        while at > len(order):  # past its section's end: among the next section's blocks
            at -= len(order)
            section_id = ids[ids.index(section_id) + 1]
            order = orders[section_id]
        order.insert(at, item)
    blocks = {(section.id, n): block for section in handout.sections for n, block in enumerate(section.blocks)}
    return dataclasses.replace(handout, sections=tuple(
        dataclasses.replace(section, blocks=tuple(blocks[key] for key in orders[section.id]))
        for section in handout.sections))


class _Document(KeepsSources, BaseDocTemplate):
    """Tells the tagger which frame it is drawing in, so structure follows reading order."""

    def handle_frameBegin(self, *args, **kwargs):
        super().handle_frameBegin(*args, **kwargs)
        tagger = tagger_of(self.canv)
        if tagger:
            tagger.region = self.frame.id
