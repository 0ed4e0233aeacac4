"""Shaped text whose glyphs carry the text they stand for.

Arabic, Hebrew and Devanagari are shaped with HarfBuzz: one letter may become several glyphs
(a letter and its dots), several letters one glyph (lam-alef), and a glyph may show different
letters in different words. reportlab embeds such glyphs under private-use code points, which is
what copying, searching and reading aloud then get. So shaped runs are embedded here instead, as
a Type0 font (CIDFontType2) with a CID numbering of our own: one CID per (glyph, text) pair, the
text being that of the glyph's HarfBuzz cluster, so the ToUnicode map gives every glyph the
letters it shows, in the words where it shows them (LuaLaTeX's harf mode and krilla do the same).
In a cluster of several glyphs the widest one carries the cluster's text and the others carry
none (an empty ToUnicode entry), so nothing is read twice.

A cluster's other glyphs (the dots that Noto Sans Arabic draws apart from the letter, a
Devanagari vowel sign set before its consonant) are drawn as filled outlines, not as text: any
text they carried would be read twice or as a stray character, and a mark set off by its
offset reads as a gap, a word break, in PDF.js.

Each run is shown left to right, as every PDF producer we know writes it and as the PDF model
expects (ISO 32000-1, 14.8.2.3.3 "reverse-order show strings"): the extractors that apply the
bidi algorithm to what they collect (PDF.js, pypdf, poppler, PDFium, MuPDF) then give right-to-left
text in logical order with its spaces. pdfminer.six applies no bidi algorithm and gets right-to-
left text reversed from any producer; emitting clusters in logical order instead would suit it,
but PDF.js, which inserts a space only where the pen moves forward, would then lose every word
space (bench/extractors.py measures both).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache

import uharfbuzz as hb

from ..fonts import font_file

# The features reportlab's shaping uses, so shaped text looks as it did.
_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Glyph:
    gid: int
    text: str  # what this glyph stands for: its cluster's text, or "" for the cluster's other glyphs
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

    def shape(self, text: str, rtl: bool) -> Shaped:
        if not text:  # a run of invisible characters only (characters.py): nothing to draw
            return Shaped(self, (), rtl)
        buf = hb.Buffer()
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(self.hb_font, buf, _FEATURES)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        starts = sorted({i.cluster for i in infos})
        ends = dict(zip(starts, starts[1:] + [len(text)]))
        carrier: dict[int, int] = {}  # cluster -> index of the glyph that carries its text
        for index, (info, pos) in enumerate(zip(infos, positions)):
            best = carrier.get(info.cluster)
            if best is None or pos.x_advance > positions[best].x_advance:
                carrier[info.cluster] = index
        glyphs = tuple(
            Glyph(info.codepoint,
                  text[info.cluster:ends[info.cluster]] if carrier[info.cluster] == index else "",
                  info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
            for index, (info, pos) in enumerate(zip(infos, positions)))
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
        """Write ``shaped`` with its left edge at ``x``, glyphs left to right (module notes)."""
        scale = size / self.upem
        clusters: list[list[tuple[Glyph, float]]] = []
        pen = x
        for g in shaped.glyphs:
            if not clusters or clusters[-1][0][0].cluster != g.cluster:
                clusters.append([])
            clusters[-1].append((g, pen))
            pen += g.advance * scale
        def pen_after(cluster):
            return cluster[-1][1] + cluster[-1][0].advance * scale

        shown: list[tuple[Glyph, float, float]] = []  # glyph, left, 0 (visible) or Tz of a hidden one
        outlines: list[tuple[Glyph, float]] = []
        for cluster in clusters:
            carrier = next(g for g, _ in cluster if g.text)
            left = cluster[0][1]
            if [g for g, _ in cluster if g.advance] == [carrier]:
                entry = (carrier, next(x for g, x in cluster if g is carrier), 0)
                outlines += [(g, x) for g, x in cluster if g is not carrier]
            else:
                # A mark of its own (Arabic tanween, a Devanagari vowel sign above) or several
                # glyphs side by side (a vowel sign set before its consonant): all are drawn as
                # outlines and the text goes on one invisible glyph spanning the cluster, so
                # extractors see neither a gap inside the word nor a mark out of place.
                outlines += cluster
                width = sum(g.advance for g, _ in cluster)
                entry = (replace(carrier, advance=width, dx=0, dy=0), left, self._stretch(carrier.gid, width))
            cut = _cut(carrier.text, shaped.rtl)
            if not cut:
                shown.append(entry)
                continue
            # The rest of the text goes on an invisible sliver of the glyph at the cluster's
            # logical end: its left edge in right-to-left text, its right edge otherwise.
            sliver = (replace(carrier, text=carrier.text[cut:], dx=0, dy=0),
                      left if shaped.rtl else pen_after(cluster), self._stretch(carrier.gid, 0))
            entry = (replace(entry[0], text=carrier.text[:cut]), *entry[1:])
            shown += [sliver, entry] if shaped.rtl else [entry, sliver]
        out = [self._show(self._state(canvas._doc), shown, y, size)] if shown else []
        out += [self._outline(g, left, y, size) for g, left in outlines if self.path(g.gid)]
        canvas.addLiteral("\n".join(out))

    def _stretch(self, gid: int, width: float) -> float:
        """Horizontal scaling (percent) that makes glyph ``gid`` ``width`` font units wide; a
        sliver of 1 % where it should take no room (0 would make the text matrix singular)."""
        own = self.width(gid)
        return max(100 * width / own, 1) if own else 100

    def _outline(self, g: Glyph, left: float, y: float, size: float) -> str:
        """A glyph that carries no text (a dot of an Arabic letter, a Devanagari vowel sign
        drawn before its consonant) is drawn as a filled outline, so no extractor reads it."""
        scale = size / self.upem
        x0, y0 = left + g.dx * scale, y + g.dy * scale
        return f"q {_num(scale)} 0 0 {_num(scale)} {_num(x0)} {_num(y0)} cm {self.path(g.gid)} f Q"

    @cache
    def path(self, gid: int) -> str:
        """The outline of a glyph as PDF path operators, in font units."""
        from fontTools.pens.basePen import BasePen

        class PathPen(BasePen):
            def __init__(self, glyphs):
                super().__init__(glyphs)
                self.ops: list[str] = []

            def _moveTo(self, p):
                self.ops.append(f"{_num(p[0])} {_num(p[1])} m")

            def _lineTo(self, p):
                self.ops.append(f"{_num(p[0])} {_num(p[1])} l")

            def _curveToOne(self, p1, p2, p3):
                self.ops.append(" ".join(_num(v) for p in (p1, p2, p3) for v in p) + " c")

            def _closePath(self):
                self.ops.append("h")

        font = self._tt()
        glyphs = font.getGlyphSet()
        pen = PathPen(glyphs)
        glyphs[font.getGlyphOrder()[gid]].draw(pen)
        return " ".join(pen.ops)

    @cache
    def _tt(self):
        from fontTools.ttLib import TTFont
        return TTFont(io.BytesIO(self.data), recalcTimestamp=False)

    def _show(self, state: "_State", shown: list, y: float, size: float) -> str:
        """One text object showing glyphs left to right, each at its place: (glyph, left edge,
        0 for a visible glyph, or the horizontal scaling in percent of an invisible one)."""
        k = size / self.upem
        first = shown[0][1] + shown[0][0].dx * k
        parts = [f"BT /{state.resource} {_num(size)} Tf 1 0 0 1 {_num(first)} {_num(y)} Tm"]
        items: list[str] = []
        pen, rise, stretch = first, 0.0, 100.0  # where the PDF's pen stands; Ts; Tz
        mode = 0  # as ``hidden`` below

        def flush():
            if items:
                parts.append(f"[{' '.join(items)}] TJ")
                items.clear()

        for g, left, hidden in shown:
            origin, dy = left + g.dx * k, g.dy * k
            if abs(pen - origin) > 1e-4:  # a TJ number moves the pen left by n/1000 em, times Tz
                items.append(_num((pen - origin) * 1000 / size / (stretch / 100)))
            if dy != rise:
                flush()
                parts.append(f"{_num(dy)} Ts")
                rise = dy
            if hidden != mode:
                flush()
                mode, stretch = hidden, hidden or 100
                parts.append(f"{3 if hidden else 0} Tr {_num(stretch)} Tz")
            items.append(f"<{state.cid(g.gid, g.text):04X}>")
            pen = origin + self.width(g.gid) * k * stretch / 100
        flush()
        if rise:
            parts.append("0 Ts")
        if mode:
            parts.append("0 Tr 100 Tz")  # text state outlives ET
        parts.append("ET")
        return " ".join(parts)

    @cache
    def width(self, gid: int) -> int:
        """Advance of a glyph in the font program (hmtx), in font units."""
        return self.hb_font.get_glyph_h_advance(gid)

    def add_objects(self, doc, state: "_State") -> None:
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from reportlab.pdfbase import pdfdoc

        font = TTFont(io.BytesIO(self.data), recalcTimestamp=False)
        order = font.getGlyphOrder()
        used = sorted({gid for gid, _ in state.cids}) or [0]
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG"]
        options.notdef_outline = True
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=[order[gid] for gid in used])
        subsetter.subset(font)
        new_gid = {name: n for n, name in enumerate(font.getGlyphOrder())}
        program = io.BytesIO()
        font.save(program)
        program = program.getvalue()

        by_cid = sorted((cid, gid, text) for (gid, text), cid in state.cids.items())
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
        for cid, gid, _ in by_cid:
            gid_map[2 * cid:2 * cid + 2] = new_gid[order[gid]].to_bytes(2, "big")
        widths = pdfdoc.PDFArray([by_cid[0][0], pdfdoc.PDFArray(
            [round(self.width(gid) * k, 3) for _, gid, _ in by_cid])])
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
        doc.Reference(type0, state.resource)
        doc.idToObject["BasicFonts"].dict[state.resource] = type0


def _cut(text: str, rtl: bool) -> int:
    """Where a cluster's text is split between its glyph and an invisible sliver, or 0.

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


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class _State:
    """One font's CIDs in one document."""
    resource: str  # its name in the pages' font resources
    cids: dict[tuple[int, str], int] = field(default_factory=dict)

    def cid(self, gid: int, text: str) -> int:
        cid = self.cids.get((gid, text))
        if cid is None:
            cid = self.cids[(gid, text)] = len(self.cids) + 1  # CID 0 is .notdef
        return cid


class _Delayed:
    """What reportlab calls, when it writes the document, to add a font's objects."""

    def __init__(self, font: EmbeddedFont, state: _State):
        self.font, self.state = font, state

    def addObjects(self, doc) -> None:
        self.font.add_objects(doc, self.state)


@cache
def embedded(name: str) -> EmbeddedFont:
    return EmbeddedFont(name)
