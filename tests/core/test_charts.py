"""core.charts: a long label wraps within the chart and is cut with "…" past two lines, its whole text kept in the
description; rows gathered into bands are named above their first row."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from forumops.core import charts

SVG = "{http://www.w3.org/2000/svg}"
LONG = "The steps a product goes through from producer to buyer, and who adds value"


def _drawn_lines(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [text.text or "" for text in root.iter(f"{SVG}text") if text.get("font-weight") == "600"]


def test_a_long_label_wraps_and_keeps_its_whole_text_in_the_description(app):
    with app.test_request_context():
        svg = str(charts.bar_chart_svg("Value chain", [charts.ChartRow(LONG, (12,)), charts.ChartRow("A list", (3,))],
                                       ["Answers"], "c"))
    lines = _drawn_lines(svg)
    assert len(lines) == 3  # the long label on two lines, the short on one
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert " ".join(lines[:2]) == LONG
    assert f"{LONG}: 12 answers" in ET.fromstring(svg).find(f"{SVG}desc").text


def test_a_label_longer_than_two_lines_is_cut_with_an_ellipsis():
    lines = charts.label_lines(LONG * 2)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert charts.label_lines("Short") == ["Short"]


def test_bands_are_named_above_their_rows_and_coloured(app):
    rows = [charts.ChartRow(str(n), (n,)) for n in range(4)]
    bands = [charts.Band("Low (0–1)", 0, 1, "#b3541e"), charts.Band("High (2–3)", 2, 3, "#0b5563")]
    with app.test_request_context():
        svg = str(charts.bar_chart_svg("Scores", rows, ["Answers"], "c", bands=bands))
    drawn = svg[svg.index('class="chart-bars"'):]
    assert drawn.index("Low (0–1)") < drawn.index(">1<") < drawn.index("High (2–3)") < drawn.index(">2<")
    fills = [rect.get("fill") for rect in ET.fromstring(svg).iter(f"{SVG}rect") if rect.get("height") == "11"]
    assert fills == ["#b3541e", "#b3541e", "#0b5563", "#0b5563"]
