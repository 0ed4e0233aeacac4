"""Text in every script: a font per run, shaping, right-to-left order and line breaking.

Paragraphs in scripts that print letter by letter (Latin, Cyrillic, Greek, Chinese, Japanese,
Korean) are reportlab Paragraphs, with a ``<font>`` tag for each run set in another face.
Paragraphs that need shaping (Arabic, Hebrew, Devanagari) or run right to left are set here,
by :class:`ShapedParagraph`: reportlab's own right-to-left path needs a bidi module that is not
on PyPI, and its shaped paragraphs print glyphs that copy out as private-use characters.

A ShapedParagraph breaks lines in logical order using shaped widths, orders each line's runs
by the Unicode bidi algorithm (python-bidi), shapes each run with HarfBuzz and draws it with
render.glyphs, whose glyphs carry the text they show. Runs go into the page in logical order,
each at its place on the line, so copying, searching, reading aloud and the read-back check
get the words as written.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from bidi import algorithm as bidi
from bidi import get_display
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Paragraph

from ..content.inline import RichText, Run
from ..characters import drawn
from ..fonts import Stack, font_name, is_rtl, script_of
from .glyphs import Shaped, embedded


def _runs(text: RichText | str) -> tuple[Run, ...]:
    return text.runs if isinstance(text, RichText) else (Run(text),)


def _is_bold(font: str) -> bool:
    return font.endswith("-bold")  # fonts.register_face names each weight <face>-regular or <face>-bold


@dataclass(frozen=True)
class Typesetter:
    """How one language's text is set: its font stack and direction."""
    stack: Stack

    @property
    def rtl(self) -> bool:
        return is_rtl(self.stack.language)

    @property
    def breaks_anywhere(self) -> bool:
        """Chinese and Japanese break lines between characters, without spaces."""
        return self.stack.language.split("-")[0].lower() in ("zh", "ja")

    def pieces(self, text: RichText | str, bold: bool) -> list[tuple[str, str]]:
        """(text, reportlab font name) for each run of one face and weight, in logical order.
        Characters no face has were refused before rendering (checks.glyphs); if one gets here
        it is set in the primary face, which shows the missing glyph rather than dropping it."""
        out = []
        for run in _runs(text):
            for piece, face in self.stack.segments(run.text):
                out.append((piece, font_name(face or self.stack.primary, bold or run.bold)))
        return out

    def paragraph(self, text: RichText | str, style, cls=Paragraph, **kwargs) -> Flowable:
        """A paragraph of content or label text; ``cls`` is a Paragraph subclass for the
        scripts reportlab sets itself (TaggedParagraph for tagged text)."""
        pieces = self.pieces(text, _is_bold(style.fontName))
        if self.rtl or any(getFont(name).shapable for _, name in pieces):
            return ShapedParagraph(self, pieces, style, **kwargs)
        # reportlab paragraph markup: every character escaped, so '<', '&' and entity-like
        # text print literally; font tags are the only markup added.
        markup = "".join(escape(drawn(piece)) if name == style.fontName else
                         f'<font face="{name}">{escape(drawn(piece))}</font>' for piece, name in pieces)
        return (cls if self.breaks_anywhere else _keeping_break_spaces(cls))(markup, style, **kwargs)

    def line_width(self, text: str, font: str, size: float) -> float:
        return _width(self.pieces(text, _is_bold(font)), size)

    def draw_line(self, canvas, x: float, y: float, text: str, font: str, size: float,
                  align: str = "left") -> None:
        """One line of text (running header and footer), starting at ``x`` (align "left") or
        ending there ("right")."""
        line = Line.of(self, self.pieces(text, _is_bold(font)), size)
        line.draw(canvas, x - line.width if align == "right" else x, y, size)


@cache
def _keeping_break_spaces(cls: type) -> type:
    """``cls`` (a reportlab Paragraph class) drawing each line's last word with the space after
    it, as ShapedParagraph does (_with_break_space): reportlab drops it, and text gathered in
    content order element by element (``pdfinfo -struct-text``) then joins the last word of
    a line to the first of the next ("theproblems"). Added only while drawing, so line
    breaking and splitting are reportlab's own; the space falls past the line's end."""
    def drawPara(self, debug=0):
        para = self.blPara
        lines = para.lines
        para.lines = [_line_with_space(line, para.kind) for line in lines]
        try:
            return cls.drawPara(self, debug)
        finally:
            para.lines = lines

    return type(cls.__name__, (cls,), {"drawPara": drawPara, "__doc__": cls.__doc__})


def _line_with_space(line, kind: int):
    """A reportlab paragraph line (kind 0: (extra space, words); kind 1: a line of fragments)
    with a space after its last word, unless that word was broken at a hyphen."""
    if kind == 0:
        extra, words = line
        if not words or words[-1].endswith("-"):
            return line
        return extra, [*words[:-1], words[-1] + " "]
    words = line.words
    last = next((i for i in range(len(words) - 1, -1, -1) if hasattr(words[i], "text")), None)
    if last is None or words[last].text.endswith("-"):
        return line
    fragment = copy(words[last])
    fragment.text += " "
    line = copy(line)
    line.words = [*words[:last], fragment, *words[last + 1:]]
    return line


def _width(pieces: list[tuple[str, str]], size: float) -> float:
    """Width of (text, font) pieces as shaped and printed."""
    return sum(_piece_width(p, f, size) for p, f in pieces)


@lru_cache(maxsize=8192)  # words recur across paragraphs and across the widths tried
def _piece_width(text: str, font: str, size: float) -> float:
    if getFont(font).shapable:
        return embedded(font).shape(drawn(text, shaping=True), _strong_rtl(text)).width(size)
    return stringWidth(drawn(text), font, size)


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _levels(text: str, rtl: bool) -> list[int]:
    """Resolved bidi embedding level of each character (UAX #9 up to rule I2, isolates
    included), from python-bidi's Rust implementation (the unicode-bidi crate). It reports
    levels only in its debug view, one per UTF-8 byte; the pinned version's format is checked
    here, so a change in it fails loudly instead of misplacing text."""
    view = get_display(text, base_dir="R" if rtl else "L", debug=True)
    per_byte = [int(n) for n in _LEVEL.findall(view[view.index("levels: ["):view.index("paragraphs: [")])]
    encoded = [len(c.encode("utf-8")) for c in text]
    if len(per_byte) != sum(encoded):
        raise RuntimeError("python-bidi's debug view changed; pin the version this code was written for")
    levels, byte = [], 0
    for size in encoded:
        levels.append(per_byte[byte])
        byte += size
    return levels


def _strong_rtl(text: str) -> bool:
    return any(bidi.bidirectional(c) in ("R", "AL") for c in text)


@dataclass
class Segment:
    start: int  # logical position in the paragraph
    text: str
    font: str
    level: int
    width: float = 0.0
    glyphs: Shaped | str = ""  # what is drawn, left to right


@dataclass
class Line:
    segments: list[Segment]  # in visual order, left to right

    @classmethod
    def of(cls, setter: Typesetter, pieces: list[tuple[str, str]], size: float, start: int = 0,
           levels: list[int] | None = None) -> "Line":
        """A line from (text, font) pieces in logical order; ``levels`` per character, from the
        whole paragraph (computed here for a single line)."""
        text = "".join(p for p, _ in pieces)
        levels = levels if levels is not None else _levels(text, setter.rtl)
        segments, pos = [], 0
        for piece, font in pieces:
            a = 0
            for i in range(1, len(piece) + 1):
                if i == len(piece) or levels[pos + i] != levels[pos + a]:
                    segments.append(Segment(start + pos + a, piece[a:i], font, levels[pos + a]))
                    a = i
            pos += len(piece)
        for seg in segments:
            if getFont(seg.font).shapable:
                # HarfBuzz mirrors right-to-left runs itself ("(" between Arabic words prints as ")")
                seg.glyphs = embedded(seg.font).shape(drawn(seg.text, shaping=True), bool(seg.level % 2))
                seg.width = seg.glyphs.width(size)
            else:
                seg.glyphs = drawn(seg.text) if not seg.level % 2 else \
                    "".join(bidi.MIRRORED.get(c, c) for c in reversed(drawn(seg.text)))
                seg.width = stringWidth(seg.glyphs, seg.font, size)
        return cls(_visual_order(segments))

    @property
    def width(self) -> float:
        return sum(s.width for s in self.segments)

    def draw(self, canvas, x: float, y: float, size: float) -> None:
        """Draw at left edge ``x``. Segments go into the page in logical order, each at its
        place on the line, so text is extracted and read in the order it was written. Shaped
        segments' glyphs carry their own text (render.glyphs); a run of neutral characters set
        right to left in a face reportlab embeds (brackets, digits' punctuation between Arabic
        words) is drawn reversed, so /ActualText gives its logical text."""
        placed, pen = [], x
        for seg in self.segments:
            placed.append((seg, pen))
            pen += seg.width
        for seg, left in sorted(placed, key=lambda p: p[0].start):
            if isinstance(seg.glyphs, Shaped):
                seg.glyphs.font.draw(canvas, seg.glyphs, left, y, size)
                continue
            actual = seg.level % 2 and len(seg.text) > 1
            if actual:
                canvas.addLiteral(f"/Span <</ActualText <FEFF{seg.text.encode('utf-16-be').hex().upper()}>>> BDC")
            canvas.setFont(seg.font, size)
            canvas.drawString(left, y, seg.glyphs)
            if actual:
                canvas.addLiteral("EMC")


def _visual_order(segments: list[Segment]) -> list[Segment]:
    """UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every
    sequence of segments at that level or higher."""
    if not segments:
        return segments
    order = list(segments)
    top = max(s.level for s in order)
    lowest_odd = min((s.level for s in order if s.level % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i].level >= level:
                j = i
                while j < len(order) and order[j].level >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _break_after(char: str) -> bool:
    return char.isspace() or script_of(char) in ("han", "kana")


class ShapedParagraph(Flowable):
    """A paragraph set by this module (see the module notes). Mirrors itself in right-to-left
    languages: aligned to the right, indents and the bullet on the right."""

    def __init__(self, setter: Typesetter, pieces: list[tuple[str, str]], style, tag=None,
                 bulletText: str | None = None, lines: list[tuple[int, int]] | None = None):
        super().__init__()
        self.setter, self.pieces, self.style, self.tag, self.bulletText = setter, pieces, style, tag, bulletText
        self.text = "".join(p for p, _ in pieces)
        self._fonts = [font for piece, font in pieces for _ in piece]
        self._levels = _levels(self.text, setter.rtl)
        self._lines = lines
        self.width = 0.0
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def _line_pieces(self, start: int, end: int, trim: bool = True) -> list[tuple[str, str]]:
        while trim and end > start and self.text[end - 1].isspace():
            end -= 1  # trailing spaces take no room at a line end and are not drawn
        pieces, a = [], start
        for i in range(start + 1, end + 1):
            if i == end or self._fonts[i] != self._fonts[a]:
                pieces.append((self.text[a:i], self._fonts[a]))
                a = i
        return pieces

    def _width(self, start: int, end: int, trim: bool = True) -> float:
        return _width(self._line_pieces(start, end, trim), self.style.fontSize)

    def _break(self, width: float, begin: int, stop: int) -> list[tuple[int, int]]:
        """Greedy line breaking of text[begin:stop] at spaces (and between Chinese or Japanese
        characters); a word wider than the line is broken between characters. A line's width is
        the sum of its words' shaped widths (each word shaped once, with the space after it):
        shaping never joins letters across a space."""
        text, lines, words, a = self.text, [], [], begin
        for i in range(begin, stop):
            if _break_after(text[i]) and (i + 1 == stop or not text[i + 1].isspace()):
                words.append((a, i + 1))
                a = i + 1
        if a < stop:
            words.append((a, stop))
        start, used = begin, 0.0  # the line so far: where it starts, its width with spaces
        for a, b in words:
            if a > start and used + self._width(a, b) > width:
                lines.append((start, a))
                start, used = a, 0.0
            while start >= a and b - start > 1 and self._width(start, b) > width:
                cut = start + 1
                while cut + 1 < b and self._width(start, cut + 1) <= width:
                    cut += 1
                lines.append((start, cut))
                start = cut
            used += self._width(max(a, start), b, trim=False)
        if stop > start or not lines:
            lines.append((start, stop))
        return lines

    def wrap(self, availWidth, availHeight):
        style = self.style
        if self._lines is None or availWidth != self.width:
            begin, stop = (self._lines[0][0], self._lines[-1][1]) if self._lines else (0, len(self.text))
            self._lines = self._break(availWidth - style.leftIndent - style.rightIndent, begin, stop)
        self.width = availWidth
        self.height = len(self._lines) * style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        lines, fit = self._lines, int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(lines):
            return [self]
        fit = min(fit, len(lines) - 2)  # no widow: at least two lines go on
        if fit < 2:  # no orphan: at least two lines stay
            return []
        return [self._part(lines[:fit], self.bulletText), self._part(lines[fit:], None)]

    def _part(self, lines, bullet):
        part = ShapedParagraph(self.setter, self.pieces, self.style, self.tag, bullet, list(lines))
        part.width = self.width
        return part

    def draw(self):
        if self.tag is not None:
            with self.tag.draw(self.canv):
                self._draw()
        else:
            self._draw()

    def _draw(self):
        canvas, style, rtl = self.canv, self.style, self.setter.rtl
        size = style.fontSize
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        y = self.height - size
        start_indent, end_indent = style.leftIndent, style.rightIndent
        if self.bulletText:
            pieces = self.setter.pieces(self.bulletText, True)
            bullet = Line.of(self.setter, pieces, style.bulletFontSize)
            bx = self.width - style.bulletIndent - bullet.width if rtl else style.bulletIndent
            # a space after the number, on its left in right-to-left text, as after a line's
            # last word (_with_break_space)
            spaced = Line.of(self.setter, pieces + [(" ", pieces[-1][1])], style.bulletFontSize)
            spaced.draw(canvas, bx - (spaced.width - bullet.width if rtl else 0), y, style.bulletFontSize)
        for start, end in self._lines:
            line = Line.of(self.setter, self._line_pieces(start, end), size, start,
                           self._levels[start:end])
            x = _line_x(style.alignment, rtl, self.width, start_indent, end_indent, line.width)
            spaced = self._with_break_space(line, start, end, size)
            # right to left, the space stands on the left: the words stay where they were set
            spaced.draw(canvas, x - (spaced.width - line.width if rtl else 0), y, size)
            y -= style.leading
        canvas.restoreState()

    def _with_break_space(self, line: "Line", start: int, end: int, size: float) -> "Line":
        """``line`` with a space drawn after its last word, outside the width it is set in,
        where a word ends there (a break at a space, the paragraph's end), so that text read in
        content order element by element (``pdfinfo -struct-text``, screen readers) does not
        join it to the next word, label or paragraph, nor an extractor the last word of a
        right-to-left table cell to the next cell (drawn to its left); there the space stands
        left of the line."""
        words_end = end
        while words_end > start and self.text[words_end - 1].isspace():
            words_end -= 1
        if words_end == start or (words_end == end and end < len(self.text)):
            return line  # a word broken inside, or Chinese and Japanese broken between characters
        # The space is a piece of its own, so it is drawn apart: the words keep their place
        # (the read-back check takes a run by where it starts). At the paragraph's level, as
        # whitespace at a line end (UAX #9 rule L1): at the line's end side, the left in
        # right-to-left text.
        pieces = self._line_pieces(start, end) + [(" ", self._fonts[end - 1])]
        return Line.of(self.setter, pieces, size, start, self._levels[start:words_end] + [int(self.setter.rtl)])


def _line_x(alignment, rtl: bool, width: float, start: float, end: float, used: float) -> float:
    """Left edge of a line. Indents are by reading direction (in a right-to-left paragraph the
    start indent is on the right); alignment is as seen on the page, and right-to-left styles
    are right aligned (make_styles)."""
    left, right = (end, start) if rtl else (start, end)
    if alignment == TA_CENTER:
        return left + (width - left - right - used) / 2
    return width - right - used if alignment == TA_RIGHT else left
