"""Refuse text the layout's fonts cannot draw, so a PDF never shows an empty box."""

from __future__ import annotations

from collections.abc import Iterable

from ..content.model import Item
from ..diagnostics import Diagnostic
from ..fonts import FAMILIES, covers


def missing_glyphs(items: Iterable[Item], family: str) -> list[Diagnostic]:
    problems = []
    for item in items:
        for char in dict.fromkeys(item.text.plain):  # each distinct character once, in order
            if not char.isspace() and not covers(family, char):
                problems.append(Diagnostic(
                    item.location,
                    f"character {char!r} (U+{ord(char):04X}) cannot be printed with the font "
                    f"{FAMILIES[family].name}; replace it or choose a layout whose fonts have it"))
    return problems
