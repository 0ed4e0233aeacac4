"""Font families the layouts may name, made ready for reportlab.

reportlab embeds static TrueType fonts only, while Noto Sans reaches us from PyPI as a variable
font (``fontpkg-noto-sans``). The first use cuts static instances with fontTools and caches
them, keyed by font version and axis values, so every later build loads them directly.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

STYLES = ("regular", "bold")


@dataclass(frozen=True)
class FontFamily:
    key: str  # the name layouts use
    name: str  # the family's own name, for messages
    package: str  # the Python package that ships the font files
    source: str  # variable font file inside the package's files/ folder
    weights: dict[str, int] = field(default_factory=lambda: {"regular": 400, "bold": 700})
    fixed_axes: dict[str, float] = field(default_factory=dict)


FAMILIES = {
    family.key: family for family in (
        FontFamily("noto-sans", "Noto Sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf",
                   fixed_axes={"wdth": 100}),
    )
}


def cache_dir() -> Path:
    base = os.environ.get("HANDOUTGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "handoutgen")
    return Path(base) / "fonts"


@cache
def font_file(family_key: str, style: str) -> Path:
    """Path of a static TrueType file for one style of a family, instancing it on first use."""
    family = FAMILIES[family_key]
    files = importlib.resources.files(family.package)
    version = json.loads((files / "metadata.json").read_text(encoding="utf-8"))["version"]
    axes = {"wght": family.weights[style], **family.fixed_axes}
    tag = "-".join(f"{k}{v:g}" for k, v in sorted(axes.items()))
    target = cache_dir() / f"{family.key}-{version}-{tag}.ttf"
    if not target.exists():
        _instantiate(files / "files" / family.source, axes, target)
    return target


def _instantiate(source, axes: dict[str, float], target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # recalcTimestamp=False keeps the instance, and so the embedded subsets, byte-identical.
    with importlib.resources.as_file(source) as path:
        font = instancer.instantiateVariableFont(TTFont(path, recalcTimestamp=False), axes,
                                                 updateFontNames=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            font.save(out)
        os.replace(tmp, target)  # atomic: parallel builds never read a half-written font
    except BaseException:
        os.unlink(tmp)
        raise


@cache
def register(family_key: str) -> dict[str, str]:
    """Register a family with reportlab; returns the reportlab font name for each style."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {style: f"{family_key}-{style}" for style in STYLES}
    for style, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(font_file(family_key, style))))
    # Map <b> in paragraph markup to the bold face; the families have no italics on purpose
    # (clear-print guidance: no italics for emphasis).
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(names["regular"], bold, italic, names["bold" if bold else "regular"])
    return names


def covers(family_key: str, char: str) -> bool:
    """Whether every style of the family has a glyph for ``char``."""
    return all(ord(char) in _cmap(family_key, style) for style in STYLES)


@cache
def _cmap(family_key: str, style: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(register(family_key)[style]).face.charToGlyph)
