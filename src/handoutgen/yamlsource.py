"""Read a YAML file into a node tree that remembers where every value came from.

Content and layout parsers walk these nodes with :class:`NodeReader`, which turns every
shape problem into a ``path:line:column`` diagnostic instead of stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable

import yaml

from pathlib import Path

try:  # libyaml's C scanner and parser, where PyYAML was built with it (its wheels are)
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover
    CParser = None

from . import characters
from .diagnostics import Collector, InputError, Location, Diagnostic
from .resolve import Refused, read_limited

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24  # a handout needs about 8
MAX_TEXT = 10_000  # characters in one value; a plain-language paragraph is far shorter
Node = yaml.Node


class _Limits:
    """Refuses aliases (content never needs them, and they can expand without bound) and nesting
    deeper than any handout needs (which would exhaust the stack), in PyYAML's own composer."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None,
                f"YAML aliases (*{event.anchor}) are not allowed here; write the value out in full",
                event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"values are nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Limits, yaml.SafeLoader):
    """The pure-Python safe loader: it gives every syntax error its message."""


if CParser is not None:
    class _FastLoader(_Limits, yaml.composer.Composer, CParser, yaml.resolver.Resolver):
        """libyaml's scanner and parser (about ten times faster than PyYAML's pure-Python ones)
        under PyYAML's own composer and resolver, with the same limits: the node tree is the one
        _Loader makes (tests/test_yamlsource.py compares them). libyaml's marks carry no text, so
        each node gets PyYAML's kind, which NodeReader.char_loc reads the source through."""

        def __init__(self, text: str, path: str):
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.path, self.buffer = path, text + "\0"  # as PyYAML's reader holds it

        def compose_node(self, parent, index):
            if getattr(self.peek_event(), "tag", None) is not None:
                raise _Differs  # an explicit tag ("!x"): the two resolve "!" differently
            node = super().compose_node(parent, index)
            node.start_mark, node.end_mark = self._mark(node.start_mark), self._mark(node.end_mark)
            if isinstance(node, yaml.ScalarNode) and not node.style:
                node.style = None  # a plain scalar: libyaml says '', PyYAML None
            return node

        def _mark(self, mark) -> yaml.Mark:
            return yaml.Mark(self.path, mark.index, mark.line, mark.column, self.buffer, mark.index)


class _Differs(Exception):
    """Input where libyaml and PyYAML would make different trees: PyYAML reads it."""


_PARSED: OrderedDict[tuple[str, str], Node] = OrderedDict()  # (path, sha256) -> node tree
_PARSED_KEPT = 32


def load_nodes(path: str) -> tuple[Node, str]:
    """Parse ``path`` into a YAML node tree; raise InputError naming the line on failure.
    Also returns the SHA-256 of the file, from the same read, for content versions and build keys."""
    start = Location(path, 1, 1)
    try:
        raw = read_limited(Path(path).resolve(), MAX_FILE_BYTES).data
    except Refused as exc:
        raise InputError([Diagnostic(start, f"file {exc}{'; split it' if exc.too_large else ''}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Diagnostic(Location(path, line, 1), "file is not valid UTF-8; save it as UTF-8")]) from None
    digest = hashlib.sha256(raw).hexdigest()
    # A file is parsed once per process for the same bytes (a translation and its source are
    # read by several checks): the node trees are shared, and nothing may change them.
    key = (path, digest)
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return _PARSED[key], digest
    node = _fast(text, path) or _compose(text, path, start)
    _PARSED[key] = node
    if len(_PARSED) > _PARSED_KEPT:
        _PARSED.popitem(last=False)
    return node, digest


def _fast(text: str, path: str) -> Node | None:
    """The node tree from libyaml, or None when the file needs PyYAML's own reading: a character
    YAML does not allow; where the two differ (libyaml counts positions after a byte-order mark,
    places the end of a file without a final line break elsewhere, and takes tabs where PyYAML
    refuses them); any syntax error (for PyYAML's message); or no libyaml."""
    if (CParser is None or not text.endswith("\n") or "\ufeff" in text or "\t" in text
            or yaml.reader.Reader.NON_PRINTABLE.search(text)):
        return None
    loader = _FastLoader(text, path)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, _Differs):
        return None
    finally:
        loader.dispose()
    return node


def _compose(text: str, path: str, start: Location) -> Node:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, found before parsing
        before = text[: exc.position]
        where = Location(path, before.count("\n") + 1, len(before) - before.rfind("\n"))
        raise InputError([Diagnostic(where, f"character U+{exc.character:04X} is not allowed in YAML; "
                                            "remove it")]) from None
    loader.name = path  # every mark, and so every message, names the file its node came from
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else start
        message = " ".join(p for p in (exc.context, exc.problem) if p)
        raise InputError([Diagnostic(where, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(start, f"YAML syntax: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Diagnostic(start, "file is empty")])
    return node


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KIND = {yaml.MappingNode: "a mapping (key: value)", yaml.SequenceNode: "a list", yaml.ScalarNode: "a value"}


class NodeReader:
    """Typed access to YAML nodes; each method records a diagnostic and returns None on a mismatch."""

    def __init__(self, path: str, collector: Collector | None = None):
        self.path = path
        self.report = collector or Collector()

    def loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(mark.name if mark.name != "<unicode string>" else self.path, mark.line + 1, mark.column + 1)

    def error(self, node: Node, message: str, hint: str = "") -> None:
        self.report.error(self.loc(node), message, hint)

    def _expect(self, node: Node, kind: type, what: str) -> bool:
        if isinstance(node, kind):
            return True
        self.error(node, f"{what} must be {_KIND[kind]}, not {_KIND[type(node)]}")
        return False

    def mapping(self, node: Node, what: str, required: Iterable[str] = (),
                optional: Iterable[str] = ()) -> dict[str, Node] | None:
        """Return ``{key: value node}``, reporting duplicate, unknown and missing keys."""
        if not self._expect(node, yaml.MappingNode, what):
            return None
        required, allowed = list(required), [*required, *optional]
        found: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key in found:
                self.error(key_node, f"duplicate key '{key}' in {what}; keep one")
            elif key not in allowed:
                self.error(key_node, f"unknown key '{key}' in {what}", did_you_mean(key, allowed))
            found.setdefault(key, value)
        for key in required:
            if key not in found:
                self.error(node, f"missing key '{key}' in {what}")
        return {k: v for k, v in found.items() if k in allowed}

    def pairs(self, node: Node, what: str) -> list[tuple[Node, Node]]:
        """A mapping whose keys are data (such as numbers), not names; duplicate keys reported."""
        if not self._expect(node, yaml.MappingNode, what):
            return []
        seen, out = set(), []
        for key_node, value in node.value:
            if key_node.value in seen:
                self.error(key_node, f"duplicate key '{key_node.value}' in {what}; keep one")
            else:
                seen.add(key_node.value)
                out.append((key_node, value))
        return out

    def one_key(self, node: Node, what: str, choices: Iterable[str]) -> tuple[str, Node] | None:
        """A mapping with exactly one key from ``choices``, such as a content block."""
        choices = list(choices)
        if not self._expect(node, yaml.MappingNode, what):
            return None
        keys = [str(k.value) for k, _ in node.value]
        if len(keys) != 1:
            found = ", ".join(f"'{k}'" for k in keys) or "nothing"
            self.error(node, f"{what} must have exactly one key ({', '.join(choices)}); found {found}. "
                             "Start each block with its own '- '")
            return None
        key_node, value = node.value[0]
        if keys[0] not in choices:
            close, known = did_you_mean(keys[0], choices), ", ".join(choices)
            self.error(key_node, f"unknown {what} '{keys[0]}'", f"{close} (known: {known})" if close else f"known: {known}")
            return None
        return keys[0], value

    def text(self, node: Node, what: str, allow_empty: bool = False) -> str | None:
        """A string, non-empty unless allowed. The raw scalar is used, so 'No' or '2026' stay
        text, never bool or int."""
        if not self._expect(node, yaml.ScalarNode, what):
            return None
        value = node.value if node.style or node.tag != "tag:yaml.org,2002:null" else ""
        if not value.strip() and not allow_empty:
            self.error(node, f"{what} is empty; write the text or remove the key")
            return None
        if len(value) > MAX_TEXT:
            self.error(node, f"{what} is {len(value):,} characters long; the most is {MAX_TEXT:,}, "
                             "so split it")
            return None
        found = characters.problems(value)
        for index, message, is_error in found:
            where = self.char_loc(node, value, index)
            (self.report.error if is_error else self.report.warning)(where, f"{what} {message}")
        if any(is_error for _, _, is_error in found):
            return None
        return characters.clean(value) if found else value

    def char_loc(self, node: Node, value: str, index: int) -> Location:
        """Where character ``index`` of a scalar's value is in the file: found in the source
        text between the scalar's marks; the scalar's start when it was written as an escape."""
        start, end = node.start_mark, node.end_mark
        char = value[index]
        if start.buffer is not None:
            source = start.buffer[start.pointer:end.pointer]
            pos = -1
            for _ in range(value[:index + 1].count(char)):
                pos = source.find(char, pos + 1)
                if pos < 0:
                    break
            if pos >= 0:
                before = source[:pos]
                line = start.line + before.count("\n")
                column = (start.column + pos if "\n" not in before else pos - before.rfind("\n") - 1)
                return Location(self.loc(node).path, line + 1, column + 1)
        return self.loc(node)

    def slug(self, node: Node, what: str) -> str | None:
        """An id: lower-case words joined by '-'."""
        value = self.text(node, what)
        if value is not None and not SLUG.fullmatch(value):
            self.error(node, f"{what} '{value}' is not valid; use lower-case words joined by '-'")
            return None
        return value

    def sequence(self, node: Node, what: str, most: int = 100) -> list[Node] | None:
        """A non-empty list of at most ``most`` items."""
        if not self._expect(node, yaml.SequenceNode, what):
            return None
        if not node.value:
            self.error(node, f"{what} is an empty list; add at least one item or remove the key")
            return None
        if len(node.value) > most:
            self.error(node, f"{what} has {len(node.value)} items; the most is {most}, so split it")
            return None
        return list(node.value)

    def texts(self, node: Node, what: str, most: int = 100) -> list[tuple[str, Node]]:
        """A non-empty list of strings, each with its node for later messages."""
        out = []
        for item in self.sequence(node, what, most) or ():
            value = self.text(item, f"each item of {what}")
            if value is not None:
                out.append((value, item))
        return out

    def choice(self, node: Node, what: str, choices: Iterable[str]) -> str | None:
        choices = list(choices)
        value = self.text(node, what)
        if value is None:
            return None
        if value not in choices:
            self.error(node, f"{what} '{value}' is not one of: {', '.join(choices)}", did_you_mean(value, choices))
            return None
        return value

    def date(self, node: Node, what: str) -> dt.date | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(node, f"{what} '{value}' is not a date; write it as YYYY-MM-DD, for example 2026-11-01")
            return None

    def flag(self, node: Node, what: str) -> bool | None:
        value = self.choice(node, what, ("true", "false"))
        return None if value is None else value == "true"

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(node, f"{what} '{value}' is not a number")
            return None
        if not low <= number <= high:
            self.error(node, f"{what} {value} is out of range; use a value from {low:g} to {high:g}")
            return None
        return number

    def integer(self, node: Node, what: str, low: int, high: int) -> int | None:
        number = self.number(node, what, low, high)
        if number is None:
            return None
        if number != int(number):
            self.error(node, f"{what} must be a whole number")
            return None
        return int(number)


def merge(base: Node, override: Node) -> Node:
    """``override`` laid over ``base``: mappings merge key by key, anything else is replaced.
    Each value keeps the mark of the file it came from."""
    if not (isinstance(base, yaml.MappingNode) and isinstance(override, yaml.MappingNode)):
        return override
    merged = {str(k.value): (k, v) for k, v in base.value}
    for key, value in override.value:
        name = str(key.value)
        merged[name] = (key, merge(merged[name][1], value) if name in merged else value)
    return yaml.MappingNode(override.tag, list(merged.values()), override.start_mark, override.end_mark)


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A diagnostic's hint: the option closest to a misspelt word, if one is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
