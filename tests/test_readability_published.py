"""Reading grades held to published values and to careful hand counts.

The published values are the Readability Studio results of Mishra and Dexter (JAMA Network Open,
2020) for two CDC pages, on the study's own copy of the text (tests/corpus-pl/README.md). A
formula is only as good as its syllable count, so the syllable counters are held to hand
counts, including the words where a hyphenation dictionary (pyphen) gets them wrong."""

from __future__ import annotations

import pytest

from conftest import ROOT
from handoutgen.checks.readability import score, syllables_en, syllables_es

TEXTS = ROOT / "tests" / "corpus-pl"


@pytest.mark.parametrize("name, words, grade, ease", [
    ("cdc-covid-water-faq.txt", 657, 12.8, 36),
    ("cdc-covid-cloth-face-cover-faq.txt", 489, 9.5, 54),
])
def test_flesch_kincaid_and_reading_ease_match_the_published_values(name, words, grade, ease):
    s = score((TEXTS / name).read_text(encoding="utf-8").splitlines(), "en")
    assert s.words == words  # "COVID-19" and "non-federal" are one word each, as in the study
    assert abs(s.grade - grade) <= 0.75  # tolerance: the study's tool counts sentences and syllables its own way
    assert abs(s.ease - ease) <= 4


@pytest.mark.parametrize("word, count", [
    # pyphen's en_US hyphenation puts no break in "medicine" or "area" and breaks "all" as "al-l"
    ("medicine", 3), ("area", 3), ("all", 1), ("every", 3), ("clots", 1), ("different", 3),
    # silent -es and -ely, and vowels that meet without merging
    ("makes", 1), ("bones", 1), ("minutes", 2), ("measures", 2), ("likely", 2), ("changes", 2),
    ("juices", 2), ("devices", 3), ("being", 2), ("lying", 2), ("applying", 3), ("fluid", 2),
    ("liquid", 2), ("anxiety", 4), ("diet", 2), ("idea", 3), ("nausea", 3),
    # hyphenated words are read part by part
    ("anxiety-related", 7), ("blood-thinning", 3), ("COVID-19", 3), ("blood's", 1),
])
def test_english_syllables_against_hand_counts(word, count):
    assert syllables_en(word) == count


@pytest.mark.parametrize("word, count", [
    # pyphen's Spanish dictionary never breaks between vowels (a typesetting rule): it counts
    # "se-ría", "días", "á-reas", "Dia-rrea" one syllable short, and "signo" as one
    ("sería", 3), ("días", 2), ("áreas", 3), ("diarrea", 3), ("escalofríos", 5), ("cirugía", 4),
    ("signo", 2), ("inusual", 3),
])
def test_spanish_syllables_against_hand_counts(word, count):
    assert syllables_es(word) == count
