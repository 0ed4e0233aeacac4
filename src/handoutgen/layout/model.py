"""A validated layout. Holds sizes, colours and fonts only, never medical text."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZES = {  # points
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
    "legal": (612.0, 1008.0),
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

    @property
    def body(self) -> Box:
        """The frame that body content flows into; running header and footer sit outside it."""
        w, h = self.page_size
        m = self.margins
        return Box(m["left"], m["bottom"], w - m["right"], h - m["top"])

    def size(self, role: str) -> float:
        return self.base_size * self.scale[role]

    @property
    def running_leading(self) -> float:
        return self.size("running") * 1.3

    def running_rule(self, where: str) -> float:
        """Height of the rule between the body and the header or footer."""
        gap = self.running_leading * 0.6
        return self.body.y1 + gap if where == "header" else self.body.y0 - gap

    def running_baselines(self, where: str) -> list[float]:
        """Baselines of the header lines (upwards from the rule) or footer lines (downwards)."""
        slots = self.header if where == "header" else self.footer
        lines, step = max(len(slots.left), len(slots.right)), self.running_leading
        if where == "header":
            return [self.body.y1 + step * (1.1 + i) for i in range(lines)]
        return [self.body.y0 - step * (1.6 + i) for i in range(lines)]
