"""Logos on paper: plain data for the renderers, and a row of them scaled to a height and a width.

A renderer gets each logo as PNG bytes already scaled for print (core.files.logo_image, loaded by the view or
query) and stays pure. LogoData compares and hashes by name and SHA-256 only, so a PDF cache keyed by the
renderer's data is keyed by the logos' contents without hashing their bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

PRINT_PX = 600  # a logo's longest side for print: 600 px over 30 mm is 500 dpi
MAX_ASPECT = 3.5  # a wide logo is drawn at most this many times as wide as tall, then lower


@dataclass(frozen=True)
class LogoData:
    name: str  # whose logo: the PDF's text alternative, and what is printed when there is no logo
    sha256: str
    png: bytes = field(compare=False, repr=False)

    @cached_property
    def image(self) -> ImageReader:
        return ImageReader(io.BytesIO(self.png))

    @property
    def aspect(self) -> float:
        """Width over height."""
        width, height = self.image.getSize()
        return width / max(height, 1)


@dataclass(frozen=True)
class Placed:
    logo: LogoData
    x: float  # from the row's left
    width: float
    height: float


def fit_logos(logos: Sequence[LogoData], height: float, max_width: float, gap: float,
              min_scale: float = 0.6) -> tuple[list[Placed], float]:
    """Logos side by side, each `height` tall (a very wide one less, so none is wider than MAX_ASPECT heights),
    all shrunk together to fit `max_width`, but never below `min_scale`: logos that still do not fit are left
    out from the end. Returns the placed logos and the row's width."""
    sizes = []
    for logo in logos:
        aspect = logo.aspect
        h = height if aspect <= MAX_ASPECT else height * MAX_ASPECT / aspect
        sizes.append((logo, h * aspect, h))
    def total(items, scale: float) -> float:
        return sum(w * scale for _l, w, _h in items) + gap * max(len(items) - 1, 0)
    scale = 1.0
    while sizes and total(sizes, 1.0) > max_width:
        scale = max(min_scale, (max_width - gap * (len(sizes) - 1)) / sum(w for _l, w, _h in sizes))
        if total(sizes, scale) <= max_width:
            break
        sizes.pop()
        scale = 1.0
    placed, x = [], 0.0
    for logo, w, h in sizes:
        placed.append(Placed(logo, x, w * scale, h * scale))
        x += w * scale + gap
    return placed, max(x - gap, 0.0)


def draw_logos(canvas, placed: Sequence[Placed], left: float, middle: float) -> None:
    """Draw a fitted row with its left edge at `left`, each logo centred on the line `middle`."""
    for item in placed:
        canvas.drawImage(item.logo.image, left + item.x, middle - item.height / 2, item.width, item.height,
                         mask="auto")


class LogoRow(Flowable):
    """A row of logos `height` tall in a story, left-aligned or centred; nothing when there are none."""

    def __init__(self, logos: Sequence[LogoData], height: float, gap: float, align: str = "left",
                 space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.logos, self.row_height, self.gap, self.align = list(logos), height, gap, align
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.placed: list[Placed] = []
        self.row_width = 0.0

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.placed, self.row_width = fit_logos(self.logos, self.row_height, availWidth, self.gap)
        return availWidth, (self.row_height if self.placed else 0)

    def draw(self):
        left = (self.width - self.row_width) / 2 if self.align == "centre" else 0
        draw_logos(self.canv, self.placed, left, self.row_height / 2)
