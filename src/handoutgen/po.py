"""gettext PO files for translation tools: one entry per string of a handout, with its context
(section and block, as in content.translation) and the source text as msgid. Importing a PO
regenerates the translation's YAML from the source's structure, so ids and structure always
match the source and only the strings come from the translator."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import yaml

from .atomic import write_atomic
from .content.parse import LANGUAGE_TAG
from .content.translation import construct, digests, rebuild, text_units
from .diagnostics import Diagnostic, InputError, Location
from .resolve import Refused, read_limited
from .yamlsource import SLUG, load_nodes


def export_po(source: Path, language: str) -> polib.POFile:
    """The PO file for translating ``source`` into ``language``; strings already translated in
    ``<language>.yaml`` beside it are filled in."""
    root, _ = load_nodes(str(source))
    existing = source.parent / f"{language}.yaml"
    done = {u.context: u.value for u in text_units(load_nodes(str(existing))[0])} if existing.exists() else {}
    po = polib.POFile(wrapwidth=100)
    po.metadata = {"Project-Id-Version": f"handouts {source.parent.name}", "Language": language,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Handout": source.parent.name,
                   "X-Source-Language": source.stem}
    for unit in text_units(root):
        po.append(polib.POEntry(msgctxt=unit.context, msgid=unit.value, msgstr=done.get(unit.context, ""),
                                occurrences=[(f"{source.parent.name}/{source.name}", str(unit.line))]))
    return po


MAX_PO_BYTES = 4 << 20
# Lines a PO file may hold: comments, keywords with a quoted string, continuation strings.
_PO_LINE = re.compile(r'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")?\s*')


def import_po(po_path: Path, handouts_dir: Path) -> Path:
    """Write ``handouts/<handout>/<language>.yaml`` from a translated PO file. Everything is
    checked before anything is written: the file (size, UTF-8, syntax, line by line), its
    header (a handout that exists, a BCP 47 language other than the source's and matching the
    file's name), and its strings (every one translated, none fuzzy, none whose source text
    changed since the export). InputError lists every problem at its line."""
    po, entries = _read_po(po_path)
    where = Location(str(po_path), 1, 1)
    handout, language, source_language = (po.metadata.get(k, "").strip() for k in ("X-Handout", "Language", "X-Source-Language"))
    language = language.replace("_", "-")  # PO headers write fr_FR; handouts use BCP 47's fr-FR
    if not (handout and language and source_language):
        raise InputError([Diagnostic(where, "PO header needs X-Handout, Language and X-Source-Language; "
                                            "export it with --export-po")])
    problems = []
    if not SLUG.fullmatch(handout) or not (handouts_dir / handout).is_dir():
        problems.append(Diagnostic(where, f"X-Handout '{handout}' is not a handout in {handouts_dir}"))
    for key, tag in (("Language", language), ("X-Source-Language", source_language)):
        if not LANGUAGE_TAG.fullmatch(tag):
            problems.append(Diagnostic(where, f"{key} '{tag}' is not a language tag such as es, fr-CA or zh-Hans"))
    if language == source_language:
        problems.append(Diagnostic(where, f"Language '{language}' is the source's language; set it to the "
                                          "language of the translation"))
    named = po_path.name.split(".")
    if len(named) == 3 and named[0] == handout and named[1] != language:
        problems.append(Diagnostic(where, f"Language '{language}' does not match the file name "
                                          f"{po_path.name}; check which language this file is"))
    if problems:
        raise InputError(problems)
    source = handouts_dir / handout / f"{source_language}.yaml"
    target = handouts_dir / handout / f"{language}.yaml"
    if not source.is_file():
        raise InputError([Diagnostic(where, f"X-Source-Language '{source_language}': there is no {source}")])
    root, _ = load_nodes(str(source))
    previous = yaml.safe_load(target.read_text(encoding="utf-8")) if target.is_file() else {}
    if previous and "translation" not in previous:
        raise InputError([Diagnostic(where, f"{target} is a source handout, not a translation; it is not "
                                            "overwritten")])
    for unit in text_units(root):
        entry = entries.get(unit.context)
        here = Location(str(po_path), entry.linenum if entry else 1, 1)
        if entry is None or not entry.msgstr.strip():
            problems.append(Diagnostic(here, f"untranslated: {unit.context}; translate it before importing"))
        elif entry.fuzzy:
            problems.append(Diagnostic(here, f"needs review (marked fuzzy): {unit.context}; check the "
                                             "translation, clear the fuzzy flag, then import"))
        elif entry.msgid != unit.value:
            problems.append(Diagnostic(here, f"{unit.context}: the source text changed since this PO was "
                                             f"exported ({source}:{unit.line}); export again and update it"))
    if problems:
        raise InputError(problems)
    content = rebuild(root, lambda node, context, text: entries[context].msgstr if text else construct(node))
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


def _read_po(path: Path) -> tuple[polib.POFile, dict[str, polib.POEntry]]:
    """The PO file and its entries by context; InputError at the line of any problem."""
    try:
        raw = read_limited(path, MAX_PO_BYTES).data
    except Refused as exc:
        raise InputError([Diagnostic(Location(str(path), 1, 1), f"PO file {exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Diagnostic(Location(str(path), line, 1), "PO file is not UTF-8 (or it is not a PO "
                                     "file); save it as UTF-8, as --export-po wrote it")]) from None
    bad = [Diagnostic(Location(str(path), n, 1), f"not PO syntax: {line.strip()[:60]!r}; a keyword "
                                                  "(msgid, msgstr, msgctxt) needs its text in double quotes")
           for n, line in enumerate(text.splitlines(), 1) if not _PO_LINE.fullmatch(line)]
    if bad:
        raise InputError(bad)
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError([Diagnostic(Location(str(path), 1, 1), f"PO file cannot be read: {exc}")]) from None
    entries = {}
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgctxt in entries:
            raise InputError([Diagnostic(Location(str(path), entry.linenum, 1),
                                         f"{entry.msgctxt} appears twice; keep one")])
        entries[entry.msgctxt] = entry
    return po, entries
