"""`generate.py --watch` as an author uses it: a real process, files saved the way editors save
them, and Ctrl-C. What was made again is judged by the PDFs' modification times."""

from __future__ import annotations

import json
import signal
import time

import pytest
from pypdf import PdfReader

from conftest import write_handout
from preview_fixture import COUGH, PICTURE, Running, make_project, project_args, save, stamps

SUMMARY = r"^(\d+) built, (\d+) unchanged, (\d+) failed"
WATCHING = r"^watching \d+ folders for changes"
FAST = 20  # seconds from a save to its rebuild, on a loaded 2-core machine (about 1 s idle)


@pytest.fixture
def watching(tmp_path):
    project = make_project(tmp_path)
    running = Running(project, *project_args(project), "--watch")
    running.expect(WATCHING)
    yield project, running
    running.kill()


def rebuild_after(running: Running, save_it) -> tuple[list[int], list[str], float]:
    """Save, then wait for the rebuild: its counts (built, unchanged, failed), its lines, seconds."""
    mark = len(running.seen)
    started = time.monotonic()
    save_it()
    counts = [int(n) for n in running.expect(SUMMARY).groups()]
    elapsed = time.monotonic() - started
    running.expect(WATCHING)
    return counts, running.since(mark), elapsed


def test_a_save_rebuilds_only_the_pdfs_made_from_the_saved_file(watching):
    project, running = watching
    out = project / "output"
    first = stamps(out)
    assert sorted(first) == ["cover-your-cough.en.a4.pdf", "cover-your-cough.en.letter.pdf",
                             "hand-washing.en.a4.pdf", "hand-washing.en.letter.pdf"]

    # A handout: its two PDFs, not the other handout's.
    counts, lines, elapsed = rebuild_after(running, lambda: save(
        project / "handouts" / "cover-your-cough" / "en.yaml", "waste basket", "trash"))
    assert counts == [2, 2, 0], lines
    assert elapsed < FAST, elapsed
    assert "saved: handouts/cover-your-cough/en.yaml" in lines[1]  # the editor's scratch file is not named
    second = stamps(out)
    assert {n for n in first if first[n] != second[n]} == {"cover-your-cough.en.a4.pdf", "cover-your-cough.en.letter.pdf"}

    # A layout: the PDFs in it, for every handout.
    counts, lines, _ = rebuild_after(running, lambda: save(project / "layouts" / "a4.yaml", "left: 20mm", "left: 22mm"))
    assert counts == [2, 2, 0], lines
    third = stamps(out)
    assert {n for n in second if second[n] != third[n]} == {"cover-your-cough.en.a4.pdf", "hand-washing.en.a4.pdf"}

    # A picture: the PDFs that show it.
    picture = project / "handouts" / "hand-washing" / "hands.svg"
    counts, lines, _ = rebuild_after(running, lambda: picture.write_text(PICTURE.format(fill="#aa3366")))
    assert counts == [2, 2, 0], lines
    fourth = stamps(out)
    assert {n for n in third if third[n] != fourth[n]} == {"hand-washing.en.a4.pdf", "hand-washing.en.letter.pdf"}

    # The clinic profile: every PDF.
    counts, lines, _ = rebuild_after(running, lambda: save(project / "clinic.yaml", "name: \"\"", "name: \"Example clinic\""))
    assert counts == [4, 0, 0], lines

    # The clinic's glossary, in a folder of its own: every PDF is checked again.
    glossary = project / "terms" / "clinic-words.yaml"
    counts, lines, _ = rebuild_after(running, lambda: save(glossary, "soap foam", "foam"))
    assert counts == [4, 0, 0], lines
    assert "saved: terms/clinic-words.yaml" in lines[1]


def test_errors_are_printed_at_their_line_and_a_fix_builds_again(watching):
    project, running = watching
    handout = project / "handouts" / "hand-washing" / "en.yaml"
    counts, lines, _ = rebuild_after(running, lambda: save(handout, "  - id: steps", "  - id: Steps"))
    assert counts == [0, 2, 2], lines
    assert any(line.startswith("FAILED    handouts/hand-washing/en.yaml [letter]") for line in lines), lines
    assert any("handouts/hand-washing/en.yaml:9:9: section id 'Steps' is not valid" in line for line in lines), lines
    assert not (project / "output" / "hand-washing.en.letter.pdf").exists()  # a failed handout's PDF goes
    counts, lines, _ = rebuild_after(running, lambda: save(handout, "  - id: Steps", "  - id: steps"))
    assert counts == [2, 2, 0], lines


def test_a_new_handout_folder_is_watched_and_scratch_files_are_not(watching):
    project, running = watching
    handouts = project / "handouts"
    # Files that no build reads: an editor's backup and swap files, notes, the output folder.
    (handouts / "hand-washing" / "en.yaml~").write_text("old")
    (handouts / "hand-washing" / ".en.yaml.swp").write_text("swap")
    (handouts / "notes.txt").write_text("to do")
    (project / "output" / "printed.txt").write_text("list")
    # Then a new handout, in a new folder: the only thing the next rebuild is about.
    counts, lines, _ = rebuild_after(running, lambda: _new_handout(handouts))
    assert counts[0] >= 2 and counts[2] == 0, lines
    assert "saved:" in lines[1] and "~" not in lines[1] and ".swp" not in lines[1] and "notes" not in lines[1], lines
    assert (project / "output" / "cough-too.en.letter.pdf").is_file()
    # A later save inside the new folder is seen too.
    counts, lines, _ = rebuild_after(running, lambda: save(handouts / "cough-too" / "en.yaml", "trash", "bin"))
    assert counts == [2, 4, 0], lines


def _new_handout(handouts):
    (handouts / "cough-too").mkdir()
    (handouts / "cough-too" / "en.yaml").write_text(COUGH.replace("cover-your-cough", "cough-too")
                                                    .replace("waste basket", "trash"))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_a_kill_stops_watching_cleanly(watching, signum):
    project, running = watching
    before = stamps(project / "output")
    assert running.stop(signum) == 0
    assert running.seen[-1] == "stopped watching"
    assert not any("Traceback" in line for line in running.seen), running.seen
    assert stamps(project / "output") == before
    assert not list((project / "output").glob(".*.tmp"))  # nothing half-written


def test_options_that_do_not_mix_with_watching_are_refused(tmp_path):
    project = make_project(tmp_path)
    running = Running(project, *project_args(project), "--watch", "--check")
    assert running.process.wait(60) == 2
    running.expect("--check cannot be combined with --watch")


def test_ctrl_c_during_a_rebuild_leaves_only_complete_pdfs_and_exits_130(tmp_path):
    project = make_project(tmp_path)
    for n in range(15):  # enough PDFs that the rebuild is still running when Ctrl-C comes
        write_handout(project / "handouts", f"cough-{n:02}", "en", COUGH.replace("cover-your-cough", f"cough-{n:02}"))
    running = Running(project, *project_args(project), "--watch")
    try:
        running.expect(WATCHING)
        save(project / "clinic.yaml", "name: \"\"", "name: \"Example clinic\"")  # every PDF again
        running.expect(r"saved: clinic\.yaml")
        assert running.stop(signal.SIGINT) == 130
    finally:
        running.kill()
    assert "interrupted: the output folder holds only complete PDFs" in running.seen
    assert not any("Traceback" in line for line in running.seen), running.seen
    out = project / "output"
    assert not list(out.glob(".*.tmp"))
    for pdf in out.glob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1  # whole files only
    recorded = json.loads((out / ".handouts-build.json").read_text())["pdfs"]
    assert set(recorded) == {p.name for p in out.glob("*.pdf")}
