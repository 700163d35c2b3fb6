"""The house table: a coloured header band repeated on every page, hairlines between rows, optional
stripes, and rows that break between them (a row taller than a whole page is cut inside it rather than
failing the document); and what keeps a heading, or a band inside a table, with the rows it heads."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Table

from ..core import fonts
from .style import ACCENT, RULE, STRIPE

SLIVER = 24  # points: a row cut inside never leaves less than this behind
_UNBOUNDED = 1e6  # points: room enough to measure anything at its natural height


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


class RoomFor(CondPageBreak):
    """A page break unless `height` is left on the page; never at the top of a page, nor for more than a whole
    page holds (a new page would not hold it either: it flows on from here rather than leaving a page blank)."""

    def wrap(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if frame is not None and (getattr(frame, "_atTop", False) or self.height > frame._height):
            return 0, 0
        return super().wrap(availWidth, availHeight)


def room_for(flowables: Sequence[Flowable], width: float, table: Table | None = None, rows: int = 2) -> RoomFor:
    """A page break unless `flowables` (headings, a line under them) and the first `rows` rows of `table` (its
    header and first body row) fit in what is left of the page: a heading is never left alone at a page's foot.
    Measured at `width`, the frame's; the table splits as usual after those rows."""
    needed = sum(flowable.wrap(width, _UNBOUNDED)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
                 for flowable in flowables)
    if table is not None:
        table.wrap(width, _UNBOUNDED)
        needed += sum(table._rowHeights[:rows])  # reportlab's measure of each row, set by wrap
    return RoomFor(needed)


def rows_kept_together(first: int, last: int) -> tuple:
    """A TableStyle command: rows `first` to `last` never split between pages (a band and its first row)."""
    return ("NOSPLIT", (0, first), (-1, last))
