"""Parse and validate ``layouts/<name>.yaml`` into a :class:`Layout`."""

from __future__ import annotations

import hashlib
import os
import re

import yaml

from ..diagnostics import Collector
from ..fonts import FAMILIES
from ..yamlsource import Node, NodeReader, load_nodes, merge
from .model import COLOUR_ROLES, FOLDS, PAGE_SIZES, PRINTER_MARGIN, RUNNING_FIELDS, SCALE_ROLES, Layout, Slots

MIN_CONTRAST = 7.0  # WCAG AAA for body text; white on the emergency band is held to it too
TEXT_COLOURS = ("text", "muted", "accent", "info", "caution", "urgent", "emergency")

_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)?")
_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, None: 1.0}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SIDES = ("top", "bottom", "left", "right")


def parse_layout(path: str) -> Layout:
    """Read and validate one layout file. Raises InputError listing every problem found."""
    r = _LayoutReader(path, Collector())
    node, digests = _load_chain(path, r)
    digest = hashlib.sha256("".join(digests).encode()).hexdigest()
    root = r.mapping(node, "the layout",
                     ("page", "fonts", "type", "colours", "running", "checklist"), ("description",))
    r.report.raise_if_errors()
    page = r.mapping(root["page"], "page", ("size", "margins", "budget"), ("orientation", "fold"))
    margins = r.lengths(page["margins"], "margins", SIDES) if page and "margins" in page else None
    fonts = r.mapping(root["fonts"], "fonts", ("family",))
    type_ = r.mapping(root["type"], "type", ("base", "leading", "scale"), ("fit",))
    fit = (r.mapping(type_["fit"], "type fit", ("base",), ("leading",)) or {}) if type_ and "fit" in type_ else {}
    scale = r.mapping(type_["scale"], "type scale", SCALE_ROLES) if type_ and "scale" in type_ else None
    colours = r.mapping(root["colours"], "colours", COLOUR_ROLES)
    running = r.mapping(root["running"], "running", ("header", "footer"))
    checklist = r.mapping(root["checklist"], "checklist", ("box", "stroke", "emergency_band"))
    r.report.raise_if_errors()

    layout = Layout(
        name=os.path.splitext(os.path.basename(path))[0],
        path=path,
        digest=digest,
        page_size=_page_size(r, page),
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
        emergency_band=r.flag(checklist["emergency_band"], "emergency_band"),
        fold=r.choice(page["fold"], "fold", FOLDS) if "fold" in page else "none",
        fit_base=r.number(fit["base"], "smallest base size (type.fit.base)", 6, 40) if fit and "base" in fit else None,
        fit_leading=r.number(fit["leading"], "tightest leading (type.fit.leading)", 1.0, 3.0)
        if fit and "leading" in fit else None,
    )
    r.report.raise_if_errors()
    for role, node in colours.items():
        ratio = contrast(layout.colours[role], "#ffffff")
        if role in TEXT_COLOURS and ratio < MIN_CONTRAST:
            r.error(node, f"colour {role} {layout.colours[role]} has a contrast of {ratio:.1f}:1 on white; "
                          f"text needs at least {MIN_CONTRAST:g}:1, so use a darker colour")
    if layout.fit_base is not None and layout.fit_base > layout.base_size:
        r.error(fit["base"], f"type.fit.base {layout.fit_base:g} is larger than type.base {layout.base_size:g}; "
                             "it is the smallest size the handout may be set in")
    if layout.fit_leading is not None and layout.fit_leading > layout.leading:
        r.error(fit["leading"], f"type.fit.leading {layout.fit_leading:g} is larger than type.leading "
                                f"{layout.leading:g}; it is the tightest line height allowed")
    body = layout.body
    if body.width < 144 or body.height < 144:
        r.error(page["margins"], "margins leave less than 2 in for the text; make them smaller")
    size = layout.size("running")
    header, footer = layout.running_baselines("header"), layout.running_baselines("footer")
    overs = {"top": header[-1] + size - (layout.page_size[1] - PRINTER_MARGIN) if header else 0,
             "bottom": PRINTER_MARGIN - (footer[-1] - size * 0.3) if footer else 0}
    for side, over in overs.items():
        if over > 0:
            r.error(page["margins"], f"the running {'header' if side == 'top' else 'footer'} reaches into "
                                     "the outer 0.25 in that printers cannot print; make the "
                                     f"{side} margin at least {(layout.margins[side] + over) / 72:.2f}in")
    r.report.raise_if_errors()
    return layout


def _load_chain(path: str, r: NodeReader) -> tuple[Node, list[str]]:
    """The layout's nodes with ``extends: <layout>`` resolved: the named layout (from the same
    folder) is the base and this file's values are laid over it. Also the digest of each file."""
    files: list[str] = []
    digests: list[str] = []
    node = None
    while True:
        files.append(path)
        current, digest = load_nodes(path)
        digests.append(digest)
        node = current if node is None else merge(current, node)
        fields = {str(k.value): v for k, v in current.value} if isinstance(current, yaml.MappingNode) else {}
        if "extends" not in fields:
            break
        name = r.slug(fields["extends"], "extends")  # a layout's name, never a path
        parent = os.path.join(os.path.dirname(path), f"{name}.yaml")
        if name is None or not os.path.isfile(parent) or parent in files:
            problem = "would extend itself" if parent in files else "is not a layout in the same folder"
            r.error(fields["extends"], f"extends '{name}' {problem}")
            r.report.raise_if_errors()
        path = parent
    if isinstance(node, yaml.MappingNode):  # 'extends' has done its work
        node = yaml.MappingNode(node.tag, [(k, v) for k, v in node.value if k.value != "extends"],
                                node.start_mark, node.end_mark)
    return node, digests


def _page_size(r: NodeReader, page: dict[str, Node]) -> tuple[float, float]:
    width, height = PAGE_SIZES.get(r.choice(page["size"], "page size", PAGE_SIZES), (0, 0))
    orientation = r.choice(page["orientation"], "orientation", ("portrait", "landscape")) \
        if "orientation" in page else "portrait"
    return (height, width) if orientation == "landscape" else (width, height)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


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
