"""Make one PDF: run the pipeline (parse, check, render, read back) and write it atomically.

Runs in a worker process during parallel builds; this is the only part of a build that needs
reportlab and pypdf (imported by pipeline.render_and_verify).
"""

from __future__ import annotations

import time
import traceback

from .atomic import write_atomic
from .content.model import Image
from .diagnostics import Diagnostic, Location, display_path
from .jobs import Job, Result
from .outfolder import reason
from .pipeline import run


def make_pdf(job: Job) -> Result:
    result = Result(job.source, job.layout.name, job.output)
    start = time.perf_counter()
    try:
        outcome = run(str(job.source.path), job.layout, job.clinic, job.checks)
        result.errors, result.warnings, result.notes = outcome.errors, outcome.warnings, outcome.notes
        result.review_by, result.review_at = outcome.review_by, outcome.review_at
        result.title, result.pages = outcome.title, outcome.pages
        result.translation, result.stale, result.signed_off = outcome.status, outcome.stale, outcome.signed_off
        if outcome.handout:
            result.inputs = {block.path: block.digest for section in outcome.handout.sections
                             for block in section.blocks if isinstance(block, Image)}
        if outcome.pdf is not None:
            _write(job, outcome.pdf, result)
    except Exception as exc:  # one broken handout must not stop the others
        result.errors = [Diagnostic(Location(str(job.source.path), 1, 1),
                                    f"internal error: {type(exc).__name__}: {exc} "
                                    "(run with --debug for the traceback, and please report it)")]
        result.traceback = traceback.format_exc()
    result.ms = (time.perf_counter() - start) * 1000
    return result


def _write(job: Job, pdf: bytes, result: Result) -> None:
    try:
        write_atomic(job.output, pdf)
    except OSError as exc:  # the PDF was made but could not be written: keep the previous one
        result.errors = [Diagnostic(Location(str(job.source.path), 1, 1),
                                    f"could not write {display_path(str(job.output))}: {reason(exc)}"
                                    f"{'; the previous PDF is kept' if job.output.exists() else ''}")]
        result.kept_previous = True
        return
    result.status, result.size = "built", len(pdf)
