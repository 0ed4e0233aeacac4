#!/usr/bin/env python3
"""Benchmark the real handout: warm ms per PDF (render only, render + read-back check),
process start-up, a one-PDF build and a no-change rebuild in new processes, and file size.

    .venv/bin/python bench/bench_render.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handoutgen.printed import as_printed, expected_items  # noqa: E402
from handoutgen.checks.readback import verify_pdf  # noqa: E402
from handoutgen.clinic import parse_clinic  # noqa: E402
from handoutgen.content.parse import parse_handout  # noqa: E402
from handoutgen.layout.parse import parse_layout  # noqa: E402
from handoutgen.render.document import render  # noqa: E402

HANDOUT = ROOT / "handouts" / "multiple-myeloma" / "en.yaml"
LAYOUT = ROOT / "layouts" / "letter.yaml"
CLINIC = ROOT / "clinic.yaml"


def timed_ms(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def process_ms(args: list[str], repeat: int) -> list[float]:
    return timed_ms(lambda: subprocess.run([sys.executable, *args], cwd=ROOT, check=True,
                                           stdout=subprocess.DEVNULL), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    repeat = parser.parse_args().repeat

    clinic, layout = parse_clinic(str(CLINIC)), parse_layout(str(LAYOUT))
    handout = as_printed(parse_handout(str(HANDOUT)), layout, clinic)
    expected = expected_items(handout, clinic)
    rendered = render(handout, layout, clinic)  # warm-up: fonts registered, modules imported
    regions = layout.reading_regions(rendered.pages)
    assert verify_pdf(rendered.pdf, expected, regions) == []

    def render_and_verify():
        assert not verify_pdf(render(handout, layout, clinic).pdf, expected, regions)

    rows = [
        ("render only, warm", timed_ms(lambda: render(handout, layout, clinic), repeat)),
        ("render + read-back check, warm", timed_ms(render_and_verify, repeat)),
        ("parse handout YAML", timed_ms(lambda: parse_handout(str(HANDOUT)), repeat)),
        ("process start-up (generate.py --help)", process_ms(["generate.py", "--help"], 5)),
    ]
    with tempfile.TemporaryDirectory() as tmp:  # the archive inside it too, not beside it in /tmp
        build = ["generate.py", "multiple-myeloma", "--lang", "en", "--out", f"{tmp}/out", "--archive", f"{tmp}/archive"]
        rows.append(("one-PDF build, new process", process_ms(build, 1)))
        rows.append(("no-change rebuild of it, new process", process_ms(build, 5)))

    print(f"{HANDOUT.relative_to(ROOT)} x {layout.name}: {rendered.pages} pages, "
          f"{len(rendered.pdf):,} bytes ({len(rendered.pdf) / 1024:.1f} KiB)")
    print(f"{'measure':40} {'median ms':>10} {'min ms':>8}")
    for name, times in rows:
        print(f"{name:40} {statistics.median(times):10.1f} {min(times):8.1f}")


if __name__ == "__main__":
    main()
