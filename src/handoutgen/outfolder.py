"""The output folder, which several builds may write at once: its manifest, its locks, and
one-line messages for writes that fail.

Builds into one folder at the same time (say ``--lang en,es`` and ``--lang ru,ar``) each write
their own PDFs, but share the manifest and the catalogue page. So the manifest is read, merged
with this build's changes and written back under an exclusive lock, and the catalogue page is
written from the merged manifest under the same lock. Temporary files left by a killed build
are swept only when no other build is running, so one build never removes another's file in
progress. Both locks are byte-range locks on one file beside the manifest (byte 0: a build is
running; byte 1: the manifest is being written); they go with the process that holds them, so a
killed build leaves no lock behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import sweep_temporary, write_atomic
from .diagnostics import Diagnostic
from .images import MAX_BYTES as MAX_PICTURE_BYTES
from .jobs import Job, Result
from .resolve import Refused, read_limited

MANIFEST = ".handouts-build.json"
MANIFEST_VERSION = 4  # 2: what the catalogue page lists (handout, language, title, ...); 3: picture inputs;
# 4: the clinical sign-off, and each problem's hint and related places
LOCK = ".handouts-build.lock"
_RUNNING, _WRITING = 0, 1  # the byte locked shared by every running build; exclusively while writing


class FolderError(Exception):
    """The output folder cannot be used at all; the message is one line saying why."""


def reason(exc: OSError) -> str:
    """What a failed write means to the person running the build."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the output folder is not writable"
    return (exc.strerror or str(exc)).lower()


@contextmanager
def running(out_dir: Path, keep) -> Iterator[int]:
    """Hold the output folder for one build; sweep temporary files (for final names that
    ``keep(name)`` accepts) if no other build is running. Yields the lock's descriptor."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise FolderError(f"cannot write in the output folder {out_dir}: {reason(exc)}") from None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _RUNNING)
            sweep_temporary(out_dir, keep)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            # Another build is running: its temporary files are in use.
        fcntl.lockf(fd, fcntl.LOCK_SH, 1, _RUNNING)
        yield fd
    finally:
        os.close(fd)  # releases both locks


@contextmanager
def writing(lock: int) -> Iterator[None]:
    """Exclusive use of the manifest and the catalogue page, with the descriptor ``running``
    yielded."""
    fcntl.lockf(lock, fcntl.LOCK_EX, 1, _WRITING)
    try:
        yield
    finally:
        fcntl.lockf(lock, fcntl.LOCK_UN, 1, _WRITING)


class Manifest:
    """What the last builds made in an output folder: per PDF, its input key, size and time."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self._digests: dict[str, str | None] = {}  # picture path -> sha256 now, read once per build
        self.pdfs = self._read()
        self._changed: dict[str, dict | None] = {}  # this build's entries; None: forgotten

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data["pdfs"] if data["version"] == MANIFEST_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # no manifest (or a damaged or older one): everything is built

    def reuse(self, job: Job) -> Result | None:
        """The last build's result for ``job``, if its inputs and its PDF are unchanged."""
        entry = self.pdfs.get(job.output.name)
        try:
            stat = job.output.stat()
        except OSError:
            return None
        if not entry or entry["key"] != job.key or (stat.st_size, stat.st_mtime_ns) != (entry["size"], entry["mtime_ns"]):
            return None
        if any(self._digest(path) != digest for path, digest in entry["inputs"].items()):
            return None
        return Result(job.source, job.layout.name, job.output, status="unchanged", pages=entry["pages"],
                      size=entry["size"], warnings=[Diagnostic.from_dict(d) for d in entry["warnings"]],
                      review_by=dt.date.fromisoformat(entry["review_by"]),
                      review_at=Diagnostic.from_dict(entry["review_at"]).location,
                      title=entry["title"], translation=entry["translation"], stale=entry["stale"],
                      signed_off=tuple(entry["signed_off"]) if entry["signed_off"] else None)

    def record(self, key: str, result: Result, warnings: list[Diagnostic]) -> None:
        """Remember a PDF just built, with the warnings that do not depend on the day."""
        stat = result.output.stat()
        self.pdfs[result.output.name] = self._changed[result.output.name] = {
            "key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "pages": result.pages,
            "warnings": [d.to_dict() for d in warnings],
            "review_by": result.review_by.isoformat(),
            "review_at": Diagnostic(result.review_at, "").to_dict(),
            "handout": result.source.handout, "language": result.source.language, "layout": result.layout,
            "title": result.title, "translation": result.translation, "stale": result.stale,
            "signed_off": result.signed_off, "inputs": result.inputs,
        }

    def _digest(self, path: str) -> str | None:
        if path not in self._digests:
            try:
                self._digests[path] = read_limited(Path(path), MAX_PICTURE_BYTES).digest
            except Refused:
                self._digests[path] = None  # gone or changed beyond use: the build says why
        return self._digests[path]

    def forget(self, output: Path) -> None:
        self.pdfs.pop(output.name, None)
        self._changed[output.name] = None

    def save(self) -> None:
        """Merge this build's changes into the manifest as it is now on disk (another build may
        have written it since this one started) and write it; call while ``writing``."""
        merged = self._read()
        for name, entry in self._changed.items():
            if entry is None:
                merged.pop(name, None)
            else:
                merged[name] = entry
        self.pdfs = merged
        write_atomic(self.path, json.dumps({"version": MANIFEST_VERSION, "pdfs": merged}, indent=1,
                                           sort_keys=True).encode("utf-8"))
