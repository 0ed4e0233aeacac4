"""Bad content gives `path:line:column: message`, exit code 1, and the valid handouts are still built."""

from __future__ import annotations

import pytest

from conftest import MINIMAL, run, write_handout
from handoutgen.build import MANIFEST
from handoutgen.outfolder import LOCK
from handoutgen.catalogue.page import INDEX

HEAD = """\
handout: bad
language: en
title: "Bad handout"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: one
    heading: "One"
    blocks:
"""

CASES = {
    "unknown key with suggestion": (
        MINIMAL.format(id="bad", lang="en").replace("title:", "tittle:"),
        "3:1", "unknown key 'tittle' in the handout; did you mean 'title'?"),
    "missing key": (
        MINIMAL.format(id="bad", lang="en").replace("review_by: 2030-01-01\n", ""),
        "1:1", "missing key 'review_by' in the handout"),
    "wrong type": (
        MINIMAL.format(id="bad", lang="en").replace('title: "A small handout"', "title: [a, b]"),
        "3:8", "title must be a value, not a list"),
    "bad date": (
        MINIMAL.format(id="bad", lang="en").replace("reviewed: 2026-01-01", "reviewed: 2026-13-01"),
        "4:11", "reviewed '2026-13-01' is not a date; write it as YYYY-MM-DD"),
    "empty list": (
        HEAD + "      - bullets: []\n", "10:18", "bullets is an empty list"),
    "duplicate section id": (
        HEAD + "      - paragraph: x\n  - id: one\n    heading: Two\n    blocks: [paragraph: y]\n",
        "11:9", "duplicate section id 'one' (first used on line 7)"),
    "duplicate checklist id": (
        HEAD + "      - checklist: {id: c, level: urgent, title: T, items: [a]}\n"
               "      - checklist: {id: c, level: emergency, title: T, items: [b]}\n",
        "11:25", "duplicate checklist id 'c' (first used on line 10)"),
    "folder name mismatch": (
        MINIMAL.format(id="other", lang="en"),
        "1:10", "handout 'other' does not match its folder name 'bad'"),
    "file name mismatch": (
        MINIMAL.format(id="bad", lang="es"),
        "2:11", "language 'es' does not match its file name 'en'"),
    "yaml syntax": (
        MINIMAL.format(id="bad", lang="en").replace('title: "A small handout"', 'title: "unclosed'),
        "", "YAML syntax"),
    "alias": (
        MINIMAL.format(id="bad", lang="en").replace('title: "A small handout"', "title: &t Hi\nsummary: *t"),
        "4:10", "YAML aliases (*t) are not allowed"),
    "duplicate key": (
        MINIMAL.format(id="bad", lang="en").replace("reviewed:", "title: again\nreviewed:"),
        "4:1", "duplicate key 'title'"),
    "block with two keys": (
        HEAD + "      - paragraph: a\n        bullets: [b]\n",
        "10:9", "block must have exactly one key"),
    "unknown block": (
        HEAD + "      - paragrpah: a\n", "10:9", "unknown block 'paragrpah'; did you mean 'paragraph'?"),
    "bad checklist level": (
        HEAD + "      - checklist: {id: c, level: urgnt, title: T, items: [a]}\n",
        "10:35", "checklist level 'urgnt' is not one of: urgent, emergency, info; did you mean 'urgent'?"),
    "table row length": (
        HEAD + "      - table:\n          columns: [a, b]\n          rows: [[x, y], [z]]\n",
        "12:26", "table row has 1 cell but there are 2 columns"),
    "review_by before reviewed": (
        MINIMAL.format(id="bad", lang="en").replace("review_by: 2030-01-01", "review_by: 2025-01-01"),
        "5:12", "review_by (2025-01-01) must be after reviewed (2026-01-01)"),
    "missing glyph": (
        HEAD + "      - paragraph: \"Tifinagh \u2d30 is not in this layout's fonts\"\n",
        "10:20", "character '\u2d30' (U+2D30) cannot be printed: no font of Noto Sans"),
    "callout taller than a page": (
        HEAD + "      - callout:\n          level: info\n          text: \"" + "Many words here. " * 500 + "\"\n",
        "12:17", "callout is too long to fit on one page; split it into two"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_file_fails_alone_with_its_location(name, tmp_path, capsys):
    text, where, message = CASES[name]
    handouts = tmp_path / "handouts"
    write_handout(handouts, "good", "en", MINIMAL.format(id="good", lang="en"))
    write_handout(handouts, "bad", "en", text)
    out = tmp_path / "out"

    assert run("--handouts-dir", handouts, "--out", out) == 1
    err = capsys.readouterr().err
    prefix = str(handouts / "bad" / "en.yaml") if not where else f"bad/en.yaml:{where}: "
    matching = [line for line in err.splitlines() if message in line]
    assert matching, err
    assert prefix in matching[0], err
    assert (out / "good.en.letter.pdf").is_file()
    assert not (out / "bad.en.letter.pdf").exists()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, LOCK, "good.en.letter.pdf", INDEX]  # no temporary files


def test_every_problem_in_a_file_is_reported_at_once(tmp_path, capsys):
    text = HEAD.replace("reviewed: 2026-01-01", "reviewed: someday").replace(
        'title: "Bad handout"', "title:") + "      - bulets: [a]\n      - callout: {level: loud, text: t}\n"
    write_handout(tmp_path / "h", "bad", "en", text)
    assert run("--check", "--handouts-dir", tmp_path / "h") == 1
    err = capsys.readouterr().err
    for expected in ("bad/en.yaml:3:7: title is empty", "bad/en.yaml:4:11: reviewed 'someday' is not a date",
                     "bad/en.yaml:10:9: unknown block 'bulets'; did you mean 'bullets'?",
                     "bad/en.yaml:11:26: callout level 'loud' is not one of"):
        assert expected in err, err
