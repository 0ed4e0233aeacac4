"""`generate.py --new HANDOUT [--lang L]`: the starter handout builds as written, shows every kind
of block (the commented ones build too once uncommented), and nothing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, run, write_handout
from handoutgen.cli import main
from handoutgen.content import schema
from handoutgen.starter import starter

TODAY = "2026-11-25"


def new(tmp_path: Path, *args: str, root: Path = ROOT) -> int:
    return main(["--new", *args, "--handouts-dir", str(tmp_path / "handouts"), "--today", TODAY], root=root)


def refused(capsys, tmp_path: Path, *args: str) -> str:
    with pytest.raises(SystemExit) as exit:
        new(tmp_path, *args)
    assert exit.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def test_the_starter_builds_in_every_layout_without_a_warning(tmp_path, capsys):
    assert new(tmp_path, "knee-care") == 0
    path = tmp_path / "handouts" / "knee-care" / "en.yaml"
    assert f"wrote {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert f"reviewed: {TODAY}\nreview_by: 2027-11-25\n" in text
    out = tmp_path / "out"
    # --strict: any warning (reading level, medical words, actionability, page budget) fails it, and
    # so does being a draft, which a new handout is until a clinician signs it off: nothing else.
    assert run("--handouts-dir", tmp_path / "handouts", "--out", out, "--layout", "all", "--strict",
               "--today", TODAY) == 1
    problems = {line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines() if ": " in line}
    assert len(problems) == 1 and "not signed off by a clinician" in problems.pop()
    assert run("--handouts-dir", tmp_path / "handouts", "--out", out, "--layout", "all", "--today", TODAY) == 0
    assert "0 failed, 0 warnings" in capsys.readouterr().out
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == [f"knee-care.en.{layout}.pdf" for layout in ("a4", "large-print", "letter", "phone", "trifold")]
    printed = " ".join(page.extract_text() for page in PdfReader(out / "knee-care.en.letter.pdf").pages)
    for words in ("Replace this with the title of the handout", "What is it?", "What to do at home",
                  "Write the first thing to do.", "Good to know", "What happens next", "When to get help",
                  "Call 911 right away if you have:"):
        assert words in printed


def uncommented(text: str) -> str:
    """The starter with its commented-out examples (blocks, continuation lines, leaflet) in force."""
    return re.sub(r"(?m)^(\s*)# (- |\s+|leaflet: )", r"\1\2", text)


def test_every_kind_of_block_is_there_and_the_commented_ones_build_too(tmp_path):
    assert new(tmp_path, "knee-care") == 0
    path = tmp_path / "handouts" / "knee-care" / "en.yaml"
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    shown = {kind for section in written["sections"] for block in section["blocks"] for kind in block}
    assert shown == set(schema.BLOCK_KINDS) - {"image", "qr"}  # these two need the author's own file or address

    path.write_text(uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    (path.parent / "picture.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>')
    everything = yaml.safe_load(path.read_text(encoding="utf-8"))
    blocks = [block for section in everything["sections"] for block in section["blocks"]]
    assert {kind for block in blocks for kind in block} == set(schema.BLOCK_KINDS)
    assert {block["diagram"]["kind"] for block in blocks if "diagram" in block} == {"flow", "body", "scale"}
    assert everything["sections"][1]["leaflet"] is False
    assert run("--handouts-dir", tmp_path / "handouts", "--out", tmp_path / "out", "--layout", "all",
               "--today", TODAY) == 0


def test_another_language_is_written_in_that_language_file(tmp_path):
    assert new(tmp_path, "knee-care", "--lang", "es") == 0
    text = (tmp_path / "handouts" / "knee-care" / "es.yaml").read_text(encoding="utf-8")
    assert "\nhandout: knee-care\nlanguage: es\n" in text
    assert run("--handouts-dir", tmp_path / "handouts", "--out", tmp_path / "out") == 0


def test_nothing_is_overwritten(tmp_path, capsys):
    existing = write_handout(tmp_path / "handouts", "knee-care", "en", MINIMAL.format(id="knee-care", lang="en"))
    before = existing.read_bytes()
    assert refused(capsys, tmp_path, "knee-care").endswith(f"{existing} already exists; edit it, or choose "
                                                         "another id or --lang")
    assert existing.read_bytes() == before
    # A second language beside a handout is a translation of it, made from the source.
    assert "a handout in another language is a translation of it (see --export-po es and --import-po)" in \
        refused(capsys, tmp_path, "knee-care", "--lang", "es")
    assert not (existing.parent / "es.yaml").exists()
    # A dangling symbolic link is a file in the way too: writing through it could land anywhere.
    (tmp_path / "handouts" / "hip").mkdir()
    (tmp_path / "handouts" / "hip" / "en.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert "already exists" in refused(capsys, tmp_path, "hip")
    assert not (tmp_path / "elsewhere.yaml").exists()


@pytest.mark.parametrize("handout", ["Knee-care", "knee_care", "../knee", "knee/care", "knee--care", "knee-", "knee care"])
def test_an_id_that_is_not_lower_case_words_joined_by_hyphens_is_refused(tmp_path, capsys, handout):
    assert f"--new '{handout}' is not a handout id; use lower-case words joined by '-'" in \
        refused(capsys, tmp_path, handout)
    assert not (tmp_path / "handouts").exists()


@pytest.mark.parametrize("lang", ["EN", "english", "en_US", "e"])
def test_a_language_that_is_not_a_tag_is_refused(tmp_path, capsys, lang):
    assert f"--lang '{lang}' is not a language tag" in refused(capsys, tmp_path, "knee-care", "--lang", lang)


def test_one_language_at_a_time_and_nothing_else_at_once(tmp_path, capsys):
    assert "--new writes one language; give one --lang" in refused(capsys, tmp_path, "knee-care", "--lang", "en,es")
    assert "--new cannot be combined with --watch" in refused(capsys, tmp_path, "knee-care", "--watch")
    assert "--new cannot be combined with a HANDOUT argument" in refused(capsys, tmp_path, "knee-care", "other")


def test_editors_are_pointed_at_the_schema_when_the_project_has_one(tmp_path):
    root = tmp_path / "project"
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "handout.schema.json").write_text("{}")
    assert main(["--new", "knee-care", "--today", TODAY], root=root) == 0
    first = (root / "handouts" / "knee-care" / "en.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/handout.schema.json"
    assert not starter("knee-care", "en", dt.date(2026, 11, 25)).startswith("# yaml-language-server")


def test_a_starter_made_on_29_february_is_due_for_review_a_year_later(tmp_path):
    assert "review_by: 2029-02-28\n" in starter("knee-care", "en", dt.date(2028, 2, 29))


def test_an_editor_checking_the_starter_against_the_schema_finds_nothing(tmp_path):
    """As the YAML language server reads it (YAML 1.2) with schema/handout.schema.json, before and
    after the commented examples are uncommented."""
    document = json.loads((ROOT / schema.SCHEMA_PATH).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())
    text = starter("knee-care", "en", dt.date(2026, 11, 25))
    for version in (text, uncommented(text)):
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(schema.load_yaml12(version))]
        assert not errors, errors
