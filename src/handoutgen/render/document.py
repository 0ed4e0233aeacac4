"""Lay out a handout on pages and write the PDF: page templates (one flowing column, or a
trifold's panels), running header and footer, document metadata and one bookmark per section.
Output is byte-identical for the same input (reportlab's invariant mode fixes dates and ids)."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, PageTemplate

from .. import __version__
from ..clinic import Clinic
from ..content.model import Handout
from ..labels import labels_for
from ..layout.model import TRIFOLD_READING, Layout
from .contact import running_clinic
from .flowables import box_frame
from .running import Running, RunningCanvas
from .sources import KeepsSources
from .story import build_story
from .tagging import Tagger, tagger_of, write_structure
from .styles import make_styles
from .trifold import trifold_pages


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render(handout: Handout, layout: Layout, clinic: Clinic) -> Rendered:
    """``handout`` as the layout prints it for ``clinic`` (build.as_printed)."""
    styles = make_styles(layout, handout.language)
    labels = labels_for(handout.language)
    if layout.fold == "trifold":
        templates, story = trifold_pages(handout, styles, labels, clinic)
    else:
        templates = [PageTemplate("page", [box_frame("body", layout.body)])]
        story = build_story(handout, styles, labels, clinic)
    buf = io.BytesIO()
    summary = handout.summary or handout.title
    tagger = Tagger({name: n for n, name in enumerate(TRIFOLD_READING)} if layout.fold == "trifold" else None)
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
    return Rendered(write_structure(buf.getvalue(), tagger, handout.title.text.plain, handout.reviewed),
                    running.pages)


class _Document(KeepsSources, BaseDocTemplate):
    """Tells the tagger which frame it is drawing in, so structure follows reading order."""

    def handle_frameBegin(self, *args, **kwargs):
        super().handle_frameBegin(*args, **kwargs)
        tagger = tagger_of(self.canv)
        if tagger:
            tagger.region = self.frame.id
