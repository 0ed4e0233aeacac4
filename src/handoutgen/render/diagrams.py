"""Figures: flow diagrams, rating scales, pictures and QR codes. Every label is real text in the
layout's fonts; colours are backed by line weight and fill so they survive black-and-white
print. Each figure is one Figure element with the author's alternative text, then its caption."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable

from ..content import model as m
from ..images import load_image
from . import body
from .flow import FlowLayout, layout_flow, layout_flow_across
from .flowables import BlockTooLarge
from .styles import Styles
from .tagging import artifact, tagged


class Figure(Flowable):
    """A drawing with its caption below; kept whole on one page."""

    def __init__(self, styles: Styles, alt: m.Item, caption: m.Item | None, location, what: str):
        super().__init__()
        self.styles, self.alt, self.location, self.what = styles, alt.text.plain, location, what
        self.caption = styles.para(caption.text, styles.small_heading) if caption else None
        self.spaceBefore = styles.layout.base_size * 0.4
        self.spaceAfter = styles.layout.base_size * 1.0

    def measure(self, width: float) -> float:
        """Lay the drawing out for ``width``; returns its height."""
        raise NotImplementedError

    def paint(self) -> None:
        """Draw the drawing with its lower left corner at the origin."""
        raise NotImplementedError

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._drawing_h = self.measure(availWidth)
        self._caption_h = self.caption.wrap(availWidth, availHeight)[1] if self.caption else 0
        self.height = self._drawing_h + (self._caption_h + 4 if self.caption else 0)
        if self.height > self.styles.layout.column.height:
            raise BlockTooLarge(self.location, self.what)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        c = self.canv
        c.saveState()
        c.translate(0, self.height - self._drawing_h)
        with tagged(c, "Figure", alt=self.alt):
            self.paint()
        c.restoreState()
        if self.caption:
            with tagged(c, "Caption"):
                self.caption.drawOn(c, 0, 0)


class FlowFigure(Figure):
    LABEL_WIDTHS = (14, 12, 10, 8.5, 7.5, 6.5, 6)  # in multiples of the body text size

    def __init__(self, block: m.FlowDiagram, styles: Styles):
        super().__init__(styles, block.alt, block.title, block.title.location, f"diagram '{block.id}'")
        self.block = block
        base = styles.layout.base_size
        # Labels at the body size: large print keeps them at 16 pt too. A box is sized to its
        # label, so a word is hyphenated only where it is wider than the box (text.breaking).
        self.label_style = styles.cell.clone("flow-label", alignment=TA_CENTER, fontSize=base, leading=base * 1.25,
                                             hyphenationLang="")
        self.pad = base * 0.45

    def measure(self, width: float) -> float:
        """Top to bottom with the widest labels that fit; else left to right; only if neither
        fits at full size is the drawing scaled down."""
        base = self.styles.layout.base_size
        gaps = dict(gap_x=base * 1.1, gap_y=base * 2.2, slot=base * 0.9)
        self.labels = {n.id: self.styles.para(n.label.text, self.label_style) for n in self.block.nodes}
        # Across, the gap between layers runs horizontally: narrower, with room for the arrows.
        for place, gaps_here in ((layout_flow, gaps), (layout_flow_across, dict(gaps, gap_x=base * 0.8, gap_y=base * 1.4))):
            for label_width in (base * w for w in self.LABEL_WIDTHS):
                sizes = {}
                for node_id, para in self.labels.items():
                    _, h = para.wrap(label_width, 1000)
                    sizes[node_id] = (label_width + 2 * self.pad, h + 2 * self.pad)
                self.layout: FlowLayout = place(sizes, list(self.block.edges), **gaps_here)
                if self.layout.width <= width:
                    break
            if self.layout.width <= width:
                break
        self.scale = min(1.0, width / self.layout.width)
        self.offset = (width - self.layout.width * self.scale) / 2
        return self.layout.height * self.scale

    def paint(self) -> None:
        c, s, layout = self.canv, self.scale, self.layout
        top = self.layout.height * s
        ink, accent = self.styles.colour("text"), self.styles.colour("accent")
        # Right to left the drawing is mirrored: the flow laid out across runs from the right,
        # and boxes side by side in one layer start on the right.
        rtl = self.styles.setter.rtl

        def at(point):
            x = layout.width - point[0] if rtl else point[0]
            return self.offset + x * s, top - point[1] * s

        with artifact(c):
            c.setStrokeColor(ink)
            c.setFillColor(ink)
            c.setLineWidth(1.1)
            for route in layout.routes:
                path = c.beginPath()
                path.moveTo(*at(route[0]))
                for point in route[1:]:
                    path.lineTo(*at(point))
                c.drawPath(path, stroke=1, fill=0)
                (x1, y1), (x2, y2) = at(route[-2]), at(route[-1])
                _arrowhead(c, x1, y1, x2, y2, size=5.5)
            c.setStrokeColor(accent)
            c.setFillColor(white)
            c.setLineWidth(1.4)
            for box in layout.boxes.values():
                x, y = at((box.x + box.w if rtl else box.x, box.y + box.h))
                c.roundRect(x, y, box.w * s, box.h * s, 4, stroke=1, fill=1)
        for node in self.block.nodes:  # labels in the order of the YAML: the order they are read
            box = layout.boxes[node.id]
            x, y = at((box.x + box.w if rtl else box.x, box.y + box.h))
            para = self.labels[node.id]
            c.saveState()
            c.translate(x + self.pad * s, y + self.pad * s)
            c.scale(s, s)
            para.wrap(box.w - 2 * self.pad, 1000)
            para.drawOn(c, 0, 0)
            c.restoreState()


def _arrowhead(c, x1: float, y1: float, x2: float, y2: float, size: float) -> None:
    import math
    angle = math.atan2(y2 - y1, x2 - x1)
    left = (x2 - size * math.cos(angle - 0.42), y2 - size * math.sin(angle - 0.42))
    right = (x2 - size * math.cos(angle + 0.42), y2 - size * math.sin(angle + 0.42))
    path = c.beginPath()
    path.moveTo(x2, y2)
    path.lineTo(*left)
    path.lineTo(*right)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


class ScaleFigure(Figure):
    """Numbered boxes to tick, numbers above, anchor labels below their values. Right to left
    the scale runs from the right: its lowest value on the right, as the text is read."""

    def __init__(self, block: m.ScaleDiagram, styles: Styles):
        super().__init__(styles, block.alt, block.title, block.title.location, f"diagram '{block.id}'")
        self.block = block
        self.values = list(range(block.low, block.high + 1))

    def measure(self, width: float) -> float:
        base = self.styles.layout.base_size
        n = len(self.values)
        self.step = width / n
        self.box = min(self.step * 0.72, base * 2.4, self.styles.layout.tick_box * 2.2)
        self.anchors = []
        label_h = 0.0
        labels = sorted((value - self.block.low, label) for value, label in self.block.labels)
        centres = [self.step * index + self.step / 2 for index, _ in labels]
        for i, (index, label) in enumerate(labels):
            # Each label keeps to its share of the column, up to halfway to its neighbours, so
            # labels never overlap each other or run off the column, however few boxes there are.
            low = (centres[i - 1] + centres[i]) / 2 if i else 0.0
            high = (centres[i] + centres[i + 1]) / 2 if i + 1 < len(labels) else width
            centre = centres[i]
            if index == 0:
                align, left = TA_LEFT, max(low, centre - self.box / 2)
                room = min(high, left + self.step * 3) - left
            elif index == n - 1:
                align, right = TA_RIGHT, min(high, centre + self.box / 2)
                left = max(low, right - self.step * 3)
                room = right - left
            else:
                room = 2 * min(centre - low, high - centre, self.step * 1.3)
                align, left = TA_CENTER, centre - room / 2
            if self.styles.setter.rtl:  # laid out left to right, then mirrored
                left, align = width - left - room, {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(align, align)
            para = self.styles.para(label.text, self.styles.cell.clone("scale-label", alignment=align, hyphenationLang=""))
            _, h = para.wrap(room, 1000)
            self.anchors.append((left, para))
            label_h = max(label_h, h)
        self.number_h = base * 1.3
        return self.number_h + self.box + (base * 0.4 + label_h if self.anchors else 0)

    def paint(self) -> None:
        c, base = self.canv, self.styles.layout.base_size
        top = self._drawing_h
        with artifact(c):
            c.setFont(self.styles.fonts["bold"], base)
            c.setFillColor(self.styles.colour("text"))
            c.setStrokeColor(self.styles.colour("text"))
            c.setLineWidth(self.styles.layout.tick_stroke * 1.2)
            for i, value in enumerate(self.values):
                x = self.step * (len(self.values) - 1 - i if self.styles.setter.rtl else i) + self.step / 2
                c.drawCentredString(x, top - base, str(value))
                c.rect(x - self.box / 2, top - self.number_h - self.box, self.box, self.box, stroke=1, fill=0)
        y = top - self.number_h - self.box - base * 0.4
        for left, para in self.anchors:
            para.drawOn(c, left, y - para.height)


class QRFigure(Figure):
    """A QR code with its label and its address in text, so it can be typed."""

    def __init__(self, block: m.QRCode, styles: Styles):
        super().__init__(styles, block.label, None, block.label.location, "QR code")
        self.block = block
        self.alt = f"QR code: {block.url}"
        self.label = styles.para(block.label.text, styles.panel_title)
        self.url = styles.para(block.url_text.text, styles.body.clone("qr-url", spaceAfter=0))

    def measure(self, width: float) -> float:
        self.side = min(width * 0.3, 1.15 * 72)
        text_w = width - self.side - self.styles.layout.base_size
        self.text_h = self.label.wrap(text_w, 1000)[1] + 4 + self.url.wrap(text_w, 1000)[1]
        return max(self.side, self.text_h)

    def paint(self) -> None:
        widget = QrCodeWidget(self.block.url, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(self.side, self.side, transform=[self.side / (x1 - x0), 0, 0, self.side / (y1 - y0), 0, 0])
        drawing.initialFontName = self.styles.fonts["regular"]  # else reportlab selects an unembedded Helvetica
        drawing.add(widget)
        top = self._drawing_h
        drawing.drawOn(self.canv, 0, top - self.side)

    def draw(self):
        super().draw()
        c, x = self.canv, self.side + self.styles.layout.base_size
        y = self.height - (self._drawing_h - self.text_h) / 2
        with tagged(c, "P"):
            self.label.drawOn(c, x, y - self.label.height)
        with tagged(c, "P"):
            self.url.drawOn(c, x, y - self.label.height - 4 - self.url.height)


class ImageFigure(Figure):
    def __init__(self, block: m.Image, styles: Styles):
        super().__init__(styles, block.alt, block.caption, block.alt.location, "image")
        self.block = block

    def measure(self, width: float) -> float:
        self.picture = load_image(self.block.path).flowable(width * self.block.width, self.styles.picture_fonts)
        return self.picture.wrap(width, 10_000)[1]

    def paint(self) -> None:
        self.picture.drawOn(self.canv, 0, 0)


class BodyFigure(Figure):
    """The body outline with its areas highlighted and labelled on both sides."""

    def __init__(self, block: m.BodyDiagram, styles: Styles):
        super().__init__(styles, block.alt, block.title, block.title.location, f"diagram '{block.id}'")
        self.block = block

    def measure(self, width: float) -> float:
        base = self.styles.layout.base_size
        self.gap = base * 1.2
        # Three tenths of the page tall, but narrow enough to leave room for the labels.
        self.scale = min(self.styles.layout.column.height * 0.3, base * 24) / body.HEIGHT
        self.scale = min(self.scale, (width - 2 * (base * 7 + self.gap)) / body.WIDTH)
        self.label_w = (width - body.WIDTH * self.scale) / 2 - self.gap
        style = self.styles.cell.clone("body-label", fontSize=base, leading=base * 1.2, hyphenationLang="")
        self.paras = {}
        heights = {}
        for region in self.block.regions:
            align = TA_RIGHT if body.AREAS[region.area][1][0] < 50 else TA_LEFT
            para = self.styles.para(region.label.text, style.clone("body-label-" + region.area, alignment=align))
            heights[region.area] = para.wrap(self.label_w, 1000)[1] / self.scale
            self.paras[region.area] = para
        self.labels = {lab.area: lab for lab in body.place_labels(list(heights), heights, gap=base * 0.5 / self.scale)}
        for area, lab in self.labels.items():  # the side decides the alignment
            self.paras[area].style = self.paras[area].style.clone("b", alignment=TA_RIGHT if lab.side == "left" else TA_LEFT)
            self.paras[area].wrap(self.label_w, 1000)
        bottom = max([body.HEIGHT] + [lab.top + lab.height for lab in self.labels.values()])
        return bottom * self.scale

    def paint(self) -> None:
        c, s = self.canv, self.scale
        top = self._drawing_h
        ox = self.label_w + self.gap
        ink = self.styles.colour("text")
        mark = self.styles.colour("accent")
        with artifact(c):
            c.setLineJoin(1)
            c.setStrokeColor(self.styles.colour("muted"))
            c.setFillColor(white)
            c.setLineWidth(2.6)  # half of it shows outside the union of the shapes
            for shape in body.OUTLINE:
                c.drawPath(body.shape_path(c, shape, s, ox, top), stroke=1, fill=0)
            for shape in body.OUTLINE:
                c.drawPath(body.shape_path(c, shape, s, ox, top), stroke=0, fill=1)
            # A highlighted area: a light tint inside a heavy outline, which prints as light grey
            # within a dark line in black and white, against the white body.
            c.setStrokeColor(mark)
            c.setFillColor(_tint(mark))
            c.setLineWidth(1.4)
            for region in self.block.regions:
                for shape in body.AREAS[region.area][0]:
                    c.drawPath(body.shape_path(c, shape, s, ox, top), stroke=1, fill=1)
            c.setStrokeColor(ink)
            c.setFillColor(ink)
            c.setLineWidth(0.7)
            for area, lab in self.labels.items():
                ax, ay = ox + lab.anchor[0] * s, top - lab.anchor[1] * s
                y = top - (lab.top + lab.height / 2) * s
                edge = self.label_w + self.gap * 0.25 if lab.side == "left" else ox + body.WIDTH * s + self.gap * 0.75
                bend = ox - self.gap * 0.1 if lab.side == "left" else ox + body.WIDTH * s + self.gap * 0.1
                path = c.beginPath()
                path.moveTo(edge, y)
                path.lineTo(bend, y)
                path.lineTo(ax, ay)
                c.drawPath(path, stroke=1, fill=0)
                c.circle(ax, ay, 1.6, stroke=0, fill=1)
        for region in self.block.regions:  # labels in the order of the YAML
            lab, para = self.labels[region.area], self.paras[region.area]
            x = 0 if lab.side == "left" else ox + body.WIDTH * s + self.gap
            para.drawOn(c, x, top - (lab.top * s) - para.height)


def _tint(colour, strength: float = 0.22):
    """``colour`` mixed with white: a fill that stays light in black-and-white print."""
    return Color(*(1 - strength * (1 - channel) for channel in (colour.red, colour.green, colour.blue)))


def figure(block, styles: Styles) -> Figure:
    return {m.FlowDiagram: FlowFigure, m.ScaleDiagram: ScaleFigure, m.QRCode: QRFigure,
            m.Image: ImageFigure, m.BodyDiagram: BodyFigure}[type(block)](block, styles)
