"""Align a translation with its source, as a translator's tools do, and name what really differs.

Real translations do not mirror their source item for item: a translator adds a sentence, merges
two bullets, splits a long paragraph. Matching by position then blames the wrong item. Here each
list is aligned by sequence alignment (Needleman-Wunsch, with 2:1 merges, 1:2 splits and swapped
neighbours) on a similarity of signals that survive translation: ids and block kinds (which must
match), numbers and placeholders (kept as written), bold spans, punctuation, cognates (shared
letter trigrams, where the languages share words) and length (relative to the list's own
ratio). Sections, flow nodes and body regions are matched by their ids and areas. Where the
signals cannot tell two readings apart (two signs of the same length in a language that shares
no words with the source), the message names both rather than guess.

Policy, for a clinic: a missing or merged warning sign (a checklist item) is an error, named
right; a block or item the translation adds is a warning for the reviewer, at its line; a
reordered checklist is a warning; a split or merged paragraph is accepted, and a split or merged
item of an ordinary list is a warning (short items' lengths tell a merge from a drop less well).
Anything structural (ids, levels, kinds, areas, edges, scale values) and every placeholder must
be as in the source.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Location, Related
from ..yamlsource import Node
from . import schema as s

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_NUMBER = re.compile(r"\d+")
# Punctuation that survives translation in most scripts, with each script's own forms folded in
# (NFKC folds the full-width ones): sentence ends, commas, questions, parentheses, colons.
_MARKS = str.maketrans({"。": ".", "।": ".", "、": ",", "،": ",", "؟": "?", "؛": ";"})
_MARK = re.compile(r"[.,?:;()!]")

# Alignment scores: a match scores its similarity (0..1) less THRESHOLD, so that only pairs
# that contradict each other (other numbers, other placeholders, far other lengths) are left
# unmatched; a merge or split costs a little more than a match, so it wins only where the
# combined text fits clearly better.
THRESHOLD = 0.15
JOIN_COST = {"paragraphs": 0.05, "items": 0.1}  # short items' lengths tell a merge from a drop less well
SWAP_COST = 0.25  # two neighbours are read as swapped only when crossed they fit this much better
MOVED = 0.7  # a dropped and an added item this similar are one item moved
ALIKE = 0.1  # similarities closer than this cannot tell two readings apart
# A section that prints no heading where the source has one: a warning that leaves every other
# string where it was (exports pair strings by place, and this moves none).
NO_HEADING = "no heading"
RATIO_SPREAD = 1.4  # how far a list's length ratio may stray from the whole file's
COGNATES = 0.15  # how far the best pair's shared trigrams must stand above the typical pair's


def field_of(container: s.Type | None, key: str) -> tuple[s.Type | None, str]:
    """The declared type and translation role of ``key`` inside ``container``; for a key the
    declaration does not know (in a source that is not valid), none: judged by its YAML tag."""
    if isinstance(container, s.TextOr):  # a list item with a list under it
        container = container.record
    if isinstance(container, (s.Record, s.OneOf)):
        f = next((f for f in (container.fields if isinstance(container, s.Record) else container.kinds)
                  if f.key == key), None)
        if f is not None:
            return f.type, f.role
    return None, ""


def element_label(node: Node, index: int, counts: dict[str, int]) -> str:
    """How a list element is named in contexts: by its id or area where it has one; a block by
    its kind and number among blocks of that kind, so adding a paragraph does not rename the
    checklists after it; otherwise by position."""
    if not node.tag.endswith(":map"):
        return str(index)
    fields = {k.value: v for k, v in node.value}
    for key in ("id", "area"):
        if key in fields and fields[key].tag.endswith(":str"):
            return fields[key].value
    if len(fields) == 1:
        (kind, inner), = fields.items()
        inner_fields = {k.value: v for k, v in inner.value} if inner.tag.endswith(":map") else {}
        if "id" in inner_fields:
            return f"{kind} {inner_fields['id'].value}"
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind} {counts[kind]}"
    return str(index)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


# --- similarity --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signature:
    """What a piece of text keeps through translation."""
    text: str
    length: int
    numbers: Counter
    fields: frozenset
    bold: int
    grams: frozenset
    latin: bool  # mostly Latin letters: cognates are a signal only between such texts
    marks: Counter

    @classmethod
    def of(cls, text: str) -> "Signature":
        digits = "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None
                         else c for c in text)
        folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
        words = re.findall(r"[^\W\d_]+", folded)
        letters = "".join(words)
        grams = frozenset(w[i:i + 3] for w in (f" {w} " for w in words) for i in range(len(w) - 2))
        latin = sum(c < "\u0250" for c in letters) > len(letters) / 2 if letters else False
        marks = Counter(_MARK.findall(unicodedata.normalize("NFKC", text).translate(_MARKS)))
        return cls(text, max(len(text.strip()), 1), Counter(_NUMBER.findall(digits)),
                   frozenset(placeholders(text)), len(_BOLD.findall(text)), grams, latin, marks)

    def __add__(self, other: "Signature") -> "Signature":
        return Signature.of(f"{self.text} {other.text}")


def similarity(a: Signature, b: Signature, ratio: float, cognates: bool = True) -> float:
    """0 (nothing in common) to 1: the weighted mean of the signals the pair has. ``ratio`` is
    how much longer the translation runs than its source; ``cognates`` whether the two languages
    share enough words for shared letter trigrams to mean anything."""
    expected = a.length * ratio
    scores = [(1.0, min(b.length, expected) / max(b.length, expected))]
    if a.numbers or b.numbers:
        scores.append((2.0, _jaccard(a.numbers, b.numbers)))
    if a.fields or b.fields:
        scores.append((2.0, len(a.fields & b.fields) / len(a.fields | b.fields)))
    if a.bold or b.bold:
        scores.append((1.0, min(a.bold, b.bold) / max(a.bold, b.bold)))
    if a.marks or b.marks:
        scores.append((1.0, _jaccard(a.marks, b.marks)))
    if cognates and a.latin and b.latin and a.grams and b.grams:
        scores.append((2.0, min(1.0, _dice(a, b) * 2)))
    return sum(w * v for w, v in scores) / sum(w for w, _ in scores)


def _dice(a: Signature, b: Signature) -> float:
    """Share of letter trigrams two texts have in common (0 for texts in other scripts)."""
    if not (a.latin and b.latin and a.grams and b.grams):
        return 0.0
    return 2 * len(a.grams & b.grams) / (len(a.grams) + len(b.grams))


def _jaccard(a: Counter, b: Counter) -> float:
    return sum((a & b).values()) / sum((a | b).values())


# --- sequence alignment ------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    source: tuple[int, ...]  # indices; () when the translation adds an element
    translation: tuple[int, ...]  # () when the source's element is missing; crossed when swapped

    @property
    def kind(self) -> str:
        if len(self.source) == len(self.translation) == 2:
            return "swapped"
        return {(1, 1): "match", (1, 0): "missing", (0, 1): "added", (2, 1): "merged",
                (1, 2): "split"}[(len(self.source), len(self.translation))]


def align(n: int, m: int, score, joined=None, swaps: bool = False, join_cost: float = 0.1) -> list[Step]:
    """Needleman-Wunsch over ``n`` source and ``m`` translation elements. ``score(i, j)`` is the
    similarity of a pair (None: they may never match); ``joined(sources, translations)`` that of
    a merge or split, where those are allowed; ``swaps`` allows two neighbours in the other
    order. Ties go to the plainest reading: match first."""
    NEG = -math.inf
    best = [[NEG] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            options = []
            if i and j:
                sim = score(i - 1, j - 1)
                if sim is not None:
                    options.append((best[i - 1][j - 1] + sim - THRESHOLD, (1, 1)))
            if i:
                options.append((best[i - 1][j], (1, 0)))
            if j:
                options.append((best[i][j - 1], (0, 1)))
            if joined and i >= 2 and j:
                sim = joined((i - 2, i - 1), (j - 1,))
                if sim is not None:
                    options.append((best[i - 2][j - 1] + sim - THRESHOLD - join_cost, (2, 1)))
            if joined and i and j >= 2:
                sim = joined((i - 1,), (j - 2, j - 1))
                if sim is not None:
                    options.append((best[i - 1][j - 2] + sim - THRESHOLD - join_cost, (1, 2)))
            if swaps and i >= 2 and j >= 2:
                crossed = score(i - 2, j - 1), score(i - 1, j - 2)
                if None not in crossed:
                    options.append((best[i - 2][j - 2] + sum(crossed) - 2 * THRESHOLD - SWAP_COST, (2, 2)))
            value, move = max(options, key=lambda o: o[0])  # max keeps the first of equals
            best[i][j], back[i][j] = value, move
    steps, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        crossed = range(j - 1, j - dj - 1, -1) if (di, dj) == (2, 2) else range(j - dj, j)
        steps.append(Step(tuple(range(i - di, i)), tuple(crossed)))
        i, j = i - di, j - dj
    return steps[::-1]


# --- the comparison ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Element:
    """One element of a YAML list, with what alignment needs to know about it."""
    node: Node
    label: str  # its name in contexts ("checklist emergency", "paragraph 2", "3")
    kind: str  # a block's kind; "" for other elements
    key: str | None  # an id that must match exactly (a checklist's or diagram's id)
    signature: Signature


class Comparison:
    """Compares a translation's node tree with its source's, guided by the declaration."""

    def __init__(self, translation_path: str, source_path: str, changed: list[str]):
        self.translation_path, self.source_path = translation_path, source_path
        self.changed = set(changed)  # sections the source changed since the translation was made
        self.problems: list[Diagnostic] = []
        self.ratio = 1.0  # how much longer the whole translation runs than its source

    def run(self, translation: Node, source: Node) -> list[Diagnostic]:
        mine, theirs = (sum(map(len, _all_text(root, s.OWN_KEYS))) for root in (translation, source))
        self.ratio = max(mine, 1) / max(theirs, 1)
        if _is(source, "map") and _is(translation, "map"):
            self.record(translation, source, s.HANDOUT, "", s.OWN_KEYS)
        else:  # the source's own build reports what is wrong with it
            self.error(translation, f"the source {self.source_path} is not a handout (a mapping of keys); fix it first")
        return self.problems

    # where things are
    def at(self, node: Node) -> Location:
        return Location(self.translation_path, node.start_mark.line + 1, node.start_mark.column + 1)

    def src(self, node: Node, note: str = "in the source") -> Related:
        """A place in the source, for a diagnostic's related places (not its message)."""
        return Related(Location(self.source_path, node.start_mark.line + 1, node.start_mark.column + 1), note)

    def error(self, node: Node, message: str, *related: Related) -> None:
        self.problems.append(Diagnostic(self.at(node), message, related=related))

    def warning(self, node: Node, message: str, *related: Related) -> None:
        self.problems.append(Diagnostic(self.at(node), message, "warning", related=related))

    def stale_hint(self, context: str) -> str:
        parts = context.split(" / ")
        group = parts[1] if parts[0] == "sections" and len(parts) > 1 else "front"
        return (f"; the source's '{group}' changed since this translation was made, so this may be new there"
                if group in self.changed else "")

    # values
    def value(self, t: Node, src: Node, type_: s.Type | None, role: str, context: str, signs: bool = False):
        if isinstance(type_, s.TextOr):  # text, or text with a list under it: compared as the source has it
            type_ = type_.record if _is(src, "map") else s.Text()
        if isinstance(type_, s.Record) or (type_ is None and _is(src, "map") and _is(t, "map")):
            if _is(t, "map") and _is(src, "map"):
                self.record(t, src, type_, context)
                return
        elif isinstance(type_, s.Pairs):
            if _is(t, "map") and _is(src, "map"):
                self.pairs(t, src, type_, role, context)
                return
        elif isinstance(type_, s.ListOf) or (type_ is None and _is(src, "seq") and _is(t, "seq")):
            if _is(t, "seq") and _is(src, "seq"):
                self.sequence(t, src, type_.item if type_ else None, role, context, signs)
                return
        elif _is(t, "scalar") and _is(src, "scalar"):
            text = role == s.TEXT if type_ is not None else src.tag.endswith(":str")
            self.scalar(t, src, text, context)
            return
        self.error(t, f"{context} is written differently from the source; "
                      "keep the source's shape (a value, a list or a mapping)", self.src(src))

    def scalar(self, t: Node, src: Node, text: bool, context: str) -> None:
        if not text and str(t.value) != str(src.value):
            self.error(t, f"{context} is '{t.value}' but '{src.value}' in the source; "
                          "structure and ids must match the source", self.src(src))
        elif text:
            self.same_placeholders(t, str(t.value), str(src.value), context, src)

    def same_placeholders(self, t: Node, mine: str, theirs: str, context: str, src: Node) -> None:
        if placeholders(mine) != placeholders(theirs):
            self.error(t, f"{context}: placeholders {sorted(placeholders(mine)) or 'none'} differ from the "
                          f"source's {sorted(placeholders(theirs)) or 'none'}; keep the same {{...}} fields",
                       self.src(src))

    def record(self, t: Node, src: Node, record: s.Record | None, context: str, skip=frozenset()) -> None:
        mine = {str(k.value): v for k, v in t.value if str(k.value) not in skip}
        theirs = {str(k.value): v for k, v in src.value if str(k.value) not in skip}
        # A translation must keep every warning sign; an info checklist is an ordinary list.
        signs = record is s.CHECKLIST and str(getattr(theirs.get("level"), "value", "")) in s.WARNING_LEVELS
        for key, node in theirs.items():
            here = _join(context, key)
            type_, role = field_of(record, key)
            if key in mine:
                self.value(mine[key], node, type_, role, here, signs and key == "items")
            elif record is s.SECTION and key == "heading":  # a published translation may print none
                self.warning(t, f"{NO_HEADING}: {here} {quote(str(node.value))} is printed in the source but not "
                                "here; a reviewer should confirm it is not needed", self.src(node))
            else:
                self.missing(t, node, here, role != s.TEXT)
        for key, node in mine.items():
            if key not in theirs:
                type_, role = field_of(record, key)
                self.added(node, _join(context, key), structural=role != s.TEXT or not _is(node, "scalar"))

    def pairs(self, t: Node, src: Node, pairs: s.Pairs, role: str, context: str) -> None:
        mine = {str(k.value): (k, v) for k, v in t.value}
        for key_node, node in src.value:
            key = str(key_node.value)
            if key in mine:
                self.value(mine.pop(key)[1], node, pairs.value, role, _join(context, key))
            else:
                self.missing(t, node, _join(context, key), True)
        for key, (key_node, node) in mine.items():
            self.added(key_node, _join(context, key), structural=True)

    def missing(self, t_near: Node, src: Node, context: str, structural: bool, sign: bool = False,
                note: tuple[str, tuple[Related, ...]] = ("", ())) -> None:
        what = "a warning sign is missing" if sign else "missing"
        shown = f" {quote(' '.join(_all_text(src)))}" if not structural or not _is(src, "scalar") else f" ({src.value})"
        self.error(t_near, f"{what}: {context}{shown}{note[0]}; translate it here{self.stale_hint(context)}",
                   self.src(src), *note[1])

    def added(self, node: Node, context: str, structural: bool, what: str = "",
              note: tuple[str, tuple[Related, ...]] = ("", ())) -> None:
        if structural:
            self.error(node, f"extra: {context} is not in the source ({self.source_path}); remove "
                             "it, or add it to the source first")
        else:
            shown = quote(" ".join(_all_text(node)))
            self.warning(node, f"added: {what or context} {shown} is not in the source"
                               f"{note[0] or f' ({self.source_path})'}; a reviewer should confirm it belongs", *note[1])

    # lists
    def sequence(self, t: Node, src: Node, item: s.Type | None, role: str, context: str, signs: bool) -> None:
        if isinstance(item, s.OneOf):
            self.blocks(t, src, item, context)
        elif isinstance(item, s.Record) and any(f.key in ("id", "area") for f in item.fields):
            self.keyed(t, src, item, context)
        elif isinstance(item, s.Record) or item is None or role != s.TEXT:  # edges, unknown lists: as written
            self.in_order(t, src, item, role, context)
        else:
            self.items(t, src, item, context, signs)

    def elements(self, node: Node) -> list[Element]:
        counts: dict[str, int] = {}
        out = []
        for index, child in enumerate(node.value, 1):
            label = element_label(child, index, counts)
            kind, key = "", None
            if _is(child, "map") and len(child.value) == 1:
                kind = str(child.value[0][0].value)
                inner = child.value[0][1]
                ids = {str(k.value): v for k, v in inner.value} if _is(inner, "map") else {}
                key = str(ids["id"].value) if "id" in ids else None
            out.append(Element(child, label, kind, key, Signature.of(" ".join(_all_text(child)))))
        return out

    def aligned(self, mine: list[Element], theirs: list[Element], joinable, swaps: bool = False,
                join_cost: float = JOIN_COST["items"]):
        """The alignment, and the similarity it used. Two passes: the first assumes the list's own
        length ratio (a translation's ratio varies from part to part), the second the ratio of
        the pairs the first one matched; both kept near the whole file's, since a short list with
        an item dropped would otherwise take the drop for the language's own brevity. Cognates
        count only where some pairs share clearly more trigrams than the rest (Spanish and
        English do; Vietnamese and English, both in Latin letters, do not)."""
        dice = sorted(_dice(a.signature, b.signature) for a in theirs for b in mine)
        cognates = bool(dice) and dice[-1] - dice[(len(dice) - 1) // 2] >= COGNATES

        def fit_with(ratio: float):
            ratio = min(max(ratio, self.ratio / RATIO_SPREAD), self.ratio * RATIO_SPREAD)
            return lambda a, b: similarity(a, b, ratio, cognates)

        fit = fit_with(_ratio(mine, theirs))
        steps = self._align(mine, theirs, joinable, swaps, fit, join_cost)
        paired = [st for st in steps if st.source and st.translation]
        if paired:
            fit = fit_with(_ratio([mine[j] for st in paired for j in st.translation],
                                  [theirs[i] for st in paired for i in st.source]))
            steps = self._align(mine, theirs, joinable, swaps, fit, join_cost)
        return steps, fit

    def _align(self, mine: list[Element], theirs: list[Element], joinable, swaps: bool, fit,
               join_cost: float) -> list[Step]:
        sums: dict[tuple, Signature] = {}

        def total(side: list[Element], indices: tuple[int, ...]) -> Signature:
            key = (side is mine, indices)
            if key not in sums:
                sums[key] = _sum(side[i].signature for i in indices)
            return sums[key]

        def score(i: int, j: int) -> float | None:
            a, b = theirs[i], mine[j]
            if a.kind != b.kind or a.key != b.key:
                return None
            return 1.0 if a.key else fit(a.signature, b.signature)

        def joined(si: tuple[int, ...], tj: tuple[int, ...]) -> float | None:
            group = [theirs[i] for i in si] + [mine[j] for j in tj]
            if not all(joinable(e) for e in group) or len({e.kind for e in group}) != 1:
                return None
            return fit(total(theirs, si), total(mine, tj))

        return align(len(theirs), len(mine), score, joined, swaps, join_cost)

    def blocks(self, t: Node, src: Node, block: s.OneOf, context: str) -> None:
        mine, theirs = self.elements(t), self.elements(src)
        steps, _ = self.aligned(mine, theirs, lambda e: e.kind == "paragraph", join_cost=JOIN_COST["paragraphs"])
        # A block with an id (checklist, diagram) that the alignment left out on both sides has moved.
        gone = {theirs[step.source[0]].key for step in steps if step.kind == "missing"}
        moved = gone & {mine[step.translation[0]].key for step in steps if step.kind == "added"} - {None}
        previous = None  # the translation's block before a gap, to point at
        for n, step in enumerate(steps):
            if step.kind in ("match", "merged", "split"):
                previous = mine[step.translation[-1]].node
            if step.kind == "match":
                self.block(theirs[step.source[0]], mine[step.translation[0]], block, context)
            elif step.kind in ("merged", "split"):  # paragraphs only: accepted, placeholders kept
                self.same_placeholders(mine[step.translation[0]].node,
                                       " ".join(mine[j].signature.text for j in step.translation),
                                       " ".join(theirs[i].signature.text for i in step.source),
                                       " and ".join(f"{context} / {theirs[i].label}" for i in step.source),
                                       theirs[step.source[0]].node)
            elif step.kind == "missing":
                a = theirs[step.source[0]]
                if a.key in moved:
                    continue
                self.missing(previous or t, a.node, f"{context} / {a.label}", False)
            else:
                b = mine[step.translation[0]]
                if b.key in moved:
                    a = next(e for e in theirs if e.key == b.key)
                    self.warning(b.node, f"{context} / {a.label} is in another place than in the source; "
                                         "a reviewer should confirm the order", self.src(a.node))
                    self.block(a, b, block, context)
                else:
                    self.added(b.node, f"{context} / {b.label}", False, f"a {b.kind or 'block'}",
                               self.where_added(steps, n, theirs))

    def block(self, a: Element, b: Element, block: s.OneOf, context: str) -> None:
        """Two blocks of one kind, aligned: their contents compared."""
        if not a.kind:  # not a one-key mapping (in a source that is not valid): compared as written
            self.value(b.node, a.node, None, "", f"{context} / {a.label}")
            return
        type_, role = field_of(block, a.kind)
        self.value(b.node.value[0][1], a.node.value[0][1], type_, role, f"{context} / {a.label} / {a.kind}")

    def keyed(self, t: Node, src: Node, record: s.Record, context: str) -> None:
        """Sections, flow nodes and body regions: matched by id or area."""
        mine, theirs = self.elements(t), self.elements(src)
        by_label = {e.label: e for e in mine}
        for a in theirs:
            here = f"{context} / {a.label}"
            if a.label in by_label:
                self.value(by_label.pop(a.label).node, a.node, record, "", here)
            else:
                self.missing(t, a.node, here, False)
        for b in by_label.values():
            self.added(b.node, f"{context} / {b.label}", structural=record is not s.SECTION, what="a section")
        order = [e.label for e in mine if e.label in {a.label for a in theirs}]
        expected = [a.label for a in theirs if a.label in order]
        if record is s.SECTION and order != expected:
            first = next(i for i, (x, y) in enumerate(zip(order, expected)) if x != y)
            node = next(e.node for e in mine if e.label == order[first])
            there = next(a.node for a in theirs if a.label == expected[first])
            self.warning(node, f"{context} are in another order than in the source (here '{order[first]}' comes "
                               f"where the source has '{expected[first]}'); a reviewer should confirm the order",
                         self.src(there, f"'{expected[first]}' in the source"))

    def in_order(self, t: Node, src: Node, item: s.Type | None, role: str, context: str) -> None:
        """Lists compared element by element, as written: flow edges (structure), and lists the
        declaration does not know."""
        mine, theirs = self.elements(t), self.elements(src)
        for a, b in zip(theirs, mine):
            self.value(b.node, a.node, item, role, f"{context} / {a.label}")
        for a in theirs[len(mine):]:
            self.missing(t, a.node, f"{context} / {a.label}", role != s.TEXT)
        for b in mine[len(theirs):]:
            self.added(b.node, f"{context} / {b.label}", structural=True)

    def items(self, t: Node, src: Node, item: s.Type, context: str, signs: bool) -> None:
        """Text items (checklist items, bullets, steps, sources, table columns and rows)."""
        mine, theirs = self.elements(t), self.elements(src)
        steps, fit = self.aligned(mine, theirs, lambda e: _is(e.node, "scalar"), swaps=True)
        moved = self.moved(mine, theirs, steps, fit)
        previous = None
        for n, step in enumerate(steps):
            names = " and ".join(theirs[i].label for i in step.source)
            if step.translation:
                previous = mine[step.translation[-1]].node
            if step.kind in ("match", "swapped"):
                for i, j in zip(step.source, step.translation):
                    self.value(mine[j].node, theirs[i].node, item, s.TEXT, f"{context} / {theirs[i].label}")
                if signs and step.kind == "swapped":
                    self.out_of_order(context, theirs[step.source[1]], mine[step.translation[1]])
            elif step.kind == "missing" and step.source[0] in moved:
                a, b = theirs[step.source[0]], mine[moved[step.source[0]]]
                self.value(b.node, a.node, item, s.TEXT, f"{context} / {a.label}")
                if signs:
                    self.out_of_order(context, a, b)
            elif step.kind == "missing":
                a = theirs[step.source[0]]
                self.missing(previous or t, a.node, f"{context} / {a.label}", False, signs,
                             self.rivals(steps, n, mine, theirs, fit))
            elif step.kind == "added" and step.translation[0] in moved.values():
                continue
            elif step.kind == "added":
                b = mine[step.translation[0]]
                self.added(b.node, f"{context} / {b.label}", False, "a warning sign" if signs else "an item",
                           _joined(self.where_added(steps, n, theirs), self.split_from(steps, n, mine, theirs, fit)))
            else:
                node = mine[step.translation[0]].node
                mine_text = " ".join(mine[j].signature.text for j in step.translation)
                theirs_text = " ".join(theirs[i].signature.text for i in step.source)
                if signs and step.kind == "merged":
                    merged = fit(_sum(theirs[i].signature for i in step.source), mine[step.translation[0]].signature)
                    alone = [theirs[i].label for i in step.source
                             if fit(theirs[i].signature, mine[step.translation[0]].signature) >= merged - ALIKE]
                    note = (f" (or only {' or '.join(alone)} is here and the other one is missing: the texts "
                            "alone cannot tell)") if alone else ""
                    self.error(node, f"warning signs merged: {context} / {names} "
                                     f"({', '.join(quote(theirs[i].signature.text, 40) for i in step.source)}) "
                                     f"are one item here{note}; give each sign its own item, so each gets its "
                                     "tick box", self.src(theirs[step.source[0]].node))
                elif signs:
                    self.warning(node, f"warning sign split: {context} / {names} {quote(theirs_text, 40)} is "
                                       f"{len(step.translation)} items here; a reviewer should confirm it",
                                 self.src(theirs[step.source[0]].node))
                else:  # short items' lengths cannot tell a merge from a dropped item: the reviewer can
                    what = f"{names} are one item here" if step.kind == "merged" else \
                        f"{names} is {len(step.translation)} items here"
                    quoted = ", ".join(quote(theirs[i].signature.text, 40) for i in step.source)
                    self.warning(node, f"{context} / {what} ({quoted}); a reviewer should confirm "
                                       "nothing was left out", self.src(theirs[step.source[0]].node))
                self.same_placeholders(node, mine_text, theirs_text, f"{context} / {names}",
                                       theirs[step.source[0]].node)

    def where_added(self, steps: list[Step], n: int, theirs: list[Element]) -> tuple[str, tuple[Related, ...]]:
        """Where an added block or item stands against the source: after (or before) which of
        the source's elements, whose line is a related place."""
        after = next((theirs[st.source[-1]] for st in reversed(steps[:n]) if st.source and st.translation), None)
        ahead = next((theirs[st.source[0]] for st in steps[n + 1:] if st.source), None)
        near, word = (after, "after") if after else (ahead, "before")
        if near is None:
            return "", ()
        return (f", {word} {near.label} {quote(near.signature.text, 40)}",
                (self.src(near.node, f"{near.label} in the source"),))

    def out_of_order(self, context: str, a: Element, b: Element) -> None:
        self.warning(b.node, f"warning signs in another order: {context} / {a.label} {quote(a.signature.text, 40)} "
                             f"is {quote(b.signature.text, 40)} here; a reviewer should confirm the order (the most "
                             "urgent first)", self.src(a.node))

    def rivals(self, steps: list[Step], n: int, mine: list[Element], theirs: list[Element],
               fit) -> tuple[str, tuple[Related, ...]]:
        """For a missing sign, the other readings its neighbours allow about as well: the
        neighbour is the missing one instead, or this sign was merged into the neighbour's item.
        Said in the message, rather than one guess that the texts cannot back; the neighbour's
        place in the source is a related place."""
        i = steps[n].source[0]
        notes, related = [], []
        for near in (steps[n - 1] if n else None, steps[n + 1] if n + 1 < len(steps) else None):
            if near is None or near.kind != "match":
                continue
            k, j = near.source[0], near.translation[0]
            sim = fit(theirs[k].signature, mine[j].signature)
            if fit(theirs[i].signature, mine[j].signature) >= sim - ALIKE:
                notes.append(f"or {theirs[k].label} {quote(theirs[k].signature.text, 40)} is the one missing")
                related.append(self.src(theirs[k].node, f"{theirs[k].label} in the source"))
            pair = (theirs[k].signature + theirs[i].signature) if k < i else (theirs[i].signature + theirs[k].signature)
            if fit(pair, mine[j].signature) >= sim - ALIKE:
                notes.append(f"or it was merged into the item at line {mine[j].node.start_mark.line + 1}")
        return (f" ({'; '.join(notes)}: the texts alone cannot tell)" if notes else "", tuple(related))

    def split_from(self, steps: list[Step], n: int, mine: list[Element], theirs: list[Element],
                   fit) -> tuple[str, tuple[Related, ...]]:
        """For an added item, the neighbour it may have been split from: the neighbour's source
        item fits the two together about as well as the neighbour alone."""
        j = steps[n].translation[0]
        for near in (steps[n - 1] if n else None, steps[n + 1] if n + 1 < len(steps) else None):
            if near is None or near.kind != "match":
                continue
            i, k = near.source[0], near.translation[0]
            both = (mine[k].signature + mine[j].signature) if k < j else (mine[j].signature + mine[k].signature)
            if fit(theirs[i].signature, both) >= fit(theirs[i].signature, mine[k].signature) - ALIKE:
                return (f" (or {theirs[i].label} {quote(theirs[i].signature.text, 40)} is split in two here)",
                        (self.src(theirs[i].node, f"{theirs[i].label} in the source"),))
        return "", ()

    def moved(self, mine: list[Element], theirs: list[Element], steps: list[Step], fit) -> dict[int, int]:
        """Source items the alignment left out that match an added item closely: moved, not
        missing. Closest pairs first, each item once."""
        gone = [st.source[0] for st in steps if st.kind == "missing"]
        new = [st.translation[0] for st in steps if st.kind == "added"]
        pairs = sorted(((fit(theirs[i].signature, mine[j].signature), i, j)
                        for i in gone for j in new), key=lambda p: (-p[0], p[1], p[2]))
        out: dict[int, int] = {}
        for sim, i, j in pairs:
            if sim >= MOVED and i not in out and j not in out.values():
                out[i] = j
        return out


def _ratio(mine: list[Element], theirs: list[Element]) -> float:
    return max(sum(e.signature.length for e in mine), 1) / max(sum(e.signature.length for e in theirs), 1)


def _sum(signatures) -> Signature:
    signatures = list(signatures)
    total = signatures[0]
    for other in signatures[1:]:
        total = total + other
    return total


def _join(context: str, key: str) -> str:
    return f"{context} / {key}" if context else key


def _is(node: Node, shape: str) -> bool:
    return node.tag.endswith(":map") if shape == "map" else node.tag.endswith(":seq") if shape == "seq" else \
        not (node.tag.endswith(":map") or node.tag.endswith(":seq"))


def _all_text(node: Node, skip=frozenset()) -> list[str]:
    """Every string value below ``node``, in file order (keys left out)."""
    if node.tag.endswith(":map"):
        return [t for k, v in node.value if str(k.value) not in skip for t in _all_text(v)]
    if node.tag.endswith(":seq"):
        return [t for v in node.value for t in _all_text(v)]
    return [str(node.value)] if node.tag.endswith(":str") else []


def compare(translation: Node, source: Node, translation_path: str, source_path: str,
            changed: list[str] = ()) -> list[Diagnostic]:
    """Errors and warnings for what the translation lacks, adds or changes relative to its source,
    each naming the element that really differs and pointing at both files' lines."""
    return Comparison(translation_path, source_path, list(changed)).run(translation, source)


def _joined(*notes: tuple[str, tuple[Related, ...]]) -> tuple[str, tuple[Related, ...]]:
    """Notes on one finding, said one after the other, with their related places."""
    return "".join(text for text, _ in notes), tuple(r for _, related in notes for r in related)
