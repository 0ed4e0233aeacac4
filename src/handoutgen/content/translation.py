"""Translations: the same handout in another language, with a record of the source it was made from.

A translation file has its source's sections, blocks, ids and structure, plus a ``translation``
mapping (source language, the digests of the source it was made from, draft or reviewed). A
handout file is flattened into *units*: every text string with a context naming where it sits
("sections / when-to-get-help / blocks / checklist emergency / checklist / items / 3") and every
structural value (ids, levels, areas, edges). The units give the digests that tell a stale
translation, and key the PO files for translation tools. The comparison of a translation with its
source aligns the two (content/align.py), so it names the item that really differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field as dataclass_field

import yaml

from ..diagnostics import Diagnostic, InputError, Location, display_path
from ..yamlsource import Node, load_nodes
from . import schema as s
from .align import compare, element_label, field_of


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
            for key, value in root.value if key.value not in s.OWN_KEYS}


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
    text = role == s.TEXT and isinstance(t, (s.Text, s.String, s.TextOr)) if t is not None else node.tag.endswith(":str")
    return leaf(node, context, text)


def construct(node: Node):
    """The Python value of a YAML node (a date, a number, a string...)."""
    return yaml.SafeLoader("").construct_object(node, deep=True)


class Digest(str):
    """A digest as YAML must write it: always quoted. Unquoted, an editor's YAML 1.2 parser reads
    ``04756202`` as a number and ``0e295526`` as 0.0; PyYAML (YAML 1.1) quotes only the first."""


yaml.SafeDumper.add_representer(Digest, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", str(value), style='"'))


def digests(root: Node) -> tuple[Digest, dict[str, Digest]]:
    """Digest of the whole content, and of each section ("front": title, summary, sources)."""
    whole, parts = hashlib.sha256(), {}
    for unit in units(root):
        entry = f"{unit.context}\0{unit.value}\0".encode()
        whole.update(entry)
        parts.setdefault(unit.group, hashlib.sha256()).update(entry)
    return Digest(whole.hexdigest()[:16]), {k: Digest(h.hexdigest()[:8]) for k, h in parts.items()}


def changed_sections(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """Sections whose digest differs from the one recorded (new and removed ones included)."""
    return [k for k in dict.fromkeys([*current, *recorded]) if recorded.get(k) != current.get(k)]


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
    found = compare(own_root, source_root, path, display_path(source), changed)
    return State([d for d in found if d.severity == "error"], changed, digest, sections,
                 [d for d in found if d.severity == "warning"])
