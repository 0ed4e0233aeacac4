"""The clinic profile (``--clinic FILE``): who the patient calls, printed on every handout.

Handout text can name these fields as placeholders, ``Call {emergency_number} now``, so one
handout says 911 for one clinic and 112 for another. An empty value prints a line to write on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .content.schema import Field, Record, Slug
from .declare import Blank, Shaped, read_record
from .diagnostics import Collector
from .images import ImageProblem, named_image
from .resolve import Scope
from .yamlsource import NodeReader, load_nodes

# What a phone number needs, and nothing else: no letters, no invisible or bidi control
# characters that could print the number reordered (a patient could dial a wrong number).
PHONE = re.compile(r"\+?[0-9(][0-9 ()./\-]{0,29}(?: ?(?:ext\.?|x) ?[0-9]{1,6})?")
_PHONE = Shaped(PHONE.pattern, "a phone number", "use digits, spaces, + - ( ) . / and an extension such as "
                "'ext. 12'", blank=True, numbers=True)

# Every key of a clinic profile, declared once: the parser reads by it and
# schema/clinic.schema.json is made from it (python -m handoutgen.schemas).
PROFILE = Record("the clinic profile", "clinic profile", (
    Field("name", Blank(), "Clinic or hospital name; printed in the running header, the contact box and the "
          "PDF's author. Handout text can use it as `{name}`.", "Riverside Cancer Center", True),
    Field("department", Blank(), "The department; `{department}` in handout text.", "Blood and Cancer Clinic"),
    Field("phone", _PHONE, "The number patients call; `{phone}`. Empty prints a line to write on.",
          "(555) 010-0100", True),
    Field("after_hours_phone", _PHONE, "The number to call after hours; `{after_hours_phone}`.",
          "(555) 010-0199"),
    Field("emergency_number", _PHONE, "The emergency number, `{emergency_number}`: 911 (US, Canada), 999 (UK), "
          "112 (EU), 000 (Australia).", "911", True),
    Field("website", Blank(), "The clinic's website; `{website}`.", "https://www.example.org/cancer-care"),
    Field("address", Blank(), "The clinic's address; `{address}`.", "100 Main Street, Springfield"),
    Field("id", Slug(), "A short name added to output file names (`<handout>.<lang>.<layout>.<id>.pdf`).",
          "riverside-oncology", label="id"),
    Field("logo", Blank("a file name, or empty"), "SVG, PNG or JPEG, relative to this file; printed on the "
          "cover of a trifold.", "logo.svg"),
))
# Placeholder names handout text may use; fixed, because content authors rely on them.
CLINIC_FIELDS = tuple(f.key for f in PROFILE.fields if f.key not in ("id", "logo"))
PHONE_FIELDS = tuple(f.key for f in PROFILE.fields if f.type is _PHONE)
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
    fields = read_record(r, root, PROFILE)
    r.report.raise_if_errors()
    values = {k: v for k, v in fields.values.items() if k in CLINIC_FIELDS}
    clinic_id = fields["id"]
    logo = None
    if name := fields["logo"]:
        folder = Path(path).resolve().parent
        try:
            picture = named_image(name, Scope(folder, folder, "the clinic profile", "the clinic profile's folder"))
            logo = picture.path
            # The logo is part of what a clinic's handouts are made from.
            digest = hashlib.sha256(f"{digest}\0{picture.digest}".encode()).hexdigest()
        except ImageProblem as exc:
            r.report.diagnostics.append(exc.diagnostic(r.loc(fields.nodes["logo"]), f"logo '{name}'"))
    r.report.raise_if_errors()
    return Clinic(clinic_id or None, values, logo, path, digest)
