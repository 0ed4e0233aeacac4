"""Faces are cut once, only when a build prints their script, and never twice at the same time."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

CUTTER = f"uharfbuzz{importlib.metadata.version('uharfbuzz')}"  # the instancer, part of a cut's name

# Each process notes every face it cuts, then asks for the Hebrew face (small, so quick to cut).
CUT_HEBREW = textwrap.dedent("""
    import sys
    from handoutgen import fonts
    real = fonts._instantiate
    def noted(source, axes, target, shaped):
        with open(sys.argv[1], "a") as log:
            log.write(target.name + "\\n")
        real(source, axes, target, shaped)
    fonts._instantiate = noted
    print(fonts.font_file("hebrew", "regular"))
""")


def test_two_processes_needing_the_same_face_cut_it_once(tmp_path):
    env = {**os.environ, "HANDOUTGEN_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    log = tmp_path / "cut.log"
    workers = [subprocess.Popen([sys.executable, "-c", CUT_HEBREW, str(log)], env=env, stdout=subprocess.PIPE,
                                text=True) for _ in range(2)]
    paths = {w.communicate(timeout=600)[0].strip() for w in workers}
    assert all(w.returncode == 0 for w in workers)
    assert len(paths) == 1 and os.path.getsize(paths.pop()) > 10_000
    assert log.read_text().splitlines() == [f"hebrew-0.1.0-wdth100-wght400-{CUTTER}.ttf"]


def test_a_build_cuts_only_the_faces_of_the_scripts_it_prints(tmp_path):
    """English in every layout, in two worker processes from an empty cache: Noto Sans only, once
    per weight, and no other face."""
    env = {**os.environ, "HANDOUTGEN_CACHE": str(tmp_path / "cache")}
    subprocess.run([sys.executable, str(ROOT / "generate.py"), "multiple-myeloma", "--lang", "en", "--layout", "all",
                    "--jobs", "2", "--out", str(tmp_path / "out")], env=env, check=True, capture_output=True,
                   timeout=900)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == len(list((ROOT / "layouts").glob("*.yaml")))
    cut = sorted(p.name for p in (tmp_path / "cache" / "fonts").iterdir() if not p.name.endswith(".lock"))
    assert cut == [f"latin-2.15-wdth100-wght400-{CUTTER}.ttf", f"latin-2.15-wdth100-wght700-{CUTTER}.ttf"]
