"""The handout format, declared once: every key of ``handouts/<handout>/<language>.yaml`` with its
type, whether it is required, its role in translations, its allowed values, a description and
an example.

Everything else is derived from this declaration: the parser's key checks (content/parse.py),
which values a translation translates and which it must keep (content/translation.py),
``schema/handout.schema.json`` for editors, and the key table in the README. Write both files
after changing it with ``python -m handoutgen.content.schema``; a test fails while they differ.

Checks a schema cannot say (a flow that loops, table rows as wide as the columns, a scale with
2 to 21 boxes, review_by after reviewed) stay in the parser.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Union

import yaml

# Roles in a translation: "text" is translated, "structural" must equal the source's value, and
# "own" belongs to each file (its language, its review dates, its translation record).
TEXT, STRUCTURAL, OWN = "text", "structural", "own"

CHECKLIST_LEVELS = ("urgent", "emergency", "info")
# Checklist levels whose items are warning signs: a translation must keep every one, and they
# print with an alarm colour and icon. An ``info`` checklist is an ordinary list with tick boxes.
WARNING_LEVELS = ("urgent", "emergency")
CALLOUT_LEVELS = ("info", "caution", "emergency")
DIAGRAM_KINDS = ("flow", "body", "scale")
# Areas a body diagram can highlight; fixed, because content authors rely on the names.
BODY_AREAS = ("skull", "brain", "spine", "ribs", "lungs", "heart", "liver", "stomach", "kidneys",
              "bowel", "bladder", "pelvis", "arms", "legs")
STATUSES = ("draft", "reviewed")

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# BCP 47 in the shape handouts use: language, then optional script/region/variant subtags.
LANGUAGE_PATTERN = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
DIGEST_PATTERN = r"[0-9a-f]{8,64}"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
MAX_TEXT = 10_000  # characters in one value (yamlsource.MAX_TEXT)


# --- value types -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """Printed text: ``**bold**`` and clinic ``{placeholders}``; any scalar is read as written."""


@dataclass(frozen=True)
class String:
    """A plain string that is not printed as content (a file name, an address, a tag)."""
    pattern: str | None = None
    shape: str = "text"


@dataclass(frozen=True)
class Slug:
    """An id: lower-case words joined by '-'."""


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Date:
    pass


@dataclass(frozen=True)
class Flag:
    pass


@dataclass(frozen=True)
class Integer:
    low: int
    high: int


@dataclass(frozen=True)
class Number:
    low: float
    high: float


@dataclass(frozen=True)
class ListOf:
    item: "Type"
    most: int = 100


@dataclass(frozen=True)
class Pairs:
    """A mapping whose keys are data (scale values, section ids), not names."""
    key: "Type"
    value: "Type"


@dataclass(frozen=True)
class TextOr:
    """Text, or a mapping the record describes (a list item with a list under it)."""
    record: "Record"


@dataclass(frozen=True)
class Field:
    key: str
    type: "Type"
    description: str
    example: object
    required: bool = False
    role: str = TEXT
    label: str = ""  # how messages name the value; the key by default

    @property
    def what(self) -> str:
        return self.label or self.key


@dataclass(frozen=True)
class Record:
    """A mapping with named keys. ``variants`` narrow it by the value of ``variant_key``: the keys
    each variant requires and allows beyond the common ones (a diagram's kind)."""
    what: str  # how messages name the mapping ("a section", "checklist")
    title: str  # how documentation names it
    fields: tuple[Field, ...]
    variant_key: str = ""
    variants: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = dataclass_field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # optional keys of which exactly one must be there

    def __getitem__(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if not f.required)


@dataclass(frozen=True)
class OneOf:
    """A mapping with exactly one key, which names its kind: a content block."""
    what: str
    kinds: tuple[Field, ...]

    def __getitem__(self, key: str) -> Field:
        return next(f for f in self.kinds if f.key == key)


Type = Union[Text, String, Slug, Choice, Date, Flag, Integer, Number, ListOf, Pairs, Record, OneOf, TextOr]


# --- the handout format ------------------------------------------------------------------------

def _text_list(key: str, description: str, example, label: str = "", most: int = 100, **kw) -> Field:
    return Field(key, ListOf(Text(), most), description, example, label=label, **kw)


def _id(what: str, example: str, description: str) -> Field:
    return Field("id", Slug(), description, example, True, STRUCTURAL, f"{what} id")


CHECKLIST = Record("checklist", "checklist", (
    _id("checklist", "call-today", "Stable id of the checklist, unique in the file; a translation keeps it."),
    Field("level", Choice(CHECKLIST_LEVELS), "Warning signs: `urgent` (call the same day) or `emergency` "
          "(call the emergency number now; printed with a solid band). `info`: a neutral list to tick, "
          "such as a self-assessment, printed without alarm colour or icon.", "urgent", True, STRUCTURAL,
          "checklist level"),
    Field("title", Text(), "The instruction the items answer to.",
          "Call your care team the same day if you have:", True, label="checklist title"),
    _text_list("items", "One tick box each. A translation must keep every warning sign (`urgent`, "
               "`emergency`).",
               ["Nausea or vomiting", "A fever of 100.4 °F (38 °C) or higher"], "checklist items",
               required=True),
))

CALLOUT = Record("callout", "callout", (
    Field("level", Choice(CALLOUT_LEVELS), "`info`, `caution` or `emergency`; each looks different in "
          "black and white too.", "info", True, STRUCTURAL, "callout level"),
    Field("title", Text(), "Optional heading of the box.", "Good to know", label="callout title"),
    Field("text", Text(), "The text of the box.", "Drink plenty of water every day.", True,
          label="callout text"),
))

TABLE = Record("table", "table", (
    _text_list("columns", "Column headings (at most 8).", ["Test", "What it measures"], "table columns", 8,
               required=True),
    Field("rows", ListOf(ListOf(Text(), 8), 200), "Rows, each a list with one cell per column.",
          [["Calcium", "Whether bone damage raises the calcium in your blood"]], True, label="table rows"),
))

FLOW_NODE = Record("a flow node", "flow node", (
    Field("id", Slug(), "Stable id the edges refer to.", "cells", True, STRUCTURAL, "node id"),
    Field("label", Text(), "Text in the box.", "Myeloma cells grow in the bone marrow", True,
          label="node label"),
))

FLOW_EDGE = Record("a flow edge", "flow edge", (
    Field("from", Slug(), "Id of the node the arrow starts at.", "cells", True, STRUCTURAL, "edge 'from'"),
    Field("to", Slug(), "Id of the node the arrow points to.", "bone", True, STRUCTURAL, "edge 'to'"),
))

BODY_REGION = Record("a body region", "body region", (
    Field("area", Choice(BODY_AREAS), "The area to highlight.", "spine", True, STRUCTURAL, "body area"),
    Field("label", Text(), "Label beside the area, with a leader line.", "Spine (backbone)", True,
          label="region label"),
))

DIAGRAM = Record("diagram", "diagram", (
    _id("diagram", "how-it-harms", "Stable id of the figure, unique in the file."),
    Field("kind", Choice(DIAGRAM_KINDS), "`flow` (boxes and arrows), `body` (a front-view outline with "
          "areas highlighted) or `scale` (numbered boxes to tick).", "flow", True, STRUCTURAL, "diagram kind"),
    Field("title", Text(), "Printed as the caption.", "How myeloma causes its complications", True,
          label="diagram title"),
    Field("alt", Text(), "The text alternative read by screen readers (not printed).",
          "Myeloma cells in the bone marrow lead to bone damage.", True, label="diagram alt"),
    Field("nodes", ListOf(FLOW_NODE, 30), "flow: the boxes.",
          [{"id": "cells", "label": "Myeloma cells grow in the bone marrow"}]),
    Field("edges", ListOf(FLOW_EDGE, 60), "flow: the arrows; they must not loop back.",
          [{"from": "cells", "to": "bone"}]),
    Field("regions", ListOf(BODY_REGION, len(BODY_AREAS)), "body: the areas to highlight, each once.",
          [{"area": "spine", "label": "Spine (backbone)"}]),
    Field("min", Integer(0, 100), "scale: the lowest value (2 to 21 boxes in all).", 0, role=STRUCTURAL,
          label="scale min"),
    Field("max", Integer(0, 100), "scale: the highest value.", 10, role=STRUCTURAL, label="scale max"),
    Field("labels", Pairs(Integer(0, 100), Text()), "scale: anchor labels by value.",
          {0: "No pain", 10: "Worst pain"}, label="scale labels"),
), "kind", {"flow": (("nodes",), ("edges",)), "body": (("regions",), ()), "scale": (("min", "max"), ("labels",))})

IMAGE = Record("image", "image", (
    Field("file", String(shape="a file name"), "SVG, PNG or JPEG file, relative to the handout's folder. "
          "A translation may name its own image, for one with words in its language.", "port.svg", True,
          label="image file"),
    Field("alt", Text(), "The text alternative read by screen readers.", "A port under the skin of the chest",
          True, label="image alt"),
    Field("caption", Text(), "Printed under the image.", "A port under the skin", label="image caption"),
    Field("width", Number(0.05, 1.0), "Share of the column's width, 0.05 to 1 (default 1).", 0.6,
          role=STRUCTURAL, label="image width"),
))

QR = Record("qr", "QR code", (
    Field("url", String(r"https://\S+", "a web address starting with https://"), "The address; "
          "https only. It is printed beside the code too, so it can be typed.", "https://www.cancer.gov/",
          True, STRUCTURAL, "qr url"),
    Field("label", Text(), "What the code leads to.", "Watch a short video about this", True, label="qr label"),
))

# An item of a bulleted or numbered list that has a list of its own under it (one level deep).
LIST_ITEM = Record("a list item", "list item", (
    Field("text", Text(), "The item's own text.", "Tell your care team if you have:", True, label="item text"),
    _text_list("bullets", "A bulleted list under the item, drawn indented.", ["Chills", "Sweating"],
               "nested bullets"),
    _text_list("steps", "A numbered list under the item, drawn indented.",
               ["Wash your hands.", "Dry them well."], "nested steps"),
), one_of=("bullets", "steps"))


def _list_field(key: str, description: str, example) -> Field:
    return Field(key, ListOf(TextOr(LIST_ITEM)), description, example)


BLOCK = OneOf("block", (
    Field("paragraph", Text(), "A paragraph.", "Text. **Bold** is the only inline markup."),
    Field("subheading", Text(), "A sub-heading inside a section: printed smaller than the section's "
          "heading, kept on the page with what follows it, read as a level-3 heading.", "Before surgery"),
    _list_field("bullets", "A bulleted list. An item may carry a list of its own: "
                "`{text: \"...\", bullets: [...]}` or `{text: \"...\", steps: [...]}`.",
                ["Drink plenty of water.", {"text": "Call us if you have:", "bullets": ["A fever", "Chills"]}]),
    _list_field("steps", "A numbered list of steps. An item may carry a list of its own, as in `bullets`.",
                ["Write your questions down.", "Bring your medicines."]),
    Field("checklist", CHECKLIST, "Items with tick boxes: warning signs (`urgent`, `emergency`) or a "
          "neutral list to tick (`info`); up to eight items kept on one page, a longer one continued "
          "with its title repeated.",
          {"id": "call-today", "level": "urgent", "title": "Call your care team the same day if you have:",
           "items": ["Nausea or vomiting"]}),
    Field("callout", CALLOUT, "A box that stands out.", {"level": "info", "text": "Drink plenty of water."}),
    Field("table", TABLE, "A table.", {"columns": ["Test", "Why"], "rows": [["Calcium", "Bone damage"]]}),
    Field("diagram", DIAGRAM, "A figure drawn in code: flow, body or scale.",
          {"id": "pain", "kind": "scale", "title": "How bad is your pain?", "alt": "A scale from 0 to 10",
           "min": 0, "max": 10, "labels": {0: "No pain", 10: "Worst pain"}}),
    Field("image", IMAGE, "A picture from a file.", {"file": "port.svg", "alt": "A port under the skin"}),
    Field("qr", QR, "A QR code with its address printed beside it.",
          {"url": "https://www.cancer.gov/", "label": "Learn more"}),
))
BLOCK_KINDS = tuple(f.key for f in BLOCK.kinds)

SECTION = Record("a section", "section", (
    _id("section", "when-to-get-help", "Stable id, unique in the file; translations match sections on it."),
    Field("heading", Text(), "The section's heading. Leave it out only where the source prints none "
          "(an opening before the first heading): the section then has no heading or bookmark, and "
          "cannot hold a subheading.", "When to get help"),
    Field("blocks", ListOf(BLOCK, 200), "The content, each block a mapping with one key that names its kind.",
          [{"paragraph": "Text."}], True),
    Field("leaflet", Flag(), "`false` leaves the section out of folded leaflets (the trifold).", False,
          role=STRUCTURAL),
))

TRANSLATION = Record("the translation mapping", "translation", (
    Field("source", String(LANGUAGE_PATTERN, "a language tag"), "Language of the source file beside this one.",
          "en", True, OWN),
    Field("source_digest", String(DIGEST_PATTERN, "a digest"), "Digest of the source when this translation "
          "was made, as `generate.py --status` prints it; quote it so editors read it as text.",
          "1b5ce89bc9f6caa4", True, OWN),
    Field("sections", Pairs(String(shape="section id"), String(DIGEST_PATTERN, "a digest")),
          "Digest of each source section "
          "(`front`: title, summary and sources) when this translation was made; says what changed since.",
          {"front": "0f143457", "about": "eb5e1efe"}, role=OWN),
    Field("status", Choice(STATUSES), "`draft` (printed with a notice on every page) or `reviewed`.", "draft",
          True, OWN, "translation status"),
    Field("reviewer", String(), "Name and qualification of the medical translator who reviewed it.",
          "A. Reviewer, certified medical translator", role=OWN),
    Field("reviewed_on", Date(), "Date of that review.", "2026-11-24", role=OWN),
))

SIGN_OFF = Record("the signed_off mapping", "clinical sign-off", (
    Field("by", String(), "Who signed the content off: a role or a name, as the clinic's policy wants.",
          "Oncology nurse educator", True, OWN, "signed_off by"),
    Field("date", Date(), "The day of that review; equals `reviewed`.", "2026-11-01", True, OWN,
          "signed_off date"),
))

HANDOUT = Record("the handout", "handout", (
    Field("handout", Slug(), "The handout's id: must equal its folder name.", "multiple-myeloma", True, OWN),
    Field("language", String(LANGUAGE_PATTERN, "a language tag"), "BCP 47 language tag: must equal the file "
          "name.", "en", True, OWN),
    Field("translation", TRANSLATION, "Only in a translation: its source and review status.",
          {"source": "en", "source_digest": "1b5ce89bc9f6caa4", "status": "draft"}, role=OWN),
    Field("title", Text(), "The handout's title.", "Multiple myeloma: what to expect", True),
    Field("summary", Text(), "Optional lead paragraph under the title.",
          "This handout explains how multiple myeloma spreads."),
    Field("reviewed", Date(), "Date of the last clinical review; not printed while the handout is a draft "
          "(no `signed_off`).", "2026-11-01", True, OWN),
    Field("review_by", Date(), "After this date the build warns that the handout is due for review.",
          "2028-11-01", True, OWN),
    Field("signed_off", SIGN_OFF, "Only in a source: the clinician's sign-off. Without it the handout is a "
          "draft, printed with \"Not yet reviewed by a clinician\" where the review date stands; its "
          "translations inherit the source's state.", {"by": "Oncology nurse educator", "date": "2026-11-01"},
          role=OWN),
    _text_list("sources", "Where the content comes from; printed small at the end.",
               ["Adapted from the National Cancer Institute's patient pages."]),
    Field("sections", ListOf(SECTION, 100), "The handout's sections, in reading order.",
          [{"id": "about", "heading": "What is it?", "blocks": [{"paragraph": "Text."}]}], True),
))
# Top-level keys that belong to each file (its language, dates, translation record), not to the
# content it shares with its translations.
OWN_KEYS = frozenset(f.key for f in HANDOUT.fields if f.role == OWN)


# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA_PATH = Path("schema") / "handout.schema.json"


def json_schema() -> dict:
    """``schema/handout.schema.json``: JSON Schema draft 2020-12, for editors' completion and checks.
    Values are as a YAML 1.2 editor reads them: text may be a number (``heading: 2026``) since
    the tool reads it as written; a digest must be quoted, since unquoted it is a number there."""
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "title": "Patient handout (handouts/<handout>/<language>.yaml)"}
    out.update(_json(HANDOUT, HANDOUT.title))
    out["description"] = ("One handout in one language. Generated from src/handoutgen/content/schema.py "
                          "by `python -m handoutgen.content.schema`; do not edit.")
    return out


def _json(t: Type, description: str = "", example=None) -> dict:
    if isinstance(t, Text):
        out = {"type": ["string", "number", "boolean"], "minLength": 1, "maxLength": MAX_TEXT}
    elif isinstance(t, String):
        out = {"type": "string", "minLength": 1}
        if t.pattern:
            out["pattern"] = f"^(?:{t.pattern})$"
    elif isinstance(t, Slug):
        out = {"type": ["string", "integer"], "pattern": f"^{SLUG_PATTERN}$", "minimum": 0}
    elif isinstance(t, Choice):
        out = {"type": "string", "enum": list(t.values)}
    elif isinstance(t, Date):
        out = {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"}
    elif isinstance(t, Flag):
        out = {"type": "boolean"}
    elif isinstance(t, Integer):
        out = {"type": "integer", "minimum": t.low, "maximum": t.high}
    elif isinstance(t, Number):
        out = {"type": "number", "minimum": t.low, "maximum": t.high}
    elif isinstance(t, ListOf):
        out = {"type": "array", "minItems": 1, "maxItems": t.most, "items": _json(t.item)}
    elif isinstance(t, Pairs):
        keys = (r"^-?[0-9]+$" if isinstance(t.key, Integer) else
                f"^(?:{t.key.pattern})$" if isinstance(t.key, String) and t.key.pattern else None)
        out = {"type": "object", "minProperties": 1, "additionalProperties": _json(t.value)}
        if keys:
            out["propertyNames"] = {"pattern": keys}
    elif isinstance(t, Record):
        out = {"type": "object", "properties": {f.key: _json(f.type, f.description, f.example) for f in t.fields},
               "required": list(t.required), "additionalProperties": False}
        if t.variants:
            common = {f.key for f in t.fields} - {k for need, may in t.variants.values() for k in need + may}
            out["allOf"] = [{"if": {"properties": {t.variant_key: {"const": name}}, "required": [t.variant_key]},
                             "then": {"required": list(need),
                                      "propertyNames": {"enum": sorted(common | set(need) | set(may))}}}
                            for name, (need, may) in t.variants.items()]
        if t.one_of:
            out["oneOf"] = [{"required": [key]} for key in t.one_of]
    elif isinstance(t, TextOr):
        out = {"anyOf": [_json(Text()), _json(t.record)]}
    elif isinstance(t, OneOf):
        out = {"type": "object", "minProperties": 1, "maxProperties": 1,
               "properties": {f.key: _json(f.type, f.description, f.example) for f in t.kinds},
               "additionalProperties": False}
    elif hasattr(t, "json_schema"):  # the types other formats add (declare.py) say their own
        out = t.json_schema()
    else:  # pragma: no cover - every type is handled above
        raise TypeError(t)
    if description:
        out = {"description": description, **out}
    if example is not None:
        out["examples"] = [example]
    return out


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def load_yaml12(text: str):
    """YAML as an editor's YAML 1.2 (core schema) parser reads it, for validating against the JSON
    Schema: no dates, only true/false as booleans, ``04756202`` a number. Keys become strings,
    as in JSON."""
    return _stringify_keys(yaml.load(text, Loader=_Yaml12Loader))


class _Yaml12Loader(yaml.SafeLoader):
    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
        ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
):
    _Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value, 0)
                              if node.value.startswith(("0o", "0x")) else int(node.value))


def _stringify_keys(value):
    if isinstance(value, dict):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


# --- the README's key table --------------------------------------------------------------------

README_BEGIN = "<!-- handout keys: generated by `python -m handoutgen.content.schema` -->"
README_END = "<!-- end of handout keys -->"


def markdown_table() -> str:
    """Every key, one row each, in the order of the declaration; nested keys by their path."""
    rows = ["| key | type | required | in a translation | description |", "| --- | --- | --- | --- | --- |"]
    roles = {TEXT: "translated", STRUCTURAL: "same as source", OWN: "its own"}

    def row(path: str, f: Field, required: str) -> None:
        role = "—" if isinstance(_inner(f.type), (Record, OneOf)) else roles[f.role]
        rows.append(f"| `{path}` | {_type_name(f.type)} | {required} | {role} | {f.description} |")

    def nested(path: str, f: Field) -> None:
        inner = _inner(f.type)
        if isinstance(inner, TextOr):
            inner = inner.record
        if isinstance(inner, Record):
            visit(inner, f"{path}{'[]' if isinstance(f.type, ListOf) else ''}.")

    def visit(record: Record, prefix: str) -> None:
        for f in record.fields:
            path = f"{prefix}{f.key}"
            by_kind = [f"{kind}: {'yes' if f.key in need else 'optional'}"
                       for kind, (need, may) in record.variants.items() if f.key in need + may]
            one_of = f"one of {' or '.join(f'`{k}`' for k in record.one_of)}" if f.key in record.one_of else ""
            row(path, f, ", ".join(by_kind) or one_of or ("yes" if f.required else "no"))
            inner = _inner(f.type)
            if isinstance(inner, OneOf):
                for kind in inner.kinds:  # a block has exactly one of these keys
                    row(f"{path}[].{kind.key}", kind, "one per block")
                    nested(f"{path}[].{kind.key}", kind)
            else:
                nested(path, f)

    visit(HANDOUT, "")
    return "\n".join(rows) + "\n"


def _inner(t: Type):
    while isinstance(t, ListOf):
        t = t.item
    return t if isinstance(t, (Record, OneOf, TextOr)) else None


def _type_name(t: Type) -> str:
    if isinstance(t, Text):
        return "text"
    if isinstance(t, String):
        return t.shape
    if isinstance(t, Slug):
        return "id"
    if isinstance(t, Choice):
        return " \\| ".join(f"`{v}`" for v in t.values)
    if isinstance(t, Date):
        return "date (YYYY-MM-DD)"
    if isinstance(t, Flag):
        return "`true` \\| `false`"
    if isinstance(t, (Integer, Number)):
        return f"{'whole number' if isinstance(t, Integer) else 'number'} {t.low:g} to {t.high:g}"
    if isinstance(t, ListOf):
        return f"list of {_type_name(t.item)}"
    if isinstance(t, Pairs):
        return f"{_type_name(t.key)} → {_type_name(t.value)}"
    if isinstance(t, Record):
        return t.title
    if isinstance(t, OneOf):
        return "block"
    if isinstance(t, TextOr):
        return f"text or {t.record.title}"
    raise TypeError(t)  # pragma: no cover


def readme_with_table(readme: str) -> str:
    """The README with the key table between its markers replaced by the current one."""
    start, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    return readme[:start] + "\n\n" + markdown_table() + "\n" + readme[end:]


def main(argv: list[str] | None = None) -> int:
    """Write schema/handout.schema.json and the README's key table from this declaration."""
    root = Path(argv[0]) if argv else Path.cwd()
    (root / SCHEMA_PATH).parent.mkdir(exist_ok=True)
    (root / SCHEMA_PATH).write_text(schema_text(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {root / SCHEMA_PATH} and the key table in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
