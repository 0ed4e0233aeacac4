"""Lines as a reader sees them in a finished PDF (poppler's ``pdftotext -bbox-layout``), and the
line breaks a typesetter would call wrong: a word cut without a hyphen, a URL broken where it
may not be. Shared by tests/test_line_breaking.py and its measurements."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

_NS = "{http://www.w3.org/1999/xhtml}"
SOFT_HYPHEN = "\u00ad"
URL_BREAK_AFTER = "/.-?=&"
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"()]+[^\s<>\"().,;:!?]")


def has_poppler() -> bool:
    return shutil.which("pdftotext") is not None


def pdf_lines(pdf: Path) -> list[list[str]]:
    """Each text line of ``pdf`` as its words, in poppler's reading order; a line that poppler
    starts in a new block of the same flow still follows the line before it."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(xml)
    out = []
    for flow in root.iter(f"{_NS}flow"):
        out.append([])  # a new flow starts a new run of lines: nothing joins across it
        for line in flow.iter(f"{_NS}line"):
            out.append([w.text or "" for w in line.iter(f"{_NS}word")])
    return out


def _is_word_char(c: str) -> bool:
    return unicodedata.category(c)[0] in "LM"


def words_of(text: str) -> set[str]:
    """Every word of ``text`` (a run of letters and marks), case-folded."""
    return {w.casefold() for w in re.findall(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*", text)}


def _lead(word: str) -> str:
    i = 0
    while i < len(word) and _is_word_char(word[i]):
        i += 1
    return word[:i]


def _tail(word: str) -> str:
    i = len(word)
    while i > 0 and _is_word_char(word[i - 1]):
        i -= 1
    return word[i:]


@dataclass(frozen=True)
class BadBreak:
    pdf: str
    before: str  # the line's last word
    after: str  # the next line's first word

    def __str__(self) -> str:
        return f"{self.pdf}: {self.before!r} / {self.after!r}"


def bad_breaks(pdf: Path, source_text: str) -> list[BadBreak]:
    """Line ends that cut a word without a hyphen: a line ending in a letter, the next starting
    with a lower-case letter, where the two pieces joined make a word of the source and the
    source never has them as two words ("in" / "to" is two words when the source says "in to")."""
    words = words_of(source_text)
    flat = " ".join(source_text.split()).casefold()
    found = []
    lines = pdf_lines(pdf)
    for line, following in zip(lines, lines[1:]):
        if not line or not following:
            continue
        last, first = line[-1], following[0]
        head, tail = _tail(last), _lead(first)
        if not head or not tail or not tail[0].islower() or len(head + tail) < 4:
            continue
        joined = (head + tail).casefold()
        if joined in words and f"{head} {tail}".casefold() not in flat:
            found.append(BadBreak(pdf.name, last, first))
    return found


def urls_of(text: str) -> list[str]:
    return _URL.findall(" ".join(text.split()))


def url_problems(pdf: Path, urls: list[str]) -> list[str]:
    """For each URL of the source: not found whole (line breaks apart), or broken after a
    character other than / . - ? = & or with a hyphen added at the break."""
    lines = [" ".join(words) for words in pdf_lines(pdf)]
    text = "\n".join(lines).replace(SOFT_HYPHEN, "")
    problems = []
    for url in urls:
        pattern = re.compile("\n?".join(re.escape(c) for c in url))
        matches = list(pattern.finditer(text))
        if not matches:
            problems.append(f"{pdf.name}: {url} is not printed whole (a hyphen or space added?)")
        for match in matches:
            shown = match.group(0)
            for i, c in enumerate(shown):
                if c == "\n" and shown[i - 1] not in URL_BREAK_AFTER:
                    problems.append(f"{pdf.name}: {url} breaks after {shown[i - 1]!r}: "
                                    f"{shown[max(0, i - 12):i]!r} / {shown[i + 1:i + 13]!r}")
    return problems
