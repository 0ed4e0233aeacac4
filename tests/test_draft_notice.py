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
