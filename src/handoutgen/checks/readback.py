"""Read a finished PDF back with pypdf and confirm every piece of content is there, in order.

Only text inside the layout's reading regions (the body frame of each page, or a trifold's
panels in the order they are opened) is compared, so the running header and footer cannot stand
in for missing content, nor break up a paragraph that continues on the next page.
Only letters, marks, digits and hyphens are compared (see normalise), so line breaks compare
equal to the source, and so does a hyphenated word wrapped after its hyphen; a soft hyphen
matches the '-' printed where a line breaks at it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader

from ..characters import invisible
from ..content.model import Item
from ..diagnostics import Diagnostic
from ..layout.model import Box

SOFT_HYPHEN = "\u00ad"
_TOLERANCE = 2.0  # points: a baseline exactly on the frame edge still counts as inside


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float
    text: str
    mcid: int | None  # the marked content (structure element) it belongs to


def page_fragments(page) -> list[Fragment]:
    """Text drawn on a pypdf page as pypdf's plain ``extract_text`` reads it (in content-stream
    order, right-to-left runs reversed by pypdf), with its position and marked content.
    /ActualText is not substituted: the check sees what a reader's copy or search gets."""
    mcids: list[int | None] = []
    found: list[Fragment] = []

    def operator(op, args, cm, tm):
        if op == b"BDC":
            properties = args[1] if len(args) > 1 and hasattr(args[1], "get") else {}
            mcids.append(properties.get("/MCID"))
        elif op == b"BMC":
            mcids.append(None)
        elif op == b"EMC" and mcids:
            mcids.pop()

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        mcid = next((m for m in reversed(mcids) if m is not None), None)
        found.append(Fragment(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                              text, mcid))

    page.extract_text(visitor_operand_before=operator, visitor_text=visit)
    return found


def region_text(pdf: bytes | PdfReader, regions: Sequence[tuple[int, Box]]) -> list[str]:
    """The text drawn inside each (page index, box) region, in content-stream order."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    fragments = {page: page_fragments(reader.pages[page]) if page < len(reader.pages) else []
                 for page in sorted({p for p, _ in regions})}
    t = _TOLERANCE
    return ["".join(f.text for f in fragments[page]
                    if box.x0 - t <= f.x <= box.x1 + t and box.y0 - t <= f.y <= box.y1 + t)
            for page, box in regions]


def normalise(text: str) -> str:
    """The letters, marks, digits and hyphens of ``text``, compatibility-folded. Whitespace goes
    (layout adds and removes it), and so does other punctuation: where a bracket or a colon
    stands between right-to-left and left-to-right words is the one thing extractors disagree
    on, even in a correct PDF; the words, their spelling and their order are what is checked.
    Invisible characters go too: they are never drawn (characters.py)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text)
                   if (unicodedata.category(c)[0] in "LMN" or c in _KEPT) and not invisible(c))


_KEPT = "-\u2010" + SOFT_HYPHEN


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
