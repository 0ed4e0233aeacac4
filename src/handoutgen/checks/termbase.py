"""The termbase check: every handout in a language says an approved term the same way.

``glossary/<language>-terms.yaml`` (shipped in the package) maps a source term to its approved
translation and the variants a translation must not use for it ("care team": "equipo de
atención", not "equipo médico"). Each forbidden variant in a handout's printed text is a warning
at the word, naming the approved translation and the termbase line that approves it.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import cache

from ..checks.readability import language_of
from ..content.model import Handout
from ..diagnostics import Collector, Diagnostic, Location
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


def termbase_path(language: str):
    return importlib.resources.files("handoutgen") / "glossary" / f"{language_of(language)}-terms.yaml"


@cache
def termbase(language: str) -> Termbase:
    """The shipped termbase for a language (empty if there is none); InputError at the line of
    a malformed entry."""
    path = termbase_path(language)
    if not path.is_file():
        return Termbase((), None, {})
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
    return Termbase(tuple(terms), pattern, by_variant)


def check_terms(handout: Handout) -> list[Diagnostic]:
    """A warning at each word that a termbase forbids, saying the approved one."""
    base = termbase(handout.language)
    if base.pattern is None:
        return []
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
