"""The clinic profile (``--clinic FILE``): who the patient calls, printed on every handout.

Handout text can name these fields as placeholders, ``Call {emergency_number} now``, so one
handout says 911 for one clinic and 112 for another. An empty value prints a line to write on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Collector
from .images import ImageProblem, named_image
from .resolve import Scope
from .yamlsource import NodeReader, load_nodes

# Placeholder names handout text may use; fixed, because content authors rely on them.
CLINIC_FIELDS = ("name", "department", "phone", "after_hours_phone", "emergency_number",
                 "website", "address")
REQUIRED = ("name", "phone", "emergency_number")
PHONE_FIELDS = ("phone", "after_hours_phone", "emergency_number")
# What a phone number needs, and nothing else: no letters, no invisible or bidi control
# characters that could print the number reordered (a patient could dial a wrong number).
PHONE = re.compile(r"\+?[0-9(][0-9 ()./\-]{0,29}(?: ?(?:ext\.?|x) ?[0-9]{1,6})?")
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
    for field in PHONE_FIELDS:
        value = values.get(field)
        if value and not PHONE.fullmatch(value):
            r.error(fields[field], f"{field} '{value}' is not a phone number; use digits, spaces, + - ( ) . / "
                                   "and an extension such as 'ext. 12'")
    logo = None
    if fields.get("logo") is not None and (name := r.text(fields["logo"], "logo", allow_empty=True)):
        folder = Path(path).resolve().parent
        try:
            picture = named_image(name, Scope(folder, folder, "the clinic profile", "the clinic profile's folder"))
            logo = picture.path
            # The logo is part of what a clinic's handouts are made from.
            digest = hashlib.sha256(f"{digest}\0{picture.digest}".encode()).hexdigest()
        except ImageProblem as exc:
            r.report.diagnostics.append(exc.diagnostic(r.loc(fields["logo"]), f"logo '{name}'"))
    r.report.raise_if_errors()
    return Clinic(clinic_id or None, values, logo, path, digest)
