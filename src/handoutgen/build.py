"""Plan and run a build: every selected handout file x layout is one PDF job.

Jobs are independent: a broken handout fails alone and the others are still built, in
parallel across processes. A PDF whose inputs (handout, layout, clinic profile and logo, fonts,
the tool itself) are unchanged since the last build is not made again; the manifest in the
output folder remembers each PDF's input key, size and time. Any change to an input changes
the key, so a PDF is never stale. A PDF is only ever renamed into place whole; temporary files
left by a killed build are swept away, and a failed handout's old PDF is removed (but not when
only writing the new one failed: then the old one is kept).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import importlib.metadata
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .archive import default_folder, keeping
from .catalogue.page import INDEX, write_index
from .checks.config import CheckConfig
from .clinic import Clinic, parse_clinic
from .diagnostics import Diagnostic
from .fonts import versions as font_versions
from .jobs import Job, Result, Source, load
from .layout.model import Layout
from .layout.parse import parse_layout
from .outfolder import MANIFEST, Manifest, reason, running, writing
from .resolve import Refused, read_limited
from .workers import run_jobs
from .yamlsource import MAX_FILE_BYTES

# Libraries whose version can change the bytes of a PDF or the outcome of its checks.
_LIBRARIES = ("reportlab", "pypdf", "PyYAML", "fonttools", "svglib", "uharfbuzz", "python-bidi", "pikepdf",
              "wordfreq", "jieba")


class UsageError(Exception):
    """The command asked for something that does not exist (exit code 2)."""


@dataclass
class Built:
    results: list[Result]
    problems: list[str]  # one line each: what went wrong for the build as a whole


def discover(handouts_dir: Path) -> list[Source]:
    sources = []
    for folder in sorted(p for p in handouts_dir.iterdir() if p.is_dir()) if handouts_dir.is_dir() else ():
        for path in sorted(folder.glob("*.yaml")):
            sources.append(Source(folder.name, path.stem, path))
    return sources


def select(sources: list[Source], handouts: list[str], languages: list[str]) -> list[Source]:
    known = {s.handout for s in sources}
    unknown = [h for h in handouts if h not in known]
    if unknown:
        raise UsageError(f"unknown handout {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none'}")
    chosen = [s for s in sources if (not handouts or s.handout in handouts)
              and (not languages or s.language in languages)]
    if not chosen:
        raise UsageError("no handout file matches " + (f"--lang {','.join(languages)}" if languages else "the selection"))
    return chosen


def layout_paths(layouts_dir: Path, name: str) -> dict[str, Path]:
    """``all`` or one layout name -> {name: path}."""
    known = sorted(p.stem for p in layouts_dir.glob("*.yaml"))
    if name == "all" and known:
        return {n: layouts_dir / f"{n}.yaml" for n in known}
    if name not in known:
        raise UsageError(f"unknown layout '{name}'; known: {', '.join(known) or 'none'}, or all")
    return {name: layouts_dir / f"{name}.yaml"}


def output_name(source: Source, layout: str, clinic: Clinic) -> str:
    suffix = f".{clinic.id}" if clinic.id else ""
    return f"{source.handout}.{source.language}.{layout}{suffix}.pdf"


@cache
def tool_digest() -> str:
    """Digest of the tool itself: its own code and data files, and the libraries and font
    packages that shape the PDF. Editing any of them rebuilds every PDF; the catalogue page (remade
    on every build) and the preview server draw no PDF, so their code is left out."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml")
                       and not {"catalogue", "preview"} & set(p.relative_to(package).parts)):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        h.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    for name, version in font_versions().items():
        h.update(f"{name}=={version}\n".encode())
    return h.hexdigest()


# The source language a translation names, block style or flow style; read from the bytes
# because the key is computed before (and without) parsing.
_SOURCE = re.compile(rb"^translation:[ \t]*(?:\{[^}]*?|(?:\n(?:[ \t]+.*)?)*?\n[ \t]+)"
                     rb"\bsource:[ \t]*[\"']?([A-Za-z0-9-]+)", re.MULTILINE)


def _content_digest(path: Path) -> str:
    """Digest of a handout file, and for a translation (a file with a top-level ``translation``
    key) of its source too: a translation is checked against its source, so editing the source
    rebuilds (and re-checks) its translations, and editing a sibling translation does not. When
    the source cannot be read off the bytes, every language beside it counts."""
    data = _bytes(path)
    h = hashlib.sha256(data)
    if re.search(rb"^translation:", data, re.MULTILINE):
        named = _SOURCE.search(data)
        siblings = ([path.parent / f"{named[1].decode()}.yaml"] if named
                    else sorted(p for p in path.parent.glob("*.yaml") if p != path))
        for sibling in siblings:
            h.update(sibling.name.encode() + b"\0" + _bytes(sibling))
    return h.hexdigest()


def _bytes(path: Path) -> bytes:
    """A handout file's bytes, read within the limits every YAML file is read with; a file that
    cannot be read has no bytes here, and its build says why."""
    try:
        return read_limited(path.resolve(), MAX_FILE_BYTES).data
    except Refused:
        return b""


def job_key(source_digest: str, layout: Layout, clinic: Clinic, checks: CheckConfig) -> str:
    h = hashlib.sha256()
    for part in (tool_digest(), layout.digest, clinic.digest, checks.digest, source_digest):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def build(sources: list[Source], layouts: dict[str, Path], clinic_path: Path, out_dir: Path,
          today: dt.date, *, checks: CheckConfig = CheckConfig(), strict: bool = False, jobs: int = 1,
          force: bool = False, archive: Path | None = None,
          progress: Callable[[Result, int, int], None] | None = None) -> Built:
    """Build every source in every layout. ``progress(result, done, total)`` follows each PDF.
    Every PDF built is also kept in ``archive`` (default: archive/ beside ``out_dir``).
    Raises FolderError when the output folder cannot be used at all."""
    with running(out_dir, lambda name: name.endswith(".pdf") or name in (MANIFEST, INDEX)) as lock, \
            keeping(archive or default_folder(out_dir), out_dir) as kept:
        return _build(sources, layouts, clinic_path, out_dir, today, checks, strict, jobs, force, progress, lock,
                      kept)


def _build(sources, layouts, clinic_path, out_dir, today, checks, strict, jobs, force, progress, lock,
           kept) -> Built:
    loaded_layouts = {name: load(parse_layout, path) for name, path in layouts.items()}
    clinic = load(parse_clinic, clinic_path)
    manifest = Manifest(out_dir)
    results: list[Result] = []
    keys: dict[Path, str] = {}
    todo: list[Job] = []
    for source in sources:
        source_digest = _content_digest(source.path)  # once, for every layout
        for name, layout in loaded_layouts.items():
            if layout.errors or clinic.errors:
                output = out_dir / output_name(source, name, clinic.value) if clinic.value else None
                results.append(Result(source, name, output, errors=[*layout.errors, *clinic.errors]))
                continue
            output = out_dir / output_name(source, name, clinic.value)
            job = Job(source, layout.value, clinic.value, checks, output,
                      job_key(source_digest, layout.value, clinic.value, checks))
            keys[output] = job.key
            reused = None if force else manifest.reuse(job)
            if reused:
                results.append(reused)
            else:
                todo.append(job)
    total = len(results) + len(todo)
    built = Built([], [])
    try:
        for result in itertools.chain(results, _run(todo, jobs)):
            _settle(result, today, strict, manifest, keys.get(result.output))
            kept.record(result, keys.get(result.output), clinic_path)
            built.results.append(result)
            if progress:
                progress(result, len(built.results), total)
    finally:
        # Also after Ctrl-C: what was built stays known, and is listed.
        try:
            with writing(lock):
                manifest.save()
                write_index(out_dir, manifest.pdfs, today)
        except OSError as exc:
            built.problems.append(f"could not write the manifest and catalogue page in {out_dir}: {reason(exc)}")
        built.problems += kept.problems
    built.results.sort(key=lambda r: (str(r.source.path), r.layout))
    return built


def _run(todo: list[Job], jobs: int) -> Iterator[Result]:
    if not todo:  # nothing changed: the renderer and its checks are not even imported
        return iter(())
    from .make_pdf import make_pdf  # the renderer is imported only when something is built

    if jobs <= 1 or len(todo) <= 1:
        return map(make_pdf, todo)
    return run_jobs(todo, jobs, make_pdf)


def _settle(result: Result, today: dt.date, strict: bool, manifest: Manifest, key: str | None) -> None:
    """Day-dependent warnings, --strict, the manifest and stale PDFs: decided here, for built and
    unchanged PDFs alike."""
    day_independent = list(result.warnings)
    if result.review_by and result.review_by < today:
        result.warnings.insert(0, Diagnostic(
            result.review_at, f"review_by {result.review_by} has passed; have the handout reviewed, "
                              "then update reviewed and review_by", "warning"))
    if strict and (result.warnings or (result.ok and result.signed_off is None)):
        result.errors += [dataclasses.replace(w, severity="error") for w in result.warnings]
        result.warnings = []
        if result.ok and result.signed_off is None:
            result.errors.append(unsigned(result.review_at, result.translation != "source"))
        result.status = "failed"
    if result.status == "built":
        manifest.record(key, result, day_independent)
    elif not result.ok and result.output and not result.kept_previous:
        manifest.forget(result.output)
        if result.output.exists():
            result.output.unlink()
            result.removed_stale = True


def unsigned(at, translation: bool) -> Diagnostic:
    """--strict refuses a draft: content no clinician has signed off."""
    whose = "its source handout is" if translation else "it is"
    return Diagnostic(at, f"{whose} a draft, not signed off by a clinician, and --strict refuses drafts; once a "
                          "clinician has reviewed it, add to the source 'signed_off:' with 'by:' (a role or "
                          "name) and 'date:' (the day of the review, as 'reviewed')")
