"""Plan and run builds: every selected handout file x layout becomes one PDF job.

Each job is independent: a broken handout fails alone and the others are still built. A PDF
is rendered in memory, read back and checked, and only then renamed into place; a handout
that fails has its old PDF removed, so ``output/`` never holds a stale-looking file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from reportlab.platypus.doctemplate import LayoutError

from .checks.glyphs import missing_glyphs
from .checks.readback import verify_pdf
from .clinic import Clinic, parse_clinic
from .content.model import Handout, Item, fill_placeholders
from .content.parse import parse_handout
from .diagnostics import Diagnostic, InputError, Location
from .labels import labels_for
from .layout.model import Layout
from .layout.parse import parse_layout
from .render.contact import contact_items
from .render.document import render
from .render.flowables import RenderProblem

T = TypeVar("T")


class UsageError(Exception):
    """The command asked for something that does not exist (exit code 2)."""


@dataclass(frozen=True)
class Source:
    """One handout file: handouts/<handout>/<language>.yaml."""
    handout: str
    language: str
    path: Path


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A parsed input, or the errors that stopped it."""
    value: T | None
    errors: list[Diagnostic]


def load(parse: Callable[[str], T], path: Path) -> Loaded[T]:
    try:
        return Loaded(parse(str(path)), [])
    except InputError as exc:
        return Loaded(None, exc.diagnostics)


@dataclass
class Result:
    source: Source
    layout: str
    output: Path | None  # None when the clinic profile could not be read
    built: bool = False
    pages: int = 0
    size: int = 0
    ms: float = 0.0
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    removed_stale: bool = False


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


def as_printed(handout: Handout, layout: Layout, clinic: Clinic) -> Handout:
    """The handout as ``layout`` prints it for ``clinic``: leaflets leave out the sections marked
    ``leaflet: false``, and the clinic's details fill the placeholders."""
    if layout.fold != "none":
        handout = handout.for_leaflet()
    return fill_placeholders(handout, clinic.placeholders())


def expected_items(handout: Handout, clinic: Clinic) -> list[Item]:
    """Everything the PDF must show, in reading order: the content, the contact box, the sources."""
    return [*handout.body_items(), *contact_items(clinic, labels_for(handout.language)), *handout.sources]


def content_warnings(handout: Handout, today: dt.date) -> list[Diagnostic]:
    if handout.review_by < today:
        return [Diagnostic(handout.key_locations["review_by"],
                           f"review_by {handout.review_by} has passed; have the handout reviewed, "
                           "then update reviewed and review_by", "warning")]
    return []


def build_one(source: Source, handout: Loaded[Handout], layout_name: str, layout: Loaded[Layout],
              clinic: Loaded[Clinic], out_dir: Path, today: dt.date, strict: bool) -> Result:
    output = out_dir / output_name(source, layout_name, clinic.value) if clinic.value else None
    result = Result(source, layout_name, output, errors=[*handout.errors, *layout.errors, *clinic.errors])
    start = time.perf_counter()
    pdf = None
    if not result.errors:
        pdf = _render_checked(handout.value, layout.value, clinic.value, result)
        result.warnings[:0] = content_warnings(handout.value, today)
        if strict and result.warnings:
            result.errors += [dataclasses.replace(w, severity="error") for w in result.warnings]
            result.warnings = []
    if pdf and not result.errors:
        write_atomic(output, pdf)
        result.built, result.size = True, len(pdf)
    elif output and output.exists():
        output.unlink()
        result.removed_stale = True
    result.ms = (time.perf_counter() - start) * 1000
    return result


def _render_checked(handout: Handout, layout: Layout, clinic: Clinic, result: Result) -> bytes | None:
    """Render, read back and check one PDF; problems go into ``result``. Returns the PDF bytes."""
    handout = as_printed(handout, layout, clinic)
    expected = expected_items(handout, clinic)
    result.errors = missing_glyphs(expected, layout.font_family)
    if result.errors:
        return None
    try:
        rendered = render(handout, layout, clinic)
    except RenderProblem as exc:
        result.errors = [Diagnostic(exc.location, exc.message)]
        return None
    except LayoutError as exc:
        result.errors = [Diagnostic(Location(handout.path, 1, 1), f"content does not fit the page: {exc}")]
        return None
    result.errors = verify_pdf(rendered.pdf, expected, layout.reading_regions(rendered.pages))
    result.pages = rendered.pages
    if rendered.pages > layout.budget:
        result.warnings.append(Diagnostic(
            Location(handout.path, 1, 1),
            f"{rendered.pages} pages in the {layout.name} layout, over its budget of {layout.budget}; "
            "shorten the handout", "warning"))
    return rendered.pdf


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give; mkstemp's 0600 would hide PDFs on a shared drive


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def build(sources: list[Source], layouts: dict[str, Path], clinic_path: Path, out_dir: Path,
          today: dt.date, strict: bool = False) -> list[Result]:
    loaded_layouts = {name: load(parse_layout, path) for name, path in layouts.items()}
    clinic = load(parse_clinic, clinic_path)
    results = []
    for source in sources:
        handout = load(parse_handout, source.path)
        for name, layout in loaded_layouts.items():
            results.append(build_one(source, handout, name, layout, clinic, out_dir, today, strict))
    return results
