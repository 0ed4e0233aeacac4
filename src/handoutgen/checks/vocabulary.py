"""How familiar a word is to everyday readers, from the word-frequency data of the wordfreq
package: a word's Zipf frequency is log10 of its uses per billion words in a broad mix of
everyday text (film subtitles, web pages, news, Wikipedia, social media). "the" is about 7.7,
"kidney" 4.0, "renal" 3.4, "venography" 1.3; 3 means once per million words. The data ships
inside the package, so nothing is downloaded at run time.

A lookup takes the most familiar reading of a word, so that ordinary words are not flagged
for their spelling:
- its inflected family (the words in the list that share its stem), because frequency lists
  count each form apart and Spanish, Russian and Arabic spread a common verb over many rare forms;
  English only loses a regular ending ("clots", "thins");
- Arabic without its attached conjunction, preposition or article (و ف ب ل ك ال);
- a compound of two familiar words, as "nosebleeds" is of "nose" and "bleeds", or of a verb
  and its particle ("checkups").
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from functools import cache, lru_cache
from itertools import accumulate

from ..lazy import lazy_module
from .readability import LETTER, language_of

wordfreq = lazy_module("wordfreq")  # most of a second to import: only once a word is looked up

# Languages wordfreq can only split into words with MeCab (not a dependency): not checked.
_NEEDS_MECAB = ("ja", "ko")
# Arabic attaches conjunctions, prepositions, the article and pronouns to the word ("كليتيك",
# your kidneys): the light stemming of Larkey et al. (2007) takes them off.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك", "")
_ARABIC_SUFFIXES = ("كما", "هما", "كم", "هم", "هن", "نا", "ها", "ان", "ات", "ون", "ين", "ية", "ك", "ه", "ي", "ة", "")
# A word: letters (with their combining marks) joined by apostrophes or hyphens, as in "Kahler's"
# or "D-dimer"; digits end it.
TOKEN = re.compile(rf"{LETTER}+(?:['’\-‐]{LETTER}+)*")


@cache
def wordlist(tag: str) -> str | None:
    """The wordfreq language for a BCP 47 tag, or None where it has no usable word list."""
    lang = language_of(tag)
    if lang == "zh":
        _jieba()  # quiet before wordfreq loads its own segmenter
    if lang in _NEEDS_MECAB or lang not in wordfreq.available_languages():
        return None
    return lang


@cache
def _jieba():
    """jieba, the Chinese segmenter wordfreq itself uses, imported only for Chinese (its
    dictionary takes about a second to load) and without its log lines."""
    import jieba  # noqa: PLC0415
    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str, tag: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` with their offsets. Chinese is segmented with jieba, as wordfreq
    does itself; other scripts separate words with spaces or punctuation."""
    if language_of(tag) == "zh":
        return [(w, start, end) for w, start, end in _jieba().tokenize(text)
                if any("\u3400" <= ch <= "\u9fff" for ch in w)]
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


@cache
def _families(lang: str) -> tuple[list[str], list[float]]:
    """The word list sorted, with running sums of frequency: the frequency of every word that
    starts with a stem is then one subtraction. Built once per language (0.1 to 0.5 s)."""
    frequencies = wordfreq.get_frequency_dict(lang, wordlist="best")
    words = sorted(frequencies)
    return words, list(accumulate(map(frequencies.__getitem__, words)))


def _zipf(frequency: float) -> float:
    return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0


def _family(word: str, lang: str) -> float:
    """Zipf frequency of all the words sharing the stem of ``word`` (all but its last three
    letters, at least five kept), for words of seven letters or more."""
    if len(word) < 7:
        return 0.0
    stem = word[:max(5, len(word) - 3)]
    words, sums = _families(lang)
    i, j = bisect.bisect_left(words, stem), bisect.bisect_left(words, stem + "\U0010ffff")
    return _zipf(sums[j - 1] - (sums[i - 1] if i else 0)) if j > i else 0.0


def _compound(word: str, lang: str) -> float:
    """The Zipf frequency of the rarer half of the best split of ``word`` into two words of four
    letters or more (Chinese: characters), or 0."""
    best, shortest = 0.0, 1 if lang == "zh" else 4  # "per" + "fusion" is no compound
    for i in range(shortest, len(word) - shortest + 1):
        best = max(best, min(wordfreq.zipf_frequency(word[:i], lang), wordfreq.zipf_frequency(word[i:], lang)))
    return best


@lru_cache(maxsize=1 << 16)
def zipf(word: str, tag: str) -> float | None:
    """How familiar ``word`` is (its Zipf frequency, most familiar reading), or None when the
    language has no word list. A hyphenated word is as familiar as its rarest part."""
    lang = wordlist(tag)
    if lang is None:
        return None
    word = re.sub(r"['’]s$", "", word.lower())
    parts = [p for p in re.split(r"[\-‐]", word) if len(p) > 1] or [word]
    return min(_familiar(p, lang) for p in parts)


def _familiar(word: str, lang: str) -> float:
    best = wordfreq.zipf_frequency(word, lang)
    if lang == "en":  # the everyday word under an ending or a prefix: redness, thickens, discolored
        best = max([best] + [wordfreq.zipf_frequency(base, lang) for base in _english_bases(word)])
        particle = re.search(r"(?:up|out|off)s?$", word)  # a verb and its particle: checkups, workout
        if particle and len(word) - len(particle.group(0)) >= 4:
            best = max(best, min(wordfreq.zipf_frequency(word[:particle.start()], lang), 4.0))
    if lang == "ru":
        best = max(best, wordfreq.zipf_frequency(word.replace("ё", "е"), lang))
    if lang == "ar":
        stems = {word[len(p):len(word) - len(s)] for p in _ARABIC_PREFIXES for s in _ARABIC_SUFFIXES
                 if word.startswith(p) and word.endswith(s) and len(word) - len(p) - len(s) >= 3}
        stems |= {stem[:-len(s)] for stem in stems for s in _ARABIC_SUFFIXES  # تخرج+ان+ه
                  if s and stem.endswith(s) and len(stem) - len(s) >= 3}
        stems |= {stem[:-1] + "ة" for stem in stems if stem.endswith("ت")}  # كليت+ي: كلية
        stems |= {stem[:-1] + "ء" for stem in stems if stem.endswith(("ؤ", "ئ"))}  # شفاؤ+ك: شفاء
        best = max([best] + [wordfreq.zipf_frequency(stem, lang) for stem in stems])
    if lang in ("zh", "en"):  # English inflects little: its stems would meet unrelated words
        return max(best, _compound(word, lang) if lang == "zh" or len(word) >= 8 else 0.0)
    return max(best, _family(word, lang), _compound(word, lang) if len(word) >= 8 else 0.0)


# Regular English endings (with what the base word may end in instead) and prefixes. Not -er:
# "dimer" is no "dim" made bigger.
_EN_ENDINGS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""),
               ("ing", "e"), ("ly", ""), ("ness", ""), ("iness", "y"), ("y", ""), ("en", ""), ("ist", ""),
               ("ist", "e"), ("ation", "e"), ("ful", ""))
_EN_PREFIXES = ("un", "dis", "re", "pre")


def _english_bases(word: str, depth: int = 2) -> set[str]:
    """Everyday words ``word`` may be built on by regular endings and prefixes, two steps deep:
    "thickens" on "thicken" and "thick", "thinned" on "thin", "discolored" on "colored"."""
    found = {word[len(p):] for p in _EN_PREFIXES if word.startswith(p) and len(word) - len(p) >= 4}
    for end, add in _EN_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            base = word[:-len(end)] + add
            found.add(base)
            if not add and len(base) > 3 and base[-1] == base[-2]:
                found.add(base[:-1])  # thinn-ed
    if depth > 1:
        found |= {b for base in list(found) for b in _english_bases(base, depth - 1)}
    return found


def stem(word: str) -> str:
    """The key under which inflected forms of one word meet ("миелома", "миеломы", "миеломе"):
    the word without its last three letters (at least five kept), from seven letters on."""
    word = re.sub(r"['’]s$", "", word.lower()).replace("ё", "е")
    return word[:max(5, len(word) - 3)] if len(word) >= 7 else word


def phrase_zipf(phrase: str, tag: str) -> float | None:
    """Zipf frequency of a glossary term as written (one word or several), without the
    family readings: a term is judged as the expert list wrote it."""
    lang = wordlist(tag)
    return None if lang is None else wordfreq.zipf_frequency(phrase, lang)
