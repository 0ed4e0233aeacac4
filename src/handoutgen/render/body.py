"""The body diagram: a neutral front-view outline drawn in code, with named areas tinted and
heavily outlined (so they stand out in black-and-white print) and labelled on both sides with leader
lines. Label placement is a pure function, so tests can check that labels never overlap.

Coordinates are in figure units: x from 0 to 100 (the viewer's left to right; the patient's
left is on the viewer's right), y from 0 at the top of the head to 250 at the feet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import BODY_AREAS

WIDTH, HEIGHT = 100.0, 250.0

# Each area: shapes to highlight ("ellipse", cx, cy, rx, ry) or ("capsule", x1, y1, x2, y2, r)
# or ("rect", x, y, w, h), and the point its leader line ends at.
AREAS: dict[str, tuple[tuple, tuple[float, float]]] = {
    "skull": ((("ellipse", 50, 18, 12, 15),), (60, 9)),
    "brain": ((("ellipse", 50, 15, 8.5, 8),), (44, 13)),
    "spine": (tuple(("rect", 48.2, 33 + 7 * i, 3.6, 5.6) for i in range(13)), (50, 50)),
    "ribs": (tuple(("capsule", 37, 52 + 6 * i, 63, 52 + 6 * i, 1.6) for i in range(5)), (38, 64)),
    "lungs": ((("ellipse", 41, 66, 7, 14), ("ellipse", 59, 66, 7, 14)), (62, 60)),
    "heart": ((("ellipse", 55, 73, 5, 6),), (57, 74)),
    "liver": ((("ellipse", 42, 89, 9, 5),), (38, 89)),
    "stomach": ((("ellipse", 58, 89, 6, 5),), (61, 88)),
    "kidneys": ((("ellipse", 41, 99, 3.4, 6), ("ellipse", 59, 99, 3.4, 6)), (60, 101)),
    "bowel": ((("ellipse", 50, 110, 12, 7.5),), (44, 112)),
    "bladder": ((("ellipse", 50, 125, 4.5, 3.5),), (52, 125)),
    "pelvis": ((("ellipse", 40, 123, 8, 6), ("ellipse", 60, 123, 8, 6)), (35, 123)),
    "arms": ((("capsule", 25.5, 50, 15, 126, 5), ("capsule", 74.5, 50, 85, 126, 5)), (18, 100)),
    "legs": ((("capsule", 41, 135, 39, 236, 7.5), ("capsule", 59, 135, 61, 236, 7.5)), (62, 185)),
}
assert set(AREAS) == set(BODY_AREAS), "every area authors may name needs a drawing"

# The silhouette, as shapes whose union is the outline.
OUTLINE = (
    ("ellipse", 50, 18, 12, 15),
    ("rect", 44, 28, 12, 16),
    ("torso",),
    ("capsule", 25.5, 50, 15, 126, 6),
    ("capsule", 74.5, 50, 85, 126, 6),
    ("capsule", 41, 128, 39, 238, 9),
    ("capsule", 59, 128, 61, 238, 9),
)


@dataclass(frozen=True)
class Label:
    area: str
    side: str  # "left" | "right"
    top: float  # in figure units, like y
    height: float
    anchor: tuple[float, float]


def place_labels(areas: list[str], heights: dict[str, float], gap: float) -> list[Label]:
    """Labels beside the figure at the height of their area, pushed apart so none overlap.
    An area left of centre is labelled on the left, right of centre on the right; areas on the
    centre line go to the side with fewer labels."""
    sides: dict[str, list[str]] = {"left": [], "right": []}
    for area in sorted(areas, key=lambda a: AREAS[a][1][0]):
        x = AREAS[area][1][0]
        side = "left" if x < 47 else "right" if x > 53 else min(sides, key=lambda s: len(sides[s]))
        sides[side].append(area)
    labels = []
    for side, names in sides.items():
        names.sort(key=lambda a: AREAS[a][1][1])
        tops, bottom = [], -1e9
        for name in names:
            top = max(AREAS[name][1][1] - heights[name] / 2, bottom + gap, 0.0)
            tops.append(top)
            bottom = top + heights[name]
        # Pushed past the feet: move back up as far as the top allows, keeping the gaps; labels
        # that still do not fit run on below the feet (the figure grows to hold them).
        limit = HEIGHT
        for i in range(len(names) - 1, -1, -1):
            tops[i] = min(tops[i], limit - heights[names[i]])
            limit = tops[i] - gap
        bottom = -gap
        for i, name in enumerate(names):
            tops[i] = max(tops[i], bottom + gap, 0.0)
            bottom = tops[i] + heights[name]
        labels += [Label(n, side, t, heights[n], AREAS[n][1]) for n, t in zip(names, tops)]
    return labels


def shape_path(canvas, shape: tuple, scale: float, ox: float, top: float):
    """A reportlab path for one shape, figure units mapped to points (y up from ``top``)."""
    import math

    def pt(x: float, y: float) -> tuple[float, float]:
        return ox + x * scale, top - y * scale

    p = canvas.beginPath()
    kind = shape[0]
    if kind == "ellipse":
        _, cx, cy, rx, ry = shape
        x, y = pt(cx - rx, cy + ry)
        p.ellipse(x, y, 2 * rx * scale, 2 * ry * scale)
    elif kind == "rect":
        _, x0, y0, w, h = shape
        x, y = pt(x0, y0 + h)
        p.roundRect(x, y, w * scale, h * scale, min(w, h) * scale * 0.3)
    elif kind == "capsule":  # a rounded bar from (x1, y1) to (x2, y2) of radius r
        _, x1, y1, x2, y2, r = shape
        angle = math.atan2(y2 - y1, x2 - x1)
        nx, ny = -math.sin(angle) * r, math.cos(angle) * r
        p.moveTo(*pt(x1 + nx, y1 + ny))
        p.lineTo(*pt(x2 + nx, y2 + ny))
        steps = 10
        for k in range(1, steps + 1):
            a = angle + math.pi / 2 - math.pi * k / steps
            p.lineTo(*pt(x2 + math.cos(a) * r, y2 + math.sin(a) * r))
        p.lineTo(*pt(x1 - nx, y1 - ny))
        for k in range(1, steps + 1):
            a = angle - math.pi / 2 - math.pi * k / steps
            p.lineTo(*pt(x1 + math.cos(a) * r, y1 + math.sin(a) * r))
        p.close()
    else:  # the torso: shoulders, waist and hips as one smooth shape
        p.moveTo(*pt(50, 41))
        p.curveTo(*pt(36, 41), *pt(25, 42), *pt(22, 52))
        p.curveTo(*pt(20, 62), *pt(28, 80), *pt(31, 98))
        p.curveTo(*pt(32, 110), *pt(28, 118), *pt(30, 132))
        p.curveTo(*pt(36, 138), *pt(44, 136), *pt(50, 134))
        p.curveTo(*pt(56, 136), *pt(64, 138), *pt(70, 132))
        p.curveTo(*pt(72, 118), *pt(68, 110), *pt(69, 98))
        p.curveTo(*pt(72, 80), *pt(80, 62), *pt(78, 52))
        p.curveTo(*pt(75, 42), *pt(64, 41), *pt(50, 41))
        p.close()
    return p
