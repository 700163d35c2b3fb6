"""A before-and-after test's figures as people read them, on its page, on the M&E dashboard (web and PDF) and in
the per-person CSV: whole percentages counted from the two counts (core.numbers.percent_of, so 23 of 40 reads 58%
everywhere) and gains in whole percentage points."""

from __future__ import annotations

import codecs
import csv
import io

from flask_babel import gettext as _

from ..core.numbers import percent_of, whole
from ..registration.csvio import neutralise
from .gain import GainReport


def percent(part: int, of: int) -> str:
    """`part` of `of` as a whole percentage: 2 of 3 -> "67%", 23 of 40 -> "58%"; "–" when `of` is 0."""
    shown = percent_of(part, of)
    return "–" if shown is None else f"{shown}%"


def points(value: float | None) -> str:
    """A gain in percentage points with its sign: "+33", "−50" (a minus sign), "0"; None -> "–"."""
    if value is None:
        return "–"
    rounded = whole(value)
    return f"+{rounded}" if rounded > 0 else f"\u2212{-rounded}" if rounded < 0 else "0"


def direction(value: float | None) -> str:
    """"up", "down" or "same": which way a gain goes once rounded, for its arrow."""
    rounded = whole(value or 0)
    return "up" if rounded > 0 else "down" if rounded < 0 else "same"


def gain_csv(report: GainReport) -> bytes:
    """The per-person table as CSV bytes (UTF-8 with a byte-order mark): every text cell neutralised against
    formula injection (registration.csvio.neutralise); numbers are written as numbers, a negative gain too,
    rounded as the page shows them (whole percentages and points)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(heading) for heading in (
        _("Name"), _("Organisation"), _("Right before"), _("Right after"), _("Questions scored"),
        _("Score before (%)"), _("Score after (%)"), _("Gain (percentage points)"))])
    for person in report.people:
        writer.writerow([neutralise(person.name), neutralise(person.organisation), person.before, person.after,
                         person.out_of, _percent(person.before, person.out_of), _percent(person.after, person.out_of),
                         "" if person.gain_points is None else whole(person.gain_points)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _percent(part: int, of: int) -> int | str:
    shown = percent_of(part, of)
    return "" if shown is None else shown
