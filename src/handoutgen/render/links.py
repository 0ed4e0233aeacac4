"""Links a reader can tap: web addresses open, phone numbers dial (``tel:``).

Found where text is drawn: a paragraph looks for the addresses and the clinic's numbers in its
own text (:func:`link_ranges`), and each line that shows part of one records a rectangle over
the glyphs that show it (render.text), in either direction. The annotations are written with
the structure tree (:func:`annotate`): each carries the Print flag (/F 4, as PDF/A-2 requires)
and no border, and is tagged: a Link structure element, inside the element whose text it covers,
holds it, so screen readers and tab order (/Tabs /S) reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")


def phone_targets(phones: list[str]) -> tuple[tuple[str, str], ...]:
    """(number as printed, ``tel:`` URI) for each of the clinic's numbers."""
    targets = []
    for phone in phones:
        digits = re.sub(r"[^\d+]", "", phone.split("x")[0].split("ext")[0])
        if digits:
            targets.append((phone.strip(), "tel:" + digits))
    return tuple(targets)


def link_ranges(text: str, phones: tuple[tuple[str, str], ...]) -> list[tuple[int, int, str]]:
    """(start, end, URI) for each web address in ``text`` and each whole phone number of
    ``phones``, the longest first so that an address is not taken for a shorter one inside it;
    a number inside a longer number or address is not one."""
    targets = {m.group(0): m.group(0) if "://" in m.group(0) else "https://" + m.group(0)
               for m in URL.finditer(text)}
    targets.update((shown, uri) for shown, uri in phones if shown in text)
    taken = [False] * len(text)
    found = []
    for shown, uri in sorted(targets.items(), key=lambda t: (-len(t[0]), t[0])):
        for match in re.finditer(re.escape(shown), text):
            a, b = match.start(), match.end()
            if any(taken[a:b]) or a and _inner(text[a - 1]) or b < len(text) and _inner(text[b]):
                continue
            taken[a:b] = [True] * (b - a)
            found.append((a, b, uri))
    return sorted(found)


def _inner(c: str) -> bool:
    return c.isalnum() or c in "/_-"


@dataclass(frozen=True)
class Link:
    page: int  # 0-based
    owner: int  # the structure element (Tagger index) whose text it covers
    rect: tuple[float, float, float, float]  # page coordinates
    uri: str


def annotate(doc, pages, links: list[Link], owners: dict, nums: list) -> int:
    """Add each link's annotation to its page of the pikepdf ``doc`` and a Link element holding
    it to its owner's element (``owners``: Tagger index -> structure element); their parent tree
    entries go on ``nums`` from key ``len(pages)``. Returns the next free key."""
    from pikepdf import Array, Dictionary, Name, String

    key = len(pages)
    for link in links:
        page, owner = pages[link.page].obj, owners[link.owner]
        annot = doc.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([round(v, 2) for v in link.rect]), F=4,
            Border=Array([0, 0, 0]), A=Dictionary(S=Name.URI, URI=String(link.uri)), StructParent=key,
            Contents=String(link.uri)))
        element = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=owner,
                                               K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
        owner.K.append(element)
        nums.extend([key, element])
        if "/Annots" not in page:
            page.Annots = Array()
        page.Annots.append(annot)
        key += 1
    return key
