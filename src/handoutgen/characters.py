"""The policy for invisible and bidi control characters, character by character.

Translators' tools and editors put invisible characters into text. Some carry meaning a
handout needs; some only hide what the text really says (a right-to-left override can print a
phone number backwards, and a patient would dial a wrong number). Every text value read from an
input file goes through :func:`check_text`:

- **kept**, honoured and never drawn: the bidi isolates U+2066-U+2069 and the marks U+200E
  (LRM), U+200F (RLM) and U+061C (ALM), which set a name or number apart in right-to-left text;
  U+200C (ZWNJ) and U+200D (ZWJ), which shaping needs in Persian and Indic scripts; U+200B
  (zero width space), a line-break opportunity in Thai, Khmer, Lao and Burmese; U+2060 (word
  joiner); U+034F (combining grapheme joiner); U+00AD (soft hyphen, printed as a hyphen where a
  line breaks at it).
- **removed with a warning**: U+FEFF (a byte-order mark left inside text by an editor).
- **refused** (an error naming the character and its place): the embeddings and overrides
  U+202A-U+202E, which reorder text invisibly (use isolates instead); the deprecated format
  characters U+206A-U+206F; the interlinear annotation characters U+FFF9-U+FFFB; the tag
  characters U+E0001-U+E007F, which can hide text inside text.

Values that are phone numbers accept what a phone number needs and nothing else (clinic.py).
"""

from __future__ import annotations

import unicodedata
from functools import cache

REFUSED = {
    **{c: "it reorders text invisibly; to set a name or number apart in right-to-left text, use "
          "the isolates U+2066 to U+2069 instead" for c in range(0x202A, 0x202F)},
    **{c: "it is a deprecated format character" for c in range(0x206A, 0x2070)},
    **{c: "it hides an annotation inside the text" for c in range(0xFFF9, 0xFFFC)},
    **{c: "it can hide text inside text" for c in range(0xE0001, 0xE0080)},
}
REMOVED = {0xFEFF: "a byte-order mark inside text"}
# Format characters that are printed: signs that prefix a number in Arabic and Syriac text.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")
SOFT_HYPHEN = "\u00ad"


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@cache  # asked for every character drawn and measured; the answers are few
def invisible(char: str) -> bool:
    """Characters that are never drawn: format characters (but the soft hyphen, which prints
    where a line breaks, and the visible number signs) and the combining grapheme joiner."""
    return char == "\u034f" or (unicodedata.category(char) == "Cf" and char != SOFT_HYPHEN
                                and char not in _VISIBLE_FORMAT)


_JOINERS = "\u200c\u200d"


def drawn(text: str, shaping: bool = False) -> str:
    """``text`` as its glyphs are drawn: without its invisible characters. For ``shaping``,
    ZWJ and ZWNJ stay: HarfBuzz needs them to choose joined or separate forms."""
    if not any(map(invisible, text)):
        return text
    return "".join(c for c in text if not invisible(c) or (shaping and c in _JOINERS))


def problems(text: str) -> list[tuple[int, str, bool]]:
    """(index, message, is_error) for each refused or removed character in ``text``."""
    found = []
    for index, char in enumerate(text):
        code = ord(char)
        if code in REFUSED:
            found.append((index, f"contains {describe(char)}; remove it: {REFUSED[code]}", True))
        elif code in REMOVED:
            found.append((index, f"contains {describe(char)} ({REMOVED[code]}); it was removed", False))
    return found


def clean(text: str) -> str:
    """``text`` without the characters the policy removes."""
    return "".join(c for c in text if ord(c) not in REMOVED)
