"""The preview page in a real browser (Debian's Chromium through Playwright, as the catalogue
page's test): it shows the PDFs' pages and problems, and updates itself when a file is saved."""

from __future__ import annotations

import pytest

from preview_fixture import TIMEOUT, make_project, preview_page, project_args, save

pytest.importorskip("playwright.sync_api")
pytest.importorskip("pypdfium2")

WAIT_MS = TIMEOUT * 1000


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path)
    with preview_page(project, *project_args(project)) as page:
        yield project, page


def wait_for_build(page, number: int) -> None:
    page.wait_for_function(f"() => document.body.dataset.build === '{number}'", timeout=WAIT_MS)


def shown_pages(page) -> list[str]:
    """The page images on screen, once every one has loaded."""
    page.wait_for_function("() => [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth > 0)",
                           timeout=WAIT_MS)
    return page.eval_on_selector_all("#pages img", "images => images.map(i => i.getAttribute('src'))")


def test_the_preview_shows_the_pdfs_and_updates_itself_after_a_save(preview, tmp_path):
    project, page = preview
    wait_for_build(page, 1)
    assert page.eval_on_selector_all("nav [data-handout]", "items => items.map(i => i.dataset.handout)") == [
        "cover-your-cough", "hand-washing"]
    assert page.locator("a.pdf").count() == 4
    assert page.text_content("#viewing") == "Cover your cough"  # the first PDF, before any save
    first = shown_pages(page)
    assert first and all(src.startswith("/pages/cover-your-cough.en.a4.pdf/") for src in first)
    # The short cough handout has no action list: a warning, at its line.
    assert page.locator("#problems li.error").count() == 0
    assert "handouts/cover-your-cough/en.yaml:3:8" in page.locator("#problems li.warning").all_text_contents()[0]

    # Saving a handout brings its PDF into view, with the new text, without a reload.
    handout = project / "handouts" / "hand-washing" / "en.yaml"
    page.evaluate("window.notReloaded = true")
    save(handout, "Wash your hands the right way", "Wash your hands with soap and water")
    wait_for_build(page, 2)
    assert page.evaluate("window.notReloaded") is True
    assert page.text_content("#viewing") == "Wash your hands with soap and water"
    assert "after saving handouts/hand-washing/en.yaml" in page.text_content("#status")
    assert page.locator("a.pdf", has_text="Wash your hands with soap and water").count() == 2
    after_save = shown_pages(page)
    assert all(src.startswith("/pages/hand-washing.en.a4.pdf/") for src in after_save)
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    # A mistake shows at its line and column, and the PDF's place says it failed.
    save(handout, "  - id: steps", "  - id: Steps")
    wait_for_build(page, 3)
    problem = page.locator("#problems li.error").first
    assert problem.locator("code").text_content() == "handouts/hand-washing/en.yaml:9:9"
    assert "section id 'Steps' is not valid" in problem.text_content()
    assert page.locator("a.pdf .badge.failed").count() == 2
    assert "failed" in page.text_content("#viewing-note")
    assert page.locator("#pages img").count() == 0

    # A PDF chosen by the reader stays in view when another file is saved.
    page.click("a.pdf[data-name='cover-your-cough.en.letter.pdf']")
    save(handout, "  - id: Steps", "  - id: steps")
    wait_for_build(page, 4)
    assert all(src.startswith("/pages/cover-your-cough.en.letter.pdf/") for src in shown_pages(page))
    assert page.locator("#problems li.error").count() == 0


def test_the_catalogue_page_is_served_beside_its_pdfs(preview):
    project, page = preview
    wait_for_build(page, 1)
    page.click("#catalogue")
    page.wait_for_selector("tr.version", timeout=WAIT_MS)
    assert page.title() == "Patient handouts"
    href = page.get_attribute("a.pdf >> nth=0", "href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
