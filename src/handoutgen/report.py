"""The review report (``--report FILE``): one row per handout and language with its reading
level, longest sentence, medical words, actionability, review status, clinical sign-off, PDFs and
the share of the PEMAT-P and CDC Clear Communication Index items a program can judge that the
handout meets, ordered by review date so the next review due comes first. Markdown or HTML, by
the file's extension.

Each handout goes through the same checks as the build and ``--check`` (pipeline.check_handout):
a translation that the build refuses is "invalid" here too."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic
from .checks.config import CheckConfig
from .diagnostics import display_path
from .jobs import Result, Source
from .pipeline import Outcome, check_handout

FORMATS = (".md", ".html")
COLUMNS = ("Handout", "Language", "Grade", "Reading ease", "Longest sentence", "Medical words",
           "Actionability", "Review", "Clinical sign-off", "PDFs", "PEMAT-P and CDC Index items met")


@dataclass(frozen=True)
class Row:
    review_by: dt.date | None
    cells: tuple[str, ...]


def rows(sources: list[Source], results: list[Result], checks: CheckConfig, today: dt.date) -> list[Row]:
    made: dict[Path, list[Result]] = {}
    for r in results:
        made.setdefault(r.source.path, []).append(r)
    out = []
    for source in sources:
        pdfs = ", ".join(f"{r.layout}: {r.pages} p, {r.size / 1024:.0f} KB" if r.ok else f"{r.layout}: FAILED"
                         for r in made.get(source.path, [])) or "not built"
        outcome = check_handout(str(source.path), checks)
        if outcome.errors:
            n = len(outcome.errors)
            out.append(Row(None, (source.handout, source.language, *["—"] * 5,
                                  f"invalid: {n} error{'s' * (n != 1)}", "—", pdfs, "—")))
            continue
        a, due = outcome.analysis, outcome.review_by
        review = (f"OVERDUE since {due}" if due < today else
                  f"due {due}" if (due - today).days <= 90 else f"ok until {due}")
        out.append(Row(due, (
            source.handout, source.language,
            "—" if a.scores.grade is None else f"{a.scores.grade:g}",
            "—" if a.scores.ease is None else f"{a.scores.ease:g}",
            str(a.scores.longest),
            ", ".join(a.jargon) or "none",
            "missing " + ", ".join(a.missing) if a.missing else "ok",
            review, sign_off(outcome), pdfs, _items(a))))
    return sorted(out, key=lambda row: (row.review_by or dt.date.min, row.cells[:2]))


def sign_off(outcome: Outcome) -> str:
    """"DRAFT: not signed off by a clinician" or "signed off by ..., YYYY-MM-DD"; a translation's
    is its source's, followed by its own review as a translation."""
    signed = outcome.signed_off
    clinical = f"signed off by {signed[0]}, {signed[1]}" if signed else "DRAFT: not signed off by a clinician"
    translation = outcome.handout.translation
    if translation is None:
        return clinical
    own = (f"translation reviewed by {translation.reviewer}, {translation.reviewed_on}"
           if translation.status == "reviewed" else "draft translation")
    return f"{clinical} (source); {own}"


def _items(a) -> str:
    """"7 of 8 (88%); not met: headings": the items that apply, and those not met by name."""
    judged = [i for i in a.items if i.met is not None]
    met = sum(1 for i in judged if i.met)
    missed = [i.short for i in judged if not i.met]
    share = f"{met} of {len(judged)} ({100 * met / len(judged):.0f}%)"
    return share + (f"; not met: {', '.join(missed)}" if missed else "")


def write_report(path: Path, table: list[Row], today: dt.date) -> None:
    if path.suffix == ".html":
        head = "".join(f"<th scope=col>{html.escape(c)}</th>" for c in COLUMNS)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row.cells) + "</tr>" for row in table)
        text = (f"<!doctype html><html lang=en><meta charset=utf-8><title>Handout review report</title>"
                "<style>body{font:15px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
                "th,td{border-bottom:1px solid #bbb;padding:.4em .6em;text-align:left;vertical-align:top}"
                "th{border-bottom:2px solid #333}</style>"
                f"<h1>Handout review report</h1><p>{today}: {len(table)} handout files, next review first.</p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></html>\n")
    else:
        def cell(value: str) -> str:
            return value.replace("|", "\\|")
        lines = [f"# Handout review report\n\n{today}: {len(table)} handout files, next review first.\n",
                 "| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        lines += ["| " + " | ".join(cell(c) for c in row.cells) + " |" for row in table]
        text = "\n".join(lines) + "\n"
    write_atomic(path, text.encode("utf-8"))
    print(f"report  {display_path(str(path))}")
