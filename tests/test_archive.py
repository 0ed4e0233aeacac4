"""The archive of everything published: every PDF a build writes is kept byte for byte, the ledger
says which was current when, and it stays consistent through concurrent builds, kills and
pruning. Checked through the command line and the files a records officer gets back."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, run, write_handout

LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "pl")


@pytest.fixture(autouse=True)
def bounded():
    """No test here may hang: each gets two minutes."""
    def stop(signum, frame):
        raise TimeoutError("test took over 120 s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def handouts(tmp_path):
    for lang in LANGUAGES:
        write_handout(tmp_path / "handouts", "demo", lang, MINIMAL.format(id="demo", lang=lang))
    return tmp_path / "handouts"


def build(handouts: Path, out: Path, *args) -> int:
    return run("--handouts-dir", handouts, "--out", out, "--jobs", "1", *args)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(archive: Path) -> list[dict]:
    with sqlite3.connect(f"file:{archive / 'ledger.sqlite3'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM published ORDER BY built_at")]


def printed_version(pdf: Path) -> str:
    """The version as a reader finds it at the foot of the page."""
    return re.search(r"demo · [\w-]+ · \D*([0-9a-f]{8})", PdfReader(pdf).pages[0].extract_text())[1]


def assert_consistent(archive: Path, out: Path | None = None) -> None:
    """SQLite's integrity check passes, every row's file is there with its digest, and (when
    ``out`` is given) every PDF in the output folder is the latest row for its name."""
    with sqlite3.connect(archive / "ledger.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    entries = rows(archive)
    for row in entries:
        if row["sha256"]:
            assert sha(archive / row["archive_path"]) == row["sha256"], row
    if out:
        latest = {r["name"]: r for r in entries if r["folder"] == os.path.relpath(out, archive)}
        for pdf in out.glob("*.pdf"):
            assert latest[pdf.name]["sha256"] == sha(pdf), pdf.name


def edit(handouts: Path, lang: str, text: str) -> None:
    (handouts / "demo" / f"{lang}.yaml").write_text(MINIMAL.format(id="demo", lang=lang).replace("Short text.", text))


def test_build_edit_build_keeps_both_pdfs_and_as_of_returns_each(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"  # the default: archive/ beside the output folder
    pdf = out / "demo.en.letter.pdf"
    assert build(handouts, out, "--lang", "en") == 0
    first, first_version = pdf.read_bytes(), printed_version(pdf)
    between = dt.datetime.now(dt.timezone.utc)
    time.sleep(0.05)
    edit(handouts, "en", "Changed text.")
    assert build(handouts, out, "--lang", "en") == 0
    second, second_version = pdf.read_bytes(), printed_version(pdf)
    assert first != second and first_version != second_version

    # Both kept byte for byte, once each, and the ledger says what each is.
    entries = rows(archive)
    assert [(r["kind"], r["version"], r["name"], r["handout"], r["language"], r["layout"], r["review_state"])
            for r in entries] == [("built", v, "demo.en.letter.pdf", "demo", "en", "letter", "source")
                                  for v in (first_version, second_version)]
    assert [(archive / r["archive_path"]).read_bytes() for r in entries] == [first, second]
    assert entries[1]["source_sha256"] == sha(handouts / "demo" / "en.yaml")
    assert entries[0]["clinic_path"] == str((ROOT / "clinic.yaml").resolve())
    assert all(r["pages"] == 1 and r["bytes"] == len(b) for r, b in zip(entries, (first, second)))
    assert len(list((archive / "pdf").glob("*/*.pdf"))) == 2

    # --as-of a time returns the PDF current then; --copy-to gives back the very bytes.
    capsys.readouterr()
    for when, expected, version in ((between, first, first_version), (dt.datetime.now(dt.timezone.utc), second,
                                                                      second_version)):
        copy = tmp_path / f"copy-{version}.pdf"
        assert run("demo", "--lang", "en", "--out", out, "--as-of", when.isoformat(), "--copy-to", copy) == 0
        assert copy.read_bytes() == expected
        said = capsys.readouterr().out
        assert f"version {version}" in said and "review state source" in said
    # The version read off a printout finds its PDF, with --as-of (recognised) or --find-version.
    for option in ("--as-of", "--find-version"):
        copy = tmp_path / f"by-{option}.pdf"
        assert run("--out", out, option, first_version, "--copy-to", copy) == 0
        assert copy.read_bytes() == first
    assert "until" in capsys.readouterr().out  # the first one was replaced
    # A day lists every PDF current at some time that day; copying needs one.
    assert run("demo", "--lang", "en", "--out", out, "--as-of", between.astimezone().date().isoformat()) == 0
    said = capsys.readouterr().out
    assert first_version in said and second_version in said
    with pytest.raises(SystemExit) as stop:
        run("demo", "--lang", "en", "--out", out, "--as-of", between.astimezone().date().isoformat(),
            "--copy-to", tmp_path / "which.pdf")
    assert stop.value.code == 2 and "2 different PDFs match" in capsys.readouterr().err
    assert not (tmp_path / "which.pdf").exists()


def test_an_unchanged_build_adds_nothing_and_a_forced_one_the_same_pdf_once(handouts, tmp_path):
    out, archive = tmp_path / "out", tmp_path / "archive"
    assert build(handouts, out, "--lang", "en,es") == 0
    assert build(handouts, out, "--lang", "en,es") == 0
    assert len(rows(archive)) == 2
    assert build(handouts, out, "--lang", "en,es", "--force") == 0  # same bytes, written again
    assert len(rows(archive)) == 4 and len(list((archive / "pdf").glob("*/*.pdf"))) == 2
    assert_consistent(archive, out)


def test_what_the_archive_cannot_answer_is_said_with_its_exit_code(handouts, tmp_path, capsys):
    out = tmp_path / "out"
    assert run("--out", out, "--find-version", "0123abcd") == 1
    assert "no archive at" in capsys.readouterr().err
    assert build(handouts, out, "--lang", "en") == 0
    version = printed_version(out / "demo.en.letter.pdf")
    capsys.readouterr()
    assert run("demo", "--lang", "en", "--out", out, "--as-of", "2001-01-01") == 1
    assert "nothing archived for" in capsys.readouterr().err
    assert run("--out", out, "--find-version", "0123abcd") == 1
    assert "no archived PDF has version 0123abcd" in capsys.readouterr().err
    assert run("demo", "--lang", "es", "--out", out, "--find-version", version) == 1  # that version is English
    for args, said in ((("demo", "--lang", "en", "--as-of", "last tuesday"), "is not a date"),
                       (("demo", "--lang", "en", "--as-of", "2026-02-30"), "is not a date"),
                       (("demo", "--as-of", "2026-01-01"), "one HANDOUT and one --lang"),
                       (("--find-version", "12345"), "8 letters and digits"),
                       (("--copy-to", tmp_path / "x.pdf"), "--copy-to goes with --as-of"),
                       (("--prune-archive",), "needs --keep-years")):
        with pytest.raises(SystemExit) as stop:
            run("--out", out, *args)
        assert stop.value.code == 2 and said in capsys.readouterr().err, args
    # Eight digits could be a compact date or a version: when the archive holds such a version, ask.
    with sqlite3.connect(tmp_path / "archive" / "ledger.sqlite3") as db:
        db.execute("UPDATE published SET version = '20260101'")
    with pytest.raises(SystemExit) as stop:
        run("demo", "--lang", "en", "--out", out, "--as-of", "20260101")
    assert stop.value.code == 2 and "write the date as 2026-01-01" in capsys.readouterr().err


def test_a_handout_that_fails_withdraws_its_pdf_from_that_time(handouts, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(handouts, out, "--lang", "en") == 0
    before = dt.datetime.now(dt.timezone.utc).isoformat()
    time.sleep(0.05)
    (handouts / "demo" / "en.yaml").write_text("handout: demo\nlanguage: en\n")
    assert build(handouts, out, "--lang", "en") == 1
    assert not (out / "demo.en.letter.pdf").exists()
    capsys.readouterr()
    assert run("demo", "--lang", "en", "--out", out, "--as-of", dt.datetime.now(dt.timezone.utc).isoformat()) == 1
    assert "no PDF: withdrawn" in capsys.readouterr().out
    assert run("demo", "--lang", "en", "--out", out, "--as-of", before, "--copy-to", tmp_path / "c.pdf") == 0
    assert [r["kind"] for r in rows(tmp_path / "archive")] == ["built", "withdrawn"]


def test_pdfs_published_before_the_archive_existed_are_adopted(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "elsewhere"
    assert build(handouts, out, "--lang", "en,ar,es", "--archive", archive) == 0
    made = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    for path in archive.rglob("*"):  # as if the archive had not existed: it starts empty
        if path.is_file():
            path.unlink()
    assert build(handouts, out, "--lang", "en,es", "--archive", archive) == 0  # nothing built
    entries = rows(archive)
    assert sorted(r["name"] for r in entries) == sorted(made)
    for r in entries:
        assert r["kind"] == "adopted" and r["version"] == printed_version(out / r["name"])
        assert dt.datetime.fromisoformat(r["built_at"]).timestamp() == pytest.approx(made[r["name"]] / 1e9, abs=1e-5)
        assert (r["handout"], r["layout"], r["review_state"]) == ("demo", "letter", "source")
    assert_consistent(archive, out)


def test_an_archive_that_cannot_be_used_is_one_line_and_the_pdfs_are_still_published(handouts, tmp_path, capsys):
    out, blocked = tmp_path / "out", tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    assert build(handouts, out, "--lang", "en", "--archive", blocked) == 1
    err = capsys.readouterr().err
    assert f"cannot use the archive folder {blocked}" in err and "built but not archived" in err
    assert "Traceback" not in err
    assert (out / "demo.en.letter.pdf").exists()  # a corrected handout still reaches patients
    blocked.unlink()
    assert build(handouts, out, "--lang", "en", "--archive", blocked) == 0
    assert [r["kind"] for r in rows(blocked)] == ["adopted"]
    assert_consistent(blocked, out)


def generate(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "generate.py"), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def test_two_builds_at_once_leave_one_consistent_ledger(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"
    # Overlapping on purpose: both write demo.it.letter.pdf.
    builds = [generate("--handouts-dir", handouts, "--out", out, "--jobs", "1", "--lang", ",".join(part))
              for part in (LANGUAGES[:5], LANGUAGES[4:])]
    for process in builds:
        _, err = process.communicate(timeout=100)
        assert process.returncode == 0, err
    assert_consistent(archive, out)
    entries = rows(archive)
    assert {r["name"] for r in entries} == {f"demo.{lang}.letter.pdf" for lang in LANGUAGES}
    assert all(r["kind"] == "built" for r in entries)
    for lang in LANGUAGES:
        copy = tmp_path / f"{lang}.pdf"
        assert run("demo", "--lang", lang, "--out", out, "--as-of", dt.datetime.now().isoformat(),
                   "--copy-to", copy) == 0
        assert copy.read_bytes() == (out / f"demo.{lang}.letter.pdf").read_bytes()


def test_a_build_killed_between_archiving_a_pdf_and_recording_it(handouts, tmp_path, capsys):
    """The narrowest window, hit on purpose: the archived file is written, its row is not."""
    out, archive = tmp_path / "out", tmp_path / "archive"
    killer = ("import os, runpy, signal, sys; from handoutgen.archive import ledger; "
              "store = ledger.Archive._store; "
              "ledger.Archive._store = lambda *a: (store(*a), os.kill(os.getpid(), signal.SIGKILL)); "
              f"sys.argv = ['generate.py'] + sys.argv[1:]; runpy.run_path({str(ROOT / 'generate.py')!r}, "
              "run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", killer, "--handouts-dir", handouts, "--out", out, "--jobs", "1",
                             "--lang", "en"], capture_output=True, text=True, timeout=100,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == -signal.SIGKILL
    assert rows(archive) == [] and len(list((archive / "pdf").glob("*/*.pdf"))) == 1  # a file no row names
    assert_consistent(archive)
    assert run("--out", out, "--verify-archive") == 1
    assert "no entry names it" in capsys.readouterr().err
    # The next build adopts the PDF that was published, and with it the archived file.
    assert build(handouts, out, "--lang", "en") == 0
    assert_consistent(archive, out)
    assert run("--out", out, "--verify-archive") == 0
    assert run("--out", out, "--find-version", printed_version(out / "demo.en.letter.pdf")) == 0


def test_a_build_killed_at_any_point_leaves_the_ledger_consistent(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"
    recorded = 0
    # Killed as the first new PDF appears (before its build records it), then with a few and with
    # many recorded: each time every PDF is new (the text changes).
    for stage, (what, count) in enumerate((("pdfs", 1), ("rows", 3), ("rows", 20))):
        for lang in LANGUAGES:
            edit(handouts, lang, f"Text of build {stage}.")
        started = time.time()
        process = generate("--handouts-dir", handouts, "--out", out, "--jobs", "2", "--layout", "all")
        while process.poll() is None:
            if what == "pdfs":
                reached = sum(p.stat().st_mtime > started for p in out.glob("*.pdf")) >= count
            else:
                reached = (archive / "ledger.sqlite3").exists() and len(rows(archive)) >= recorded + count
            if reached:
                break
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers
        process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL, f"the build finished before stage {stage}"
        if (archive / "ledger.sqlite3").exists():
            assert_consistent(archive)
            recorded = len(rows(archive))
    assert recorded >= 20
    assert build(handouts, out, "--layout", "all") == 0
    assert_consistent(archive, out)
    assert run("--out", out, "--verify-archive") == 0
    capsys.readouterr()
    assert run("demo", "--lang", "fr", "--layout", "trifold", "--out", out,
               "--as-of", dt.datetime.now().isoformat(), "--copy-to", tmp_path / "fr.pdf") == 0
    assert (tmp_path / "fr.pdf").read_bytes() == (out / "demo.fr.trifold.pdf").read_bytes()
    # Every version in the ledger is one that a build really made.
    assert {r["version"] for r in rows(archive) if r["name"] == "demo.en.letter.pdf"} <= {
        hashlib.sha256(MINIMAL.format(id="demo", lang="en").replace("Short text.", f"Text of build {n}.")
                       .encode()).hexdigest()[:8] for n in range(3)}


def test_pruning_forgets_only_what_stopped_being_current_before_the_retention_period(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"
    versions = {}
    for n, text in enumerate(("One.", "Two.", "Three.")):  # en: three versions; es: one, never replaced
        edit(handouts, "en", text)
        assert build(handouts, out, "--lang", "en,es") == 0
        versions[text] = printed_version(out / "demo.en.letter.pdf")
    # Back-date them: en replaced in 2010 and 2020; es (unchanged since) built in 2009.
    with sqlite3.connect(archive / "ledger.sqlite3") as db:
        for version, year in zip(versions.values(), (2005, 2010, 2020)):
            db.execute("UPDATE published SET built_at = ? WHERE version = ?", (f"{year}-06-01T00:00:00.000000Z", version))
        db.execute("UPDATE published SET built_at = '2009-01-01T00:00:00.000000Z' WHERE language = 'es'")
    capsys.readouterr()
    assert run("--out", out, "--prune-archive", "--keep-years", "10") == 0
    said = capsys.readouterr().out
    # Only "One." went: replaced in 2010, more than ten years ago. "Two." was current until 2020,
    # "Three." and the Spanish from 2009 are current.
    assert [r["version"] for r in rows(archive) if r["language"] == "en"] == list(versions.values())[1:]
    assert [r["language"] for r in rows(archive)].count("es") == 1
    assert f"removed entry: ../out/demo.en.letter.pdf version {versions['One.']}" in said
    assert "removed file:" in said and "pruned 1 entry and 1 file" in said
    assert len(list((archive / "pdf").glob("*/*.pdf"))) == 3
    assert_consistent(archive, out)
    assert run("--out", out, "--prune-archive", "--keep-years", "1") == 0  # never what is current
    assert {r["version"] for r in rows(archive)} >= {versions["Three."], printed_version(out / "demo.es.letter.pdf")}
    assert run("demo", "--lang", "es", "--out", out, "--as-of", "2015-01-01") == 0
    assert run("--out", out, "--verify-archive") == 0


def test_one_version_in_two_layouts_and_two_clinics_is_found_by_naming_which(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"
    clinic = ROOT / "clinics" / "example.yaml"
    assert build(handouts, out, "--lang", "en", "--layout", "all") == 0
    assert build(handouts, out, "--lang", "en", "--layout", "all", "--clinic", clinic) == 0
    version = printed_version(out / "demo.en.letter.pdf")
    capsys.readouterr()
    assert run("--out", out, "--find-version", version) == 0
    assert capsys.readouterr().out.count("current from") == 10  # 5 layouts x 2 clinics
    with pytest.raises(SystemExit) as stop:
        run("--out", out, "--find-version", version, "--copy-to", tmp_path / "one.pdf")
    assert stop.value.code == 2 and "10 different PDFs match" in capsys.readouterr().err
    assert run("--out", out, "--find-version", version, "--layout", "a4", "--clinic", clinic,
               "--copy-to", tmp_path / "one.pdf") == 0
    assert (tmp_path / "one.pdf").read_bytes() == (out / "demo.en.a4.example-clinic.pdf").read_bytes()
    # A time needs the clinic as the build had it: its id is part of the PDF's name.
    assert run("demo", "--lang", "en", "--layout", "large-print", "--clinic", clinic, "--out", out,
               "--as-of", dt.datetime.now().isoformat(), "--copy-to", tmp_path) == 0
    assert (tmp_path / "demo.en.large-print.example-clinic.pdf").read_bytes() == \
        (out / "demo.en.large-print.example-clinic.pdf").read_bytes()
    entry = next(r for r in rows(archive) if r["name"] == "demo.en.large-print.example-clinic.pdf")
    assert (entry["clinic_id"], entry["clinic_path"]) == ("example-clinic", str(clinic.resolve()))


def test_a_pdf_that_cannot_be_archived_is_one_line_and_the_next_build_records_it(handouts, tmp_path, capsys,
                                                                                  monkeypatch):
    from handoutgen.archive import ledger

    out, archive = tmp_path / "out", tmp_path / "archive"

    def full(path, data):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(ledger, "write_atomic", full)
        assert build(handouts, out, "--lang", "en") == 1
    err = capsys.readouterr().err
    assert f"could not archive {out / 'demo.en.letter.pdf'}: disk full; the next build records it" in err
    assert "Traceback" not in err and rows(archive) == []
    assert build(handouts, out, "--lang", "en") == 0  # unchanged, so not built again: adopted
    assert [r["kind"] for r in rows(archive)] == ["adopted"]
    assert_consistent(archive, out)


def test_a_damaged_ledger_is_one_line_that_says_so(handouts, tmp_path, capsys):
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "ledger.sqlite3").write_bytes(b"not a database, at all" * 100)
    assert build(handouts, tmp_path / "out", "--lang", "en") == 1
    err = capsys.readouterr().err
    assert "cannot use the archive folder" in err and "not a database" in err and "Traceback" not in err
    assert run("--out", tmp_path / "out", "--verify-archive") == 1
    assert "not a database" in capsys.readouterr().err


def test_a_damaged_or_missing_archived_file_is_never_copied_out(handouts, tmp_path, capsys):
    out, archive = tmp_path / "out", tmp_path / "archive"
    assert build(handouts, out, "--lang", "en") == 0
    stored = archive / rows(archive)[0]["archive_path"]
    version = printed_version(out / "demo.en.letter.pdf")
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 1  # one bit, as a failing disk would
    stored.write_bytes(bytes(data))
    capsys.readouterr()
    assert run("--out", out, "--find-version", version, "--copy-to", tmp_path / "copy.pdf") == 1
    assert "is damaged" in capsys.readouterr().err and not (tmp_path / "copy.pdf").exists()
    assert run("--out", out, "--verify-archive") == 1
    assert "damaged" in capsys.readouterr().err
    stored.unlink()
    assert run("--out", out, "--find-version", version, "--copy-to", tmp_path / "copy.pdf") == 1
    assert "cannot read the archived file" in capsys.readouterr().err
    assert run("--out", out, "--verify-archive") == 1
    assert "missing" in capsys.readouterr().err
