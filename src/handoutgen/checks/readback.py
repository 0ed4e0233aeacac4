"""Read a finished PDF back with pypdf and confirm every piece of content is there, in order.

Only text inside the layout's body frame is compared, so the running header and footer cannot
stand in for missing content, nor break up a paragraph that continues on the next page.
Whitespace is ignored on both sides: line breaks, and the hyphen that stays at the end of a line
when a hyphenated word wraps, then compare equal to the source.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable

from pypdf import PdfReader

from ..content.model import Item
from ..diagnostics import Diagnostic
from ..layout.model import Box

_TOLERANCE = 2.0  # points: a baseline exactly on the frame edge still counts as inside


def body_text(pdf: bytes | PdfReader, body: Box) -> list[str]:
    """The text drawn inside ``body`` on each page, in content-stream (reading) order."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        parts: list[str] = []

        def visit(text, cm, tm, font_dict, font_size, parts=parts):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text and body.y0 - _TOLERANCE <= y <= body.y1 + _TOLERANCE:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        pages.append("".join(parts))
    return pages


def normalise(text: str) -> str:
    """Compatibility-fold and drop whitespace and soft hyphens, which layout may add or remove."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return "".join(text.split())


def find_missing(extracted: str, expected: Iterable[str]) -> list[int]:
    """Indices of ``expected`` strings not found in ``extracted`` in the given order.
    A string that is missing does not move the search on, so one miss is reported once."""
    haystack = normalise(extracted)
    missing, pos = [], 0
    for index, text in enumerate(expected):
        found = haystack.find(normalise(text), pos)
        if found < 0:
            missing.append(index)
        else:
            pos = found + len(normalise(text))
    return missing


def verify_pdf(pdf: bytes | PdfReader, expected: Iterable[Item], body: Box) -> list[Diagnostic]:
    """One error per expected item that the PDF does not show in order, naming its source line."""
    items = list(expected)
    extracted = "".join(body_text(pdf, body))
    return [Diagnostic(items[i].location,
                       f"not found in the PDF, or out of order: {_quote(items[i].text.plain)}")
            for i in find_missing(extracted, (item.text.plain for item in items))]


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")
