"""Parse and validate ``layouts/<name>.yaml`` into a :class:`Layout`.

Every key of a layout is declared once, in ``LAYOUT`` below: its type, whether it is required,
its allowed values, a description and an example. The parser reads by it (declare.py), and
``schema/layout.schema.json`` is made from it by ``python -m handoutgen.schemas``. To add a key:
add a Field to its Record here, use its value in ``parse_layout``, and run that command; a test
fails while the committed schema differs.
"""

from __future__ import annotations

import hashlib
import os

import yaml

from ..content.schema import Choice, Field, Flag, Integer, ListOf, Number, Record, String
from ..declare import Found, LayoutName, Length, Shaped, read, read_record
from ..diagnostics import Collector
from ..fonts import FAMILIES
from ..yamlsource import Node, NodeReader, load_nodes, merge
from .model import COLOUR_ROLES, FOLDS, PAGE_SIZES, PRINTER_MARGIN, RUNNING_FIELDS, SCALE_ROLES, Layout, Slots

MIN_CONTRAST = 7.0  # WCAG AAA for body text; white on the emergency band is held to it too
TEXT_COLOURS = ("text", "muted", "accent", "info", "caution", "urgent", "emergency")
SIDES = ("top", "bottom", "left", "right")
ORIENTATIONS = ("portrait", "landscape")


# --- the layout format -------------------------------------------------------------------------

MARGINS = Record("margins", "margins", tuple(
    # Printers cannot print the outer 0.25 in, and the running header and footer live in the margin.
    Field(side, Length(0.5 * 72, 3 * 72), f"The {side} margin, 0.5 in to 3 in (inside each panel of a "
          "trifold).", "0.8in", True, label=f"{side} margin") for side in SIDES))

PAGE = Record("page", "page", (
    Field("size", Choice(tuple(PAGE_SIZES)), "The paper: `letter`, `a4`, `legal`, or `phone` (a page a phone shows at 100 % zoom).", "letter", True,
          label="page size"),
    Field("orientation", Choice(ORIENTATIONS), "`portrait` (the default) or `landscape`.", "portrait"),
    Field("fold", Choice(FOLDS), "`none` (the default) or `trifold`: printed on both sides and folded in "
          "three.", "none"),
    Field("margins", MARGINS, "Margins of the page. One too small for the running header or footer is "
          "refused.", {"top": "0.8in", "bottom": "0.85in", "left": "0.8in", "right": "0.8in"}, True),
    Field("budget", Integer(1, 100), "Pages a handout should fit in; more is a warning (`--strict`: an "
          "error).", 4, True, label="page budget"),
))

FONTS = Record("fonts", "fonts", (
    Field("family", Choice(tuple(FAMILIES)), "A family from the font catalogue (README, Fonts).", "noto-sans",
          True, label="font family"),
))

_SCALES = {"title": ("The handout's title.", 2.1), "heading": ("Section headings.", 1.42),
           "lead": ("The summary under the title.", 1.14), "small": ("The sources at the end.", 0.8),
           "running": ("The running header and footer.", 0.74)}
SCALE = Record("type scale", "type scale", tuple(
    Field(role, Number(0.5, 5), f"{_SCALES[role][0]} A multiple of the base size.", _SCALES[role][1], True,
          label=f"scale of {role}") for role in SCALE_ROLES))

FIT = Record("type fit", "type fit", (
    Field("base", Number(6, 40), "The smallest body text size the handout may be set in, in points: at most "
          "`type.base`.", 9.5, True, label="smallest base size (type.fit.base)"),
    Field("leading", Number(1.0, 3.0), "The tightest line height allowed, reached at the smallest size: at most "
          "`type.leading`.", 1.3, label="tightest leading (type.fit.leading)"),
))

TYPE = Record("type", "type", (
    Field("base", Number(6, 40), "Body text size in points.", 11, True, label="base size"),
    Field("leading", Number(1.0, 3.0), "Line height as a multiple of the text size.", 1.42, True),
    Field("scale", SCALE, "Sizes of the other text as multiples of the base size.",
          {role: example for role, (_, example) in _SCALES.items()}, True),
    Field("fit", FIT, "Copy-fitting: how far type and spacing may shrink, in 0.5 pt steps, for a handout over "
          "its page budget or too long for the trifold. Left out: never shrunk.", {"base": 9.5, "leading": 1.3}),
))

_COLOURS = {"text": ("Body text.", "#1a1a1a"), "muted": ("Quieter text (dates, sources).", "#474747"),
            "accent": ("Title and headings.", "#0b4a6e"), "rule": ("Rules and box lines (not text).", "#8c979f"),
            "info": ("Info callouts.", "#0b4a6e"), "caution": ("Caution callouts.", "#6b4200"),
            "urgent": ("Urgent checklists.", "#6b4200"), "emergency": ("Emergency checklists and callouts.",
                                                                       "#9a0b0b")}
COLOURS = Record("colours", "colours", tuple(
    Field(role, Shaped(r"#[0-9a-fA-F]{6}", "a colour", "write it as #rrggbb"),
          f"{_COLOURS[role][0]} As `\"#rrggbb\"` (quoted: `#` starts a comment in YAML)"
          f"{'' if role not in TEXT_COLOURS else '; needs 7:1 contrast on white'}.", _COLOURS[role][1], True,
          label=f"colour {role}") for role in COLOUR_ROLES))


def _slots(where: str) -> Record:
    fields = ", ".join(f"`{f}`" for f in RUNNING_FIELDS)
    return Record(f"running {where}", f"running {where}", tuple(
        Field(side, ListOf(Choice(RUNNING_FIELDS), len(RUNNING_FIELDS)), f"Fields on the {side} of the "
              f"running {where}, one line each: {fields}.", ["title"] if side == "left" else ["page"],
              label=f"running {where} field") for side in ("left", "right")))


RUNNING = Record("running", "running", (
    Field("header", _slots("header"), "The running header at the top of every page.",
          {"left": ["title"], "right": ["clinic"]}, True),
    Field("footer", _slots("footer"), "The running footer at the bottom of every page.",
          {"left": ["review", "version"], "right": ["page"]}, True),
))

CHECKLIST = Record("checklist", "checklist", (
    Field("box", Length(6, 40), "Size of the empty tick box before each item.", "11pt", True,
          label="checklist box"),
    Field("stroke", Length(0.25, 4), "Line width of the tick box.", "1.1pt", True, label="checklist stroke"),
    Field("emergency_band", Flag(), "`true`: emergency checklist titles in white on a solid band; `false`: "
          "a heavy outline instead (large print).", True, True),
))

LAYOUT = Record("the layout", "layout", (
    Field("description", String(), "What the layout is for, in a few words.", "US Letter, standard print"),
    Field("extends", LayoutName(), "Start from another layout in the same folder and change only what "
          "differs; then no key is required.", "letter"),
    Field("page", PAGE, "Paper, margins and page budget.",
          {"size": "letter", "margins": {side: "0.8in" for side in SIDES}, "budget": 4}, True),
    Field("fonts", FONTS, "The font family.", {"family": "noto-sans"}, True),
    Field("type", TYPE, "Text sizes and line height.", {"base": 11, "leading": 1.42}, True),
    Field("colours", COLOURS, "Colours as #rrggbb. Every colour used for text needs 7:1 contrast on white.",
          {role: colour for role, (_, colour) in _COLOURS.items()}, True),
    Field("running", RUNNING, "The running header and footer.",
          {"header": {"left": ["title"], "right": ["clinic"]}, "footer": {"left": ["review"], "right": ["page"]}},
          True),
    Field("checklist", CHECKLIST, "Tick boxes and the emergency band.",
          {"box": "11pt", "stroke": "1.1pt", "emergency_band": True}, True),
))


def parse_layout(path: str) -> Layout:
    """Read and validate one layout file. Raises InputError listing every problem found."""
    r = NodeReader(path, Collector())
    node, digests = _load_chain(path, r)
    digest = hashlib.sha256("".join(digests).encode()).hexdigest()
    root = read_record(r, node, LAYOUT)
    r.report.raise_if_errors()
    page, type_, colours = root["page"], root["type"], root["colours"]
    width, height = PAGE_SIZES[page["size"]]
    fit = type_.get("fit")
    layout = Layout(
        name=os.path.splitext(os.path.basename(path))[0],
        path=path,
        digest=digest,
        page_size=(height, width) if page.get("orientation") == "landscape" else (width, height),
        margins=page["margins"].values,
        budget=page["budget"],
        font_family=root["fonts"]["family"],
        base_size=type_["base"],
        leading=type_["leading"],
        scale=type_["scale"].values,
        colours=colours.values,
        header=_slots_of(root["running"]["header"]),
        footer=_slots_of(root["running"]["footer"]),
        tick_box=root["checklist"]["box"],
        tick_stroke=root["checklist"]["stroke"],
        emergency_band=root["checklist"]["emergency_band"],
        fold=page.get("fold", "none"),
        fit_base=fit["base"] if fit else None,
        fit_leading=fit.get("leading") if fit else None,
    )
    for role, node in colours.nodes.items():
        ratio = contrast(layout.colours[role], "#ffffff")
        if role in TEXT_COLOURS and ratio < MIN_CONTRAST:
            r.error(node, f"colour {role} {layout.colours[role]} has a contrast of {ratio:.1f}:1 on white; "
                          f"text needs at least {MIN_CONTRAST:g}:1, so use a darker colour")
    margins = page.nodes["margins"]
    if layout.fit_base is not None and layout.fit_base > layout.base_size:
        r.error(fit.nodes["base"], f"type.fit.base {layout.fit_base:g} is larger than type.base "
                                   f"{layout.base_size:g}; it is the smallest size the handout may be set in")
    if layout.fit_leading is not None and layout.fit_leading > layout.leading:
        r.error(fit.nodes["leading"], f"type.fit.leading {layout.fit_leading:g} is larger than type.leading "
                                      f"{layout.leading:g}; it is the tightest line height allowed")
    body = layout.body
    if body.width < 144 or body.height < 144:
        r.error(margins, "margins leave less than 2 in for the text; make them smaller")
    size = layout.size("running")
    header, footer = layout.running_baselines("header"), layout.running_baselines("footer")
    overs = {"top": header[-1] + size - (layout.page_size[1] - PRINTER_MARGIN) if header else 0,
             "bottom": PRINTER_MARGIN - (footer[-1] - size * 0.3) if footer else 0}
    for side, over in overs.items():
        if over > 0:
            r.error(margins, f"the running {'header' if side == 'top' else 'footer'} reaches into "
                             "the outer 0.25 in that printers cannot print; make the "
                             f"{side} margin at least {(layout.margins[side] + over) / 72:.2f}in")
    r.report.raise_if_errors()
    return layout


def _slots_of(found: Found) -> Slots:
    return Slots(tuple(found.get("left", ())), tuple(found.get("right", ())))


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
        name = read(r, LAYOUT["extends"], fields["extends"])  # a layout's name, never a path
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


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
