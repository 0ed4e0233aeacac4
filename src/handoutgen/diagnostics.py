"""Problems found in input files, reported as ``path:line:column: message``."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    path: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Related:
    """Another place a problem involves, such as the source item a translation lacks."""
    location: Location
    note: str  # what is there: "in the source"

    def to_dict(self) -> dict:
        return {**_where(self.location), "note": self.note}


@dataclass(frozen=True)
class Diagnostic:
    """A problem at a place. What to change is the message; a likely fix ("did you mean
    'title'?") is the hint, and other places involved are related: both kept as data, so the
    preview page and --json show them apart, and a line of text puts them after the message."""
    location: Location
    message: str
    severity: str = "error"  # error | warning | info (what the build did, never a failure)
    hint: str = ""
    related: tuple[Related, ...] = ()

    def __str__(self) -> str:
        prefix = {"warning": "warning: ", "info": "note: "}.get(self.severity, "")
        hint = f"; {self.hint}" if self.hint else ""
        related = "".join(f" ({r.note}: {r.location})" for r in self.related)
        return f"{self.location}: {prefix}{self.message}{hint}{related}"

    def to_dict(self) -> dict:
        """For --json, the preview page and the build manifest; ``text`` is the line as printed."""
        return {**_where(self.location), "severity": self.severity, "message": self.message,
                "hint": self.hint, "related": [r.to_dict() for r in self.related], "text": str(self)}

    @classmethod
    def from_dict(cls, d: dict) -> "Diagnostic":
        return cls(_location(d), d["message"], d["severity"], d.get("hint", ""),
                   tuple(Related(_location(r), r["note"]) for r in d.get("related", ())))


def _where(location: Location) -> dict:
    return {"where": str(location), "path": location.path, "line": location.line, "column": location.column}


def _location(d: dict) -> Location:
    return Location(d["path"], d["line"], d["column"])


class InputError(Exception):
    """One or more errors in an input file; every problem is listed, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it, so messages stay short."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


class Collector:
    """Gathers diagnostics while a file is read, so one pass reports everything."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, location: Location, message: str, hint: str = "", related: tuple[Related, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(location, message, "error", hint, related))

    def warning(self, location: Location, message: str, hint: str = "", related: tuple[Related, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(location, message, "warning", hint, related))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.errors)
