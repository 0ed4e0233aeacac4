"""Parse ``handouts/<handout>/<language>.yaml`` into a validated :class:`Handout`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ..clinic import CLINIC_FIELDS
from ..diagnostics import Collector, InputError, Location
from ..images import ImageProblem, named_image
from ..resolve import Scope
from ..yamlsource import SLUG, Node, NodeReader, did_you_mean, load_nodes
from .inline import MarkupError, RichText, Run
from .translation import STATUSES, Translation
from .model import (BODY_AREAS, CALLOUT_LEVELS, CHECKLIST_LEVELS, Block, BodyDiagram, BodyRegion, Bullets,
                    Callout, Checklist, FlowDiagram, FlowNode, Handout, Image, Item, Paragraph, QRCode,
                    ScaleDiagram, Section, Steps, Table)

# BCP 47 in the shape handouts use: language, then optional script/region/variant subtags.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

TOP_REQUIRED = ("handout", "language", "title", "reviewed", "review_by", "sections")
TOP_OPTIONAL = ("summary", "sources", "translation")
_DIGEST = re.compile(r"[0-9a-f]{8,64}")


def parse_handout(path: str) -> Handout:
    """Read and validate one handout file. Raises InputError listing every problem found."""
    root, digest = load_nodes(path)
    return _HandoutParser(path).parse(root, digest)


class _HandoutParser:
    def __init__(self, path: str):
        self.path = path
        self.r = NodeReader(path, Collector())
        self.section_ids: dict[str, Location] = {}
        self.checklist_ids: dict[str, Location] = {}
        self.diagram_ids: dict[str, Location] = {}

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
        translation = field(top, "translation", self.translation)
        if translation and translation.source == language:
            r.error(top["translation"], f"a translation's source must be another language than {language}")
        r.report.raise_if_errors()
        return Handout(id=handout_id, language=language, title=title, summary=summary,
                       reviewed=reviewed, review_by=review_by, sources=sources,
                       sections=sections, path=self.path, digest=digest, translation=translation,
                       key_locations={k: r.loc(n) for k, n in top.items()},
                       warnings=tuple(r.report.warnings))

    def translation(self, node: Node, what: str) -> Translation | None:
        r = self.r
        fields = r.mapping(node, "the translation mapping", ("source", "source_digest", "status"),
                           ("sections", "reviewer", "reviewed_on"))
        if fields is None:
            return None
        source = field(fields, "source", r.text)
        if source and not LANGUAGE_TAG.fullmatch(source):
            r.error(fields["source"], f"source '{source}' is not valid; use the language tag of the source file, such as en")
        digest = field(fields, "source_digest", r.text)
        if digest and not _DIGEST.fullmatch(digest):
            r.error(fields["source_digest"], "source_digest must be the digest that 'generate.py --status' prints")
        sections = {k.value: v.value for k, v in field(fields, "sections", r.pairs) or []}
        status = field(fields, "status", r.choice, "translation status", STATUSES)
        reviewer = field(fields, "reviewer", r.text)
        reviewed_on = field(fields, "reviewed_on", r.date)
        if status == "reviewed" and not (reviewer and reviewed_on):
            r.error(fields["status"], "a reviewed translation needs 'reviewer' (name and qualification) "
                                      "and 'reviewed_on' (date); or set status: draft")
        return Translation(source, digest, sections, status, reviewer, reviewed_on)

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

    def diagram(self, node: Node) -> Block | None:
        kinds = {"flow": ("nodes",), "body": ("regions",), "scale": ("min", "max")}
        optional = {"flow": ("edges",), "body": (), "scale": ("labels",)}
        f = self.r.mapping(node, "diagram", ("id", "kind", "title", "alt"),
                           ("nodes", "edges", "regions", "min", "max", "labels"))
        if f is None:
            return None
        kind = field(f, "kind", self.r.choice, "diagram kind", tuple(kinds))
        diagram_id = self.unique_slug(f, self.diagram_ids, "diagram")
        title = field(f, "title", self.item, "diagram title")
        alt = field(f, "alt", self.item, "diagram alt")
        if kind is None:
            return None
        for key in ("nodes", "edges", "regions", "min", "max", "labels"):
            if key in f and key not in kinds[kind] + optional[kind]:
                self.r.error(f[key], f"a {kind} diagram has no '{key}'; remove it")
        for key in kinds[kind]:
            if key not in f:
                self.r.error(node, f"missing key '{key}' in a {kind} diagram")
        parts = getattr(self, f"_{kind}_parts")(f)
        if None in (diagram_id, title, alt, parts):
            return None
        return {"flow": FlowDiagram, "body": BodyDiagram, "scale": ScaleDiagram}[kind](diagram_id, title, alt, *parts)

    def _flow_parts(self, f: dict[str, Node]):
        nodes, seen = [], {}
        for n in field(f, "nodes", self.r.sequence, "nodes", 30) or ():
            m = self.r.mapping(n, "a flow node", ("id", "label"))
            node_id = m and field(m, "id", self.r.slug, "node id")
            label = m and field(m, "label", self.item, "node label")
            if node_id and node_id in seen:
                self.r.error(m["id"], f"duplicate node id '{node_id}' (first used on line {seen[node_id]}); "
                                      "give each node its own id")
            elif node_id and label:
                seen[node_id] = self.r.loc(m["id"]).line
                nodes.append(FlowNode(node_id, label))
        edges, edge_nodes = [], []
        for e in field(f, "edges", self.r.sequence, "edges", 60) or ():
            m = self.r.mapping(e, "a flow edge", ("from", "to"))
            ends = [m and field(m, key, self.r.slug, f"edge '{key}'") for key in ("from", "to")]
            for key, end in zip(("from", "to"), ends):
                if end and end not in seen:
                    self.r.error(m[key], f"edge {key} unknown node '{end}'{did_you_mean(end, seen)}")
            if all(end in seen for end in ends):
                edges.append(tuple(ends))
                edge_nodes.append(e)
        cycle = _find_cycle(edges)
        if cycle is not None:
            loop = " -> ".join([*(edges[i][0] for i in cycle), edges[cycle[0]][0]])
            self.r.error(edge_nodes[cycle[-1]], f"the flow goes round in a circle ({loop}); "
                                                 "a flow diagram must not loop back")
            return None
        return (tuple(nodes), tuple(edges)) if nodes else None

    def _body_parts(self, f: dict[str, Node]):
        regions, seen = [], set()
        for n in field(f, "regions", self.r.sequence, "regions", len(BODY_AREAS)) or ():
            m = self.r.mapping(n, "a body region", ("area", "label"))
            area = m and field(m, "area", self.r.choice, "body area", BODY_AREAS)
            label = m and field(m, "label", self.item, "region label")
            if area in seen:
                self.r.error(m["area"], f"area '{area}' is labelled twice; label each area once")
            elif area and label:
                seen.add(area)
                regions.append(BodyRegion(area, label))
        return (tuple(regions),) if regions else None

    def _scale_parts(self, f: dict[str, Node]):
        low = field(f, "min", self.r.integer, "scale min", 0, 100)
        high = field(f, "max", self.r.integer, "scale max", 0, 100)
        if low is None or high is None:
            return None
        if not 1 <= high - low <= 20:
            boxes = high - low + 1
            count = f"only {boxes} box" if boxes == 1 else f"{boxes} boxes"
            self.r.error(f["max"], f"a scale from {low} to {high} has {count}; use 2 to 21")
            return None
        labels = []
        if "labels" in f:
            for key_node, value_node in self.r.pairs(f["labels"], "scale labels"):
                value = self.r.integer(key_node, "scale label value", low, high)
                label = self.item(value_node, "scale label")
                if value is not None and label:
                    labels.append((value, label))
        return low, high, tuple(sorted(labels, key=lambda pair: pair[0]))

    def image(self, node: Node) -> Block | None:
        f = self.r.mapping(node, "image", ("file", "alt"), ("caption", "width"))
        if f is None:
            return None
        name = field(f, "file", self.r.text, "image file")
        alt = field(f, "alt", self.item, "image alt")
        caption = field(f, "caption", self.item, "image caption")
        width = field(f, "width", self.r.number, "image width", 0.05, 1.0) if "width" in f else 1.0
        path = name and self._image_path(f["file"], name)
        if None in (path, alt, width):
            return None
        return Image(path, alt, caption, width)

    def _image_path(self, node: Node, name: str) -> str | None:
        folder = Path(self.path).resolve().parent
        try:
            scope = Scope(folder, folder.parent, "the handout's folder", "the handouts folder")
            return named_image(name, scope).path
        except ImageProblem as exc:
            self.r.report.diagnostics.append(exc.diagnostic(self.r.loc(node), f"image '{name}'"))
            return None

    def qr(self, node: Node) -> Block | None:
        f = self.r.mapping(node, "qr", ("url", "label"))
        if f is None:
            return None
        url = field(f, "url", self.r.text, "qr url")
        label = field(f, "label", self.item, "qr label")
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
                self.r.error(f["url"], f"qr url '{url}' must be a web address starting with https://")
                return None
        if url is None or label is None:
            return None
        return QRCode(url, label, Item(RichText((Run(url),)), self.r.loc(f["url"])))

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


def _find_cycle(edges: list[tuple[str, str]]) -> list[int] | None:
    """Indices of edges forming a cycle, or None when the graph has none."""
    out: dict[str, list[int]] = {}
    for i, (a, _) in enumerate(edges):
        out.setdefault(a, []).append(i)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[int] = []

    def visit(node: str) -> list[int] | None:
        state[node] = 1
        for i in out.get(node, ()):
            target = edges[i][1]
            path.append(i)
            if state.get(target) == 1:
                start = next(k for k, j in enumerate(path) if edges[j][0] == target)
                return path[start:]
            if state.get(target) is None:
                found = visit(target)
                if found:
                    return found
            path.pop()
        state[node] = 2
        return None

    for node in list(out):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None


BLOCKS: dict[str, Callable[[_HandoutParser, Node], Block | None]] = {
    "paragraph": _HandoutParser.paragraph,
    "bullets": _HandoutParser.bullets,
    "steps": _HandoutParser.steps,
    "checklist": _HandoutParser.checklist,
    "callout": _HandoutParser.callout,
    "table": _HandoutParser.table,
    "diagram": _HandoutParser.diagram,
    "image": _HandoutParser.image,
    "qr": _HandoutParser.qr,
}

__all__ = ["parse_handout", "InputError"]
