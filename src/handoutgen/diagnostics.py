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
class Diagnostic:
    location: Location
    message: str
    severity: str = "error"  # error | warning | info (what the build did, never a failure)

    def __str__(self) -> str:
        prefix = {"warning": "warning: ", "info": "note: "}.get(self.severity, "")
        return f"{self.location}: {prefix}{self.message}"


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

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message))

    def warning(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.errors)
