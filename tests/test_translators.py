"""Translators' files (issue 17): PO and XLIFF as translation tools read them, fuzzy strings with
their earlier source, and the termbase; on CDC's own Spanish version of its page on the signs of
an infection (tests/corpus/cdc-infection-signs) and the shipped handout."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree
from translate.storage import factory

from conftest import ROOT, content_lines
from handoutgen.cli import main
from handoutgen.content.translation import text_units
from handoutgen.yamlsource import load_nodes

CDC = ROOT / "tests" / "corpus" / "cdc-infection-signs"
MYELOMA = ROOT / "handouts" / "multiple-myeloma"
XSD = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas/xliff-core-1.2-strict.xsd")
SIGN = "sections / signs / blocks / checklist call-right-away / checklist / items / 1"


@pytest.fixture
def project(tmp_path):
    """A project folder of its own (exports go to its po/ and xliff/), with the CDC handout and
    the shipped one."""
    for name in ("layouts",):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "clinic.yaml", tmp_path)
    for folder in (CDC, MYELOMA):
        shutil.copytree(folder, tmp_path / "handouts" / folder.name)
    return tmp_path


def cli(project: Path, *args, capsys=None) -> tuple[int, str]:
    code = main([str(a) for a in args], root=project)
    out = capsys.readouterr() if capsys else None
    return code, (out.out + out.err) if out else ""


def strings(path: Path) -> list[tuple[str, str]]:
    return [(u.context, u.value) for u in text_units(load_nodes(str(path))[0])]


# --- PO ----------------------------------------------------------------------------------------

def test_po_says_each_strings_role_and_the_titles_budget(project):
    assert cli(project, "--export-po", "es", "multiple-myeloma")[0] == 0
    po = {e.msgctxt: e for e in polib.pofile(str(project / "po" / "multiple-myeloma.es.po"))}
    urgent = po["sections / when-to-get-help / blocks / checklist call-today / checklist / items / 1"]
    assert urgent.comment.startswith("warning sign: urgent, call the same day")
    emergency = po["sections / when-to-get-help / blocks / checklist emergency / checklist / items / 1"]
    assert emergency.comment.startswith("warning sign: emergency, call the emergency number now")
    assert po["sections / about / heading"].comment == "section heading"
    title = po["sections / when-to-get-help / blocks / checklist emergency / checklist / title"]
    assert "keep {emergency_number} (a tag in XLIFF): the clinic's details replace it" in title.comment
    # The phone's running header cuts the 80-character title short (measured in its font).
    comment = " ".join(po["title"].comment.split())
    assert "length budget: 31 characters (the running header of the phone layout cuts a longer title short" \
        in comment, comment
    assert all(not e.fuzzy for e in po.values())


def test_the_title_budget_is_where_the_printed_header_cuts_it(project, capsys):
    """The budget, against the phone PDF's running header as a reader sees it: the
    Spanish title is cut after about as many characters as the budget says."""
    import pypdf
    from handoutgen.exchange import title_budget
    from handoutgen.layout.parse import parse_layout

    layouts = [parse_layout(str(p)) for p in sorted((project / "layouts").glob("*.yaml"))]
    budget, why = title_budget(project / "handouts" / "multiple-myeloma" / "en.yaml", layouts, "", "es")["title"]
    assert "phone" in why
    code, out = cli(project, "multiple-myeloma", "--lang", "es", "--layout", "phone", "--out", project / "out",
                    capsys=capsys)
    assert code == 0, out
    page = pypdf.PdfReader(project / "out" / "multiple-myeloma.es.phone.pdf").pages[1].extract_text()
    header = next(line for line in page.splitlines() if line.startswith("Mieloma múltiple:"))
    assert header.endswith("\u2026")
    assert budget - 3 <= len(header) - 1 <= budget  # the characters shown, beside the ellipsis


def test_po_round_trip_gives_the_same_translation(project, capsys):
    """Exported from the published CDC Spanish page and imported back: the same strings."""
    folder = project / "handouts" / "multiple-myeloma"
    before = strings(folder / "es.yaml")
    assert cli(project, "--export-po", "es", "multiple-myeloma")[0] == 0
    po = project / "po" / "multiple-myeloma.es.po"
    assert all(e.translated() for e in polib.pofile(str(po)))
    (folder / "es.yaml").unlink()
    code, out = cli(project, "--import-po", po, capsys=capsys)
    assert code == 0, out
    assert strings(folder / "es.yaml") == before
    code, out = cli(project, "--check", "--handouts-dir", project / "handouts", "--lang", "es", capsys=capsys)
    assert code == 0, out


# CDC's Spanish page prints none of the English page's three headings: what a translator
# exporting it would have to add before an import.
HEADINGS = {"sections / overview / heading": "Resumen",
            "sections / signs / heading": "Signos de una infección",
            "sections / more-steps / heading": "Otras medidas que puede tomar"}


def translate(unit, text: str) -> None:
    """What a CAT tool writes for a segment the translator has translated and confirmed."""
    unit.target = text
    unit.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target").set("state", "translated")


def edit_source(project: Path, old: str, new: str) -> None:
    path = project / "handouts" / "cdc-infection-signs" / "en.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_source_string_is_fuzzy_with_its_earlier_text_and_not_imported(project, capsys):
    assert cli(project, "--export-po", "es", "cdc-infection-signs")[0] == 0
    edit_source(project, '"Fever (this is sometimes the only sign of an infection)."',
                '"Fever of 100.4 °F (38 °C) or higher (sometimes the only sign of an infection)."')
    code, out = cli(project, "--export-po", "es", "cdc-infection-signs", capsys=capsys)
    assert code == 0 and "to check" in out
    po_path = project / "po" / "cdc-infection-signs.es.po"
    entries = {e.msgctxt: e for e in polib.pofile(str(po_path))}
    sign = entries[SIGN]
    assert sign.fuzzy and sign.previous_msgid == "Fever (this is sometimes the only sign of an infection)."
    assert sign.msgstr == "Fiebre (algunas veces es el único signo de infección)."
    assert "#| msgid \"Fever (this is sometimes" in po_path.read_text(encoding="utf-8")
    # Only the changed sign, not its 14 neighbours in the changed section, needs checking.
    assert [k for k, e in entries.items() if e.fuzzy and "/ signs /" in k] == [SIGN]
    code, out = cli(project, "--import-po", po_path, capsys=capsys)
    assert code == 1
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == SIGN)
    assert f"cdc-infection-signs.es.po:{line}:1: needs review (marked fuzzy): {SIGN} (the source was 'Fever (this" in out
    # The translator updates it and clears the mark: imported.
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt == SIGN:
            entry.msgstr = "Fiebre de 100.4 °F (38 °C) o más (algunas veces es el único signo de infección)."
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
        if not entry.msgstr:  # the published page prints no sub-headings; an import needs every string
            entry.msgstr = HEADINGS[entry.msgctxt]
    po.save(str(po_path))
    code, out = cli(project, "--import-po", po_path, capsys=capsys)
    assert code == 0, out


def test_without_the_earlier_export_a_changed_section_is_fuzzy_and_says_why(project, capsys):
    edit_source(project, '"Stiff neck."', '"Stiff or painful neck."')
    assert cli(project, "--export-po", "es", "cdc-infection-signs")[0] == 0
    entries = {e.msgctxt: e for e in polib.pofile(str(project / "po" / "cdc-infection-signs.es.po"))}
    fuzzy = [k for k, e in entries.items() if e.fuzzy]
    assert fuzzy and all(k.startswith("sections / signs") or k.startswith("sections / overview") for k in fuzzy)
    assert "the earlier source is not kept" in entries[SIGN].comment


def test_a_translation_that_departs_from_the_source_is_fuzzy_where_it_does(project):
    """CDC's Spanish adds an opening paragraph: strings are paired by place, so the overview's
    pairs are offered as fuzzy with the reason, never as finished translations."""
    assert cli(project, "--export-po", "es", "cdc-infection-signs")[0] == 0
    entries = {e.msgctxt: e for e in polib.pofile(str(project / "po" / "cdc-infection-signs.es.po"))}
    paragraph = entries["sections / overview / blocks / paragraph 1 / paragraph"]
    assert paragraph.fuzzy and "departs from the source (added: a paragraph 'Llame" in paragraph.comment
    assert not entries[SIGN].fuzzy


# --- XLIFF -------------------------------------------------------------------------------------

def schema() -> etree.XMLSchema:
    if not XSD.is_file():
        pytest.skip("the XLIFF 1.2 schema is not installed (make test installs php-symfony-translation)")
    document = etree.parse(str(XSD))
    for node in document.iter("{http://www.w3.org/2001/XMLSchema}import"):  # the W3C's xml.xsd, beside it
        node.set("schemaLocation", str(XSD.with_name("xml.xsd")))
    return etree.XMLSchema(document)


def test_xliff_is_valid_xliff_1_2_that_translate_toolkit_reads(project, capsys):
    code, out = cli(project, "--export-xliff", "es", capsys=capsys)
    assert code == 0, out
    for handout in ("cdc-infection-signs", "multiple-myeloma"):
        path = project / "xliff" / f"{handout}.es.xlf"
        xsd = schema()
        assert xsd.validate(etree.parse(str(path))), xsd.error_log
        store = factory.getobject(str(path))
        units = {u.xmlelement.get("resname"): u for u in store.units}
        assert len(units) == len(list(text_units(load_nodes(str(project / "handouts" / handout / "en.yaml"))[0])))
    sign = units["sections / when-to-get-help / blocks / checklist emergency / checklist / items / 1"]
    assert sign.getnotes().startswith("warning sign: emergency")
    assert units["title"].xmlelement.get("maxwidth") == "31" and units["title"].xmlelement.get("size-unit") == "char"


def test_xliff_round_trip_and_a_fuzzy_string_not_imported(project, capsys):
    folder = project / "handouts" / "cdc-infection-signs"
    assert cli(project, "--export-xliff", "es", "cdc-infection-signs")[0] == 0
    edit_source(project, '"Stiff neck."', '"Stiff or painful neck."')
    assert cli(project, "--export-xliff", "es", "cdc-infection-signs")[0] == 0
    path = project / "xliff" / "cdc-infection-signs.es.xlf"
    assert schema().validate(etree.parse(str(path)))
    store = factory.getobject(str(path))
    units = {u.xmlelement.get("resname"): u for u in store.units}
    neck = units[SIGN.replace("/ 1", "/ 7")]
    target = neck.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
    assert target.get("state") == "needs-review-translation"
    alt = neck.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}alt-trans")
    assert alt.findtext("{urn:oasis:names:tc:xliff:document:1.2}source") == "Stiff neck."
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 1 and f"cdc-infection-signs.es.xlf:{neck.xmlelement.sourceline}:1: needs review" in out
    # What a CAT tool writes when the translator confirms: the state, and the new text.
    for resname, unit in units.items():
        node = unit.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
        if node is not None and node.get("state") == "needs-review-translation":
            node.set("state", "translated")
        if resname in HEADINGS:
            translate(unit, HEADINGS[resname])
        if resname == "sections / overview / blocks / paragraph 1 / paragraph":
            node.text = ("Si está recibiendo quimioterapia, su cuerpo no sería capaz de combatir las infecciones "
                         "como lo hacía antes del tratamiento.")
    neck.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target").text = "Cuello rígido o adolorido."
    path.write_bytes(bytes(store))
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 0, out
    assert dict(strings(folder / "es.yaml"))[SIGN.replace("/ 1", "/ 7")] == "Cuello rígido o adolorido."
    code, out = cli(project, "--check", "--handouts-dir", project / "handouts", "cdc-infection-signs", "--lang", "es",
                    capsys=capsys)
    assert code == 0, out


def test_xliff_import_refuses_other_versions_and_entities(project, capsys, tmp_path):
    bad = tmp_path / "cdc-infection-signs.es.xlf"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><xliff version="1.2" '
                   'xmlns="urn:oasis:names:tc:xliff:document:1.2"/>', encoding="utf-8")
    code, out = cli(project, "--import-xliff", bad, capsys=capsys)
    assert code == 1 and "DOCTYPE" in out and "Traceback" not in out
    bad.write_text('<?xml version="1.0"?><xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                   'srcLang="en"><file id="f"/></xliff>', encoding="utf-8")
    code, out = cli(project, "--import-xliff", bad, capsys=capsys)
    assert code == 1 and "XLIFF 1.2" in out and "Traceback" not in out


# --- the termbase ------------------------------------------------------------------------------

def test_termbase_warns_at_the_word_in_build_and_check_alike(project, capsys):
    """CDC's Spanish page says "doctor" twice and "médico" once: the termbase approves "médico"."""
    path = project / "handouts" / "cdc-infection-signs" / "es.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = {f"es.yaml:{n}:{line.index('doctor') + 1}:" for n, line in enumerate(lines, 1) if "su doctor" in line}
    assert len(expected) == 2
    code, out = cli(project, "--check", "--handouts-dir", project / "handouts", "cdc-infection-signs", "--lang", "es",
                    capsys=capsys)
    check = {line.strip() for line in out.splitlines() if "the termbase approves" in line}
    assert code == 0 and {c.split(" warning")[0].rsplit("/", 1)[-1] for c in check} == expected, check
    assert all("'doctor' for 'doctor': the termbase approves 'médico' (" in c and "es-terms.yaml:" in c for c in check)
    code, out = cli(project, "--handouts-dir", project / "handouts", "cdc-infection-signs", "--lang", "es",
                    "--out", project / "out", capsys=capsys)
    assert code == 0 and {line.strip() for line in out.splitlines() if "the termbase approves" in line} == check


def test_the_shipped_spanish_handout_keeps_its_termbase(tmp_path):
    from handoutgen.checks.termbase import check_terms
    from handoutgen.content.parse import parse_handout
    assert check_terms(parse_handout(str(MYELOMA / "es.yaml"))) == []
    shutil.copytree(MYELOMA, tmp_path / MYELOMA.name)
    path = tmp_path / MYELOMA.name / "es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Preguntas para su equipo de atención"',
                                                             '"Preguntas para su equipo médico"'), encoding="utf-8")
    found = [str(d) for d in check_terms(parse_handout(str(path)))]
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "equipo médico" in text)
    assert len(found) == 1 and f"es.yaml:{line}:" in found[0] and "approves 'equipo de atención'" in found[0]


# --- alignment messages: both lines ------------------------------------------------------------

def test_an_added_block_or_sign_says_where_it_stands_in_the_source(project):
    """CDC's added opening paragraph, and a sign added after sign 7: each warning is at the
    translation's line and names the source's neighbour with its text and line."""
    from handoutgen.content.parse import parse_handout
    from handoutgen.pipeline import translation_state

    path = project / "handouts" / "cdc-infection-signs" / "es.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('            - "Rigidez del cuello."\n',
                                 '            - "Rigidez del cuello."\n            - "Confusión."\n'), encoding="utf-8")
    warnings = [str(w) for w in translation_state(parse_handout(str(path))).warnings]
    lines = path.read_text(encoding="utf-8").splitlines()
    added = next(n for n, line in enumerate(lines, 1) if "Confusión" in line)
    assert any(w.startswith(f"{path}:{added}:") and "added: a warning sign 'Confusión.'" in w
               and "after 7 'Stiff neck.'" in w and "en.yaml:39:" in w for w in warnings), warnings
    assert any("added: a paragraph 'Llame" in w and "before paragraph 1 'During your chemotherapy" in w
               and "en.yaml:18:" in w for w in warnings), warnings


def test_xliff_protects_placeholders_and_bold_as_codes_and_checks_them_on_import(project, capsys):
    """Placeholders are <x/> codes and bold <g> pairs: a CAT tool protects them. The shipped
    Spanish translation goes out and back unchanged; a code the translator deleted is refused."""
    folder = project / "handouts" / "multiple-myeloma"
    before = strings(folder / "es.yaml")
    assert cli(project, "--export-xliff", "es", "multiple-myeloma")[0] == 0
    path = project / "xliff" / "multiple-myeloma.es.xlf"
    text = path.read_text(encoding="utf-8")
    assert '<x id="p1" ctype="x-placeholder" equiv-text="{emergency_number}"/> o vaya a urgencias' in text
    assert '<g id="b1" ctype="bold">Muy pocos glóbulos rojos (anemia).</g>' in text
    assert "**M" not in text and "{emergency_number} o" not in text
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 0, out
    assert strings(folder / "es.yaml") == before
    path.write_text(text.replace('Llame al <x id="p1" ctype="x-placeholder" equiv-text="{emergency_number}"/> o',
                                 "Llame al 911 o"), encoding="utf-8")
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 1 and "checklist emergency / checklist / title: the translation has the placeholders none, " \
                         "the source ['emergency_number']" in out, out


def test_sections_in_another_order_name_the_source_line(project):
    from handoutgen.content.parse import parse_handout
    from handoutgen.pipeline import translation_state

    path = project / "handouts" / "cdc-infection-signs" / "es.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: signs\n"), text.index("  - id: more-steps\n")
    text = text[:text.index("  - id: overview\n")] + text[start:end] + text[text.index("  - id: overview\n"):start] + \
        text[end:]
    path.write_text(text, encoding="utf-8")
    warnings = [str(w) for w in translation_state(parse_handout(str(path))).warnings]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == "  - id: signs")
    assert any(w.startswith(f"{path}:{line}:") and "here 'signs' comes where the source has 'overview')" in w
               and "en.yaml:15:" in w for w in warnings), warnings


@pytest.mark.parametrize("edit", ["published", "forbidden word", "imported from XLIFF"])
def test_check_and_build_agree_on_every_translators_input(project, capsys, edit):
    path = project / "handouts" / "cdc-infection-signs" / "es.yaml"
    if edit == "forbidden word":
        path.write_text(path.read_text(encoding="utf-8").replace("Pregúntele a su médico", "Pregúntele a su doctor"),
                        encoding="utf-8")
    elif edit == "imported from XLIFF":
        assert cli(project, "--export-xliff", "es", "cdc-infection-signs")[0] == 0
        xlf = project / "xliff" / "cdc-infection-signs.es.xlf"
        xlf.write_text(xlf.read_text(encoding="utf-8").replace("needs-review-translation", "translated"),
                       encoding="utf-8")
        store = factory.getobject(str(xlf))
        for unit in store.units:
            if unit.xmlelement.get("resname") in HEADINGS:
                translate(unit, HEADINGS[unit.xmlelement.get("resname")])
        xlf.write_bytes(bytes(store))
        assert cli(project, "--import-xliff", xlf)[0] == 0
    capsys.readouterr()
    args = ("cdc-infection-signs", "--handouts-dir", project / "handouts", "--lang", "es")
    built, out = cli(project, *args, "--out", project / "out", capsys=capsys)
    build = content_lines(out)
    checked, out = cli(project, "--check", *args, capsys=capsys)
    check = content_lines(out)
    assert built == checked == 0 and build == check and build


def test_damaged_or_unfinished_xliff_is_reported_at_its_line(project, capsys, tmp_path):
    assert cli(project, "--export-xliff", "es", "multiple-myeloma")[0] == 0
    good = (project / "xliff" / "multiple-myeloma.es.xlf").read_text(encoding="utf-8")
    path = tmp_path / "multiple-myeloma.es.xlf"
    lines = good.splitlines()
    cut = next(n for n, line in enumerate(lines) if "<target" in line)
    path.write_text("\n".join(lines[:cut] + [lines[cut].replace("</target>", "")] + lines[cut + 1:]), encoding="utf-8")
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 1 and "multiple-myeloma.es.xlf:" in out and "not XML" in out and "Traceback" not in out
    # A string the translator has not done: no <target>.
    start = good.index("<target", good.index('resname="sections / about / heading"'))
    path.write_text(good[:start] + good[good.index("</target>", start) + len("</target>"):], encoding="utf-8")
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if 'resname="sections / about / heading"' in t)
    assert code == 1 and f"multiple-myeloma.es.xlf:{line}:1: untranslated: sections / about / heading" in out
    assert (project / "handouts" / "multiple-myeloma" / "es.yaml").read_text(encoding="utf-8") == \
        (MYELOMA / "es.yaml").read_text(encoding="utf-8")  # nothing written
    path.write_text(good.replace("<file ", '<file original="x/en.yaml" source-language="en" datatype="plaintext">'
                                           '<body/></file><file ', 1), encoding="utf-8")
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 1 and "holds 2 <file> elements" in out
    path.write_bytes(b" " * (8 << 20) + good.encode())
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 1 and "XLIFF file" in out and "Traceback" not in out


def test_termbase_warns_where_a_translation_leaves_an_approved_term_out(tmp_path):
    """"Llame a su equipo" for "Call your care team": not a forbidden word, but not the approved
    "equipo de atención" either. Not said where the translation departs from the source's
    structure (there strings are not paired with their originals)."""
    from handoutgen.content.parse import parse_handout
    from handoutgen.pipeline import translation_state
    from handoutgen.checks.termbase import check_terms

    shutil.copytree(MYELOMA, tmp_path / MYELOMA.name)
    path = tmp_path / MYELOMA.name / "es.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Llame a su equipo de atención el mismo día si tiene:"',
                                 'title: "Llame a su equipo el mismo día si tiene:"'), encoding="utf-8")
    handout = parse_handout(str(path))
    found = [str(d) for d in check_terms(handout, translation_state(handout))]
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "Llame a su equipo el" in t)
    assert len(found) == 1 and found[0].startswith(f"{path}:{line}:1: warning: 'care team' (")
    assert "en.yaml:171) is not said 'equipo de atención' here" in found[0]
    # The same string in a section where the translator added a paragraph: not paired, not said.
    text = path.read_text(encoding="utf-8")
    anchor = "    blocks:\n"
    at = text.index(anchor, text.index("  - id: when-to-get-help")) + len(anchor)
    path.write_text(text[:at] + '      - paragraph: "Lea esto con calma."\n' + text[at:], encoding="utf-8")
    handout = parse_handout(str(path))
    state = translation_state(handout)
    assert any("added: a paragraph" in str(w) for w in state.warnings)
    assert check_terms(handout, state) == []


@pytest.mark.parametrize("option, folder, suffix", [("--export-po", "po", "po"), ("--export-xliff", "xliff", "xlf")])
def test_exporting_again_before_the_import_keeps_the_earlier_source(project, option, folder, suffix):
    """The second export after a change is read for the third: its fuzzy strings' earlier
    source (not its msgids, which are the new source) is what the translation was made from."""
    assert cli(project, option, "es", "cdc-infection-signs")[0] == 0
    edit_source(project, '"Stiff neck."', '"Stiff or painful neck."')
    for _ in range(2):
        assert cli(project, option, "es", "cdc-infection-signs")[0] == 0
    path = project / folder / f"cdc-infection-signs.es.{suffix}"
    neck = SIGN.replace("/ 1", "/ 7")
    if suffix == "po":
        entry = next(e for e in polib.pofile(str(path)) if e.msgctxt == neck)
        assert entry.fuzzy and entry.previous_msgid == "Stiff neck." and entry.msgid == "Stiff or painful neck."
    else:
        unit = next(u for u in factory.getobject(str(path)).units if u.xmlelement.get("resname") == neck)
        alt = unit.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}alt-trans")
        assert alt.findtext("{urn:oasis:names:tc:xliff:document:1.2}source") == "Stiff neck."


def test_xliff_segmented_by_a_cat_tool_imports(project, capsys):
    """Trados and memoQ split a unit into sentences (<seg-source>, <mrk mtype="seg">) and may
    write a target's codes with their ids only: the text, placeholders and bold come back."""
    assert cli(project, "--export-xliff", "es", "multiple-myeloma")[0] == 0
    path = project / "xliff" / "multiple-myeloma.es.xlf"
    text = path.read_text(encoding="utf-8")
    old = ('<target state="translated"><g id="b1" ctype="bold">Muy pocos glóbulos rojos (anemia).</g> Mucha gente lo '
           'llama "sangre baja".</target>')
    assert old in text
    text = text.replace(old, '<target state="translated"><mrk mtype="seg" mid="1"><g id="b1">Muy pocos glóbulos rojos '
                             '(anemia).</g></mrk> <mrk mtype="seg" mid="2">Mucha gente lo llama "sangre baja".</mrk>'
                             '</target>')
    old = '<x id="p1" ctype="x-placeholder" equiv-text="{emergency_number}"/> o vaya'
    assert old in text
    path.write_text(text.replace(old, '<x id="p1"/> o vaya'), encoding="utf-8")
    before = strings(project / "handouts" / "multiple-myeloma" / "es.yaml")
    code, out = cli(project, "--import-xliff", path, capsys=capsys)
    assert code == 0, out
    assert strings(project / "handouts" / "multiple-myeloma" / "es.yaml") == before
