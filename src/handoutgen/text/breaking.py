"""Where a line may break, and the one line breaker every wrapping site uses.

- **Line break opportunities** are ICU's line BreakIterator (UAX #14, through icu4py), with its
  dictionaries for Thai, Lao, Khmer and Burmese, which write no spaces between words, and its
  CJK rules: no line starts with closing punctuation (，。、）」』！？) and none ends with
  opening punctuation (（「『). Two tailorings on top: inside a URL a line breaks only after
  ``/ . - ? = &`` (UAX #14 would also break after other characters, and not after ``.``), and
  Korean breaks at spaces and punctuation only, never between two Hangul syllables (CSS
  ``word-break: keep-all``, as Korean print sets it).
- **Hyphenation points** come from the language's own patterns (pyphen's Hunspell/LibreOffice
  dictionaries) and from soft hyphens (U+00AD) written in the text.
- **The line breaker** is greedy: each line takes as many words as fit. A hyphenation point or
  a break inside a URL is used only where the next word does not fit and stopping before it
  would leave more than a third of the line empty, or where the word is wider than the line.
  A word wider than the line with no such point is cut between grapheme clusters (never inside
  one), with a hyphen where its script hyphenates.

Positions are Python string indices (ICU counts UTF-16 units: the segments' lengths are used).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache, lru_cache

import pyphen
from fontTools import unicodedata as ucd
from icu4py.breakers import CharacterBreaker, LineBreaker, WordBreaker
from icu4py.locale import Locale

SOFT_HYPHEN = "\u00ad"
URL_BREAK_AFTER = "/.-?=&"
URL_TAIL = 5  # a URL keeps at least this many characters after a break: no "symptoms." / "html"
WASTE = 1 / 3  # a discretionary break is taken when stopping short would leave more empty
MIN_WORD = 5  # shorter words are never hyphenated (two letters before a break, three after)
# A URL: a scheme or "www.", then anything but spaces and quotes, not ending in punctuation
# that belongs to the sentence around it ("(see https://x.gov/a).").
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\"().,;:!?'\u2019]")
# Scripts whose words are not cut with a hyphen: they break between words or syllables
# (ICU's dictionaries, CJK), or their words are not broken at all (Arabic, Hebrew).
_NO_HYPHEN = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Thai", "Laoo", "Khmr", "Mymr",
                        "Hani", "Hira", "Kana", "Hang", "Bopo", "Yiii"})


class Kind(IntEnum):
    LINE = 0  # UAX #14: after a space or a hyphen, between CJK characters, between Thai words
    HYPHEN = 1  # inside a word, at a hyphenation point: a hyphen is printed
    URL = 2  # inside a URL, after / . - ? = &: nothing is printed


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # trailing spaces included: they are not printed
    hyphen: bool = False  # a hyphen is printed after it


@cache
def _locale(language: str) -> Locale:
    return Locale(language)


@cache
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    # Plain "en" takes the US patterns (pyphen's "en" is British); "en-GB" finds its own.
    tag = pyphen.language_fallback("en_US" if language.lower() == "en" else language.replace("-", "_"))
    return pyphen.Pyphen(lang=tag, left=2, right=3) if tag else None


def _script(char: str) -> str:
    return ucd.script(char)


def _hyphenates(char: str) -> bool:
    return _script(char) not in _NO_HYPHEN


def _word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)]


@lru_cache(maxsize=8192)  # paragraphs are broken again at each width tried
def opportunities(text: str, language: str) -> tuple[tuple[int, Kind], ...]:
    """Where a line may end in ``text`` (0 < position < len(text)), in order, with the kind of
    break; a line ending at position p holds text[:p]."""
    found: dict[int, Kind] = {}
    pos = 0
    for segment in LineBreaker(text, _locale(language)):
        pos += len(segment)
        if 0 < pos < len(text):
            found[pos] = Kind.HYPHEN if text[pos - 1] == SOFT_HYPHEN else Kind.LINE
    if language.split("-")[0].lower() == "ko":
        for p in [p for p in found if _script(text[p - 1]) == "Hang" == _script(text[p])]:
            del found[p]
    urls = url_spans(text)
    for a, b in urls:
        for p in [p for p in found if a < p < b]:
            del found[p]
        for i in range(a, b - URL_TAIL):
            if text[i] in URL_BREAK_AFTER and not (text[i] == "/" == text[i + 1]):
                found[i + 1] = Kind.URL
    hyphenator = _hyphenator(language)
    if hyphenator is not None:
        breaks = sorted(found)
        for a, b in _words(text):
            following = bisect.bisect_right(breaks, a)  # the first break after the word's start
            inside = following < len(breaks) and breaks[following] < b
            word = text[a:b]
            if b - a < MIN_WORD or inside or word.isupper() or not _hyphenates(word[0]) \
                    or any(u <= a < v for u, v in urls):
                continue
            last = 0
            for p in hyphenator.positions(word):
                if p - last >= 2:  # no one-letter piece between two hyphens ("oben-z-am")
                    found.setdefault(a + p, Kind.HYPHEN)
                    last = p
    return tuple(sorted(found.items()))


def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of letters and marks."""
    out, start = [], None
    for i, c in enumerate(text):
        if _word_char(c):
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(text)))
    return out


def _clusters(text: str, a: int, b: int, language: str) -> list[int]:
    """Grapheme cluster boundaries strictly between ``a`` and ``b``."""
    out, pos = [], a
    for cluster in CharacterBreaker(text[a:b], _locale(language)):
        pos += len(cluster)
        if pos < b:
            out.append(pos)
    return out


def break_lines(text: str, language: str, widths: Sequence[float],
                width_of: Callable[[int, int], float], hyphen_width: float = 0.0, *,
                hyphenate: bool = True, fill: bool = True, begin: int = 0,
                stop: int | None = None) -> list[Line]:
    """``text[begin:stop]`` broken into lines: the first ``widths[0]`` wide, the n-th
    ``widths[n]``, the rest as wide as the last. ``width_of(a, b)`` is the printed width of
    ``text[a:b]``. Without ``fill`` (titles and headings) a word is hyphenated only where it
    is wider than the line. Without ``hyphenate`` (the running header) lines break only where
    UAX #14 allows, and a word wider than the line stays whole."""
    stop = len(text) if stop is None else stop
    kinds = {p: k for p, k in opportunities(text, language)
             if begin < p < stop and (hyphenate or k is Kind.LINE)}
    bounds = [begin, *kinds, stop]
    hyphens: dict[int, bool] = {}  # where a line is cut inside a word: whether a hyphen prints
    full: dict[tuple[int, int], float] = {}
    trimmed: dict[tuple[int, int], float] = {}

    def width(a: int, b: int, trim: bool) -> float:
        cache_ = trimmed if trim else full
        if (a, b) not in cache_:
            e = b
            while trim and e > a and text[e - 1].isspace():
                e -= 1
            cache_[(a, b)] = width_of(a, e)
        return cache_[(a, b)]

    lines: list[Line] = []
    i = 0  # index in bounds of the current line's start
    while i < len(bounds) - 1:
        room = widths[min(len(lines), len(widths) - 1)] + 1e-6
        used, normal, normal_w, optional = 0.0, None, 0.0, None
        for j in range(i + 1, len(bounds)):
            kind = kinds.get(bounds[j], Kind.LINE)
            w = used + width(bounds[j - 1], bounds[j], True)
            if w + (hyphen_width if kind is Kind.HYPHEN else 0) > room:
                break
            if kind is Kind.LINE:
                normal, normal_w = j, w
            else:
                optional = j
            used += width(bounds[j - 1], bounds[j], False)
        if normal is not None and (optional is None or optional < normal or not fill
                                   or normal_w >= (1 - WASTE) * room):
            end = normal
        elif optional is not None:
            end = optional
        elif hyphenate:  # a word wider than the line, with no point to break it at
            end = i + 1
            cut = _cut(text, bounds[i], bounds[i + 1], room, width_of, hyphen_width, language)
            if cut is not None:
                bounds.insert(i + 1, cut[0])
                hyphens[cut[0]] = cut[1]
        else:
            end = i + 1
        at = bounds[end]
        hyphen = hyphens.get(at, kinds.get(at) is Kind.HYPHEN)
        lines.append(Line(bounds[i], at, hyphen))
        i = end
    return lines or [Line(begin, stop)]


def _cut(text: str, a: int, b: int, room: float, width_of, hyphen_width: float,
         language: str) -> tuple[int, bool] | None:
    """Where to cut ``text[a:b]``, a word wider than the line, and whether a hyphen prints
    there: the last grapheme cluster boundary that fits (at least one cluster per line)."""
    urls = url_spans(text)
    best = None
    for c in _clusters(text, a, b, language):
        hyphen = _hyphenates(text[c - 1]) and _word_char(text[c - 1]) and \
            not any(u <= c < v for u, v in urls)
        if best is not None and width_of(a, c) + (hyphen_width if hyphen else 0) > room:
            break
        best = (c, hyphen)
    return best


def dictionary_words(text: str, language: str) -> list[str]:
    """The words of ``text`` as ICU's word iterator finds them, with its dictionaries for
    scripts that do not space words (Thai, Lao, Khmer, Burmese): segments with a letter."""
    return [w for w in WordBreaker(text, _locale(language)) if any(unicodedata.category(c)[0] == "L" for c in w)]
