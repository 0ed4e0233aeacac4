"""What a build is made of: the inputs of one PDF (a Job) and what became of it (a Result).

Plain, picklable data with no heavy imports, so that planning a build, and skipping the PDFs
whose inputs have not changed, needs neither reportlab nor pypdf.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from .checks.config import CheckConfig
from .clinic import Clinic
from .diagnostics import Diagnostic, InputError, Location
from .layout.model import Layout

T = TypeVar("T")


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


@dataclass(frozen=True)
class Job:
    """Everything one PDF is made from."""
    source: Source
    layout: Layout
    clinic: Clinic
    checks: CheckConfig
    output: Path
    key: str  # digest of every input; an unchanged key means an unchanged PDF


@dataclass
class Result:
    source: Source
    layout: str
    output: Path | None  # None when the clinic profile could not be read
    status: str = "failed"  # built | unchanged | failed
    pages: int = 0
    size: int = 0
    ms: float = 0.0
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # what the build did (copy-fitting)
    review_by: dt.date | None = None  # for the review warning, which depends on the day
    review_at: Location | None = None
    # What the catalogue page (output/index.html) lists: the title as printed, and for a
    # translation whether it is a draft and whether its source has changed since.
    title: str = ""
    translation: str = "source"  # source | draft | reviewed
    # The content's clinical sign-off, (by, YYYY-MM-DD); None while it is a draft (a translation
    # has its source's).
    signed_off: tuple[str, str] | None = None
    stale: bool = False
    # Files the PDF was made from beyond the key's (pictures): path -> sha256, so that editing
    # a picture rebuilds every PDF that shows it.
    inputs: dict[str, str] = field(default_factory=dict)
    traceback: str | None = None  # an internal error's, shown with --debug
    removed_stale: bool = False
    kept_previous: bool = False  # writing the new PDF failed, so the previous one stays

    @property
    def ok(self) -> bool:
        return self.status != "failed"
