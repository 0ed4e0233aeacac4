"""The static faces cut from the variable Noto fonts print what the variable fonts print.

Faces are cut with HarfBuzz's instancer (fonts._instantiate). Two checks that it loses nothing:
- every character of every shipped translation and of the script sample (23 languages, every
  face but Japanese and Traditional Chinese) is shaped by HarfBuzz on the cut face into the same
  glyphs, at the same places, as on the variable font set to the same weight: a character the
  cut lost, a conjunct or a joining form it no longer makes, would change the glyphs;
- through the PDF: the Hindi and Arabic script samples built from a cold cache (faces cut then)
  read back the same and look the same, page by page, as when built from faces cut by
  fontTools' instancer, the reference implementation the tool used before.
"""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import uharfbuzz as hb
import yaml
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from PIL import ImageChops

from conftest import ROOT
from handoutgen import fonts

TEXTS = sorted([*ROOT.glob("handouts/*/*.yaml"), *(ROOT / "tests" / "languages" / "script-sample").glob("*.yaml")])
STYLES = {"regular": 400, "bold": 700}


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _runs_by_face() -> dict[str, set[tuple[str, str]]]:
    """(text, language) runs of every text, by the face that prints them."""
    runs: dict[str, set[tuple[str, str]]] = {}
    for path in TEXTS:
        language = path.stem
        stack = fonts.Stack("noto-sans", language)
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for piece, face in stack.segments(text):
                if face is not None and piece.strip():
                    runs.setdefault(face, set()).add((piece, language))
    return runs


RUNS = _runs_by_face()


def _shape(font: hb.Font, text: str, language: str, shaped: bool):
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    # Unshaped faces are printed by reportlab through the cmap, one glyph per character, with
    # no layout tables (the cut drops them): compare them without features.
    hb.shape(font, buf, {"kern": True, "liga": True} if shaped else {"kern": False, "liga": False, "calt": False,
                                                                        "ccmp": False, "locl": False})
    return [(i.codepoint, i.cluster, p.x_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions)]


def test_the_texts_reach_every_script_face():
    assert {"latin", "arabic", "hebrew", "devanagari", "bengali", "gurmukhi", "gujarati", "tamil", "telugu",
            "thai", "lao", "khmer", "myanmar", "ethiopic", "cjk-sc", "cjk-kr"} <= set(RUNS)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("face_key", sorted(RUNS))
def test_a_cut_face_shapes_every_text_as_the_variable_font(face_key, style):
    face = fonts.FACES[face_key]
    cut = hb.Font(hb.Face(hb.Blob(fonts.font_file(face_key, style).read_bytes())))
    source = importlib.resources.files(face.package) / face.source
    variable = hb.Font(hb.Face(hb.Blob(source.read_bytes())))
    variable.set_variations({"wght": STYLES[style], **face.fixed_axes})
    for text, language in sorted(RUNS[face_key]):
        got, want = _shape(cut, text, language, face.shaped), _shape(variable, text, language, face.shaped)
        assert all(gid for gid, *_ in got), f"{face_key} {style}: a character of {text!r} has no glyph"
        assert [g[:2] for g in got] == [w[:2] for w in want], f"{face_key} {style}: other glyphs for {text!r}"
        # Positions may differ by a rounding of one font unit (HarfBuzz rounds the bold
        # instance's deltas otherwise than fontTools' instancer did).
        assert all(abs(a - b) <= 1 for g, w in zip(got, want) for a, b in zip(g[2:], w[2:])), \
            f"{face_key} {style}: glyphs of {text!r} placed otherwise"


def _fonttools_cut(source, axes, target, shaped):
    """The reference: fontTools' instancer, as the tool cut faces before."""
    with importlib.resources.as_file(source) as path:
        font = TTFont(path, recalcTimestamp=False)
    if not shaped:
        for tag in ("GSUB", "GPOS", "GDEF"):
            if tag in font:
                del font[tag]
    instancer.instantiateVariableFont(font, axes, updateFontNames=True).save(target)


def _build(cache: Path, out: Path, language: str) -> Path:
    env = {**os.environ, "HANDOUTGEN_CACHE": str(cache)}
    subprocess.run([sys.executable, str(ROOT / "generate.py"), "--handouts-dir", str(ROOT / "tests" / "languages"),
                    "--lang", language, "--out", str(out), "--jobs", "1", "script-sample"],
                   env=env, check=True, capture_output=True, timeout=600)
    return out / f"script-sample.{language}.letter.pdf"


@pytest.mark.parametrize("language, face_key", [("hi", "devanagari"), ("ar", "arabic")])
def test_a_cold_cut_prints_as_the_reference_instancer(tmp_path, monkeypatch, language, face_key):
    """Conjuncts and joining forms through the PDF: the sample built from faces cut in a cold
    cache reads back and looks as when built from fontTools' instances of the same faces."""
    reference = tmp_path / "reference"
    monkeypatch.setenv("HANDOUTGEN_CACHE", str(reference))
    monkeypatch.setattr(fonts, "_instantiate", _fonttools_cut)
    for style in STYLES:  # the script's face only: Noto Sans is cut the same way in both builds
        fonts.font_file.__wrapped__(face_key, style)  # written where a build in that cache looks
    want = _build(reference, tmp_path / "want", language)
    got = _build(tmp_path / "cold", tmp_path / "got", language)
    assert sorted(p.name for p in (tmp_path / "cold" / "fonts").glob("*.ttf")) == \
        sorted(p.name for p in (reference / "fonts").glob("*.ttf"))  # the same faces, cut in the cold cache

    assert [p.extract_text() for p in pypdf.PdfReader(got).pages] == \
        [p.extract_text() for p in pypdf.PdfReader(want).pages]
    got_pdf, want_pdf = pypdfium2.PdfDocument(got), pypdfium2.PdfDocument(want)
    assert len(got_pdf) == len(want_pdf)
    for index in range(len(want_pdf)):
        pages = [pdf[index].render(scale=100 / 72, grayscale=True).to_pil().convert("L") for pdf in (got_pdf, want_pdf)]
        histogram = ImageChops.difference(*pages).histogram()
        # Anti-aliasing moves where a bold outline point was rounded the other way (one font
        # unit); a lost conjunct or joining form moves thousands of pixels.
        assert sum(histogram[65:]) <= 0.0005 * pages[0].width * pages[0].height, f"page {index + 1} looks otherwise"
