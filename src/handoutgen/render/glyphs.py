"""Shaped text whose glyphs carry the text they stand for.

Arabic, Hebrew and Devanagari are shaped with HarfBuzz: one letter may become several glyphs
(Noto Sans Arabic draws a letter's dots apart from it), a vowel sign may stand before its
consonant, several letters may become one glyph, and one glyph may show different letters in
different words. reportlab embeds such glyphs under private-use code points, which is what
copying, searching and reading aloud then get. So shaped runs are embedded here instead, as a
Type0 font (CIDFontType2) with a CID numbering of our own, each CID drawing one whole HarfBuzz
cluster and carrying that cluster's text in the ToUnicode map (LuaLaTeX's harf mode and krilla
also map glyphs to their cluster's text). A cluster of several glyphs, or of one glyph moved
by the shaper, becomes a composite glyph added to the embedded subset (its components at their
shaped offsets, its advance the cluster's), so extractors see one character per cluster where
it stands, never a stray dot or a gap inside a word, and no /ActualText is needed.

Two extractor habits move part of a cluster's text onto an empty, zero-width glyph at the
cluster's logical end (see _cut): they reverse right-to-left text character by character, a
glyph's several characters too; and PDF.js takes a glyph whose text holds a nonspacing mark
for a zero-width accent, so the gap after it reads as a word space.

Each run is shown left to right, as other PDF producers write it and as the PDF model expects
(ISO 32000-1, 14.8.2.3.3 "reverse-order show strings"): the extractors that apply the bidi
algorithm to what they collect (PDF.js, pypdf, poppler, PDFium, MuPDF) then give right-to-left
text in logical order with its spaces. pdfminer.six applies no bidi algorithm and gets right-to-
left text reversed from any producer; no order of drawing serves it together with pypdf and
PDF.js, which reverse what pdfminer keeps (README, "Text extraction").
"""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import uharfbuzz as hb

from ..fonts import font_file

# Kerning and standard ligatures, as reportlab's shaping; not its discretionary ligatures
# ("dlig"), which set Hebrew alef-lamed and vav-yod ligatures in modern words.
_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Glyph:
    gid: int
    text: str  # its cluster's text (on every glyph of the cluster)
    cluster: int  # logical position of its cluster in the shaped text
    advance: float  # in font units
    dx: float
    dy: float


@dataclass(frozen=True)
class Shaped:
    font: "EmbeddedFont"
    glyphs: tuple[Glyph, ...]  # visual order, left to right
    rtl: bool

    def width(self, size: float) -> float:
        return sum(g.advance for g in self.glyphs) * size / self.font.upem


class EmbeddedFont:
    """One static face of a shaped script, embedded as a Type0 font with our own CIDs."""

    def __init__(self, name: str):
        face_key, style = name.rsplit("-", 1)  # fonts.register_face names: <face>-<style>
        self.name = name
        self.data = font_file(face_key, style).read_bytes()
        self.hb_font = hb.Font(hb.Face(hb.Blob(self.data)))
        self.upem = self.hb_font.face.upem

    @lru_cache(maxsize=8192)  # a line is shaped to measure it and again to draw it
    def shape(self, text: str, rtl: bool, language: str | None = None) -> Shaped:
        """``text`` shaped by HarfBuzz; ``language`` (BCP 47) selects the face's local forms
        (``locl``: Nepali's ५ ८ ९ झ, Urdu's ۴ ۶ ۷)."""
        if not text:  # a run of invisible characters only (characters.py): nothing to draw
            return Shaped(self, (), rtl)
        buf = hb.Buffer()
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        if language:
            buf.language = language
        hb.shape(self.hb_font, buf, _FEATURES)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        starts = sorted({i.cluster for i in infos})
        ends = dict(zip(starts, starts[1:] + [len(text)]))
        glyphs = tuple(Glyph(info.codepoint, text[info.cluster:ends[info.cluster]], info.cluster,
                             pos.x_advance, pos.x_offset, pos.y_offset)
                       for info, pos in zip(infos, positions))
        return Shaped(self, glyphs, rtl)

    def _state(self, doc) -> "_State":
        states = doc.__dict__.setdefault("handoutgen_cid_fonts", {})  # lives as long as the document
        state = states.get(self.name)
        if state is None:
            state = states[self.name] = _State(f"HG{len(doc.fontMapping) + 1}")
            doc.fontMapping[f"{self.name} (cid)"] = "/" + state.resource
            doc.delayedFonts.append(_Delayed(self, state))
        return state

    def draw(self, canvas, shaped: Shaped, x: float, y: float, size: float) -> None:
        """Write ``shaped`` with its left edge at ``x``, clusters left to right (module notes)."""
        state = self._state(canvas._doc)
        clusters: list[list[Glyph]] = []
        for g in shaped.glyphs:
            if not clusters or clusters[-1][0].cluster != g.cluster:
                clusters.append([])
            clusters[-1].append(g)
        if not shaped.rtl and any(_READ_AS_RTL[0] <= c <= _READ_AS_RTL[1] for g in shaped.glyphs for c in g.text):
            # A number in Arabic-Indic digits (a left-to-right run inside right-to-left text):
            # pypdf takes every character of U+0590-U+08FF for a right-to-left letter and would
            # reverse the digits one by one ("٢٥٠" as "٠٥٢"); one glyph carrying the whole
            # number's text keeps it whole.
            text = "".join(t for _, t in sorted({(g.cluster, g.text) for g in shaped.glyphs}))
            clusters = [[Glyph(g.gid, text, 0, g.advance, g.dx, g.dy) for g in shaped.glyphs]]
        shown: list[tuple[int, float]] = []  # CID, left edge in font units from x
        pen = 0
        for cluster in clusters:
            advance = sum(g.advance for g in cluster)
            only = cluster[0]
            if len(cluster) == 1 and not only.dx and not only.dy:
                key = only.gid
            else:
                offsets, at = [], 0
                for g in cluster:
                    offsets.append((g.gid, at + g.dx, g.dy))
                    at += g.advance
                key = (tuple(offsets), advance)
            text = cluster[0].text
            if shaped.rtl and text.isspace() and cluster in (clusters[0], clusters[-1]):
                # A space at either end of a right-to-left run: PDF.js makes each run a text
                # item of its own (the pen moves back between runs, which are drawn left to
                # right) and drops whitespace at an item's edge, joining two words across a
                # change of face or direction. A glyph whose text begins with a right-to-left
                # mark (U+200F, Unicode's mark for neutrals at a direction boundary) is no
                # whitespace to it, so the space is kept; poppler, PDFium and MuPDF order
                # such spaces better with it too (README, "Text extraction").
                text, cut = "\u200f" + text, 0
            else:
                cut = _cut(text, shaped.rtl)
            main = (state.cid(key, text[:cut] if cut else text), pen)
            if not cut:
                shown.append(main)
            elif shaped.rtl:  # the rest at the cluster's left, its logical end
                shown += [(state.cid(EMPTY, text[cut:]), pen), main]
            else:
                shown += [main, (state.cid(EMPTY, text[cut:]), pen + advance)]
            pen += advance
        canvas.addLiteral(self._show(state, shown, x, y, size))

    def _show(self, state: "_State", shown: list[tuple[int, float]], x: float, y: float,
              size: float) -> str:
        """One text object showing CIDs left to right, each at its place (font units from x)."""
        k = 1000 / self.upem  # font units to the thousandths of an em that TJ counts in
        items: list[str] = []
        pen = 0.0  # where the PDF's pen stands
        for cid, left in shown:
            if abs(pen - left) > 1e-3:  # a TJ number moves the pen left by n/1000 em
                items.append(_num((pen - left) * k))
            if items and items[-1].endswith(">"):  # one string for CIDs that follow each other
                items[-1] = f"{items[-1][:-1]}{cid:04X}>"
            else:
                items.append(f"<{cid:04X}>")
            pen = left + state.width(cid, self)
        return f"BT /{state.resource} {_num(size)} Tf 1 0 0 1 {_num(x)} {_num(y)} Tm [{' '.join(items)}] TJ ET"

    @cache
    def width(self, gid: int) -> int:
        """Advance of a glyph in the font program (hmtx), in font units."""
        return self.hb_font.get_glyph_h_advance(gid)

    def advance(self, key) -> float:
        """Advance in font units of what a CID draws: a glyph, a cluster or the empty glyph."""
        if isinstance(key, int):
            return self.width(key)
        return 1 if key == EMPTY else key[1]

    def add_objects(self, doc, state: "_State") -> None:
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.tables._g_l_y_f import ROUND_XY_TO_GRID, Glyph as TTGlyph, GlyphComponent
        from reportlab.pdfbase import pdfdoc

        # Outlines are copied as the face has them (their bounds do not change in a subset):
        # decoding and re-encoding them was most of the time a shaped script's PDF took to write.
        font = TTFont(io.BytesIO(self.data), recalcTimestamp=False, recalcBBoxes=False)
        order = font.getGlyphOrder()
        keys = list(dict.fromkeys(state.keys))
        used = {0}
        for key in keys:
            if isinstance(key, int):
                used.add(key)
            elif key != EMPTY:
                used.update(gid for gid, _, _ in key[0])
        # The shaping tables are of no use in a PDF; dropped before subsetting, they are not read.
        for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "kern", "hdmx", "LTSH", "VDMX"):
            if tag in font:
                del font[tag]
        options = subset.Options()
        options.layout_features = []
        options.notdef_outline = True
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=[order[gid] for gid in sorted(used)])
        subsetter.subset(font)
        # Each cluster drawn by one CID becomes a composite glyph: its glyphs at their offsets.
        glyf, hmtx = font["glyf"], font["hmtx"]
        names = {}
        for key in keys:
            if isinstance(key, int):
                names[key] = order[key]
                continue
            name = names[key] = f"handoutgen.{len(names)}"
            glyph = TTGlyph()
            if key == EMPTY:
                glyph.numberOfContours = 0
            else:
                glyph.numberOfContours, glyph.components = -1, []
                for gid, dx, dy in key[0]:
                    component = GlyphComponent()
                    component.glyphName, component.x, component.y = order[gid], round(dx), round(dy)
                    component.flags = ROUND_XY_TO_GRID
                    glyph.components.append(component)
            glyf[name] = glyph
            _set_bounds(glyf, glyph)
            hmtx[name] = (round(self.advance(key)), glyph.xMin)
        font.setGlyphOrder(glyf.glyphOrder)
        font["post"].formatType = 3.0  # no glyph names: PDF reaches glyphs by number
        new_gid = {name: n for n, name in enumerate(font.getGlyphOrder())}
        program = io.BytesIO()
        font.save(program)
        program = program.getvalue()

        by_cid = sorted((cid, key, text) for (key, text), cid in state.cids.items())
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(
            repr(by_cid).encode() + program).digest()[:6])
        head, hhea, os2 = font["head"], font["hhea"], font.get("OS/2")
        base_name = f"{tag}+{font['name'].getDebugName(6) or self.name}"
        k = 1000 / head.unitsPerEm

        def stream(content: bytes, **entries) -> pdfdoc.PDFStream:
            s = pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), content)
            if doc.compression:
                s.filters = [pdfdoc.PDFZCompress]
            return s

        file_ref = doc.Reference(stream(program, Length1=len(program)))
        descriptor = doc.Reference(pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base_name),
            "Flags": 4,  # symbolic: the glyphs are reached by CID, not by a standard encoding
            "FontBBox": pdfdoc.PDFArray([round(v * k) for v in
                                         (head.xMin, head.yMin, head.xMax, head.yMax)]),
            "ItalicAngle": 0,
            "Ascent": round(hhea.ascent * k),
            "Descent": round(hhea.descent * k),
            "CapHeight": round((getattr(os2, "sCapHeight", 0) or hhea.ascent) * k),
            "StemV": 80,
            "FontFile2": file_ref,
        }))
        gid_map = bytearray(2 * (by_cid[-1][0] + 1))
        for cid, key, _ in by_cid:
            gid_map[2 * cid:2 * cid + 2] = new_gid[names[key]].to_bytes(2, "big")
        widths = pdfdoc.PDFArray([by_cid[0][0], pdfdoc.PDFArray(
            [round(self.advance(key) * k, 3) for _, key, _ in by_cid])])
        cid_font = doc.Reference(pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0}),
            "FontDescriptor": descriptor,
            "DW": 0,
            "W": widths,
            "CIDToGIDMap": doc.Reference(stream(bytes(gid_map))),
        }))
        type0 = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([cid_font]),
            "ToUnicode": doc.Reference(stream(_to_unicode(by_cid))),
        })
        doc.idToObject["BasicFonts"].dict[state.resource] = doc.Reference(type0, state.resource)


def _cut(text: str, rtl: bool) -> int:
    """Where a cluster's text is split between its glyph and the empty glyph after it, or 0.

    Right to left, after the first character: extractors reverse right-to-left text character
    by character, a glyph's several characters too ("ضً" would come out mark first). Left to
    right, before the first nonspacing mark: PDF.js takes a glyph whose text holds one for a
    zero-width accent and then sees the gap after it as a word space ("क् या")."""
    if rtl:
        return 1 if len(text) > 1 else 0
    if not text or unicodedata.category(text[0]) == "Mn":
        return 0  # marks only: PDF.js is right to take them for a zero-width accent
    return next((i for i, c in enumerate(text) if unicodedata.category(c) == "Mn"), 0)


def _to_unicode(by_cid) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(by_cid), 100):  # at most 100 entries per block
        chunk = by_cid[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for cid, _, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _set_bounds(glyf, glyph) -> None:
    """A new composite glyph's bounds: its components' bounds as the face records them,
    moved by their offsets (fontTools' recalcBounds would decode every component's outline)."""
    boxes = []
    for component in getattr(glyph, "components", ()):
        part = glyf.glyphs[component.glyphName]  # as read: glyf[name] would decode it
        if hasattr(part, "data"):
            if not part.data:
                continue  # an empty glyph (a space)
            x0, y0, x1, y1 = struct.unpack(">4h", part.data[2:10])
        elif part.numberOfContours:
            x0, y0, x1, y1 = part.xMin, part.yMin, part.xMax, part.yMax
        else:
            continue
        boxes.append((x0 + component.x, y0 + component.y, x1 + component.x, y1 + component.y))
    glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax = (
        (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        if boxes else (0, 0, 0, 0))


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# pypdf's right-to-left characters (pypdf._utils.RTL_CHARACTER_RANGES), the Arabic-Indic digits
# and their separators among them.
_READ_AS_RTL = ("\u0590", "\u08ff")

# The key of an empty glyph that carries text only (see _cut). It is one font unit wide, not
# zero: pdfminer.six breaks a line between two characters that both have no width.
EMPTY = "empty"


@dataclass
class _State:
    """One font's CIDs in one document: CID n draws keys[n - 1] (a glyph id, a cluster's
    ((glyph id, x, y), ...), advance) or EMPTY) and stands for its text."""
    resource: str  # its name in the pages' font resources
    cids: dict[tuple[object, str], int] = field(default_factory=dict)
    keys: list = field(default_factory=list)

    def cid(self, key, text: str) -> int:
        cid = self.cids.get((key, text))
        if cid is None:
            self.keys.append(key)
            cid = self.cids[(key, text)] = len(self.keys)  # CID 0 is .notdef
        return cid

    def width(self, cid: int, font: "EmbeddedFont") -> float:
        return font.advance(self.keys[cid - 1])


class _Delayed:
    """What reportlab calls, when it writes the document, to add a font's objects."""

    def __init__(self, font: EmbeddedFont, state: _State):
        self.font, self.state = font, state

    def addObjects(self, doc) -> None:
        self.font.add_objects(doc, self.state)


@cache
def embedded(name: str) -> EmbeddedFont:
    return EmbeddedFont(name)
