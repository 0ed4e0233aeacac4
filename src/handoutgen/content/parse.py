"""Parse ``handouts/<handout>/<language>.yaml`` into a validated :class:`Handout`."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable

from ..clinic import CLINIC_FIELDS
from ..diagnostics import Collector, InputError, Location
from ..yamlsource import SLUG, Node, NodeReader, load_nodes
from .inline import MarkupError, RichText
from .model import (CALLOUT_LEVELS, CHECKLIST_LEVELS, Block, Bullets, Callout, Checklist, Handout,
                    Item, Paragraph, Section, Steps, Table)

# BCP 47 in the shape handouts use: language, then optional script/region/variant subtags.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

TOP_REQUIRED = ("handout", "language", "title", "reviewed", "review_by", "sections")
TOP_OPTIONAL = ("summary", "sources")


def parse_handout(path: str) -> Handout:
    """Read and validate one handout file. Raises InputError listing every problem found."""
    root = load_nodes(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return _HandoutParser(path).parse(root, digest)


class _HandoutParser:
    def __init__(self, path: str):
        self.path = path
        self.r = NodeReader(path, Collector())
        self.section_ids: dict[str, Location] = {}
        self.checklist_ids: dict[str, Location] = {}

    def item(self, node: Node, what: str) -> Item | None:
        value = self.r.text(node, what)
        return None if value is None else self._rich(value, node)

    def items(self, node: Node, what: str, most: int = 100) -> tuple[Item, ...]:
        return tuple(i for i in (self._rich(value, n) for value, n in self.r.texts(node, what, most)) if i)

    def _rich(self, value: str, node: Node) -> Item | None:
        try:
            return Item(RichText.parse(value, CLINIC_FIELDS), self.r.loc(node))
        except MarkupError as exc:
            self.r.error(node, str(exc))
            return None

    def parse(self, root: Node, digest: str) -> Handout:
        r = self.r
        top = r.mapping(root, "the handout", TOP_REQUIRED, TOP_OPTIONAL)
        if top is None:
            r.report.raise_if_errors()
        folder = os.path.basename(os.path.dirname(os.path.abspath(self.path)))
        stem = os.path.splitext(os.path.basename(self.path))[0]

        handout_id = self.identifier(top, "handout", folder, SLUG, "lower-case words joined by '-'")
        language = self.identifier(top, "language", stem, LANGUAGE_TAG, "a BCP 47 tag such as en, es or zh-Hans")
        title = field(top, "title", self.item)
        summary = field(top, "summary", self.item)
        reviewed = field(top, "reviewed", r.date)
        review_by = field(top, "review_by", r.date)
        if reviewed and review_by and review_by <= reviewed:
            r.error(top["review_by"], f"review_by ({review_by}) must be after reviewed ({reviewed})")
        sources = field(top, "sources", self.items) or ()
        sections = tuple(s for s in map(self.section, field(top, "sections", r.sequence) or ()) if s)
        r.report.raise_if_errors()
        return Handout(id=handout_id, language=language, title=title, summary=summary,
                       reviewed=reviewed, review_by=review_by, sources=sources,
                       sections=sections, path=self.path, digest=digest,
                       key_locations={k: r.loc(n) for k, n in top.items()})

    def identifier(self, top: dict[str, Node], key: str, expected: str, pattern: re.Pattern, shape: str):
        if key not in top:
            return None
        value = self.r.text(top[key], key)
        if value is None:
            return None
        if not pattern.fullmatch(value):
            self.r.error(top[key], f"{key} '{value}' is not valid; use {shape}")
        elif value != expected:
            where = "folder" if key == "handout" else "file"
            self.r.error(top[key], f"{key} '{value}' does not match its {where} name '{expected}'; "
                                   f"rename the {where} or change the value")
        return value

    def unique_slug(self, fields: dict[str, Node], seen: dict[str, Location], what: str) -> str | None:
        """The ``id`` of a section or checklist: a slug, unique in the file (translations match on it)."""
        node = fields.get("id")
        value = node and self.r.slug(node, f"{what} id")
        if not value:
            return None
        if value in seen:
            self.r.error(node, f"duplicate {what} id '{value}' (first used on line {seen[value].line}); "
                               "give each one its own id")
            return None
        seen[value] = self.r.loc(node)
        return value

    def section(self, node: Node) -> Section | None:
        fields = self.r.mapping(node, "a section", ("id", "heading", "blocks"), ("leaflet",))
        if fields is None:
            return None
        section_id = self.unique_slug(fields, self.section_ids, "section")
        heading = field(fields, "heading", self.item)
        blocks = tuple(b for b in map(self.block, field(fields, "blocks", self.r.sequence, "blocks", 200) or ()) if b)
        leaflet = field(fields, "leaflet", self.r.flag)
        if section_id is None or heading is None or not blocks:
            return None
        return Section(section_id, heading, blocks, leaflet is not False)

    def block(self, node: Node) -> Block | None:
        picked = self.r.one_key(node, "block", BLOCKS)
        if picked is None:
            return None
        kind, value = picked
        return BLOCKS[kind](self, value)

    def paragraph(self, node: Node) -> Block | None:
        item = self.item(node, "paragraph")
        return item and Paragraph(item)

    def bullets(self, node: Node) -> Block | None:
        items = self.items(node, "bullets")
        return Bullets(items) if items else None

    def steps(self, node: Node) -> Block | None:
        items = self.items(node, "steps")
        return Steps(items) if items else None

    def checklist(self, node: Node) -> Block | None:
        f = self.r.mapping(node, "checklist", ("id", "level", "title", "items"))
        if f is None:
            return None
        checklist_id = self.unique_slug(f, self.checklist_ids, "checklist")
        level = field(f, "level", self.r.choice, "checklist level", CHECKLIST_LEVELS)
        title = field(f, "title", self.item, "checklist title")
        items = field(f, "items", self.items, "checklist items")
        if None in (checklist_id, level, title) or not items:
            return None
        return Checklist(checklist_id, level, title, items)

    def callout(self, node: Node) -> Block | None:
        f = self.r.mapping(node, "callout", ("level", "text"), ("title",))
        if f is None:
            return None
        level = field(f, "level", self.r.choice, "callout level", CALLOUT_LEVELS)
        title = field(f, "title", self.item, "callout title")
        text = field(f, "text", self.item, "callout text")
        if level is None or text is None:
            return None
        return Callout(level, title, text)

    def table(self, node: Node) -> Block | None:
        f = self.r.mapping(node, "table", ("columns", "rows"))
        if f is None:
            return None
        columns = field(f, "columns", self.items, "table columns", 8) or ()
        rows = []
        for row_node in field(f, "rows", self.r.sequence, "table rows", 200) or ():
            row = self.items(row_node, "a table row", 8)
            if columns and row and len(row) != len(columns):
                cells = f"{len(row)} cell" + "s" * (len(row) != 1)
                self.r.error(row_node, f"table row has {cells} but there are {len(columns)} columns; "
                                       "give every row one cell per column")
            rows.append(row)
        if not columns or not rows or any(len(row) != len(columns) for row in rows):
            return None
        return Table(columns, tuple(rows))


def field(fields: dict[str, Node], key: str, read: Callable, *args):
    """``read(node, what, *args)`` for a key that is present; None when it is missing
    (a missing required key was already reported by NodeReader.mapping)."""
    if key not in fields:
        return None
    return read(fields[key], *(args or (key,)))


# Block key -> parser; later block kinds (diagram, image, qr) register here.
BLOCKS: dict[str, Callable[[_HandoutParser, Node], Block | None]] = {
    "paragraph": _HandoutParser.paragraph,
    "bullets": _HandoutParser.bullets,
    "steps": _HandoutParser.steps,
    "checklist": _HandoutParser.checklist,
    "callout": _HandoutParser.callout,
    "table": _HandoutParser.table,
}

__all__ = ["parse_handout", "InputError"]
