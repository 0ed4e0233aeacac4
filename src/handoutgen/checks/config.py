"""Every key of the checks file (``checks.yaml``, ``--checks FILE``), declared once: the parser
(plain_language.load_config) reads by it, and ``schema/checks.schema.json`` is made from it by
``python -m handoutgen.schemas``."""

from __future__ import annotations

from ..content.schema import LANGUAGE_PATTERN, Field, Number, Pairs, Record, String
from ..declare import Files

READABILITY = Record("readability", "readability", (
    Field("max_grade", Number(0, 200), "Highest Flesch-Kincaid grade (English), per section and per handout "
          "(default 8).", 8),
    Field("min_ease_es", Number(0, 200), "Lowest Fernández-Huerta reading ease (Spanish); lower is harder "
          "(default 60).", 60),
    Field("max_sentence_words", Number(0, 200), "Longest sentence, in words (default 20).", 20),
    Field("max_sentence_characters", Number(0, 200), "Longest sentence in Chinese and Japanese, in "
          "characters (default 40).", 40),
    Field("max_sentence_syllables", Number(0, 200), "Longest sentence in Vietnamese, which spaces every "
          "syllable, in syllables (default 30, about 20 words).", 30),
))

WORDS = Record("words", "words", (
    Field("rare_below", Pairs(String(LANGUAGE_PATTERN, "a language tag"), Number(0, 8)),
          "Per language: a word less common than this Zipf frequency in everyday text (wordfreq; 3 = "
          "once per million words) needs an explanation where it first appears.",
          {"en": 2.9, "es": 2.6}),
    Field("glossary_below", Number(0, 8), "A shipped glossary term more common than this is left alone "
          "(default 3.5).", 3.5),
))

CHECKS = Record("the checks file", "checks file", (
    Field("readability", READABILITY, "Reading level and sentence length limits.", {"max_grade": 8}),
    Field("words", WORDS, "Words readers may not know.", {"rare_below": {"en": 2.9}}),
    Field("glossaries", Files(), "The clinic's own term lists, relative to this file "
          "(format: src/handoutgen/glossary/en.yaml).", ["our-terms.yaml"]),
))
