"""Make one PDF: parse the handout, check it, render it, read it back, write it atomically.

Runs in a worker process during parallel builds; this is the only part of a build that needs
reportlab and pypdf.
"""

from __future__ import annotations

import time
import traceback

from reportlab.platypus.doctemplate import LayoutError

from .atomic import write_atomic
from .checks.glyphs import missing_glyphs
from .checks.plain_language import analyse
from .checks.readback import verify_pdf
from .content.model import Image
from .content.parse import parse_handout
from .content.translation import check
from .diagnostics import Diagnostic, InputError, Location, display_path
from .images import load_image
from .jobs import Job, Result
from .outfolder import reason
from .printed import as_printed, expected_items, printed_layout
from .render.document import render
from .render.flowables import RenderProblem


def make_pdf(job: Job) -> Result:
    result = Result(job.source, job.layout.name, job.output)
    start = time.perf_counter()
    try:
        pdf = _make(job, result)
        if pdf is not None:
            write_atomic(job.output, pdf)
            result.status, result.size = "built", len(pdf)
    except OSError as exc:  # the PDF was made but could not be written: keep the previous one
        result.errors = [Diagnostic(Location(str(job.source.path), 1, 1),
                                    f"could not write {display_path(str(job.output))}: {reason(exc)}"
                                    f"{'; the previous PDF is kept' if job.output.exists() else ''}")]
        result.kept_previous = True
    except Exception as exc:  # one broken handout must not stop the others
        result.errors = [Diagnostic(Location(str(job.source.path), 1, 1),
                                    f"internal error: {type(exc).__name__}: {exc} "
                                    "(run with --debug for the traceback, and please report it)")]
        result.traceback = traceback.format_exc()
    result.ms = (time.perf_counter() - start) * 1000
    return result


def _make(job: Job, result: Result) -> bytes | None:
    try:
        handout = parse_handout(str(job.source.path))
    except InputError as exc:
        result.errors = exc.diagnostics
        return None
    result.review_by, result.review_at = handout.review_by, handout.key_locations["review_by"]
    result.inputs = {block.path: load_image(block.path).digest for section in handout.sections
                     for block in section.blocks if isinstance(block, Image)}
    result.warnings = [*handout.warnings, *analyse(handout, job.checks).warnings]
    if handout.translation:
        state = check(handout.path, handout.translation, handout.key_locations["translation"])
        if state.errors:
            result.errors = state.errors
            return None
        result.translation, result.stale = handout.translation.status, state.stale
        if state.stale:
            result.warnings.append(Diagnostic(
                handout.key_locations["translation"],
                f"translation is stale: the source changed since it was made, in {', '.join(state.changed)}; "
                "update those parts, then record the digests that 'generate.py --status' prints", "warning"))
    handout = as_printed(handout, job.layout, job.clinic)
    result.title = handout.title.text.plain
    layout = printed_layout(handout, job.layout)
    expected = expected_items(handout, job.clinic)
    result.errors = missing_glyphs(expected, job.layout.font_family, handout.language)
    if result.errors:
        return None
    try:
        rendered = render(handout, layout, job.clinic)
    except RenderProblem as exc:
        result.errors = [Diagnostic(exc.location, exc.message)]
        return None
    except LayoutError:  # reportlab's own message is internal detail; this one says what to do
        result.errors = [Diagnostic(Location(handout.path, 1, 1),
                                    f"a block is taller than a page of the {job.layout.name} layout; "
                                    "shorten it or split it")]
        return None
    result.pages = rendered.pages
    result.errors = verify_pdf(rendered.pdf, expected, layout.reading_regions(rendered.pages))
    if rendered.pages > job.layout.budget:
        result.warnings.append(Diagnostic(
            Location(handout.path, 1, 1),
            f"{rendered.pages} pages in the {job.layout.name} layout, over its budget of "
            f"{job.layout.budget}; shorten the handout", "warning"))
    return None if result.errors else rendered.pdf
