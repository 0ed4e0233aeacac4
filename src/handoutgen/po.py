"""gettext PO files for translation tools (Poedit, Weblate, Lokalize, a CAT tool): one entry per
string of a handout, keyed by its context (section and block, as in content.translation), with
the source text as msgid. Each entry's extracted comments (``#.``) say what the string is and
its length budget; a string whose source changed since it was translated is fuzzy, with its
earlier source as ``#|`` msgid (exchange.py says where that comes from). Importing a PO
regenerates the translation's YAML from the source's structure, so ids and structure always
match the source and only the strings come from the translator."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from .diagnostics import Diagnostic, InputError, Location
from .exchange import Delivered, Earlier, Export, Received, export_entries, write_translation
from .resolve import Refused, read_limited

# Header fields: the digest of the source the msgids are, and of the one the msgstrs translate.
SOURCE_DIGEST, TRANSLATED_FROM = "X-Source-Digest", "X-Translated-From"


def po_file(export: Export) -> polib.POFile:
    po = polib.POFile(wrapwidth=100)
    po.metadata = {"Project-Id-Version": f"handouts {export.handout}", "Language": export.language,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Handout": export.handout,
                   "X-Source-Language": export.source_language, SOURCE_DIGEST: export.digest}
    if export.translated_from:
        po.metadata[TRANSLATED_FROM] = export.translated_from
    for e in export.entries:
        po.append(polib.POEntry(msgctxt=e.context, msgid=e.source, msgstr=e.target,
                                comment="\n".join(e.notes), occurrences=[(export.source_file, str(e.line))],
                                flags=["fuzzy"] if e.fuzzy else [],
                                previous_msgctxt=e.context if e.previous is not None else None,
                                previous_msgid=e.previous))
    return po


def export_po(source: Path, language: str, earlier=None, budgets=None) -> polib.POFile:
    """The PO file for translating ``source`` into ``language`` (exchange.export_entries)."""
    return po_file(export_entries(source, language, earlier, budgets))


def earlier_po(path: Path):
    """A reader of an earlier export for exchange.earlier_sources; None if there is none."""
    def read() -> Earlier | None:
        if not path.is_file():
            return None
        try:
            po, entries = _read_po(path)
        except InputError:
            return None  # a damaged earlier file only means there is no earlier text to offer
        now = {k: e.msgid for k, e in entries.items()}
        then = {k: (e.previous_msgid if e.fuzzy else e.msgid) for k, e in entries.items()
                if not e.fuzzy or e.previous_msgid}
        return po.metadata.get(SOURCE_DIGEST, ""), po.metadata.get(TRANSLATED_FROM), now, then
    return read


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
    handout, language, source_language = (po.metadata.get(k, "").strip()
                                          for k in ("X-Handout", "Language", "X-Source-Language"))
    strings = {k: Delivered(e.msgid, e.msgstr, e.linenum, e.fuzzy, e.previous_msgid) for k, e in entries.items()}
    return write_translation(Received(po_path, handout, language, source_language, strings), handouts_dir)


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
