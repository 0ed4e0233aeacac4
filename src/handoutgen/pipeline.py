"""One handout through one sequence of checks: parse -> content checks -> [render -> PDF checks].

The build (make_pdf.py), ``--check`` and ``--status`` all come here, so they cannot disagree
about content: ``--check`` is the build stopped before rendering. The content checks are
:data:`CONTENT_CHECKS`, in order: the first ones judge the handout as written (once per file),
the last the handout as a layout prints it for a clinic (once per layout). The PDF checks run
in :func:`render_and_verify`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .checks.glyphs import missing_glyphs
from .checks.config import CheckConfig
from .checks.plain_language import Analysis, analyse
from .checks.termbase import check_terms
from .clinic import Clinic
from .content.model import Handout, Item, SignOff
from .content.parse import parse_handout
from .content.translation import State, check as compare_with_source, source_path
from .diagnostics import Diagnostic, InputError, Location
from .layout.model import Layout
from .printed import as_printed, expected_items, printed_layout


@dataclass
class Outcome:
    """What the checks found for one handout in one layout for one clinic."""
    path: str
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # what the build did, e.g. copy-fitting
    handout: Handout | None = None  # as parsed
    printed: Handout | None = None  # as the layout prints it for the clinic
    expected: list[Item] = field(default_factory=list)  # what the PDF must show, in reading order
    translation: State | None = None
    title: str = ""
    review_by: dt.date | None = None
    review_at: Location | None = None
    analysis: Analysis | None = None  # the plain-language checks' findings, for --report
    pages: int = 0
    pdf: bytes | None = None

    @property
    def status(self) -> str:
        """source | draft | reviewed"""
        return self.handout.translation.status if self.handout and self.handout.translation else "source"

    @property
    def signed_off(self) -> tuple[str, str] | None:
        """(by, YYYY-MM-DD) of the content's clinical sign-off; None while it is a draft."""
        s = self.handout and self.handout.signed_off
        return (s.by, s.date.isoformat()) if s else None

    @property
    def stale(self) -> bool:
        return bool(self.translation and self.translation.stale)


def translation_structure(outcome: Outcome, checks: CheckConfig) -> None:
    """A translation against its source: every item there, structure and placeholders kept."""
    handout = outcome.handout
    if handout.translation is None:
        return
    where = handout.key_locations["translation"]
    state = outcome.translation = translation_state(handout)
    outcome.errors += state.errors
    outcome.warnings += state.warnings
    if state.stale:
        outcome.warnings.append(Diagnostic(
            where, f"translation is stale: the source changed since it was made, in {', '.join(state.changed)}; "
                   "update those parts, then record the digests that 'generate.py --status' prints", "warning"))


def translation_state(handout: Handout) -> State:
    return compare_with_source(handout.path, handout.translation, handout.key_locations["translation"])


def source_sign_off(handout: Handout) -> SignOff | None:
    """A translation's clinical sign-off: its source's. A source that does not parse vouches for
    nothing (its own build reports why)."""
    try:
        return parse_handout(source_path(handout.path, handout.translation)).signed_off
    except (InputError, OSError):
        return None


def plain_language(outcome: Outcome, checks: CheckConfig) -> None:
    """Reading level, long sentences, medical words, actionability: warnings only."""
    outcome.analysis = analyse(outcome.handout, checks)
    outcome.warnings += outcome.analysis.warnings


def terms(outcome: Outcome, checks: CheckConfig) -> None:
    """Approved terms said the same way in every handout of a language (glossary/<lang>-terms.yaml)."""
    outcome.warnings += check_terms(outcome.handout, outcome.translation)


def glyphs(outcome: Outcome, layout: Layout) -> None:
    """Every character the PDF will show, as printed for this clinic, is in the layout's fonts."""
    outcome.errors += missing_glyphs(outcome.expected, layout.font_family, outcome.handout.language)


HANDOUT_CHECKS: tuple[Callable[[Outcome, CheckConfig], None], ...] = (plain_language, translation_structure, terms)
PRINTED_CHECKS: tuple[Callable[[Outcome, Layout], None], ...] = (glyphs,)
CONTENT_CHECKS = HANDOUT_CHECKS + PRINTED_CHECKS


def check_handout(path: str, checks: CheckConfig) -> Outcome:
    """Parse the handout and run the checks of the handout as written. Checks stop at the first
    one that finds errors (later ones would only repeat them)."""
    outcome = Outcome(path)
    try:
        handout = outcome.handout = parse_handout(path)
    except InputError as exc:
        outcome.errors = exc.diagnostics
        return outcome
    if handout.translation:
        handout = outcome.handout = dataclasses.replace(handout, signed_off=source_sign_off(handout))
    outcome.review_by, outcome.review_at = handout.review_by, handout.key_locations["review_by"]
    outcome.warnings += handout.warnings  # found while reading it (characters.py)
    for content_check in HANDOUT_CHECKS:
        content_check(outcome, checks)
        if outcome.errors:
            break
    return outcome


def check_printed(checked: Outcome, layout: Layout, clinic: Clinic) -> Outcome:
    """The handout as ``layout`` prints it for ``clinic``, through the remaining content checks;
    ``checked`` (from check_handout) is left as it is, for the next layout."""
    outcome = dataclasses.replace(checked, errors=list(checked.errors), warnings=list(checked.warnings))
    if outcome.errors:
        return outcome
    outcome.printed = as_printed(outcome.handout, layout, clinic)
    outcome.title = outcome.printed.title.text.plain
    outcome.expected = expected_items(outcome.printed, clinic)
    for content_check in PRINTED_CHECKS:
        content_check(outcome, layout)
        if outcome.errors:
            break
    return outcome


def check_content(path: str, layout: Layout, clinic: Clinic, checks: CheckConfig) -> Outcome:
    """Parse the handout and run every content check for one layout and clinic."""
    return check_printed(check_handout(path, checks), layout, clinic)


def run(path: str, layout: Layout, clinic: Clinic, checks: CheckConfig, render: bool = True) -> Outcome:
    """The whole pipeline: the content checks, then, when they pass and ``render`` is set, the
    PDF and the checks of the PDF (``outcome.pdf`` is set only if those pass too)."""
    outcome = check_content(path, layout, clinic, checks)
    if render and not outcome.errors:
        render_and_verify(outcome, layout, clinic)
    return outcome


def fit_note(layout: Layout, rendered) -> str:
    """What copy-fitting did, for a ``rendered`` (render.document.Rendered) it set smaller."""
    fitted, pages, budget = rendered.fitted, rendered.pages, layout.budget
    goal = f"fit the {layout.name}" if layout.fold != "none" else \
        f"save {rendered.unfitted - pages} page{'s' * (rendered.unfitted - pages != 1)} ({pages} instead of " \
        f"{rendered.unfitted}, still over the {layout.name} layout's budget of {budget})" if pages > budget else \
        f"fit the {layout.name} layout's budget of {budget} page{'s' * (budget != 1)}" if pages == budget else \
        "keep the contact box and sources off a page of their own"
    return (f"set at {fitted.base_size:g} pt (line height {fitted.leading:g}) instead of "
            f"{layout.base_size:g} pt to {goal}")


def render_and_verify(outcome: Outcome, layout: Layout, clinic: Clinic) -> None:
    """Render the PDF in memory, read it back, and keep it only if it shows every item in order."""
    # reportlab and pypdf are imported only where a PDF is made, not for --check or planning.
    from reportlab.platypus.doctemplate import LayoutError

    from .checks.readback import verify_pdf
    from .render import document
    from .render.flowables import RenderProblem

    handout = outcome.printed
    drawn = printed_layout(handout, layout)
    try:
        rendered = document.render(handout, drawn, clinic)
    except RenderProblem as exc:
        outcome.errors = [Diagnostic(exc.location, exc.message)]
        return
    except LayoutError:  # reportlab's own message is internal detail; this one says what to do
        outcome.errors = [Diagnostic(Location(handout.path, 1, 1),
                                     f"a block is taller than a page of the {layout.name} layout; "
                                     "shorten it or split it")]
        return
    outcome.pages = rendered.pages
    if rendered.fitted:
        outcome.notes.append(Diagnostic(Location(handout.path, 1, 1), fit_note(layout, rendered), "info"))
    # A figure that moved on after text (README, "Page breaking") is expected where it was drawn.
    expected = expected_items(document.as_drawn(handout, rendered.moved), clinic) if rendered.moved \
        else outcome.expected
    outcome.errors = verify_pdf(rendered.pdf, expected, drawn.reading_regions(rendered.pages))
    if rendered.pages > layout.budget:
        outcome.warnings.append(Diagnostic(
            Location(handout.path, 1, 1),
            f"{rendered.pages} pages in the {layout.name} layout, over its budget of "
            f"{layout.budget}; shorten the handout", "warning"))
    if not outcome.errors:
        outcome.pdf = rendered.pdf
