"""``generate.py --status``: for every handout and language, whether its translation is up to
date with the source, stale (which sections changed), draft or reviewed, or missing."""

from __future__ import annotations

from dataclasses import dataclass

from .content.parse import parse_handout
from .diagnostics import Diagnostic, InputError
from .jobs import Source
from .pipeline import translation_state


@dataclass(frozen=True)
class Row:
    handout: str
    language: str
    state: str  # source | up to date | stale | missing | invalid
    status: str = ""  # draft | reviewed, for translations
    changed: tuple[str, ...] = ()
    record: str = ""  # what to record in the translation mapping once it is updated
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # for the reviewer: blocks the translation adds, reordered signs


def status_rows(sources: list[Source], all_sources: list[Source]) -> list[Row]:
    """A row per handout file in ``sources``, then one per language that other handouts of the
    catalogue (``all_sources``) have and a selected handout lacks."""
    rows = []
    for source in sources:
        try:
            handout = parse_handout(str(source.path))
        except InputError as exc:
            rows.append(Row(source.handout, source.language, "invalid", errors=tuple(exc.diagnostics)))
            continue
        translation = handout.translation
        if translation is None:
            rows.append(Row(source.handout, source.language, "source"))
            continue
        state = translation_state(handout)
        rows.append(Row(source.handout, source.language,
                        "invalid" if state.errors else "stale" if state.stale else "up to date",
                        translation.status, tuple(state.changed),
                        state.record(translation) if state.stale else "", tuple(state.errors),
                        tuple(state.warnings)))
    languages = sorted({s.language for s in all_sources})
    for handout in sorted({s.handout for s in sources}):
        have = {s.language for s in all_sources if s.handout == handout}
        rows.extend(Row(handout, language, "missing") for language in languages if language not in have)
    return sorted(rows, key=lambda r: (r.handout, r.state == "missing", r.language))


def print_status(rows: list[Row]) -> int:
    """Print the table; exit status 1 if any file is invalid (its errors are listed)."""
    width = max([len(r.handout) for r in rows] + [7])
    for row in rows:
        detail = f"changed: {', '.join(row.changed)}" if row.changed else ""
        print(f"{row.handout:{width}}  {row.language:8} {row.state:11} {row.status:9} {detail}".rstrip())
        for problem in row.errors + row.warnings:
            print(f"  {problem}")
        if row.record:
            print("    once updated, record in its translation mapping:")
            print("\n".join(f"      {line}" for line in row.record.splitlines()))
    return 1 if any(r.state == "invalid" for r in rows) else 0
