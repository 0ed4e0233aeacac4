"""Incremental and parallel builds: touching each kind of input rebuilds exactly what depends on
it, nothing else; parallel output equals serial output; an interrupted build leaves only whole
PDFs; --json describes every PDF."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from conftest import LETTER, MINIMAL, ROOT, run, write_catalogue, write_handout
from handoutgen import build as build_module
from handoutgen.build import MANIFEST


@pytest.fixture
def catalogue(tmp_path):
    """Two handouts x two languages, two layouts (a4 extends letter), a clinic with a logo."""
    write_catalogue(tmp_path / "handouts")
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    shutil.copy(LETTER, layouts / "letter.yaml")
    shutil.copy(ROOT / "layouts" / "a4.yaml", layouts / "a4.yaml")
    clinic = tmp_path / "clinic.yaml"
    shutil.copy(ROOT / "clinics" / "example-logo.svg", tmp_path / "logo.svg")
    clinic.write_text('name: Demo\nphone: "1"\nemergency_number: "911"\nlogo: logo.svg\n')
    return tmp_path


def build(cat, *extra):
    """Build the catalogue; returns {pdf name: status} from the --json summary."""
    args = ["--handouts-dir", cat / "handouts", "--layouts-dir", cat / "layouts", "--clinic", cat / "clinic.yaml",
            "--out", cat / "out", "--layout", "all", "--json", *extra]
    out = subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)],
                         capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    summary = json.loads(out.stdout)
    return {os.path.basename(p["path"]): p["status"] for p in summary["pdfs"]}


ALL = {f"{h}.{lang}.{layout}.pdf" for h in ("alpha", "beta") for lang in ("en", "es") for layout in ("a4", "letter")}


def rebuilt(statuses):
    return {name for name, status in statuses.items() if status == "built"}


def test_touching_each_input_rebuilds_exactly_what_depends_on_it(catalogue):
    cat = catalogue
    assert rebuilt(build(cat)) == ALL
    assert rebuilt(build(cat)) == set()  # nothing changed: nothing made

    path = cat / "handouts" / "alpha" / "es.yaml"
    path.write_text(path.read_text().replace("Short text.", "Short text, edited."))
    assert rebuilt(build(cat)) == {"alpha.es.a4.pdf", "alpha.es.letter.pdf"}

    a4 = cat / "layouts" / "a4.yaml"
    a4.write_text(a4.read_text().replace("top: 20mm", "top: 21mm"))
    assert rebuilt(build(cat)) == {n for n in ALL if ".a4." in n}

    letter = cat / "layouts" / "letter.yaml"  # a4 extends letter: both depend on it
    letter.write_text(letter.read_text().replace("leading: 1.42", "leading: 1.45"))
    assert rebuilt(build(cat)) == ALL

    clinic = cat / "clinic.yaml"
    clinic.write_text(clinic.read_text().replace('phone: "1"', 'phone: "2"'))
    assert rebuilt(build(cat)) == ALL

    (cat / "logo.svg").write_text((cat / "logo.svg").read_text().replace("#0b4a6e", "#123456"))
    assert rebuilt(build(cat)) == ALL

    assert rebuilt(build(cat, "--force")) == ALL
    assert rebuilt(build(cat)) == set()


def test_tool_and_font_changes_rebuild_everything(catalogue, monkeypatch):
    """The tool digest covers the package's own files and the libraries and font packages."""
    before = build_module.tool_digest()
    build_module.tool_digest.cache_clear()
    versions = {}
    real_version = build_module.importlib.metadata.version
    monkeypatch.setattr(build_module.importlib.metadata, "version",
                        lambda name: versions.get(name) or real_version(name))
    versions["fontpkg-noto-sans"] = "99.0"
    try:
        assert build_module.tool_digest() != before
    finally:
        build_module.tool_digest.cache_clear()


def test_a_deleted_or_edited_pdf_is_made_again(catalogue):
    cat = catalogue
    build(cat)
    (cat / "out" / "beta.en.letter.pdf").unlink()
    with open(cat / "out" / "alpha.en.a4.pdf", "ab") as f:
        f.write(b"%")
    assert rebuilt(build(cat)) == {"beta.en.letter.pdf", "alpha.en.a4.pdf"}


def test_a_damaged_manifest_rebuilds_everything(catalogue):
    cat = catalogue
    build(cat)
    (cat / "out" / MANIFEST).write_text("{not json")
    assert rebuilt(build(cat)) == ALL


def test_warnings_survive_an_unchanged_build(catalogue, capsys):
    cat = catalogue
    args = ("--handouts-dir", cat / "handouts", "--layouts-dir", cat / "layouts", "--clinic", cat / "clinic.yaml",
            "--out", cat / "out", "--today", "2031-01-01")
    assert run(*args) == 0
    capsys.readouterr()
    assert run(*args) == 0
    out, err = capsys.readouterr()
    assert "0 built, 4 unchanged, 0 failed," in out
    assert err.count("review_by 2030-01-01 has passed") == 4
    assert run(*args, "--strict") == 1  # --strict applies to unchanged PDFs too, and removes them
    assert not list((cat / "out").glob("*.pdf"))


def test_parallel_build_equals_serial_build(catalogue, tmp_path):
    cat = catalogue
    common = ("--handouts-dir", cat / "handouts", "--layouts-dir", cat / "layouts", "--clinic", cat / "clinic.yaml",
              "--layout", "all")
    assert run(*common, "--out", tmp_path / "serial", "--jobs", "1") == 0
    assert run(*common, "--out", tmp_path / "parallel", "--jobs", "2") == 0
    for name in ALL:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()


def test_json_summary_describes_every_pdf(catalogue):
    cat = catalogue
    write_handout(cat / "handouts", "gamma", "en", "handout: gamma\n")
    args = ["--handouts-dir", cat / "handouts", "--layouts-dir", cat / "layouts", "--clinic", cat / "clinic.yaml",
            "--out", cat / "out", "--json"]
    out = subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)], capture_output=True, text=True)
    assert out.returncode == 1
    summary = json.loads(out.stdout)
    assert (summary["built"], summary["unchanged"], summary["failed"]) == (4, 0, 1)
    good = next(p for p in summary["pdfs"] if p["status"] == "built")
    assert good["pages"] == 1 and good["bytes"] > 1000 and good["ms"] > 0 and good["errors"] == []
    bad = next(p for p in summary["pdfs"] if p["status"] == "failed")
    error = bad["errors"][0]
    assert bad["handout"] == "gamma" and "gamma/en.yaml:1:1: missing key 'language'" in error["text"]
    assert (error["line"], error["column"], error["message"]) == (1, 1, "missing key 'language' in the handout")
    assert summary["catalogue"] == str(cat / "out" / "index.html")


def test_an_internal_error_fails_one_pdf_only(catalogue, monkeypatch, capsys):
    from handoutgen.render import document  # the pipeline renders through it (pipeline.render_and_verify)

    real_render = document.render

    def flaky(handout, layout, clinic):
        if handout.id == "beta":
            raise ZeroDivisionError("boom")
        return real_render(handout, layout, clinic)

    monkeypatch.setattr(document, "render", flaky)
    cat = catalogue
    args = ("--handouts-dir", cat / "handouts", "--layouts-dir", cat / "layouts", "--clinic", cat / "clinic.yaml",
            "--out", cat / "out", "--jobs", "1")
    assert run(*args) == 1
    out, err = capsys.readouterr()
    assert "2 built, 0 unchanged, 2 failed" in out
    assert "internal error: ZeroDivisionError: boom (run with --debug" in err and "Traceback" not in err
    assert run(*args, "--debug") == 1
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_build_leaves_only_whole_pdfs(tmp_path, how):
    handouts = tmp_path / "handouts"
    body = "".join(f'      - paragraph: "{"Words to lay out. " * 60}"\n' for _ in range(12))
    for i in range(80):  # far more work than the few PDFs the kill waits for, on any machine
        write_handout(handouts, f"h{i:02d}", "en", MINIMAL.format(id=f"h{i:02d}", lang="en") + body)
    out = tmp_path / "out"
    args = [sys.executable, str(ROOT / "generate.py"), "--handouts-dir", str(handouts), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, how)  # the whole process group, as a terminal's Ctrl-C does
    proc.wait(timeout=60)
    if how != signal.SIGKILL:
        assert proc.returncode == 130, proc.stderr.read()
    for pdf in out.glob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1  # every PDF there is whole
    if how == signal.SIGKILL:  # nothing could clean up; the next build does
        subprocess.run([*args[:-2], "--jobs", "1", "h00"], check=True, stdout=subprocess.DEVNULL)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_translation_depends_on_its_source_not_on_the_translations_beside_it(tmp_path):
    handout = tmp_path / "handouts" / "multiple-myeloma"
    handout.mkdir(parents=True)
    for lang in ("en", "es", "ru"):
        shutil.copy(ROOT / "handouts" / "multiple-myeloma" / f"{lang}.yaml", handout)
    for picture in (ROOT / "handouts" / "multiple-myeloma").glob("*.svg"):
        shutil.copy(picture, handout)
    (tmp_path / "layouts").mkdir()
    shutil.copy(LETTER, tmp_path / "layouts" / "letter.yaml")
    shutil.copy(ROOT / "clinic.yaml", tmp_path / "clinic.yaml")
    everything = {f"multiple-myeloma.{lang}.letter.pdf" for lang in ("en", "es", "ru")}
    assert rebuilt(build(tmp_path)) == everything

    ru = handout / "ru.yaml"
    ru.write_text(ru.read_text() + "\n# a translator's note\n")
    assert rebuilt(build(tmp_path)) == {"multiple-myeloma.ru.letter.pdf"}

    en = handout / "en.yaml"  # the translations are checked against it: all rebuild
    en.write_text(en.read_text() + "\n# an author's note\n")
    assert rebuilt(build(tmp_path)) == everything


def test_a_no_change_rebuild_imports_none_of_the_pdf_machinery(catalogue):
    """Nothing to make: the build neither renders nor checks, so it must not pay for importing
    reportlab, pikepdf, pypdf, fontTools' font reader, wordfreq, the plain-language checks or the
    CLDR's language names (the catalogue page is left as it is) (issue 19). Not
    yet with a clinic logo: the profile's picture is decoded (svglib, reportlab) to validate it."""
    (catalogue / "clinic.yaml").write_text('name: Demo\nphone: "1"\nemergency_number: "911"\n')
    assert rebuilt(build(catalogue)) == ALL
    args = ["--handouts-dir", catalogue / "handouts", "--layouts-dir", catalogue / "layouts", "--clinic",
            catalogue / "clinic.yaml", "--out", catalogue / "out", "--layout", "all"]
    heavy = ("reportlab", "pikepdf", "pypdf", "fontTools.ttLib", "wordfreq", "babel",
             "handoutgen.checks.plain_language")
    probe = (f"import sys\nfrom pathlib import Path\nfrom handoutgen.cli import main\n"
             f"code = main({[str(a) for a in args]!r}, root=Path({str(ROOT)!r}))\n"
             f"print('IMPORTED:', code, *sorted({{m.split('.')[0] if not m.startswith('handoutgen') else m "
             f"for m in sys.modules if m.startswith({heavy!r})}}))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert next(line for line in out.splitlines() if line.startswith("IMPORTED:")) == "IMPORTED: 0"
