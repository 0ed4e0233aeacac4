"""Pictures from files (SVG, PNG, JPEG): read through the resolver, checked against limits,
decoded completely when they are named, and drawn at a chosen size.

A picture file is untrusted input. Before any decoder sees it:
- SVG is scanned with expat: no DOCTYPE or entities (no entity expansion, no external
  entities), no reference to another file (an ``href`` may only point inside the SVG, or hold
  an embedded PNG or JPEG, which is checked like a PNG file), a bounded number of elements and
  depth, and a width and height that are finite, positive and at most a PDF page can hold.
  Only then does svglib turn it into vector drawing operations, which keeps logos and
  illustrations sharp at any print size.
- PNG and JPEG have their pixel count checked from the header, then are decoded in full, so a
  truncated or corrupt file fails when it is named (and in ``--check``), not half-way through
  drawing a PDF.
"""

from __future__ import annotations

import base64
import binascii
import copy
import io
import logging
import math
import re
import warnings
import xml.parsers.expat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic, Location
from .resolve import Refused, Scope, read_limited

MAX_BYTES = 8 << 20  # one picture file
MAX_PIXELS = 40_000_000  # decoded raster: 8,000 x 5,000, far beyond 300 dpi on a page
MAX_SVG_ELEMENTS = 10_000  # svglib takes about 0.3 ms per element
MAX_SVG_DEPTH = 64
MAX_SIDE = 14_400.0  # points (200 in): the largest page a PDF reader must support
SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_SIZE = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*")
_DATA = re.compile(r"data:image/(png|jpe?g);base64,", re.IGNORECASE)
_HREF = ("http://www.w3.org/1999/xlink href", "href")


class ImageProblem(Exception):
    """A file that cannot be used as a picture. ``line`` and ``column`` (1-based) point inside
    the picture file when the problem is at a place in it."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column
        self.path: str | None = None  # the picture file, once known

    def diagnostic(self, where: Location, what: str) -> Diagnostic:
        """An error at the place inside the picture when the problem is there (saying where the
        picture is used), else at ``where``, the reference to it."""
        if self.line and self.path:
            return Diagnostic(Location(self.path, self.line, self.column or 1),
                              f"{what} {self} (used at {where})")
        return Diagnostic(where, f"{what} {self}")


@dataclass(frozen=True)
class Picture:
    path: str
    digest: str  # sha256 of the file as read: part of the input key of every PDF that shows it
    width: float  # intrinsic size in points
    height: float
    drawing: object | None  # reportlab Drawing for SVG
    raster: bytes | None  # the PNG or JPEG file, checked to decode in full

    def flowable(self, width: float, fonts: tuple[str, str]):
        """A reportlab flowable of the picture ``width`` points wide, keeping its proportions.
        ``fonts`` (regular, bold) replace the fonts an SVG names, so every font is embedded."""
        from reportlab.platypus import Image  # only when drawing: planning a build needs no reportlab

        scale = width / self.width
        if self.drawing is None:
            return Image(io.BytesIO(self.raster), width=width, height=self.height * scale)
        drawing = copy.deepcopy(self.drawing)
        drawing.initialFontName = fonts[0]  # else reportlab selects an unembedded Helvetica
        _use_fonts(drawing, *fonts)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = width, self.height * scale
        return drawing


def load_image(path: str) -> Picture:
    """Read and check a picture file; ``path`` was confined by the resolver."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImageProblem("must be an SVG, PNG or JPEG file")
    try:
        read = read_limited(Path(path), MAX_BYTES)
        return _decode(read.path, read.digest, read.data, suffix == ".svg")
    except Refused as exc:
        raise ImageProblem(str(exc)) from None
    except ImageProblem as exc:
        exc.path = path
        raise


@lru_cache(maxsize=64)  # keyed by the digest: an edited file is decoded again
def _decode(path: str, digest: str, data: bytes, svg: bool) -> Picture:
    if svg:
        drawing = _svg(data, path)
        return Picture(path, digest, float(drawing.width), float(drawing.height), drawing, None)
    image = _raster(data, "is not a readable PNG or JPEG image")
    return Picture(path, digest, float(image.width), float(image.height), None, data)


def _raster(data: bytes, unreadable: str, line: int | None = None, column: int | None = None):
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow's own warning would leak to the terminal; the limit below is ours.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ("PNG", "JPEG"):
                raise ImageProblem("must be a PNG or JPEG image", line, column)
            if image.width * image.height > MAX_PIXELS:
                raise ImageProblem(f"is {image.width:,} x {image.height:,} pixels; the most is "
                                   f"{MAX_PIXELS:,} pixels, so scale it down", line, column)
            image.load()  # decode it all now: a truncated file fails here
    except ImageProblem:
        raise
    except Image.DecompressionBombError:  # twice Pillow's limit: refused before its size is known here
        raise ImageProblem(f"has more than {MAX_PIXELS:,} pixels; scale it down", line, column) from None
    except Exception:  # Pillow raises many kinds for broken files
        raise ImageProblem(unreadable, line, column) from None
    return image


def _svg(data: bytes, path: str):
    _scan_svg(data)
    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        # The reference root is a second line of defence: the scan already refused every
        # reference to another file.
        drawing = svg2rlg(io.BytesIO(data), external_reference_root=str(Path(path).parent))
    except Exception:  # svglib raises parser errors of several kinds for broken files
        drawing = None
    if drawing is None:
        raise ImageProblem("is not a readable SVG image")
    for side in ("width", "height"):
        value = getattr(drawing, side, None)
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 < value <= MAX_SIDE:
            raise ImageProblem(f"has no usable {side}; give the svg element a width and height "
                               f"from 1 to {MAX_SIDE:,.0f} points (or a viewBox)")
    return drawing


def _scan_svg(data: bytes) -> None:
    """Refuse what an SVG must not do before svglib parses it (see the module notes)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"elements": 0, "depth": 0}

    def problem(message: str) -> ImageProblem:
        return ImageProblem(message, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def doctype(*_):
        raise problem("has a DOCTYPE; remove it (entities are not allowed in pictures)")

    def instruction(target, _data):
        if target == "xml-stylesheet":
            raise problem("refers to a style sheet in another file; put the styles inside the SVG")

    def start(name, attrs):
        state["elements"] += 1
        state["depth"] += 1
        if state["elements"] > MAX_SVG_ELEMENTS:
            raise problem(f"has more than {MAX_SVG_ELEMENTS:,} elements; simplify it")
        if state["depth"] > MAX_SVG_DEPTH:
            raise problem(f"nests elements more than {MAX_SVG_DEPTH} deep; simplify it")
        element = name.rsplit(" ", 1)[-1]
        if state["elements"] == 1:
            if element != "svg":
                raise problem("is not an SVG image (its first element is not <svg>)")
            for side in ("width", "height"):
                if side in attrs and not _usable_size(attrs[side]):
                    raise problem(f"has {side}=\"{attrs[side]}\"; use a positive size up to "
                                  f"{MAX_SIDE:,.0f} points")
        for key in _HREF:
            target = attrs.get(key, "").strip()
            if target and not target.startswith("#") and element != "a":
                _embedded(target, problem, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def end(_name):
        state["depth"] -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ImageProblem(f"is not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}); "
                           "it may be cut short", exc.lineno, exc.offset + 1) from None


def _embedded(target: str, problem, line: int, column: int) -> None:
    """An ``href`` that is not a fragment must be an embedded PNG or JPEG, checked like a file."""
    match = _DATA.match(target)
    if not match:
        raise problem(f"refers to another file ({target[:60]!r}); pictures may not load other "
                      "files, so embed the picture or convert it to a single SVG")
    try:
        data = base64.b64decode(target[match.end():])
    except (binascii.Error, ValueError):
        raise problem("has an embedded picture that is not valid base64") from None
    _raster(data, "has an embedded picture that is not a readable PNG or JPEG", line, column)


def _usable_size(value: str) -> bool:
    match = _SIZE.fullmatch(value)
    if not match:
        return False
    number = float(match.group(1))
    return math.isfinite(number) and 0 < number <= MAX_SIDE * 1.34  # 1.34: px per pt


def _use_fonts(node, regular: str, bold: str) -> None:
    """Set every font an SVG names (svglib's default is an unembedded Helvetica) to the
    layout's embedded faces, keeping bold where the SVG asked for it."""
    if hasattr(node, "fontName"):
        node.fontName = bold if "bold" in str(node.fontName).lower() else regular
    for child in getattr(node, "contents", ()):
        _use_fonts(child, regular, bold)


def named_image(name: str, scope: Scope) -> Picture:
    """The picture an input names."""
    try:
        path = scope.confine(name)
    except Refused as exc:
        raise ImageProblem(str(exc)) from None
    return load_image(str(path))
