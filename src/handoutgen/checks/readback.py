"""Read a finished PDF back with pypdf and confirm every piece of content is there, in order.

Only text inside the layout's reading regions (the body frame of each page, or a trifold's
panels in the order they are opened) is compared, so the running header and footer cannot stand
in for missing content, nor break up a paragraph that continues on the next page.
Whitespace is ignored on both sides, so line breaks compare equal to the source, and so does
a hyphenated word wrapped after its hyphen; a soft hyphen matches the '-' printed where a line
breaks at it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from pypdf import PdfReader

from ..content.model import Item
from ..diagnostics import Diagnostic
from ..layout.model import Box

_TOLERANCE = 2.0  # points: a baseline exactly on the frame edge still counts as inside
SOFT_HYPHEN = "\u00ad"


def region_text(pdf: bytes | PdfReader, regions: Sequence[tuple[int, Box]]) -> list[str]:
    """The text drawn inside each (page index, box) region, in content-stream order."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    fragments: dict[int, list[tuple[float, float, str]]] = {}
    for page in sorted({p for p, _ in regions}):
        found = fragments[page] = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if text:
                found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

        if page < len(reader.pages):
            reader.pages[page].extract_text(visitor_text=visit)
    t = _TOLERANCE
    return ["".join(text for x, y, text in fragments[page]
                    if box.x0 - t <= x <= box.x1 + t and box.y0 - t <= y <= box.y1 + t)
            for page, box in regions]


def normalise(text: str) -> str:
    """Compatibility-fold and drop whitespace, which layout may add or remove."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _pattern(text: str) -> re.Pattern:
    """What ``text`` looks like in normalised extracted text. A soft hyphen (U+00AD) prints
    nothing unless a line breaks there, when it prints '-'; so it matches an optional hyphen."""
    return re.compile("-?".join(re.escape(part) for part in normalise(text).split(SOFT_HYPHEN)))


def find_missing(extracted: str, expected: Iterable[str]) -> list[int]:
    """Indices of ``expected`` strings not found in ``extracted`` in the given order.
    A string that is missing does not move the search on, so one miss is reported once."""
    haystack = normalise(extracted).replace(SOFT_HYPHEN, "")
    missing, pos = [], 0
    for index, text in enumerate(expected):
        match = _pattern(text).search(haystack, pos)
        if match is None:
            missing.append(index)
        else:
            pos = match.end()
    return missing


def verify_pdf(pdf: bytes | PdfReader, expected: Iterable[Item],
               regions: Sequence[tuple[int, Box]]) -> list[Diagnostic]:
    """One error per expected item that the PDF does not show in order, naming its source line.
    ``regions`` are where content is read, in reading order (Layout.reading_regions)."""
    items = list(expected)
    extracted = "".join(region_text(pdf, regions))
    return [Diagnostic(items[i].location,
                       f"not found in the PDF, or out of order: {_quote(items[i].text.plain)}")
            for i in find_missing(extracted, (item.text.plain for item in items))]


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")
