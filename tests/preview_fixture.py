"""A small project in a temporary folder, and `generate.py --watch` / `--serve` running on it as
a real process, for the authoring tests.

Two handouts in the wording of CDC public-domain patient texts: "Follow Five Steps to Wash Your
Hands the Right Way" (CDC, Handwashing in Communities), with a picture, and the "Cover Your Cough"
flyer (CDC, Respiratory Hygiene/Cough Etiquette). Two layouts, letter and a4 (which extends
letter), so every handout makes two PDFs.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT, write_handout

WASH = """\
handout: hand-washing
language: en
title: "Wash your hands the right way"
summary: "Washing your hands is easy, and it's one of the most effective ways to prevent the spread of germs."
reviewed: 2026-01-01
review_by: 2030-01-01
sources: ["CDC: Follow Five Steps to Wash Your Hands the Right Way"]
sections:
  - id: steps
    heading: "Follow five steps"
    blocks:
      - steps:
          - "Wet your hands with clean, running water (warm or cold), turn off the tap, and apply soap."
          - "Lather your hands by rubbing them together with the soap."
          - "Scrub your hands for at least 20 seconds."
          - "Rinse your hands well under clean, running water."
          - "Dry your hands using a clean towel or air dry them."
      - image: {file: hands.svg, alt: "Two hands under running water", width: 0.3}
"""

COUGH = """\
handout: cover-your-cough
language: en
title: "Cover your cough"
reviewed: 2026-01-01
review_by: 2030-01-01
sources: ["CDC: Respiratory Hygiene/Cough Etiquette"]
sections:
  - id: stop-germs
    heading: "Stop the spread of germs that can make you and others sick"
    blocks:
      - bullets:
          - "Cover your mouth and nose with a tissue when you cough or sneeze."
          - "Put your used tissue in the waste basket."
          - "If you don't have a tissue, cough or sneeze into your upper sleeve, not your hands."
      - paragraph: "Wash your hands often with soap and water for at least 20 seconds."
"""

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">
<rect x="10" y="30" width="40" height="40" fill="{fill}"/><rect x="70" y="30" width="40" height="40" fill="{fill}"/>
</svg>
"""

TIMEOUT = 120  # seconds for anything to happen; a loaded 2-core machine is slow, never this slow


def make_project(folder: Path) -> Path:
    """handouts/, layouts/ (letter, a4), clinic.yaml, and checks.yaml naming a glossary in
    terms/, in ``folder``."""
    write_handout(folder / "handouts", "hand-washing", "en", WASH)
    (folder / "handouts" / "hand-washing" / "hands.svg").write_text(PICTURE.format(fill="#3366aa"))
    write_handout(folder / "handouts", "cover-your-cough", "en", COUGH)
    (folder / "layouts").mkdir()
    for name in ("letter", "a4"):
        shutil.copy(ROOT / "layouts" / f"{name}.yaml", folder / "layouts")
    shutil.copy(ROOT / "clinic.yaml", folder)
    # The clinic's own glossary, named by the checks file.
    (folder / "terms").mkdir()
    (folder / "terms" / "clinic-words.yaml").write_text('lather: ["soap foam"]\n')
    (folder / "checks.yaml").write_text((ROOT / "checks.yaml").read_text().replace(
        "glossaries: []", "glossaries: [terms/clinic-words.yaml]"))
    return folder


def project_args(folder: Path) -> list[str]:
    return ["--handouts-dir", "handouts", "--layouts-dir", "layouts", "--clinic", "clinic.yaml",
            "--checks", "checks.yaml", "--out", "output", "--layout", "all", "--jobs", "1"]


def save(path: Path, old: str, new: str) -> None:
    """Edit a file as an editor does: write a new file beside it and rename it over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    scratch = path.with_name(f".{path.name}.swp")
    scratch.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(scratch, path)


def stamps(out: Path) -> dict[str, int]:
    """Each PDF's modification time, to see which were made again."""
    return {p.name: p.stat().st_mtime_ns for p in sorted(out.glob("*.pdf"))}


class Running:
    """``generate.py ARGS`` as a process in ``cwd``, its output read line by line."""

    def __init__(self, cwd: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "generate.py"), *args], cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match:
        """Wait for a line matching ``pattern``; the lines before it are in ``seen``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} in {timeout} s; got:\n" + "\n".join(self.seen))
            if line is None:
                raise AssertionError(f"ended (exit {self.process.wait()}) before {pattern!r}; got:\n"
                                     + "\n".join(self.seen))
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match

    def since(self, mark: int) -> list[str]:
        return self.seen[mark:]

    def stop(self, signum: int = signal.SIGINT, timeout: float = 30) -> int:
        """Send ``signum``; the exit code once it has ended."""
        self.process.send_signal(signum)
        code = self.process.wait(timeout)
        while (line := self.lines.get(timeout=timeout)) is not None:
            self.seen.append(line)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def preview_page(project: Path, *args: str) -> Iterator:
    """``generate.py ARGS --serve`` in ``project``, its page open in headless Chromium: yields the
    page; afterwards the server is stopped, and no script error may have happened on the page.
    Playwright and Chromium are imported here, so the tests that need no browser still run
    without them."""
    import pytest  # noqa: PLC0415

    sync_api = pytest.importorskip("playwright.sync_api")
    from test_catalogue_browser import ARGS, CHROMIUM  # noqa: PLC0415  skipped, or failed in CI, without Chromium

    running = Running(project, *args, "--serve", "--port", "0")
    try:
        url = running.expect(r"^preview: (http://127\.0\.0\.1:\d+/)").group(1)
        running.expect(r"^watching")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors = []
            page.on("pageerror", lambda error: errors.append(error))
            page.goto(url)
            yield page
            browser.close()
        assert not errors, errors
    finally:
        running.kill()
