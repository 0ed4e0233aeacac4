"""Layout files are validated with the same path:line:column errors as content."""

from __future__ import annotations

import pytest

from conftest import LETTER, run
from handoutgen.diagnostics import InputError
from handoutgen.layout.parse import parse_layout


def test_letter_layout_loads(letter):
    assert letter.page_size == (612, 792)
    assert letter.margins["left"] == pytest.approx(0.8 * 72)
    assert letter.body.width == pytest.approx(612 - 1.6 * 72)


@pytest.mark.parametrize("old, new, message", [
    ("size: letter", "size: tabloid", "page size 'tabloid' is not one of: letter, a4, legal"),
    ("left: 0.8in", "left: 0.8 furlongs", "left margin '0.8 furlongs' is not a length"),
    ("left: 0.8in", "left: 0.1in", "left margin 0.1in is out of range"),
    ('accent: "#0b4a6e"', 'accent: "blue"', "colour accent 'blue' is not a colour; write it as #rrggbb"),
    ("family: noto-sans", "family: comic-sans", "font family 'comic-sans' is not one of: noto-sans"),
    ("budget: 4", "budjet: 4", "unknown key 'budjet' in page; did you mean 'budget'?"),
    ("left: [title]", "left: [logo]", "running header field 'logo' is not one of"),
])
def test_bad_layout_is_reported_with_its_line(tmp_path, old, new, message):
    text = LETTER.read_text()
    assert old in text
    path = tmp_path / "letter.yaml"
    path.write_text(text.replace(old, new))
    line = next(n for n, l in enumerate(path.read_text().splitlines(), 1) if new in l)
    with pytest.raises(InputError) as exc:
        parse_layout(str(path))
    assert any(d.location.line == line and message in str(d) for d in exc.value.diagnostics), exc.value


def test_a_bad_layout_fails_the_build_with_exit_1(tmp_path, capsys):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    text = LETTER.read_text().replace("base: 11", "base: huge")
    (layouts / "letter.yaml").write_text(text)
    line = text[: text.index("base: huge")].count("\n") + 1
    assert run("--layouts-dir", layouts, "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"letter.yaml:{line}:9: base size 'huge' is not a number" in err
    assert err.count("base size") == 1  # said once, not once per handout


def test_low_contrast_text_colour_is_refused(tmp_path):
    path = tmp_path / "pale.yaml"
    path.write_text(LETTER.read_text().replace('muted: "#474747"', 'muted: "#999999"'))
    with pytest.raises(InputError) as exc:
        parse_layout(str(path))
    assert "colour muted #999999 has a contrast of 2.8:1 on white; text needs at least 7:1" in str(exc.value)


def test_extends_reports_errors_in_the_file_that_has_them(tmp_path):
    (tmp_path / "base.yaml").write_text(LETTER.read_text().replace("base: 11", "base: tiny"))
    (tmp_path / "child.yaml").write_text("extends: base\npage:\n  size: a4\n")
    with pytest.raises(InputError) as exc:
        parse_layout(str(tmp_path / "child.yaml"))
    assert [str(d.location.path) for d in exc.value.diagnostics] == [str(tmp_path / "base.yaml")]


@pytest.mark.parametrize("extends, message", [
    ("nowhere", "extends 'nowhere' is not a layout in the same folder"),
    ("loop", "extends 'loop' would extend itself"),
])
def test_bad_extends(tmp_path, extends, message):
    (tmp_path / "loop.yaml").write_text(f"extends: {extends}\n")
    with pytest.raises(InputError) as exc:
        parse_layout(str(tmp_path / "loop.yaml"))
    assert f"loop.yaml:1:10: {message}" in str(exc.value)


def test_margin_too_small_for_the_footer_names_the_margin_needed(tmp_path):
    path = tmp_path / "tight.yaml"
    path.write_text(LETTER.read_text().replace("bottom: 0.85in", "bottom: 0.5in"))
    with pytest.raises(InputError) as exc:
        parse_layout(str(path))
    assert "the running footer reaches into the outer 0.25 in that printers cannot print; " \
           "make the bottom margin at least 0.67in" in str(exc.value)
