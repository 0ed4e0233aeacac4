"""A trifold leaflet: one landscape sheet, printed on both sides (flip on the short edge) and
folded in three. The outside holds flap | back | cover, the inside A | B | C.

The sections flow through the panels in the order a reader opens them (A, flap, B, C), which
is not the order of the pages. So the flow is laid out twice: first into four panel-sized
pages in reading order, to learn which pieces land in which panel (and whether it all fits),
then onto the real sheet, each panel's pieces in its own frame.
"""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, FrameBreak, PageBreak, PageTemplate

from ..clinic import Clinic
from ..content.model import Handout
from ..diagnostics import Location
from ..fonts import font_name
from ..images import load_image
from ..labels import Labels
from ..layout.model import TRIFOLD_FLOW, Box, Layout
from .flowables import RenderProblem, Tag, TaggedFigure, box_frame
from .running import running_text
from .sources import KeepsSources
from .story import closing_flowables, section_flowables, title_flowables
from .styles import Styles
from .tagging import tagger_of


class DoesNotFit(RenderProblem):
    """The sections are longer than the leaflet's four panels."""


def trifold_pages(handout: Handout, styles: Styles, labels: Labels, clinic: Clinic,
                  moves: list | None = None) -> tuple[list[PageTemplate], list[Flowable]]:
    layout = styles.layout
    chunks = _distribute(section_flowables(handout, styles, labels, moves), layout, handout)
    panels = {name: box for name, (_, box) in layout.panels.items()}
    fixed = [*_cover(handout, styles, labels, clinic, panels["cover"]),
             *_back(handout, styles, labels, clinic, panels["back"])]
    # Try the cover and back on a scratch canvas first: an exception raised while reportlab
    # draws a page comes back re-wrapped and without its location.
    scratch = Canvas(io.BytesIO(), pagesize=layout.page_size)
    for name, box, content in fixed:
        left = list(content)
        box_frame(name, box).addFromList(left, scratch)
        if left:
            first = handout.title if name == "cover" else (handout.sources or [None])[0]
            raise RenderProblem(first.location if first else Location(handout.path, 1, 1),
                                f"the trifold's {name} panel is too full; shorten the "
                                f"{'title and summary' if name == 'cover' else 'sources'}")

    def outside(canvas, doc):
        for name, box, content in fixed:
            tagger = tagger_of(canvas)
            if tagger:
                tagger.region = name  # cover and back are read first and last
            box_frame(name, box).addFromList(list(content), canvas)

    templates = [
        PageTemplate("outside", [box_frame("flap", panels["flap"])], onPage=outside,
                     autoNextPageTemplate="inside"),
        PageTemplate("inside", [box_frame(name, panels[name]) for name in ("a", "b", "c")]),
    ]
    story = [*chunks["flap"], PageBreak(), *chunks["a"], FrameBreak(), *chunks["b"], FrameBreak(),
             *chunks["c"]]
    return templates, story


def _distribute(flowables: list[Flowable], layout: Layout, handout: Handout) -> dict[str, list[Flowable]]:
    """Lay the flow out into the panels in reading order; the pieces each panel received."""
    placed: dict[int, list[Flowable]] = {}
    used: dict[int, float] = {}
    starts: dict[int, Location] = {}  # where the content on each page comes from

    class Probe(KeepsSources, BaseDocTemplate):
        def afterFlowable(self, flowable):
            if not isinstance(flowable, ActionFlowable):
                if self.current:
                    starts.setdefault(self.page, self.current[0])
                # Pieces are drawn again on the real sheet: clear reportlab's "moved on once" mark.
                flowable.__dict__.pop("_postponed", None)
                placed.setdefault(self.page, []).append(flowable)

        def afterPage(self):
            used[self.page] = self.frame._y2 - self.frame._y

    names = [*TRIFOLD_FLOW, "over"]
    panels = {name: box for name, (_, box) in layout.panels.items()}
    panels["over"] = panels[TRIFOLD_FLOW[-1]]
    probe = Probe(io.BytesIO(), pagesize=layout.page_size, invariant=1)
    probe.addPageTemplates([
        PageTemplate(name, [box_frame(name, panels[name])],
                     autoNextPageTemplate=names[min(i + 1, len(names) - 1)])
        for i, name in enumerate(names)])
    probe.build(list(flowables))
    over = sum(height for page, height in used.items() if page > len(TRIFOLD_FLOW))
    if over > 0:
        lines = over / (layout.base_size * layout.leading)
        raise DoesNotFit(  # at the first block that does not fit
            starts.get(len(TRIFOLD_FLOW) + 1, Location(handout.path, 1, 1)),
            f"{handout.id} ({handout.language}) does not fit the two sides of the {layout.name} "
            f"layout: about {lines:.0f} lines ({over / layout.column.height:.0%} of a panel) too "
            "long. Shorten it, leave sections out of leaflets with 'leaflet: false', or use "
            "another layout")
    return {name: placed.get(i + 1, []) for i, name in enumerate(TRIFOLD_FLOW)}


def _cover(handout: Handout, styles: Styles, labels: Labels, clinic: Clinic,
           box: Box) -> list[tuple[str, Box, list[Flowable]]]:
    """Title block at the top of the cover; the clinic's logo and name at its foot."""
    identity: list[Flowable] = []
    if clinic.logo:
        identity.append(TaggedFigure(load_image(clinic.logo).flowable(styles.layout.base_size * 6, styles.picture_fonts), clinic.logo_alt()))
    name = clinic.values.get("name")
    if name:
        identity.append(styles.para(name, styles.panel_title, Tag("P")))
    if clinic.values.get("department"):
        identity.append(styles.para(clinic.values["department"], styles.small, Tag("P")))
    foot = box.height * 0.3 if identity else 0
    return [("cover", Box(box.x0, box.y0 + foot, box.x1, box.y1), title_flowables(handout, styles, labels)),
            ("cover", Box(box.x0, box.y0, box.x1, box.y0 + foot), identity)]


def _back(handout: Handout, styles: Styles, labels: Labels, clinic: Clinic,
          box: Box) -> list[tuple[str, Box, list[Flowable]]]:
    """Contact box and sources; the review dates and version at the foot."""
    # A draft's review field, which says no clinician has reviewed it, stands out as in the footer.
    review = styles.running if handout.signed_off else ParagraphStyle(
        "unreviewed", parent=styles.running, fontName=font_name(styles.setter.stack.primary, True),
        textColor=styles.colour("emergency"))
    facts = [styles.para(running_text(name, handout, labels, ""), style, Tag("P"))
             for name, style in (("review", review), ("version", styles.running))]
    foot = sum(f.wrap(box.width, box.height)[1] for f in facts) + styles.running.leading * 0.5
    return [("back", Box(box.x0, box.y0 + foot, box.x1, box.y1),
             closing_flowables(handout, styles, labels, clinic)),
            ("back", Box(box.x0, box.y0, box.x1, box.y0 + foot), facts)]
