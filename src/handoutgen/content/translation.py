"""Translations: the same handout in another language, matched to its source string by string.

A translation file has the same sections, blocks, checklist items, diagram nodes and ids as its
source, plus a ``translation`` mapping (source language, the digests of the source it was made
from, draft or reviewed). Both files are read as YAML node trees and flattened into *units*:
every text string with a context naming where it sits ("sections / when-to-get-help / blocks /
checklist emergency / items / 3"), and every structural value (ids, levels, areas, edges) as a
*token* that must be equal in both. Comparing the two flattenings names exactly what a
translation dropped or added; the same contexts key the PO files for translation tools.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field as dataclass_field

import yaml

from ..diagnostics import Diagnostic, InputError, Location, display_path
from ..yamlsource import Node, load_nodes
from . import schema as s
from .schema import STATUSES  # noqa: F401

# Top-level keys that belong to each file, not to the shared content.
OWN_KEYS = {f.key for f in s.HANDOUT.fields if f.role == s.OWN}
_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


@dataclass(frozen=True)
class Translation:
    """A translation file's ``translation`` mapping."""
    source: str  # language of the source file, in the same folder
    source_digest: str  # digest of the source's content when the translation was made
    sections: dict[str, str]  # section id (or "front") -> its digest then, to say what changed
    status: str  # one of STATUSES
    reviewer: str | None
    reviewed_on: dt.date | None


@dataclass(frozen=True)
class Unit:
    context: str
    value: str
    line: int
    text: bool  # a translatable string (else a structural token)

    @property
    def group(self) -> str:
        """The section a unit belongs to ("front" for title, summary and sources)."""
        parts = self.context.split(" / ")
        return parts[1] if parts[0] == "sections" and len(parts) > 1 else "front"


def units(root: Node) -> list[Unit]:
    """Every string and structural value of a (validated) handout file, in file order."""
    out: list[Unit] = []
    rebuild(root, lambda node, context, text: out.append(Unit(context, str(node.value), node.start_mark.line + 1, text)))
    return out


def rebuild(root: Node, leaf: Callable[[Node, str, bool], object]) -> dict:
    """The shared content of a handout file (every top-level key but the file's own), as Python
    data whose scalars are ``leaf(node, context, is_text)``. One walk names contexts for the
    comparison, the digests and the PO files alike; the declaration (content/schema.py) says
    which values are translated text and which are structure."""
    return {construct(key): _walk(value, key.value, *field_of(s.HANDOUT, key.value), leaf)
            for key, value in root.value if key.value not in OWN_KEYS}


def field_of(container: s.Type | None, key: str) -> tuple[s.Type | None, str]:
    """The declared type and translation role of ``key`` inside ``container``; for a key the
    declaration does not know (in a source that is not valid), none: judged by its YAML tag."""
    if isinstance(container, (s.Record, s.OneOf)):
        f = next((f for f in (container.fields if isinstance(container, s.Record) else container.kinds)
                  if f.key == key), None)
        if f is not None:
            return f.type, f.role
    return None, ""


def _walk(node: Node, context: str, t: s.Type | None, role: str, leaf: Callable[[Node, str, bool], object]):
    if node.tag.endswith(":map"):
        def child(key: str) -> tuple[s.Type | None, str]:
            return (t.value, role) if isinstance(t, s.Pairs) else field_of(t, key)
        return {construct(key): _walk(value, f"{context} / {key.value}", *child(key.value), leaf)
                for key, value in node.value}
    if node.tag.endswith(":seq"):
        counts: dict[str, int] = {}
        item = t.item if isinstance(t, s.ListOf) else None
        return [_walk(child, f"{context} / {element_label(child, index, counts)}", item, role, leaf)
                for index, child in enumerate(node.value, 1)]
    text = role == s.TEXT and isinstance(t, (s.Text, s.String)) if t is not None else node.tag.endswith(":str")
    return leaf(node, context, text)


def construct(node: Node):
    """The Python value of a YAML node (a date, a number, a string...)."""
    return yaml.SafeLoader("").construct_object(node, deep=True)


def element_label(node: Node, index: int, counts: dict[str, int]) -> str:
    """How a list element is named in contexts: by its id or area where it has one; a block by
    its kind and number among blocks of that kind, so adding a paragraph does not rename the
    checklists after it; otherwise by position."""
    if not node.tag.endswith(":map"):
        return str(index)
    fields = {k.value: v for k, v in node.value}
    for key in ("id", "area"):
        if key in fields and fields[key].tag.endswith(":str"):
            return fields[key].value
    if len(fields) == 1:
        (kind, inner), = fields.items()
        inner_fields = {k.value: v for k, v in inner.value} if inner.tag.endswith(":map") else {}
        if "id" in inner_fields:
            return f"{kind} {inner_fields['id'].value}"
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind} {counts[kind]}"
    return str(index)


def digests(root: Node) -> tuple[str, dict[str, str]]:
    """Digest of the whole content, and of each section ("front": title, summary, sources)."""
    whole, parts = hashlib.sha256(), {}
    for unit in units(root):
        entry = f"{unit.context}\0{unit.value}\0".encode()
        whole.update(entry)
        parts.setdefault(unit.group, hashlib.sha256()).update(entry)
    return whole.hexdigest()[:16], {k: h.hexdigest()[:8] for k, h in parts.items()}


def changed_sections(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """Sections whose digest differs from the one recorded (new and removed ones included)."""
    return [k for k in dict.fromkeys([*current, *recorded]) if recorded.get(k) != current.get(k)]


def compare(translation: Node, source: Node, translation_path: str, source_path: str) -> list[Diagnostic]:
    """Errors for every string or structural value that the translation lacks, adds or changes
    relative to its source. A checklist item missing is said to be a warning sign."""
    mine = {u.context: u for u in units(translation)}
    theirs = {u.context: u for u in units(source)}
    problems: list[Diagnostic] = []

    def here(context: str) -> Location:
        """Where to point in the translation: the unit, or the nearest one before it."""
        if context in mine:
            return Location(translation_path, mine[context].line, 1)
        order = list(theirs)
        for earlier in reversed(order[:order.index(context)]):
            if earlier in mine:
                return Location(translation_path, mine[earlier].line, 1)
        return Location(translation_path, 1, 1)

    for context, unit in theirs.items():
        where = f"{source_path}:{unit.line}"
        if context not in mine:
            what = "a warning sign is missing" if "/ checklist " in context and "/ items /" in context else "missing"
            shown = f" {_quote(unit.value)}" if unit.text else f" ({unit.value})"
            problems.append(Diagnostic(here(context), f"{what}: {context}{shown}, from {where}; "
                                                      "translate it here"))
        elif not unit.text and mine[context].value != unit.value:
            problems.append(Diagnostic(here(context), f"{context} is '{mine[context].value}' but "
                                                      f"'{unit.value}' in the source ({where}); "
                                                      "structure and ids must match the source"))
        elif unit.text and _fields(mine[context].value) != _fields(unit.value):
            problems.append(Diagnostic(here(context), f"{context}: placeholders "
                                                      f"{sorted(_fields(mine[context].value)) or 'none'} "
                                                      f"differ from the source's {sorted(_fields(unit.value)) or 'none'} "
                                                      f"({where}); keep the same {{...}} fields"))
    for context, unit in mine.items():
        if context not in theirs:
            problems.append(Diagnostic(Location(translation_path, unit.line, 1),
                                       f"extra: {context} is not in the source ({source_path}); remove "
                                       "it, or add it to the source first"))
    return problems


def _fields(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def text_units(root: Node) -> Iterator[Unit]:
    return (u for u in units(root) if u.text)


@dataclass(frozen=True)
class State:
    """A translation measured against its source as it is now."""
    errors: list[Diagnostic]  # structure that does not match, or no source file
    changed: list[str]  # sections changed in the source since the translation was made
    digest: str  # the source's digests now, for the translator to record once updated
    sections: dict[str, str]
    warnings: list[Diagnostic] = dataclass_field(default_factory=list)  # for the reviewer: added, reordered

    @property
    def stale(self) -> bool:
        return bool(self.changed)

    def record(self, translation: Translation) -> str:
        """The YAML lines a translator pastes into the translation mapping once it is updated."""
        return record_lines(translation.source, self.digest, self.sections)


def record_lines(source: str, digest: str, sections: dict[str, str], width: int = 100) -> str:
    """``source``, ``source_digest`` and ``sections`` as YAML lines. Digests are quoted: unquoted,
    an editor's YAML 1.2 parser reads ``04756202`` as a number (the schema says they are text)."""
    lines, line = [], "sections: {"
    for i, (key, value) in enumerate(sections.items()):
        entry = f'{key}: "{value}"' + ("}" if i == len(sections) - 1 else ",")
        if len(line) + 1 + len(entry) > width and not line.endswith("{"):
            lines.append(line)
            line = " " * len("sections: {") + entry
        else:
            line += ("" if line.endswith("{") else " ") + entry
    lines.append(line if sections else "sections: {}")
    return "\n".join([f"source: {source}", f'source_digest: "{digest}"', *lines])


def source_path(path: str, translation: Translation) -> str:
    return os.path.join(os.path.dirname(path), f"{translation.source}.yaml")


def check(path: str, translation: Translation, location: Location) -> State:
    """Compare the translation at ``path`` with its source file."""
    source = source_path(path, translation)
    if not os.path.exists(source):
        return State([Diagnostic(location, f"the source {display_path(source)} does not exist; "
                                           "set translation: source to the language of the source file")],
                     [], "", {})
    try:
        source_root, _ = load_nodes(source)
        own_root, _ = load_nodes(path)
    except InputError as exc:
        return State(exc.diagnostics, [], "", {})
    digest, sections = digests(source_root)
    changed = [] if digest == translation.source_digest else (
        changed_sections(translation.sections, sections) or ["(unknown: no section digests recorded)"])
    found = compare(own_root, source_root, path, display_path(source))
    return State([d for d in found if d.severity == "error"], changed, digest, sections,
                 [d for d in found if d.severity == "warning"])
