"""Command line: ``python generate.py [HANDOUT...] [--lang L] [--layout NAME|all] [--clinic FILE]
[--out DIR] [--check] [--strict]``.

Exit codes: 0 everything built (warnings allowed), 1 a handout, layout or clinic profile failed
(the others were still built), 2 the command itself was wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
from pathlib import Path

from .archive import command as archive_command
from .build import UsageError, build, discover, layout_paths, select
from .outfolder import FolderError, reason
from .catalogue.page import INDEX
from .checks.config import CheckConfig, load_config
from .clinic import parse_clinic
from .atomic import write_atomic
from .diagnostics import InputError, display_path
from .jobs import Loaded, Result, Source, load
from .layout.model import Layout
from .layout.parse import parse_layout

# The review report, --status, --check and the PO options import what they need when asked for,
# so that a build that finds nothing to do starts quickly (README: Benchmark).

DEFAULT_LAYOUT = "letter"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate.py",
        description="Build patient handouts from handouts/<handout>/<language>.yaml into PDFs "
                    "named output/<handout>.<language>.<layout>[.<clinic>].pdf. Every PDF is read "
                    "back and checked for all of its content before it is written.",
        epilog="Exit status: 0 all built, 1 some handout, layout or clinic profile failed (the "
               "rest were built), 2 usage error.")
    p.add_argument("handouts", nargs="*", metavar="HANDOUT",
                   help="handout ids (folder names under the handouts folder); default: all")
    p.add_argument("--lang", action="append", default=[], metavar="L",
                   help="only these languages (BCP 47 tag, e.g. en); repeat or separate with commas")
    p.add_argument("--layout", default=DEFAULT_LAYOUT, metavar="NAME",
                   help=f"layout from the layouts folder, or 'all' (default: {DEFAULT_LAYOUT})")
    p.add_argument("--clinic", type=Path, metavar="FILE",
                   help="clinic profile printed on every handout (default: clinic.yaml, which leaves "
                        "lines to write the clinic's details on)")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: output)")
    p.add_argument("--checks", type=Path, metavar="FILE",
                   help="plain-language check thresholds and glossaries (default: checks.yaml)")
    p.add_argument("--status", action="store_true",
                   help="list each handout's languages: source, translation up to date or stale "
                        "(with the digests to record), draft or reviewed, or missing; builds nothing")
    p.add_argument("--export-po", metavar="LANG",
                   help="write po/<handout>.<LANG>.po for translation tools, from each source handout")
    p.add_argument("--import-po", type=Path, nargs="+", metavar="FILE",
                   help="regenerate handouts/<handout>/<lang>.yaml from translated PO files")
    p.add_argument("--export-xliff", metavar="LANG",
                   help="write xliff/<handout>.<LANG>.xlf (XLIFF 1.2) for Trados, memoQ or Phrase, from each "
                        "source handout")
    p.add_argument("--import-xliff", type=Path, nargs="+", metavar="FILE",
                   help="regenerate handouts/<handout>/<lang>.yaml from translated XLIFF files")
    p.add_argument("--check", action="store_true",
                   help="validate handouts, layouts and clinic profile only; write no PDF")
    p.add_argument("--strict", action="store_true",
                   help="treat every warning (review date passed, over the page budget) as an error")
    p.add_argument("--handouts-dir", type=Path, metavar="DIR",
                   help="folder of handout content (default: handouts)")
    p.add_argument("--layouts-dir", type=Path, metavar="DIR",
                   help="folder of layout definitions (default: layouts)")
    p.add_argument("--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="date to judge review_by against (default: today)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="PDFs made at once, one process each (default: all cores)")
    p.add_argument("--force", action="store_true",
                   help="make every PDF again, even those whose inputs have not changed")
    p.add_argument("--json", action="store_true",
                   help="print a machine-readable summary (per PDF: path, status, pages, bytes, ms, "
                        "warnings, errors) instead of the text report")
    p.add_argument("--report", type=Path, metavar="FILE",
                   help="write a review report (.md or .html): reading level, longest sentence, "
                        "medical words, actionability, review status and PDFs per handout")
    p.add_argument("--archive", type=Path, metavar="DIR",
                   help="where every PDF built is also kept, with a ledger of when each was current "
                        "(default: archive/ beside the output folder)")
    p.add_argument("--as-of", metavar="WHEN",
                   help="print the archived PDF of HANDOUT --lang L [--layout NAME] [--clinic FILE] that was "
                        "current then: a day (2026-11-25, every PDF current that day), a time "
                        "(2026-11-25 14:30, local unless it has a zone), or a version from a page's foot")
    p.add_argument("--find-version", metavar="HASH",
                   help="print the archived PDFs printed with this version (the 8 hex digits after "
                        "'version' at the foot of every page)")
    p.add_argument("--copy-to", type=Path, metavar="FILE",
                   help="with --as-of or --find-version: copy the one PDF found out of the archive")
    p.add_argument("--prune-archive", action="store_true",
                   help="forget archived PDFs that stopped being current more than --keep-years ago; "
                        "never one still current. Builds never delete from the archive")
    p.add_argument("--keep-years", type=int, metavar="N", help="with --prune-archive: the retention period")
    p.add_argument("--verify-archive", action="store_true",
                   help="check the archive: the ledger's integrity, every archived PDF there with its sha256")
    p.add_argument("--debug", action="store_true", help="show the traceback of internal errors")
    # Authoring (README: Authoring).
    p.add_argument("--watch", action="store_true",
                   help="build, then rebuild what changed whenever an input is saved, until Ctrl-C")
    p.add_argument("--serve", action="store_true",
                   help="--watch, with a preview page of the PDFs and their problems at http://127.0.0.1:8000/")
    p.add_argument("--port", type=int, default=8000, metavar="N", help="the preview's port (default: 8000)")
    p.add_argument("--new", metavar="HANDOUT",
                   help="write handouts/HANDOUT/<lang>.yaml, a starter handout to fill in (--lang: en)")
    return p


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    try:
        return _main(argv, root)
    except BrokenPipeError:
        # Whoever read our output stopped reading (generate.py | head -1): stop quietly, as
        # other command-line tools do, and keep Python from complaining about stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _main(argv: list[str] | None, root: Path | None) -> int:
    root = root or Path.cwd()
    p = parser()
    args = p.parse_args(argv)
    if args.new:
        from .starter import new_handout
        return new_handout(args, root, p)
    if archive_command.wanted(args):
        return archive_command.run(p, args, sys.argv[1:] if argv is None else argv, root)
    languages = [lang for value in args.lang for lang in value.split(",") if lang]
    clinic = args.clinic or root / "clinic.yaml"
    try:
        every = discover(args.handouts_dir or root / "handouts")
        sources = select(every, args.handouts, languages)
        layouts = layout_paths(args.layouts_dir or root / "layouts", args.layout)
        if not clinic.is_file():
            raise UsageError(f"no clinic profile at {clinic}")
        if args.jobs < 1:
            raise UsageError("--jobs must be 1 or more")
        if args.report and args.report.suffix not in _report().FORMATS:
            raise UsageError(f"--report must end in {' or '.join(_report().FORMATS)}")
        for option, value in (("--export-po", args.export_po), ("--export-xliff", args.export_xliff)):
            if value and not _language_tag().fullmatch(value):
                raise UsageError(f"{option} {value!r} is not a language tag such as es, fr-CA or zh-Hans")
        if args.out and args.out.exists() and not args.out.is_dir():
            raise UsageError(f"--out {args.out} is a file; give a folder")
    except UsageError as exc:
        p.error(str(exc))  # exits 2
    if args.watch or args.serve:
        from .preview.command import preview
        return preview(args, root, p)
    try:
        checks = load_config(args.checks or root / "checks.yaml")
    except InputError as exc:
        _print_all(exc.diagnostics)
        return 1
    if args.status:
        from .status import print_status, status_rows
        return print_status(status_rows(sources, every))
    if args.export_po or args.import_po or args.export_xliff or args.import_xliff:
        # Length budgets: the tightest of every layout a clinic may print the translation in.
        return _exchange(args, sources, layout_paths(args.layouts_dir or root / "layouts", "all"), clinic, root)
    today = args.today or dt.date.today()
    if args.check:
        status = check(sources, layouts, clinic, checks)
        if args.report:
            return max(status, _write_report(args.report, _report().rows(sources, [], checks, today), today))
        return status
    # A kill asks for the same orderly stop as Ctrl-C: running PDFs finish, nothing half-written stays.
    signal.signal(signal.SIGTERM, _interrupt)
    show_progress = not args.json and sys.stderr.isatty()
    out = args.out or root / "output"
    try:
        built = build(sources, layouts, clinic, out, today,
                      checks=checks, strict=args.strict, jobs=args.jobs, force=args.force, archive=args.archive,
                      progress=_progress if show_progress else None)
    except KeyboardInterrupt:
        print("\ninterrupted: the output folder holds only complete PDFs", file=sys.stderr)
        return 130
    except FolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if show_progress:
        print(file=sys.stderr)
    results = built.results
    index = out / INDEX if (out / INDEX).is_file() and not built.problems else None
    status = report_json(results, index, built.problems) if args.json else \
        report_text(results, args.debug, index, built.problems)
    if args.report:
        return max(status, _write_report(args.report, _report().rows(sources, results, checks, today), today))
    return status


def _write_report(path: Path, rows, today: dt.date) -> int:
    try:
        _report().write_report(path, rows, today)
    except OSError as exc:
        print(f"error: could not write the report {path}: {reason(exc)}", file=sys.stderr)
        return 1
    return 0


def _report():
    from . import report
    return report


def _language_tag():
    from .content.parse import LANGUAGE_TAG
    return LANGUAGE_TAG


def _exchange(args, sources: list[Source], layouts: dict[str, Path], clinic: Path, root: Path) -> int:
    """--export-po, --import-po, --export-xliff, --import-xliff (README: Translators' workflow)."""
    from .content.parse import parse_handout
    from .exchange import earlier_sources, export_entries, title_budget
    from .po import earlier_po, import_po, po_file
    from .xliff import earlier_xliff, import_xliff, xliff_file

    handouts_dir = args.handouts_dir or root / "handouts"
    try:
        for path in args.import_po or ():
            print(f"wrote {import_po(path, handouts_dir)}")
        for path in args.import_xliff or ():
            print(f"wrote {import_xliff(path, handouts_dir)}")
        exports = [(lang, folder, suffix, write) for lang, folder, suffix, write in (
            (args.export_po, root / "po", "po", lambda e: str(po_file(e)).encode("utf-8")),
            (args.export_xliff, root / "xliff", "xlf", xliff_file)) if lang]
        if exports:  # length budgets measured in every layout, with the clinic the build prints for
            from .render.contact import running_clinic
            every_layout = [v.value for v in (load(parse_layout, p) for p in layouts.values())
                            if isinstance(v.value, Layout)]
            profile = load(parse_clinic, clinic).value
            clinic_name = running_clinic(profile) if profile else ""
        for language, folder, suffix, write in exports:
            folder.mkdir(exist_ok=True)
            for source in (s for s in sources if parse_handout(str(s.path)).translation is None):
                target = folder / f"{source.handout}.{language}.{suffix}"
                earlier = earlier_sources(earlier_po(root / "po" / f"{source.handout}.{language}.po"),
                                          earlier_xliff(root / "xliff" / f"{source.handout}.{language}.xlf"))
                export = export_entries(source.path, language, earlier,
                                        title_budget(source.path, every_layout, clinic_name, language))
                write_atomic(target, write(export))
                fuzzy = sum(e.fuzzy for e in export.entries)
                todo = sum(not e.target for e in export.entries)
                print(f"wrote {target} ({len(export.entries)} strings: {todo} to translate, {fuzzy} to check)")
    except InputError as exc:
        _print_all(exc.diagnostics)
        return 1
    except OSError as exc:
        print(f"error: could not write {exc.filename or 'a file'}: {reason(exc)}", file=sys.stderr)
        return 1
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _progress(result: Result, done: int, total: int) -> None:
    name = result.output.name if result.output else result.source.path.name
    sys.stderr.write(f"\r\033[K[{done}/{total}] {result.status:9} {name}")
    sys.stderr.flush()


def check(sources: list[Source], layouts: dict[str, Path], clinic_path: Path, checks: CheckConfig) -> int:
    """The build stopped before rendering: every input validated, and each handout through the
    same content checks as the build (pipeline.check_handout once, pipeline.check_printed for
    each layout)."""
    from .pipeline import check_handout, check_printed

    inputs = {str(path): load(parse_layout, path) for path in layouts.values()}
    inputs[str(clinic_path)] = clinic = load(parse_clinic, clinic_path)
    usable = [v.value for v in inputs.values() if isinstance(v.value, Layout)] if clinic.value else []
    warnings: dict[str, list] = {}
    for source in sources:
        written = check_handout(str(source.path), checks)
        outcomes = [check_printed(written, layout, clinic.value) for layout in usable]
        # Without a clinic profile or a layout, the checks of the handout as written still run.
        errors = [e for o in outcomes for e in o.errors] if usable else written.errors
        found = [w for o in outcomes for w in o.warnings] if usable else written.warnings
        inputs[str(source.path)] = Loaded(None, list(dict.fromkeys(errors)))
        warnings[str(source.path)] = list(dict.fromkeys(found))
    failed = 0
    for path, loaded in inputs.items():
        _print_all(loaded.errors + warnings.get(path, []))
        failed += bool(loaded.errors)
        print(f"{'FAILED' if loaded.errors else 'ok':7} {display_path(path)}")
    count = sum(map(len, warnings.values()))
    print(f"\n{len(inputs) - failed} valid, {failed} with errors, {count} warning{'s' * (count != 1)}")
    return 1 if failed else 0


def report_text(results: list[Result], debug: bool = False, index: Path | None = None,
                problems: list[str] = ()) -> int:
    shown: set = set()  # a bad layout fails every handout, content warnings recur per layout: say each once
    for r in results:
        if r.ok:
            print(f"{r.status:9} {display_path(str(r.output))}  ({r.pages} page{'s' * (r.pages != 1)}, "
                  f"{r.size / 1024:.0f} KB{f', {r.ms:.0f} ms' if r.status == 'built' else ''})")
        else:
            note = f"; removed the old {display_path(str(r.output))}" if r.removed_stale else ""
            print(f"FAILED    {display_path(str(r.source.path))} [{r.layout}]: "
                  f"{len(r.errors)} error{'s' * (len(r.errors) != 1)}{note}")
        _print_all([d for d in r.errors + r.warnings + r.notes if d not in shown])
        if debug and r.traceback:
            print(r.traceback, file=sys.stderr)
        shown.update(r.errors + r.warnings)
    layouts = list(dict.fromkeys(r.layout for r in results))
    if len(layouts) > 1:
        _matrix(results, layouts)
    if index:
        print(f"\ncatalogue page: {display_path(str(index))} (open it to find, print or email the PDFs)")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    counts = {status: sum(r.status == status for r in results) for status in ("built", "unchanged", "failed")}
    warnings = len({d for r in results for d in r.warnings})
    print(f"\n{counts['built']} built, {counts['unchanged']} unchanged, {counts['failed']} failed, "
          f"{warnings} warning{'s' * (warnings != 1)}")
    return 1 if counts["failed"] or problems else 0


def report_json(results: list[Result], index: Path | None = None, problems: list[str] = ()) -> int:
    """The summary for scripts: one object per PDF, then the counts."""
    pdfs = [{"path": str(r.output) if r.output else None, "source": str(r.source.path),
             "handout": r.source.handout, "language": r.source.language, "layout": r.layout,
             "status": r.status, "pages": r.pages, "bytes": r.size, "ms": round(r.ms, 1),
             "warnings": [d.to_dict() for d in r.warnings], "errors": [d.to_dict() for d in r.errors],
             "notes": [d.to_dict() for d in r.notes]}
            for r in results]
    counts = {status: sum(r.status == status for r in results) for status in ("built", "unchanged", "failed")}
    print(json.dumps({"pdfs": pdfs, **counts, "warnings": sum(len(r.warnings) for r in results),
                      "catalogue": str(index) if index else None, "problems": list(problems)}, indent=1))
    return 1 if counts["failed"] or problems else 0


def _matrix(results: list[Result], layouts: list[str]) -> None:
    """Handout x language down, layout across: pages built, or FAILED."""
    cells = {(r.source.handout, r.source.language, r.layout): r for r in results}
    rows = list(dict.fromkeys((r.source.handout, r.source.language) for r in results))
    # Columns as wide as their longest entry or heading (tags such as zh-Hans outgrow "lang").
    width = max([len(h) for h, _ in rows] + [len("handout")])
    lang = max([len(lg) for _, lg in rows] + [len("lang")])
    print(f"\n{'handout':{width}}  {'lang':{lang}}  " + "  ".join(f"{n:>11}" for n in layouts))
    for handout, language in rows:
        marks = []
        for name in layouts:
            r = cells[(handout, language, name)]
            marks.append(f"{f'{r.pages} pages' if r.ok else 'FAILED':>11}")
        print(f"{handout:{width}}  {language:{lang}}  " + "  ".join(marks))


def _print_all(diagnostics) -> None:
    sys.stdout.flush()  # keep messages next to the line they belong to
    for d in diagnostics:
        print(f"  {d}", file=sys.stderr)
