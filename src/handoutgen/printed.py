"""The handout as a layout prints it for a clinic, and the text its PDF must show."""

from __future__ import annotations

from .clinic import Clinic
from .fonts import is_rtl
from .content.model import Handout, Item, fill_placeholders
from .labels import labels_for
from .layout.model import Layout
from .render.contact import contact_items


def as_printed(handout: Handout, layout: Layout, clinic: Clinic) -> Handout:
    """The handout as ``layout`` prints it for ``clinic``: leaflets leave out the sections marked
    ``leaflet: false``, and the clinic's details fill the placeholders."""
    if layout.fold != "none":
        handout = handout.for_leaflet()
    return fill_placeholders(handout, clinic.placeholders())


def is_draft(handout: Handout) -> bool:
    return bool(handout.translation and handout.translation.status == "draft")


def printed_layout(handout: Handout, layout: Layout) -> Layout:
    """The layout as used for this handout: mirrored in a right-to-left language (a trifold
    folds the other way), and with room at the top of every page for a draft translation's
    notice that it has not been reviewed (render.running)."""
    layout = layout.for_direction(is_rtl(handout.language))
    if not is_draft(handout):
        return layout
    from .render.running import notice_lines  # the notice is measured in its fonts
    return layout.reserve_top((notice_lines(handout, layout) + 0.4) * layout.running_leading)


def expected_items(handout: Handout, clinic: Clinic) -> list[Item]:
    """Everything the PDF must show, in reading order: the content, the contact box, the sources."""
    return [*handout.body_items(), *contact_items(clinic, labels_for(handout.language)), *handout.sources]
