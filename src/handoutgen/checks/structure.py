"""Read a tagged PDF's structure tree back: every element in reading order with its role,
its own text (gathered through its marked-content ids) and its alternative text."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pypdf import PdfReader


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
        stack: list[int | None] = []

        def operator(op, args, cm, tm, stack=stack):
            if op == b"BDC":
                properties = args[1] if len(args) > 1 else {}
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, number=number):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None and value:
                texts[(number, mcid)] = texts.get((number, mcid), "") + value

        page.extract_text(visitor_operand_before=operator, visitor_text=text)
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
            elif isinstance(kid, pikepdf.Dictionary):
                children.append(kid)
        alt = element.get("/Alt")
        nodes.append(Node(str(element.S)[1:], depth, "".join(own), None if alt is None else str(alt)))
        for child in children:
            walk(child, depth + 1)

    walk(doc.Root.StructTreeRoot.K, 0)
    return nodes
