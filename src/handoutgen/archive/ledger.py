"""The archive of everything published: each PDF a build writes is also kept here, once per
content (``pdf/<2 hex>/<sha256>.pdf``), and a ledger in SQLite (``ledger.sqlite3``) records
when each PDF became current in which output folder, and what it was made from.

Consistency rests on two rules, so that a row never points at a missing file:
- a PDF is written (temporary file, fsync, rename) before the row naming it is committed, in the
  same write transaction; pruning removes a file only in a write transaction that finds no row
  naming it. SQLite's lock serialises the two, across processes.
- the ledger follows the output folder, not the other way round: a build first adopts every PDF
  in its output folder that the ledger does not know (a build killed between writing a PDF and
  recording it, or PDFs from before the archive). A file in the archive that no row names is
  harmless; ``--verify-archive`` reports it and ``--prune-archive`` removes it.
A build never deletes anything here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import queue
import re
import sqlite3
import time
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from .. import __version__
from ..atomic import sweep_temporary, write_atomic
from ..jobs import Result
from ..outfolder import FolderError, Manifest, reason

ARCHIVE = "archive"  # the default folder, beside the output folder
LEDGER = "ledger.sqlite3"
SCHEMA_VERSION = 2  # 2: signed_off
_BUSY_SECONDS = 120  # how long a write waits for another build's (each holds the lock for milliseconds)

_SCHEMA = """
CREATE TABLE published (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,      -- the output folder, relative to the archive folder where it can be
    name TEXT NOT NULL,        -- the PDF's name there: <handout>.<language>.<layout>[.<clinic>].pdf
    kind TEXT NOT NULL CHECK (kind IN ('built', 'adopted', 'withdrawn')),
    built_at TEXT NOT NULL,    -- UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ, when it became (or stopped being) current
    mtime_ns INTEGER,          -- the published file's, which names one write of it
    handout TEXT, language TEXT, layout TEXT,
    clinic_id TEXT, clinic_path TEXT,
    version TEXT,              -- the 8 hex digits printed on every page
    source_sha256 TEXT,        -- of the handout file, whose first 8 digits are the version
    input_key TEXT,            -- the build's key over all its inputs (tool, layout, clinic, checks, source)
    review_state TEXT,         -- source | draft | reviewed, as the build saw it (NULL: not known)
    review_by TEXT,
    signed_off TEXT,           -- the content's clinical sign-off, 'by, YYYY-MM-DD', or 'none' for a draft (NULL: not known)
    pages INTEGER, bytes INTEGER,
    sha256 TEXT,               -- of the PDF, NULL for a withdrawal
    archive_path TEXT,         -- relative to the archive folder
    tool_version TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (folder, name, sha256, mtime_ns)
);
CREATE INDEX published_current ON published (folder, name, built_at);
CREATE INDEX published_version ON published (version);
CREATE INDEX published_sha256 ON published (sha256)
"""
_KEYWORDS = re.compile(r"(?P<handout>[^,]+), (?P<language>[^,]+), version (?P<version>[0-9a-f]{8})")
_CREATOR = re.compile(r"handouts (?P<tool>\S+) \((?P<layout>.+) layout\)")


class ArchiveError(FolderError):
    """The archive cannot be used at all; one line saying why."""


@dataclass(frozen=True)
class Entry:
    """One row of the ledger; ``until`` is when a different PDF (or none) replaced it, if it was."""
    id: int
    folder: str
    name: str
    kind: str
    built_at: str
    mtime_ns: int | None
    handout: str | None
    language: str | None
    layout: str | None
    clinic_id: str | None
    clinic_path: str | None
    version: str | None
    source_sha256: str | None
    input_key: str | None
    review_state: str | None
    review_by: str | None
    signed_off: str | None
    pages: int | None
    bytes: int | None
    sha256: str | None
    archive_path: str | None
    tool_version: str | None
    recorded_at: str
    until: str | None = None


_COLUMNS = [f.name for f in fields(Entry) if f.name not in ("id", "until")]


def utc(moment: dt.datetime) -> str:
    """The ledger's time format: fixed width, so text order is time order."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _utc_ns(ns: int) -> str:
    whole = dt.datetime.fromtimestamp(ns // 10**9, dt.timezone.utc)
    return utc(whole.replace(microsecond=ns // 1000 % 10**6))


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def signed_off(sign_off) -> str:
    """How the ledger writes a clinical sign-off: 'by, YYYY-MM-DD', or 'none' for a draft."""
    return ", ".join(sign_off) if sign_off else "none"


def _to_wal(db: sqlite3.Connection) -> None:
    """Switch the ledger to write-ahead logging. Two builds opening a new ledger at once can
    find it locked here without SQLite's busy handler waiting (the switch needs the database to
    itself), so the switch is retried for as long as a write would wait."""
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _why(exc: Exception) -> str:
    return reason(exc) if isinstance(exc, OSError) else str(exc)


class Archive:
    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[str] = []  # one line each, for the build's summary
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # One thread at a time: the build's, then its recorder's (see keeping).
            self.db = sqlite3.connect(folder / LEDGER, timeout=_BUSY_SECONDS, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            _to_wal(self.db)  # readers never wait for a build's writes
            self.db.execute("PRAGMA synchronous=FULL")  # a committed record survives a power cut
            with self.writing():
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    for statement in _SCHEMA.split(";"):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                elif version == 1:  # rows from before sign-offs were recorded stay "not known"
                    self.db.execute("ALTER TABLE published ADD COLUMN signed_off TEXT")
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                elif version != SCHEMA_VERSION:
                    raise ArchiveError(f"the archive ledger {folder / LEDGER} has schema version {version}; "
                                       f"this handouts reads version {SCHEMA_VERSION}: use the handouts that made it")
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot use the archive folder {folder}: {_why(exc)}") from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction, holding SQLite's write lock from its start."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite ends it itself after some errors (a full disk)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def folder_key(self, out_dir: Path) -> str:
        """How the ledger names an output folder: relative to the archive, so that moving both
        together (the default, side by side) keeps the history."""
        out, here = out_dir.resolve(), self.folder.resolve()
        try:
            return os.path.relpath(out, here)
        except ValueError:  # another drive
            return str(out)

    # -- what a build records ------------------------------------------------------------

    def adopt(self, out_dir: Path) -> None:
        """Record every PDF in ``out_dir`` that this tool made and the ledger does not know as
        it is now: published by a build that was killed before recording it, or before the
        archive existed. Its time is the file's."""
        folder = self.folder_key(out_dir)
        manifest = None
        for pdf in sorted(out_dir.glob("*.pdf")):
            try:
                stat = pdf.stat()
                # One indexed look-up per PDF: as quick after years of builds as after one.
                last = self.db.execute("SELECT mtime_ns, bytes FROM published WHERE folder = ? AND name = ? "
                                       "ORDER BY built_at DESC LIMIT 1", (folder, pdf.name)).fetchone()
                if last and tuple(last) == (stat.st_mtime_ns, stat.st_size):
                    continue
                manifest = Manifest(out_dir).pdfs if manifest is None else manifest
                entry = manifest.get(pdf.name) or {}
                same = (entry.get("size"), entry.get("mtime_ns")) == (stat.st_size, stat.st_mtime_ns)
                self._keep(out_dir, pdf, "adopted", {
                    "input_key": entry.get("key"), "review_state": entry.get("translation"),
                    "review_by": entry.get("review_by"), "signed_off": signed_off(entry.get("signed_off"))}
                    if same else {})
            except FileNotFoundError:
                continue  # removed since the listing (another build's failed handout)
            except (OSError, sqlite3.Error) as exc:
                self.problems.append(f"could not archive {pdf}: {_why(exc)}")

    def record(self, result: Result, key: str | None, clinic_path: Path) -> None:
        """The build's hook, after each PDF is settled: a PDF built is kept; a PDF the build
        removed (its handout failed) is recorded as withdrawn from that time."""
        try:
            if result.status == "built":
                source = _sha256_of(result.source.path)
                self._keep(result.output.parent, result.output, "built", {
                    "handout": result.source.handout, "language": result.source.language, "layout": result.layout,
                    "clinic_path": str(clinic_path.resolve()), "source_sha256": source, "input_key": key,
                    "review_state": result.translation, "signed_off": signed_off(result.signed_off),
                    "pages": result.pages,
                    "review_by": result.review_by.isoformat() if result.review_by else None})
            elif result.removed_stale:
                self._withdraw(result)
        except (OSError, sqlite3.Error) as exc:
            self.problems.append(f"could not archive {result.output}: {_why(exc)}; "
                                 "the next build records it")

    def _keep(self, out_dir: Path, pdf: Path, kind: str, known: dict) -> None:
        with open(pdf, "rb") as f:  # the bytes and the time of one and the same file
            data, stat = f.read(), os.fstat(f.fileno())
        source = known.get("source_sha256")
        facts = pdf_facts(data)
        if facts is None:
            if kind == "adopted":
                return  # another tool's PDF
            # Built by this tool, so the keywords are expected; without them, the version is the source's.
            facts = {"version": source[:8] if source else None, "tool": __version__, "pages": known["pages"]}
        sha = hashlib.sha256(data).hexdigest()
        handout = known.get("handout") or facts["handout"]
        language = known.get("language") or facts["language"]
        layout = known.get("layout") or facts["layout"]
        prefix = f"{handout}.{language}.{layout}."
        row = {
            "folder": self.folder_key(out_dir), "name": pdf.name, "kind": kind,
            "built_at": _utc_ns(stat.st_mtime_ns), "mtime_ns": stat.st_mtime_ns,
            "handout": handout, "language": language, "layout": layout,
            "clinic_id": pdf.name[len(prefix):-len(".pdf")] or None if pdf.name.startswith(prefix) else None,
            "clinic_path": known.get("clinic_path"),
            "version": facts["version"],
            # The file may have been edited since the build read it: then its digest is not this PDF's.
            "source_sha256": source if source and source[:8] == facts["version"] else None,
            "input_key": known.get("input_key"), "review_state": known.get("review_state"),
            "review_by": known.get("review_by"), "signed_off": known.get("signed_off"), "pages": facts["pages"], "bytes": len(data), "sha256": sha,
            "archive_path": f"pdf/{sha[:2]}/{sha}.pdf", "tool_version": facts["tool"],
            "recorded_at": utc(dt.datetime.now(dt.timezone.utc)),
        }
        with self.writing():
            self._store(row["archive_path"], data, sha)
            # The same write of the same file may be recorded twice (a build adopting another's
            # PDF before that one records it): one row, with what the build that made it knew.
            self.db.execute(
                f"INSERT INTO published ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) "
                "ON CONFLICT (folder, name, sha256, mtime_ns) DO UPDATE SET "
                + ", ".join(f"{c} = coalesce(excluded.{c}, {c})" for c in row if c not in ("built_at", "recorded_at"))
                + " WHERE excluded.kind = 'built'", tuple(row.values()))

    def _store(self, relative: str, data: bytes, sha: str) -> None:
        """The archived copy, written whole (or checked if it is there); call while ``writing``."""
        path = self.folder / relative
        if _sha256_of(path) != sha:
            write_atomic(path, data)

    def _withdraw(self, result: Result) -> None:
        folder, name = self.folder_key(result.output.parent), result.output.name
        with self.writing():
            last = self.db.execute("SELECT kind FROM published WHERE folder = ? AND name = ? "
                                   "ORDER BY built_at DESC LIMIT 1", (folder, name)).fetchone()
            if last is None or last["kind"] == "withdrawn":
                return
            now = utc(dt.datetime.now(dt.timezone.utc))
            self.db.execute(
                "INSERT INTO published (folder, name, kind, built_at, handout, language, layout, tool_version, "
                "recorded_at) VALUES (?, ?, 'withdrawn', ?, ?, ?, ?, ?, ?)",
                (folder, name, now, result.source.handout, result.source.language, result.layout, __version__, now))

    # -- what the ledger answers ----------------------------------------------------------

    def folders_with(self, name: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT folder FROM published WHERE name = ? ORDER BY 1",
                                              (name,))]

    def current(self, folder: str, name: str, start: str, end: str | None = None) -> list[Entry]:
        """The entries current at ``start``, and at any time up to ``end``; consecutive entries
        of the same PDF (rebuilt unchanged, or adopted) count as one, the first."""
        rows = self.db.execute("SELECT * FROM published WHERE folder = ? AND name = ? AND built_at <= ? "
                               "ORDER BY built_at DESC LIMIT 1", (folder, name, start)).fetchall()
        if end:
            rows += self.db.execute("SELECT * FROM published WHERE folder = ? AND name = ? AND built_at > ? "
                                    "AND built_at <= ? ORDER BY built_at", (folder, name, start, end)).fetchall()
        entries: list[Entry] = []
        for row in rows:
            if not entries or entries[-1].sha256 != row["sha256"]:
                entries.append(self._first_of_run(row))
        return entries

    def _first_of_run(self, row: sqlite3.Row) -> Entry:
        """The row's PDF as current from its first consecutive entry until a different one."""
        before = self.db.execute("SELECT built_at FROM published WHERE folder = ? AND name = ? AND built_at < ? "
                                 "AND sha256 IS NOT ? ORDER BY built_at DESC LIMIT 1",
                                 (row["folder"], row["name"], row["built_at"], row["sha256"])).fetchone()
        first = self.db.execute("SELECT * FROM published WHERE folder = ? AND name = ? AND built_at > ? "
                                "AND built_at <= ? ORDER BY built_at LIMIT 1",
                                (row["folder"], row["name"], before[0] if before else "", row["built_at"])).fetchone()
        until = self.db.execute("SELECT built_at FROM published WHERE folder = ? AND name = ? AND built_at > ? "
                                "AND sha256 IS NOT ? ORDER BY built_at LIMIT 1",
                                (row["folder"], row["name"], row["built_at"], row["sha256"])).fetchone()
        return Entry(**dict(first), until=until[0] if until else None)

    def with_version(self, version: str) -> list[Entry]:
        """Every PDF printed with ``version``, once per output folder and name, earliest first."""
        rows = self.db.execute("SELECT * FROM published WHERE version = ? ORDER BY built_at", (version,)).fetchall()
        seen: dict[tuple, Entry] = {}
        for row in rows:
            if (row["folder"], row["name"], row["sha256"]) not in seen:
                seen[(row["folder"], row["name"], row["sha256"])] = self._first_of_run(row)
        return list(seen.values())

    def read(self, entry: Entry) -> bytes:
        """The archived PDF, checked against its recorded digest."""
        try:
            data = (self.folder / entry.archive_path).read_bytes()
        except OSError as exc:
            raise ArchiveError(f"cannot read the archived file {self.folder / entry.archive_path}: {_why(exc)}; "
                               "restore it from a backup") from None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise ArchiveError(f"the archived file {self.folder / entry.archive_path} is damaged: its "
                               "sha256 is not the one recorded; restore it from a backup")
        return data

    # -- keeping the archive ---------------------------------------------------------------

    def prune(self, cutoff: dt.datetime) -> tuple[list[Entry], list[Path]]:
        """Forget every entry that stopped being current before ``cutoff``: one that a later
        entry for the same output replaced before then. The latest entry of every output (what
        is current, or its withdrawal) is never removed. Then remove the archived files that no
        entry names any more, and temporary files left by killed builds."""
        limit = utc(cutoff)
        with self.writing():
            removed = [Entry(**dict(r)) for r in self.db.execute(
                "SELECT * FROM published p WHERE EXISTS (SELECT 1 FROM published n WHERE n.folder = p.folder "
                "AND n.name = p.name AND n.built_at > p.built_at AND n.built_at < ?) ORDER BY folder, name, built_at",
                (limit,))]
            self.db.executemany("DELETE FROM published WHERE id = ?", [(e.id,) for e in removed])
        files = []
        with self.writing():  # no build can record a file while this looks for unnamed ones
            for path in self.unnamed():
                path.unlink()
                files.append(path)
            for sub in (self.folder / "pdf").iterdir() if (self.folder / "pdf").is_dir() else ():
                sweep_temporary(sub, lambda name: True)
        return removed, files

    def unnamed(self) -> list[Path]:
        """Archived files that no entry names (left by a build killed between writing one and
        recording it); exact only while ``writing``."""
        named = {r[0] for r in self.db.execute("SELECT DISTINCT archive_path FROM published "
                                               "WHERE archive_path IS NOT NULL")}
        root = self.folder / "pdf"
        return sorted(p for p in root.glob("*/*.pdf") if p.relative_to(self.folder).as_posix() not in named)

    def verify(self) -> list[str]:
        """Problems with the ledger and the files: SQLite's integrity check, every entry's file
        there with its digest, and files no entry names."""
        problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for archive_path, sha in self.db.execute("SELECT DISTINCT archive_path, sha256 FROM published "
                                                 "WHERE archive_path IS NOT NULL"):
            got = _sha256_of(self.folder / archive_path)
            if got != sha:
                problems.append(f"{self.folder / archive_path}: " + ("missing" if got is None else
                                                                    "damaged (its sha256 is not the one recorded)"))
        with self.writing():
            problems += [f"{p}: no entry names it (harmless; --prune-archive removes it)" for p in self.unnamed()]
        return problems


def pdf_facts(data: bytes) -> dict | None:
    """What a PDF made by this tool says about itself: handout, language and version (its
    keywords), layout and tool version (its creator), pages. None if another tool made it."""
    import pikepdf  # only when a PDF was made: a build with nothing to do stays quick

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = {k: str(v) for k, v in pdf.docinfo.items() if k in ("/Keywords", "/Creator")}
            pages = len(pdf.pages)
    except pikepdf.PdfError:
        return None
    keywords = _KEYWORDS.fullmatch(info.get("/Keywords", ""))
    creator = _CREATOR.fullmatch(info.get("/Creator", ""))
    if not (keywords and creator):
        return None
    return {**keywords.groupdict(), **creator.groupdict(), "pages": pages}


def default_folder(out_dir: Path) -> Path:
    """``archive/`` beside the output folder."""
    return out_dir.absolute().parent / ARCHIVE


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class _Unavailable:
    """Stands in for an archive that cannot be used: the build still publishes (a corrected
    handout must reach patients), says why in one line, and the next build that can use the
    archive adopts what this one published."""

    def __init__(self, problem: str):
        self.problems = [f"{problem}; the PDFs were built but not archived, and the next build that "
                         "can use the archive records them"]

    def record(self, result: Result, key: str | None, clinic_path: Path) -> None:
        pass


class _Recorder:
    """Records a build's PDFs in a thread of its own, so that a worker gets its next PDF while
    the last one is archived (two fsyncs, mostly waiting for the disk)."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="archive", daemon=True)
        self.thread.start()

    def record(self, result: Result, key: str | None, clinic_path: Path) -> None:
        self.queue.put((result, key, clinic_path))

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            try:
                self.archive.record(*item)
            except Exception as exc:  # a bug must not lose the rest of the build's records
                self.archive.problems.append(f"internal error archiving {item[0].output}: {exc!r}")

    def finish(self) -> None:
        """Wait until every PDF handed over is recorded."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    @property
    def problems(self) -> list[str]:
        """What went wrong, once everything handed over is recorded."""
        self.finish()
        return self.archive.problems


@contextmanager
def keeping(folder: Path, out_dir: Path) -> Iterator[_Recorder | _Unavailable]:
    """The archive for one build into ``out_dir``: first adopts what the output folder holds
    that the ledger does not know, then records each PDF handed to it."""
    try:
        archive = Archive(folder)
    except ArchiveError as exc:
        yield _Unavailable(str(exc))
        return
    try:
        archive.adopt(out_dir)
        recorder = _Recorder(archive)
        try:
            yield recorder
        finally:
            recorder.finish()  # also after Ctrl-C: what was built is recorded
    finally:
        archive.close()
