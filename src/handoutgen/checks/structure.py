"""Read a tagged PDF's structure tree back: every element in reading order with its role,
its own text (gathered through its marked-content ids) and its alternative text."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pypdf import PdfReader

from .readback import page_fragments


@dataclass(frozen=True)
class Node:
    role: str
    depth: int
    text: str
    alt: str | None


def marked_text(pdf: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn inside that marked content."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for fragment in page_fragments(page):
            if fragment.mcid is not None:
                key = (number, fragment.mcid)
                texts[key] = texts.get(key, "") + fragment.text
    return texts


def read_structure(pdf: bytes) -> list[Node]:
    doc = pikepdf.open(io.BytesIO(pdf))
    pages = {page.objgen: n for n, page in enumerate(doc.pages)}
    texts = marked_text(pdf)
    nodes: list[Node] = []

    def walk(element, depth: int) -> None:
        own, children = [], []
        kids = element.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                own.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":  # not a link's annotation
                children.append(kid)
        alt = element.get("/Alt")
        nodes.append(Node(str(element.S)[1:], depth, "".join(own), None if alt is None else str(alt)))
        for child in children:
            walk(child, depth + 1)

    walk(doc.Root.StructTreeRoot.K, 0)
    return nodes
