"""The page-breaking policy's mechanisms (README, "Page breaking"): blocks kept together on one
page when they fit, a heading kept with the first lines of what follows it, a figure that lets
the text after it go first, and the closing contact box and sources set tighter rather than
moved onto a page of their own.

Both draw their parts one under another, in order (the order of drawing is the order text is
extracted and read aloud), and give their parts back to the frame to flow on separately when
keeping them would not help: at the top of a page, or taller than a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

from .sources import mark, source_of

SMALL_TABLE_ROWS = 6  # a table of up to this many rows stays whole on one page
SMALL_LIST_ITEMS = 8  # a checklist of up to this many items stays whole; a longer one may split
EMPTY = 0.3  # a block moves on whole only if it leaves at most this share of a page empty (about a third)
CLOSING_GAP = 0.5  # the least space above the contact box, and between it and the sources, in base sizes
SOURCES_FLOOR = 7.0  # points: sources are never set smaller, whatever a layout's copy-fitting allows


class Stack(Flowable):
    """Flowables drawn one under another as a single flowable."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts

    def _gap(self, n: int) -> float:
        """The space between part ``n`` and the next."""
        return max(self.parts[n].getSpaceAfter(), self.parts[n + 1].getSpaceBefore())

    def getSpaceBefore(self):
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.parts[-1].getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        self._heights = [p.wrapOn(self.canv, availWidth, availHeight)[1] for p in self.parts]
        self.width = availWidth
        self.height = sum(self._heights) + sum(self._gap(n) for n in range(len(self.parts) - 1))
        return self.width, self.height

    def _at_top(self) -> bool:
        return bool(getattr(getattr(self, "_frame", None), "_atTop", False))

    def draw(self):
        y = self.height
        for n, (part, height) in enumerate(zip(self.parts, self._heights)):
            y -= height
            part.drawOn(self.canv, 0, y)
            if n < len(self.parts) - 1:
                y -= self._gap(n)


class Together(Stack):
    """Blocks that stay on one page when together they fit on one (a small table, a section's
    warning-sign checklists, the contact box with the sources). Taller than ``page`` (the
    column's height), or already at the top of a page, they flow on as separate blocks. With
    ``leave``, they move on whole only if that leaves at most this share of the page empty;
    otherwise they split as a longer block would."""

    def __init__(self, parts: list[Flowable], page: float, leave: float | None = None):
        super().__init__(parts)
        self.page, self.leave = page, leave

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if not self._at_top():
            self.moved = True  # not all of it fits where it started
        if self.height <= self.page and not self._at_top() and not getattr(self, "apart", False) and (
                self.leave is None or availHeight <= self.page * self.leave):
            return []  # move on whole
        return _apart(self.parts)


class Closing(Together):
    """The contact box and the sources, the story's last flowable (README, "Page breaking",
    rule 7). When they do not fit in what is left of the page, ``tighter()`` gives other
    arrangements of them, least changed first; the first that fits there, with the space above
    it shrunk as far as needed but not below ``gap``, is drawn there. Only when none fits do
    they move on (or split apart) as Together does, and ``moved`` says so: the document is
    then set smaller if that saves the page (copy-fitting)."""

    def __init__(self, parts: list[Flowable], page: float, tighter: Callable[[], Iterable[Flowable]],
                 gap: float):
        super().__init__(parts, page, leave=EMPTY)
        self.tighter, self.gap = tighter, gap

    @property
    def moved(self) -> bool:
        # reportlab moves a flowable on without asking it to split when no room at all is
        # left (it then marks it ``_postponed``).
        return self.__dict__.get("moved", False) or bool(getattr(self, "_postponed", False))

    @moved.setter
    def moved(self, value: bool) -> None:
        self.__dict__["moved"] = value

    def split(self, availWidth, availHeight):
        if not self._at_top():
            # The space above is the space after the block before, already taken from the page.
            room = availHeight + max(0.0, getattr(self._frame, "_prevASpace", 0.0) - self.gap)
            for option in self.tighter():
                height = option.wrapOn(self.canv, availWidth, room)[1]
                if height <= room:
                    return [Raised(option, max(0.0, height - availHeight))]
        return super().split(availWidth, availHeight)


class Raised(Flowable):
    """A flowable that takes ``pull`` points less of the page than it is tall: it is drawn that
    much higher, into the space left above it."""

    def __init__(self, content: Flowable, pull: float):
        super().__init__()
        self.content, self.pull = content, pull

    def getSpaceAfter(self):
        return self.content.getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        self.width, height = self.content.wrapOn(self.canv, availWidth, availHeight + self.pull)
        self.height = height - self.pull
        return self.width, self.height

    def draw(self):
        self.content.drawOn(self.canv, 0, 0)


class Beside(Flowable):
    """Two flowables side by side, top aligned: ``first`` on the side lines start from (the
    left, or the right in a right-to-left language), taking ``share`` of the width after the
    ``gutter``. Drawn first then second, so they are read in that order."""

    def __init__(self, first: Flowable, second: Flowable, gutter: float, share: float = 0.5,
                 rtl: bool = False):
        super().__init__()
        self.first, self.second, self.gutter, self.share, self.rtl = first, second, gutter, share, rtl

    def getSpaceAfter(self):
        return max(self.first.getSpaceAfter(), self.second.getSpaceAfter())

    def wrap(self, availWidth, availHeight):
        self._widths = [(availWidth - self.gutter) * self.share]
        self._widths.append(availWidth - self.gutter - self._widths[0])
        self._heights = [part.wrapOn(self.canv, width, availHeight)[1]
                         for part, width in zip((self.first, self.second), self._widths)]
        self.width, self.height = availWidth, max(self._heights)
        return self.width, self.height

    def draw(self):
        starts = (0.0, self._widths[0] + self.gutter)
        if self.rtl:
            starts = (self.width - self._widths[0], 0.0)
        for part, x, height in zip((self.first, self.second), starts, self._heights):
            part.drawOn(self.canv, x, self.height - height)


class KeepWithNext(Stack):
    """A heading (or any flowable with a ``keep_lines`` attribute, a height in points) and
    what follows it: if less than that height of the following content fits under it on this
    page, both move on."""

    def __init__(self, head: Flowable, following: list[Flowable]):
        super().__init__([head, *following])
        self.need = head.keep_lines

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        head, queue = self.parts[0], list(self.parts[1:])
        rest = availHeight - self._heights[0] - self._gap(0)
        need = min(self.need, self.height - self._heights[0] - self._gap(0))
        placed, taken = 0.0, []
        while queue and placed < need:
            part = queue.pop(0)
            if isinstance(part, ActionFlowable):
                continue
            height = part.wrapOn(self.canv, availWidth, rest)[1]
            if height <= rest:
                taken.append(part)
                placed += height
                rest -= height + part.getSpaceAfter()
                continue
            # A block kept together splits apart only at the top of a page, or when it could
            # never stand on one page with the heading: tell it which.
            part._frame = getattr(self, "_frame", None)
            page = getattr(part._frame, "_height", None)
            part.apart = bool(page and self._heights[0] + self._gap(0) + height > page)
            pieces = part.splitOn(self.canv, availWidth, rest) if rest > 0 else []
            real = [p for p in pieces if not isinstance(p, ActionFlowable)]
            if not real or real[0] is part:
                queue.insert(0, part)
                break
            for piece in real:  # the pieces of a split block are still that block
                if source_of(piece) is None and source_of(part):
                    mark(piece, *source_of(part))
            queue[0:0] = real
        if placed >= need or self._at_top():  # enough fits under the heading, or moving on would
            return [head, *taken, *queue]      # not help: the rest flows on by its own rules
        return []


class Float(Stack):
    """A figure and the blocks after it in its section. When the figure does not fit in what
    is left of the page and moving it on would leave more than ``EMPTY`` of the page blank,
    the blocks after it that fit there are drawn first (the last of them may split and end on
    the next page), and the figure goes to the top of the next page. ``moves`` gets (section
    id, the figure's block index, blocks drawn before it), so the read-back check expects that
    order too."""

    def __init__(self, figure: list[Flowable], units: list[tuple[int, list[Flowable]]], page: float,
                 where: tuple[str, int], moves: list):
        super().__init__([*figure, *(f for _, unit in units for f in unit)])
        self.figure, self.units, self.page, self.where, self.moves = figure, units, page, where, moves

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        figure = sum(self._heights[:len(self.figure)])
        if figure <= availHeight or self._at_top():
            return _apart(self.parts)
        if availHeight <= self.page * EMPTY:
            return []  # little is left: the figure moves on and the blocks follow it
        room, taken, blocks, after = availHeight, [], 0, 0.0
        for count, unit in self.units:
            # The space between two blocks is the larger of the one's after and the next's
            # before (a heading's is large), as the frame will place them.
            room -= max(after, unit[0].getSpaceBefore()) if taken else 0
            height = Stack(unit).wrapOn(self.canv, availWidth, room)[1]
            if height > room:
                # A block that splits (a paragraph, a list) fills the rest of the page and
                # continues on the next, before the figure.
                if room > 0 and any(not isinstance(p, ActionFlowable)
                                    for p in unit[0].splitOn(self.canv, availWidth, room)):
                    taken += unit
                    blocks += count
                break
            room -= height
            after = unit[-1].getSpaceAfter()
            taken += unit
            blocks += count
        if not taken:
            return []
        self.moves.append((*self.where, blocks))
        return _apart([*taken, *self.figure, *self.parts[len(self.figure) + len(taken):]])


def _apart(parts: list[Flowable]) -> list[Flowable]:
    """The parts handed back to the frame one by one (the leading action tells reportlab that
    the first part need not fit where the whole did not)."""
    return [NullActionFlowable(), *parts]


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """Join every flowable that keeps with what follows (one with a ``keep_lines`` height:
    headings, and sub-headings, which set it too) to the flowables after it."""
    out: list[Flowable] = []
    for flowable in reversed(story):
        if getattr(flowable, "keep_lines", 0) and out:
            # The next flowable, and the one after it when the next is shorter than the lines
            # kept (a one-line paragraph or list item): measured when laid out.
            take = 2 if len(out) > 1 and not isinstance(out[0], Stack) else 1
            out[:take] = [KeepWithNext(flowable, out[:take])]
            if source_of(flowable):  # placed, and blamed, as the heading
                mark(out[0], *source_of(flowable))
        else:
            out.insert(0, flowable)
    return out
