"""The archive's commands: which PDF was current when (``--as-of``), which PDF a printed version
came from (``--find-version``), copying it out (``--copy-to``), ``--prune-archive`` and
``--verify-archive``.

Exit codes as for a build: 0 found (or done), 1 nothing found or the archive has a problem,
2 the command itself was wrong or does not say which one PDF it means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..diagnostics import InputError, display_path
from ..jobs import Source
from ..outfolder import reason
from .ledger import LEDGER, Archive, ArchiveError, Entry, default_folder, parse_utc, utc

VERSION = re.compile(r"[0-9a-f]{8}")


class Usage(Exception):
    """The command does not say what it means (exit code 2)."""


def wanted(args: argparse.Namespace) -> bool:
    """Whether the command line asks for one of the archive's commands instead of a build."""
    return any((args.as_of, args.find_version, args.copy_to, args.prune_archive, args.keep_years is not None,
                args.verify_archive))


def run(p: argparse.ArgumentParser, args: argparse.Namespace, argv: list[str], root: Path) -> int:
    out = args.out or root / "output"
    folder = args.archive or default_folder(out)
    try:
        if args.prune_archive == (args.keep_years is None):
            raise Usage("--prune-archive needs --keep-years N (and --keep-years goes with --prune-archive)")
        if args.copy_to and not (args.as_of or args.find_version):
            raise Usage("--copy-to goes with --as-of or --find-version")
        if not (folder / LEDGER).is_file():
            print(f"error: no archive at {display_path(str(folder))}: nothing was built there yet "
                  "(or name it with --archive)", file=sys.stderr)
            return 1
        archive = Archive(folder)
        try:
            if args.prune_archive:
                return _prune(archive, args.keep_years)
            if args.verify_archive:
                return _verify(archive)
            return _find(archive, p, args, argv, out, root)
        finally:
            archive.close()
    except Usage as exc:
        p.error(str(exc))  # exits 2
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _find(archive: Archive, p: argparse.ArgumentParser, args, argv: list[str], out: Path, root: Path) -> int:
    version, when = _version_or_time(archive, args)
    if version:
        entries = _narrow(archive, archive.with_version(version), p, args, argv)
        if not entries:
            print(f"no archived PDF has version {version}", file=sys.stderr)
            return 1
        print(f"version {version}:")
    else:
        folder, name = _which(archive, args, out, root)
        start, end, said = when
        entries = archive.current(folder, name, start, end)
        shown = f"{display_path(str((archive.folder / folder).resolve() / name))}"
        if not entries:
            first = archive.db.execute("SELECT min(built_at) FROM published WHERE folder = ? AND name = ?",
                                       (folder, name)).fetchone()[0]
            print(f"nothing archived for {shown} {said}" + (f"; the first is from {_time(first)}" if first else ""),
                  file=sys.stderr)
            return 1
        print(f"{shown} {said}:")
    for entry in entries:
        _show(archive, entry)
    pdfs = [e for e in entries if e.sha256]
    if not pdfs:
        return 1  # withdrawn: no PDF was current
    if args.copy_to:
        if len({e.sha256 for e in pdfs}) > 1:
            raise Usage(f"{len({e.sha256 for e in pdfs})} different PDFs match; say which with a time (not a day), "
                        "--layout, --clinic or --out before --copy-to")
        target = args.copy_to / pdfs[0].name if args.copy_to.is_dir() else args.copy_to
        try:
            write_atomic(target, archive.read(pdfs[0]))
        except OSError as exc:
            print(f"error: could not write {target}: {reason(exc)}", file=sys.stderr)
            return 1
        print(f"copied to {display_path(str(target))}")
    return 0


def _version_or_time(archive: Archive, args) -> tuple[str | None, tuple | None]:
    """``--find-version HASH``, or ``--as-of`` holding a version (8 hex digits) or a day or time."""
    if args.find_version:
        if args.as_of:
            raise Usage("give --as-of or --find-version, not both")
        if not VERSION.fullmatch(args.find_version.lower()):
            raise Usage(f"--find-version {args.find_version!r}: a version is the 8 letters and digits (0-9, a-f) "
                        "printed after 'version' at the foot of every page")
        return args.find_version.lower(), None
    text = args.as_of.strip()
    try:
        when = _when(text)
    except ValueError:
        when = None
    if VERSION.fullmatch(text.lower()):
        if when is None or not archive.with_version(text.lower()):
            return text.lower(), None
        raise Usage(f"--as-of {text} is both a date and a version that the archive holds; write the "
                    f"date as {text[:4]}-{text[4:6]}-{text[6:]} or use --find-version {text}")
    if when is None:
        raise Usage(f"--as-of {text!r} is not a date (2026-11-25), a time (2026-11-25 14:30, "
                    "2026-11-25T14:30+01:00) or a version (8 hex digits from a page's foot)")
    return None, when


def _when(text: str) -> tuple[str, str | None, str]:
    """A day means the whole local day: every PDF current at any time in it. A time without a
    zone is local. Returns (start, end or None, how to say it) with ledger times."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        moment = dt.datetime.fromisoformat(text).astimezone()  # naive means local
        return utc(moment), None, f"as of {moment.isoformat(' ', 'seconds')}"
    start = dt.datetime.combine(day, dt.time()).astimezone()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone() - dt.timedelta(microseconds=1)
    return utc(start), utc(end), f"on {day.isoformat()} (local time, {start.strftime('%Z')})"


def _which(archive: Archive, args, out: Path, root: Path) -> tuple[str, str]:
    """The output folder (as the ledger names it) and PDF name a time query means."""
    from ..build import output_name  # the one place that names PDFs

    languages = [lang for value in args.lang for lang in value.split(",") if lang]
    if len(args.handouts) != 1 or len(languages) != 1:
        raise Usage("--as-of a time needs one HANDOUT and one --lang (and --layout, --clinic if not the defaults)")
    if args.layout == "all":
        raise Usage("--as-of needs one --layout, not all")
    clinic = _clinic(args.clinic or root / "clinic.yaml")
    name = output_name(Source(args.handouts[0], languages[0], Path()), args.layout, clinic)
    here = archive.folder_key(out)
    folders = archive.folders_with(name)
    if args.out or here in folders or len(folders) != 1:
        if not args.out and here not in folders and len(folders) > 1:
            raise Usage(f"{name} was published from {len(folders)} output folders: "
                        f"{', '.join(str((archive.folder / f).resolve()) for f in folders)}; say which with --out")
        return here, name
    return folders[0], name


def _clinic(path: Path):
    from ..clinic import parse_clinic

    if not path.is_file():
        raise Usage(f"no clinic profile at {path}")
    try:
        return parse_clinic(str(path))
    except InputError as exc:
        for d in exc.diagnostics:
            print(f"  {d}", file=sys.stderr)
        raise ArchiveError(f"the clinic profile {path} has errors; its id names the PDF") from None


def _narrow(archive: Archive, entries: list[Entry], p: argparse.ArgumentParser, args, argv: list[str]) -> list[Entry]:
    """A version names a handout file; keep the PDFs of it that the command line names."""
    given = p.parse_args(argv, argparse.Namespace(layout=None, clinic=None))  # what was typed, without defaults
    languages = [lang for value in args.lang for lang in value.split(",") if lang]
    clinic_id = _clinic(given.clinic).id if given.clinic else None
    return [e for e in entries
            if (not args.handouts or e.handout in args.handouts)
            and (not languages or e.language in languages)
            and (not given.layout or e.layout == given.layout)
            and (not given.clinic or e.clinic_id == clinic_id)
            and (not args.out or e.folder == archive.folder_key(args.out))]


def _show(archive: Archive, e: Entry) -> None:
    if not e.sha256:
        print(f"  no PDF: withdrawn {_time(e.built_at)} (its handout failed to build)"
              + (f", until {_time(e.until)}" if e.until else ""))
        return
    until = f"until {_time(e.until)}" if e.until else "still current"
    review = e.review_state or "not recorded"
    clinical = {None: "clinical sign-off not recorded", "none": "a draft: not signed off by a clinician"}.get(
        e.signed_off, f"signed off by {e.signed_off}")
    print(f"  version {e.version}, {e.handout} · {e.language} · {e.layout}"
          f"{f' · clinic {e.clinic_id}' if e.clinic_id else ''}, review state {review}"
          f"{f' (review by {e.review_by})' if e.review_by else ''}, {clinical}")
    print(f"    current from {_time(e.built_at)}, {until}"
          f"{' (found in the output folder, not recorded by its build)' if e.kind == 'adopted' else ''}")
    print(f"    {display_path(str(archive.folder / e.archive_path))}  "
          f"({e.pages} page{'s' * (e.pages != 1)}, {e.bytes / 1024:.0f} KB, sha256 {e.sha256})")
    print(f"    published as {display_path(str((archive.folder / e.folder).resolve() / e.name))}")


def _time(text: str) -> str:
    """A ledger time in UTC and the local time."""
    moment = parse_utc(text)
    local = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") + (f" ({local.strftime('%Y-%m-%d %H:%M %Z')})"
                                                      if local.utcoffset() else "")


def _prune(archive: Archive, years: int) -> int:
    if years < 1:
        raise Usage("--keep-years must be 1 or more")
    now = dt.datetime.now(dt.timezone.utc)
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - years, day=28)
    removed, files = archive.prune(cutoff)
    for e in removed:
        what = f"version {e.version}" if e.sha256 else "withdrawal"
        print(f"removed entry: {e.folder}/{e.name} {what}, from {_time(e.built_at)}")
    for path in files:
        print(f"removed file: {display_path(str(path))}")
    left = archive.db.execute("SELECT count(*) FROM published").fetchone()[0]
    print(f"\npruned {len(removed)} entr{'y' if len(removed) == 1 else 'ies'} and {len(files)} "
          f"file{'s' * (len(files) != 1)} no longer current since before {_time(utc(cutoff))}; "
          f"{left} entr{'y' if left == 1 else 'ies'} kept, including every current PDF")
    return 0


def _verify(archive: Archive) -> int:
    problems = archive.verify()
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    rows, files = archive.db.execute("SELECT count(*), count(DISTINCT sha256) FROM published").fetchone()
    print(f"{'archive ok' if not problems else f'{len(problems)} problems'}: "
          f"{rows} entries, {files} archived PDFs in {display_path(str(archive.folder))}")
    return 1 if problems else 0
