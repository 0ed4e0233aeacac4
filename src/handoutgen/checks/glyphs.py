"""Refuse text the layout's fonts cannot draw, so a PDF never shows an empty box."""

from __future__ import annotations

from collections.abc import Iterable

from ..content.model import Item
from ..diagnostics import Diagnostic
from ..fonts import FAMILIES, Stack


def missing_glyphs(items: Iterable[Item], family: str, language: str) -> list[Diagnostic]:
    """One error per character (per item) that no face of the family's stack has."""
    stack = Stack(family, language)
    problems = []
    for item in items:
        missing = {}
        for run in item.text.runs:
            for piece, face in stack.segments(run.text):
                if face is None:
                    missing.update(dict.fromkeys(c for c in piece if not c.isspace()))
        for char in missing:  # each distinct character once, in order
            problems.append(Diagnostic(
                item.location,
                f"character {char!r} (U+{ord(char):04X}) cannot be printed: no font of "
                f"{FAMILIES[family].name} has it; replace it or choose a layout whose fonts have it"))
    return problems
