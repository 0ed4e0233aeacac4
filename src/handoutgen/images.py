"""Pictures from files (SVG, PNG, JPEG), checked when they are named and drawn at a chosen size.

SVG goes through svglib, which turns it into reportlab vector drawing operations, so logos and
illustrations stay sharp at any print size.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from functools import cache


class ImageProblem(Exception):
    """A file that cannot be used as a picture; the message says why."""


@dataclass(frozen=True)
class Picture:
    path: str
    width: float  # intrinsic size in points
    height: float
    drawing: object | None  # reportlab Drawing for SVG, None for raster images

    def flowable(self, width: float):
        """A reportlab flowable of the picture ``width`` points wide, keeping its proportions."""
        from reportlab.platypus import Image  # only when drawing: planning a build needs no reportlab

        scale = width / self.width
        if self.drawing is None:
            return Image(self.path, width=width, height=self.height * scale)
        drawing = copy.deepcopy(self.drawing)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = width, self.height * scale
        return drawing


@cache
def load_image(path: str) -> Picture:
    if os.path.splitext(path)[1].lower() == ".svg":
        from svglib.svglib import svg2rlg

        logging.getLogger("svglib").setLevel(logging.ERROR)
        try:
            drawing = svg2rlg(path)
        except Exception:  # svglib raises parser errors of several kinds for broken files
            drawing = None
        if drawing is None or not drawing.width or not drawing.height:
            raise ImageProblem("is not a readable SVG image (or it has no width and height)")
        return Picture(path, float(drawing.width), float(drawing.height), drawing)
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(path).getSize()
    except Exception:
        raise ImageProblem("is not a readable PNG or JPEG image") from None
    return Picture(path, float(width), float(height), None)
