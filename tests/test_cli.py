"""The command line as a script sees it: exit codes, narrowing, --check, warnings, safe output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MINIMAL, ROOT, run, write_catalogue, write_handout
from handoutgen.build import MANIFEST
from handoutgen.outfolder import LOCK
from handoutgen.catalogue.page import INDEX


@pytest.fixture
def two_langs(tmp_path):
    return write_catalogue(tmp_path / "handouts")


def built(out):
    """The PDFs in ``out``; anything else there but the build manifest, its lock and the
    catalogue page fails the test."""
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert set(names) - {MANIFEST, LOCK, INDEX} == {n for n in names if n.endswith(".pdf")}, names
    return [n for n in names if n.endswith(".pdf")]


@pytest.mark.parametrize("args", [
    ["no-such-handout"], ["--layout", "no-such-layout"], ["--lang", "xx"], ["--bogus"],
    ["--today", "yesterday"],
])
def test_usage_errors_exit_2_and_build_nothing(args, two_langs, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        run("--handouts-dir", two_langs, "--out", tmp_path / "out", *args)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert built(tmp_path / "out") == []


def test_narrowing_by_handout_and_language(two_langs, tmp_path):
    out = tmp_path / "out"
    assert run("--handouts-dir", two_langs, "--out", out, "beta", "--lang", "es") == 0
    assert built(out) == ["beta.es.letter.pdf"]
    assert run("--handouts-dir", two_langs, "--out", out, "--lang", "en,es", "alpha") == 0
    assert built(out) == ["alpha.en.letter.pdf", "alpha.es.letter.pdf", "beta.es.letter.pdf"]


def test_summary_line_counts_built_failed_and_warnings(two_langs, tmp_path, capsys):
    write_handout(two_langs, "gamma", "en", "handout: gamma\n")
    assert run("--handouts-dir", two_langs, "--out", tmp_path / "out", "--today", "2031-01-01") == 1
    out, err = capsys.readouterr()
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert sum("review_by 2030-01-01 has passed" in w for w in warnings) == 4
    assert out.strip().splitlines()[-1] == f"4 built, 0 unchanged, 1 failed, {len(warnings)} warnings"
    assert f"catalogue page: {tmp_path / 'out' / INDEX}" in out
    assert "FAILED  " in out and "gamma/en.yaml" in out


def test_check_validates_without_writing(two_langs, tmp_path, capsys):
    assert run("--check", "--handouts-dir", two_langs, "--out", tmp_path / "out") == 0
    assert built(tmp_path / "out") == []
    write_handout(two_langs, "alpha", "en", "handout: alpha\nlanguage: en\n")
    assert run("--check", "--handouts-dir", two_langs) == 1
    assert "alpha/en.yaml:1:1: missing key 'title'" in capsys.readouterr().err


def test_passed_review_date_is_a_warning_not_a_failure(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    write_handout(handouts, "old", "en", MINIMAL.format(id="old", lang="en"))
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--today", "2030-01-02") == 0
    assert "old/en.yaml:5:12: warning: review_by 2030-01-01 has passed" in capsys.readouterr().err
    assert built(tmp_path / "out") == ["old.en.letter.pdf"]


def test_over_the_page_budget_is_a_warning(tmp_path, capsys):
    long = MINIMAL.format(id="long", lang="en") + "".join(
        f"      - paragraph: \"{'Some words to fill the page. ' * 40}\"\n" for _ in range(30))
    write_handout(tmp_path / "handouts", "long", "en", long)
    assert run("--handouts-dir", tmp_path / "handouts", "--out", tmp_path / "out") == 0
    assert "pages in the letter layout, over its budget of 4" in capsys.readouterr().err


def test_a_failing_handout_removes_its_stale_pdf(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    path = write_handout(handouts, "demo", "en", MINIMAL.format(id="demo", lang="en"))
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out) == 0
    assert built(out) == ["demo.en.letter.pdf"]
    path.write_text(path.read_text().replace("title:", "titel:"))
    assert run("--handouts-dir", handouts, "--out", out) == 1
    assert built(out) == []  # neither the old PDF nor a temporary file
    assert "removed the old" in capsys.readouterr().out


def test_generate_py_builds_and_explains_itself(tmp_path):
    """The real entry point, as the README runs it."""
    help_run = subprocess.run([sys.executable, "generate.py", "--help"], cwd=ROOT,
                              capture_output=True, text=True, check=True)
    for option in ("--lang", "--layout", "--out", "--check", "Exit status"):
        assert option in help_run.stdout
    result = subprocess.run([sys.executable, "generate.py", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "multiple-myeloma.en.letter.pdf" in result.stdout
    assert (tmp_path / "multiple-myeloma.en.letter.pdf").stat().st_size > 10_000


def test_strict_makes_warnings_errors_and_writes_nothing(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    write_handout(handouts, "old", "en", MINIMAL.format(id="old", lang="en"))
    args = ("--handouts-dir", handouts, "--out", tmp_path / "out", "--today", "2030-01-02")
    assert run(*args, "--strict") == 1
    err = capsys.readouterr().err
    assert "old/en.yaml:5:12: review_by 2030-01-01 has passed" in err and "warning:" not in err
    assert built(tmp_path / "out") == []
    assert run(*args) == 0  # without --strict it is only a warning


def test_layout_all_builds_every_layout_with_a_summary_table(two_langs, tmp_path, capsys):
    assert run("--handouts-dir", two_langs, "--out", tmp_path / "out", "alpha", "--layout", "all") == 0
    layouts = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
    assert built(tmp_path / "out") == sorted(f"alpha.{lang}.{name}.pdf" for lang in ("en", "es") for name in layouts)
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("handout"))
    assert header.split() == ["handout", "lang", *layouts]
    assert any(line.split()[:2] == ["alpha", "es"] and "FAILED" not in line for line in lines)


def test_summary_table_columns_stay_aligned_for_long_language_tags(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    for lang in ("en", "zh-Hans"):
        write_handout(handouts, "alpha", lang, MINIMAL.format(id="alpha", lang=lang))
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--layout", "all") == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("handout")):][:3]
    header, *rows = table
    for row in rows:  # each row's last cell ends where the header's last column name ends
        assert len(row) == len(header), table
