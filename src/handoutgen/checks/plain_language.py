"""Plain-language checks a clinical reviewer would otherwise do by hand: reading level, long
sentences, medical words without an everyday explanation, and whether the handout tells the
reader what to do and when to get help. Each finding is a warning at the line to fix."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

from ..content.model import Handout, Item, QRCode, Subheading, block_items
from ..diagnostics import Diagnostic, Location
from .config import CheckConfig
from .readability import (CHARACTER_LANGUAGES, SYLLABLE_LANGUAGES, Scores, language_of, length, prose, score,
                          sentences, title_case)
from .pemat import ItemResult, has_summary, judge
from .vocabulary import phrase_zipf, stem, tokens, zipf


@dataclass(frozen=True)
class Glossary:
    plain: dict[str, tuple[str, ...]]  # term (lower case) -> everyday alternatives, the first suggested
    familiar: frozenset[str]  # terms a clinic listed with no alternatives: its readers know them
    clinic: frozenset[str]  # the clinic's own terms: flagged however common they are
    pattern: re.Pattern | None  # any term, or its plural, longest first


@cache
def glossary(language: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Glossary:
    """The shipped terms for the language and the clinic's (``extra``: CheckConfig.glossaries)."""
    plain: dict[str, tuple[str, ...]] = {}
    shipped = importlib.resources.files("handoutgen") / "glossary" / f"{language_of(language)}.yaml"
    for term, alternatives in (yaml.safe_load(shipped.read_text(encoding="utf-8")) if shipped.is_file() else {}).items():
        plain[str(term).lower()] = tuple(str(p) for p in alternatives or ())
    clinic = {term.lower() for term, _ in extra}
    plain.update((term.lower(), words) for term, words in extra)
    familiar = frozenset(t for t, p in plain.items() if not p)
    terms = sorted((t for t in plain if t not in familiar), key=len, reverse=True)
    pattern = (re.compile(rf"(?<![\w-])({'|'.join(re.escape(t) for t in terms)})(?:e?s)?(?![\w-])", re.IGNORECASE)
               if terms else None)
    return Glossary(plain, familiar, frozenset(clinic), pattern)


@cache
def explanations(language: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Patterns for an explanation just before a term and just after it, and for the title of
    another publication (glossary/explanations.yaml)."""
    table = yaml.safe_load((importlib.resources.files("handoutgen") / "glossary" / "explanations.yaml")
                           .read_text(encoding="utf-8"))
    phrases = table.get(language_of(language), {})

    def regex(phrase: str) -> str:
        first, *rest = phrase.lstrip(", ").split()
        out = ("\\s*,\\s*" if phrase.startswith(",") else "\\s*,?\\s*") + re.escape(first)
        for word in rest:
            out += r"(?:\s+\S+){0,4}?" if word == "…" else r"\s+" + re.escape(word)
        return out

    # Chinese has no spaces: its phrases need no word boundary.
    edge = (r"(?<!\w)", r"(?!\w)") if language_of(language) != "zh" else ("", "")
    before = [edge[0] + regex(p) + r"\s*$" for p in phrases.get("before", [])]
    # (after up to two more words of the term: "mieloma múltiple es un cáncer")
    after = [r"(?:\s+\w+){0,2}?" + regex(p) + edge[1] for p in phrases.get("after", [])]
    # A dash in any language, and everyday words in brackets; before: an open bracket is handled apart.
    # (after up to two more words of the term, as in Russian "Плазматические клетки — это")
    after += [r"(?:\s+\w+){0,2}\s*[—–]\s*\w", r"\s+-\s+\w", r"\s*[(（]"]
    titles = "|".join(re.escape(t) for t in phrases.get("titles", [])) or "(?!)"
    return (re.compile("|".join(f"(?:{b})" for b in before) or r"(?!)", re.IGNORECASE),
            re.compile("|".join(f"(?:{a})" for a in after), re.IGNORECASE),
            re.compile(rf"{edge[0]}(?:{titles})\s+((?:the\s+)?[\"“]?[^\W\d_].*?)(?=[.!?](?:\s|$)|$)"))


@dataclass
class Analysis:
    """The numbers behind the warnings, for the report."""
    scores: Scores
    jargon: list[str] = field(default_factory=list)  # terms used without explanation
    missing: list[str] = field(default_factory=list)  # actionability items missing
    items: list[ItemResult] = field(default_factory=list)  # PEMAT-P and CDC Index items judged
    warnings: list[Diagnostic] = field(default_factory=list)


def analyse(handout: Handout, config: CheckConfig) -> Analysis:
    lang = handout.language
    texts = [i.text.plain for i in handout.body_items()]  # the sources are citations, not prose
    sections = {s.id: score([i.text.plain for i in _section_items(s)], lang) for s in handout.sections}
    result = Analysis(score(texts, lang))
    warn = result.warnings.append

    def warning(item: Item | Location, message: str) -> None:
        warn(Diagnostic(item if isinstance(item, Location) else item.location, message, "warning"))

    for section in handout.sections:
        s = sections[section.id]
        if s.grade is not None and s.grade > config.max_grade:
            warning(section.start, f"section '{section.id}' reads at grade {s.grade} (above "
                                     f"{config.max_grade:g}); use shorter sentences and everyday words")
        if language_of(lang) == "es" and s.ease is not None and s.ease < config.min_ease_es:
            warning(section.start, f"section '{section.id}' has a reading ease of {s.ease} (below "
                                     f"{config.min_ease_es:g}); use shorter sentences and everyday words")
    # What a space separates: a word, a Vietnamese syllable (one or two make a word), or nothing in Chinese.
    unit, limit = (("characters", config.max_sentence_characters) if language_of(lang) in CHARACTER_LANGUAGES
                   else ("syllables", config.max_sentence_syllables) if language_of(lang) in SYLLABLE_LANGUAGES
                   else ("words", config.max_sentence_words))
    for item in handout.body_items():
        for sentence in sentences(item.text.plain, lang):
            n = length(sentence, lang)
            if n > limit:
                short = sentence if len(sentence) <= 60 else sentence[:59] + "…"
                warning(item, f"sentence of {n} {unit} (more than {limit:g}): '{short}'; split it")
    _jargon(handout, config, result, warning)
    _actionability(handout, result, warning)
    return result


def _section_items(section):
    return section.items()


@dataclass(frozen=True)
class _Use:
    key: str  # the term as the glossary knows it, or the stems of its words
    surface: str  # as written
    item: Item
    order: int  # which piece of running text it is in (headings not counted)
    heading: bool  # in the title, a heading or a bold sub-heading: a place to name a term, not explain it
    explained: bool


_ABBREVIATION = r"[A-Z][A-Z0-9\-/]{1,7}s?"  # DVT, VQ, PE, CT
# "(DVT)", "(Zofran)", a blanked pronunciation guide, ", or DVT,"
_SKIP_AFTER = re.compile(rf"\s*[(（][\s\d]*(?:{_ABBREVIATION}|[A-Z][a-z]+)?[\s\d]*[)）]"
                         rf"|\s*,\s*\w{{1,3}}\s+{_ABBREVIATION},?")
_PLACEHOLDER = re.compile(r"\{\w+\}")


def _explained(text: str, start: int, end: int, language: str, plain: tuple[str, ...], rare) -> bool:
    """Whether the use of a term at ``text[start:end]`` comes with its everyday explanation.
    ``rare(text, start, end)`` says whether that stretch of text holds a rare word."""
    before_pattern, after_pattern, _ = explanations(language)
    sentence = text[:start][max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), 0):]
    if re.fullmatch(r"[^:]*:[\s\w\-’'(),]*", sentence) and re.search(r":\s*$|[,)]\s*(?:\w+\s+)?$", sentence):
        return True  # one of a list after a colon: "drugs that block dopamine: chlorpromazine, ..."
    opened = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
    closed = max(text.rfind(")", 0, start), text.rfind("）", 0, start))
    if opened > closed:
        # In brackets after everyday words, as their medical name: "blood thinners (anticoagulants)",
        # "abnormal proteins (monoclonal immunoglobulins)"; not one of a list "(venography, D-dimer)",
        # nor after more jargon: "ventilation perfusion scan (VQ scan)".
        close = min((i for i in (text.find(")", end), text.find("）", end)) if i >= 0), default=len(text))
        inside = text[opened + 1:close]
        words_before = text[:opened].split()[-4:]
        if words_before and not re.search(r"[,;、，]", inside) and \
                not rare(text, opened - len(" ".join(words_before)) - 1, opened):
            return True
    after = text[end:]
    while skip := _SKIP_AFTER.match(after):  # "deep vein thrombosis (DVT) is a ...": look past it
        after = after[skip.end():]
    return bool(after_pattern.match(after) or before_pattern.search(text[:start])
                or any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.IGNORECASE) for p in plain))


def _uses(handout: Handout, config: CheckConfig) -> list[_Use]:
    """Every use of a glossary term or a rare word in the running text, in reading order."""
    lang = handout.language
    terms = glossary(lang, config.glossaries)
    rare_below = dict(config.rare_below).get(language_of(lang))
    titles = explanations(lang)[2]

    def rare_in(text: str, start: int, end: int, heading: bool = False) -> bool:
        return rare_below is not None and any(
            _rare(w, text, s, lang, rare_below, heading) for w, s, e in tokens(text[start:end], lang))

    uses: list[_Use] = []
    order = 0
    for item, heading in _prose_items(handout):
        text = _PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), prose(item.text.plain))
        text = titles.sub(lambda m: m.group(0)[:m.start(1) - m.start()] + " " * len(m.group(1)), text)
        heading = heading or title_case(text)
        order += not heading
        taken: list[tuple[int, int]] = []
        for match in terms.pattern.finditer(text) if terms.pattern else ():
            key = match.group(1).lower()
            if not heading and _in_name(text, match.start(), match.end()):
                continue
            familiarity = phrase_zipf(key, lang)
            if key in terms.clinic or familiarity is None or familiarity < config.glossary_below:
                uses.append(_Use(key, match.group(0), item, order, heading, _explained(
                    text, match.start(), match.end(), lang, terms.plain[key], rare_in)))
            taken.append(match.span())
        if rare_below is None:
            continue
        run: list[tuple[str, int, int]] = []  # adjacent rare words: one term ("vena cava")
        for word, start, end in tokens(text, lang) + [("", len(text) + 1, len(text) + 1)]:
            rare = bool(word) and not any(s <= start < e for s, e in taken) and \
                _rare(word, text, start, lang, rare_below, heading)
            if rare and (not run or not text[run[-1][2]:start].strip()):
                run.append((word, start, end))
                continue
            if run:
                first, last = run[0][1], run[-1][2]
                surface = text[first:last]
                if surface.lower() not in terms.familiar:
                    uses.append(_Use(" ".join(stem(w) for w, _, _ in run), surface, item, order, heading,
                                     _explained(text, first, last, lang, (), rare_in)))
            run = [(word, start, end)] if rare else []
    return uses


def _in_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word inside a sentence is part of a name or title, beside another
    capitalised word: "the Infection and Neutropenia During Cancer Treatment page"."""
    if not text[start].isupper() or not text[:start].strip() or re.search(r"[.!?:;…]\W*$", text[:start]):
        return False
    neighbours = text[:start].split()[-1:] + text[end:].split()[:1]
    return any(w[0].isupper() for w in neighbours)


def _rare(word: str, text: str, start: int, lang: str, below: float, heading: bool = False) -> bool:
    """A word rarer than ``below`` that is not a name: a capitalised word inside a sentence
    (Kahler, Coumadin) is taken as one, except in headings. Abbreviations (DVT, VQ) count."""
    if not any(c.isalpha() for c in word) or (len(word) < 3 and not word.isupper()):
        return False
    if not heading and word[0].isupper() and word[1:2].islower() and text[:start].strip() and \
            not re.search(r"[.!?:;…。！？]\W*$", text[:start]):
        return False
    familiarity = zipf(word, lang)
    return familiarity is not None and familiarity < below


def _prose_items(handout: Handout):
    """Running text with whether it is a title or heading; not the sources, nor the address
    printed under a QR code."""
    yield handout.title, True
    if handout.summary:
        yield handout.summary, False
    for section in handout.sections:
        if section.heading:
            yield section.heading, True
        for block in section.blocks:
            skip = block.url_text if isinstance(block, QRCode) else None
            for item in block_items(block):
                if item is not skip:
                    yield item, isinstance(block, Subheading)


def _jargon(handout: Handout, config: CheckConfig, result: Analysis, warning) -> None:
    """Each medical or rare word must be explained where the reader first meets it in the text,
    or in the next paragraph or list item ("in the same sentence or immediately after", as the
    CDC Clear Communication Index puts it). A heading may name it first."""
    terms = glossary(handout.language, config.glossaries)
    by_key: dict[str, list[_Use]] = {}
    for use in _uses(handout, config):
        by_key.setdefault(use.key, []).append(use)
    explained = {use.key for uses in by_key.values() for use in uses if use.explained}
    for key, uses in by_key.items():
        first = next((u for u in uses if not u.heading), uses[0])
        if any(u.explained for u in uses if u.order <= first.order + 1):
            continue
        if " " in key and all(part in explained for part in key.split()):
            continue  # two explained words side by side: "миеломе плазматические"
        result.jargon.append(first.surface)
        where = _word_location(first.item.location, first.surface)
        if key in terms.plain:
            warning(where, f"'{first.surface}' is a medical word; say '{terms.plain[key][0]}', or put it in "
                                "brackets after the everyday words the first time")
        else:
            warning(where, f"'{first.surface}' is a rare word in everyday "
                                f"{_language_name(handout.language)} (Zipf frequency "
                                f"{zipf(first.surface, handout.language):.1f}); use everyday words, or explain it "
                                "the first time: in brackets, or with 'called', 'which means' or a dash")


@cache
def _source_lines(path: str) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").splitlines())


def _word_location(start: Location, word: str) -> Location:
    """Where ``word`` is written in the YAML file: its first appearance from the start of its
    text (a folded line break may fall between the words of a term). The text's own start when
    the word is not written as it reads, as with an escape."""
    try:
        lines = _source_lines(start.path)
    except OSError:
        return start
    chunk = "\n".join(lines[start.line - 1:start.line + 40])
    offset = start.column - 1
    pattern = r"\s+".join(re.escape(part) for part in word.split())
    found = re.compile(rf"(?<!\w){pattern}(?!\w)").search(chunk, offset)
    if not found:
        return start
    before = chunk[:found.start()]
    line = start.line + before.count("\n")
    return Location(start.path, line, found.start() - (before.rfind("\n") + 1) + 1)


def _language_name(tag: str) -> str:
    return Locale.parse(language_of(tag)).get_display_name("en")


# The parts of the PEMAT-P and CDC Index items that are worth a warning at the title: without
# them a reader does not know what to do or when to get help. The others (a summary, visual
# cues, captions, ...) are reported with --report; published federal texts often go without a
# summary, and a reviewer decides whether a handout needs one.
_WARN = {"headings": "break the text into sections with headings",
         "an action list": "add steps or a checklist: something the reader can do",
         "when to get help": "add an urgent or emergency checklist saying when to call for help"}


def _actionability(handout: Handout, result: Analysis, warning) -> None:
    """PEMAT-P and CDC Clear Communication Index items a program can judge (pemat.py)."""
    result.items = judge(handout, len(result.jargon))
    met = {i.short: i.met for i in result.items}
    # The report's "Actionability" column: the four things every handout needs.
    result.missing = [name for name, ok in (("a summary", has_summary(handout)),
                                             ("headings", len(handout.headed_sections) >= 2),
                                             ("an action list", met["an action list"] is not False),
                                             ("when to get help", bool(met["when to get help"]))) if not ok]
    for name in result.missing:
        if name in _WARN and (name != "headings" or len(handout.headed_sections) < 2):
            warning(handout.title, _WARN[name])
