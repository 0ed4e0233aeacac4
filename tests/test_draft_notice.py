"""The draft-translation notice is content that screen readers read, first on every page."""

from __future__ import annotations

import pikepdf

from conftest import run
from handoutgen.checks.readback import normalise
from handoutgen.checks.structure import read_structure
from handoutgen.labels import labels_for


def test_draft_notice_is_read_first_on_every_page_in_its_own_language(tmp_path):
    assert run("multiple-myeloma", "--lang", "ar", "--out", tmp_path) == 0
    pdf = (tmp_path / "multiple-myeloma.ar.letter.pdf").read_bytes()
    tree = read_structure(pdf)
    notices = {normalise(labels_for(lang)("draft")): lang for lang in ("ar", "en")}
    found = [n for n in tree if normalise(n.text) in notices]
    with pikepdf.open(tmp_path / "multiple-myeloma.ar.letter.pdf") as doc:
        pages = len(doc.pages)
        # each page's notice comes before that page's content in reading order
        kids = list(doc.Root.StructTreeRoot.K.K)
        by_page: dict[int, list] = {}
        for kid in kids:
            page = next((doc.pages.index(pikepdf.Page(k.Pg)) for k in kid.K
                         if isinstance(k, pikepdf.Dictionary) and "/Pg" in k), None)
            if page is not None:
                by_page.setdefault(page, []).append(kid)
        assert sorted(by_page) == list(range(pages))
        for first, second, *_ in by_page.values():  # the Arabic line, then the English one
            assert (str(first.Lang), str(second.Lang)) == ("ar", "en")
        english = [k for k in kids if "/Lang" in k and str(k.Lang) == "en"]
        assert len(english) == pages
    assert len(found) == 2 * pages
    assert [n.role for n in found] == ["P"] * len(found)
    assert tree[1].text and normalise(tree[1].text) in notices  # the first thing read


def test_trifold_paragraph_split_onto_the_flap_is_read_in_order(tmp_path, default_clinic):
    """The trifold draws its flap before the inside panel that is read before it: a paragraph
    split between the two is still read from its beginning."""
    from handoutgen.content.parse import parse_handout
    from handoutgen.layout.parse import parse_layout
    from handoutgen.printed import as_printed, expected_items

    from conftest import ROOT

    assert run("multiple-myeloma", "--lang", "hi", "--layout", "trifold", "--out", tmp_path) == 0
    tree = read_structure((tmp_path / "multiple-myeloma.hi.trifold.pdf").read_bytes())
    trifold = parse_layout(str(ROOT / "layouts" / "trifold.yaml"))
    handout = as_printed(parse_handout(str(ROOT / "handouts" / "multiple-myeloma" / "hi.yaml")),
                         trifold, default_clinic)
    source = [normalise(item.text.plain) for item in expected_items(handout, default_clinic)]
    paragraphs = [normalise(n.text) for n in tree if n.role == "P"]
    whole = [t for t in paragraphs if t in source]
    assert len(whole) > 10
    # read second half first: the paragraph's text turned around at the panel edge
    turned = [t for t in paragraphs if t not in source and any(len(t) == len(s) and t in s + s for s in source)]
    assert not turned
