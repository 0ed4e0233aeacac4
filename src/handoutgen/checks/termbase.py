"""The termbase check: every handout in a language says an approved term the same way.

``glossary/<language>-terms.yaml`` (shipped in the package) maps a source term to its approved
translation and the variants a translation must not use for it ("care team": "equipo de
atención", not "equipo médico"). Each forbidden variant in a handout's printed text is a warning
at the word, naming the approved translation and the termbase line that approves it. In a
translation, a string whose source says the term but which says neither the approved
translation nor a forbidden variant is a warning too ("su equipo" for "your care team"), except
where the translation departs from the source's structure (its strings are not paired there).
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import cache

from ..checks.readability import language_of
from ..content.model import Handout
from ..content.translation import State, source_path, text_units
from ..diagnostics import Collector, Diagnostic, InputError, Location, display_path
from ..exchange import departing as departing_sections
from ..yamlsource import NodeReader, load_nodes
from .plain_language import _word_location


@dataclass(frozen=True)
class Term:
    source: str
    approved: str
    forbidden: tuple[str, ...]
    where: Location  # the term's line in the termbase


@dataclass(frozen=True)
class Termbase:
    terms: tuple[Term, ...]
    pattern: re.Pattern | None  # any forbidden variant, or its plural, longest first
    by_variant: dict[str, Term]
    sources: tuple[tuple[re.Pattern, re.Pattern, Term], ...]  # each term in the source, and approved


def _words(phrase: str) -> str:
    """A phrase as a pattern: whole words, any spaces between them, an optional plural."""
    return r"(?<![\w-])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?:e?s)?(?![\w-])"


def termbase_path(language: str):
    return importlib.resources.files("handoutgen") / "glossary" / f"{language_of(language)}-terms.yaml"


@cache
def termbase(language: str) -> Termbase:
    """The shipped termbase for a language (empty if there is none); InputError at the line of
    a malformed entry."""
    path = termbase_path(language)
    if not path.is_file():
        return Termbase((), None, {}, ())
    root, _ = load_nodes(str(path))
    r = NodeReader(str(path), Collector())
    terms = []
    for key, value in r.pairs(root, "the termbase"):
        source = r.text(key, "a source term")
        fields = r.mapping(value, f"the entry for '{source}'", ("approved",), ("forbidden",)) or {}
        approved = r.text(fields["approved"], "approved") if "approved" in fields else None
        forbidden = tuple(w for w, _ in r.texts(fields["forbidden"], "forbidden")) if "forbidden" in fields else ()
        if source and approved:
            terms.append(Term(source, approved, forbidden, r.loc(key)))
    r.report.raise_if_errors()
    by_variant = {v.lower(): t for t in terms for v in t.forbidden}
    variants = sorted(by_variant, key=len, reverse=True)
    pattern = re.compile(rf"(?<![\w-])({'|'.join(re.escape(v) for v in variants)})(?:e?s)?(?![\w-])",
                         re.IGNORECASE) if variants else None
    sources = tuple((re.compile(_words(t.source), re.IGNORECASE), re.compile(_words(t.approved), re.IGNORECASE), t)
                    for t in terms)
    return Termbase(tuple(terms), pattern, by_variant, sources)


def check_terms(handout: Handout, state: State | None = None) -> list[Diagnostic]:
    """A warning at each word that a termbase forbids, saying the approved one; in a translation
    (``state``: its comparison with the source), at each string that leaves an approved term out."""
    base = termbase(handout.language)
    if base.pattern is None:
        return []
    out = _forbidden(handout, base)
    if handout.translation is not None and state is not None:
        out += _left_out(handout, base, state)
    return out


def _left_out(handout: Handout, base: Termbase, state: State) -> list[Diagnostic]:
    source = source_path(handout.path, handout.translation)
    try:
        theirs = {u.context: u for u in text_units(load_nodes(source)[0])}
        root = load_nodes(handout.path)[0]
    except InputError:
        return []  # the structure comparison reports an unreadable source
    mine = list(text_units(root))
    # Where the structure departs from the source's, strings are not paired with their originals.
    departing = departing_sections(state.errors + state.warnings, root)
    out = []
    for unit in mine:
        original = theirs.get(unit.context)
        if original is None or unit.group in departing:
            continue
        for in_source, approved, term in base.sources:
            if in_source.search(original.value) and not approved.search(unit.value) and \
                    not (base.pattern and base.pattern.search(unit.value)):
                out.append(Diagnostic(
                    Location(handout.path, unit.line, 1),
                    f"'{term.source}' ({display_path(source)}:{original.line}) is not said "
                    f"'{term.approved}' here, as the termbase approves ({term.where}); use it, "
                    "so every handout says it the same way", "warning"))
    return out


def _forbidden(handout: Handout, base: Termbase) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for item in handout.body_items():  # not the sources: citations keep their publications' words
        for match in base.pattern.finditer(item.text.plain):
            term = base.by_variant[match.group(1).lower()]
            out.append(Diagnostic(
                _word_location(item.location, match.group(0)),
                f"'{match.group(0)}' for '{term.source}': the termbase approves '{term.approved}' "
                f"({term.where}); say it that way, "
                "as every handout does", "warning"))
    return out
