"""Command line: ``python generate.py [HANDOUT...] [--lang L] [--layout NAME] [--out DIR] [--check]``.

Exit codes: 0 everything built (warnings allowed), 1 a handout or layout failed (the others
were still built), 2 the command itself was wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .build import UsageError, build, discover, layout_path, load_handout, load_layout, select
from .checks.glyphs import missing_glyphs
from .diagnostics import display_path

DEFAULT_LAYOUT = "letter"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate.py",
        description="Build patient handouts from handouts/<handout>/<language>.yaml into PDFs "
                    "named output/<handout>.<language>.<layout>.pdf. Every PDF is read back and "
                    "checked for all of its content before it is written.",
        epilog="Exit status: 0 all built, 1 some handout or layout failed (the rest were built), "
               "2 usage error.")
    p.add_argument("handouts", nargs="*", metavar="HANDOUT",
                   help="handout ids (folder names under the handouts folder); default: all")
    p.add_argument("--lang", action="append", default=[], metavar="L",
                   help="only these languages (BCP 47 tag, e.g. en); repeat or separate with commas")
    p.add_argument("--layout", default=DEFAULT_LAYOUT, metavar="NAME",
                   help=f"layout from the layouts folder (default: {DEFAULT_LAYOUT})")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: output)")
    p.add_argument("--check", action="store_true",
                   help="validate handouts and layout only; write no PDF")
    p.add_argument("--handouts-dir", type=Path, metavar="DIR",
                   help="folder of handout content (default: handouts)")
    p.add_argument("--layouts-dir", type=Path, metavar="DIR",
                   help="folder of layout definitions (default: layouts)")
    p.add_argument("--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="date to judge review_by against (default: today)")
    return p


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    root = root or Path.cwd()
    p = parser()
    args = p.parse_args(argv)
    languages = [lang for value in args.lang for lang in value.split(",") if lang]
    try:
        sources = select(discover(args.handouts_dir or root / "handouts"), args.handouts, languages)
        layouts = {args.layout: layout_path(args.layouts_dir or root / "layouts", args.layout)}
    except UsageError as exc:
        p.error(str(exc))  # exits 2
    today = args.today or dt.date.today()
    if args.check:
        return check(sources, layouts)
    results = build(sources, layouts, args.out or root / "output", today)
    return report(results)


def check(sources, layouts) -> int:
    failed = 0
    loaded = {name: load_layout(path) for name, path in layouts.items()}
    for layout, errors in loaded.values():
        _print_all(errors)
        failed += bool(errors)
    for source in sources:
        handout, errors = load_handout(source)
        if handout:
            errors = [e for layout, _ in loaded.values() if layout
                      for e in missing_glyphs(handout, layout.font_family)]
        _print_all(errors)
        failed += bool(errors)
        print(f"{'FAILED' if errors else 'ok':7} {display_path(str(source.path))}")
    print(f"\n{len(sources) + len(loaded) - failed} valid, {failed} with errors")
    return 1 if failed else 0


def report(results) -> int:
    built = failed = warnings = 0
    shown: set = set()  # a bad layout fails every handout; say its errors once
    for r in results:
        out = display_path(str(r.output))
        if r.built:
            built += 1
            print(f"built   {out}  ({r.pages} page{'s' * (r.pages != 1)}, "
                  f"{r.size / 1024:.0f} KB, {r.ms:.0f} ms)")
        else:
            failed += 1
            note = f"; removed the old {out}" if r.removed_stale else ""
            print(f"FAILED  {display_path(str(r.source.path))} [{r.layout}]: "
                  f"{len(r.errors)} error{'s' * (len(r.errors) != 1)}{note}")
        _print_all([d for d in r.errors + r.warnings if d not in shown])
        shown.update(r.errors)
        warnings += len(r.warnings)
    print(f"\n{built} built, {failed} failed, {warnings} warning{'s' * (warnings != 1)}")
    return 1 if failed else 0


def _print_all(diagnostics) -> None:
    for d in diagnostics:
        print(f"  {d}", file=sys.stderr)
