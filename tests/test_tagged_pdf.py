"""Tagged PDF: the structure tree read back from the real handout's PDF must hold every piece of
content in reading order, with the right roles, and the document must carry what PDF/UA asks."""

from __future__ import annotations

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, run, write_handout
from handoutgen.checks.readback import find_missing, normalise
from handoutgen.checks.structure import marked_text, read_structure
from handoutgen.content.model import BodyDiagram, Bullets, Checklist, FlowDiagram, Steps
from handoutgen.layout.parse import parse_layout
from handoutgen.printed import as_printed, expected_items


@pytest.fixture(scope="module")
def tree(real_pdf):
    return read_structure(real_pdf.read_bytes())


def test_document_level_accessibility_entries(real_pdf):
    pdf = pikepdf.open(real_pdf)
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert all(page.Tabs == "/S" and int(page.StructParents) == n for n, page in enumerate(pdf.pages))
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == PdfReader(real_pdf).metadata.title


def words(text: str) -> str:
    return " ".join(text.split())


def test_title_is_h1_and_sections_are_h2_in_order(tree, real_filled):
    assert [words(n.text) for n in tree if n.role == "H1"] == [real_filled.title.text.plain]
    headings = [words(n.text) for n in tree if n.role == "H2"]
    assert headings == [s.heading.text.plain for s in real_filled.sections] + ["Sources"]


def test_every_piece_of_content_is_in_the_tree_in_reading_order(tree, real_expected):
    leaves = "".join(n.text for n in tree)
    assert find_missing(leaves, [i.text.plain for i in real_expected]) == []


def test_lists_and_checklists_have_their_structure(tree, real_filled):
    blocks = [b for s in real_filled.sections for b in s.blocks]
    items = sum(len(b.items) for b in blocks if isinstance(b, (Bullets, Steps, Checklist)))
    assert sum(n.role == "LI" for n in tree) == items
    assert sum(n.role == "LBody" for n in tree) == items
    checklist = next(b for b in blocks if isinstance(b, Checklist))
    div = next(i for i, n in enumerate(tree) if n.role == "Div" and normalise(tree[i + 1].text) ==
               normalise(checklist.title.text.plain))
    assert tree[div + 2].role == "L"


def test_a_table_split_over_pages_is_one_table_with_its_headings_once(tmp_path):
    rows = "".join(f'            - ["Row {n}", "{"Some words in a cell. " * 6}"]\n' for n in range(40))
    write_handout(tmp_path / "h", "tab", "en", MINIMAL.format(id="tab", lang="en") +
                  '      - table:\n          columns: ["Problem", "Why it happens"]\n          rows:\n' + rows)
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out") == 0
    pdf = tmp_path / "out" / "tab.en.letter.pdf"
    assert len(PdfReader(pdf).pages) >= 2
    tree = read_structure(pdf.read_bytes())
    assert sum(n.role == "Table" for n in tree) == 1
    assert [words(n.text) for n in tree if n.role == "TH"] == ["Problem", "Why it happens"]
    assert sum(n.role == "TR" for n in tree) == 41  # headings repeated on later pages are artifacts
    assert [words(n.text) for n in tree if n.role == "TD"][::2] == [f"Row {n}" for n in range(40)]
    headings = []

    def walk(element):
        if element.get("/S") == "/TH":
            headings.append(element)
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    document = pikepdf.open(pdf)  # keep it open while its objects are read
    walk(document.Root.StructTreeRoot.K)
    assert headings and all(h.A.Scope == "/Column" for h in headings)


def test_diagrams_are_figures_with_their_alt_text(tree, real_filled):
    diagrams = [b for s in real_filled.sections for b in s.blocks if isinstance(b, (FlowDiagram, BodyDiagram))]
    figures = [n for n in tree if n.role == "Figure"]
    assert [f.alt for f in figures] == [d.alt.text.plain for d in diagrams]
    assert [words(n.text) for n in tree if n.role == "Caption"] == [d.title.text.plain for d in diagrams]


def test_page_furniture_and_decoration_are_artifacts(real_pdf, tree):
    """Running header and footer, tick boxes and rules are not in the tree: its text is exactly
    the page's text minus header and footer."""
    tagged = normalise("".join(marked_text(real_pdf.read_bytes()).values()))
    assert "Page1of" not in tagged and "Reviewby" not in tagged
    text = normalise("".join(n.text for n in tree))
    body = normalise("".join(p.extract_text() for p in PdfReader(real_pdf).pages))
    assert len(text) > 0.85 * len(body)  # everything else is tagged


def test_figures_carry_their_alternative_text(tmp_path):
    assert run("multiple-myeloma", "--clinic", ROOT / "clinics" / "example.yaml", "--out", tmp_path) == 0
    figures = [n for n in read_structure((tmp_path / "multiple-myeloma.en.letter.example-clinic.pdf").read_bytes())
               if n.role == "Figure"]
    assert [f.alt for f in figures][-1] == "Example Community Hospital logo"  # after the diagram


def test_trifold_tree_follows_the_order_a_reader_opens_it(tmp_path, real_handout, default_clinic):
    assert run("multiple-myeloma", "--lang", "en", "--layout", "trifold", "--out", tmp_path) == 0
    tree = read_structure((tmp_path / "multiple-myeloma.en.trifold.pdf").read_bytes())
    layout = parse_layout(str(ROOT / "layouts" / "trifold.yaml"))
    expected = expected_items(as_printed(real_handout, layout, default_clinic), default_clinic)
    assert find_missing("".join(n.text for n in tree), [i.text.plain for i in expected]) == []
