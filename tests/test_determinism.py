"""The same input gives byte-identical PDFs, whatever the output folder or run."""

from conftest import run


def test_two_builds_are_byte_identical(tmp_path, real_pdf):
    assert run("multiple-myeloma", "--out", tmp_path) == 0
    assert (tmp_path / real_pdf.name).read_bytes() == real_pdf.read_bytes()


def test_a_content_change_changes_the_version_on_the_page(tmp_path):
    from conftest import MINIMAL, write_handout
    from pypdf import PdfReader

    handouts = tmp_path / "handouts"
    path = write_handout(handouts, "demo", "en", MINIMAL.format(id="demo", lang="en"))
    versions = []
    for text in ("Short text.", "Short text, changed."):
        path.write_text(MINIMAL.format(id="demo", lang="en").replace("Short text.", text))
        assert run("--handouts-dir", handouts, "--out", tmp_path / "out") == 0
        footer = PdfReader(tmp_path / "out" / "demo.en.letter.pdf").pages[0].extract_text()
        versions.append(footer.split("version ")[1].split()[0])
    assert versions[0] != versions[1]


def test_every_layout_and_script_is_byte_identical_in_process_and_in_workers(tmp_path):
    """One build in this process (parsed files and faces cached from earlier PDFs), one in fresh
    worker processes: every PDF the same, in every layout, for Latin, Arabic, Devanagari and Han."""
    from conftest import ROOT

    layouts = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
    common = ("multiple-myeloma", "--lang", "en,ar,hi,zh-Hans", "--layout", "all")
    assert run(*common, "--jobs", "1", "--out", tmp_path / "one") == 0
    assert run(*common, "--jobs", "2", "--out", tmp_path / "two") == 0
    built = sorted(p.name for p in (tmp_path / "one").glob("*.pdf"))
    assert len(built) == 4 * len(layouts) and built == sorted(p.name for p in (tmp_path / "two").glob("*.pdf"))
    different = [name for name in built if (tmp_path / "one" / name).read_bytes() != (tmp_path / "two" / name).read_bytes()]
    assert different == []
