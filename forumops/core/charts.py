"""Bar charts as SVG for web pages: a pure function, labelled rows in, markup out. The outcome report draws its
participation (registered and attended per group) with it, the evaluations their answers (how many gave each
point of a scale, each choice).

Horizontal bars, one per series in each group, each group's label on its own line(s) above
its bars, so long names in any script fit on a phone: a label longer than a line wraps, and one
longer than two lines is cut with "…" (its whole text is in the <desc> and the table). Rows may be
gathered into bands (a 0 to 10 score's detractors, passives and promoters): each band is named on
a line above its first row and its bars take the band's colour. The SVG is built with ElementTree,
which escapes every label; it carries a <title> and a <desc> that reads the numbers out, and the
page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import math
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_number
from markupsafe import Markup

WIDTH = 420  # viewBox units; the page scales the chart to its column
LABEL_SIZE = 13
BAR = 11
GROUP_GAP = 12
LEGEND_HEIGHT = 26
VALUE_ROOM = 34  # room right of the longest bar for its number
# characters of a label's line: pages set the words larger on a phone (16 units, see pages.css), where a bold
# character of a Latin script takes about 9 units of the WIDTH
LABEL_CHARS = 44
LABEL_LINES = 2
LINE_HEIGHT = LABEL_SIZE + 4
MAX_GROUPS = 12  # more than this: the smallest are summed into "Others" (the table lists them all)
FILLS = ("#0b5563", "#b3541e")  # the first series' bars, the second's (contrast of 3:1 at least on white)
PASSIVE_FILL = "#5f6b7a"  # a band between the two (a 0 to 10 score's passives): grey, 5:1 on white
GRID = "#d5dbe3"
INK = "#1c2430"
MUTED = "#4a5565"


@dataclass(frozen=True)
class ChartRow:
    """One group of a chart: its label and its value in each series."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Band:
    """Consecutive rows of a chart that belong together (rows `first` to `last`, counted from 0), named on a line
    above the first and drawn in their own colour: "Detractors (0–6)"."""

    label: str
    first: int
    last: int
    fill: str


def label_lines(label: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """A label as the chart draws it: wrapped at `width` characters, at most `lines` lines, the last cut with "…"
    when more would follow (the whole label stays in the chart's description and the table beside it)."""
    wrapped = textwrap.wrap(label, width, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    kept[-1] = kept[-1][:width - 1].rstrip() + "\u2026"
    return kept


def chart_rows(rows: Sequence[ChartRow], limit: int = MAX_GROUPS, others: str = "Others") -> list[ChartRow]:
    """At most `limit` groups: the first limit-1 as they are, the rest summed into one."""
    groups = list(rows)
    if len(groups) <= limit:
        return groups
    rest = groups[limit - 1:]
    return groups[:limit - 1] + [ChartRow(f"{others} ({len(rest)})",
                                          tuple(sum(column) for column in zip(*(r.values for r in rest), strict=True)))]


def nice_ticks(maximum: int, count: int = 4) -> list[int]:
    """0 and a few round numbers up to at least `maximum` (0, 5, 10, 15 or 0, 250, 500, ...)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step)) if step >= 1 else 1
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


def _text(parent, x: float, y: float, content: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", **attrs})
    element.text = content
    return element


def bar_chart_svg(title: str, rows: Sequence[ChartRow], series: Sequence[str], chart_id: str, *,
                  others_label: str = "Others", description: str = "", bands: Sequence[Band] = ()) -> Markup:
    """The rows as an accessible SVG bar chart (role="img", titled and described): `series` names what each of
    a row's values counts ("Registered", "Attended"), at most two; `bands` (with one series) gather rows under a
    name and a colour of their own, said in the description too."""
    rows = chart_rows(rows, others=others_label)
    drawn = [(index, label, FILLS[index]) for index, label in enumerate(series)]
    band_at = {band.first: band for band in bands}
    fill_of = {index: band.fill for band in bands for index in range(band.first, band.last + 1)}
    lines = [label_lines(row.label) for row in rows]
    bars_height = len(drawn) * BAR + (len(drawn) - 1) * 2 + GROUP_GAP
    heights = [(LINE_HEIGHT if index in band_at else 0) + len(label) * LINE_HEIGHT + 2 + bars_height
               for index, label in enumerate(lines)]
    ticks = nice_ticks(max([value for r in rows for value in r.values] or [0]))
    plot_width = WIDTH - VALUE_ROOM
    height = LEGEND_HEIGHT + sum(heights) + 18

    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {height}", "class": "chart",
        "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc", "id": chart_id,
        "font-family": "inherit", "font-size": str(LABEL_SIZE),
    })
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    said = "; ".join(f"{r.label}: " + ", ".join(f"{r.values[key]} {label.lower()}" for key, label, _f in drawn)
                     for r in rows)
    if bands:
        said = "; ".join(f"{band.label}: " + "; ".join(
            f"{r.label}: " + ", ".join(f"{r.values[key]} {label.lower()}" for key, label, _f in drawn)
            for r in rows[band.first:band.last + 1]) for band in bands)
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description or said

    legend = ET.SubElement(svg, "g", {"class": "chart-legend", "aria-hidden": "true"})
    x = 0
    for _key, label, fill in drawn if not bands else ():  # bands name themselves above their rows
        ET.SubElement(legend, "rect", {"x": str(x), "y": "4", "width": "12", "height": "12", "fill": fill, "rx": "2"})
        _text(legend, x + 17, 14.5, label, fill=INK)
        x += 30 + len(label) * 7

    grid = ET.SubElement(svg, "g", {"class": "chart-grid", "aria-hidden": "true"})
    top, bottom = LEGEND_HEIGHT, LEGEND_HEIGHT + sum(heights)
    for tick in ticks:
        tx = plot_width * tick / ticks[-1]
        ET.SubElement(grid, "line", {"x1": f"{tx:.1f}", "x2": f"{tx:.1f}", "y1": str(top), "y2": str(bottom - 6),
                                     "stroke": GRID, "stroke-width": "1"})
        anchor = "start" if tick == 0 else "middle"
        _text(grid, tx, bottom + 8, format_number(tick), fill=MUTED, **{"text-anchor": anchor, "font-size": "10"})

    bars = ET.SubElement(svg, "g", {"class": "chart-bars", "aria-hidden": "true"})
    y = top
    for index, row in enumerate(rows):
        if index in band_at:
            band = band_at[index]
            ET.SubElement(bars, "rect", {"x": "0", "y": f"{y + 3:g}", "width": "12", "height": "12",
                                         "fill": band.fill, "rx": "2"})
            _text(bars, 17, y + LABEL_SIZE, band.label, fill=INK, **{"class": "chart-band"})
            y += LINE_HEIGHT
        for line in lines[index]:
            _text(bars, 0, y + LABEL_SIZE, line, fill=INK, **{"font-weight": "600"})
            y += LINE_HEIGHT
        by = y + 2
        for key, _label, fill in drawn:
            value = row.values[key]
            width = plot_width * value / ticks[-1]
            ET.SubElement(bars, "rect", {"x": "0", "y": f"{by:g}", "width": f"{max(width, 1 if value else 0):.1f}",
                                         "height": str(BAR), "fill": fill_of.get(index, fill), "rx": "1.5"})
            _text(bars, width + 4, by + BAR - 1, format_number(value), fill=INK, **{"font-size": "10"})
            by += BAR + 2
        y += 2 + bars_height
    return Markup(ET.tostring(svg, encoding="unicode"))
