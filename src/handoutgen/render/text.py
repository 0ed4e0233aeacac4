"""Text in every script: a font per run, shaping, right-to-left order and line breaking.

Every paragraph is a :class:`TextParagraph`, in every script: one line breaker for all of them
(text.breaking: UAX #14 with ICU's dictionaries and CJK rules, hyphenation by the language's
patterns). reportlab's own Paragraph breaks only at spaces (or anywhere, for CJK), its
right-to-left path needs a bidi module that is not on PyPI, and its shaped paragraphs print
glyphs that copy out as private-use characters.

A TextParagraph breaks lines in logical order using shaped widths, orders each line's runs by
the Unicode bidi algorithm (python-bidi), shapes each run with HarfBuzz (told the language, so
its local forms apply: Nepali digits, Urdu numerals) and draws it with render.glyphs, whose
glyphs carry the text they show. Runs go into the page in logical order, each at its place on
the line, so copying, searching, reading aloud and the read-back check get the words as written.

A hyphen printed where a word is broken at a line end is the soft hyphen U+00AD, drawn with
the hyphen's glyph: extractors give U+00AD (not part of the word) instead of "-", so the word
still matches its source when searched or checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as bidi
from bidi import get_display
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from ..content.inline import RichText, Run
from ..characters import SOFT_HYPHEN, drawn
from ..fonts import Stack, font_name, is_rtl
from ..text.breaking import Line as Break
from ..text.breaking import break_lines
from .glyphs import Shaped, embedded
from .links import link_ranges
from .tagging import tagger_of


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
    def language(self) -> str:
        return self.stack.language

    def pieces(self, text: RichText | str, bold: bool) -> list[tuple[str, str]]:
        """(text, reportlab font name) for each run of one face and weight, in logical order.
        Characters no face has were refused before rendering (checks.glyphs); if one gets here
        it is set in the primary face, which shows the missing glyph rather than dropping it."""
        out = []
        for run in _runs(text):
            for piece, face in self.stack.segments(run.text):
                out.append((piece, font_name(face or self.stack.primary, bold or run.bold)))
        return out

    def paragraph(self, text: RichText | str, style, **kwargs) -> "TextParagraph":
        """A paragraph of content or label text (``tag``: the structure element it belongs to)."""
        return TextParagraph(self, self.pieces(text, _is_bold(style.fontName)), style, **kwargs)

    def line_width(self, text: str, font: str, size: float) -> float:
        return _width(self.pieces(text, _is_bold(font)), size, self.language)

    def draw_line(self, canvas, x: float, y: float, text: str, font: str, size: float,
                  align: str = "left") -> None:
        """One line of text (running header and footer), starting at ``x`` (align "left") or
        ending there ("right")."""
        line = Line.of(self, self.pieces(text, _is_bold(font)), size)
        line.draw(canvas, x - line.width if align == "right" else x, y, size)


def _printed(text: str, shaping: bool = False) -> str:
    """``text`` as its glyphs are drawn (characters.drawn), without soft hyphens: a hyphen is
    drawn only where a line breaks (TextParagraph)."""
    return drawn(text, shaping).replace(SOFT_HYPHEN, "")


def _width(pieces: list[tuple[str, str]], size: float, language: str) -> float:
    """Width of (text, font) pieces as shaped and printed."""
    return sum(_piece_width(p, f, size, language) for p, f in pieces)


@lru_cache(maxsize=8192)  # words recur across paragraphs and across the widths tried
def _piece_width(text: str, font: str, size: float, language: str) -> float:
    if getFont(font).shapable:
        return embedded(font).shape(_printed(text, True), _strong_rtl(text), language).width(size)
    return stringWidth(_printed(text), font, size)


def hyphen_font(font: str) -> str:
    """The face a line-end hyphen is drawn in: Noto Sans, which has a glyph for U+00AD (not
    every script's face has one), in the weight of the text before it."""
    return font_name("latin", _is_bold(font))


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_NOT_LTR = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI", "LRE", "LRO", "LRI", "PDF", "PDI"})


def _levels(text: str, rtl: bool) -> list[int]:
    """Resolved bidi embedding level of each character (UAX #9 up to rule I2, isolates
    included), from python-bidi's Rust implementation (the unicode-bidi crate). It reports
    levels only in its debug view, one per UTF-8 byte; the pinned version's format is checked
    here, so a change in it fails loudly instead of misplacing text. Left-to-right text with
    no right-to-left character and no explicit direction is all at level 0."""
    if not rtl and not any(unicodedata.bidirectional(c) in _NOT_LTR for c in text):
        return [0] * len(text)
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
           levels: list[int] | None = None, hyphen: bool = False) -> "Line":
        """A line from (text, font) pieces in logical order; ``levels`` per character, from the
        whole paragraph (computed here for a single line). ``hyphen``: the line ends inside a
        word, and a hyphen (U+00AD, see the module notes) is drawn after its last character."""
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
                seg.glyphs = embedded(seg.font).shape(_printed(seg.text, shaping=True), bool(seg.level % 2),
                                                      setter.language)
                seg.width = seg.glyphs.width(size)
            else:
                seg.glyphs = _printed(seg.text) if not seg.level % 2 else \
                    "".join(bidi.MIRRORED.get(c, c) for c in reversed(_printed(seg.text)))
                seg.width = stringWidth(seg.glyphs, seg.font, size)
        if hyphen and segments:
            last, font = segments[-1], hyphen_font(segments[-1].font)
            width = stringWidth(SOFT_HYPHEN, font, size)
            if last.font == font and not last.level % 2:  # in the same run: extractors keep it on the line
                last.text, last.glyphs, last.width = last.text + SOFT_HYPHEN, last.glyphs + SOFT_HYPHEN, last.width + width
            else:
                segments.append(Segment(start + pos, SOFT_HYPHEN, font, last.level, width, SOFT_HYPHEN))
        return cls(_visual_order(segments))

    @property
    def width(self) -> float:
        return sum(s.width for s in self.segments)

    def draw(self, canvas, x: float, y: float, size: float,
             links: list[tuple[int, int, str]] = ()) -> None:
        """Draw at left edge ``x``. Segments go into the page in logical order, each at its
        place on the line, so text is extracted and read in the order it was written. Shaped
        segments' glyphs carry their own text (render.glyphs); a run of neutral characters set
        right to left in a face reportlab embeds (brackets, digits' punctuation between Arabic
        words) is drawn reversed, so /ActualText gives its logical text. ``links``: (start, end,
        URI) in logical positions; the part of each this line shows becomes a link over it."""
        placed, pen = [], x
        for seg in self.segments:
            placed.append((seg, pen))
            pen += seg.width
        tagger = tagger_of(canvas) if links else None
        for lo, hi, uri in links if tagger else ():
            spans = [span for seg, left in placed if (span := _span(seg, left, lo, hi, size))]
            if spans:
                x0, y0 = canvas.absolutePosition(min(a for a, _ in spans) - 1, y - size * 0.3)
                x1, y1 = canvas.absolutePosition(max(b for _, b in spans) + 1, y + size * 0.95)
                tagger.link((x0, y0, x1, y1), uri)
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


def _span(seg: Segment, left: float, lo: int, hi: int, size: float) -> tuple[float, float] | None:
    """Left and right edge of the glyphs ``seg`` (drawn from ``left``) shows for the paragraph's
    characters ``lo`` to ``hi``, if it shows any."""
    a, b = max(lo, seg.start) - seg.start, min(hi, seg.start + len(seg.text)) - seg.start
    if a >= b:
        return None
    if isinstance(seg.glyphs, Shaped):
        first, last = len(_printed(seg.text[:a], True)), len(_printed(seg.text[:b], True))
        edges, pen, scale = [], left, size / seg.glyphs.font.upem
        for glyph in seg.glyphs.glyphs:
            if first <= glyph.cluster < last:
                edges += [pen, pen + glyph.advance * scale]
            pen += glyph.advance * scale
        return (min(edges), max(edges)) if edges else None
    before, through = (stringWidth(_printed(seg.text[:n]), seg.font, size) for n in (a, b))
    if seg.level % 2:  # drawn reversed: the text's start is at the segment's right
        return left + seg.width - through, left + seg.width - before
    return left + before, left + through


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


class TextParagraph(Flowable):
    """A paragraph in any script (see the module notes). Mirrors itself in right-to-left
    languages: aligned to the right, indents and the bullet on the right."""

    def __init__(self, setter: Typesetter, pieces: list[tuple[str, str]], style, tag=None,
                 bulletText: str | None = None, lines: list[Break] | None = None):
        super().__init__()
        self.setter, self.pieces, self.style, self.tag, self.bulletText = setter, pieces, style, tag, bulletText
        self.text = "".join(p for p, _ in pieces)
        self._runs: list[tuple[int, int, str]] = []  # (start, end, font), one per change of font
        end = 0
        for piece, font in pieces:
            start, end = end, end + len(piece)
            if self._runs and self._runs[-1][2] == font:
                self._runs[-1] = (self._runs[-1][0], end, font)
            elif piece:
                self._runs.append((start, end, font))
        self._measured: dict[tuple[int, int, float], float] = {}  # widths, across the widths tried
        self._levels = _levels(self.text, setter.rtl)
        self._lines = lines
        self.width = 0.0
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def _line_pieces(self, start: int, end: int, trim: bool = True) -> list[tuple[str, str]]:
        while trim and end > start and self.text[end - 1].isspace():
            end -= 1  # trailing spaces take no room at a line end and are not drawn
        return [(self.text[max(a, start):min(b, end)], font) for a, b, font in self._runs
                if a < end and b > start]

    def _measure(self, start: int, end: int) -> float:
        key = (start, end, self.style.fontSize)
        if key not in self._measured:
            self._measured[key] = _width(self._line_pieces(start, end, trim=False), self.style.fontSize,
                                         self.setter.language)
        return self._measured[key]

    def _break(self, width: float, begin: int, stop: int) -> list[Break]:
        """text[begin:stop] broken into lines by text.breaking, hyphenating to fill a line only
        in styles with a ``hyphenationLang`` (body text, not headings). A line's width is the sum of
        its pieces' shaped widths (each piece between two break opportunities shaped once):
        shaping does not join letters across a break."""
        style = self.style
        hyphen = stringWidth(SOFT_HYPHEN, hyphen_font(style.fontName), style.fontSize)
        return break_lines(self.text, self.setter.language, [width], self._measure, hyphen,
                           fill=bool(style.hyphenationLang), begin=begin, stop=stop)

    def wrap(self, availWidth, availHeight):
        style = self.style
        if self._lines is None or availWidth != self.width:
            begin, stop = (self._lines[0].start, self._lines[-1].end) if self._lines else (0, len(self.text))
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
        part = TextParagraph(self.setter, self.pieces, self.style, self.tag, bullet, list(lines))
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
        tagger = tagger_of(canvas)
        links = link_ranges(self.text, tagger.phones) if tagger else []
        if self.bulletText:
            pieces = self.setter.pieces(self.bulletText, True)
            bullet = Line.of(self.setter, pieces, style.bulletFontSize)
            bx = self.width - style.bulletIndent - bullet.width if rtl else style.bulletIndent
            # a space after the number, on its left in right-to-left text, as after a line's
            # last word (_with_break_space)
            spaced = Line.of(self.setter, pieces + [(" ", pieces[-1][1])], style.bulletFontSize)
            spaced.draw(canvas, bx - (spaced.width - bullet.width if rtl else 0), y, style.bulletFontSize)
        for start, end, hyphen in ((b.start, b.end, b.hyphen) for b in self._lines):
            line = Line.of(self.setter, self._line_pieces(start, end), size, start,
                           self._levels[start:end], hyphen)
            x = _line_x(style.alignment, rtl, self.width, start_indent, end_indent, line.width)
            spaced = self._with_break_space(line, start, end, size)
            # right to left, the space stands on the left: the words stay where they were set
            spaced.draw(canvas, x - (spaced.width - line.width if rtl else 0), y, size,
                        [link for link in links if link[0] < end and link[1] > start])
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
        pieces = self._line_pieces(start, end) + [(" ", next(f for a, b, f in self._runs if a < end <= b))]
        return Line.of(self.setter, pieces, size, start, self._levels[start:words_end] + [int(self.setter.rtl)])


def _line_x(alignment, rtl: bool, width: float, start: float, end: float, used: float) -> float:
    """Left edge of a line. Indents are by reading direction (in a right-to-left paragraph the
    start indent is on the right); alignment is as seen on the page, and right-to-left styles
    are right aligned (make_styles)."""
    left, right = (end, start) if rtl else (start, end)
    if alignment == TA_CENTER:
        return left + (width - left - right - used) / 2
    return width - right - used if alignment == TA_RIGHT else left
