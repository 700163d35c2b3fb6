"""Bar charts for PDFs, drawn with reportlab's graphics: the PDF twin of core.charts (labelled rows, one or two
series), for the outcome report's participation and its evaluation chapter.

Bars, grid, values and legend are one reportlab Drawing; the group labels beside them are Paragraphs
(names of clusters or countries can be in any script, and only Paragraphs are shaped by HarfBuzz), cut to
one line. `BarChartFlowable` puts the two together as one flowable that never splits across pages.

`bands` (with one series), as core.charts takes them: rows that belong together (a 0 to 10 score's detractors,
passives and promoters) drawn in their band's colour, the legend naming the bands instead of the series.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_number
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..core import fonts
from ..core.charts import Band, ChartRow, chart_rows, nice_ticks
from .style import ACCENT, INK, MUTED, ORANGE, RULE
from .text import fit_line, shape_only_when_needed

COLOURS = (ACCENT, ORANGE)  # the first series' bars, the second's
GRID = RULE

BAR = 6.5
BAR_GAP = 1.5
GROUP_PAD = 7
LEGEND = 16
AXIS = 13
LABEL_WIDTH = 44 * mm
VALUE_ROOM = 9 * mm


class BarChartFlowable(Flowable):
    """A horizontal bar chart of labelled rows, one bar per series (`series` names them, at most two) in each."""

    def __init__(self, rows: Sequence[ChartRow], width: float, series: Sequence[str], others: str = "Others",
                 bands: Sequence[Band] = ()):
        super().__init__()
        self.rows = chart_rows(rows, others=others)
        self.series = [(index, label, COLOURS[index]) for index, label in enumerate(series)]
        self.legend = ([(band.label, HexColor(band.fill)) for band in bands] if bands
                       else [(label, colour) for _key, label, colour in self.series])
        self.fill_of = {index: HexColor(band.fill) for band in bands for index in range(band.first, band.last + 1)}
        self.width = width
        self.group = len(self.series) * BAR + (len(self.series) - 1) * BAR_GAP + GROUP_PAD
        self.height = LEGEND + len(self.rows) * self.group + AXIS
        self.label_style = shape_only_when_needed(
            {"label": fonts.paragraph_style("chart-label", 8, textColor=INK, alignment=TA_RIGHT, leading=10)})["label"]
        self.drawing = self._drawing()
        self.labels = [fit_line(row.label, self.label_style, LABEL_WIDTH - 4 * mm) for row in self.rows]

    def _drawing(self) -> Drawing:
        regular = fonts.font_name()
        drawing = Drawing(self.width, self.height)
        plot_x = LABEL_WIDTH
        plot_width = self.width - LABEL_WIDTH - VALUE_ROOM
        ticks = nice_ticks(max([value for r in self.rows for value in r.values] or [0]))
        top = self.height - LEGEND
        bottom = AXIS
        x = plot_x
        for label, colour in self.legend:
            drawing.add(Rect(x, self.height - 9, 8, 8, fillColor=colour, strokeColor=None))
            drawing.add(String(x + 11, self.height - 8, label, fontName=regular, fontSize=7.5, fillColor=INK))
            x += 24 + len(label) * 4.2
        for tick in ticks:
            tx = plot_x + plot_width * tick / ticks[-1]
            drawing.add(Line(tx, bottom, tx, top, strokeColor=GRID, strokeWidth=0.5))
            drawing.add(String(tx, bottom - 9, format_number(tick), fontName=regular, fontSize=7, fillColor=MUTED,
                               textAnchor="start" if tick == 0 else "middle"))
        drawing.add(Line(plot_x, bottom, plot_x, top, strokeColor=MUTED, strokeWidth=0.7))
        for index, row in enumerate(self.rows):
            y = top - index * self.group - GROUP_PAD / 2
            for key, _label, colour in self.series:
                value = row.values[key]
                width = plot_width * value / ticks[-1]
                y -= BAR
                if value:
                    drawing.add(Rect(plot_x, y, max(width, 0.8), BAR, fillColor=self.fill_of.get(index, colour),
                                     strokeColor=None))
                drawing.add(String(plot_x + width + 2.5, y + 1.3, format_number(value), fontName=regular, fontSize=6.8,
                                   fillColor=INK))
                y -= BAR_GAP
        return drawing

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        top = self.height - LEGEND
        bars = len(self.series) * BAR + (len(self.series) - 1) * BAR_GAP
        for index, para in enumerate(self.labels):
            centre = top - index * self.group - GROUP_PAD / 2 - bars / 2
            _w, height = para.wrap(LABEL_WIDTH - 4 * mm, 100)
            para.drawOn(self.canv, 0, centre - height / 2 + 0.5)
