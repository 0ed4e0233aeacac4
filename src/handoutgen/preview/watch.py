"""``generate.py --watch``: build, then rebuild whenever an input is saved, until Ctrl-C.

Each rebuild is an ordinary incremental build, so a saved handout remakes only its own PDFs, a
saved layout only the PDFs in that layout, a saved picture only the PDFs that show it. The
handouts, layouts and checks settings are looked up again for every rebuild, so a new handout
folder, a new language or a new layout (with ``--layout all``) is picked up while watching.

Files are watched with watchfiles (the Rust ``notify`` crate: inotify, FSEvents, ReadDirectoryChangesW).
Folders are watched one level deep each, never recursively from the clinic profile's folder,
which is usually the project folder with ``.venv`` and ``output`` in it: the handouts folder and
every folder below it, the layouts folder, and the folders of the clinic profile, its logo, the
checks file and its glossaries. An editor's save burst (a temporary file, a rename, a backup) is
one rebuild: changes are gathered until none has come for a moment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from watchfiles import Change
from watchfiles._rust_notify import RustNotify  # documented as the "Rust backend" of watchfiles

from ..catalogue.page import INDEX
from ..build import Built, UsageError, build, discover, layout_paths, select
from ..checks.config import load_config
from ..clinic import parse_clinic
from ..diagnostics import Diagnostic, InputError, display_path
from ..jobs import Result, Source, load
from ..outfolder import FolderError

PICTURES = (".svg", ".png", ".jpg", ".jpeg")
STEP_MS = 150  # a save burst ends when nothing has changed for this long
DEBOUNCE_MS = 2000  # ... or after this long, whatever keeps changing
# A rebuild that may make up to this many PDFs runs in this process, which has the renderer
# loaded: starting worker processes costs about 3 s on a 2-core machine, more than these PDFs.
IN_PROCESS = 12
WAKE_MS = 1000  # how often the wait looks up (Ctrl-C is noticed then)
POLL_MS = 300  # with WATCHFILES_FORCE_POLLING, for shares that send no change events
# Editors' swap, backup and lock files, and the temporary files our own writes rename into place.
_SCRATCH = re.compile(r"^\.|~$|\.sw[a-p]$|\.tmp$|^#.*#$|^4913$")


@dataclass
class Inputs:
    """Where a build's inputs are, as the command line named them."""
    handouts_dir: Path
    layouts_dir: Path
    clinic: Path
    checks: Path
    out: Path

    def files(self) -> set[Path]:
        """Single input files outside the handouts and layouts folders: the clinic profile and
        its logo, the checks file and its glossaries (read afresh: they may name new files)."""
        files = {self.clinic, self.checks}
        clinic = load(parse_clinic, self.clinic).value
        if clinic and clinic.logo:
            files.add(Path(clinic.logo))
        files.update(_glossaries(self.checks))
        return {_absolute(f) for f in files}

    def folders(self, files: set[Path]) -> list[Path]:
        """Every folder to watch, one level deep each."""
        out = _absolute(self.out)
        folders = {_absolute(self.layouts_dir)} | {f.parent for f in files}
        for top, dirs, _ in os.walk(_absolute(self.handouts_dir)):
            dirs[:] = [d for d in dirs if not d.startswith(".") and Path(top, d) != out]
            folders.add(Path(top))
        return sorted(f for f in folders if f.is_dir())

    def affected(self, changed: list[Path], sources: list[Source]) -> int:
        """How many handout files a rebuild may remake: those in the folders of the saved
        handout files, or every one when anything else was saved (a layout, the clinic profile, a
        picture that any handout may show) or for the first build."""
        if not changed or any(p.suffix != ".yaml" or not _within(p, _absolute(self.handouts_dir)) for p in changed):
            return len(sources)
        folders = {p.parent for p in changed}
        return sum(_absolute(s.path).parent in folders for s in sources)

    def relevant(self, change: Change, path: Path, files: set[Path]) -> bool:
        """Whether ``change`` to ``path`` can change a PDF."""
        if path in files:
            return True
        if _SCRATCH.search(path.name) or _within(path, _absolute(self.out)):
            return False
        if _within(path, _absolute(self.handouts_dir)):
            # A handout, a picture, or a new folder (a handout's, or one for pictures). A folder
            # removed is seen through the removal of its files.
            return path.suffix.lower() in (".yaml", *PICTURES) or change == Change.added and path.is_dir()
        return path.parent == _absolute(self.layouts_dir) and path.suffix == ".yaml"


@dataclass
class Round:
    """One build while watching: what it made, and what stopped it from starting."""
    number: int
    changed: list[Path]  # the saved files that started it (none for the first build)
    built: Built = field(default_factory=lambda: Built([], []))
    diagnostics: list[Diagnostic] = field(default_factory=list)  # errors in the checks file
    finished: dt.datetime = field(default_factory=dt.datetime.now)


class Listener:
    """Told about every build (the preview server is one)."""

    def building(self, changed: list[Path]) -> None: ...

    def finished(self, round: Round) -> None: ...


def run(args, root: Path, listener: Listener | None = None) -> int:
    """Watch until Ctrl-C or a kill: 0 when stopped while waiting, 130 when a build was
    interrupted (as for any build), 1 when the output folder cannot be used at all."""
    from ..cli import report_text  # the first build prints what any build prints

    inputs = Inputs(args.handouts_dir or root / "handouts", args.layouts_dir or root / "layouts",
                    args.clinic or root / "clinic.yaml", args.checks or root / "checks.yaml",
                    args.out or root / "output")
    languages = [lang for value in args.lang for lang in value.split(",") if lang]
    listener = listener or Listener()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill stops as Ctrl-C does

    building = False  # for the exit code of Ctrl-C

    def rebuild(number: int, changed: list[Path]) -> Round:
        nonlocal building
        building = True
        if changed:
            _print_saved(changed)  # once this shows, Ctrl-C interrupts a build
        listener.building(changed)
        result = Round(number, changed)
        try:
            sources = select(discover(inputs.handouts_dir), args.handouts, languages)
            layouts = layout_paths(inputs.layouts_dir, args.layout)
            checks = load_config(inputs.checks)
            jobs = args.jobs if inputs.affected(changed, sources) * len(layouts) > IN_PROCESS else 1
            result.built = build(sources, layouts, inputs.clinic, inputs.out, args.today or dt.date.today(),
                                 checks=checks, strict=args.strict, jobs=jobs,
                                 force=args.force and number == 1)
        except UsageError as exc:
            result.built.problems.append(str(exc))
        except InputError as exc:
            result.diagnostics = exc.diagnostics
        except FolderError as exc:
            if number == 1:
                raise  # nothing can be built at all
            result.built.problems.append(str(exc))  # perhaps only for now (a share went away)
        result.finished = dt.datetime.now()
        building = False
        listener.finished(result)
        return result

    number = 0
    try:
        while True:
            files = inputs.files()
            folders = inputs.folders(files)
            try:
                watcher = RustNotify([str(f) for f in folders], False, _polling(), POLL_MS, False, True)
            except FileNotFoundError:
                continue  # a folder was removed between looking and watching: look again
            with watcher:
                # Started before the build, so nothing saved while it runs is missed.
                number += 1
                if number == 1:
                    _print_first(rebuild(number, []), report_text, args.debug, inputs.out / INDEX)
                else:
                    _print_round(rebuild(number, []), quiet=True)  # the folders changed: catch up on the gap
                while folders == inputs.folders(files := inputs.files()):
                    _waiting(folders)
                    changed = _wait(watcher, inputs, files)
                    number += 1
                    _print_round(rebuild(number, changed))
    except FolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: the output folder holds only complete PDFs" if building else "\nstopped watching",
              file=sys.stderr)
        return 130 if building else 0


def _wait(watcher: RustNotify, inputs: Inputs, files: set[Path]) -> list[Path]:
    """Block until a relevant file changes; the changed files, sorted."""
    while True:
        raw = watcher.watch(DEBOUNCE_MS, STEP_MS, WAKE_MS, None)
        if raw == "signal":
            raise KeyboardInterrupt
        if isinstance(raw, set):
            changed = sorted({p for change, name in raw if inputs.relevant(Change(change), p := Path(name), files)})
            if changed:
                return changed


def _waiting(folders: list[Path]) -> None:
    print(f"watching {len(folders)} folder{'s' * (len(folders) != 1)} for changes (Ctrl-C to stop)", flush=True)


def _print_first(first: Round, report_text: Callable, debug: bool, index: Path) -> None:
    _print_problems(first)
    if first.built.results:
        report_text(first.built.results, debug, index if index.is_file() else None, [])
    sys.stdout.flush()


def _print_saved(changed: list[Path]) -> None:
    """What was saved, before its rebuild starts."""
    names = ", ".join(display_path(str(p)) for p in changed[:3]) + (
        f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    print(f"\n{dt.datetime.now():%H:%M:%S} saved: {names}", flush=True)


def _print_round(r: Round, quiet: bool = False) -> None:
    """A rebuild, briefly: the PDFs made again or failed with their diagnostics, and the
    counts. ``quiet``: nothing at all if nothing changed."""
    if quiet and not r.diagnostics and not r.built.problems and \
            all(res.status == "unchanged" for res in r.built.results):
        return
    _print_problems(r)
    shown: set = set()
    for result in r.built.results:
        if result.status != "unchanged":
            print(_line(result))
            _diagnostics([d for d in result.errors + result.warnings if d not in shown])
            shown.update(result.errors + result.warnings)
    counts = {s: sum(res.status == s for res in r.built.results) for s in ("built", "unchanged", "failed")}
    warnings = len({d for res in r.built.results for d in res.warnings})
    print(f"{counts['built']} built, {counts['unchanged']} unchanged, {counts['failed']} failed, "
          f"{warnings} warning{'s' * (warnings != 1)}", flush=True)


def _print_problems(r: Round) -> None:
    _diagnostics(r.diagnostics)
    for problem in r.built.problems:
        print(f"error: {problem}", file=sys.stderr, flush=True)


def _line(r: Result) -> str:
    if r.ok:
        return f"{r.status:9} {display_path(str(r.output))}  ({r.pages} page{'s' * (r.pages != 1)}, {r.ms:.0f} ms)"
    return f"FAILED    {display_path(str(r.source.path))} [{r.layout}]: {len(r.errors)} error{'s' * (len(r.errors) != 1)}"


def _diagnostics(diagnostics: list[Diagnostic]) -> None:
    sys.stdout.flush()  # keep messages next to the line they belong to
    for d in diagnostics:
        print(f"  {d}", file=sys.stderr, flush=True)


def _glossaries(checks: Path) -> set[Path]:
    """The clinic's glossary files that a valid checks file names (relative to its folder)."""
    try:
        load_config(checks)  # valid, and within the limits every YAML file is read with
        names = (yaml.safe_load(checks.read_text(encoding="utf-8")) or {}).get("glossaries") if checks.is_file() else ()
    except (InputError, OSError):
        return set()  # the rebuild says what is wrong
    return {checks.parent / str(name) for name in names or ()}


def _polling() -> bool:
    """watchfiles' own switch: set and not false, disable or disabled."""
    value = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    return bool(value) and value.lower() not in ("false", "disable", "disabled")


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
