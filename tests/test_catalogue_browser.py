"""The catalogue page in a real browser: headless Chromium (Debian's package, which `make test`
installs) driven by Playwright. The page is opened from disk, as a nurse opens it from a shared
drive."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from catalogue_fixture import OVERDUE, TITLES, build_catalogue
from handoutgen.catalogue.page import INDEX

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; `make test` installs Debian's chromium package", pytrace=False)
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("catalogue"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, out):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto((out / INDEX).as_uri())
    yield page
    context.close()
    assert not errors, errors  # the script ran without an error


def visible_rows(page) -> list[tuple[str, str]]:
    """(handout, language) of every language row a nurse can see."""
    return [tuple(row) for row in page.eval_on_selector_all(
        "tr.version", "rows => rows.filter(r => r.offsetParent !== null)"
                      ".map(r => [r.closest('.handout').dataset.handout, r.dataset.language])")]


def test_typing_a_title_fragment_and_choosing_a_language_leaves_exactly_those_rows(page):
    assert len(visible_rows(page)) == 7  # 3 (en, ar, es) + 2 + 2
    page.fill("#q", "RADIACION")  # capitals and no accent still find "radiación"
    assert sorted(visible_rows(page)) == [("skin-care", "en"), ("skin-care", "es")]
    page.select_option("#language", "es")
    assert visible_rows(page) == [("skin-care", "es")]
    assert "Showing 1 of 3 handouts" in page.text_content("#summary")
    page.fill("#q", "mieloma")  # a Spanish title fragment finds the handout
    assert visible_rows(page) == [("multiple-myeloma", "es")]
    page.select_option("#language", "")
    assert sorted(visible_rows(page)) == [("multiple-myeloma", lang) for lang in ("ar", "en", "es")]
    page.fill("#q", "المتعدد")  # and so does an Arabic one
    assert len(visible_rows(page)) == 3
    page.fill("#q", "no such handout")
    assert visible_rows(page) == []
    assert page.is_visible("#empty")
    page.click("#clear")
    # The form's reset event filters once the reset is done (a task later): wait for it.
    page.wait_for_function("() => [...document.querySelectorAll('tr.version')]"
                           ".filter(r => r.offsetParent !== null).length === 7", timeout=5000)
    assert len(visible_rows(page)) == 7
    assert page.evaluate("document.activeElement.id") == "q"


def test_a_found_handout_missing_the_language_says_which_languages_it_has(page):
    page.fill("#q", "sore mouth")
    page.select_option("#language", "ar")
    assert visible_rows(page) == []
    note = page.locator("[data-handout=sore-mouth] .missing")
    assert note.is_visible()
    assert note.text_content() == "Not available in Arabic yet. Available in English, Spanish."
    assert not page.is_visible("#empty")
    page.fill("#q", "")  # browsing a language without a search lists only what exists in it
    assert visible_rows(page) == [("multiple-myeloma", "ar")]
    assert not note.is_visible()


def test_choosing_a_layout_leaves_only_its_pdfs(page):
    page.select_option("#layout", "large-print")
    shown = page.eval_on_selector_all("a.pdf", "links => links.filter(a => a.offsetParent !== null)"
                                               ".map(a => a.getAttribute('href'))")
    # The Spanish versions were built in letter only, so only English and Arabic remain.
    assert sorted(shown) == sorted(f"{h}.{lang}.large-print.pdf" for h, lang in
                                   [("skin-care", "en"), ("sore-mouth", "en"),
                                    ("multiple-myeloma", "en"), ("multiple-myeloma", "ar")])
    assert ("multiple-myeloma", "es") not in visible_rows(page)


def test_every_link_opens_a_pdf_that_exists(page, out):
    hrefs = page.eval_on_selector_all("a.pdf", "links => links.map(a => a.href)")
    assert len(hrefs) == len(list(out.glob("*.pdf")))
    for href in hrefs:
        path = Path(unquote(urlparse(href).path))
        assert path.parent == out and path.is_file(), href
        assert path.read_bytes().startswith(b"%PDF-")


def test_copy_file_path_puts_the_pdfs_full_path_on_the_clipboard(page, out):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    row = page.locator("tr.version[data-language=es]", has_text="Cuidado de la piel")
    row.get_by_role("button", name="Copy path of skin-care.es.letter.pdf").click()
    expected = str(out / "skin-care.es.letter.pdf")
    page.wait_for_function("document.querySelector('#summary').textContent.startsWith('Copied')")
    assert page.text_content("#summary") == f"Copied the file path: {expected}"
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_review_dates_are_judged_by_the_readers_clock(page):
    """Built before sore-mouth's review date, opened after it: the browser flags it."""
    overdue = page.eval_on_selector_all(
        "tr.is-overdue", "rows => rows.map(r => [r.closest('.handout').dataset.handout, r.dataset.reviewBy])")
    assert overdue == [["sore-mouth", OVERDUE]] * 2
    assert page.is_visible("tr.is-overdue .overdue")
    assert "2 language versions are past the review date" in page.text_content("#overdue-summary")
    assert page.is_visible("#overdue-summary")


def test_keyboard_and_right_to_left(page):
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "language"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "layout"
    title = page.locator("tr.version[data-language=ar] .title")
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    for label in ("Search titles", "Patient's language", "Layout"):
        assert page.get_by_label(label).count() == 1  # every control has a label
    assert page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)") == [
        TITLES[("skin-care", "en")], TITLES[("sore-mouth", "en")],
        page.text_content("tr.version[data-language=en] .title >> nth=2")]


def test_readable_at_200_percent_zoom_without_sideways_scrolling(browser, out, tmp_path):
    # 200% zoom of a 1280-pixel window lays the page out in 640 CSS pixels.
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    page.goto((out / INDEX).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.is_visible("tr.version[data-language=ar] .title")
    page.screenshot(path=str(tmp_path / "zoom.png"), full_page=True)
    context.close()
