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
    """A column's heading in the file: "Day 1 (2027-04-14)", "Opening plenary (2027-04-14 09:00)", a cluster
    session "Women empowerment (2027-04-14 14:00)" or, for notes of the whole cluster, "Women empowerment (all
    sessions, 2027-04-14 – 2027-04-15)" (dates in ISO form, which every spreadsheet sorts)."""
    zone = ZoneInfo(timezone)
    if column.kind == "day" and column.day is not None:
        return _("Day %(number)s (%(date)s)", number=number, date=column.day.isoformat())
    if column.start is not None:
        return f"{column.title} ({column.start.astimezone(zone).strftime('%Y-%m-%d %H:%M')})"
    if column.kind == "cluster" and column.first is not None and column.last is not None:
        first, last = (moment.astimezone(zone).date().isoformat() for moment in (column.first, column.last))
        span = first if first == last else f"{first} – {last}"
        return _("%(cluster)s (all sessions, %(dates)s)", cluster=column.title, dates=span)
    if column.kind == "cluster":
        return _("%(cluster)s (all sessions)", cluster=column.title)
    return column.title


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
