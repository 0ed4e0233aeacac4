"""Inline text: ``**bold**`` is the only markup; every other character is literal data.

A ``**`` opens bold only when followed by a non-space character and closes only when
preceded by one (as in CommonMark), so ``2 ** 3`` or a lone ``**`` print as typed.
``{phone}`` and the other clinic fields are placeholders, filled in for each clinic;
``{{`` and ``}}`` print single braces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class MarkupError(ValueError):
    """Text whose braces are not a known placeholder; the message says what to write."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    field: str | None = None  # a placeholder, filled in by RichText.fill


@dataclass(frozen=True)
class RichText:
    runs: tuple[Run, ...]

    @classmethod
    def parse(cls, source: str, fields: tuple[str, ...] = ()) -> "RichText":
        """Split ``source`` into runs; ``fields`` are the placeholder names allowed."""
        runs: list[Run] = []
        pos = 0
        for match in _BOLD.finditer(source):
            runs += _placeholders(source[pos:match.start()], False, fields)
            runs += _placeholders(match.group(1), True, fields)
            pos = match.end()
        runs += _placeholders(source[pos:], False, fields)
        return cls(tuple(runs))

    def fill(self, values: dict[str, str]) -> "RichText":
        """Placeholders replaced by their values."""
        return RichText(tuple(Run(values[r.field], r.bold) if r.field else r for r in self.runs))

    @property
    def plain(self) -> str:
        """The text a reader sees, without markup: what the read-back check looks for."""
        return "".join(f"{{{run.field}}}" if run.field else run.text for run in self.runs)


def _placeholders(text: str, bold: bool, fields: tuple[str, ...]) -> list[Run]:
    runs, literal, pos = [], [], 0
    for match in _BRACES.finditer(text):
        literal.append(text[pos:match.start()])
        pos = match.end()
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif name is not None and name in fields:
            runs.append(Run("".join(literal), bold))
            literal = []
            runs.append(Run("", bold, field=name))
        elif name is not None:
            known = ", ".join(f"{{{f}}}" for f in fields) or "none"
            raise MarkupError(f"unknown placeholder {token}; use one of {known}, or write {{{{ and }}}} "
                              "for literal braces")
        else:
            raise MarkupError(f"a single '{token}' must be written '{token * 2}' to print it")
    literal.append(text[pos:])
    runs.append(Run("".join(literal), bold))
    return [r for r in runs if r.text or r.field]
