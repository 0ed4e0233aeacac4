"""The handout as a layout prints it for a clinic, and the text its PDF must show."""

from __future__ import annotations

from .clinic import Clinic
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
    """The layout as used for this handout: a draft translation gets room at the top of every
    page for the notice that it has not been reviewed (render.running)."""
    return layout.reserve_top(NOTICE_LINES * layout.running_leading + layout.running_leading * 0.4) \
        if is_draft(handout) else layout


NOTICE_LINES = 2  # in the translation's language and in its source's


def expected_items(handout: Handout, clinic: Clinic) -> list[Item]:
    """Everything the PDF must show, in reading order: the content, the contact box, the sources."""
    return [*handout.body_items(), *contact_items(clinic, labels_for(handout.language)), *handout.sources]
