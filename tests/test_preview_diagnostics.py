"""The preview page shows a problem's hint and the other places it involves, apart from its
message, in headless Chromium (skipped like the other browser tests). The translation: CDC's
"Signs of an infection" in its published Spanish version (tests/corpus/)."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from preview_fixture import TIMEOUT, make_project, preview_page, save

pytest.importorskip("playwright.sync_api")

CDC = "cdc-infection-signs"
WAIT_MS = TIMEOUT * 1000


def test_the_preview_shows_hints_and_related_places(tmp_path):
    project = make_project(tmp_path)
    shutil.copytree(ROOT / "tests" / "corpus" / CDC, project / "handouts" / CDC)
    spanish = project / "handouts" / CDC / "es.yaml"
    source = (project / "handouts" / CDC / "en.yaml").read_text(encoding="utf-8")
    stiff_neck = source[:source.index('"Stiff neck."')].count("\n") + 1
    with preview_page(project, CDC, "--lang", "es", "--handouts-dir", "handouts", "--layouts-dir", "layouts",
                      "--clinic", "clinic.yaml", "--checks", "checks.yaml", "--out", "output", "--jobs", "1") as page:
        page.wait_for_function("() => document.body.dataset.build === '1'", timeout=WAIT_MS)

        # A warning sign left out of the translation: the message, then where it is in the source.
        save(spanish, '            - "Rigidez del cuello."\n', "")
        page.wait_for_function("() => document.body.dataset.build === '2'", timeout=WAIT_MS)
        problem = page.locator("#problems li.error").first
        assert "a warning sign is missing" in problem.text_content()
        assert "en.yaml" not in problem.evaluate("li => li.childNodes[3].textContent")  # the message itself
        related = problem.locator(".related li")
        assert related.count() == 1
        assert related.locator(".label").text_content() == "in the source: "
        assert related.locator("code").text_content() == f"handouts/{CDC}/en.yaml:{stiff_neck}:15"
        assert problem.locator(".hint").count() == 0
        page.screenshot(path=str(tmp_path / "related.png"), full_page=True)

        # A misspelt key: its suggestion is the hint, under the message.
        save(spanish, "    blocks:", "    bloks:")
        page.wait_for_function("() => document.body.dataset.build === '3'", timeout=WAIT_MS)
        problem = page.locator("#problems li.error", has_text="bloks").first
        assert problem.locator("code").first.text_content().startswith(f"handouts/{CDC}/es.yaml:")
        assert "unknown key 'bloks' in a section" in problem.text_content()
        assert problem.locator(".hint").text_content() == "Hint: did you mean 'blocks'?"
        assert problem.locator(".related").count() == 0
        page.screenshot(path=str(tmp_path / "hint.png"), full_page=True)
