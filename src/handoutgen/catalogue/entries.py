"""What the catalogue page lists: every PDF in an output folder, by handout and language.

Made from the build manifest, which records for each PDF its handout, language, layout, title,
translation status, clinical sign-off and review date. So a build that made only some PDFs (one language, one
layout) still lists every PDF the folder holds, and a PDF deleted by hand is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path


from ..fonts import is_rtl


@dataclass(frozen=True)
class Pdf:
    file: str  # its name in the output folder: the name a patient receives
    layout: str
    variant: str  # what follows the layout in the file name (a clinic id), or ""
    pages: int
    size: int


@dataclass(frozen=True)
class Version:
    """One language of a handout, with its PDFs."""
    language: str  # BCP 47 tag
    name: str  # the language's own name ("Español"), for patients to recognise
    english: str  # its English name ("Spanish"), for staff
    rtl: bool
    title: str
    translation: str  # source | draft | reviewed
    stale: bool  # a translation whose source changed after it was made
    signed_off: tuple[str, str] | None  # the content's clinical sign-off (by, YYYY-MM-DD); None: a draft
    review_by: dt.date
    pdfs: tuple[Pdf, ...]

    def overdue(self, today: dt.date) -> bool:
        return self.review_by < today


@dataclass(frozen=True)
class Handout:
    id: str
    versions: tuple[Version, ...]  # the source language first, then by English language name

    @property
    def source(self) -> Version:
        return self.versions[0]


def entries(manifest: dict[str, dict], out_dir: Path) -> list[Handout]:
    """The handouts whose PDFs ``manifest`` (file name -> entry) records and ``out_dir`` holds,
    ordered by their source title."""
    present = sorted((entry["handout"], entry["language"], entry["layout"], name, entry)
                     for name, entry in manifest.items() if (out_dir / name).is_file())
    handouts = []
    for handout, rows in groupby(present, key=lambda row: row[0]):
        versions = [_version(language, [row[2:] for row in group])
                    for language, group in groupby(rows, key=lambda row: row[1])]
        versions.sort(key=lambda v: (v.translation != "source", v.english.casefold(), v.language))
        handouts.append(Handout(handout, tuple(versions)))
    return sorted(handouts, key=lambda h: (h.source.title.casefold(), h.id))


def _version(language: str, pdfs: list[tuple[str, str, dict]]) -> Version:
    first = pdfs[0][2]  # every layout of one handout file has the same title and status
    name, english = language_names(language)
    return Version(
        language, name, english, is_rtl(language), first["title"], first["translation"], first["stale"],
        tuple(first["signed_off"]) if first["signed_off"] else None,
        dt.date.fromisoformat(first["review_by"]),
        tuple(Pdf(file, layout, _variant(file, first["handout"], language, layout), entry["pages"], entry["size"])
              for layout, file, entry in pdfs))


def _variant(file: str, handout: str, language: str, layout: str) -> str:
    """The clinic id in ``<handout>.<language>.<layout>.<clinic>.pdf``."""
    return file.removeprefix(f"{handout}.{language}.{layout}").removesuffix(".pdf").lstrip(".")


@cache
def language_names(tag: str) -> tuple[str, str]:
    """A language's own name and its English name from the Unicode CLDR ("es" -> "Español",
    "Spanish"); the tag itself for a language CLDR does not know. The first letter is
    capitalised, as CLDR asks for names standing alone in a list or menu."""
    from babel import Locale, UnknownLocaleError  # only where the catalogue page is written

    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return tag, tag
    own, english = locale.get_display_name() or tag, locale.get_display_name("en") or tag
    return own[:1].upper() + own[1:], english
