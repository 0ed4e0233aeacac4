"""Reading a YAML file by its declaration: the layout, the clinic profile and the checks file are
declared with the value types of ``content/schema.py`` (Record, Field, Choice, Number ...) plus
the few below, and read here by that declaration. So the keys a parser accepts, the messages it
gives and the JSON Schema an editor checks with (``python -m handoutgen.schemas``) come from one
list per format.

Each type below says its own JSON Schema (``json_schema``), how documentation names it
(``shape``) and how it is read (``read``). A pattern comes with a ``patternErrorMessage`` in the
tool's words, which editors that speak the YAML language server (and VS Code) show instead of the
bare pattern; other validators ignore it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .content import schema as s
from .yamlsource import Node, NodeReader

_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)?")
_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, None: 1.0}
LENGTH_ADVICE = "write a number with pt, in, mm or cm"
# Where the shipped layouts are, for the names `extends:` offers in an editor.
LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"


@dataclass(frozen=True)
class Length:
    """A length such as ``0.75in``, ``18mm`` or ``10pt``; a bare number is points."""
    low: float  # points
    high: float
    shape: str = "length (pt, in, mm or cm)"

    def json_schema(self) -> dict:
        # A range holds for a bare number only; "0.1in" is checked by the tool when it reads it.
        return {"type": ["string", "number"], "pattern": rf"^\s*{_LENGTH.pattern}\s*$",
                "patternErrorMessage": f"Not a length: {LENGTH_ADVICE} (a bare number is points).",
                "minimum": self.low, "maximum": self.high}

    def read(self, r: NodeReader, node: Node, what: str) -> float | None:
        value = r.text(node, what)
        if value is None:
            return None
        match = _LENGTH.fullmatch(value.strip())
        if not match:
            r.error(node, f"{what} '{value}' is not a length; {LENGTH_ADVICE}")
            return None
        points = float(match.group(1)) * _UNIT[match.group(2)]
        if not self.low <= points <= self.high:
            r.error(node, f"{what} {value} is out of range ({self.low:g} to {self.high:g} pt)")
            return None
        return points


@dataclass(frozen=True)
class Shaped:
    """Text of a fixed shape (a colour, a phone number); ``blank`` allows it empty, which prints
    a line to write on."""
    pattern: str
    shape: str  # "a colour"
    advice: str  # what to write instead
    blank: bool = False
    numbers: bool = False  # unquoted digits (emergency_number: 911) are read as written

    def json_schema(self) -> dict:
        types = ["string", *(["integer"] if self.numbers else []), *(["null"] if self.blank else [])]
        pattern = f"^(?:{self.pattern}){'?' if self.blank else ''}$"
        out = {"type": types if len(types) > 1 else types[0], "pattern": pattern,
               "patternErrorMessage": f"Not {self.shape}: {self.advice}."}
        if self.numbers:
            out["minimum"] = 0
        return out

    def read(self, r: NodeReader, node: Node, what: str) -> str | None:
        value = r.text(node, what, allow_empty=self.blank)
        if value and not re.fullmatch(self.pattern, value):
            r.error(node, f"{what} '{value}' is not {self.shape}; {self.advice}")
            return None
        return value


@dataclass(frozen=True)
class Blank:
    """Printed text that may be left empty: an empty value prints a line to write on."""
    shape: str = "text, or empty"

    def json_schema(self) -> dict:
        return {"type": ["string", "number", "null"], "maxLength": s.MAX_TEXT}

    def read(self, r: NodeReader, node: Node, what: str) -> str | None:
        return r.text(node, what, allow_empty=True)


@dataclass(frozen=True)
class Files:
    """A list of file names relative to the file that names them; may be empty (``[]``, or no
    value at all)."""
    most: int = 100
    shape: str = "list of file names"

    def json_schema(self) -> dict:
        return {"type": ["array", "null"], "maxItems": self.most, "items": {"type": "string", "minLength": 1}}

    def read(self, r: NodeReader, node: Node, what: str) -> list[tuple[str, Node]]:
        if (node.tag.endswith(":seq") and not node.value) or (node.tag.endswith(":null") and not node.style):
            return []
        return r.texts(node, what, self.most)


@dataclass(frozen=True)
class LayoutName:
    """The name of another layout in the same folder (its file name without ``.yaml``)."""
    shape: str = "a layout's name"

    def json_schema(self) -> dict:
        # Offered by name in an editor; a clinic's own layouts (--layouts-dir) have other names.
        shipped = sorted(p.stem for p in LAYOUTS.glob("*.yaml"))
        return {"type": "string", "anyOf": [{"enum": shipped}, {"pattern": f"^{s.SLUG_PATTERN}$"}]}

    def read(self, r: NodeReader, node: Node, what: str) -> str | None:
        return r.slug(node, what)


class Found:
    """A mapping read by its declaration: each key's value (a Found for a nested record; None
    where it was wrong, which is reported) and each key's node, for later messages."""

    def __init__(self, node: Node, values: dict[str, object], nodes: dict[str, Node]):
        self.node, self.values, self.nodes = node, values, nodes

    def __getitem__(self, key: str):
        return self.values.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default=None):
        return self.values[key] if key in self.values else default


def read_record(r: NodeReader, node: Node, record: s.Record) -> Found | None:
    """Every key of ``record`` found in ``node``, read as declared; unknown, duplicate and missing
    keys and wrong values reported. None when ``node`` is not a mapping."""
    fields = r.mapping(node, record.what, record.required, record.optional)
    if fields is None:
        return None
    return Found(node, {key: read(r, record[key], value) for key, value in fields.items()}, fields)


SCALARS = (s.Slug, s.Choice, s.Date, s.Flag, s.Integer, s.Number)


def read_scalar(r: NodeReader, t: s.Type, node: Node, what: str):
    """A value of one of the SCALARS types, which every format reads alike."""
    if isinstance(t, s.Slug):
        return r.slug(node, what)
    if isinstance(t, s.Choice):
        return r.choice(node, what, t.values)
    if isinstance(t, s.Date):
        return r.date(node, what)
    if isinstance(t, s.Flag):
        return r.flag(node, what)
    if isinstance(t, s.Integer):
        return r.integer(node, what, t.low, t.high)
    return r.number(node, what, t.low, t.high)


def read(r: NodeReader, f: s.Field, node: Node):
    return _read(r, f.type, node, f.what)


def _read(r: NodeReader, t, node: Node, what: str):
    if hasattr(t, "read"):
        return t.read(r, node, what)
    if isinstance(t, s.Record):
        return read_record(r, node, t)
    if isinstance(t, (s.Text, s.String)):
        value = r.text(node, what)
        if value is not None and getattr(t, "pattern", None) and not re.fullmatch(t.pattern, value):
            r.error(node, f"{what} '{value}' is not {t.shape}")
            return None
        return value
    if isinstance(t, SCALARS):
        return read_scalar(r, t, node, what)
    if isinstance(t, s.ListOf):
        items = r.sequence(node, what, t.most)
        return None if items is None else [_read(r, t.item, item, what) for item in items]
    if isinstance(t, s.Pairs):
        return {_read(r, t.key, key, f"a key of {what}"): _read(r, t.value, value, f"{what} for '{key.value}'")
                for key, value in r.pairs(node, what)}
    raise TypeError(t)  # pragma: no cover - a type without a reader

