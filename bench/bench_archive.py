#!/usr/bin/env python3
"""How the archive's ledger scales: a synthetic ledger of years of builds (default 100,000
entries: 200 handouts x 3 languages x 2 layouts, each rebuilt about 83 times over 21 years), its
size, and the time of each query a build or a records request makes; and the cost of recording
one real PDF.

    .venv/bin/python bench/bench_archive.py [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handoutgen.archive.ledger import LEDGER, Archive, utc  # noqa: E402
from handoutgen.jobs import Result, Source  # noqa: E402


def ms(fn, repeat: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic(archive: Archive, rows: int) -> list[tuple[str, str]]:
    names = [f"handout-{h:03}.{lang}.{layout}.pdf" for h in range(200) for lang in ("en", "es", "vi")
             for layout in ("letter", "large-print")]
    start = dt.datetime(2005, 1, 1, tzinfo=dt.timezone.utc)
    span = dt.timedelta(days=21 * 365)
    rng = random.Random(1)
    batch = []
    for n in range(rows):
        name = names[n % len(names)]
        handout, lang, layout = name.split(".")[:3]
        moment = start + span * (n / rows) + dt.timedelta(seconds=rng.random())
        sha = hashlib.sha256(f"{n}".encode()).hexdigest()
        batch.append(("../output", name, "built", utc(moment), n, handout, lang, layout, None,
                      "/srv/handouts/clinic.yaml", sha[:8], hashlib.sha256(sha.encode()).hexdigest(), sha,
                      "source", "2030-01-01", 4, 34000, sha, f"pdf/{sha[:2]}/{sha}.pdf", "0.1.0", utc(moment)))
    with archive.writing():
        archive.db.executemany(
            "INSERT INTO published (folder, name, kind, built_at, mtime_ns, handout, language, layout, clinic_id, "
            "clinic_path, version, source_sha256, input_key, review_state, review_by, pages, bytes, sha256, "
            "archive_path, tool_version, recorded_at) VALUES (" + ", ".join("?" * 21) + ")", batch)
    return [(b[1], b[3]) for b in batch]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        archive = Archive(folder)
        start = time.perf_counter()
        made = synthetic(archive, args.rows)
        print(f"{args.rows:,} entries inserted in one transaction: {time.perf_counter() - start:.1f} s")
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = (folder / LEDGER).stat().st_size
        print(f"ledger file: {size / 2**20:.1f} MiB ({size / args.rows:.0f} bytes per entry)")
        rng = random.Random(2)

        def as_of():
            name, when = rng.choice(made)
            assert archive.current("../output", name, when)
        print(f"--as-of a time (one PDF, its first entry and its end): {ms(as_of):.2f} ms")

        def day():
            name, when = rng.choice(made)
            archive.current("../output", name, when[:10] + "T00:00:00.000000Z", when[:10] + "T23:59:59.999999Z")
        print(f"--as-of a day: {ms(day):.2f} ms")

        versions = [r[0] for r in archive.db.execute("SELECT version FROM published")]
        print(f"--version: {ms(lambda: archive.with_version(rng.choice(versions))):.2f} ms")
        out = Path(tmp) / "output"
        out.mkdir()
        for name, _, mtime_ns, size in archive.db.execute(  # stand-ins for the PDFs, as the ledger last saw them
                "SELECT name, max(built_at), mtime_ns, bytes FROM published GROUP BY name").fetchall():
            with open(out / name, "wb") as f:
                f.truncate(size)
            os.utime(out / name, ns=(mtime_ns, mtime_ns))
        print(f"a build's first look at its output folder: 1,200 PDFs, each checked against its latest entry: "
              f"{ms(lambda: archive.adopt(out), 20):.1f} ms")
        for path in out.iterdir():
            path.unlink()

        # Recording a real PDF as a build does: read, sha256, read its facts, write it, commit.
        pdf = ROOT / "output" / "multiple-myeloma.en.letter.pdf"
        if pdf.is_file():
            target = out / pdf.name
            source = Source("multiple-myeloma", "en", ROOT / "handouts" / "multiple-myeloma" / "en.yaml")

            def record():
                shutil.copyfile(pdf, target)  # a new write each time: a new entry
                target.write_bytes(target.read_bytes()[:-1] + bytes([rng.randrange(256)]))
                archive.record(Result(source, "letter", target, status="built", pages=4), None, ROOT / "clinic.yaml")
            print(f"recording one built PDF (34 KB; a new file each time, synchronous=FULL): {ms(record, 50):.1f} ms")
            assert not archive.problems, archive.problems

        backup = Path(tmp) / "backup.sqlite3"
        start = time.perf_counter()
        archive.db.execute("VACUUM INTO ?", (str(backup),))
        print(f"VACUUM INTO a backup: {(time.perf_counter() - start) * 1000:.0f} ms, "
              f"{backup.stat().st_size / 2**20:.1f} MiB")
        start = time.perf_counter()
        removed, _ = archive.prune(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) - dt.timedelta(days=10 * 365))
        print(f"--prune-archive --keep-years 10: {len(removed):,} entries in "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")
        archive.close()


if __name__ == "__main__":
    main()
