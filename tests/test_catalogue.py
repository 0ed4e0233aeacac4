"""The catalogue page (output/index.html): the data it is made from, and the HTML itself."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from catalogue_fixture import BUILT_ON, OVERDUE, TITLES, build_catalogue
from conftest import run, write_catalogue
from handoutgen.build import MANIFEST, Manifest
from handoutgen.catalogue.entries import entries, language_names
from handoutgen.catalogue.page import INDEX, page


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("catalogue"))


def listed(out: Path):
    return entries(Manifest(out).pdfs, out)


def test_every_pdf_in_the_folder_is_listed_by_handout_and_language(out):
    handouts = listed(out)
    pdfs = {pdf.file for h in handouts for v in h.versions for pdf in v.pdfs}
    assert pdfs == {p.name for p in out.glob("*.pdf")}
    # Ordered by the source title; the source language first, then by English language name.
    assert [h.id for h in handouts] == ["skin-care", "sore-mouth", "multiple-myeloma"]
    myeloma = handouts[2]
    assert [v.language for v in myeloma.versions] == ["en", "ar", "es"]
    # The second build (Spanish, letter only) did not drop what the first one made.
    assert [p.layout for p in myeloma.versions[0].pdfs] == ["a4", "large-print", "letter", "phone", "trifold"]
    assert [p.layout for p in myeloma.versions[2].pdfs] == ["letter"]


def test_each_version_carries_what_the_page_shows(out):
    myeloma = {v.language: v for v in listed(out)[2].versions}
    en, ar, es = myeloma["en"], myeloma["ar"], myeloma["es"]
    assert en.title.startswith("Multiple myeloma") and en.translation == "source"
    assert (ar.translation, ar.rtl, ar.name, ar.english) == ("draft", True, "العربية", "Arabic")
    assert (es.translation, es.rtl, es.name, es.english) == ("draft", False, "Español", "Spanish")
    assert es.title.startswith("Mieloma")
    assert not (en.stale or ar.stale or es.stale)
    assert es.review_by == dt.date(2027, 11, 24)
    letter = es.pdfs[0]
    assert letter.file == "multiple-myeloma.es.letter.pdf"
    assert letter.size == (out / letter.file).stat().st_size
    assert letter.pages == 4  # copy-fitted to the letter budget


def test_a_pdf_deleted_by_hand_is_not_listed(out, tmp_path):
    manifest = Manifest(out).pdfs
    copy = tmp_path / "out"
    copy.mkdir()
    for name in manifest:
        if name != "skin-care.es.letter.pdf":
            (copy / name).write_bytes((out / name).read_bytes())
    skin = {v.language: v for v in entries(manifest, copy)[0].versions}
    assert set(skin) == {"en"}


@pytest.mark.parametrize("tag, names", [
    ("en", ("English", "English")),
    ("zh-Hans", ("中文 (简体)", "Chinese (Simplified)")),
    ("vi", ("Tiếng Việt", "Vietnamese")),
    ("ru", ("Русский", "Russian")),  # CLDR writes "русский"; a name standing alone is capitalised
    ("hi", ("हिन्दी", "Hindi")),
    ("pt-BR", ("Português (Brasil)", "Portuguese (Brazil)")),
    ("qaa", ("qaa", "qaa")),  # a tag CLDR does not know is shown as it is
])
def test_language_names_are_their_own(tag, names):
    assert language_names(tag) == names


class Page(HTMLParser):
    """The parts of the page the tests look at."""

    def __init__(self, text: str):
        super().__init__()
        self.rows: list[dict] = []  # one per language version, with its title and links
        self.links: list[dict] = []
        self.urls: list[str] = []  # every src and href
        self.external: list[str] = []
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.urls += [a[k] for k in ("src", "href") if k in a]
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        classes = (a.get("class") or "").split()
        if tag == "tr" and "version" in classes:
            self.rows.append({**a, "title": "", "overdue_shown": False, "badges": []})
        elif self.rows and "title" in classes:
            self.rows[-1]["title_attrs"] = a
            self._in = "title"
        elif self.rows and "badge" in classes:
            self.rows[-1]["badges"].append("")
            self._in = "badge"
        elif self.rows and "overdue" in classes:
            self.rows[-1]["overdue_shown"] = "hidden" not in a
        elif tag == "a" and "pdf" in classes:
            self.links.append(a)

    def handle_endtag(self, tag):
        if tag == "span":
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.rows[-1]["title"] += data
        elif self._in == "badge":
            self.rows[-1]["badges"][-1] += data


@pytest.fixture(scope="module")
def index(out) -> Page:
    return Page((out / INDEX).read_text(encoding="utf-8"))


def test_the_page_is_written_by_every_build_and_links_only_to_pdfs_that_exist(out, index):
    assert index.links and {unquote(a["href"]) for a in index.links} == {p.name for p in out.glob("*.pdf")}
    for link in index.links:
        assert (out / unquote(link["href"])).is_file()
        # The tooltip says which readable file name the patient receives.
        assert unquote(link["href"]) in link["title"]


def test_the_page_is_self_contained(index, out):
    text = (out / INDEX).read_text(encoding="utf-8")
    assert not index.external
    assert all(url.endswith(".pdf") or url.startswith("#") for url in index.urls), index.urls
    assert not re.search(r"url\(|@import|https?://", text)
    assert "<script>" in text and "<style>" in text  # behaviour and look are inside the page


def test_titles_are_text_in_their_own_language_and_direction(index):
    rows = {(r["data-language"], r["title"]) for r in index.rows}
    for (handout, lang), title in TITLES.items():
        assert (lang, title) in rows  # "&" and "<dry>" are text, not markup
    arabic = next(r for r in index.rows if r["data-language"] == "ar")
    assert arabic["title_attrs"]["lang"] == "ar" and arabic["title_attrs"]["dir"] == "rtl"
    spanish = next(r for r in index.rows if r["data-language"] == "es")
    assert spanish["title_attrs"]["dir"] == "ltr"


def test_drafts_are_marked_and_sources_are_not(index):
    by_title = {r["title"]: r["badges"] for r in index.rows}
    assert any("Draft translation" in b for b in by_title["Mieloma múltiple: cómo se extiende, los problemas que "
                                                         "puede causar y qué esperar"])
    assert not any("Draft" in b for b in by_title[TITLES[("skin-care", "en")]])


def test_review_dates_are_flagged_on_the_build_day_and_left_to_the_browser_after(out, tmp_path):
    """Built on BUILT_ON, sore-mouth is not yet overdue; the page marks the row with its date so
    the browser re-judges it by the reader's clock (tests/test_catalogue_browser.py)."""
    rows = Page((out / INDEX).read_text(encoding="utf-8")).rows
    assert not any(r["overdue_shown"] for r in rows)
    assert {r["data-review-by"] for r in rows if "sore" in r["title"].lower() or "boca" in r["title"]} == {OVERDUE}
    # Judged on a later day, the page itself flags the overdue rows, also without JavaScript.
    later = page(listed(out), dt.date(2021, 1, 1))
    flagged = [r for r in Page(later).rows if r["overdue_shown"]]
    assert {r["title"] for r in flagged} == {TITLES[("sore-mouth", "en")], TITLES[("sore-mouth", "es")]}
    assert "2 language versions are past the review date" in later


def test_the_page_is_the_same_for_the_same_folder_and_day(out):
    written = (out / INDEX).read_text(encoding="utf-8")
    stamp = re.search(r'<meta name="catalogue-inputs" content="[0-9a-f]{64}">', written).group(0)
    assert page(listed(out), dt.date.fromisoformat(BUILT_ON), stamp) == written


def test_a_rebuild_that_changes_nothing_leaves_the_page_and_a_new_day_rewrites_it(tmp_path):
    handouts, out = write_catalogue(tmp_path / "handouts"), tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out, "--today", "2026-03-01") == 0
    index = out / INDEX
    index.write_text(index.read_text(encoding="utf-8") + "<!-- untouched -->", encoding="utf-8")
    assert run("--handouts-dir", handouts, "--out", out, "--today", "2026-03-01") == 0
    assert index.read_text(encoding="utf-8").endswith("<!-- untouched -->")
    assert run("--handouts-dir", handouts, "--out", out, "--today", "2026-03-02") == 0
    assert 'data-built="2026-03-02"' in index.read_text(encoding="utf-8")
    assert not index.read_text(encoding="utf-8").endswith("<!-- untouched -->")


def test_a_failed_handout_leaves_the_page(tmp_path):
    handouts = write_catalogue(tmp_path / "handouts")
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out) == 0
    assert 'href="alpha.en.letter.pdf"' in (out / INDEX).read_text(encoding="utf-8")
    path = handouts / "alpha" / "en.yaml"
    path.write_text(path.read_text().replace("title:", "tittle:"))
    assert run("--handouts-dir", handouts, "--out", out) == 1
    text = (out / INDEX).read_text(encoding="utf-8")
    assert 'href="alpha.en.letter.pdf"' not in text and 'href="alpha.es.letter.pdf"' in text


def test_an_older_manifest_without_the_page_data_rebuilds_everything(tmp_path, capsys):
    handouts = write_catalogue(tmp_path / "handouts", ids=("alpha",), languages=("en",))
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--out", out) == 0
    manifest = out / MANIFEST
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({"version": 1, "pdfs": {
        name: {k: v for k, v in entry.items() if k not in ("title", "translation", "stale")}
        for name, entry in data["pdfs"].items()}}))
    capsys.readouterr()
    assert run("--handouts-dir", handouts, "--out", out) == 0
    assert "1 built, 0 unchanged" in capsys.readouterr().out
    assert "A small handout" in (out / INDEX).read_text(encoding="utf-8")


def test_review_dates_read_as_the_pdfs_print_them(out):
    text = (out / INDEX).read_text(encoding="utf-8")
    assert '<time datetime="2027-11-24">November 24, 2027</time>' in text  # as in "Review by ..." on every page
