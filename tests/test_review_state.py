"""Clinical review state of a source handout: a draft until a clinician signs it off.

Through what a user gets: the PDF (extracted text, structure tree), the catalogue page, the
review report, --strict's exit code and the archive ledger. The English content is NCI's patient
text on nausea and vomiting (tests/corpus); right to left, the Hebrew sample (a source) and the
shipped Arabic translation.
"""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import ROOT, run
from handoutgen.checks.readback import normalise
from handoutgen.checks.structure import marked_text
from handoutgen.content.parse import parse_handout
from handoutgen.diagnostics import InputError
from handoutgen.labels import labels_for

NCI = ROOT / "tests" / "corpus" / "nci-nausea-vomiting" / "en.yaml"
HEBREW = ROOT / "tests" / "samples" / "sample" / "he.yaml"


def copy(source: Path, root: Path, handout: str | None = None, sign: str = "") -> Path:
    """``source`` as a handout of its own under ``root``; ``sign`` is inserted after 'review_by'."""
    text = source.read_text(encoding="utf-8")
    old = re.search(r"(?m)^handout: (\S+)", text).group(1)
    handout = handout or old
    text = text.replace(f"handout: {old}", f"handout: {handout}", 1)
    if sign:
        text = re.sub(r"(?m)^(review_by: .*\n)", lambda m: m.group(1) + sign, text, count=1)
    path = root / handout / source.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def signed(path: Path, by: str = "Oncology nurse educator") -> str:
    day = re.search(r"(?m)^reviewed: (\S+)", path.read_text(encoding="utf-8")).group(1)
    return f"signed_off:\n  by: {by}\n  date: {day}\n"


def notices(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, /Lang, text) of every structure element with a /Lang of its own, in reading order."""
    data = pdf.read_bytes()
    texts = marked_text(data)
    found = []
    with pikepdf.open(io.BytesIO(data)) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages)}
        for kid in doc.Root.StructTreeRoot.K.K:
            if "/Lang" in kid:
                (mcr,) = [k for k in kid.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"]
                page = pages[mcr.Pg.objgen]
                found.append((page, str(kid.Lang), texts[(page, int(mcr.MCID))]))
    return found


def first_read_on_each_page(pdf: Path) -> list[str]:
    """The /Lang of the first element read among the document's children that begin on each
    page (a paragraph or list continued from the page before is read with that page)."""
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages)}

        def first_mark(element):
            kids = element.get("/K", [])
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary):
                    found = kid if kid.get("/Type") == "/MCR" else first_mark(kid)
                    if found is not None:
                        return found
            return None

        first: dict[int, str] = {}
        for kid in doc.Root.StructTreeRoot.K.K:
            mark = first_mark(kid)
            if mark is not None:
                first.setdefault(pages[mark.Pg.objgen], str(kid.get("/Lang", "document")))
        return [first[n] for n in sorted(first)]


@pytest.mark.parametrize("source, lang", [(NCI, "en"), (HEBREW, "he")])
def test_a_draft_source_says_so_on_every_page_where_the_review_date_stood(tmp_path, source, lang):
    handouts = tmp_path / "handouts"
    draft = copy(source, handouts)
    copy(source, handouts, "signed", signed(draft))
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out") == 0
    notice, reviewed = labels_for(lang)("unreviewed"), labels_for(lang)("reviewed", date="")
    name = draft.parent.name

    pdf = tmp_path / "out" / f"{name}.{lang}.letter.pdf"
    pages = [normalise(page.extract_text()) for page in PdfReader(pdf).pages]
    assert all(normalise(notice) in page for page in pages)  # extracted text, every page
    assert not any(normalise(reviewed.strip()) in page for page in pages)  # no claimed review
    # Tagged as content in its language, one paragraph per page, read before the page's content.
    found = notices(pdf)
    assert [page for page, _, _ in found] == list(range(len(pages)))
    assert all(found_lang == lang and normalise(notice) in normalise(text) for _, found_lang, text in found)
    assert first_read_on_each_page(pdf) == [lang] * len(pages)

    signed_pdf = tmp_path / "out" / f"signed.{lang}.letter.pdf"
    text = normalise(" ".join(page.extract_text() for page in PdfReader(signed_pdf).pages))
    assert normalise(notice) not in text and normalise(reviewed.strip()) in text
    assert notices(signed_pdf) == []  # the dates are page furniture again


def test_a_translation_has_its_sources_sign_off(tmp_path, capsys):
    """A translation of a draft source is a draft too; signing the source off rebuilds it, and
    does not make it stale (the sign-off is not content a translator translates)."""
    handouts = tmp_path / "handouts"
    shutil.copytree(ROOT / "handouts" / "multiple-myeloma", handouts / "multiple-myeloma")
    args = ("--handouts-dir", handouts, "--lang", "ar", "--out", tmp_path / "out")
    assert run(*args) == 0
    pdf = tmp_path / "out" / "multiple-myeloma.ar.letter.pdf"
    # The translation's notice in Arabic and English, then the clinical one in Arabic.
    assert [(lang, normalise(text)) for page, lang, text in notices(pdf) if page == 0] == [
        ("ar", normalise(labels_for("ar")("draft"))), ("en", normalise(labels_for("en")("draft"))),
        ("ar", normalise(labels_for("ar")("unreviewed")))]
    assert run(*args, "--strict") == 1
    source = handouts / "multiple-myeloma" / "en.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "review_by: 2027-11-24\n", "review_by: 2027-11-24\n" + signed(source, "Dr. A. Rivera, oncologist")),
        encoding="utf-8")
    capsys.readouterr()
    assert run(*args) == 0
    out = capsys.readouterr()
    assert "1 built" in out.out and "stale" not in out.err
    assert [lang for _, lang, _ in notices(pdf)].count("ar") == len(PdfReader(pdf).pages)  # only the translation's


def test_strict_refuses_drafts_and_accepts_what_a_clinician_signed_off(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    assert run("--new", "knee-care", "--handouts-dir", handouts, "--today", "2026-11-25") == 0
    args = ("--handouts-dir", handouts, "--out", tmp_path / "out", "--today", "2026-11-25")
    assert run(*args) == 0  # a draft builds, and says so
    capsys.readouterr()
    assert run(*args, "--strict") == 1  # also when its PDF is unchanged
    err = capsys.readouterr().err
    assert "en.yaml:" in err and "not signed off by a clinician, and --strict refuses drafts" in err
    assert not (tmp_path / "out" / "knee-care.en.letter.pdf").exists()
    path = handouts / "knee-care" / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "review_by: 2027-11-25\n", "review_by: 2027-11-25\n" + signed(path)), encoding="utf-8")
    assert run(*args, "--strict") == 0


def test_sign_off_mistakes_are_errors_at_their_place(tmp_path):
    handouts = tmp_path / "handouts"
    path = copy(NCI, handouts, sign="signed_off:\n  by: Nurse educator\n  date: 2026-01-02\n")
    with pytest.raises(InputError) as caught:
        parse_handout(str(path))
    (message,) = [str(d) for d in caught.value.diagnostics]
    assert re.search(r"en\.yaml:\d+:9: signed_off date \(2026-01-02\) differs from reviewed", message)

    path.write_text(re.sub(r"(?m)^signed_off:\n.*\n.*\n", "signed_off:\n  date: 2026-01-02\n",
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_handout(str(path))
    assert any("missing key 'by'" in str(d) for d in caught.value.diagnostics)

    translation = handouts.parent / "t" / "multiple-myeloma" / "es.yaml"
    shutil.copytree(ROOT / "handouts" / "multiple-myeloma", translation.parent)
    translation.write_text(translation.read_text(encoding="utf-8").replace(
        "review_by: 2027-11-24\n", "review_by: 2027-11-24\nsigned_off: {by: Someone, date: 2026-11-24}\n"),
        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_handout(str(translation))
    (message,) = [str(d) for d in caught.value.diagnostics]
    assert "es.yaml:" in message and "signed_off belongs in the source (en.yaml)" in message


def test_catalogue_report_and_ledger_show_the_state(tmp_path):
    handouts = tmp_path / "handouts"
    draft = copy(NCI, handouts)
    copy(NCI, handouts, "signed", signed(draft, "Dr. B. Okafor"))
    report = tmp_path / "report.md"
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out", "--report", report) == 0

    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r'(?s)<section class="handout" data-handout="([^"]+)".*?</section>', page)}
    assert "Not yet reviewed by a clinician (draft)" in rows[draft.parent.name]
    assert "Signed off by Dr. B. Okafor" in rows["signed"] and "Not yet reviewed" not in rows["signed"]
    assert "<strong>1 language version is not yet reviewed by a clinician.</strong>" in page

    table = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in report.read_text().splitlines()
             if line.startswith("| ") and "---" not in line}
    assert table["Handout"][8] == "Clinical sign-off"
    assert table[draft.parent.name][8] == "DRAFT: not signed off by a clinician"
    assert table["signed"][8] == f"signed off by Dr. B. Okafor, {_reviewed(draft)}"

    with sqlite3.connect(tmp_path / "archive" / "ledger.sqlite3") as db:
        states = dict(db.execute("SELECT handout, signed_off FROM published"))
    assert states == {draft.parent.name: "none", "signed": f"Dr. B. Okafor, {_reviewed(draft)}"}


def _reviewed(path: Path) -> str:
    return re.search(r"(?m)^reviewed: (\S+)", path.read_text(encoding="utf-8")).group(1)


def test_a_ledger_from_before_sign_offs_is_upgraded_and_says_it_does_not_know(tmp_path, capsys):
    handouts = tmp_path / "handouts"
    copy(NCI, handouts)
    args = ("--handouts-dir", handouts, "--out", tmp_path / "out")
    assert run(*args) == 0
    ledger = tmp_path / "archive" / "ledger.sqlite3"
    with sqlite3.connect(ledger) as db:  # as the first version of the ledger made it
        db.execute("ALTER TABLE published DROP COLUMN signed_off")
        db.execute("PRAGMA user_version = 1")
    assert run(*args, "--force") == 0
    with sqlite3.connect(ledger) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (2,)
        assert [r[0] for r in db.execute("SELECT signed_off FROM published ORDER BY id")] == [None, "none"]
    capsys.readouterr()
    assert run(*args, "--find-version", _version(handouts / "nci-nausea-vomiting" / "en.yaml")) == 0
    # The same bytes were first recorded before the ledger knew sign-offs: it says so.
    assert "review state source (review by 2028-11-25), clinical sign-off not recorded" in capsys.readouterr().out


def _version(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]
