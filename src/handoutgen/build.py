"""Plan and run builds: every selected handout file x layout becomes one PDF job.

Each job is independent: a broken handout fails alone and the others are still built. A PDF
is rendered in memory, read back and checked, and only then renamed into place; a handout
that fails has its old PDF removed, so ``output/`` never holds a stale-looking file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from .checks.glyphs import missing_glyphs
from .checks.readback import verify_pdf
from .content.model import Handout
from .content.parse import parse_handout
from .diagnostics import Diagnostic, InputError, Location
from .layout.model import Layout
from .layout.parse import parse_layout
from .render.document import render
from .render.flowables import BlockTooLarge


class UsageError(Exception):
    """The command asked for something that does not exist (exit code 2)."""


@dataclass(frozen=True)
class Source:
    """One handout file: handouts/<handout>/<language>.yaml."""
    handout: str
    language: str
    path: Path


@dataclass
class Result:
    source: Source
    layout: str
    output: Path
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


def layout_path(layouts_dir: Path, name: str) -> Path:
    path = layouts_dir / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in layouts_dir.glob("*.yaml"))
        raise UsageError(f"unknown layout '{name}'; known: {', '.join(known) or 'none'}")
    return path


def load_layout(path: Path) -> tuple[Layout | None, list[Diagnostic]]:
    try:
        return parse_layout(str(path)), []
    except InputError as exc:
        return None, exc.diagnostics


def load_handout(source: Source) -> tuple[Handout | None, list[Diagnostic]]:
    try:
        return parse_handout(str(source.path)), []
    except InputError as exc:
        return None, exc.diagnostics


def content_warnings(handout: Handout, today: dt.date) -> list[Diagnostic]:
    if handout.review_by < today:
        return [Diagnostic(handout.key_locations["review_by"],
                           f"review_by {handout.review_by} has passed; have the handout reviewed, "
                           "then update reviewed and review_by", "warning")]
    return []


def build_one(source: Source, handout: Handout | None, handout_errors: list[Diagnostic],
              layout: Layout | None, layout_errors: list[Diagnostic], layout_name: str,
              out_dir: Path, today: dt.date) -> Result:
    output = out_dir / f"{source.handout}.{source.language}.{layout_name}.pdf"
    result = Result(source, layout_name, output, errors=[*handout_errors, *layout_errors])
    start = time.perf_counter()
    if handout and layout:
        result.warnings = content_warnings(handout, today)
        result.errors.extend(missing_glyphs(handout, layout.font_family))
        if not result.errors:
            _render_and_verify(handout, layout, result)
    result.ms = (time.perf_counter() - start) * 1000
    if result.errors and output.exists():
        output.unlink()
        result.removed_stale = True
    return result


def _render_and_verify(handout: Handout, layout: Layout, result: Result) -> None:
    try:
        rendered = render(handout, layout)
    except BlockTooLarge as exc:
        result.errors = [Diagnostic(exc.location, exc.message)]
        return
    except LayoutError as exc:
        result.errors = [Diagnostic(Location(handout.path, 1, 1), f"content does not fit the page: {exc}")]
        return
    result.errors = verify_pdf(rendered.pdf, handout, layout.body)
    if result.errors:
        return
    if rendered.pages > layout.budget:
        result.warnings.append(Diagnostic(
            Location(handout.path, 1, 1),
            f"{rendered.pages} pages in the {layout.name} layout, over its budget of {layout.budget}; "
            "shorten the handout", "warning"))
    write_atomic(result.output, rendered.pdf)
    result.built, result.pages, result.size = True, rendered.pages, len(rendered.pdf)


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


def build(sources: list[Source], layout_paths: dict[str, Path], out_dir: Path,
          today: dt.date) -> list[Result]:
    layouts = {name: load_layout(path) for name, path in layout_paths.items()}
    results = []
    for source in sources:
        handout, handout_errors = load_handout(source)
        for name, (layout, layout_errors) in layouts.items():
            results.append(build_one(source, handout, handout_errors, layout, layout_errors,
                                     name, out_dir, today))
    return results
