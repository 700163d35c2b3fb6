"""The attendance grid as CSV: one row per person (confirmed, or recorded present), one column per day, per
session scanned at its door and per cluster session, "yes" where they were there. A pure renderer: the grid
in, lines of bytes out, one at a time, so a large forum's file streams. Spreadsheet-safe as the registrations
export (csvio.neutralise): UTF-8 with a byte-order mark, no cell a spreadsheet could run as a formula."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..core.reference import country_name
from .attendance_report import Column, Grid
from .csvio import neutralise
from .labels import CATEGORY_LABELS, GENDER_LABELS


def column_heading(column: Column, number: int, timezone: str) -> str:
    """A column's heading in the file: "Day 1 (2027-04-14)", "Opening plenary (2027-04-14 09:00)",
    "Women empowerment: Breakout 1" (dates in ISO form, which every spreadsheet sorts)."""
    if column.kind == "day" and column.day is not None:
        return _("Day %(number)s (%(date)s)", number=number, date=column.day.isoformat())
    if column.kind == "session" and column.start is not None:
        start = column.start.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
        return f"{column.title} ({start})"
    return _("%(cluster)s: %(session)s", cluster=column.title, session=column.subtitle) if column.subtitle \
        else column.title


def _line(cells: Sequence[object]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def attendance_csv(grid: Grid, timezone: str) -> Iterator[bytes]:
    """The file, a line at a time: the headings, then one line per person of the grid."""
    columns = grid.columns
    headings = [_("Name"), _("Organisation"), _("Country"), _("Gender"), _("Category")]
    headings += [column_heading(column, number, timezone)
                 for number, column in enumerate(grid.days, start=1)]
    headings += [column_heading(column, 0, timezone) for column in grid.sessions + grid.clusters]
    yield codecs.BOM_UTF8 + _line(headings).encode("utf-8")
    yes = _("yes")
    genders = {code: str(label) for code, label in GENDER_LABELS.items()}
    categories = {code: str(label) for code, label in CATEGORY_LABELS.items()}
    countries: dict[str, str] = {}
    for person in grid.people:
        country = countries.setdefault(person.country, country_name(person.country, "en"))
        cells: list[object] = [person.name, person.organisation, country, genders.get(person.gender, person.gender),
                               categories.get(person.category, person.category)]
        cells += [yes if person.id in column.present else "" for column in columns]
        yield _line(cells).encode("utf-8")
