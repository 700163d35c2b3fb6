"""The attendance report for organisers (by day, by session scanned at its door, by cluster session from its
notes; each by gender, country and category) and its CSV grid, one row per person."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, stream_with_context
from flask_babel import gettext as _

from ...core.http import as_download
from ...core.i18n import format_day, format_moment
from ...core.views import ForumView
from ..attendance_csv import attendance_csv
from ..attendance_report import CLUSTER_RULE, Column, attendance_grid, expected_label, group_tables

SHORT_DAY = "EEE d MMM"  # Tue 9 Dec


def column_head(column: Column, number: int, zone: str) -> tuple[str, str]:
    """A column's heading on the page, on two lines: "Day 1" / "Tue 9 Dec"; a session's title or a cluster's name
    / "Tue 9 Dec, 14:00"; notes of a whole cluster: its name / "All sessions, Tue 9 – Wed 10 Dec"."""
    if column.kind == "day" and column.day is not None:
        return _("Day %(number)s", number=number), format_day(column.day, SHORT_DAY)
    if column.start is not None:
        return column.title, format_moment(column.start, f"{SHORT_DAY}, HH:mm", zone)
    if column.first is not None and column.last is not None:
        first, last = (format_moment(moment, SHORT_DAY, zone) for moment in (column.first, column.last))
        if first == last:
            return column.title, _("All sessions, %(day)s", day=first)
        return column.title, _("All sessions, %(first)s – %(last)s", first=first, last=last)
    return column.title, _("All sessions") if column.kind == "cluster" else ""


class AttendanceReportView(ForumView):
    permission = "attendance.report"

    def get(self, forum):
        grid = attendance_grid(forum)
        parts = [(kind, columns, group_tables(grid, columns),
                  [column_head(column, number, forum.timezone) for number, column in enumerate(columns, start=1)])
                 for kind, columns in (("day", grid.days), ("session", grid.sessions), ("cluster", grid.clusters))]
        return render_template("registration/attendance.html", forum=forum, grid=grid, parts=parts,
                               confirmed_label=expected_label(forum), cluster_rule=CLUSTER_RULE)


class AttendanceCsvView(ForumView):
    permission = "attendance.report"

    def get(self, forum):
        grid = attendance_grid(forum)  # read whole here: the stream only writes it out
        response = Response(stream_with_context(attendance_csv(grid, forum.timezone)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-attendance-{date.today().isoformat()}.csv")
