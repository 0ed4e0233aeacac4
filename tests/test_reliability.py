"""An unlucky user's build: a full disk, an output folder that cannot be written, a killed worker
or parent, two builds into one folder at once, a pipe closed early. Never a traceback, never a
lost or stale PDF, and the exit code says what happened."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT, run, write_handout
from handoutgen import atomic, outfolder
from handoutgen.build import MANIFEST
from handoutgen.checks.config import CheckConfig
from handoutgen.clinic import parse_clinic
from handoutgen.jobs import Job, Result, Source
from handoutgen.layout.parse import parse_layout
from handoutgen.workers import run_jobs

LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "pl")


@pytest.fixture
def handouts(tmp_path):
    for lang in LANGUAGES:
        write_handout(tmp_path / "handouts", "demo", lang, MINIMAL.format(id="demo", lang=lang))
    return tmp_path / "handouts"


def generate(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "generate.py"), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.mark.parametrize("error, said", [(errno.ENOSPC, "disk full"), (errno.EROFS, "the output folder is not writable"),
                                         (errno.EIO, "input/output error")])
def test_a_failed_write_keeps_the_previous_pdf_and_says_why_in_one_line(handouts, tmp_path, capsys, monkeypatch,
                                                                        error, said):
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out, "--lang", "en", "--jobs", "1") == 0
    pdf = out / "demo.en.letter.pdf"
    good = pdf.read_bytes()
    capsys.readouterr()

    def fail(fd):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    (handouts / "demo" / "en.yaml").write_text(MINIMAL.format(id="demo", lang="en").replace("Short", "Changed"))
    assert run("--handouts-dir", handouts, "--out", out, "--lang", "en", "--jobs", "1") == 1
    captured = capsys.readouterr()
    assert f"could not write {pdf}: {said}; the previous PDF is kept" in captured.err
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert pdf.read_bytes() == good  # not removed, not half-written
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert "removed the old" not in captured.out


def test_a_real_write_failure_from_the_kernel_keeps_the_previous_pdf(handouts, tmp_path):
    """Files may not grow beyond 8 KB in this process: the kernel refuses the write itself."""
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out, "--lang", "en", "--jobs", "1") == 0
    pdf = out / "demo.en.letter.pdf"
    good = pdf.read_bytes()
    (handouts / "demo" / "en.yaml").write_text(MINIMAL.format(id="demo", lang="en").replace("Short", "Changed"))
    limit = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))")
    result = subprocess.run([sys.executable, "-c", f"{limit}; import runpy, sys; sys.argv = sys.argv[1:]; "
                             "runpy.run_path(sys.argv[0], run_name='__main__')", str(ROOT / "generate.py"),
                             "--handouts-dir", str(handouts), "--out", str(out), "--lang", "en", "--jobs", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "could not write" in result.stderr and "file too large; the previous PDF is kept" in result.stderr
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == good


def test_an_output_folder_that_cannot_be_written_is_one_line(handouts, tmp_path, capsys, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(outfolder.LOCK):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(outfolder.os, "open", refuse)
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: cannot write in the output folder {tmp_path / 'out'}: the output folder is not writable"]


def test_a_manifest_that_cannot_be_written_is_one_line_after_the_summary(handouts, tmp_path, capsys, monkeypatch):
    real = atomic.write_atomic

    def fail_manifest(path, data):
        if path.name == MANIFEST:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(outfolder, "write_atomic", fail_manifest)
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "en") == 1
    out, err = capsys.readouterr()
    assert "1 built, 0 unchanged, 0 failed" in out
    assert f"error: could not write the manifest and catalogue page in {tmp_path / 'out'}: disk full" in err
    assert "Traceback" not in err


def test_out_naming_a_file_is_a_usage_error(handouts, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit) as exc:
        run("--handouts-dir", handouts, "--out", tmp_path / "file")
    assert exc.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(handouts, tmp_path):
    command = f"{sys.executable} {ROOT / 'generate.py'} --handouts-dir {handouts} --out {tmp_path / 'out'} | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.stdout.startswith("built")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == len(LANGUAGES)  # the build itself finished


def test_two_builds_into_one_folder_at_once_keep_every_entry(handouts, tmp_path):
    out = tmp_path / "out"
    half = len(LANGUAGES) // 2
    builds = [generate("--handouts-dir", handouts, "--out", out, "--jobs", "1", "--lang", ",".join(part))
              for part in (LANGUAGES[:half], LANGUAGES[half:])]
    for build in builds:
        build.communicate(timeout=300)
        assert build.returncode == 0
    manifest = json.loads((out / MANIFEST).read_text())["pdfs"]
    assert sorted(manifest) == sorted(f"demo.{lang}.letter.pdf" for lang in LANGUAGES)
    index = (out / "index.html").read_text()
    for lang in LANGUAGES:
        assert f'href="demo.{lang}.letter.pdf"' in index


def kill_on(job):
    """A worker's work that dies like a worker killed for using too much memory, on French."""
    if job.source.language == "fr":
        os.kill(os.getpid(), signal.SIGKILL)
    return Result(job.source, job.layout.name, job.output, status="built")


def test_a_dead_worker_fails_only_the_pdf_it_held(handouts, tmp_path):
    layout = parse_layout(str(ROOT / "layouts" / "letter.yaml"))
    clinic = parse_clinic(str(ROOT / "clinic.yaml"))
    jobs = [Job(Source("demo", lang, handouts / "demo" / f"{lang}.yaml"), layout, clinic, CheckConfig(),
                tmp_path / f"demo.{lang}.pdf", "key") for lang in LANGUAGES]
    results = {r.source.language: r for r in run_jobs(jobs, 2, kill_on)}
    assert sorted(results) == sorted(LANGUAGES)
    assert results["fr"].status == "failed"
    assert "the worker making demo.fr.pdf was stopped by signal 9" in results["fr"].errors[0].message
    assert all(results[lang].status == "built" for lang in LANGUAGES if lang != "fr")


def test_parent_killed_takes_its_workers_with_it(tmp_path):
    handouts = tmp_path / "handouts"
    for n in range(12):
        write_handout(handouts, f"h{n}", "en", MINIMAL.format(id=f"h{n}", lang="en"))
    build = generate("--handouts-dir", handouts, "--out", tmp_path / "out", "--jobs", "2")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(build.pid)  # the two workers (and multiprocessing's helper, if any)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build did not start its workers"
    build.kill()
    build.communicate()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_very_long_title_takes_seconds_not_minutes(tmp_path, capsys):
    """The running header fits the title by bisection; a 9,999-character title used to take 296 s."""
    handouts = tmp_path / "handouts"
    write_handout(handouts, "long", "en", MINIMAL.format(id="long", lang="en").replace(
        '"A small handout"', '"' + ("Very long title " * 700)[:9_999] + '"'))
    start = time.monotonic()
    run("--handouts-dir", handouts, "--out", tmp_path / "out", "--jobs", "1")
    assert time.monotonic() - start < 30
    assert "Traceback" not in capsys.readouterr().err


def test_a_report_that_cannot_be_written_is_one_line(handouts, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", "en",
               "--report", tmp_path / "file" / "report.md") == 1
    err = capsys.readouterr().err
    assert f"error: could not write the report {tmp_path / 'file' / 'report.md'}: " in err
    assert "Traceback" not in err


def test_a_written_file_and_its_folder_entry_reach_the_disk_before_the_write_returns(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append("folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic.write_atomic(tmp_path / "sub" / "x.pdf", b"%PDF-")
    assert synced == ["file", "folder"]  # the data, then the rename that makes it the file
    assert (tmp_path / "sub" / "x.pdf").read_bytes() == b"%PDF-"
