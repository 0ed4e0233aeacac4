"""Limits give clear errors instead of hangs; a checklist too long for a page is continued."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import MINIMAL, run, write_handout

HEAD = MINIMAL.format(id="big", lang="en").replace('      - paragraph: "Short text."\n', "")


@pytest.mark.parametrize("blocks, where, message", [
    ("      - paragraph: \"" + "x" * 10_001 + "\"\n", "10:20", "paragraph is 10,001 characters long; the most is 10,000"),
    ("      - bullets: [" + ", ".join(["a"] * 101) + "]\n", "10:18", "bullets has 101 items; the most is 100"),
    ("      - table: {columns: [" + ", ".join("abcdefghi") + "], rows: [[x]]}\n", "10:26",
     "table columns has 9 items; the most is 8"),
    ("      - table:\n          columns: [a]\n          rows: [" + ", ".join(["[x]"] * 201) + "]\n", "12:17",
     "table rows has 201 items; the most is 200"),
    ("      - paragraph: " + "[" * 30 + "]" * 30 + "\n", "10:", "values are nested more than 24 levels deep"),
])
def test_limit_is_a_clear_error(tmp_path, capsys, blocks, where, message):
    write_handout(tmp_path / "h", "big", "en", HEAD + blocks)
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"big/en.yaml:{where}" in err and message in err, err


def test_a_checklist_longer_than_a_page_continues_with_its_title(tmp_path):
    items = [f"Warning sign number {n} that needs a call" for n in range(1, 71)]
    write_handout(tmp_path / "h", "big", "en", HEAD + "      - checklist:\n          id: long\n"
                  "          level: emergency\n          title: \"Call now if you have:\"\n"
                  "          items: [" + ", ".join(f'"{i}"' for i in items) + "]\n")
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out") == 0
    reader = PdfReader(tmp_path / "out" / "big.en.letter.pdf")
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "Call now if you have:" in texts[0]
    assert "Call now if you have: (continued)" in texts[1]
    text = " ".join(texts)
    positions = [text.index(i + " ") if i + " " in text else text.index(i) for i in items]
    assert positions == sorted(positions)  # every item, in order
    boxes = sum(1 for page in reader.pages for operands, op in ContentStream(page.get_contents(), reader).operations
                if op == b"re" and float(operands[2]) == float(operands[3]) == 11.0)
    assert boxes == len(items)


def test_a_huge_file_is_refused_before_parsing(tmp_path, capsys):
    path = write_handout(tmp_path / "h", "big", "en", HEAD)
    path.write_text(HEAD + "# " + "x" * 1024 * 1024 + "\n")
    assert run("--handouts-dir", tmp_path / "h", "--out", tmp_path / "out") == 1
    assert "big/en.yaml:1:1: file is larger than 1 MiB; split it" in capsys.readouterr().err
