"""Fonts for every script a handout may use, made ready for reportlab.

A layout names a family (``noto-sans``); the family is a stack of faces, one per script:
Noto Sans for Latin (Vietnamese included), Greek and Cyrillic; Noto Sans Arabic (Arabic, Urdu,
Farsi), Hebrew and Devanagari; Noto Sans SC, TC, JP and KR for Chinese, Japanese and Korean.
Each character is set in the face of its script, and digits, spaces and punctuation stay in the
face around them. All the faces come from PyPI as variable fonts, while reportlab embeds static
TrueType only: the first use of a face cuts static instances with HarfBuzz's instancer and
caches them, keyed by package version, axis values and instancer version, so a face a build
never needs is never cut.
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import importlib.resources
import io
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools import unicodedata as ucd

from .characters import invisible

STYLES = ("regular", "bold")


@dataclass(frozen=True)
class Face:
    key: str
    name: str  # the face's own name, for messages and the README
    distribution: str  # the PyPI distribution that ships it
    package: str  # its importable package
    source: str  # variable font file inside the package
    shaped: bool = False  # needs OpenType shaping (joining, conjuncts, marks) to print correctly
    fixed_axes: dict[str, float] = field(default_factory=dict)


def _face(key, name, distribution, source, *, shaped=False, width=True) -> Face:
    return Face(key, name, distribution, distribution.replace("-", "_"), source, shaped,
                {"wdth": 100} if width else {})


_NOTO = "fonts/ofl/notosans{0}/NotoSans{1}[wdth,wght].ttf"  # the layout of the justmytype-intl-* packs
_CJK = "fonts/ofl/notosans{0}/NotoSans{1}[wght].ttf"


def _noto(key: str, name: str, distribution: str, *, shaped: bool = True) -> Face:
    return _face(key, f"Noto Sans {name}", distribution, _NOTO.format(name.lower(), name), shaped=shaped)


FACES = {face.key: face for face in (
    _face("latin", "Noto Sans", "fontpkg-noto-sans", "files/NotoSans[wdth,wght].ttf"),
    _noto("arabic", "Arabic", "justmytype-intl-rtl"),
    _noto("hebrew", "Hebrew", "justmytype-intl-rtl"),
    *(_noto(name.lower(), name, "justmytype-intl-south-asia") for name in ("Devanagari", "Bengali", "Tamil", "Telugu")),
    # Gurmukhi and Gujarati: on PyPI only in this OFL bundle of Noto faces (weight axis only).
    *(_face(name.lower(), f"Noto Sans {name}", "manimgx-fonts", f"NotoSans{name}[wght].ttf", shaped=True, width=False)
      for name in ("Gurmukhi", "Gujarati")),
    *(_noto(name.lower(), name, "justmytype-intl-sea") for name in ("Thai", "Lao", "Khmer", "Myanmar")),
    _noto("ethiopic", "Ethiopic", "justmytype-intl-africa", shaped=False),  # no joining or reordering
    *(_face(f"cjk-{code}", f"Noto Sans {code.upper()}", "justmytype-intl-cjk",
            _CJK.format(code, code.upper()), width=False) for code in ("sc", "tc", "jp", "kr")),
)}

# Scripts (ISO 15924, as fontTools.unicodedata names them from the Unicode Character Database)
# that need a face of their own; Latin, Greek and Cyrillic are all in Noto Sans. Characters
# common to several scripts (digits, punctuation, spaces) and inherited ones (combining marks,
# ZWJ, ZWNJ) have no script of their own: they stay with the run around them (Stack.face_for).
_SCRIPT_FACES = {
    "Arab": "arabic", "Hebr": "hebrew", "Deva": "devanagari", "Beng": "bengali", "Guru": "gurmukhi",
    "Gujr": "gujarati", "Taml": "tamil", "Telu": "telugu", "Thai": "thai", "Laoo": "lao", "Khmr": "khmer",
    "Mymr": "myanmar", "Ethi": "ethiopic",
    "Hani": "han", "Bopo": "han", "Hira": "kana", "Kana": "kana", "Hang": "hangul",
}


def script_of(char: str) -> str | None:
    """The face a character's script needs ("han", "kana" and "hangul" for the CJK faces), or
    None for Latin, Greek and Cyrillic and for characters common to scripts."""
    return _SCRIPT_FACES.get(ucd.script(char))


def _extension_faces(char: str) -> list[str]:
    """Faces of the scripts a common character is used with ("，" with Han, "।" with Devanagari)."""
    faces = [_SCRIPT_FACES[s] for s in sorted(ucd.script_extension(char)) if s in _SCRIPT_FACES]
    # Fullwidth and wide punctuation ("，", "（") belongs to no script, but only CJK faces have it.
    return faces + ["han"] if unicodedata.east_asian_width(char) in ("F", "W") else faces


def _han_face(language: str) -> str:
    """Han characters differ in shape between regions: pick the face the reader expects."""
    tag = language.lower()
    if tag.startswith("ja"):
        return "cjk-jp"
    if tag.startswith("ko"):
        return "cjk-kr"
    if tag.startswith("zh") and any(t in tag for t in ("hant", "-tw", "-hk", "-mo")):
        return "cjk-tc"
    return "cjk-sc"


# Languages written in a script other than Latin, Greek or Cyrillic, by their primary subtag.
_LANGUAGE_FACES = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "sd", "ug", "ckb"), "arabic"),
    **dict.fromkeys(("he", "yi"), "hebrew"),
    **dict.fromkeys(("hi", "mr", "ne", "sa"), "devanagari"),
    **dict.fromkeys(("bn", "as"), "bengali"),
    "pa": "gurmukhi", "gu": "gujarati", "ta": "tamil", "te": "telugu",
    "th": "thai", "lo": "lao", "km": "khmer", "my": "myanmar",
    **dict.fromkeys(("am", "ti"), "ethiopic"),
}
_RTL_FACES = ("arabic", "hebrew")


def _primary_face(language: str) -> str:
    base = language.split("-")[0].lower()
    if base in ("zh", "ja", "ko"):
        return _han_face(language)
    return _LANGUAGE_FACES.get(base, "latin")


def is_rtl(language: str) -> bool:
    """Whether a BCP 47 tag's language is written right to left."""
    return _primary_face(language) in _RTL_FACES


@dataclass(frozen=True)
class FontFamily:
    key: str  # the name layouts use
    name: str


FAMILIES = {"noto-sans": FontFamily("noto-sans", "Noto Sans (with Noto Sans Arabic, Hebrew, Devanagari, Bengali, "
                                                  "Gurmukhi, Gujarati, Tamil, Telugu, Thai, Lao, Khmer, Myanmar, "
                                                  "Ethiopic, SC, TC, JP and KR)")}


@dataclass(frozen=True)
class Stack:
    """The faces one language prints with: which face sets each character."""
    family: str
    language: str

    @property
    def primary(self) -> str:
        """The face of the language's own script (the paragraph styles' base face)."""
        return _primary_face(self.language)

    def face_for(self, char: str, current: str | None = None) -> str | None:
        """The face that prints ``char``, or None when no face of the stack has it. Marks,
        digits, spaces and punctuation stay in ``current`` (the face of the text before them)
        when it has them, so a word or a number is not split between faces."""
        if invisible(char):  # never drawn (characters.py): it stays with the text around it
            return current or self.primary
        script = script_of(char)
        if script is not None:
            face = self._face_of(script)
            return face if covers_face(face, char) else None
        letter = unicodedata.category(char).startswith("L")
        common = (current, self.primary, *map(self._face_of, _extension_faces(char)), "latin")
        for face in ("latin", self.primary) if letter else common:
            if face and covers_face(face, char):
                return face
        return None

    def _face_of(self, script: str) -> str:
        """The face for a script_of() value: a CJK script in the face the language expects."""
        if script not in ("han", "kana", "hangul"):
            return script
        if self.primary.startswith("cjk"):
            return self.primary
        return {"kana": "cjk-jp", "hangul": "cjk-kr"}.get(script, _han_face(self.language))

    def segments(self, text: str) -> Iterator[tuple[str, str | None]]:
        """``text`` cut into (text, face) runs; face None marks characters no face can print."""
        start, current, faces = 0, None, _faces(self)
        for index, char in enumerate(text):
            face = faces.get((char, current), _UNKNOWN)
            if face is _UNKNOWN:
                face = faces[char, current] = self.face_for(char, current)
            if index and face != current:
                yield text[start:index], current
                start = index
            current = face
        if text:
            yield text[start:], current


_UNKNOWN = object()


@cache
def _faces(stack: Stack) -> dict[tuple[str, str | None], str | None]:
    """Stack.face_for's answers (asked for every character of every paragraph; the answers are
    few), looked up without hashing the stack for every character."""
    return {}


def cache_dir() -> Path:
    base = os.environ.get("HANDOUTGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "handoutgen")
    return Path(base) / "fonts"


def versions() -> dict[str, str]:
    """Versions of the font distributions, part of every PDF's input key."""
    return {d: importlib.metadata.version(d) for d in sorted({f.distribution for f in FACES.values()})}


@cache
def font_file(face_key: str, style: str) -> Path:
    """Path of a static TrueType file for one style of a face, instancing it on first use."""
    face = FACES[face_key]
    version = importlib.metadata.version(face.distribution)
    axes = {"wght": {"regular": 400, "bold": 700}[style], **face.fixed_axes}
    tag = "-".join(f"{k}{v:g}" for k, v in sorted(axes.items()))
    # The instancer is part of the key: cuts by another instancer (fontTools', before) differ
    # in the rounding of some points and must not be mixed into a build.
    cutter = f"uharfbuzz{importlib.metadata.version('uharfbuzz')}"
    target = cache_dir() / f"{face.key}-{version}-{tag}-{cutter}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # One process cuts a face; others that need it at the same moment (the workers of a
        # parallel build, another build) wait for it instead of cutting it again.
        lock = os.open(target.with_name(target.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                _instantiate(importlib.resources.files(face.package) / face.source, axes, target, face.shaped)
        finally:
            os.close(lock)  # releases the lock
    return target


# OpenType layout tables: only HarfBuzz reads them, and only for shaped faces (reportlab maps
# characters to glyphs through the cmap and never reads them), so unshaped faces drop them.
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")


def _instantiate(source, axes: dict[str, float], target: Path, shaped: bool) -> None:
    """Cut the static instance at ``axes`` with HarfBuzz's instancer (hb-subset, in C): the
    whole face, every glyph at its own id, in a fraction of a second where fontTools' instancer
    (pure Python) took a minute per weight of a CJK face. The names and style bits are then
    set as fontTools' instancer sets them ("Noto Sans Bold", NotoSans-Bold, bold in macStyle
    and fsSelection): HarfBuzz keeps the variable font's own."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables.DefaultTable import DefaultTable
    from fontTools.varLib import instancer
    from fontTools.varLib.instancer import names

    data = source.read_bytes()
    variable = hb.Face(hb.Blob(data))
    plan = hb.SubsetInput()
    plan.keep_everything()  # every glyph, code point, name and table; glyph ids unchanged
    plan.flags |= hb.SubsetFlags.SET_OVERLAPS_FLAG  # as fontTools' instancer: overlapping contours render right
    if not shaped:
        for tag in _LAYOUT_TABLES:
            plan.drop_table_tag_set.add(int.from_bytes(tag.encode(), "big"))
    for axis, value in axes.items():
        plan.pin_axis_location(variable, axis, value)
    static = hb.subset(variable, plan)
    if static is None:
        raise RuntimeError(f"HarfBuzz could not cut {source} at {axes}")
    # recalcTimestamp=False keeps the instance, and so the embedded subsets, byte-identical.
    font = TTFont(io.BytesIO(static.blob.data), recalcBBoxes=False, recalcTimestamp=False)
    # The name and STAT tables as fontTools' instancer makes them; they hold no outlines, so
    # instancing them alone on the variable font costs nothing.
    names_only = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
    limits = instancer.AxisLimits(axes).limitAxesAndPopulateDefaults(names_only)
    names.updateNameTable(names_only, limits)
    with names.pruningUnusedNames(names_only):
        if "STAT" in names_only:
            instancer.instantiateSTAT(names_only, limits)
        instancer.instantiateFvar(names_only, limits)
    for tag in ("name", "STAT"):
        if tag in names_only:
            font[tag] = names_only[tag]
    # The style bits go into the tables' own bytes (macStyle, fsSelection): compiling OS/2
    # again would read the whole cmap, a third of a second for a CJK face.
    raw = {tag: bytearray(font.reader[tag]) for tag in ("head", "OS/2")}
    instancer.setRibbiBits(font)
    for tag, offset, value in (("head", 44, font["head"].macStyle), ("OS/2", 62, font["OS/2"].fsSelection)):
        raw[tag][offset:offset + 2] = value.to_bytes(2, "big")
        font[tag] = DefaultTable(tag)
        font[tag].data = bytes(raw[tag])
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            font.save(out, reorderTables=False)
        os.replace(tmp, target)  # atomic: a build never reads a half-written font
    except BaseException:
        os.unlink(tmp)
        raise


def font_name(face_key: str, bold: bool) -> str:
    """reportlab's name for a face and weight, registering it on first use."""
    return register_face(face_key)["bold" if bold else "regular"]


@cache
def register_face(face_key: str) -> dict[str, str]:
    """Register a face with reportlab; returns the reportlab font name for each style."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {style: f"{face_key}-{style}" for style in STYLES}
    for style, name in names.items():
        # Shaping (uharfbuzz) only for the scripts that need it: Latin and CJK print the same
        # without it, and it costs time on every word.
        pdfmetrics.registerFont(TTFont(name, str(font_file(face_key, style)),
                                       shapable=FACES[face_key].shaped))
    # Map <b> in paragraph markup to the bold face; the faces have no italics on purpose
    # (clear-print guidance: no italics for emphasis).
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(names["regular"], bold, italic, names["bold" if bold else "regular"])
    return names


def covers_face(face_key: str, char: str) -> bool:
    """Whether every style of a face has a glyph for ``char``."""
    return ord(char) in _cmap(face_key)


@cache
def _cmap(face_key: str) -> frozenset[int]:
    """Characters of a face, read from the variable source (its instances share the cmap), so
    asking whether a face has a character does not cut an instance. HarfBuzz reads the file
    mapped, in C: 2 ms for a CJK face's 30,890 characters, where fontTools took 130 ms."""
    import uharfbuzz as hb

    face = FACES[face_key]
    with importlib.resources.as_file(importlib.resources.files(face.package) / face.source) as path:
        return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)
