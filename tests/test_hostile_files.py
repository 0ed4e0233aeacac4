"""Files that handouts and clinic profiles name, tried as an attacker and as an unlucky user would:
nothing is read from outside the project, no picture exhausts memory or time, every problem is
one line at its place, and a changed picture rebuilds the PDFs that show it."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, run, write_handout

HANDOUT = """\
handout: pic
language: en
title: "Pictures"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: only
    heading: "Pictures"
    blocks:
      - paragraph: "Short text."
      - image: {{file: {file}, alt: "A picture"}}
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}" height="{h}">{body}</svg>'


def png(width: int, height: int, colour=(11, 74, 110)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def noise_png() -> bytes:
    """A PNG that does not compress to almost nothing, so cutting it short loses pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("L", (64, 64), os.urandom(64 * 64)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def project(tmp_path):
    """A handouts folder with one handout showing ``pic.svg``, and a secret file beside the
    project that no input may reach."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(7, 5, (255, 0, 0)))
    (outside / "secret.svg").write_text(SVG.format(w=10, h=10, body='<text x="1" y="9">TOPSECRET</text>'))
    handouts = tmp_path / "project" / "handouts"
    write_handout(handouts, "pic", "en", HANDOUT.format(file="pic.svg"))
    return handouts


def build(handouts: Path, *extra) -> tuple[int, str, Path]:
    out = handouts.parent / "out"
    code = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--handouts-dir", str(handouts),
                           "--out", str(out), "--jobs", "1", *map(str, extra)],
                          capture_output=True, text=True, timeout=120)
    return code.returncode, code.stdout + code.stderr, out


def picture(handouts: Path, content: str | bytes, name: str = "pic.svg") -> Path:
    path = handouts / "pic" / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def build_in_bounded_memory(handouts: Path) -> subprocess.CompletedProcess:
    """The build in a process limited to 1.5 GiB of address space."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))"
    return subprocess.run([sys.executable, "-c", f"{limit}; import runpy, sys; sys.argv = sys.argv[1:]; "
                           "runpy.run_path(sys.argv[0], run_name='__main__')",
                           str(ROOT / "generate.py"), "--handouts-dir", str(handouts), "--out",
                           str(handouts.parent / "out"), "--jobs", "1"],
                          capture_output=True, text=True, timeout=120)


def assert_one_line_error(code: int, output: str, where: str, message: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output and "internal error" not in output, output
    lines = [line for line in output.splitlines() if message in line]
    assert len(lines) == 1 and where in lines[0], output


@pytest.mark.parametrize("href", ["../../../../outside/secret.png", "../../../outside/secret.svg#x",
                                  "/dev/zero", "../../../../../../../../../../dev/zero",
                                  "file:///etc/passwd", "https://example.org/tracker.png"])
def test_svg_may_not_load_other_files(project, href):
    picture(project, SVG.format(w=20, h=20, body=f'\n  <image xlink:href="{href}" width="5" height="5"/>'))
    code, output, out = build(project)
    assert_one_line_error(code, output, "pic.svg:2:3:", "refers to another file")
    assert "(used at " in output and "en.yaml:11:" in output
    assert not list(out.glob("*.pdf"))


def test_svg_reference_to_dev_zero_stays_within_bounded_memory(project):
    """The build refuses before any read: run under a 1.5 GiB address-space limit."""
    picture(project, SVG.format(w=20, h=20, body='<image href="../../../../../../../../dev/zero"/>'))
    result = build_in_bounded_memory(project)
    assert result.returncode == 1, result.stderr
    assert "refers to another file" in result.stderr


def test_clinic_logo_cannot_reach_outside_either(project, tmp_path):
    clinic = tmp_path / "project" / "clinic.yaml"
    clinic.write_text('name: x\nphone: "555 0100"\nemergency_number: "911"\nlogo: logo.svg\n')
    (clinic.parent / "logo.svg").write_text(SVG.format(w=9, h=9, body='<image href="../outside/secret.png"/>'))
    code, output, out = build(project, "--clinic", clinic)
    assert_one_line_error(code, output, "logo.svg:1:", "refers to another file")
    (clinic.parent / "logo.svg").unlink()
    (clinic.parent / "logo.svg").symlink_to(tmp_path / "outside" / "secret.svg")
    code, output, out = build(project, "--clinic", clinic)
    assert_one_line_error(code, output, "clinic.yaml:4:7:", "is outside the clinic profile's folder")


@pytest.mark.parametrize("make, message", [
    (lambda folder, tmp: (folder / "pic.svg").symlink_to(tmp / "outside" / "secret.svg"), "is outside the handouts folder"),
    (lambda folder, tmp: (folder / "pic.svg").symlink_to("/dev/zero"), "is outside the handouts folder"),
    (lambda folder, tmp: os.mkfifo(folder / "pic.svg"), "is not a regular file"),
    (lambda folder, tmp: (folder / "pic.svg").mkdir(), "is not a regular file"),
])
def test_named_file_must_be_a_regular_file_inside_the_project(project, tmp_path, make, message):
    make(project / "pic", tmp_path)
    code, output, _ = build(project)
    assert_one_line_error(code, output, "en.yaml:11:", message)


def test_absolute_image_path_is_refused(project):
    (project / "pic" / "en.yaml").write_text(HANDOUT.format(file="/etc/hostname"))
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "en.yaml:11:", "is an absolute path")


def test_huge_png_is_refused_from_its_header_without_decoding(project):
    """A 13,000 x 13,000 PNG compresses to a few KB and would decode to 500 MB."""
    from PIL import Image

    raw = io.BytesIO()
    Image.frombytes("L", (13_000, 13_000), bytes(13_000 * 13_000)).save(raw, "PNG", optimize=False)
    data = raw.getvalue()
    assert len(data) < 1 << 20
    picture(project, data, "pic.png")
    (project / "pic" / "en.yaml").write_text(HANDOUT.format(file="pic.png"))
    result = build_in_bounded_memory(project)
    assert result.returncode == 1
    assert "is 13,000 x 13,000 pixels; the most is 40,000,000 pixels" in result.stderr
    assert "DecompressionBomb" not in result.stderr and "Traceback" not in result.stderr


def test_svg_with_too_many_elements_is_refused_quickly(project):
    picture(project, SVG.format(w=10, h=10, body='<rect width="1" height="1"/>' * 100_000))
    start = time.monotonic()
    code, output, _ = build(project, "--check")
    assert time.monotonic() - start < 20
    assert_one_line_error(code, output, "pic.svg:1:", "has more than 10,000 elements")


def test_deeply_nested_svg_is_refused(project):
    picture(project, SVG.format(w=10, h=10, body="<g>" * 200 + "</g>" * 200))
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "pic.svg:1:", "nests elements more than 64 deep")


def test_entity_expansion_is_refused(project):
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
              '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&b;</text></svg>')
    picture(project, laughs)
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "pic.svg:2:", "has a DOCTYPE")


@pytest.mark.parametrize("size", ["1e308", "inf", "-10", "0", "NaN", "20000in"])
def test_svg_sizes_must_be_sane(project, size):
    picture(project, SVG.format(w=size, h=10, body="<rect width='1' height='1'/>"))
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "pic.svg:1:1:", "has width=")


def test_truncated_and_oversized_files_fail_in_check_and_build_alike(project):
    picture(project, noise_png()[:400], "pic.png")
    (project / "pic" / "en.yaml").write_text(HANDOUT.format(file="pic.png"))
    for extra in (["--check"], []):
        code, output, _ = build(project, *extra)
        assert_one_line_error(code, output, "en.yaml:11:", "is not a readable PNG or JPEG image")
    svg = SVG.format(w=10, h=10, body="<rect width='1' height='1'/>" * 50)
    picture(project, svg[: len(svg) // 2])
    (project / "pic" / "en.yaml").write_text(HANDOUT.format(file="pic.svg"))
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "pic.svg:1:", "is not well-formed XML")
    with open(project / "pic" / "pic.svg", "wb") as f:
        f.truncate(100 << 20)  # 100 MB of nothing
    code, output, _ = build(project)
    assert_one_line_error(code, output, "en.yaml:11:", "is 100 MiB; the most is 8 MiB")


def test_embedded_picture_is_checked_like_a_file(project):
    data = base64.b64encode(noise_png()[:300]).decode()
    picture(project, SVG.format(w=10, h=10, body=f'<image width="4" height="4" href="data:image/png;base64,{data}"/>'))
    code, output, _ = build(project, "--check")
    assert_one_line_error(code, output, "pic.svg:1:", "has an embedded picture that is not a readable PNG or JPEG")
    data = base64.b64encode(png(4, 4)).decode()
    picture(project, SVG.format(w=10, h=10, body=f'<image width="4" height="4" href="data:image/png;base64,{data}"/>'))
    code, output, out = build(project)
    assert code == 0, output


def test_text_in_pictures_uses_embedded_fonts(tmp_path):
    """The example clinic's logo, an SVG with text, and a QR code: every font is embedded."""
    handouts = tmp_path / "handouts"
    write_handout(handouts, "pic", "en", HANDOUT.format(file="pic.svg") + '      - qr: {url: "https://example.org/a", label: "Watch"}\n')
    picture(handouts, SVG.format(w=60, h=20, body='<text x="2" y="15" font-weight="bold">Clinic</text>'))
    code, output, out = build(handouts, "--clinic", ROOT / "clinics" / "example.yaml")
    assert code == 0, output
    for pdf in out.glob("*.pdf"):
        with pikepdf.open(pdf) as doc:
            for page in doc.pages:
                for name, font in page.Resources.get("/Font", {}).items():
                    descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                    assert "/FontFile2" in descriptor, (pdf.name, name, font.BaseFont)


def test_editing_a_picture_rebuilds_the_pdfs_that_show_it(project):
    path = picture(project, png(30, 20, (0, 0, 255)), "pic.png")
    (project / "pic" / "en.yaml").write_text(HANDOUT.format(file="pic.png"))
    assert build(project)[0] == 0
    code, output, out = build(project)
    assert "unchanged" in output
    pdf = out / "pic.en.letter.pdf"
    before = pdf.read_bytes()
    path.write_bytes(png(30, 20, (255, 128, 0)))
    code, output, _ = build(project)
    assert code == 0 and "built" in output, output
    assert pdf.read_bytes() != before


def test_a_handout_that_is_a_fifo_or_a_device_does_not_hang_the_build(tmp_path):
    handouts = tmp_path / "handouts"
    (handouts / "fifo").mkdir(parents=True)
    os.mkfifo(handouts / "fifo" / "en.yaml")
    (handouts / "dev").mkdir()
    (handouts / "dev" / "en.yaml").symlink_to("/dev/zero")
    code, output, _ = build(handouts)
    assert code == 1
    assert "fifo/en.yaml:1:1: file is not a regular file" in output
    assert "dev/en.yaml:1:1: file is not a regular file" in output


def test_a_layout_extends_only_a_layout_by_name(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "evil.yaml").write_text("extends: ../../../etc/hostname\n")
    handouts = tmp_path / "handouts"
    write_handout(handouts, "pic", "en", HANDOUT.format(file="x.png").replace("      - image: {file: x.png, alt: \"A picture\"}\n", ""))
    code, output, _ = build(handouts, "--layouts-dir", layouts, "--layout", "evil")
    assert code == 1 and "evil.yaml:1:10: extends '../../../etc/hostname' is not valid" in output, output


@pytest.mark.parametrize("name, content, message", [
    ("/etc/hostname", None, "glossary '/etc/hostname' is an absolute path"),
    ("../outside.yaml", "x: [y]\n", "glossary '../outside.yaml' is outside the folder of checks.yaml"),
    ("zero.yaml", "/dev/zero", "glossary 'zero.yaml' is outside the folder of checks.yaml"),
    ("pipe.yaml", "fifo", "pipe.yaml:1:1: file is not a regular file"),
    ("bombs.yaml", "a: &a [x, x]\nb: *a\n", "bombs.yaml:2:4: YAML syntax: YAML aliases (*a) are not allowed"),
    ("list.yaml", "- not a mapping\n", "list.yaml:1:1: the glossary must be a mapping"),
])
def test_clinic_glossaries_are_read_like_every_input(tmp_path, name, content, message):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.yaml").write_text("x: [y]\n")
    if content == "/dev/zero":
        (project / name).symlink_to("/dev/zero")
    elif content == "fifo":
        os.mkfifo(project / name)
    elif content:
        (project / name).write_text(content)
    (project / "checks.yaml").write_text(f"glossaries: [{name}]\n")
    handouts = project / "handouts"
    write_handout(handouts, "pic", "en", HANDOUT.format(file="x.png").replace("      - image: {file: x.png, alt: \"A picture\"}\n", ""))
    code, output, _ = build(handouts, "--checks", project / "checks.yaml")
    assert code == 1 and message in output, output
    assert "Traceback" not in output
