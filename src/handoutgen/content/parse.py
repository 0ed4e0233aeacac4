"""Parse ``handouts/<handout>/<language>.yaml`` into a validated :class:`Handout`."""

from __future__ import annotations

import os
import re

import yaml
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ..clinic import CLINIC_FIELDS
from ..declare import SCALARS, read_scalar
from ..diagnostics import Collector, InputError, Location
from ..images import ImageProblem, Picture, named_image
from ..resolve import Scope
from ..yamlsource import SLUG, Node, NodeReader, did_you_mean, load_nodes
from . import schema as s
from .inline import MarkupError, RichText, Run
from .translation import Translation
from .model import (Block, BodyDiagram, BodyRegion, Bullets, Callout, Checklist, FlowDiagram, FlowNode, Handout,
                    Image, Item, ListBlock, Paragraph, QRCode, ScaleDiagram, Section, SignOff, Steps, Subheading,
                    Table)

LANGUAGE_TAG = re.compile(s.LANGUAGE_PATTERN)
_DIGEST = re.compile(s.DIGEST_PATTERN)


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

    def fields(self, node: Node, record: s.Record) -> dict[str, Node] | None:
        """The keys of a mapping the declaration describes; unknown and missing keys reported."""
        found = self.r.mapping(node, record.what, record.required, record.optional)
        if found is not None and record.one_of:
            present = [key for key in record.one_of if key in found]
            names = " or ".join(f"'{key}'" for key in record.one_of)
            if not present:
                self.r.error(node, f"{record.what} needs {names}")
            elif len(present) > 1:
                self.r.error(found[present[1]], f"{record.what} has both {' and '.join(map(repr, present))}; "
                                                f"give it only one")
        return found

    def value(self, fields: dict[str, Node], record: s.Record, key: str):
        """The value of ``key``, read as the declaration types it; None when it is missing (a
        missing required key was already reported) or wrong (reported here)."""
        if key not in fields:
            return None
        f = record[key]
        return self.read(f.type, fields[key], f.what)

    def read(self, t: s.Type, node: Node, what: str):
        r = self.r
        if isinstance(t, s.Text):
            return self.item(node, what)
        if isinstance(t, SCALARS):
            return read_scalar(r, t, node, what)
        if isinstance(t, s.String):
            return r.text(node, what)
        if isinstance(t, s.ListOf) and isinstance(t.item, s.TextOr):
            return self.list_items(node, what, t)
        if isinstance(t, s.ListOf):
            return self.items(node, what, t.most) if isinstance(t.item, s.Text) else r.sequence(node, what, t.most)
        if isinstance(t, s.Pairs):
            return r.pairs(node, what)
        raise TypeError(t)  # records are read with fields()

    def parse(self, root: Node, digest: str) -> Handout:
        r, H = self.r, s.HANDOUT
        top = self.fields(root, H)
        if top is None:
            r.report.raise_if_errors()
        folder = os.path.basename(os.path.dirname(os.path.abspath(self.path)))
        stem = os.path.splitext(os.path.basename(self.path))[0]

        handout_id = self.identifier(top, "handout", folder, SLUG, "lower-case words joined by '-'")
        language = self.identifier(top, "language", stem, LANGUAGE_TAG, "a BCP 47 tag such as en, es or zh-Hans")
        title = self.value(top, H, "title")
        summary = self.value(top, H, "summary")
        reviewed = self.value(top, H, "reviewed")
        review_by = self.value(top, H, "review_by")
        if reviewed and review_by and review_by <= reviewed:
            r.error(top["review_by"], f"review_by ({review_by}) must be after reviewed ({reviewed})")
        sources = self.value(top, H, "sources") or ()
        sections = tuple(x for x in map(self.section, self.value(top, H, "sections") or ()) if x)
        translation = self.translation(top["translation"]) if "translation" in top else None
        if translation and translation.source == language:
            r.error(top["translation"], f"a translation's source must be another language than {language}")
        signed_off = self.sign_off(top["signed_off"], reviewed, translation) if "signed_off" in top else None
        r.report.raise_if_errors()
        return Handout(id=handout_id, language=language, title=title, summary=summary,
                       reviewed=reviewed, review_by=review_by, sources=sources,
                       sections=sections, path=self.path, digest=digest, translation=translation,
                       signed_off=signed_off, key_locations={k: r.loc(n) for k, n in top.items()},
                       warnings=tuple(r.report.warnings))

    def translation(self, node: Node) -> Translation | None:
        r, T = self.r, s.TRANSLATION
        fields = self.fields(node, T)
        if fields is None:
            return None
        source = self.value(fields, T, "source")
        if source and not LANGUAGE_TAG.fullmatch(source):
            r.error(fields["source"], f"source '{source}' is not valid; use the language tag of the source file, such as en")
        digest = self.value(fields, T, "source_digest")
        if digest and not _DIGEST.fullmatch(digest):
            r.error(fields["source_digest"], "source_digest must be the digest that 'generate.py --status' prints")
        sections = {k.value: v.value for k, v in self.value(fields, T, "sections") or []}
        status = self.value(fields, T, "status")
        reviewer = self.value(fields, T, "reviewer")
        reviewed_on = self.value(fields, T, "reviewed_on")
        if status == "reviewed" and not (reviewer and reviewed_on):
            r.error(fields["status"], "a reviewed translation needs 'reviewer' (name and qualification) "
                                      "and 'reviewed_on' (date); or set status: draft")
        return Translation(source, digest, sections, status, reviewer, reviewed_on)

    def sign_off(self, node: Node, reviewed, translation: Translation | None) -> SignOff | None:
        r, O = self.r, s.SIGN_OFF
        if translation:
            r.error(node, f"signed_off belongs in the source ({translation.source}.yaml): a translation has "
                          "its source's clinical sign-off; its own review is translation: reviewer")
            return None
        fields = self.fields(node, O)
        if fields is None:
            return None
        by, day = self.value(fields, O, "by"), self.value(fields, O, "date")
        if by is not None and not by.strip():
            r.error(fields["by"], "signed_off by is empty; write the role or name of the clinician who signed it off")
        if day and reviewed and day != reviewed:
            r.error(fields["date"], f"signed_off date ({day}) differs from reviewed ({reviewed}); the sign-off "
                                    "is the clinical review: set both to the day of the review")
        return SignOff(by.strip(), day) if by and by.strip() and day else None

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
        S = s.SECTION
        fields = self.fields(node, S)
        if fields is None:
            return None
        section_id = self.unique_slug(fields, self.section_ids, "section")
        heading = self.value(fields, S, "heading")
        block_nodes = self.value(fields, S, "blocks") or ()
        blocks = tuple(map(self.block, block_nodes))
        self.subheadings(block_nodes, blocks, "heading" in fields)
        leaflet = self.value(fields, S, "leaflet")
        if section_id is None or ("heading" in fields and heading is None) or None in blocks or not blocks:
            return None
        return Section(section_id, heading, blocks, leaflet is not False)

    def subheadings(self, nodes: list[Node], blocks: tuple[Block | None, ...], headed: bool) -> None:
        """A subheading heads the text after it (a group title may stand right above the first
        question of its group), within a section that has a heading, so the tagged headings go
        H2, H3 without a gap."""
        for n, (node, block) in enumerate(zip(nodes, blocks)):
            if not isinstance(block, Subheading):
                continue
            if not headed:
                self.r.error(node, "a section without a heading cannot have a subheading; give the section "
                                   "a 'heading' or make this its heading")
            if all(isinstance(b, Subheading) for b in blocks[n + 1:]):
                self.r.error(node, "a subheading must be followed by the text it heads; add that text "
                                   "after it, or remove the subheading")

    def block(self, node: Node) -> Block | None:
        picked = self.r.one_key(node, s.BLOCK.what, s.BLOCK_KINDS)
        if picked is None:
            return None
        kind, value = picked
        return BLOCKS[kind](self, value)

    def paragraph(self, node: Node) -> Block | None:
        item = self.read(s.BLOCK["paragraph"].type, node, "paragraph")
        return item and Paragraph(item)

    def subheading(self, node: Node) -> Block | None:
        item = self.read(s.BLOCK["subheading"].type, node, "subheading")
        return item and Subheading(item)

    def bullets(self, node: Node) -> Block | None:
        return self.read(s.BLOCK["bullets"].type, node, "bullets")

    def steps(self, node: Node) -> Block | None:
        return self.read(s.BLOCK["steps"].type, node, "steps")

    def list_items(self, node: Node, what: str, t: s.ListOf) -> ListBlock | None:
        """A bulleted or numbered list whose items are text, or text with a list under it."""
        kind = Steps if what == "steps" else Bullets
        items, sublists, ok = [], [], True
        for n in self.r.sequence(node, what, t.most) or ():
            if isinstance(n, yaml.MappingNode):
                item, sublist = self.list_item(n, t.item.record)
            else:
                item, sublist = self.item(n, f"each item of {what}"), None
            ok = ok and item is not None
            items.append(item)
            sublists.append(sublist)
        return kind(tuple(items), tuple(sublists)) if items and ok else None

    def list_item(self, node: Node, record: s.Record) -> tuple[Item | None, ListBlock | None]:
        f = self.fields(node, record)
        if f is None:
            return None, None
        text = self.value(f, record, "text")
        kind = next((key for key in record.one_of if key in f), None)
        if kind is None:
            return None, None
        items = self.value(f, record, kind)
        sublist = items and (Steps if kind == "steps" else Bullets)(items, (None,) * len(items))
        return (text, sublist) if sublist else (None, None)

    def checklist(self, node: Node) -> Block | None:
        C = s.CHECKLIST
        f = self.fields(node, C)
        if f is None:
            return None
        checklist_id = self.unique_slug(f, self.checklist_ids, "checklist")
        level = self.value(f, C, "level")
        title = self.value(f, C, "title")
        items = self.value(f, C, "items")
        if None in (checklist_id, level, title) or not items:
            return None
        return Checklist(checklist_id, level, title, items)

    def callout(self, node: Node) -> Block | None:
        C = s.CALLOUT
        f = self.fields(node, C)
        if f is None:
            return None
        level, title, text = (self.value(f, C, key) for key in ("level", "title", "text"))
        if level is None or text is None:
            return None
        return Callout(level, title, text)

    def diagram(self, node: Node) -> Block | None:
        D = s.DIAGRAM
        f = self.fields(node, D)
        if f is None:
            return None
        kind = self.value(f, D, "kind")
        diagram_id = self.unique_slug(f, self.diagram_ids, "diagram")
        title = self.value(f, D, "title")
        alt = self.value(f, D, "alt")
        if kind is None:
            return None
        required, optional = D.variants[kind]
        for key in (k for need, may in D.variants.values() for k in need + may):
            if key in f and key not in required + optional:
                self.r.error(f[key], f"a {kind} diagram has no '{key}'; remove it")
        for key in required:
            if key not in f:
                self.r.error(node, f"missing key '{key}' in a {kind} diagram")
        parts = getattr(self, f"_{kind}_parts")(f)
        if None in (diagram_id, title, alt, parts):
            return None
        return {"flow": FlowDiagram, "body": BodyDiagram, "scale": ScaleDiagram}[kind](diagram_id, title, alt, *parts)

    def _flow_parts(self, f: dict[str, Node]):
        nodes, seen = [], {}
        for n in self.value(f, s.DIAGRAM, "nodes") or ():
            m = self.fields(n, s.FLOW_NODE)
            node_id = m and self.value(m, s.FLOW_NODE, "id")
            label = m and self.value(m, s.FLOW_NODE, "label")
            if node_id and node_id in seen:
                self.r.error(m["id"], f"duplicate node id '{node_id}' (first used on line {seen[node_id]}); "
                                      "give each node its own id")
            elif node_id and label:
                seen[node_id] = self.r.loc(m["id"]).line
                nodes.append(FlowNode(node_id, label))
        edges, edge_nodes = [], []
        for e in self.value(f, s.DIAGRAM, "edges") or ():
            m = self.fields(e, s.FLOW_EDGE)
            ends = [m and self.value(m, s.FLOW_EDGE, key) for key in ("from", "to")]
            for key, end in zip(("from", "to"), ends):
                if end and end not in seen:
                    self.r.error(m[key], f"edge {key} unknown node '{end}'", did_you_mean(end, seen))
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
        for n in self.value(f, s.DIAGRAM, "regions") or ():
            m = self.fields(n, s.BODY_REGION)
            area = m and self.value(m, s.BODY_REGION, "area")
            label = m and self.value(m, s.BODY_REGION, "label")
            if area in seen:
                self.r.error(m["area"], f"area '{area}' is labelled twice; label each area once")
            elif area and label:
                seen.add(area)
                regions.append(BodyRegion(area, label))
        return (tuple(regions),) if regions else None

    def _scale_parts(self, f: dict[str, Node]):
        low = self.value(f, s.DIAGRAM, "min")
        high = self.value(f, s.DIAGRAM, "max")
        if low is None or high is None:
            return None
        if not 1 <= high - low <= 20:
            boxes = high - low + 1
            count = f"only {boxes} box" if boxes == 1 else f"{boxes} boxes"
            self.r.error(f["max"], f"a scale from {low} to {high} has {count}; use 2 to 21")
            return None
        labels = []
        if "labels" in f:
            for key_node, value_node in self.value(f, s.DIAGRAM, "labels"):
                value = self.r.integer(key_node, "scale label value", low, high)
                label = self.item(value_node, "scale label")
                if value is not None and label:
                    labels.append((value, label))
        return low, high, tuple(sorted(labels, key=lambda pair: pair[0]))

    def image(self, node: Node) -> Block | None:
        f = self.fields(node, s.IMAGE)
        if f is None:
            return None
        name, alt, caption = (self.value(f, s.IMAGE, key) for key in ("file", "alt", "caption"))
        width = self.value(f, s.IMAGE, "width") if "width" in f else 1.0
        picture = name and self._picture(f["file"], name)
        if None in (picture, alt, width):
            return None
        return Image(picture.path, alt, caption, width, picture.digest)

    def _picture(self, node: Node, name: str) -> Picture | None:
        folder = Path(self.path).resolve().parent
        try:
            scope = Scope(folder, folder.parent, "the handout's folder", "the handouts folder")
            return named_image(name, scope)
        except ImageProblem as exc:
            self.r.report.diagnostics.append(exc.diagnostic(self.r.loc(node), f"image '{name}'"))
            return None

    def qr(self, node: Node) -> Block | None:
        f = self.fields(node, s.QR)
        if f is None:
            return None
        url, label = (self.value(f, s.QR, key) for key in ("url", "label"))
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
                self.r.error(f["url"], f"qr url '{url}' must be a web address starting with https://")
                return None
        if url is None or label is None:
            return None
        return QRCode(url, label, Item(RichText((Run(url),)), self.r.loc(f["url"])))

    def table(self, node: Node) -> Block | None:
        f = self.fields(node, s.TABLE)
        if f is None:
            return None
        columns = self.value(f, s.TABLE, "columns") or ()
        rows = []
        row_type = s.TABLE["rows"].type.item
        for row_node in self.value(f, s.TABLE, "rows") or ():
            row = self.read(row_type, row_node, "a table row")
            if columns and row and len(row) != len(columns):
                cells = f"{len(row)} cell" + "s" * (len(row) != 1)
                self.r.error(row_node, f"table row has {cells} but there are {len(columns)} columns; "
                                       "give every row one cell per column")
            rows.append(row)
        if not columns or not rows or any(len(row) != len(columns) for row in rows):
            return None
        return Table(columns, tuple(rows))


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


# One method per block kind the declaration names.
BLOCKS: dict[str, Callable[[_HandoutParser, Node], Block | None]] = {
    kind: getattr(_HandoutParser, kind) for kind in s.BLOCK_KINDS}

__all__ = ["parse_handout", "InputError"]
