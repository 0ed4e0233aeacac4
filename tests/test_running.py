"""The running header and footer never cut short a date, a page number or a version: on real
handouts, in large print (16 pt running text) with two-digit page counts, and in Spanish, whose
dates are longest. Only the title may be shortened, with an ellipsis."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from conftest import ROOT, run

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("running")
    handouts = out / "handouts"
    for name in ("nci-nausea-vomiting", "cdc-infection-signs"):
        shutil.copytree(CORPUS / name, handouts / name)
    shutil.copytree(ROOT / "handouts" / "multiple-myeloma", handouts / "multiple-myeloma")
    assert run("--handouts-dir", handouts, "--out", out / "pdf", "--layout", "all", "--jobs", "2") in (0, 1)
    return out / "pdf"


@pytest.mark.parametrize("name, review_by", [
    ("nci-nausea-vomiting.en.large-print.pdf", "Review by November 25, 2028"),
    ("nci-nausea-vomiting.en.letter.pdf", "Review by November 25, 2028"),
    ("cdc-infection-signs.es.large-print.pdf", "Revisar antes del 25 de noviembre de 2028"),
    ("multiple-myeloma.es.large-print.pdf", None),
    ("multiple-myeloma.vi.large-print.pdf", None),
    ("multiple-myeloma.ru.a4.pdf", None),
])
def test_footer_shows_the_whole_review_date_page_and_version_on_every_page(built, name, review_by):
    reader = PdfReader(built / name)
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert re.search(rf"\b{number}\b\D+\b{pages}\b", text), (name, number, text[-200:])
        assert re.search(r"version [0-9a-f]{8}|версия [0-9a-f]{8}|phiên bản [0-9a-f]{8}|versión [0-9a-f]{8}", text), (name, number)
        if review_by:
            assert review_by in text, (name, number, text[-300:])
