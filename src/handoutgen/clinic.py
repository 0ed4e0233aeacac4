"""The clinic profile (``--clinic FILE``): who the patient calls, printed on every handout.

Handout text can name these fields as placeholders, ``Call {emergency_number} now``, so one
handout says 911 for one clinic and 112 for another. An empty value prints a line to write on.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from .diagnostics import Collector
from .images import ImageProblem, load_image
from .yamlsource import NodeReader, load_nodes

# Placeholder names handout text may use; fixed, because content authors rely on them.
CLINIC_FIELDS = ("name", "department", "phone", "after_hours_phone", "emergency_number",
                 "website", "address")
REQUIRED = ("name", "phone", "emergency_number")
PHONE_FIELDS = ("phone", "after_hours_phone", "emergency_number")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg")
WRITE_IN = "_" * 24  # room to write a phone number by hand


@dataclass(frozen=True)
class Clinic:
    id: str | None  # short name added to output file names
    values: dict[str, str]  # CLINIC_FIELDS -> text; "" means a line to write on
    logo: str | None  # absolute path of an SVG, PNG or JPEG
    path: str
    digest: str  # of the profile and its logo

    def value(self, field: str) -> str:
        text = self.values.get(field) or WRITE_IN
        # No-break spaces: a phone number split over two lines gets misdialled.
        return text.replace(" ", "\u00a0") if field in PHONE_FIELDS else text

    def logo_alt(self) -> str:
        """The logo's alternative text for screen readers."""
        return f"{self.values['name']} logo" if self.values.get("name") else "Clinic logo"

    def placeholders(self) -> dict[str, str]:
        """What each placeholder prints for this clinic."""
        return {f: self.value(f) for f in CLINIC_FIELDS}


def parse_clinic(path: str) -> Clinic:
    r = NodeReader(path, Collector())
    root, digest = load_nodes(path)
    fields = r.mapping(root, "the clinic profile", REQUIRED,
                       ("id", "logo", *(f for f in CLINIC_FIELDS if f not in REQUIRED)))
    r.report.raise_if_errors()
    values = {k: r.text(v, k, allow_empty=True) for k, v in fields.items() if k in CLINIC_FIELDS}
    clinic_id = r.slug(fields["id"], "id") if "id" in fields else None
    logo = None
    if fields.get("logo") is not None and (name := r.text(fields["logo"], "logo", allow_empty=True)):
        logo = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), name))
        problem = _logo_problem(logo)
        if problem:
            r.error(fields["logo"], f"logo '{name}' {problem}")
    r.report.raise_if_errors()
    if logo:  # the logo is part of what a clinic's handouts are made from
        with open(logo, "rb") as f:
            digest = hashlib.sha256(digest.encode() + f.read()).hexdigest()
    return Clinic(clinic_id or None, values, logo, path, digest)


def _logo_problem(path: str) -> str | None:
    if os.path.splitext(path)[1].lower() not in LOGO_TYPES:
        return "must be an SVG, PNG or JPEG file"
    if not os.path.isfile(path):
        return "does not exist (the path is relative to the clinic profile)"
    try:
        load_image(path)
    except ImageProblem as exc:
        return str(exc)
    return None
