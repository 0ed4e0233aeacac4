"""The blocks of issue 16, through the PDF a reader gets: sub-headings (H3, never last on a page),
neutral checklists (`level: info`: no alarm colour, no icon, not warning signs in a translation),
list items with a list of their own (indented, L > LI > Lbl + LBody > L), and sections without a
printed heading. Most of it on the real federal texts in tests/corpus/ that use them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, run, write_handout
from handoutgen.checks.readback import find_missing, normalise, page_fragments
from handoutgen.checks.structure import Node, read_structure
from handoutgen.content.model import Checklist, ListBlock, Subheading
from handoutgen.content.parse import InputError, parse_handout
from handoutgen.content.translation import digests, text_units
from handoutgen.layout.parse import parse_layout
from handoutgen.pipeline import translation_state
from handoutgen.po import export_po, import_po
from handoutgen.yamlsource import load_nodes

CORPUS = ROOT / "tests" / "corpus"
DVT = CORPUS / "nhlbi-deep-vein-thrombosis" / "en.yaml"
DIABETES = CORPUS / "niddk-type-2-diabetes-risk" / "en.yaml"
NEUTROPENIA = CORPUS / "nci-infection-neutropenia" / "en.yaml"
CDC_ES = CORPUS / "cdc-infection-signs" / "es.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("blocks") / "out"
    for layout in ("letter", "large-print"):
        assert run("--handouts-dir", CORPUS, "nhlbi-deep-vein-thrombosis", "niddk-type-2-diabetes-risk",
                   "nci-infection-neutropenia", "cdc-infection-signs", "--layout", layout, "--out", out) == 0
    return out


def tree(pdf: Path) -> list[Node]:
    return read_structure(pdf.read_bytes())


def words(text: str) -> str:
    return " ".join(text.split())


def children(nodes: list[Node], index: int) -> list[int]:
    """Indices of the direct children of nodes[index] in the flat, depth-first tree."""
    out, depth = [], nodes[index].depth
    for i in range(index + 1, len(nodes)):
        if nodes[i].depth <= depth:
            break
        if nodes[i].depth == depth + 1:
            out.append(i)
    return out


def page_texts(pdf: Path) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(pdf).pages]


HEAD = """\
handout: {id}
language: en
title: "A test"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: only
    heading: "Only"
    blocks:
"""


# --- sub-headings ------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["letter", "large-print"])
def test_subheadings_are_h3_after_their_sections_h2(out, layout):
    handout = parse_handout(str(DVT))
    expected = []
    for section in handout.sections:
        expected.append(("H2", section.heading.text.plain))
        expected += [("H3", b.text.text.plain) for b in section.blocks if isinstance(b, Subheading)]
    nodes = tree(out / f"nhlbi-deep-vein-thrombosis.en.{layout}.pdf")
    found = [(n.role, words(n.text)) for n in nodes if n.role in ("H2", "H3") and words(n.text) != "Sources"]
    assert sum(role == "H3" for role, _ in expected) == 15  # levels 3 and 4 of the page
    assert found == expected


def _first_words(block) -> str:
    return next(iter(block.text.text.plain.split(".")))[:40] if hasattr(block, "text") else \
        block.items[0].text.plain[:40]


@pytest.mark.parametrize("layout", ["letter", "large-print"])
def test_a_subheading_is_on_the_page_of_the_text_it_heads(out, layout):
    handout = parse_handout(str(DVT))
    pages = page_texts(out / f"nhlbi-deep-vein-thrombosis.en.{layout}.pdf")
    for section in handout.sections:
        for block, following in zip(section.blocks, section.blocks[1:]):
            if isinstance(block, Subheading):  # the two read one after the other on one page
                together = normalise(block.text.text.plain) + normalise(_first_words(following))
                assert any(together in text for text in pages), block.text.text.plain


def test_a_subheading_near_the_foot_of_a_page_moves_on_with_its_text(tmp_path):
    """A group title and the question under it (two sub-headings) are pushed down one short
    paragraph at a time across the foot of page 1: wherever they land, the first lines of their
    text are on their page."""
    handouts, pages_of = tmp_path / "h", {}
    for count in range(18, 42):
        fillers = "".join(f'      - paragraph: "Filler line {n}."\n' for n in range(count))
        write_handout(handouts, f"sweep-{count}", "en", HEAD.format(id=f"sweep-{count}") + fillers +
                      '      - subheading: "Xyzzy heading"\n      - subheading: "Quux question"\n'
                      '      - paragraph: "Plugh text that the heading heads, long enough to take two lines of the '
                      'column in the letter layout, so the test sees where its first lines go."\n')
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--layout", "letter") == 0
    for count in range(18, 42):
        pages = page_texts(tmp_path / "out" / f"sweep-{count}.en.letter.pdf")
        page = next(n for n, text in enumerate(pages) if "Xyzzyheading" in text)
        assert "Quuxquestion" in pages[page] and "Plughtext" in pages[page], count
        pages_of[count] = page
    assert set(pages_of.values()) == {0, 1}  # the sweep did cross the foot of the page


# --- neutral checklists ------------------------------------------------------------------------

def _drawn(pdf: Path) -> tuple[set[tuple[float, ...]], int]:
    """Colours set on the first page, and how many curves are drawn (the icons are circles and
    paths; tick boxes and borders are rectangles, text is glyphs)."""
    colours, curves = set(), 0
    with pikepdf.open(pdf) as doc:
        for operands, operator in pikepdf.parse_content_stream(doc.pages[0]):
            if str(operator) in ("rg", "RG"):
                colours.add(tuple(round(float(v) * 255) for v in operands))
            curves += str(operator) in ("c", "v", "y")
    return colours, curves


def test_an_info_checklist_has_no_alarm_colour_or_icon(tmp_path):
    source = yaml.safe_load(DIABETES.read_text(encoding="utf-8"))
    risk = next(b for s in source["sections"] for b in s["blocks"] if "checklist" in b)["checklist"]
    assert risk["level"] == "info"
    colours = parse_layout(str(ROOT / "layouts" / "letter.yaml")).colours
    alarm = {tuple(int(colours[k][i:i + 2], 16) for i in (1, 3, 5)) for k in ("urgent", "emergency", "caution")}
    drawn = {}
    # The page with the list as plain bullets is the baseline: the contact box's "Emergency" line
    # has its own colour.
    for level, block in (("info", {"checklist": risk}), ("urgent", {"checklist": {**risk, "level": "urgent"}}),
                         ("bullets", {"bullets": risk["items"]})):
        data = {"handout": f"risk-{level}", "language": "en", "title": "Risk", "reviewed": "2026-11-25",
                "review_by": "2028-11-25", "sections": [{"id": "risk", "heading": "Risk", "blocks": [block]}]}
        write_handout(tmp_path / "h", f"risk-{level}", "en", yaml.safe_dump(data, sort_keys=False))
        assert run("--handouts-dir", tmp_path / "h", f"risk-{level}", "--out", tmp_path / "out") == 0
        drawn[level] = _drawn(tmp_path / "out" / f"risk-{level}.en.letter.pdf")
    near = lambda colour: any(max(abs(a - b) for a, b in zip(colour, c)) <= 2 for c in alarm)  # noqa: E731
    base_colours, base_curves = drawn["bullets"]
    info_colours, info_curves = drawn["info"]
    assert not any(near(c) for c in info_colours - base_colours) and info_curves == base_curves
    urgent_colours, urgent_curves = drawn["urgent"]  # the same list as warning signs: colour and clock
    assert any(near(c) for c in urgent_colours - base_colours) and urgent_curves > base_curves


def test_an_info_checklist_is_not_a_way_to_get_help(tmp_path, capsys):
    """The self-assessment is not a "when to get help" list: the warning stays."""
    assert run("--check", "--handouts-dir", CORPUS, "niddk-type-2-diabetes-risk") == 0
    assert "add an urgent or emergency checklist saying when to call for help" in capsys.readouterr().err


# --- nested lists ------------------------------------------------------------------------------

def test_nested_lists_read_in_order_indented_and_tagged(out):
    handout = parse_handout(str(DIABETES))
    steps = next(b for s in handout.sections for b in s.blocks if isinstance(b, ListBlock) and any(b.sublists))
    expected = [t.text.plain for item, sub in steps.entries() for t in (item, *(sub.items if sub else ()))]
    assert len(expected) == 9
    pdf = out / "niddk-type-2-diabetes-risk.en.letter.pdf"
    reader = PdfReader(pdf)
    assert find_missing("".join(p.extract_text() for p in reader.pages), expected) == []

    # Indented: each nested item's text starts right of its parent item's text.
    fragments = [f for page in reader.pages for f in page_fragments(page)]
    def x_of(text: str) -> float:
        start = normalise(text)[:12]
        return next(f.x for f in fragments if normalise(f.text).startswith(start))
    for item, sub in steps.entries():
        assert all(x_of(n.text.plain) > x_of(item.text.plain) + 10 for n in sub.items)

    # L > LI > (Lbl, LBody > L > LI > (Lbl, LBody)), in order.
    nodes = tree(pdf)
    for item, sub in steps.entries():
        body = next(i for i, n in enumerate(nodes)
                    if n.role == "LBody" and normalise(n.text).startswith(normalise(item.text.plain)[:20]))
        li = max(i for i in range(body) if nodes[i].role == "LI" and nodes[i].depth == nodes[body].depth - 1)
        assert [nodes[i].role for i in children(nodes, li)] == ["Lbl", "LBody"]
        assert words(nodes[children(nodes, li)[0]].text).endswith(".")  # "1.", "2."
        inner, = children(nodes, body)
        assert nodes[inner].role == "L"
        items = children(nodes, inner)
        assert len(items) == len(sub.items)
        for li_index, expected_item in zip(items, sub.items):
            label, text = children(nodes, li_index)
            assert (nodes[label].role, words(nodes[label].text)) == ("Lbl", "\u2013")
            assert nodes[text].role == "LBody"
            assert normalise(nodes[text].text) == normalise(expected_item.text.plain)


def test_every_list_item_has_its_label_apart_from_its_text(out):
    nodes = tree(out / "nhlbi-deep-vein-thrombosis.en.letter.pdf")
    items = [i for i, n in enumerate(nodes) if n.role == "LI"]
    labelled = [i for i in items if nodes[children(nodes, i)[0]].role == "Lbl"]
    assert len(labelled) > 20
    for i in labelled:
        assert words(nodes[children(nodes, i)[0]].text) == "\u2022"  # the bullet is not in the item's text
    # checklist items have a tick box, drawn as an artifact: LBody only
    assert all([nodes[c].role for c in children(nodes, i)] == ["LBody"] for i in set(items) - set(labelled))


# --- sections without a heading ----------------------------------------------------------------

@pytest.mark.parametrize("pdf_name, source", [
    ("nci-infection-neutropenia.en.letter.pdf", NEUTROPENIA),
    ("nci-infection-neutropenia.en.large-print.pdf", NEUTROPENIA),
    ("cdc-infection-signs.es.letter.pdf", CDC_ES),
])
def test_a_section_without_a_heading_builds_with_no_empty_heading_or_bookmark(out, pdf_name, source):
    handout = parse_handout(str(source))
    assert handout.sections[0].heading is None
    pdf = out / pdf_name
    nodes = tree(pdf)
    headings = [n for n in nodes if re.fullmatch(r"H\d?", n.role)]
    assert all(words(n.text) for n in headings)
    h2 = [words(n.text) for n in nodes if n.role == "H2" and words(n.text) not in ("Sources", "Fuentes")]
    assert h2 == [s.heading.text.plain for s in handout.headed_sections]
    # The opening's first paragraph follows the title block directly, as a P.
    first = normalise(handout.sections[0].blocks[0].text.text.plain)[:30]
    index = next(i for i, n in enumerate(nodes) if normalise(n.text).startswith(first))
    assert nodes[index].role == "P" and nodes[index - 1].role in ("P", "H1")
    outline = [item.title for item in PdfReader(pdf).outline]
    assert outline == [s.heading.text.plain for s in handout.headed_sections]


# --- translations ------------------------------------------------------------------------------

def translation_of(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    """A translation of ``source`` (its own text, with ``edits``) beside a copy of it."""
    folder = tmp_path / "handouts" / source.parent.name
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "en.yaml")
    digest, sections = digests(load_nodes(str(folder / "en.yaml"))[0])
    text = source.read_text(encoding="utf-8").replace("language: en", "language: es", 1)
    text = text.replace("reviewed:", f"translation: {{source: en, source_digest: \"{digest}\", "
                                     f"status: draft}}\nreviewed:", 1)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "es.yaml").write_text(text, encoding="utf-8")
    return folder / "es.yaml"


def problems(path: Path) -> tuple[list[str], list[str]]:
    state = translation_state(parse_handout(str(path)))
    return [str(d) for d in state.errors], [str(d) for d in state.warnings]


NESTED = "sections / be-active / blocks / steps 1 / steps / 1 / bullets"
STRENGTHEN = """              - >-
                Do activities to strengthen muscles and bone, such as lifting weights or sit-ups,
                two to three times a week. Find help—such as a video or a class—to learn how to do
                these exercises properly.
"""


def test_a_translation_with_the_same_nested_lists_aligns(tmp_path):
    assert problems(translation_of(tmp_path, DIABETES)) == ([], [])


def test_a_missing_nested_item_is_named_at_its_place(tmp_path):
    path = translation_of(tmp_path, DIABETES, (STRENGTHEN, ""))
    errors, _ = problems(path)
    line = path.read_text(encoding="utf-8").splitlines().index(
        "                Do aerobic activities, which use your large muscles to make your heart beat faster.")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{line}:")  # the item before the gap
    assert f"missing: {NESTED} / 2 'Do activities to strengthen muscles" in errors[0]
    assert "a warning sign" not in errors[0]


def test_a_nested_list_written_as_one_item_is_refused(tmp_path):
    text = DIABETES.read_text(encoding="utf-8")
    start = text.index("          - text: >-\n              Increase your daily activity.")
    end = text.index('"Walk or bicycle whenever you can."\n') + len('"Walk or bicycle whenever you can."\n')
    path = translation_of(tmp_path, DIABETES, (text[start:end], '          - "Increase your daily activity."\n'))
    errors, _ = problems(path)
    assert any("steps 1 / steps / 2 is written differently from the source" in e and "keep the source's shape" in e
               for e in errors), errors


def test_info_checklist_items_are_an_ordinary_list_in_a_translation(tmp_path):
    """Two items of the self-assessment merged: a warning for the reviewer, not the error a
    merged warning sign is; a dropped one is "missing", not "a warning sign is missing"."""
    merged = translation_of(tmp_path / "a", DIABETES, ('''            - "I am age 45 or older."
            - "I am overweight or obese."''', '''            - "I am age 45 or older. I am overweight or obese."'''))
    errors, warnings = problems(merged)
    assert errors == []
    assert any("checklist risk-check / checklist / items / 1 and 2 are one item here" in w for w in warnings), warnings
    dropped = translation_of(tmp_path / "b", DIABETES, ('''            - "I am fairly inactive."\n''', ""))
    errors, _ = problems(dropped)
    assert len(errors) == 1 and "missing: sections / am-i-at-risk / blocks / checklist risk-check / checklist / " \
        "items / 9 'I am fairly inactive.'" in errors[0] and "warning sign" not in errors[0]
    # the same list as urgent warning signs: the merge is an error
    urgent = translation_of(tmp_path / "c", DIABETES, ("risk-check\n          level: info", "risk-check\n          level: urgent"), ('''            - "I am age 45 or older."
            - "I am overweight or obese."''', '''            - "I am age 45 or older. I am overweight or obese."'''))
    (urgent.parent / "en.yaml").write_text(DIABETES.read_text(encoding="utf-8").replace(
        "risk-check\n          level: info", "risk-check\n          level: urgent"), encoding="utf-8")
    errors, _ = problems(urgent)
    assert any("warning signs merged" in e for e in errors), errors


def test_published_translation_without_headings_builds_with_a_note_for_the_reviewer(tmp_path):
    errors, warnings = problems(CDC_ES)
    assert errors == []
    assert sum("no heading: sections / " in w and "is printed in the source but not here" in w for w in warnings) == 3


def test_po_round_trip_keeps_nested_items(tmp_path):
    folder = tmp_path / "handouts" / "niddk-type-2-diabetes-risk"
    folder.mkdir(parents=True)
    shutil.copy(DIABETES, folder / "en.yaml")
    po = export_po(folder / "en.yaml", "es")
    contexts = [e.msgctxt for e in po]
    assert f"{NESTED} / 2" in contexts and "sections / be-active / blocks / steps 1 / steps / 1 / text" in contexts
    for entry in po:
        entry.msgstr = f"ES {entry.msgid}"
    po.save(str(tmp_path / "niddk-type-2-diabetes-risk.es.po"))
    written = import_po(tmp_path / "niddk-type-2-diabetes-risk.es.po", tmp_path / "handouts")
    translated = parse_handout(str(written))
    steps = next(b for s in translated.sections for b in s.blocks if isinstance(b, ListBlock) and any(b.sublists))
    assert steps.sublists[0].items[1].text.plain.startswith("ES Do activities to strengthen")
    assert problems(written)[0] == []
    # every string came from the PO, plain list items and nested ones alike
    units = list(text_units(load_nodes(str(written))[0]))
    assert len(units) == len(po) == len(list(parse_handout(str(DIABETES)).reading_order()))
    assert all(u.value.startswith("ES ") for u in units)


# --- bad input ---------------------------------------------------------------------------------

BAD = {
    "subheading last in its section": ("      - subheading: \"Alone\"\n", 11, 9,
                                       "a subheading must be followed by the text it heads"),
    "two subheadings at the end": ("      - subheading: \"One\"\n      - subheading: \"Two\"\n",
                                   11, 9, "a subheading must be followed by the text it heads"),
    "nested item with both lists": ("      - bullets:\n          - text: t\n            bullets: [a]\n"
                                    "            steps: [b]\n", 14, 20,
                                    "a list item has both 'bullets' and 'steps'; give it only one"),
    "nested item with no list": ("      - bullets:\n          - text: t\n", 12, 13, "a list item needs 'bullets' or 'steps'"),
    "nested item with an unknown key": ("      - steps:\n          - {text: t, items: [a]}\n", 12, 23,
                                        "unknown key 'items' in a list item"),
    "checklist level": ("      - checklist: {id: c, level: neutral, title: t, items: [a]}\n", 11, 35,
                        "checklist level 'neutral' is not one of"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_new_blocks_are_errors_at_their_place(tmp_path, name):
    extra, line, column, message = BAD[name]
    path = write_handout(tmp_path, "bad", "en", HEAD.format(id="bad") + '      - paragraph: "Text."\n' + extra)
    with pytest.raises(InputError) as caught:
        parse_handout(str(path))
    found = [str(d) for d in caught.value.diagnostics]
    assert any(d.startswith(f"{path}:{line}:{column}: ") and message in d for d in found), found


def test_a_subheading_needs_a_section_with_a_heading(tmp_path):
    path = write_handout(tmp_path, "bad", "en", """\
        handout: bad
        language: en
        title: "Bad"
        reviewed: 2026-01-01
        review_by: 2030-01-01
        sections:
          - id: opening
            blocks:
              - subheading: "Sub"
              - paragraph: "Text."
          - id: empty
            heading: ""
            blocks:
              - paragraph: "Text."
        """)
    with pytest.raises(InputError) as caught:
        parse_handout(str(path))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:9:9: a section without a heading cannot have a subheading; give the section a 'heading' or "
        "make this its heading",
        f"{path}:12:14: heading is empty; write the text or remove the key"]


def test_a_subheading_is_a_heading_to_pemat_not_a_paragraph(tmp_path):
    """Two paragraphs under a sub-heading are still "two paragraphs or fewer", where PEMAT-P 8
    and 11 do not apply; and a sub-heading ends a stretch of text as a heading does."""
    from handoutgen.checks.pemat import judge
    path = write_handout(tmp_path, "short", "en", HEAD.format(id="short") + '      - subheading: "What to do before you go home"\n'
                         '      - paragraph: "Drink some water."\n      - paragraph: "Rest when you are tired."\n')
    headings, summary = judge(parse_handout(str(path)), 0)[:2]
    assert headings.met is None and summary.met is None
