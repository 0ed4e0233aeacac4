"""The clinic's "Contact us" box: the same lines for the renderer and the read-back check."""

from __future__ import annotations

from ..clinic import Clinic
from ..content.inline import RichText, Run
from ..content.model import Item
from ..diagnostics import Location
from ..labels import Labels


def contact_items(clinic: Clinic, labels: Labels) -> tuple[Item, ...]:
    """Title first, then one line per field. Empty required fields print a line to write on;
    empty optional ones are left out."""
    where = Location(clinic.path, 1, 1)
    v = clinic.values

    def line(text: str, bold: bool = False) -> Item:
        return Item(RichText((Run(text, bold),)), where)

    lines = [line(labels("contact"))]
    if v.get("name"):
        name = " \u00b7 ".join(x for x in (v["name"], v.get("department")) if x)
        lines.append(line(name, bold=True))
    else:
        lines.append(line(labels("contact_clinic", value=clinic.value("name"))))
    lines.append(line(labels("contact_phone", value=clinic.value("phone"))))
    lines.append(line(labels("contact_after_hours", value=clinic.value("after_hours_phone"))))
    lines.append(line(labels("contact_emergency", value=clinic.value("emergency_number")), bold=True))
    for field, key in (("website", "contact_website"), ("address", "contact_address")):
        if v.get(field):
            lines.append(line(labels(key, value=v[field])))
    return tuple(lines)


def running_clinic(clinic: Clinic) -> str:
    """The clinic's name and phone for a running header; empty for a write-in profile."""
    v = clinic.values
    return " \u00b7 ".join(x for x in (v.get("name"), v.get("phone")) if x)
