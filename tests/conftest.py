"""Shared helpers: build handouts through the real command line into temporary folders."""

from __future__ import annotations

import importlib.util
import textwrap
from functools import cache
from pathlib import Path

import pytest

from handoutgen.printed import as_printed, expected_items
from handoutgen.cli import main
from handoutgen.clinic import parse_clinic
from handoutgen.content.parse import parse_handout
from handoutgen.layout.parse import parse_layout

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "handouts" / "multiple-myeloma" / "en.yaml"
LETTER = ROOT / "layouts" / "letter.yaml"

MINIMAL = """\
handout: {id}
language: {lang}
title: "A small handout"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: only
    heading: "The only section"
    blocks:
      - paragraph: "Short text."
"""


def one_section(handout_id: str, lang: str, title: str, blocks: str, heading: str | None = None) -> str:
    """A valid handout with one section (headed ``heading``, or like the title) holding
    ``blocks``: YAML lines indented as the items of a section's blocks (six spaces)."""
    return (f'handout: {handout_id}\nlanguage: {lang}\ntitle: "{title}"\nreviewed: 2026-01-01\n'
            f'review_by: 2030-01-01\nsections:\n  - id: only\n    heading: "{heading or title}"\n'
            f'    blocks:\n{blocks}')


def write_handout(handouts: Path, handout_id: str, lang: str, text: str) -> Path:
    path = handouts / handout_id / f"{lang}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def write_catalogue(handouts: Path, ids=("alpha", "beta"), languages=("en", "es")) -> Path:
    """A small valid catalogue: every id in every language."""
    for handout_id in ids:
        for lang in languages:
            write_handout(handouts, handout_id, lang, MINIMAL.format(id=handout_id, lang=lang))
    return handouts


def run(*args: str | Path) -> int:
    """Run the command line with the repository's layouts; returns the exit code."""
    return main([str(a) for a in args], root=ROOT)


@pytest.fixture(scope="session")
def real_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real")
    assert run("multiple-myeloma", "--lang", "en", "--out", out) == 0
    return out / "multiple-myeloma.en.letter.pdf"


@pytest.fixture(scope="session")
def real_handout():
    return parse_handout(str(REAL))


@pytest.fixture(scope="session")
def letter():
    return parse_layout(str(LETTER))


@pytest.fixture(scope="session")
def default_clinic():
    return parse_clinic(str(ROOT / "clinic.yaml"))


@pytest.fixture(scope="session")
def real_filled(real_handout, letter, default_clinic):
    """The real handout as printed in the letter layout with the default clinic profile."""
    return as_printed(real_handout, letter, default_clinic)


@pytest.fixture(scope="session")
def real_expected(real_filled, default_clinic):
    """What the real handout's PDF must show, as the build computes it."""
    return expected_items(real_filled, default_clinic)


def content_lines(err: str, lang: str = "es") -> set[str]:
    """The problems found in the translation, without notes on what rendering did (copy-fitting),
    which only a build can say."""
    return {line.strip() for line in err.splitlines() if f"{lang}.yaml:" in line and ": note: " not in line}


def unfitted_layouts(folder: Path, name: str = "trifold") -> Path:
    """A layouts folder holding the shipped layout ``name`` without its copy-fitting range, for
    tests of what happens to content that does not fit at the layout's own size."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "layouts" / f"{name}.yaml").read_text(encoding="utf-8")
    (folder / f"{name}.yaml").write_text("\n".join(l for l in text.splitlines() if not l.strip().startswith("fit:")),
                                         encoding="utf-8")
    return folder


@cache
def bench_extractors():
    """bench/extractors.py, the text extractors' measurement, whose word metric tests share."""
    spec = importlib.util.spec_from_file_location("extractors", ROOT / "bench" / "extractors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
