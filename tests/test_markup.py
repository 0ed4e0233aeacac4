"""Content text is data: markup characters print as typed, and **bold** is the only markup."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import run, write_handout
from handoutgen.content.inline import RichText, Run

TRICKY = r"""
handout: tricky
language: en
title: "Doses < 5 mg & > 2 mg"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: text
    heading: "Symbols: <b>, &amp; and \"quotes\""
    blocks:
      - paragraph: "Take <b>1</b> tablet & drink water. Write &lt; as is. 2 ** 3 stays, a lone ** too."
      - bullets: ["**Bold start** then plain", "Tom's \"quoted\" text — with ü, é and ñ"]
      - table: {columns: ["<th>", "A & B"], rows: [["x<y", "**strong** cell"]]}
"""


@pytest.fixture(scope="module")
def tricky_pdf(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tricky")
    write_handout(tmp / "handouts", "tricky", "en", TRICKY)
    assert run("--handouts-dir", tmp / "handouts", "--out", tmp / "out") == 0
    return PdfReader(tmp / "out" / "tricky.en.letter.pdf")


def test_markup_characters_print_literally(tricky_pdf):
    text = " ".join(" ".join(p.extract_text() for p in tricky_pdf.pages).split())
    for literal in ("Doses < 5 mg & > 2 mg", 'Symbols: <b>, &amp; and "quotes"',
                    "Take <b>1</b> tablet & drink water. Write &lt; as is.",
                    "2 ** 3 stays, a lone ** too.", "<th>", "A & B", "x<y",
                    "Tom's \"quoted\" text — with ü, é and ñ"):
        assert literal in text, literal
    assert "**Bold start**" not in text and "Bold start then plain" in text


def test_double_asterisks_make_bold_and_nothing_else_does(tricky_pdf):
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict:
            runs.append((text.strip(), font_dict["/BaseFont"].endswith("-Bold")))

    for page in tricky_pdf.pages:
        page.extract_text(visitor_text=visit)
    bold = {t for t, b in runs if b}
    assert "Bold start" in bold and "strong" in bold
    assert not any("<b>1</b>" in t for t in bold)  # HTML-like tags are not markup


@pytest.mark.parametrize("source, runs", [
    ("plain", [Run("plain")]),
    ("a **b** c", [Run("a "), Run("b", True), Run(" c")]),
    ("2 ** 3 ** 4", [Run("2 ** 3 ** 4")]),
    ("lone ** here", [Run("lone ** here")]),
    ("**one** and **two**", [Run("one", True), Run(" and "), Run("two", True)]),
    ("** not bold**", [Run("** not bold**")]),
    ("**<b>&**", [Run("<b>&", True)]),
])
def test_inline_parse(source, runs):
    assert list(RichText.parse(source).runs) == runs
