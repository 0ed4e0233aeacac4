"""Every PDF is PDF/A-2u and PDF/UA-1: the machine checks of tests/pdfa_checks.py on every layout
and script (the script samples of tests/languages, the Hebrew sample, the shipped handout with its
diagrams), on links as the phone layout adds them, and on broken files, which must fail them."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from conftest import ROOT, run
from pdfa_checks import problems
from handoutgen.render.tagging import srgb_profile

LAYOUTS = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
# The script samples that build today (tests/languages/test_language_data.py says why the others do not).
SCRIPTS = ("en", "vi", "ru", "hi", "bn", "pa", "gu", "ta", "te", "am", "th", "km", "lo", "my", "ko", "zh-Hans")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdfa")
    samples = ROOT / "tests" / "languages"
    assert run("--handouts-dir", samples, "--layout", "all", "--lang", ",".join(SCRIPTS), "--jobs", "2",
               "--out", out, "script-sample") == 0
    assert run("--handouts-dir", ROOT / "tests" / "samples", "--layout", "all", "--out", out) == 0  # Hebrew
    assert run("multiple-myeloma", "--lang", "en,ar,zh-Hans", "--layout", "all", "--jobs", "2", "--out", out) == 0
    return out


def test_every_layout_and_script_passes(built):
    pdfs = sorted(built.glob("*.pdf"))
    assert len(pdfs) == (len(SCRIPTS) + 1 + 3) * len(LAYOUTS)
    failed = {pdf.name: problems(pdf) for pdf in pdfs}
    assert {name: found for name, found in failed.items() if found} == {}


def test_identification_and_dates_come_from_the_content(built):
    with pikepdf.open(built / "multiple-myeloma.ar.letter.pdf") as doc:
        meta = doc.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == ("2", "U", "1")
        # The handout's 'reviewed' date, not the clock's: a rebuild next year is the same file.
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2026-11-24T00:00:00+00:00"
        assert str(doc.docinfo.CreationDate) == "D:20261124000000+00'00'"
        (intent,) = doc.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert intent.DestOutputProfile.read_bytes() == srgb_profile()


def test_the_srgb_profile_is_made_the_same_every_time():
    first = srgb_profile.__wrapped__()
    time.sleep(1.1)  # Little CMS stamps the profile with the clock's time, to the second
    assert srgb_profile.__wrapped__() == first
    assert first[8:10] == b"\x04\x20" and first[12:20] == b"mntrRGB " and len(first) == int.from_bytes(first[:4], "big")


def _with(pdf: Path, change) -> Path:
    """A copy of ``pdf`` with ``change(doc)`` applied, saved as pikepdf saves the build's."""
    with pikepdf.open(pdf) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    path = pdf.with_name(f"changed-{pdf.name}")
    path.write_bytes(out.getvalue())
    return path


def _link(doc: pikepdf.Pdf, **overrides) -> Dictionary:
    """A URI link on the first page as PDF/A and PDF/UA want it: printed (/F 4), with /Contents,
    in the structure tree as a Link element holding it by an object reference."""
    page = doc.pages[0]
    annot = doc.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 72, 200, 90]), Border=Array([0, 0, 0]), F=4,
        Contents=String("Visit cancer.gov"), A=Dictionary(Type=Name.Action, S=Name.URI, URI=String("https://www.cancer.gov/"))))
    root = doc.Root.StructTreeRoot
    document = root.K
    element = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=document, Pg=page.obj))
    element.K = Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)])
    document.K.append(element)
    key = int(root.ParentTreeNextKey)
    annot.StructParent = key
    root.ParentTree.Nums.extend([key, element])
    root.ParentTreeNextKey = key + 1
    for name, value in overrides.items():
        if value is None:
            del annot[f"/{name}"]
        else:
            annot[f"/{name}"] = value
    page.obj.Annots = Array([annot])
    return annot


def test_a_correct_link_passes(built):
    assert problems(_with(built / "multiple-myeloma.en.letter.pdf", _link)) == []


@pytest.mark.parametrize("change, rule", [
    (lambda doc: _link(doc, F=0), "6.3.2"),  # not printed
    (lambda doc: _link(doc, F=6), "6.3.2"),  # hidden
    (lambda doc: _link(doc, Contents=None), "UA 7.18.5"),
    (lambda doc: _link(doc, StructParent=None), "UA 7.18.1"),
    (lambda doc: _link(doc, A=Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert(1)"))), "6.5.1"),
    (lambda doc: _link(doc, Subtype=Name.Movie), "6.3.1"),
    (lambda doc: doc.Root.__delattr__("OutputIntents"), "6.2.3"),
    (lambda doc: setattr(doc.docinfo, "Title", String("Another title")), "6.6.3"),
    (lambda doc: doc.docinfo.__setitem__("/ModDate", String("D:20300101000000Z")), "6.6.3"),
    (lambda doc: setattr(doc.Root, "Metadata", doc.make_stream(b"<x/>", Type=Name.Metadata, Subtype=Name.XML)), "6.6.4"),
    (lambda doc: next(f for f in _fonts(doc) if f.Subtype == Name.Type0).__delattr__("ToUnicode"), "6.2.11.7.2"),
    (lambda doc: next(f for f in _fonts(doc) if f.Subtype == Name.TrueType).FontDescriptor.__delattr__("FontFile2"), "6.2.11.4.1"),
    (lambda doc: next(f for f in _fonts(doc) if f.Subtype == Name.TrueType).__setitem__("/Widths", Array([0] * 200)), "6.2.11.5"),
    (lambda doc: doc.pages[0].obj.__setitem__("/AA", Dictionary()), "6.5.2"),
])
def test_what_a_validator_refuses_fails_the_checks(built, change, rule):
    found = problems(_with(built / "multiple-myeloma.ar.letter.pdf", change))
    assert any(line.startswith(rule) for line in found), found


def _fonts(doc: pikepdf.Pdf):
    for page in doc.pages:
        yield from page.Resources.Font.values()
