"""The house table: a coloured header band repeated on every page, hairlines between rows, optional
stripes, and rows that break between them (a row taller than a whole page is cut inside it rather than
failing the document)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table

from ..core import fonts
from .style import ACCENT, RULE, STRIPE

SLIVER = 24  # points: a row cut inside never leaves less than this behind


class HouseTable(Table):
    """Splits between rows; a row is cut in two only when it is taller than a whole frame (frame_height)."""

    splitInRow: float  # reportlab's Table sets it: how far down a row may be cut (0: never)

    def __init__(self, *args, frame_height: float = float("inf"), **kwargs):
        super().__init__(*args, **kwargs)
        self.frame_height = frame_height

    def split(self, availWidth, availHeight):
        parts = self._parts(super().split(availWidth, availHeight))
        if parts or availHeight < self.frame_height - 1 or self.splitInRow:
            return parts
        self.splitInRow = SLIVER
        try:
            parts = self._parts(super().split(availWidth, availHeight))
        finally:
            self.splitInRow = 0
        for part in parts:
            if isinstance(part, Table):
                part.splitInRow = 0
        return parts

    def _parts(self, parts: list) -> list:
        """The pieces of a split, knowing the frame's height too (reportlab makes them without it)."""
        for part in parts:
            if isinstance(part, HouseTable):
                part.frame_height = self.frame_height
        return parts


def house_style(pad_x: float, row_pad: tuple[float, float], head_pad: tuple[float, float] = (5, 4),
                rule: float = 0.4, valign: str = "TOP", stripes: bool = False) -> list[tuple]:
    """TableStyle commands of the house table with a header row: the accent band, the Noto font (empty cells
    never fall back to Helvetica), padding, a hairline under every body row, stripes on alternate body rows."""
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_name()),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, 0), head_pad[0]),
        ("BOTTOMPADDING", (0, 0), (-1, 0), head_pad[1]),
        ("TOPPADDING", (0, 1), (-1, -1), row_pad[0]),
        ("BOTTOMPADDING", (0, 1), (-1, -1), row_pad[1]),
        ("LINEBELOW", (0, 1), (-1, -1), rule, RULE),
    ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
    return commands
