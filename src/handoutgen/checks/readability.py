"""Readability: sentence length for every language, and the standard grade formulas where
they exist (Flesch-Kincaid grade and Flesch reading ease for English, Fernández-Huerta for
Spanish).

The formulas are simple sums over sentences, words and syllables; what matters is counting
those consistently. Syllables are counted with the usual written-language rules (vowel groups,
with English's silent final e, -es and -ed and Spanish diphthongs), so results match a careful
hand count: hyphenation dictionaries such as pyphen's place breaks for typesetting, not speech,
and miscount both languages (README, "Plain-language checks"). Chinese and Japanese are
measured in characters, not words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

# A break after . ! ? … (and any closing quote or bracket) followed by space, or after 。！？.
# Devanagari ends sentences with a danda (। ॥), Arabic script asks with ؟ and Urdu stops with ۔;
# Khmer stops with ។, Burmese with ။, Ethiopic with ። and asks with ፧.
_SENTENCE_END = re.compile(r"(?<=[.!?…।॥؟۔។။።፧])\s+|(?<=[.!?…।॥؟۔][\"'”’)\]])\s+|(?<=[。！？។။።፧])")
# Vowel pairs that English splits into two syllables: calc-i-um, os-te-o, an-e-mi-a, my-e-lo-ma,
# ar-e-a, flu-id, di-et, be-ing, ly-ing; not in -cial, -tial, -sia or peo-ple.
_HIATUS = re.compile(r"(?<![cts])ia|iu|(?<!p)eo(?!u)|(?<=[^aeiouy])ye(?=[^aeiouy])|ea$|(?<![gq])ui(?=d)"
                     r"|(?<![aeou])ie(?=t)|(?<=[aeiouy])(?=ing$)")


def _combining_marks() -> str:
    """Combining marks of the scripts handouts use (Latin accents, Arabic vowels, Devanagari
    vowel signs and virama, ...), as a character class body: ``\\w`` leaves them out, which
    would cut "मल्टीपल" into three words at its vowel signs."""
    marks = [code for code in range(0x300, 0x1E00) if unicodedata.category(chr(code)).startswith("M")]
    runs = [[code for _, code in run] for _, run in groupby(enumerate(marks), lambda pair: pair[1] - pair[0])]
    return "".join(f"\\u{run[0]:04x}-\\u{run[-1]:04x}" for run in runs)


LETTER = rf"(?:[^\W_]|[{_combining_marks()}])"
_WORD = re.compile(rf"[^\W_]{LETTER}*(?:['’\-‐][^\W_]{LETTER}*)*")  # "COVID-19", "X-ray": one word each
CHARACTER_LANGUAGES = ("zh", "ja")  # written without spaces: length in characters
# Written without spaces between words: ICU's dictionaries find the words. Thai and Lao have no
# full stop either: a space ends a sentence or clause, so that is where they are cut.
DICTIONARY_LANGUAGES = ("th", "lo", "km", "my")
_SPACE_ENDS = ("th", "lo")
SYLLABLE_LANGUAGES = ("vi",)  # a space after every syllable, so a "word" between spaces is one


def language_of(tag: str) -> str:
    return tag.split("-")[0].lower()


# Text that is not prose: web and e-mail addresses, and pronunciation guides such as
# "throm-BO-sis": short syllables joined by hyphens, one stressed in capitals, one in lower case;
# three syllables or more, or two inside brackets or quotes ("LIM-fuh", unlike "CT-scan").
_SYLLABLES = r"(?=[a-zA-Z-]*\b[A-Z]{2,5}\b)(?=[a-zA-Z-]*\b[a-z]{1,5}\b)[a-zA-Z]{1,5}"
_NOT_PROSE = re.compile(r"\b(?:https?://|www\.)\S*[^\s.,;:!?)\]\"'”’]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                        rf"|\b{_SYLLABLES}(?:-[a-zA-Z]{{1,5}}){{2,}}\b"
                        rf"|(?<=[(\"“]){_SYLLABLES}-[a-zA-Z]{{1,5}}(?=[)\"”])")


def prose(text: str) -> str:
    """``text`` with addresses and pronunciation guides blanked out (offsets kept), so they are
    neither counted as words nor checked as vocabulary."""
    return _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)


def title_case(text: str) -> bool:
    """A short line with every long word capitalised: a bold sub-heading written as a paragraph,
    such as "**Vena Cava Filter**"."""
    long_words = [w for w in text.split() if len(w) > 3]
    return bool(long_words) and len(text.split()) <= 8 and all(w[0].isupper() for w in long_words)


def sentences(text: str, language: str = "") -> list[str]:
    """Sentences of one piece of text. A list item or title without a full stop is one sentence."""
    ends = re.compile(r"\s+") if language_of(language) in _SPACE_ENDS else _SENTENCE_END
    return [s.strip() for s in ends.split(prose(text).strip()) if s.strip()]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def length(sentence: str, language: str) -> int:
    """Words (found by ICU's dictionaries where words are not spaced), or for Chinese and
    Japanese the characters that are not punctuation or space."""
    lang = language_of(language)
    if lang in CHARACTER_LANGUAGES:
        return sum(1 for ch in sentence if unicodedata.category(ch)[0] in "LN")
    if lang in DICTIONARY_LANGUAGES:
        from ..text.breaking import dictionary_words  # ICU, loaded only for these languages
        return len(dictionary_words(sentence, lang))
    return len(words(sentence))


def _plain_letters(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 16)  # a handout repeats its words; every word is counted twice
def syllables_en(word: str) -> int:
    """English syllables by vowel groups, with the common vowel pairs that split, a silent final
    e and a silent -ed."""
    w = re.sub(r"['’]s$", "", _plain_letters(word))
    if re.search(r"[-‐]", w):  # "anxiety-related", "COVID-19": the parts, each read out
        return sum(syllables_en(part) for part in re.split(r"[-‐]", w) if part)
    if not w.isalpha():
        return max(1, len(re.findall(r"\d+", w)))  # a number is read as at least one syllable
    groups = len(re.findall(r"[aeiouy]+", w)) + len(_HIATUS.findall(w))
    if re.search(r"[^aeiouy]e(?:s|ly)?$", w) and not re.search(r"(?:[^aeiouy]le|ee|ye|[sxzcg]es|[cs]hes)$", w) \
            and groups > 1:
        groups -= 1  # silent e: "bone", "makes", "likely" (not "table", "changes", "juices")
    if re.search(r"[^aeiouy]ed$", w) and not w.endswith(("ted", "ded")) and groups > 1:
        groups -= 1  # "called", "changed": the -ed is silent
    return max(1, groups)


_ES_STRONG, _ES_WEAK = "aeoáéó", "iuü"


@lru_cache(maxsize=1 << 16)
def syllables_es(word: str) -> int:
    """Spanish syllables: one per vowel nucleus; a weak unstressed i/u beside another vowel forms a
    diphthong (one syllable), two strong vowels or an accented í/ú split (two)."""
    w = word.lower()
    if not any(c.isalpha() for c in w):
        return max(1, len(re.findall(r"\d+", w)))
    count, previous = 0, None
    for ch in w:
        if ch in _ES_STRONG + _ES_WEAK + "íú":
            if previous is None:
                count += 1
            elif ch in "íú" or previous in "íú":
                count += 1  # hiato: accented weak vowel
            elif ch in _ES_STRONG and previous in _ES_STRONG:
                count += 1  # hiato: two strong vowels
            previous = ch
        else:
            previous = None
    return max(1, count)


SYLLABLES = {"en": syllables_en, "es": syllables_es}


@dataclass(frozen=True)
class Scores:
    sentences: int
    words: int
    syllables: int
    grade: float | None  # Flesch-Kincaid grade (English)
    ease: float | None  # Flesch reading ease (English) or Fernández-Huerta (Spanish)
    longest: int  # longest sentence in words (or characters for zh, ja)


def score(texts: list[str], language: str) -> Scores:
    lang = language_of(language)
    all_sentences = [s for t in texts for s in sentences(t, language)]
    all_words = [w for s in all_sentences for w in words(s)]
    longest = max((length(s, language) for s in all_sentences), default=0)
    count = SYLLABLES.get(lang)
    if not count or not all_words:
        return Scores(len(all_sentences), len(all_words), 0, None, None, longest)
    n_sent, n_words = len(all_sentences), len(all_words)
    n_syll = sum(count(w) for w in all_words)
    per_sentence, per_word = n_words / n_sent, n_syll / n_words
    if lang == "en":
        grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
        ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    else:  # Fernández-Huerta (1959), the Flesch reading ease adapted to Spanish
        grade = None
        ease = 206.84 - 60 * per_word - 1.02 * per_sentence
    return Scores(n_sent, n_words, n_syll, None if grade is None else round(grade, 1), round(ease, 1), longest)
