"""Links a reader can tap: web addresses open, phone numbers dial (``tel:``).

Added to the finished, tagged PDF: the text is found where it was drawn (a line at a time, as
the read-back check reads it), and each line's part of an address gets a URI link annotation
over it. Each annotation carries the Print flag (/F 4, as PDF/A-2 requires) and no border, and
is tagged: a Link structure element, inside the element whose text it covers, holds it, so
screen readers and tab order (/Tabs /S) reach it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")


def link_targets(texts: list[str], phones: list[str]) -> list[tuple[str, str]]:
    """(text as printed, URI) for every web address in ``texts`` and every phone number given,
    longest first so that an address is not taken for a shorter one inside it."""
    targets = {m.group(0): m.group(0) if "://" in m.group(0) else "https://" + m.group(0)
               for text in texts for m in URL.finditer(text)}
    for phone in phones:
        digits = re.sub(r"[^\d+]", "", phone.split("x")[0].split("ext")[0])
        if digits:
            targets[phone.strip()] = "tel:" + digits
    return sorted(targets.items(), key=lambda t: (-len(t[0]), t[0]))


def add_links(pdf: bytes, targets: list[tuple[str, str]], font: str) -> bytes:
    """``pdf`` with a link over every place it shows one of ``targets``; ``font`` measures the
    text (the body font: a link's rectangle is padded, so a bold line is still covered)."""
    if not targets:
        return pdf
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String
    from pypdf import PdfReader
    from reportlab.pdfbase.pdfmetrics import stringWidth

    reader = PdfReader(io.BytesIO(pdf))
    doc = None
    for number, page in enumerate(reader.pages):
        lines = [f for f in _lines(page) if f.text.strip() and f.mcid is not None]
        texts = [f.text.rstrip() for f in lines]
        if any(unicodedata.bidirectional(c) in ("R", "AL") for t in texts for c in t):
            continue  # positions along a right-to-left line are not measured here
        joined = "".join(texts)
        starts, at = [], 0
        for text in texts:
            starts.append(at)
            at += len(text)
        taken = [False] * len(joined)
        edges = {0, len(joined), *starts}
        for shown, uri in targets:
            for match in re.finditer(re.escape(shown), joined):
                a, b = match.start(), match.end()
                # Whole: not inside a longer number or address (a line's end is a boundary).
                if any(taken[a:b]) or a not in edges and _inner(joined[a - 1]) or \
                        b not in edges and _inner(joined[b]):
                    continue
                taken[a:b] = [True] * (b - a)
                for fragment, text, start in zip(lines, texts, starts):
                    lo, hi = max(match.start(), start), min(match.end(), start + len(text))
                    if lo >= hi:
                        continue
                    size = fragment.size
                    x0 = fragment.x + stringWidth(text[:lo - start], font, size)
                    x1 = fragment.x + stringWidth(text[:hi - start], font, size)
                    if doc is None:
                        doc = pikepdf.open(io.BytesIO(pdf))
                    _link(doc, number, int(fragment.mcid), uri,
                          [x0 - 1, fragment.y - size * 0.3, x1 + 1, fragment.y + size * 0.95],
                          Array, Dictionary, Name, String)
    if doc is None:
        return pdf
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _inner(c: str) -> bool:
    return c.isalnum() or c in "/_-"


@dataclass(frozen=True)
class _Line:
    x: float
    y: float
    size: float  # as drawn, points
    text: str
    mcid: int | None


def _lines(page) -> list[_Line]:
    """The text drawn on a pypdf page, one piece per text operation (a line of a paragraph),
    with where and how large it was drawn and the marked content it belongs to."""
    marks: list[int | None] = []
    found: list[_Line] = []

    def operator(op, args, cm, tm):
        if op == b"BDC":
            marks.append(args[1].get("/MCID") if len(args) > 1 and hasattr(args[1], "get") else None)
        elif op == b"BMC":
            marks.append(None)
        elif op == b"EMC" and marks:
            marks.pop()

    def visit(text, cm, tm, font_dict, font_size):
        if text:
            mcid = next((m for m in reversed(marks) if m is not None), None)
            found.append(_Line(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                               font_size * abs(tm[3] * cm[3] or 1), text, mcid))

    page.extract_text(visitor_operand_before=operator, visitor_text=visit)
    return found


def _link(doc, number: int, mcid: int, uri: str, rect: list[float], Array, Dictionary, Name, String) -> None:
    page = doc.pages[number].obj
    root = doc.Root.StructTreeRoot
    key = int(root.ParentTreeNextKey)
    nums = root.ParentTree.Nums
    owner = next(nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == int(page.StructParents))[mcid]
    annot = doc.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([round(v, 2) for v in rect]), F=4,
        Border=Array([0, 0, 0]), A=Dictionary(S=Name.URI, URI=String(uri)), StructParent=key,
        Contents=String(uri)))
    link = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=owner,
                                        K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
    kids = owner.K if isinstance(owner.K, Array) else Array([owner.K])
    kids.append(link)
    owner.K = kids
    nums.extend([key, link])
    root.ParentTreeNextKey = key + 1
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(annot)
