"""The review report: one row per handout x language, next review first."""

from __future__ import annotations

import pytest

from conftest import MINIMAL, run, write_handout


@pytest.fixture
def handouts(tmp_path):
    root = tmp_path / "handouts"
    write_handout(root, "later", "en", MINIMAL.format(id="later", lang="en"))
    write_handout(root, "sooner", "en", MINIMAL.format(id="sooner", lang="en").replace("2030-01-01", "2028-01-01"))
    write_handout(root, "broken", "en", "handout: broken\n")
    return root


def test_markdown_report_lists_the_next_review_first(handouts, tmp_path):
    report = tmp_path / "report.md"
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--report", report, "--today", "2028-02-01") == 1
    rows = [line for line in report.read_text().splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r.split(" | ")[0].strip("| ") for r in rows] == ["broken", "sooner", "later"]
    sooner = rows[1].split(" | ")
    assert sooner[6:8] == ["missing a summary, headings, an action list, when to get help", "OVERDUE since 2028-01-01"]
    assert sooner[8] == "DRAFT: not signed off by a clinician"
    assert sooner[9].startswith("letter: 1 p, ")
    assert rows[0].split(" | ")[7] == "invalid: 5 errors"
    assert "ok until 2030-01-01" in rows[2]


def test_html_report_after_check_only(handouts, tmp_path):
    report = tmp_path / "report.html"
    assert run("--check", "--handouts-dir", handouts, "--report", report) == 1
    page = report.read_text()
    assert "<th scope=col>Reading ease</th>" in page and "<td>not built</td>" in page
    assert not (tmp_path / "out").exists()


def test_report_needs_a_known_format(handouts, tmp_path):
    with pytest.raises(SystemExit) as exc:
        run("--handouts-dir", handouts, "--report", tmp_path / "report.pdf")
    assert exc.value.code == 2
