"""A validated layout. Holds sizes, colours and fonts only, never medical text."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

FOLDS = ("none", "trifold")
# Panels text flows through, in the order a reader opens them: after the cover, the inside left
# and the flap side by side, then the rest of the inside. The back panel is read last.
TRIFOLD_FLOW = ("a", "flap", "b", "c")
TRIFOLD_READING = ("cover", *TRIFOLD_FLOW, "back")
FLAP_INSET = 4.5  # points (1/16 in): a trifold's fold-in panel is narrower so it closes flat
PAGE_SIZES = {  # points
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
    "legal": (612.0, 1008.0),
    # A phone's screen: 375 x 812 CSS pixels, the viewport of the most common phones, at the
    # 96 pixels per inch that PDF viewers show at 100 % zoom (README, "The phone layout").
    "phone": (281.25, 609.0),
}
PRINTER_MARGIN = 18.0  # points: printers cannot print the outer 0.25 in of a sheet
# Things the running header and footer can show; the words come from the labels of the language.
RUNNING_FIELDS = ("title", "page", "review", "version", "clinic")
COLOUR_ROLES = ("text", "muted", "accent", "rule", "info", "caution", "urgent", "emergency")
SCALE_ROLES = ("title", "heading", "lead", "small", "running")


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Slots:
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    name: str
    path: str
    digest: str
    page_size: tuple[float, float]
    margins: dict[str, float]  # top, bottom, left, right in points
    budget: int  # pages a handout should fit in
    font_family: str
    base_size: float  # body text, points
    leading: float  # line height as a multiple of the text size
    scale: dict[str, float]  # SCALE_ROLES -> multiple of base_size
    colours: dict[str, str]  # COLOUR_ROLES -> "#rrggbb"
    header: Slots
    footer: Slots
    tick_box: float  # points
    tick_stroke: float  # points
    emergency_band: bool  # emergency titles reversed out of a solid band (else a heavy outline only)
    fold: str = "none"  # one of FOLDS
    # Set for right-to-left languages (not a layout key, see for_direction): a trifold folds
    # the other way round.
    mirrored: bool = False

    def for_direction(self, rtl: bool) -> "Layout":
        """The layout as a handout in a language of this direction uses it."""
        return dataclasses.replace(self, mirrored=rtl)
    # Copy-fitting (type.fit): the smallest base size and tightest leading a handout may be set
    # in to fit its page budget or the trifold; None: never shrunk.
    fit_base: float | None = None
    fit_leading: float | None = None

    FIT_STEP = 0.5  # points

    def fit_steps(self) -> list["Layout"]:
        """The layout at each smaller step of the base size allowed, largest first; the leading
        tightens in proportion, and every size and space derived from the base shrinks with it."""
        if self.fit_base is None or self.fit_base >= self.base_size:
            return []
        steps, size = [], self.base_size
        while size - self.FIT_STEP >= self.fit_base - 1e-9:
            size -= self.FIT_STEP
            share = (self.base_size - size) / (self.base_size - self.fit_base)
            leading = self.leading - share * (self.leading - (self.fit_leading or self.leading))
            steps.append(dataclasses.replace(self, base_size=round(size, 2), leading=round(leading, 3)))
        return steps

    @property
    def panels(self) -> dict[str, tuple[int, Box]]:
        """A trifold's six panels: name -> (page index, text box inside the panel's margins).
        Page 0 is the outside (flap | back | cover), page 1 the inside (A | B | C), for duplex
        printing flipped on the short edge; C folds in first and is a little narrower.
        Mirrored (right to left) the sheet is the same seen from behind: the outside reads
        cover | back | flap, the inside C | B | A, so the reader opens the cover to the right,
        finds A on the right beside the flap, and reads B and C right to left."""
        w, h = self.page_size
        m = self.margins
        wide = (w + FLAP_INSET) / 3
        narrow = w - 2 * wide

        def box(x0: float, x1: float) -> Box:
            x0, x1 = x0 + m["left"], x1 - m["right"]
            return Box(w - x1, m["bottom"], w - x0, h - m["top"]) if self.mirrored else \
                Box(x0, m["bottom"], x1, h - m["top"])
        return {
            "flap": (0, box(0, narrow)), "back": (0, box(narrow, narrow + wide)),
            "cover": (0, box(narrow + wide, w)),
            "a": (1, box(0, wide)), "b": (1, box(wide, 2 * wide)), "c": (1, box(2 * wide, w)),
        }

    def reading_regions(self, pages: int) -> list[tuple[int, Box]]:
        """Where text is read, in reading order: (page index, box)."""
        if self.fold == "trifold":
            return [self.panels[name] for name in TRIFOLD_READING]
        return [(page, self.body) for page in range(pages)]

    def top_boxes(self, page: int) -> list[Box]:
        """Where a line across the top of page ``page`` (0-based) stands, in reading order: the
        body, or each of a trifold's panels on that page (a line across the folds would be
        cut by them)."""
        if self.fold == "trifold":
            return [box for name in TRIFOLD_READING for p, box in [self.panels[name]] if p == page]
        return [self.body]

    @property
    def column(self) -> Box:
        """The box one column of flowing text has: the body, or a trifold's narrowest panel."""
        if self.fold == "trifold":
            return min((self.panels[n][1] for n in TRIFOLD_FLOW), key=lambda b: b.width)
        return self.body

    @property
    def body(self) -> Box:
        """The frame that body content flows into; running header and footer sit outside it."""
        w, h = self.page_size
        m = self.margins
        return Box(m["left"], m["bottom"], w - m["right"], h - m["top"])

    def reserve_top(self, height: float) -> "Layout":
        """The layout with ``height`` more room above the running header (for a notice on every
        page); the body and every panel start lower."""
        return dataclasses.replace(self, margins={**self.margins, "top": self.margins["top"] + height})

    def size(self, role: str) -> float:
        return self.base_size * self.scale[role]

    @property
    def running_leading(self) -> float:
        return self.size("running") * 1.3

    def running_rule(self, where: str) -> float:
        """Height of the rule between the body and the header or footer."""
        gap = self.running_leading * 0.6
        return self.body.y1 + gap if where == "header" else self.body.y0 - gap

    def running_baselines(self, where: str, lines: int | None = None) -> list[float]:
        """Baselines of the header lines (upwards from the rule) or footer lines (downwards):
        as many as the slots hold, or ``lines`` (a field that wraps takes more)."""
        slots = self.header if where == "header" else self.footer
        step = self.running_leading
        if lines is None:
            lines = max(len(slots.left), len(slots.right))
        if where == "header":
            return [self.body.y1 + step * (1.1 + i) for i in range(lines)]
        return [self.body.y0 - step * (1.6 + i) for i in range(lines)]
