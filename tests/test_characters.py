"""The policy for invisible and bidi control characters (README, "Reliability and security"):
isolates and marks work and are never drawn, overrides and embeddings are refused at their
place, a byte-order mark is removed with a warning, and phone numbers are only phone numbers."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, run, write_handout
from handoutgen.render.text import _levels, _visual_order, Segment

ARABIC = """\
handout: chars
language: ar
title: "اختبار"
reviewed: 2026-01-01
review_by: 2030-01-01
sections:
  - id: only
    heading: "قسم"
    blocks:
      - paragraph: "{text}"
"""


def build(tmp_path, text: str, lang: str = "ar", *extra) -> tuple[int, str]:
    handouts = tmp_path / "handouts"
    body = ARABIC if lang == "ar" else MINIMAL.replace("Short text.", "{text}").replace("{id}", "chars").replace("{lang}", "en")
    write_handout(handouts, "chars", lang, body.format(text=text) if lang == "ar" else body.replace("{text}", text))
    return run("--handouts-dir", handouts, "--out", tmp_path / "out", "--lang", lang, *extra)


def body_text(tmp_path, lang: str) -> str:
    reader = PdfReader(tmp_path / "out" / f"chars.{lang}.letter.pdf")
    return "".join(page.extract_text() for page in reader.pages)


def test_isolates_around_a_name_and_a_number_in_arabic_build_and_are_not_drawn(tmp_path, capsys):
    text = "اتصل بالدكتور \u2066Dr. Smith\u2069 على الرقم \u2066555 0100\u2069 اليوم."
    assert build(tmp_path, text) == 0, capsys.readouterr()
    assert build(tmp_path, text, "ar", "--check") == 0
    extracted = body_text(tmp_path, "ar")
    for char in "\u2066\u2067\u2068\u2069":
        assert char not in extracted


def test_isolated_run_keeps_its_own_direction_inside_right_to_left_text():
    text = "أ \u2066AB 12\u2069 ب"
    levels = _levels(text, True)
    assert levels[text.index("A")] == levels[text.index("1")] == 2  # left to right inside, numbers too
    assert levels[0] == levels[-1] == 1
    order = _visual_order([Segment(i, c, "f", levels[i]) for i, c in enumerate(text)])
    shown = "".join(s.text for s in order)
    assert shown.index("A") < shown.index("B") < shown.index("1")  # "AB 12" reads left to right
    assert shown.index("ب") < shown.index("A") < shown.index("أ")  # and stands between the words


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\u034f"])
def test_marks_and_joiners_are_honoured_but_never_drawn(tmp_path, char):
    assert build(tmp_path, f"Take one{char} tablet a day.", "en") == 0
    extracted = body_text(tmp_path, "en")
    assert char not in extracted
    assert "Take one tablet a day." in " ".join(extracted.split())  # no mark, no added space


@pytest.mark.parametrize("char, name", [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
                                        ("\u202b", "RIGHT-TO-LEFT EMBEDDING"), ("\u206b", "ACTIVATE SYMMETRIC SWAPPING"),
                                        ("\U000e0041", "TAG LATIN CAPITAL LETTER A")])
def test_overrides_embeddings_and_hidden_text_are_refused_at_their_place(tmp_path, capsys, char, name):
    for extra in ((), ("--check",)):
        assert build(tmp_path, f"Call 555{char}0100 today.", "en", *extra) == 1
        err = capsys.readouterr().err
        assert f"en.yaml:10:29: paragraph contains U+{ord(char):04X} {name}; remove it" in err, err
    assert not (tmp_path / "out" / "chars.en.letter.pdf").exists()


def test_byte_order_mark_inside_text_is_removed_with_a_warning(tmp_path, capsys):
    assert build(tmp_path, "Short\ufeff text.", "en") == 0
    err = capsys.readouterr().err
    assert "en.yaml:10:26: warning: paragraph contains U+FEFF ZERO WIDTH NO-BREAK SPACE" in err
    assert "Short text." in body_text(tmp_path, "en")


@pytest.mark.parametrize("phone", ["555\u202e0100", "call us", "555-0100\u200f", "1-800-FLOWERS"])
def test_phone_values_accept_only_what_a_phone_number_needs(tmp_path, capsys, phone):
    handouts = tmp_path / "handouts"
    write_handout(handouts, "chars", "en", MINIMAL.format(id="chars", lang="en"))
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f'name: x\nphone: "{phone}"\nemergency_number: "911"\n', encoding="utf-8")
    assert run("--handouts-dir", handouts, "--clinic", clinic, "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "clinic.yaml:2:" in err and ("is not a phone number" in err or "remove it" in err), err
    assert "Traceback" not in err
