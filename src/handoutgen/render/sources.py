"""Which part of the handout each flowable was made from, so that a problem found while the
pages are laid out (a heading taller than a page, a leaflet that runs over) names the line and
column of the block to change, not the top of the file."""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from ..content import model as m
from ..diagnostics import Location
from .flowables import RenderProblem

_MARK = "_handout_source"


def block_location(block: m.Block) -> Location:
    """Where a block is: its first printed text, or a picture's text alternative."""
    first = next(iter(m.block_items(block)), None)
    return (first or block.alt).location


def mark(flowable: Flowable, location: Location, what: str = "this block") -> Flowable:
    setattr(flowable, _MARK, (location, what))
    return flowable


def source_of(flowable) -> tuple[Location, str] | None:
    return getattr(flowable, _MARK, None)


class KeepsSources:
    """Mixed into a reportlab document template: the pieces reportlab splits a marked flowable
    into keep its mark, ``current`` is the mark of the flowable being placed, and a flowable
    that fits no frame is an error at its block rather than reportlab's internal message."""

    current: tuple[Location, str] | None = None

    def handle_flowable(self, flowables):
        count, first = len(flowables), flowables[0]
        self.current = source_of(first)
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            if self.current is None:
                raise
            location, what = self.current
            raise RenderProblem(location, f"{what} is taller than a page; shorten it or split it") from None
        # The rest of a split flowable is still its block.
        for piece in flowables[:max(len(flowables) - count + 1, 0)]:
            if source_of(piece) is None and self.current:
                mark(piece, *self.current)
