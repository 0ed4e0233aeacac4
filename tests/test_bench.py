"""The benchmark scripts still run (at a tiny size), so their figures can always be reproduced."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_render_benchmark_runs():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_render.py"), "--repeat", "1"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    assert "render + read-back check, warm" in out


def test_catalogue_benchmark_runs():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_catalogue.py"), "--handouts", "1"],
                         capture_output=True, text=True, check=True, timeout=300).stdout
    assert "no-change rebuild" in out and "render + read-back, warm" in out
