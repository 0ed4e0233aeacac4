"""Tagged PDF for screen readers and reflow: marked content in the page streams while drawing,
and the structure tree written after rendering with pikepdf (reportlab cannot make one).

Each flowable wraps what it draws in marked content (``/P <</MCID 3>> BDC ... EMC``) for a
structure element, or in ``/Artifact BMC ... EMC`` for decoration (rules, bands, icons, tick
boxes, table lines, running header and footer). Elements are ordered by where they are read,
not where they are drawn: a trifold draws its flap before the inside panel that precedes it.
Canvases without a tagger (layout probes, scratch canvases) draw without marks.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from .links import Link, annotate


@dataclass
class Element:
    role: str  # standard structure type: Document, H1, H2, P, L, LI, LBody, Table, TR, TH, TD, Div, Figure
    parent: int | None
    alt: str | None = None
    lang: str | None = None  # where it is set explicitly (the draft notice, a line in each language)
    content: list[tuple[tuple, int, int]] = field(default_factory=list)  # (order, page index, MCID)
    order: tuple = ()  # where its first content is read: (region position, sequence)
    children: list[int] = field(default_factory=list)


class Tagger:
    """Collects the structure of one document while it is drawn."""

    def __init__(self, region_positions: dict[str, int] | None = None,
                 phones: tuple[tuple[str, str], ...] = ()):
        self.elements = [Element("Document", None)]
        self.phones = phones  # the clinic's numbers, made tappable where drawn (render.links)
        self.links: list[Link] = []
        self._open: list[int] = []  # elements whose marked content is open, innermost last
        self.groups: dict[object, int] = {}  # a list or table spanning several flowables
        self.region_positions = region_positions  # frame id -> reading position (trifold)
        self._mcids: dict[int, int] = {}
        self._sequence = 0
        self.page = 0  # set by the canvas as pages begin
        self.region: str | None = None  # the frame being drawn, set by the document

    def element(self, role: str, parent: int = 0, alt: str | None = None) -> int:
        self.elements.append(Element(role, parent, alt))
        self.elements[parent].children.append(len(self.elements) - 1)
        return len(self.elements) - 1

    def group(self, key: object, role: str, parent: int = 0) -> int:
        """The one element for ``key`` (a list's or a table's), made on first use."""
        if key not in self.groups:
            self.groups[key] = self.element(role, parent)
        return self.groups[key]

    def mark(self, canvas, index: int) -> None:
        """Begin marked content for element ``index``; EMC ends it."""
        page = self.page
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        element = self.elements[index]
        position = self.region_positions.get(self.region, 99) if self.region_positions else page
        self._sequence += 1
        order = (position, self._sequence)
        element.content.append((order, page, mcid))
        # A trifold draws its flap before the inside panel read before it: a paragraph split
        # between the two is read from the part that comes first, whatever was drawn first.
        element.order = min(element.order, order) if element.order else order
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
        self._open.append(index)

    def end(self, canvas) -> None:
        """End the marked content :meth:`mark` began."""
        self._open.pop()
        canvas.addLiteral("EMC")

    @property
    def depth(self) -> int:
        """How many structure elements' marked content is open."""
        return len(self._open)

    def link(self, rect: tuple[float, float, float, float], uri: str) -> None:
        """A link over ``rect`` (page coordinates) on the text being drawn; outside tagged
        content (no element to hold it) there is none."""
        if self._open:
            self.links.append(Link(self.page, self._open[-1], rect, uri))

    def page_start(self, page: int) -> tuple:
        """An order before everything that begins on ``page`` (for content drawn last, read first)."""
        orders = [e.order for e in self.elements if e.content and min(e.content)[1] == page]
        return (min(orders)[0], 0) if orders else (page, 0)

    def ordered(self, index: int = 0) -> list[int]:
        """Children of ``index`` in reading order (a container is read where its first child is)."""
        def key(i: int) -> tuple:
            e = self.elements[i]
            return e.order or min((key(c) for c in e.children), default=(999, 0))
        return sorted(self.elements[index].children, key=key)


def tagger_of(canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


@contextmanager
def tagged(canvas, role: str, *, parent: int = 0, alt: str | None = None):
    """Draw inside a new structure element; yields its index (None when not tagging)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield None
        return
    index = tagger.element(role, parent, alt)
    tagger.mark(canvas, index)
    try:
        yield index
    finally:
        tagger.end(canvas)


@contextmanager
def content_of(canvas, index: int | None):
    """Draw more content belonging to an existing element (a paragraph split over pages)."""
    tagger = tagger_of(canvas)
    if tagger is None or index is None:
        yield
        return
    tagger.mark(canvas, index)
    try:
        yield
    finally:
        tagger.end(canvas)


@contextmanager
def page_notice(canvas, page: int, lang: str):
    """Draw a paragraph that is read first on ``page`` (0-based), though drawn after its
    content: the draft notice, in language ``lang``."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    tagger.page = page
    index = tagger.element("P")
    start = tagger.page_start(page)
    tagger.mark(canvas, index)
    tagger.elements[index].order, tagger.elements[index].lang = start, lang
    try:
        yield
    finally:
        tagger.end(canvas)


@contextmanager
def artifact(canvas):
    """Draw decoration that a screen reader skips. Inside a structure element's marked content
    (a figure's arrows and boxes) it stays part of that element: PDF/UA forbids an artifact
    inside tagged content (veraPDF rule 7.1-1)."""
    tagger = tagger_of(canvas)
    if tagger is None or tagger.depth:
        yield
        return
    canvas.addLiteral("/Artifact BMC")
    try:
        yield
    finally:
        canvas.addLiteral("EMC")


def write_structure(pdf: bytes, tagger: Tagger, title: str, dated: dt.date) -> bytes:
    """Add the structure tree, parent tree, links (render.links), tab order and /MarkInfo, and
    make the file PDF/A-2u and PDF/UA-1 (:func:`_archival`), dated ``dated`` (the content's
    date, not the clock's)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    doc = pikepdf.open(io.BytesIO(pdf))
    pages = list(doc.pages)
    refs: dict[int, pikepdf.Object] = {}
    by_page: dict[int, dict[int, pikepdf.Object]] = {}

    def make(index: int, parent) -> pikepdf.Object:
        e = tagger.elements[index]
        node = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + e.role)))
        if parent is not None:
            node.P = parent
        if e.alt:
            node.Alt = String(e.alt)
        if e.lang:
            node.Lang = String(e.lang)
        if e.role == "TH":  # screen readers announce the column's heading with each cell
            node.A = Dictionary(O=Name.Table, Scope=Name.Column)
        refs[index] = node
        kids = []
        for _, page, mcid in sorted(e.content):
            kids.append(Dictionary(Type=Name.MCR, Pg=pages[page].obj, MCID=mcid))
            by_page.setdefault(page, {})[mcid] = node
        for child in tagger.ordered(index):
            kids.append(make(child, node))
        node.K = Array(kids)
        return node

    root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = make(0, root)
    nums = []
    for number, page in enumerate(pages):
        page.obj.StructParents = number
        page.obj.Tabs = Name.S  # tab through annotations in structure order
        marks = by_page.get(number, {})
        nums += [number, doc.make_indirect(Array([marks[m] for m in sorted(marks)]))]
    root.K = document
    next_key = annotate(doc, pages, tagger.links, refs, nums)
    root.ParentTree = doc.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    doc.Root.StructTreeRoot = root
    doc.Root.MarkInfo = Dictionary(Marked=True)
    _archival(doc, title, dated)
    out = io.BytesIO()
    # Compressed object streams keep the many small structure objects from doubling the size.
    doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


# --- PDF/A-2u ----------------------------------------------------------------------------------
# ISO 19005-2 level u: everything PDF/A-2b asks (fonts embedded, device colours tied to an output
# intent, XMP identification matching the document information dictionary, a file identifier,
# no encryption) and every character mapped to Unicode. Level a would also claim a complete
# logical structure, which the README's list of tagging gaps says this tool does not yet make.

SRGB = "sRGB IEC61966-2.1"
PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 2, "U", 1
_ICC_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01 00:00:00, as the Info dates were


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile, made by Little CMS through Pillow: nothing to download or ship.
    Its header carries the clock's time, so the date is fixed (the profile id, which would
    cover it, is not set); and it says ICC 4.2, the version ISO 19005-2 refers to (Pillow's
    Little CMS writes 4.4, whose sRGB uses no tag type 4.2 lacks)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert data[36:40] == b"acsp" and not any(data[84:100]), "an unexpected ICC header"
    data[8:12] = bytes.fromhex("04200000")
    data[24:36] = _ICC_DATE
    return bytes(data)


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000+00'00'"


def _archival(doc, title: str, dated: dt.date) -> None:
    """sRGB output intent, the document information dictionary dated ``dated`` with nothing
    empty in it, and XMP metadata saying the same, with the PDF/A and PDF/UA identification."""
    from pikepdf import Array, Dictionary, Name, String

    icc = doc.make_stream(srgb_profile(), N=3)
    doc.Root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(SRGB), Info=String(SRGB),
        RegistryName=String("http://www.color.org"), DestOutputProfile=icc)])
    info = doc.trailer.Info
    for key in list(info.keys()):
        if key == "/Trapped" or str(info[key]) == "":  # no value to mirror in XMP
            del info[key]
    info.Title = String(title)
    info.CreationDate = info.ModDate = String(_pdf_date(dated))
    doc.Root.Metadata = doc.make_stream(xmp(info, dated, str(doc.Root.Lang)).encode("utf-8"),
                                        Type=Name.Metadata, Subtype=Name.XML)


def xmp(info, dated: dt.date, language: str) -> str:
    """The XMP packet: each document information entry as its XMP property (ISO 19005-2, 6.6.3),
    the PDF/A and PDF/UA identification, and the extension schema PDF/A asks for pdfuaid, which
    is not one of its predefined schemas."""
    def text(key: str) -> str | None:
        return escape(str(info[key])) if key in info else None

    moment = f"{dated:%Y-%m-%d}T00:00:00+00:00"
    properties = [
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>',
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>",
        f"<xmp:CreateDate>{moment}</xmp:CreateDate>", f"<xmp:ModifyDate>{moment}</xmp:ModifyDate>",
    ]
    if text("/Subject") is not None:
        properties.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text("/Subject")}'
                          "</rdf:li></rdf:Alt></dc:description>")
    if text("/Author") is not None:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{text('/Author')}</rdf:li></rdf:Seq></dc:creator>")
    for key, prop in (("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")):
        if text(key) is not None:
            properties.append(f"<{prop}>{text(key)}</{prop}>")
    properties += [
        f"<pdfaid:part>{PDFA_PART}</pdfaid:part>", f"<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>",
        f"<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>",
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
        "<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
        "<pdfaProperty:category>internal</pdfaProperty:category>"
        "<pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>"
        "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>",
    ]
    body = "\n   ".join(properties)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

