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


def expected_items(handout: Handout, clinic: Clinic) -> list[Item]:
    """Everything the PDF must show, in reading order: the content, the contact box, the sources."""
    return [*handout.body_items(), *contact_items(clinic, labels_for(handout.language)), *handout.sources]
