"""The report PDF's attendance by day: who was checked in at the desk on each day of the forum, by gender, by
country and by category, each a table beside those confirmed to come (the web report's tables, printed)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from ..core import fonts
from ..pdf.dates import MONTHS, WEEKDAYS
from ..pdf.text import Paragraph
from ..registration.attendance_report import GroupTable

if TYPE_CHECKING:  # the chapter builder that calls this module; typing only
    from .pdfsections import _Builder


def short_day(day: date) -> str:
    """"Tue 9 Dec"; in another language its own short date with the weekday."""
    locale = get_locale()
    if locale is None or locale.language == "en":
        return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"
    return format_skeleton("MMMEd", day, locale=locale)


def _table(b: _Builder, table: GroupTable, days: tuple[date, ...], confirmed: str) -> Flowable:
    numbers = min(22 * mm, b.width * 0.62 / (len(days) + 1))
    header = [_("Group"), confirmed] + [f"{_('Day %(number)s', number=n)} · {short_day(day)}"
                                        for n, day in enumerate(days, start=1)]

    def figures(values: tuple[int, ...], bold: bool = False) -> list:
        return [Paragraph(fonts.markup(format_number(value), bold=bold), b.st["td_right"]) for value in values]

    rows = [[b.cell(row.label), *figures((row.expected, *row.counts))] for row in table.rows]
    rows.append([b.cell(_("Total"), bold=True), *figures((table.totals.expected, *table.totals.counts), bold=True)])
    widths = [b.width - numbers * (len(days) + 1)] + [numbers] * (len(days) + 1)
    return b.table(header, rows, widths, right=range(1, len(header)))


def daily_attendance(b: _Builder) -> list[Flowable]:
    """The section, or nothing when the desk recorded no day."""
    data = b.data
    if not data.daily_attendance:
        return []
    out: list[Flowable] = [b.sub(_("Attendance by day")), Paragraph(fonts.escape_text(_(
        "People checked in at the desk on each day of the forum, beside those confirmed to come.")), b.st["body"])]
    for table in data.daily_attendance:
        out.append(KeepTogether([Paragraph(fonts.escape_text(table.title), b.st["muted"]),
                                 _table(b, table, data.attendance_days, data.expected_label)]))
    return out
