"""The checks file (``checks.yaml``, ``--checks FILE``): every key declared once, read by
:func:`load_config` into a :class:`CheckConfig`; ``schema/checks.schema.json`` is made from the
declaration by ``python -m handoutgen.schemas``. Kept apart from the checks themselves, so that
a build that has nothing to check (a no-change rebuild) does not import them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..content.schema import LANGUAGE_PATTERN, Field, Number, Pairs, Record, String
from ..declare import Files, read_record
from ..diagnostics import Collector, InputError
from ..resolve import Refused, Scope
from ..yamlsource import NodeReader, load_nodes

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


# Zipf frequency (see vocabulary.py) below which a word needs an everyday explanation, per
# language, as in the shipped checks.yaml; calibrated on the shipped handouts and the corpus of
# federal patient texts (tests/test_jargon_corpus.py). Not Hindi: wordfreq has only its short
# list, which leaves out everyday words ("मतली", nausea). Not Vietnamese: it writes each
# syllable apart, so its list counts syllables, and a medical word is made of common ones.
RARE_BELOW = (("en", 2.9), ("es", 2.6), ("ru", 2.6), ("ar", 2.5), ("zh", 2.5))


@dataclass(frozen=True)
class CheckConfig:
    max_grade: float = 8
    min_ease_es: float = 60
    max_sentence_words: int = 20
    max_sentence_characters: int = 40
    max_sentence_syllables: int = 30  # Vietnamese, which writes each syllable apart
    rare_below: tuple[tuple[str, float], ...] = RARE_BELOW
    glossary_below: float = 3.5  # a shipped glossary term more familiar than this is left alone
    # The clinic's own glossary files, read and checked: (term, everyday words) pairs.
    glossaries: tuple[tuple[str, tuple[str, ...]], ...] = ()
    digest: str = ""  # of the config and its glossaries: a change re-checks every handout


def load_config(path: Path | None) -> CheckConfig:
    """checks.yaml, validated like every input; without one, the defaults."""
    if path is None or not path.is_file():
        return CheckConfig()
    r = NodeReader(str(path), Collector())
    root, digest = load_nodes(str(path))
    top = read_record(r, root, CHECKS)
    if top is None:
        r.report.raise_if_errors()
    values = {**(top["readability"].values if "readability" in top else {}),
              **(top["words"].values if "words" in top else {})}
    if "rare_below" in values:
        values["rare_below"] = tuple(values["rare_below"].items())
    glossaries: list[tuple[str, tuple[str, ...]]] = []
    digests = [digest]
    if top["glossaries"]:
        scope = Scope(path.parent, path.parent, f"{path.name}'s folder", f"the folder of {path.name}")
        for value, node in top["glossaries"]:
            try:
                terms, file_digest = _clinic_glossary(scope.confine(value), r.report)
            except Refused as exc:
                r.error(node, f"glossary '{value}' {exc}")
                continue
            except InputError as exc:
                r.report.diagnostics.extend(exc.diagnostics)
                continue
            glossaries += terms
            digests.append(file_digest)
    r.report.raise_if_errors()
    digest = hashlib.sha256("\0".join(digests).encode()).hexdigest()
    return CheckConfig(**values, glossaries=tuple(glossaries), digest=digest)


def _clinic_glossary(path: Path, report: Collector) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
    """A clinic's glossary file (term: [everyday words, ...]), read within the limits of every
    YAML file and checked, with its digest."""
    root, digest = load_nodes(str(path))
    r = NodeReader(str(path), report)
    terms = []
    for key, value in r.pairs(root, "the glossary"):
        term = r.text(key, "a glossary term")
        # No everyday words (term: [] or term:) means the clinic's readers know the term.
        known = value.tag.endswith(":null") or (value.tag.endswith(":seq") and not value.value)
        words = () if known else tuple(w for w, _ in r.texts(value, f"the everyday words for '{term}'"))
        if term:
            terms.append((term, words))
    return terms, digest
