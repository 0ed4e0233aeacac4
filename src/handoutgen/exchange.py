"""What PO (po.py) and XLIFF (xliff.py) files share: the strings of a handout for a translator,
each with its role, its length budget and the earlier source its translation was made from;
and the import, which checks every string and writes the translation's YAML.

A translation records the digest of the source it was made from, not its text. The text is kept
in the exchange file the last export wrote (``po/<handout>.<lang>.po``, ``xliff/...xlf``): its
header names the digest of the source its strings were exported from, so an export after the
source changed can prove which earlier file holds the translation's source, and give each
changed string's earlier text (``#|`` in PO, an ``alt-trans`` in XLIFF) and mark it fuzzy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .atomic import write_atomic
from .content import schema as s
from .content.align import NO_HEADING, PLACEHOLDER, element_label, placeholders, quote
from .content.parse import LANGUAGE_TAG
from .content.translation import changed_sections, construct, digests, rebuild, text_units, units
from .diagnostics import Diagnostic, InputError, Location
from .yamlsource import SLUG, Node, load_nodes

_BOLD = "**"


@dataclass
class Entry:
    """One string for the translator."""
    context: str  # where it sits (content.translation's context): the key both files use
    source: str  # the source text now
    target: str  # the current translation, "" if none
    line: int  # in the source file
    notes: list[str]  # its role, its budget, what to keep
    budget: int | None = None  # characters, where a layout cuts the text short
    previous: str | None = None  # the source the translation was made from, where it changed since
    fuzzy: bool = False  # the translation is of an earlier source: to be checked


@dataclass(frozen=True)
class Export:
    """A handout's strings, and the digests the file's header records."""
    handout: str
    source_language: str
    language: str
    source_file: str  # "<handout>/<lang>.yaml", for the files' references
    digest: str  # of the source now
    translated_from: str | None  # digest of the source the current translation was made from
    entries: list[Entry]


# --- the strings, for export -------------------------------------------------------------------

def export_entries(source: Path, language: str, earlier: Callable[[str], dict[str, str] | None] | None = None,
                   budgets: dict[str, tuple[int, str]] | None = None) -> Export:
    """Every string of ``source`` for translating into ``language``. Strings already translated
    in ``<language>.yaml`` beside it are filled in. ``earlier(digest)`` gives the text
    of the source with that digest by context, from an earlier export, if one is kept; a string
    whose source changed since its translation is then fuzzy with its earlier text. ``budgets``:
    context -> (characters, why), from the layouts (see :func:`title_budget`)."""
    root, _ = load_nodes(str(source))
    digest, sections = digests(root)
    existing = source.parent / f"{language}.yaml"
    done: dict[str, str] = {}
    translated_from = None
    changed: set[str] = set()
    departs: dict[str, str] = {}
    if existing.exists():
        own, _ = load_nodes(str(existing))
        done = {u.context: u.value for u in text_units(own)}
        departs = departures(existing, own)
        record = next((construct(v) for k, v in own.value if k.value == "translation"), None)
        record = record if isinstance(record, dict) else {}
        translated_from = str(record.get("source_digest", "")) or None
        recorded = record.get("sections") if isinstance(record.get("sections"), dict) else {}
        if translated_from and translated_from != digest:
            changed = set(changed_sections({str(k): str(v) for k, v in recorded.items()}, sections))
    before = earlier(translated_from) if earlier and translated_from and changed else None
    blocks = _blocks(root)
    out = []
    for unit in text_units(root):
        entry = Entry(unit.context, unit.value, done.get(unit.context, ""), unit.line,
                      [role(unit.context, blocks)])
        if budgets and unit.context in budgets:
            entry.budget, why = budgets[unit.context]
            entry.notes.append(f"length budget: {entry.budget} characters ({why})")
        entry.notes += keep_notes(unit.value)
        if entry.target and unit.group in departs:  # strings are paired by place, and places differ here
            entry.fuzzy = True
            entry.notes.append(f"the translation of '{unit.group}' departs from the source ({departs[unit.group]}): "
                               "check that this translation belongs to this string")
        if entry.target and unit.group in changed:
            if before is None:
                entry.fuzzy = True
                entry.notes.append(f"the source of '{unit.group}' changed since this was translated; the "
                                   "earlier source is not kept (no earlier export from it): compare with the source")
            elif before.get(unit.context) != unit.value:  # else another string of its section changed
                entry.fuzzy = True
                entry.previous = before.get(unit.context)
                if entry.previous is None:
                    entry.notes.append("not in the earlier source kept (new there, or its earlier text was not "
                                       "known): compare with the source")
        out.append(entry)
    return Export(source.parent.name, source.stem, language, f"{source.parent.name}/{source.name}", digest,
                  translated_from, out)


Earlier = tuple[str, str | None, dict[str, str], dict[str, str]]


def departures(path: Path, root: Node) -> dict[str, str]:
    """Sections (and "front") where a translation departs from its source's structure (a block
    added, items merged...), with the first finding: the alignment's (content/align.py)."""
    from .content.parse import parse_handout
    from .pipeline import translation_state

    try:
        state = translation_state(parse_handout(str(path)))
    except InputError:
        return {}
    return departing(state.errors + state.warnings, root)


def departing(found: list[Diagnostic], root: Node) -> dict[str, str]:
    """The sections of a translation (``root``) that the comparison's findings are in, with the
    first finding's message: there, strings paired by context may not translate each other."""
    starts = sorted((u.line, u.group) for u in units(root))
    out: dict[str, str] = {}
    for diagnostic in found:
        if diagnostic.message.startswith(NO_HEADING):
            continue
        before = [group for line, group in starts if line <= diagnostic.location.line]
        out.setdefault(before[-1] if before else "front", diagnostic.message.split(";")[0])
    return out


def earlier_sources(*readers: Callable[[], Earlier | None]) -> Callable[[str], dict[str, str] | None]:
    """``earlier`` for :func:`export_entries`, from readers of earlier exports. Each gives the
    digest of the source its strings were exported from, the digest of the source its
    translations were made from, its source strings by context, and the source its translations
    were made from by context (the ``#|`` text of a fuzzy string, else the string itself; a fuzzy
    string whose earlier text was not known is left out)."""
    def find(digest: str) -> dict[str, str] | None:
        for read in readers:
            found = read()
            if found is None:
                continue
            exported_from, translated_from, now, then = found
            if exported_from == digest:
                return now
            if translated_from == digest:  # exported after the source changed, not imported since
                return then
        return None
    return find


def _blocks(root: Node) -> dict[tuple[str, str], dict]:
    """(section id, block label as in contexts) -> the block's content, for roles."""
    out = {}
    for key, value in root.value:
        if key.value != "sections" or not value.tag.endswith(":seq"):
            continue
        for section in value.value:
            fields = {k.value: v for k, v in section.value} if section.tag.endswith(":map") else {}
            counts: dict[str, int] = {}
            for index, block in enumerate(fields["blocks"].value if "blocks" in fields else (), 1):
                data = construct(block)
                if isinstance(data, dict) and len(data) == 1:
                    out[(str(fields["id"].value), element_label(block, index, counts))] = data
    return out


CHECKLIST_ROLES = {"urgent": "urgent, call the same day", "emergency": "emergency, call the emergency number now"}
CALLOUT_ROLES = {"info": "a box with information", "caution": "a box of caution",
                 "emergency": "a box about an emergency"}


def role(context: str, blocks: dict[tuple[str, str], dict]) -> str:
    """What a string is, for the translator: where it prints and what it does."""
    parts = context.split(" / ")
    top = parts[0]
    if top == "title":
        return "handout title: printed large on the first page, and in the running header"
    if top == "summary":
        return "lead paragraph under the title"
    if top == "sources":
        return "source citation, printed small at the end: keep publication names and web addresses"
    if top != "sections" or len(parts) < 3:
        return _described(context)
    if parts[2] == "heading":
        return "section heading"
    if len(parts) < 5:
        return _described(context)
    data = blocks.get((parts[1], parts[3]), {})
    kind, rest = parts[4], parts[5:]
    inner = data.get(kind) if isinstance(data, dict) else None
    inner = inner if isinstance(inner, dict) else {}
    if kind == "paragraph":
        return "paragraph"
    if kind == "bullets":
        return "bullet point, one of a list"
    if kind == "steps":
        return f"numbered step {rest[-1]}"
    if kind == "checklist":
        level = CHECKLIST_ROLES.get(str(inner.get("level")), str(inner.get("level")))
        if rest[:1] == ["items"]:
            return (f"warning sign: {level}; one tick box each: one sign per string, never two merged "
                    "into one or one split in two")
        return f"heading of a list of warning signs ({level})"
    if kind == "callout":
        box = CALLOUT_ROLES.get(str(inner.get("level")), "a box")
        return f"{'heading' if rest[:1] == ['title'] else 'text'} of {box}"
    if kind == "table":
        if rest[:1] == ["columns"]:
            return "table column heading"
        columns = inner.get("columns") or []
        column = int(rest[-1]) if rest[-1].isdigit() else 0
        heading = f", column '{columns[column - 1]}'" if 0 < column <= len(columns) else ""
        return f"table cell, row {rest[1]}{heading}"
    if kind == "diagram":
        if rest[:1] == ["alt"]:
            return "text alternative of a figure, read aloud by screen readers (not printed): describe it"
        if rest[:1] == ["title"]:
            return "caption of a figure"
        if rest[:1] == ["nodes"]:
            return "text in a box of a flow diagram (it wraps inside the box: keep it short)"
        if rest[:1] == ["regions"]:
            return f"label beside the {rest[1]} in an outline of the body"
        if rest[:1] == ["labels"]:
            return f"label under the box {rest[1]} of a scale"
    if kind == "image":
        return ("text alternative of a picture, read aloud by screen readers (not printed)" if rest[:1] == ["alt"]
                else "caption of a picture")
    if kind == "qr":
        return "button-like label beside a QR code: what scanning it leads to"
    return _described(context)


def _described(context: str) -> str:
    """A string the roles above do not name (a new kind of block): the declaration's words."""
    container, described = s.HANDOUT, "text"
    for part in context.split(" / "):
        while isinstance(container, s.ListOf):
            container = container.item
        fields = container.fields if isinstance(container, s.Record) else \
            container.kinds if isinstance(container, s.OneOf) else ()
        found = next((f for f in fields if f.key == part.split(" ")[0]), None)
        if found is not None:
            described, container = found.description, found.type
    return described


def keep_notes(text: str) -> list[str]:
    """What a translation must keep: placeholders, and bold (XLIFF shows both as tags)."""
    notes = []
    names = sorted(set(PLACEHOLDER.findall(text)))
    if names:
        notes.append("keep " + ", ".join(f"{{{n}}}" for n in names) + " (a tag in XLIFF): the clinic's "
                     "details replace it")
    if _BOLD in text:
        notes.append("keep the words that stand out in bold marked: between ** (a tag pair in XLIFF)")
    return notes


def title_budget(source: Path, layouts, clinic: str, language: str) -> dict[str, tuple[int, str]]:
    """The title's length budget: the characters the tightest running header has room for
    before it cuts the title short, measured in the layout's font with the clinic's name in the
    field across (a trifold's cover wraps the title instead: said as characters a line)."""
    from .content.parse import parse_handout
    from .render.styles import make_styles

    # Characters are measured in the translation's own letters where it has a title, else the source's.
    own = source.parent / f"{language}.yaml"
    try:
        title = parse_handout(str(own)).title.text.plain
    except (InputError, OSError):
        title = parse_handout(str(source)).title.text.plain
    header: list[tuple[int, str]] = []
    cover: list[tuple[int, str]] = []
    for layout in layouts:
        styles = make_styles(layout, language)
        setter = styles.setter

        def per_char(style) -> float:  # the title's own mix of letters, in this face and size
            return setter.line_width(title, style.fontName, style.fontSize) / max(len(title), 1)

        if layout.fold == "trifold":
            cover.append((int(layout.panels["cover"][1].width / per_char(styles.title)), layout.name))
        for slots in (layout.header, layout.footer):
            for side, across in ((slots.left, slots.right), (slots.right, slots.left)):
                if "title" not in side:
                    continue
                row, style, room = side.index("title"), styles.running, layout.body.width
                if row < len(across) and across[row] == "clinic":
                    room -= setter.line_width(clinic, style.fontName, style.fontSize) + style.fontSize * 1.5 \
                        if clinic else 0
                elif row < len(across):
                    room -= layout.body.width / 3  # a date or a page number across: about a third
                header.append((int(room / per_char(style)), layout.name))
    if not header:
        return {}
    chars, name = min(header)
    why = f"the running header of the {name} layout cuts a longer title short"
    if cover:
        per_line, fold = min(cover)
        why += f"; the {fold} cover sets it in lines of about {per_line} characters"
    return {"title": (chars, why)}


# --- the import --------------------------------------------------------------------------------

@dataclass
class Delivered:
    """A string as a translation file sends it back."""
    source: str
    target: str
    line: int
    fuzzy: bool
    previous: str | None = None


@dataclass
class Received:
    """A translation file read: its header and its strings by context."""
    path: Path
    handout: str
    language: str
    source_language: str
    strings: dict[str, Delivered] = field(default_factory=dict)
    kind: str = "PO"
    # Where the file says each of the three, for messages about them.
    names: tuple[str, str, str] = ("X-Handout", "Language", "X-Source-Language")
    option: str = "--export-po"


def write_translation(received: Received, handouts_dir: Path) -> Path:
    """Check a translation file's header and strings, then write ``handouts/<handout>/<language>.yaml``
    from the source's structure with its strings. Every problem is listed at its line; nothing
    is written unless there are none. A fuzzy string is never imported as finished."""
    path, kind = received.path, received.kind
    where = Location(str(path), 1, 1)
    handout, language, source_language = received.handout, received.language.replace("_", "-"), \
        received.source_language  # PO headers write fr_FR; handouts use BCP 47's fr-FR
    handout_key, language_key, source_key = received.names
    if not (handout and language and source_language):
        part = "header" if kind == "PO" else "file"
        raise InputError([Diagnostic(where, f"{kind} {part} needs {handout_key}, {language_key} and "
                                            f"{source_key}; export it with {received.option}")])
    problems = []
    if not SLUG.fullmatch(handout) or not (handouts_dir / handout).is_dir():
        problems.append(Diagnostic(where, f"{handout_key} '{handout}' is not a handout in {handouts_dir}"))
    for key, tag in ((language_key, language), (source_key, source_language)):
        if not LANGUAGE_TAG.fullmatch(tag):
            problems.append(Diagnostic(where, f"{key} '{tag}' is not a language tag such as es, fr-CA or zh-Hans"))
    if language == source_language:
        problems.append(Diagnostic(where, f"{language_key} '{language}' is the source's language; set it to "
                                          "the language of the translation"))
    named = path.name.split(".")
    if len(named) == 3 and named[0] == handout and named[1] != language:
        problems.append(Diagnostic(where, f"{language_key} '{language}' does not match the file name "
                                          f"{path.name}; check which language this file is"))
    if problems:
        raise InputError(problems)
    source = handouts_dir / handout / f"{source_language}.yaml"
    target = handouts_dir / handout / f"{language}.yaml"
    if not source.is_file():
        raise InputError([Diagnostic(where, f"{source_key} '{source_language}': there is no {source}")])
    root, _ = load_nodes(str(source))
    previous = yaml.safe_load(target.read_text(encoding="utf-8")) if target.is_file() else {}
    if previous and "translation" not in previous:
        raise InputError([Diagnostic(where, f"{target} is a source handout, not a translation; it is not "
                                            "overwritten")])
    strings = received.strings
    for unit in text_units(root):
        entry = strings.get(unit.context)
        here = Location(str(path), entry.line if entry else 1, 1)
        if entry is None or not entry.target.strip():
            problems.append(Diagnostic(here, f"untranslated: {unit.context}; translate it before importing"))
        elif entry.fuzzy:
            was = f" (the source was {quote(entry.previous)}, now {quote(unit.value)})" if entry.previous else ""
            problems.append(Diagnostic(here, f"needs review (marked fuzzy): {unit.context}{was}; check the "
                                             "translation against the source, clear the fuzzy mark (in a CAT tool: "
                                             "confirm the segment), then import"))
        elif placeholders(entry.target) != placeholders(unit.value):
            problems.append(Diagnostic(here, f"{unit.context}: the translation has the placeholders "
                                             f"{sorted(placeholders(entry.target)) or 'none'}, the source "
                                             f"{sorted(placeholders(unit.value)) or 'none'}; keep each {{...}} "
                                             "(in a CAT tool: each placeholder tag) as in the source"))
        elif entry.source != unit.value:
            problems.append(Diagnostic(here, f"{unit.context}: the source text changed since this {kind} file was "
                                             f"exported ({source}:{unit.line}); export again and update it"))
    if problems:
        raise InputError(problems)
    content = rebuild(root, lambda node, context, text: strings[context].target if text else construct(node))
    digest, sections = digests(root)
    translation = {"source": source_language, "source_digest": digest, "sections": sections, "status": "draft"}
    old = previous.get("translation", {})
    if old.get("status") == "reviewed" and all(previous.get(k) == v for k, v in content.items()):
        translation.update({k: old[k] for k in ("status", "reviewer", "reviewed_on") if k in old})
    top = {key.value: value for key, value in root.value}
    data = {"handout": handout, "language": language, "translation": translation,
            **{key: previous.get(key, construct(top[key])) for key in ("reviewed", "review_by")},
            **content}
    write_atomic(target, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8"))
    return target
