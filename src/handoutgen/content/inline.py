"""Inline text: ``**bold**`` is the only markup; every other character is literal data.

A ``**`` opens bold only when followed by a non-space character and closes only when
preceded by one (as in CommonMark), so ``2 ** 3`` or a lone ``**`` print as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class RichText:
    runs: tuple[Run, ...]

    @classmethod
    def parse(cls, source: str) -> "RichText":
        runs: list[Run] = []
        pos = 0
        for match in _BOLD.finditer(source):
            if match.start() > pos:
                runs.append(Run(source[pos:match.start()]))
            runs.append(Run(match.group(1), bold=True))
            pos = match.end()
        if pos < len(source):
            runs.append(Run(source[pos:]))
        return cls(tuple(runs))

    @property
    def plain(self) -> str:
        """The text a reader sees, without markup: what the read-back check looks for."""
        return "".join(run.text for run in self.runs)
