"""Read a finished PDF back with pypdf and confirm every piece of content is there, in order.

The text is what pypdf's plain ``extract_text`` gives, as any reader's copy or search gets it:
its own text extractor (fonts, ToUnicode maps, right-to-left runs, line and word breaks) reads
each page, operator by operator. Only the tokenising of the content streams, pure Python in
pypdf and most of its time, is done by qpdf's C++ parser through pikepdf (see fast_fragments;
tests/test_readback.py holds the two equal on every shipped PDF in every layout).

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

import pikepdf
from pypdf import PdfReader
from pypdf._text_extraction._text_extractor import TextExtraction
from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           NullObject, NumberObject, create_string_object)
from pypdf.generic._font import Font

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
    found: list[Fragment] = []
    mcids = _Mcids()
    page.extract_text(visitor_operand_before=lambda op, args, cm, tm: mcids.operator(op, args),
                      visitor_text=_visitor(found, mcids))
    return found


class _Mcids:
    """The marked content (structure element) being drawn, from BDC, BMC and EMC."""

    def __init__(self):
        self.stack: list[int | None] = []

    def operator(self, op: bytes, args) -> None:
        if op == b"BDC":
            properties = args[1] if len(args) > 1 and hasattr(args[1], "get") else {}
            self.stack.append(properties.get("/MCID"))
        elif op == b"BMC":
            self.stack.append(None)
        elif op == b"EMC" and self.stack:
            self.stack.pop()

    def current(self) -> int | None:
        return next((m for m in reversed(self.stack) if m is not None), None)


def _visitor(found: list[Fragment], mcids: _Mcids):
    """pypdf's visitor_text: each piece of text with where it starts and its marked content."""
    def visit(text, cm, tm, font_dict, font_size):
        if text:
            found.append(Fragment(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                                  text, mcids.current()))
    return visit


# The operators pypdf's extractor or the marked-content tracking reads; the operands of all
# others (paths, colours) are never looked at, so they are not converted.
_READ = frozenset((b"BT", b"ET", b"q", b"Q", b"cm", b"Tz", b"Tc", b"Tw", b"TL", b"Tf", b"Td", b"Tm", b"T*",
                   b"Tj", b"TJ", b"'", b'"', b"TD", b"Do", b"BDC", b"BMC", b"EMC"))


def _operand(value):
    """A pikepdf operand as pypdf's tokeniser gives it to the extractor: numbers as numbers,
    strings as their bytes (the extractor decodes them with the font), arrays as ArrayObject,
    names as NameObject, the marked-content properties as a dictionary."""
    if isinstance(value, int):  # int and bool, as pypdf's NumberObject and BooleanObject are
        return value
    if not isinstance(value, pikepdf.Object):  # a real: a Decimal of the digits as written
        return float(value)
    kind = value._type_code
    if kind == pikepdf.ObjectType.string:
        return bytes(value)
    if kind == pikepdf.ObjectType.array:
        return ArrayObject(_operand(v) for v in value)
    if kind == pikepdf.ObjectType.name_:
        return NameObject(str(value))
    if kind == pikepdf.ObjectType.dictionary:
        return {str(k): _operand(v) for k, v in value.items()}
    return None


def fast_fragments(pdf: bytes | PdfReader, pages: Iterable[int] | None = None) -> dict[int, list[Fragment]]:
    """page_fragments of the given pages (all by default; a page the PDF lacks has none), with
    each content stream tokenised by qpdf and fed to pypdf's own extractor exactly as
    ``PageObject._extract_text`` feeds it. Each font is read once per PDF, not once per page. A
    page that inherits its resources or draws a form XObject (none of ours does) is read by
    pypdf itself."""
    if isinstance(pdf, PdfReader):
        pdf.stream.seek(0)
        pdf = pdf.stream.read()
    fonts: dict[tuple[int, int], tuple[DictionaryObject, Font]] = {}
    found: dict[int, list[Fragment]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for index in range(len(document.pages)) if pages is None else pages:
            if index >= len(document.pages):
                found[index] = []
                continue
            page = document.pages[index]
            operations = [(op.operator, op.operands) for op in pikepdf.parse_content_stream(page)
                          if not isinstance(op, pikepdf.ContentStreamInlineImage)]
            resources = page.obj.get("/Resources")
            xobjects = (resources or {}).get("/XObject") or {}
            if resources is None or any(  # inherited resources, or a form: pypdf reads the page
                    bytes(op) == b"Do" and args and (xobjects.get(str(args[0])) or {}).get("/Subtype") != "/Image"
                    for op, args in operations):
                found[index] = page_fragments(PdfReader(io.BytesIO(pdf)).pages[index])
            else:
                found[index] = _extract(operations, resources.get("/Font") or {}, fonts)
    return found


def _pypdf_object(value):
    """A pikepdf object (a font and what it refers to) as the pypdf object pypdf would read."""
    if isinstance(value, bool):
        return BooleanObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    if not isinstance(value, pikepdf.Object):  # a real, as a Decimal of the digits as written
        return FloatObject(str(value))
    kind = value._type_code
    if kind == pikepdf.ObjectType.dictionary:
        return DictionaryObject({NameObject(str(k)): _pypdf_object(v) for k, v in value.items()})
    if kind == pikepdf.ObjectType.stream:
        stream = DecodedStreamObject()
        stream.update({NameObject(str(k)): _pypdf_object(v) for k, v in value.items()
                       if k not in ("/Filter", "/DecodeParms", "/Length")})
        stream.set_data(value.read_bytes())
        return stream
    if kind == pikepdf.ObjectType.array:
        return ArrayObject(_pypdf_object(v) for v in value)
    if kind == pikepdf.ObjectType.string:
        return create_string_object(bytes(value))
    if kind == pikepdf.ObjectType.name_:
        return NameObject(str(value))
    return NullObject()


def _extract(operations, font_dicts, fonts) -> list[Fragment]:
    """pypdf 7.1's PageObject._extract_text loop (plain mode, all orientations, space width 200)
    over already tokenised operations, with the visitors of page_fragments."""
    font_resources, page_fonts = {}, {}
    for name, font in font_dicts.items():
        key = font.objgen if font.is_indirect else (id(font), 0)
        if key not in fonts:
            resource = _pypdf_object(font)
            try:
                loaded = Font.from_font_resource(resource)
            except (AttributeError, TypeError):
                continue
            if loaded.character_widths.get(loaded.space_char, 0) == 0:
                loaded.space_width = 200.0
            fonts[key] = resource, loaded
        font_resources[str(name)], page_fonts[str(name)] = fonts[key]
    found: list[Fragment] = []
    mcids = _Mcids()
    visit = _visitor(found, mcids)
    extractor = TextExtraction()
    extractor.initialize_extraction((0, 90, 180, 270), visit, font_resources, page_fonts)
    process = extractor.process_operation
    for op, args in operations:
        operator = bytes(op)
        if operator not in _READ:
            continue
        operands = [_operand(a) for a in args]
        mcids.operator(operator, operands)
        if operator == b"'":
            process(b"T*", [])
            process(b"Tj", operands)
        elif operator == b'"' and len(operands) >= 3:
            process(b"Tw", [operands[0]])
            process(b"Tc", [operands[1]])
            process(b"T*", [])
            process(b"Tj", operands[2:])
        elif operator == b"TJ":
            confirm_space_width = extractor._space_width * 0.95
            if operands and isinstance(operands[0], ArrayObject):
                for item in operands[0]:
                    if isinstance(item, bytes):
                        process(b"Tj", [item])
                    elif isinstance(item, (int, float)):
                        extractor.process_tj_offset(float(item), confirm_space_width)
        elif operator == b"TD" and len(operands) >= 2:
            if isinstance(operands[1], (int, float)):
                process(b"TL", [-operands[1]])
            process(b"Td", operands)
        elif operator == b"Do" and operands:  # an image: it ends the text before it
            extractor.output += extractor.text
            visit(extractor.text, extractor.memo_cm, extractor.memo_tm, extractor.font_resource, extractor.font_size)
            if extractor.output and extractor.output[-1] != "\n":
                extractor.output += "\n"
                visit("\n", extractor.memo_cm, extractor.memo_tm, extractor.font_resource, extractor.font_size)
            extractor.text = ""
            extractor.memo_cm = extractor.cm_matrix.copy()
            extractor.memo_tm = extractor.tm_matrix.copy()
        else:
            process(operator, operands)
    if extractor.text:
        visit(extractor.text, extractor.memo_cm, extractor.memo_tm, extractor.font_resource, extractor.font_size)
    return found


def region_text(pdf: bytes | PdfReader, regions: Sequence[tuple[int, Box]]) -> list[str]:
    """The text drawn inside each (page index, box) region, in content-stream order."""
    fragments = fast_fragments(pdf, sorted({p for p, _ in regions}))
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
