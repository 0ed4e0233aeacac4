"""The checks a PDF/A-2u (ISO 19005-2) and PDF/UA-1 (ISO 14289-1) validator makes that pikepdf and
fontTools can make too. Clause numbers are ISO 19005-2's unless they say "UA".

``problems(path)`` returns one line per failed rule; an empty list means the file passed every
check here. It is no certificate: veraPDF also checks what this does not (XMP value types in
depth, colour spaces of every drawing operator, structure semantics), and it is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name, Stream, String

NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
                     "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}  # 6.5.1
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie"}  # 6.3.1
BLEND_MODES = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
               "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
               "/Hue", "/Saturation", "/Color", "/Luminosity"}  # 6.2.10
# Annotation flags (ISO 32000-1, 12.5.3): Invisible 1, Hidden 2, Print 4, NoView 32, ToggleNoView 256.
PRINT, HIDING = 4, 1 | 2 | 32 | 256


def problems(path: Path) -> list[str]:
    data = path.read_bytes()
    found: list[str] = []
    fail = found.append
    _file_structure(data, fail)
    with pikepdf.open(io.BytesIO(data)) as doc:
        if doc.is_encrypted or "/Encrypt" in doc.trailer:
            fail("6.1.3: the file is encrypted")
        ident = doc.trailer.get("/ID")
        if not (isinstance(ident, Array) and len(ident) == 2):
            fail("6.1.3: the trailer has no file identifier (/ID)")
        _catalog(doc, fail)
        xmp = _metadata(doc, fail)
        if xmp is not None:
            _info_matches_xmp(doc, xmp, fail)
        _output_intent(doc, fail)
        for obj in doc.objects:
            _object(obj, fail)
        for number, page in enumerate(doc.pages, 1):
            _page(doc, page, number, fail)
    return list(dict.fromkeys(found))


# --- file, catalogue, metadata ------------------------------------------------------------------

def _file_structure(data: bytes, fail) -> None:
    lines = data.split(b"\n", 2)
    if not re.fullmatch(rb"%PDF-1\.[0-7]\r?", lines[0]):
        fail("6.1.2: the header is not %PDF-1.n")
    comment = lines[1] if len(lines) > 1 else b""
    if not (comment.startswith(b"%") and sum(b > 127 for b in comment[1:5]) == 4):
        fail("6.1.2: no comment of four bytes above 127 after the header")
    if not re.search(rb"%%EOF(\r\n|\r|\n)?$", data):
        fail("6.1.3: data after the last %%EOF")


def _catalog(doc: pikepdf.Pdf, fail) -> None:
    root = doc.Root
    for key in ("/AA", "/OCProperties", "/Requirements", "/NeedsRendering"):
        if key in root:
            fail(f"6.1.13, 6.5.2, 6.9: the catalogue has {key}")
    names = root.get("/Names", Dictionary())
    for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations"):
        if key in names:
            fail(f"6.1.11, 6.5.1, 6.8: the name tree {key}")
    form = root.get("/AcroForm")
    if form is not None and ("/XFA" in form or form.get("/NeedAppearances") is True):
        fail("6.4.1, 6.4.2: XFA or NeedAppearances in the interactive form")
    if "/Lang" not in root or not str(root.Lang):
        fail("UA 7.2: no document language (/Lang)")
    if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True and "/StructTreeRoot" in root):
        fail("UA 7.1, 6.7 (level a): not a tagged PDF")
    if not (root.get("/ViewerPreferences") and root.ViewerPreferences.get("/DisplayDocTitle") is True):
        fail("UA 7.1: the viewer is not told to show the title (/DisplayDocTitle)")


def _metadata(doc: pikepdf.Pdf, fail) -> ET.Element | None:
    stream = doc.Root.get("/Metadata")
    if not isinstance(stream, Stream) or stream.get("/Type") != Name.Metadata or stream.get("/Subtype") != Name.XML:
        fail("6.6.2.1: no /Metadata stream of type Metadata, subtype XML in the catalogue")
        return None
    if "/Filter" in stream:
        fail("6.6.2.1: the metadata stream is compressed")
    text = stream.read_bytes()
    if not re.match(rb'<\?xpacket begin="(\xef\xbb\xbf)?" id="W5M0MpCehiHzreSzNTczkc9d"\?>', text) or \
            not re.search(rb'<\?xpacket end="[rw]"\?>\s*$', text):
        fail("6.6.2.1: the XMP packet has no xpacket header and trailer")
    try:
        xmp = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", text))
    except ET.ParseError as exc:
        fail(f"6.6.2.1: the XMP is not well-formed XML: {exc}")
        return None
    values = {(ns, name): _xmp_values(xmp, ns, name) for ns, name in
              (("pdfaid", "part"), ("pdfaid", "conformance"), ("pdfuaid", "part"))}
    if values[("pdfaid", "part")] != ["2"] or values[("pdfaid", "conformance")] != ["U"]:
        fail(f"6.6.4: PDF/A identification is {values[('pdfaid', 'part')]} {values[('pdfaid', 'conformance')]}, not 2 U")
    if values[("pdfuaid", "part")] != ["1"]:
        fail("UA 5: no pdfuaid:part 1")
    # 6.6.2.3.2: a property outside PDF/A's predefined schemas needs an extension schema.
    schemas = xmp.findall(".//pdfaExtension:schemas//pdfaSchema:namespaceURI", NS)
    described = {s.text for s in schemas}
    if NS["pdfuaid"] not in described:
        fail("6.6.2.3.2: pdfuaid is used without a PDF/A extension schema describing it")
    else:
        props = [p.text for p in xmp.findall(".//pdfaSchema:property//pdfaProperty:name", NS)]
        if "part" not in props:
            fail("6.6.2.3.2: the pdfuaid extension schema does not describe 'part'")
    if not _xmp_values(xmp, "dc", "title"):
        fail("UA 7.1: no dc:title in the XMP")
    return xmp


def _xmp_values(xmp: ET.Element, ns: str, name: str) -> list[str]:
    """A property's value(s), written as an element (simple, or rdf:Alt/Seq/Bag items) or an attribute."""
    out = []
    for element in xmp.iter(f"{{{NS[ns]}}}{name}"):
        items = element.findall(".//rdf:li", NS)
        out += [i.text or "" for i in items] if items else [element.text or ""]
    for description in xmp.iter(f"{{{NS['rdf']}}}Description"):
        if f"{{{NS[ns]}}}{name}" in description.attrib:
            out.append(description.attrib[f"{{{NS[ns]}}}{name}"])
    return out


def _pdf_date(text: str) -> dt.datetime:
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?)?", text.replace("Z00'00'", "Z"))
    if not m:
        raise ValueError(text)
    y, mo, d, h, mi, s, zone = m.groups()
    offset = dt.timedelta(0)
    if zone and zone != "Z":
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone.replace("'", "")[3:5]))
        offset = -offset if zone[0] == "-" else offset
    return dt.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0),
                       tzinfo=dt.timezone(offset))


def _info_matches_xmp(doc: pikepdf.Pdf, xmp: ET.Element, fail) -> None:
    """6.6.3: every document information entry has its XMP equivalent, with the same value."""
    info = doc.trailer.get("/Info", Dictionary())
    pairs = {"/Title": ("dc", "title"), "/Author": ("dc", "creator"), "/Subject": ("dc", "description"),
             "/Keywords": ("pdf", "Keywords"), "/Creator": ("xmp", "CreatorTool"),
             "/Producer": ("pdf", "Producer"), "/CreationDate": ("xmp", "CreateDate"),
             "/ModDate": ("xmp", "ModifyDate"), "/Trapped": ("pdf", "Trapped")}
    for key, (ns, name) in pairs.items():
        if key not in info:
            continue
        value, mirrored = str(info[key]), _xmp_values(xmp, ns, name)
        if key in ("/CreationDate", "/ModDate"):
            same = len(mirrored) == 1 and _pdf_date(value) == dt.datetime.fromisoformat(mirrored[0])
        elif key == "/Trapped":
            same = mirrored == [value.lstrip("/")]
        else:
            same = mirrored == [value]
        if not same:
            fail(f"6.6.3: Info {key} {value!r} is not the XMP {ns}:{name} {mirrored!r}")


def _output_intent(doc: pikepdf.Pdf, fail) -> None:
    intents = [i for i in doc.Root.get("/OutputIntents", Array()) if i.get("/S") == Name.GTS_PDFA1]
    if not intents:
        fail("6.2.3: no PDF/A output intent (device colours are used)")
        return
    profiles = {i.DestOutputProfile.objgen for i in intents if "/DestOutputProfile" in i}
    if len(profiles) != 1:
        fail("6.2.3: PDF/A output intents without one shared DestOutputProfile")
        return
    intent = intents[0]
    profile = intent.DestOutputProfile.read_bytes()
    if len(profile) < 128 or profile[36:40] != b"acsp" or int.from_bytes(profile[:4], "big") != len(profile):
        fail("6.2.3: the output intent's ICC profile is not a whole ICC profile")
        return
    if profile[12:16] not in (b"prtr", b"mntr", b"scnr", b"spac") or profile[8] > 4:
        fail(f"6.2.3: ICC device class {profile[12:16]!r}, version {profile[8]}: not allowed in an output intent")
    if profile[16:20] != b"RGB " or intent.DestOutputProfile.get("/N") != 3:
        fail("6.2.3: the output intent is not an RGB profile with /N 3")
    if not str(intent.get("/OutputConditionIdentifier", "")):
        fail("6.2.3: the output intent has no OutputConditionIdentifier")


# --- every object -----------------------------------------------------------------------------

def _object(obj, fail) -> None:
    """Rules on single objects, wherever they are: streams, images, forms, actions, fonts, and
    the implementation limits on strings and names (6.1.13)."""
    d = obj.stream_dict if isinstance(obj, Stream) else obj
    if not isinstance(d, Dictionary):
        _direct(obj, fail)
        return
    if isinstance(obj, Stream):
        for key in ("/F", "/FFilter", "/FDecodeParms"):
            if key in d:
                fail(f"6.1.7.1: a stream refers to an external file ({key})")
        filters = d.get("/Filter")
        for f in (filters if isinstance(filters, Array) else [filters] if filters else []):
            if f in (Name.LZWDecode, Name.Crypt):
                fail(f"6.1.7.2: stream filter {f}")
    subtype = d.get("/Subtype")
    if subtype == Name.Image:
        if d.get("/Interpolate") is True:
            fail("6.2.8: an image with /Interpolate true")
        for key in ("/Alternates", "/OPI"):
            if key in d:
                fail(f"6.2.8: an image with {key}")
    if subtype == Name.Form and ("/OPI" in d or "/PS" in d or d.get("/Subtype2") == Name.PS):
        fail("6.2.9: a form XObject with /OPI or PostScript")
    if subtype == Name.PS:
        fail("6.2.9: a PostScript XObject")
    if d.get("/Type") == Name.Font:
        _font(d, fail)
    _direct(d, fail)


def _action(d: Dictionary, fail) -> None:
    """6.5.1, for any dictionary with /S: structure elements, output intents and groups have
    one too, but never these values."""
    if str(d.S) in FORBIDDEN_ACTIONS:
        fail(f"6.5.1: action {d.S}")
    if d.S == Name.Named and str(d.get("/N")) not in NAMED_ACTIONS:
        fail(f"6.5.1: named action {d.get('/N')}")


def _direct(obj, fail) -> None:
    """An object and what it holds directly (not through references, which are objects of their
    own): actions (an annotation's /A is often direct), and the implementation limits of 6.1.13,
    strings up to 32767 bytes and names up to 127."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, Dictionary) and "/S" in o:
            _action(o, fail)
        if isinstance(o, String):
            if len(bytes(o)) > 32767:
                fail("6.1.13: a string longer than 32767 bytes")
        elif isinstance(o, Name):
            if len(str(o).encode()) - 1 > 127:
                fail("6.1.13: a name longer than 127 bytes")
        elif isinstance(o, (Array, Dictionary)):
            items = list(o) if isinstance(o, Array) else [Name(k) for k in o.keys()] + list(o.values())
            stack += [c for c in items if not (isinstance(c, (Array, Dictionary, Stream)) and c.is_indirect)]


def _graphics_state(state: Dictionary, where: str, fail) -> None:
    if "/TR" in state or ("/TR2" in state and state.TR2 != Name.Default) or "/HTP" in state:
        fail(f"6.2.5: {where}: a graphics state with a transfer function or halftone phase")
    modes = state.get("/BM")
    for mode in (modes if isinstance(modes, Array) else [modes] if modes else []):
        if str(mode) not in BLEND_MODES:
            fail(f"6.2.10: {where}: blend mode {mode}")


# --- annotations ------------------------------------------------------------------------------

def _annotation(a: Dictionary, fail) -> None:
    subtype = str(a.get("/Subtype"))
    if subtype in FORBIDDEN_ANNOTATIONS:
        fail(f"6.3.1: a {subtype} annotation")
    if subtype == "/Popup":
        return
    flags = int(a.get("/F", 0))
    if not flags & PRINT or flags & HIDING:
        fail(f"6.3.2: a {subtype} annotation whose flags {flags} do not print it visibly (use 4)")
    if float(a.get("/CA", 1.0)) != 1.0:
        fail(f"6.3.2: a {subtype} annotation with /CA {a.CA}")
    rect = [float(v) for v in a.get("/Rect", [0, 0, 0, 0])]
    if subtype != "/Link" and rect[2] - rect[0] and rect[3] - rect[1]:
        ap = a.get("/AP")
        if ap is None or set(ap.keys()) != {"/N"}:
            fail(f"6.3.3: a {subtype} annotation without an appearance (/AP with only /N)")
    if "/StructParent" not in a:
        fail(f"UA 7.18.1: a {subtype} annotation outside the structure tree (no /StructParent)")
    if subtype == "/Link" and not str(a.get("/Contents", "")).strip():
        fail("UA 7.18.5: a link annotation without /Contents saying where it goes")


def _tagged_annotations(doc: pikepdf.Pdf, page: pikepdf.Page, fail) -> None:
    """UA 7.18.1, 7.18.5: each annotation is an object reference of its structure element (a
    Link for a link), found through the parent tree."""
    parents = {}
    nums = doc.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    for i in range(0, len(nums), 2):
        parents[int(nums[i])] = nums[i + 1]
    for annot in page.obj.get("/Annots", Array()):
        if annot.get("/Subtype") == Name.Popup or "/StructParent" not in annot:
            continue
        element = parents.get(int(annot.StructParent))
        if not isinstance(element, Dictionary):
            fail("UA 7.18.1: an annotation's /StructParent is not in the parent tree")
            continue
        kids = element.get("/K")
        kids = kids if isinstance(kids, Array) else [kids]
        if not any(isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR and k.get("/Obj") is not None
                   and k.Obj.objgen == annot.objgen for k in kids):
            fail("UA 7.18.1: an annotation's structure element does not refer to it (OBJR)")
        if annot.get("/Subtype") == Name.Link and element.get("/S") != Name.Link:
            fail(f"UA 7.18.5: a link annotation tagged {element.get('/S')}, not Link")
    if page.obj.get("/Annots") and page.obj.get("/Tabs") != Name.S:
        fail("UA 7.18.3: a page with annotations whose tab order is not the structure's (/Tabs /S)")


# --- fonts ------------------------------------------------------------------------------------

def _font(font: Dictionary, fail) -> None:
    subtype = font.get("/Subtype")
    name = str(font.get("/BaseFont", font.get("/Subtype")))
    if subtype in (Name.Type0, Name.Type1, Name.TrueType, Name.MMType1, Name.Type3) and "/ToUnicode" not in font:
        fail(f"6.2.11.7.2: font {name} has no ToUnicode map")
    if subtype == Name.Type0:
        encoding = font.get("/Encoding")
        if encoding not in (Name("/Identity-H"), Name("/Identity-V")) and not isinstance(encoding, Stream):
            fail(f"6.2.11.3.3: font {name} has CMap {encoding}, neither Identity nor embedded")
        return  # its descendant is checked as a font of its own
    if subtype == Name.Type3:
        return
    descriptor = font.get("/FontDescriptor")
    if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        fail(f"6.2.11.4.1: font {name} is not embedded")
        return
    if subtype == Name.CIDFontType2 and "/CIDToGIDMap" not in font:
        fail(f"6.2.11.3.2: CIDFontType2 {name} has no CIDToGIDMap")
    if subtype == Name.TrueType:
        symbolic = int(descriptor.get("/Flags", 0)) & 4
        if symbolic and "/Encoding" in font:
            fail(f"6.2.11.6: symbolic TrueType font {name} has an /Encoding")
        if not symbolic and font.get("/Encoding") not in (Name.MacRomanEncoding, Name.WinAnsiEncoding):
            fail(f"6.2.11.6: non-symbolic TrueType font {name} has encoding {font.get('/Encoding')}")
    if "/FontFile2" in descriptor:
        _widths(font, name, TTFont(io.BytesIO(descriptor.FontFile2.read_bytes())), fail)


def _widths(font: Dictionary, name: str, program: TTFont, fail) -> None:
    """6.2.11.5: the widths the PDF gives are the font program's (within 1/1000 em)."""
    scale = 1000 / program["head"].unitsPerEm
    glyphs, metrics = program.getGlyphOrder(), program["hmtx"].metrics
    stated: dict[int, tuple[float, int]] = {}  # glyph id -> (width in the PDF, code)
    if font.get("/Subtype") == Name.TrueType:
        if not int(font.FontDescriptor.get("/Flags", 0)) & 4:
            return  # encoded through glyph names; not made by this tool
        tables = program["cmap"].tables
        if not (len(tables) == 1 or any((t.platformID, t.platEncID) == (3, 0) for t in tables)):
            fail(f"6.2.11.6: symbolic TrueType font {name}'s cmap has neither one subtable nor (3,0)")
        cmap = tables[0].cmap
        first = int(font.get("/FirstChar", 0))
        for i, width in enumerate(font.get("/Widths", Array())):
            code = first + i
            glyph = cmap.get(code) or cmap.get(0xF000 + code)
            if glyph is not None:
                stated[glyphs.index(glyph)] = (float(width), code)
    else:
        gid_of = _cid_to_gid(font)
        w = font.get("/W", Array())
        i = 0
        while i < len(w):
            start = int(w[i])
            if isinstance(w[i + 1], Array):
                for k, width in enumerate(w[i + 1]):
                    stated[gid_of(start + k)] = (float(width), start + k)
                i += 2
            else:
                for cid in range(start, int(w[i + 1]) + 1):
                    stated[gid_of(cid)] = (float(w[i + 2]), cid)
                i += 3
    for gid, (width, code) in stated.items():
        if gid < len(glyphs) and abs(metrics[glyphs[gid]][0] * scale - width) > 1:
            fail(f"6.2.11.5: font {name} gives code {code} width {width:g}; its program "
                 f"{metrics[glyphs[gid]][0] * scale:g}")
            return


def _cid_to_gid(font: Dictionary):
    mapping = font.get("/CIDToGIDMap")
    if isinstance(mapping, Stream):
        table = mapping.read_bytes()
        return lambda cid: int.from_bytes(table[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(table) else 0
    return lambda cid: cid


def _to_unicode(font: Dictionary) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    out: dict[int, str] = {}

    def text(hexes: str) -> str:
        return bytes.fromhex(hexes).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for k, dst in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    out[lo + k] = text(dst)
            else:
                base = bytes.fromhex(rest[1:-1])
                for k in range(hi - lo + 1):
                    last = int.from_bytes(base[-2:], "big") + k
                    out[lo + k] = (base[:-2] + last.to_bytes(2, "big")).decode("utf-16-be", "replace")
    return out


# --- pages and what they draw -------------------------------------------------------------------

def _page(doc: pikepdf.Pdf, page: pikepdf.Page, number: int, fail) -> None:
    if "/AA" in page.obj:
        fail(f"6.5.2: page {number} has additional actions (/AA)")
    group = page.obj.get("/Group")
    if group is not None and group.get("/S") == Name.Transparency and "/CS" not in group \
            and "/OutputIntents" not in doc.Root:
        fail(f"6.2.10: page {number}'s transparency group has no colour space and there is no output intent")
    box = [float(v) for v in page.mediabox]
    if not all(3 <= abs(size) <= 14400 for size in (box[2] - box[0], box[3] - box[1])):
        fail(f"6.1.13: page {number}'s size is outside 3 to 14400 units")
    for annot in page.obj.get("/Annots", Array()):
        _annotation(annot, fail)
    _tagged_annotations(doc, page, fail)
    _content(page.obj, page.obj.get("/Resources", Dictionary()), f"page {number}", fail, {})


def _content(owner, resources: Dictionary, where: str, fail, maps: dict) -> None:
    """Every text code drawn maps to Unicode (6.2.11.7.2) and to a glyph other than .notdef
    (6.2.11.8); graphics states nest at most 28 deep (6.1.13). Form XObjects are followed."""
    fonts = resources.get("/Font", Dictionary())
    xobjects = resources.get("/XObject", Dictionary())
    for state in resources.get("/ExtGState", Dictionary()).values():
        _graphics_state(state, where, fail)
    font, depth, deepest = None, 0, 0
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "q":
            depth += 1
            deepest = max(deepest, depth)
        elif op == "Q":
            depth -= 1
        elif op == "Tf":
            font = fonts.get(str(operands[0]))
        elif op in ("Tj", "'", '"', "TJ") and font is not None:
            strings = [s for s in (operands[-1] if op == "TJ" else [operands[-1]]) if isinstance(s, String)]
            _codes(font, strings, where, fail, maps)
        elif op == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == Name.Form:
                _content(xobject, xobject.get("/Resources", resources), where, fail, maps)
    if deepest > 28:
        fail(f"6.1.13: {where} nests graphics states {deepest} deep (at most 28)")


def _codes(font: Dictionary, strings: list[String], where: str, fail, maps: dict) -> None:
    key = font.objgen
    if key not in maps:
        maps[key] = (_to_unicode(font) if "/ToUnicode" in font else {}, _glyph_of(font))
    unicode, glyph_of = maps[key]
    wide = font.get("/Subtype") == Name.Type0
    name = str(font.get("/BaseFont"))
    for s in strings:
        raw = bytes(s)
        codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)] if wide else list(raw)
        for code in codes:
            text = unicode.get(code)
            if not text or any(c in "\x00\ufeff\ufffe\ufffd" for c in text):
                fail(f"6.2.11.7.2: {where}: code {code:#x} of {name} has no Unicode value")
                return
            if glyph_of(code) == 0:
                fail(f"6.2.11.8: {where}: code {code:#x} of {name} draws .notdef")
                return


def _glyph_of(font: Dictionary):
    """code -> glyph id in the embedded program (0: .notdef)."""
    if font.get("/Subtype") == Name.Type0:
        return _cid_to_gid(font.DescendantFonts[0])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None or "/FontFile2" not in descriptor:
        return lambda code: 1  # not a TrueType program: embedding is checked elsewhere
    program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
    cmap, order = program["cmap"].tables[0].cmap, program.getGlyphOrder()
    return lambda code: order.index(cmap[code]) if code in cmap else 0
