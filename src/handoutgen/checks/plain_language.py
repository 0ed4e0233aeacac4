"""Plain-language checks a clinical reviewer would otherwise do by hand: reading level, long
sentences, medical words without an everyday explanation, and whether the handout tells the
reader what to do and when to get help. Each finding is a warning at the line to fix."""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ..content.model import Checklist, Handout, Item, Steps, block_items
from ..diagnostics import Collector, Diagnostic
from ..yamlsource import NodeReader, load_nodes
from .readability import CHARACTER_LANGUAGES, Scores, language_of, length, score, sentences


@dataclass(frozen=True)
class CheckConfig:
    max_grade: float = 8
    min_ease_es: float = 60
    max_sentence_words: int = 20
    max_sentence_characters: int = 40
    glossaries: tuple[str, ...] = ()  # extra glossary files
    digest: str = ""  # of the config and its glossaries: a change re-checks every handout


def load_config(path: Path | None) -> CheckConfig:
    """checks.yaml, validated like every input; without one, the defaults."""
    if path is None or not path.is_file():
        return CheckConfig()
    r = NodeReader(str(path), Collector())
    root, digest = load_nodes(str(path))
    top = r.mapping(root, "the checks file", (), ("readability", "glossaries"))
    r.report.raise_if_errors()
    values: dict = {}
    if "readability" in top:
        limits = r.mapping(top["readability"], "readability", (),
                           ("max_grade", "min_ease_es", "max_sentence_words", "max_sentence_characters"))
        for key, node in (limits or {}).items():
            values[key] = r.number(node, key, 0, 200)
    glossaries = []
    if "glossaries" in top and top["glossaries"].value:
        for value, node in r.texts(top["glossaries"], "glossaries"):
            glossary = path.parent / value
            if not glossary.is_file():
                r.error(node, f"glossary '{value}' does not exist (the path is relative to {path.name})")
            glossaries.append(str(glossary))
    r.report.raise_if_errors()
    digest = hashlib.sha256(digest.encode() + b"".join(Path(p).read_bytes() for p in glossaries)).hexdigest()
    return CheckConfig(**values, glossaries=tuple(glossaries), digest=digest)


@dataclass(frozen=True)
class Term:
    term: str
    plain: tuple[str, ...]  # everyday alternatives; the first is suggested
    use: re.Pattern  # the term, or its plural
    bracketed: re.Pattern  # the term inside brackets


@cache
def glossary(language: str, extra: tuple[str, ...] = ()) -> tuple[Term, ...]:
    """The shipped terms for the language and the clinic's (``extra`` files), read once."""
    terms: dict[str, list[str]] = {}
    shipped = importlib.resources.files("handoutgen") / "glossary" / f"{language_of(language)}.yaml"
    sources = [shipped.read_text(encoding="utf-8")] if shipped.is_file() else []
    sources += [Path(p).read_text(encoding="utf-8") for p in extra]
    for text in sources:
        for term, plain in (yaml.safe_load(text) or {}).items():
            terms[str(term).lower()] = [str(p) for p in plain]
    return tuple(Term(term, tuple(plain), re.compile(rf"(?<!\w){re.escape(term)}(?:e?s)?(?!\w)", re.IGNORECASE),
                      re.compile(rf"\([^)]*{re.escape(term)}[^)]*\)", re.IGNORECASE))
                 for term, plain in terms.items())


@dataclass
class Analysis:
    """The numbers behind the warnings, for the report."""
    scores: Scores
    jargon: list[str] = field(default_factory=list)  # terms used without explanation
    missing: list[str] = field(default_factory=list)  # actionability items missing
    warnings: list[Diagnostic] = field(default_factory=list)


def analyse(handout: Handout, config: CheckConfig) -> Analysis:
    lang = handout.language
    texts = [i.text.plain for i in handout.reading_order()]
    sections = {s.id: score([i.text.plain for i in _section_items(s)], lang) for s in handout.sections}
    result = Analysis(score(texts, lang))
    warn = result.warnings.append

    def warning(item: Item, message: str) -> None:
        warn(Diagnostic(item.location, message, "warning"))

    for section in handout.sections:
        s = sections[section.id]
        if s.grade is not None and s.grade > config.max_grade:
            warning(section.heading, f"section '{section.id}' reads at grade {s.grade} (above "
                                     f"{config.max_grade:g}); use shorter sentences and everyday words")
        if language_of(lang) == "es" and s.ease is not None and s.ease < config.min_ease_es:
            warning(section.heading, f"section '{section.id}' has a reading ease of {s.ease} (below "
                                     f"{config.min_ease_es:g}); use shorter sentences and everyday words")
    characters = language_of(lang) in CHARACTER_LANGUAGES
    limit = config.max_sentence_characters if characters else config.max_sentence_words
    unit = "characters" if characters else "words"
    for item in handout.reading_order():
        for sentence in sentences(item.text.plain):
            n = length(sentence, lang)
            if n > limit:
                short = sentence if len(sentence) <= 60 else sentence[:59] + "…"
                warning(item, f"sentence of {n} {unit} (more than {limit:g}): '{short}'; split it")
    _jargon(handout, config, result, warning)
    _actionability(handout, result, warning)
    return result


def _section_items(section):
    yield section.heading
    for block in section.blocks:
        yield from block_items(block)


def _jargon(handout: Handout, config: CheckConfig, result: Analysis, warning) -> None:
    """The first use of each medical word must have its everyday words nearby or stand in brackets."""
    seen: set[str] = set()
    for item in handout.reading_order():
        text = item.text.plain
        lower = text.lower()
        for term in glossary(handout.language, config.glossaries):
            if term.term in seen:
                continue
            match = term.use.search(text)
            if not match:
                continue
            seen.add(term.term)
            if term.bracketed.search(text) or any(p.lower() in lower for p in term.plain):
                continue
            result.jargon.append(term.term)
            warning(item, f"'{match.group(0)}' is a medical word; say '{term.plain[0]}', or put it in brackets "
                          "after the everyday words the first time")


def _actionability(handout: Handout, result: Analysis, warning) -> None:
    """The parts of patient-education scoring sheets (such as PEMAT) that a program can judge."""
    blocks = [b for s in handout.sections for b in s.blocks]
    needs = [
        (handout.summary is not None, "a summary",
         "add a summary: what the handout is about, in two or three sentences"),
        (len(handout.sections) >= 2, "headings", "break the text into sections with headings"),
        (any(isinstance(b, (Steps, Checklist)) for b in blocks), "an action list",
         "add steps or a checklist: something the reader can do"),
        (any(isinstance(b, Checklist) for b in blocks), "when to get help",
         "add an urgent or emergency checklist saying when to call for help"),
    ]
    for present, name, advice in needs:
        if not present:
            result.missing.append(name)
            warning(handout.title, advice)
