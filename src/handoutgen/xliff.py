"""XLIFF 1.2 files for translation vendors (Trados Studio, memoQ, Phrase), written and read with
translate-toolkit: the same strings, roles, budgets and guarantees as the PO files (exchange.py).

One ``<trans-unit>`` per string, its id and ``resname`` the string's context; a ``<note>`` with
its role and what to keep; ``maxwidth`` with ``size-unit="char"`` where a layout has a length
budget; the source file and line as a location context. A translated string is
``state="translated"``; one whose source changed since it was translated is
``state="needs-review-translation"`` with the earlier source and its translation in an
``<alt-trans>``, as CAT tools show a fuzzy match. Clinic placeholders are ``<x/>`` codes and
bold is a ``<g ctype="bold">`` pair, so CAT tools protect them and check that each is kept.
Why 1.2: README, "Translators' workflow".
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage import xliff as toolkit
from translate.storage.placeables import StringElem, xliff as inline

from .clinic import CLINIC_FIELDS
from .content.inline import RichText

from .diagnostics import Diagnostic, InputError, Location
from .exchange import Delivered, Earlier, Export, Received, export_entries, write_translation
from .resolve import Refused, read_limited

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
PREVIOUS = "previous-source"  # the alt-trans origin of a fuzzy string's earlier source
TRANSLATED_FROM = "translations made from source digest "
# States that mean a string is not finished, in the XLIFF 1.2 state list; any other state with a
# target (translated, signed-off, final, or none) is finished.
UNFINISHED = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
              "needs-review-adaptation", "needs-review-l10n"}
MAX_XLIFF_BYTES = 8 << 20


class _Unit(toolkit.xliffunit):
    namespace = NAMESPACE  # translate-toolkit makes new units in the 1.1 namespace


class _File(toolkit.xlifffile):
    UnitClass = _Unit
    namespace = NAMESPACE


def rich(text: str) -> list[StringElem]:
    """Handout text as XLIFF inline content: placeholders as ``<x/>`` codes numbered in order,
    each run of bold as one ``<g ctype="bold">``."""
    parts: list = []
    numbers: dict[str, int] = {}
    for run in RichText.parse(text, CLINIC_FIELDS).runs:
        if run.field:
            numbers[run.field] = numbers.get(run.field, len(numbers) + 1)
            piece = inline.X(id=f"p{numbers[run.field]}", xml_attrib={
                "ctype": "x-placeholder", "equiv-text": f"{{{run.field}}}"})
        else:
            piece = StringElem(run.text)
        if run.bold and parts and isinstance(parts[-1], inline.G):
            parts[-1].sub.append(piece)
        elif run.bold:
            parts.append(inline.G(id=f"b{sum(isinstance(p, inline.G) for p in parts) + 1}", sub=[piece],
                                  xml_attrib={"ctype": "bold"}))
        else:
            parts.append(piece)
    return [StringElem(parts)]


def markup(elements, codes: dict[str, str]) -> str:
    """XLIFF inline content back as handout text: ``<x/>`` codes as the placeholders they stand
    for (``codes``: id -> placeholder, from the unit's source), ``<g ctype="bold">`` as ``**``,
    literal braces doubled."""
    out = []
    for element in elements:
        if isinstance(element, inline.X):
            out.append(codes.get(element.id) or element.xml_attrib.get("equiv-text", ""))
        elif isinstance(element, inline.G):  # bold by its ctype, or by the source's pair of that id
            inner = markup(element.sub, codes)
            bold = (element.xml_attrib.get("ctype") or codes.get(element.id)) == "bold"
            out.append(f"**{inner}**" if bold else inner)
        elif isinstance(element, StringElem) and len(element.sub) == 1 and isinstance(element.sub[0], str):
            out.append(element.sub[0].replace("{", "{{").replace("}", "}}"))
        elif isinstance(element, StringElem):
            out.append(markup(element.sub, codes))
        else:
            out.append(str(element).replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def _codes(elements) -> dict[str, str]:
    """The inline codes of a unit's source by id: an ``<x/>``'s placeholder, a ``<g>``'s ctype.
    A tool may write a target's codes with their id only (a segmented target, in ``<mrk>``)."""
    found = {}
    for element in elements:
        if isinstance(element, inline.X):
            found[element.id] = element.xml_attrib.get("equiv-text", "")
        elif isinstance(element, inline.G):
            found[element.id] = element.xml_attrib.get("ctype", "")
        if isinstance(element, StringElem):
            found.update(_codes(element.sub))
    return found


def xliff_file(export: Export) -> bytes:
    """The XLIFF 1.2 document for an export, as UTF-8 bytes."""
    store = _File.parsestring(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NAMESPACE}">'
        f'<file original="{export.source_file}" source-language="{export.source_language}" '
        f'target-language="{export.language}" datatype="plaintext" product-name="handouts" '
        f'build-num="{export.digest}"><header/><body/></file></xliff>'.encode())
    file = store.document.getroot()[0]
    if export.translated_from:
        note = etree.SubElement(file[0], f"{{{NAMESPACE}}}note", {"from": "handouts"})
        note.text = TRANSLATED_FROM + export.translated_from
    for e in export.entries:
        unit = store.addsourceunit("", filename=export.source_file)
        unit.rich_source = rich(e.source)
        unit.setid(e.context)
        unit.xmlelement.set("resname", e.context)
        if e.budget:
            unit.xmlelement.set("maxwidth", str(e.budget))
            unit.xmlelement.set("size-unit", "char")
        if e.target:
            unit.rich_target = rich(e.target)
            unit.getlanguageNode(lang=None, index=1).set(
                "state", "needs-review-translation" if e.fuzzy else "translated")
            unit.xmlelement.attrib.pop("approved", None)  # approval is the reviewer's, in the YAML
        # (a context-group name is unique in the file, the schema says: the string's context is)
        unit.createcontextgroup(e.context, [("sourcefile", export.source_file), ("linenumber", str(e.line))],
                                "location")
        unit.addnote("\n".join(e.notes), origin="developer")
        if e.fuzzy and e.previous is not None:  # as text: an alt-trans is a reference, not edited
            unit.addalttrans(e.target, origin=PREVIOUS, sourcetxt=e.previous)
    return bytes(store)


def export_xliff(source: Path, language: str, earlier=None, budgets=None) -> bytes:
    return xliff_file(export_entries(source, language, earlier, budgets))


def _read(path: Path):
    """The file read by translate-toolkit, and its one ``<file>`` element; InputError at the
    line of a problem."""
    where = Location(str(path), 1, 1)
    try:
        raw = read_limited(path, MAX_XLIFF_BYTES).data
    except Refused as exc:
        raise InputError([Diagnostic(where, f"XLIFF file {exc}")]) from None
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:  # no entity expansion, no external references
        raise InputError([Diagnostic(where, "XLIFF file has a DOCTYPE or entities, which XLIFF does not use; "
                                            "export it again from the translation tool")])
    try:
        store = _File.parsestring(raw)
    except etree.XMLSyntaxError as exc:
        raise InputError([Diagnostic(Location(str(path), exc.lineno or 1, exc.offset or 1),
                                     f"not XML: {exc.msg}; the file was damaged on the way: ask for it again")]) from None
    except (ValueError, AssertionError) as exc:
        raise InputError([Diagnostic(where, f"not an XLIFF 1.2 file ({exc}); export it with --export-xliff "
                                            "and have the tool save XLIFF 1.2")]) from None
    if store.document.getroot().nsmap.get(None) != NAMESPACE:
        raise InputError([Diagnostic(where, "not an XLIFF 1.2 file (its namespace is not XLIFF 1.2's); have the "
                                            "translation tool save XLIFF 1.2, as --export-xliff wrote it")])
    files = list(store.document.getroot().iterchildren(f"{{{store.namespace}}}file"))
    if len(files) != 1:
        raise InputError([Diagnostic(where, f"the XLIFF file holds {len(files)} <file> elements; one handout's "
                                            "file, as --export-xliff wrote it, holds one")])
    return store, files[0]


def earlier_xliff(path: Path):
    """A reader of an earlier export for exchange.earlier_sources; None if there is none."""
    def read() -> Earlier | None:
        if not path.is_file():
            return None
        try:
            store, file = _read(path)
        except InputError:
            return None
        now, then = {}, {}
        for unit in store.units:
            context = unit.xmlelement.get("resname") or ""
            now[context] = markup(unit.rich_source, _codes(unit.rich_source))
            previous = _previous(unit)
            if previous is not None:
                then[context] = previous
            elif _state(unit) != "needs-review-translation":
                then[context] = now[context]
        notes = [n.text or "" for n in file.iter(f"{{{store.namespace}}}note") if n.getparent().tag.endswith("header")]
        translated_from = next((n[len(TRANSLATED_FROM):] for n in notes if n.startswith(TRANSLATED_FROM)), None)
        return file.get("build-num", ""), translated_from, now, then
    return read


def _previous(unit) -> str | None:
    """The earlier source an export gave a fuzzy string (its alt-trans), if any."""
    for alt in unit.xmlelement.iterchildren(f"{{{NAMESPACE}}}alt-trans"):
        if alt.get("origin") == PREVIOUS and alt.find(f"{{{NAMESPACE}}}source") is not None:
            return "".join(alt.find(f"{{{NAMESPACE}}}source").itertext())
    return None


def _state(unit) -> str | None:
    target = unit.getlanguageNode(lang=None, index=1)
    return None if target is None else target.get("state")


def import_xliff(path: Path, handouts_dir: Path) -> Path:
    """Write ``handouts/<handout>/<language>.yaml`` from a translated XLIFF file, with the checks
    of a PO import (exchange.write_translation): a string in a state that is not finished
    (``needs-review-translation``, ``new``...) is reported, not imported."""
    store, file = _read(path)
    original = file.get("original", "")
    handout = original.split("/")[0] if original.count("/") == 1 else original
    strings = {}
    for unit in store.units:
        context = unit.xmlelement.get("resname") or unit.getid().rsplit("\x04", 1)[-1]
        line = unit.xmlelement.sourceline or 1
        if context in strings:
            raise InputError([Diagnostic(Location(str(path), line, 1), f"{context} appears twice; keep one")])
        codes = _codes(unit.rich_source)
        target = unit.getlanguageNode(lang=None, index=1)
        strings[context] = Delivered(
            markup(unit.rich_source, codes), markup(unit.rich_target, codes) if target is not None else "",
            line, _state(unit) in UNFINISHED, _previous(unit))
    return write_translation(Received(path, handout, file.get("target-language", ""),
                                      file.get("source-language", ""), strings, "XLIFF",
                                      ("<file original>", "target-language", "source-language"), "--export-xliff"),
                             handouts_dir)
