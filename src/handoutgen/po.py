"""gettext PO files for translation tools: one entry per string of a handout, with its context
(section and block, as in content.translation) and the source text as msgid. Importing a PO
regenerates the translation's YAML from the source's structure, so ids and structure always
match the source and only the strings come from the translator."""

from __future__ import annotations

from pathlib import Path

import polib
import yaml

from .content.translation import construct, digests, rebuild, text_units
from .diagnostics import Diagnostic, InputError, Location
from .yamlsource import load_nodes


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


def import_po(po_path: Path, handouts_dir: Path) -> Path:
    """Write ``handouts/<handout>/<language>.yaml`` from a PO file; InputError if a string is
    untranslated or its source text changed since the export."""
    po = polib.pofile(str(po_path))
    handout, language, source_language = (po.metadata.get(k, "") for k in ("X-Handout", "Language", "X-Source-Language"))
    if not (handout and language and source_language):
        raise InputError([Diagnostic(Location(str(po_path), 1, 1),
                                     "PO header needs X-Handout, Language and X-Source-Language; export it with --export-po")])
    source = handouts_dir / handout / f"{source_language}.yaml"
    root, _ = load_nodes(str(source))
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    problems = []
    for unit in text_units(root):
        entry = entries.get(unit.context)
        where = Location(str(po_path), entry.linenum if entry else 1, 1)
        if entry is None or not entry.msgstr.strip():
            problems.append(Diagnostic(where, f"untranslated: {unit.context}; translate it before importing"))
        elif entry.msgid != unit.value:
            problems.append(Diagnostic(where, f"{unit.context}: the source text changed since this PO was "
                                              f"exported ({source}:{unit.line}); export again and update it"))
    if problems:
        raise InputError(problems)
    target = handouts_dir / handout / f"{language}.yaml"
    previous = yaml.safe_load(target.read_text(encoding="utf-8")) if target.exists() else {}
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
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return target
