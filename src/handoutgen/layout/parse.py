"""Parse and validate ``layouts/<name>.yaml`` into a :class:`Layout`."""

from __future__ import annotations

import hashlib
import os
import re

from ..diagnostics import Collector
from ..fonts import FAMILIES
from ..yamlsource import Node, NodeReader, load_nodes
from .model import COLOUR_ROLES, PAGE_SIZES, RUNNING_FIELDS, SCALE_ROLES, Layout, Slots

_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)?")
_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, None: 1.0}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SIDES = ("top", "bottom", "left", "right")


def parse_layout(path: str) -> Layout:
    """Read and validate one layout file. Raises InputError listing every problem found."""
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    r = _LayoutReader(path, Collector())
    root = r.mapping(load_nodes(path), "the layout",
                     ("page", "fonts", "type", "colours", "running", "checklist"), ("description",))
    r.report.raise_if_errors()
    page = r.mapping(root["page"], "page", ("size", "margins", "budget"))
    margins = r.lengths(page["margins"], "margins", SIDES) if page and "margins" in page else None
    fonts = r.mapping(root["fonts"], "fonts", ("family",))
    type_ = r.mapping(root["type"], "type", ("base", "leading", "scale"))
    scale = r.mapping(type_["scale"], "type scale", SCALE_ROLES) if type_ and "scale" in type_ else None
    colours = r.mapping(root["colours"], "colours", COLOUR_ROLES)
    running = r.mapping(root["running"], "running", ("header", "footer"))
    checklist = r.mapping(root["checklist"], "checklist", ("box", "stroke"))
    r.report.raise_if_errors()

    layout = Layout(
        name=os.path.splitext(os.path.basename(path))[0],
        path=path,
        digest=digest,
        page_size=PAGE_SIZES.get(r.choice(page["size"], "page size", PAGE_SIZES), (0, 0)),
        margins=margins or {},
        budget=r.integer(page["budget"], "page budget", 1, 100),
        font_family=r.choice(fonts["family"], "font family", FAMILIES),
        base_size=r.number(type_["base"], "base size", 6, 40),
        leading=r.number(type_["leading"], "leading", 1.0, 3.0),
        scale={k: r.number(v, f"scale of {k}", 0.5, 5) for k, v in scale.items()},
        colours={k: r.colour(v, f"colour {k}") for k, v in colours.items()},
        header=r.slots(running["header"], "running header"),
        footer=r.slots(running["footer"], "running footer"),
        tick_box=r.length(checklist["box"], "checklist box", 6, 40),
        tick_stroke=r.length(checklist["stroke"], "checklist stroke", 0.25, 4),
    )
    r.report.raise_if_errors()
    body = layout.body
    if body.width < 144 or body.height < 144:
        r.error(page["margins"], "margins leave less than 2 in for the text; make them smaller")
    r.report.raise_if_errors()
    return layout


class _LayoutReader(NodeReader):
    def length(self, node: Node, what: str, low: float, high: float) -> float | None:
        """A length such as ``0.75in``, ``18mm`` or ``10pt``; a bare number is points."""
        value = self.text(node, what)
        if value is None:
            return None
        match = _LENGTH.fullmatch(value.strip())
        if not match:
            self.error(node, f"{what} '{value}' is not a length; write a number with pt, in, mm or cm")
            return None
        points = float(match.group(1)) * _UNIT[match.group(2)]
        if not low <= points <= high:
            self.error(node, f"{what} {value} is out of range ({low:g} to {high:g} pt)")
            return None
        return points

    def lengths(self, node: Node, what: str, keys: tuple[str, ...]) -> dict[str, float] | None:
        fields = self.mapping(node, what, keys)
        if fields is None:
            return None
        # Printers cannot print the outer 0.25 in, and the running header and footer live in the margin.
        return {k: self.length(v, f"{k} margin", 0.5 * 72, 3 * 72) for k, v in fields.items()}

    def colour(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _COLOUR.fullmatch(value):
            self.error(node, f"{what} '{value}' is not a colour; write it as #rrggbb")
            return None
        return value

    def slots(self, node: Node, what: str) -> Slots:
        fields = self.mapping(node, what, (), ("left", "right")) or {}
        def fields_of(key: str) -> tuple[str, ...]:
            if key not in fields:
                return ()
            return tuple(self.choice(n, f"{what} field", RUNNING_FIELDS) for n in self.sequence(fields[key], key) or ())
        return Slots(fields_of("left"), fields_of("right"))
