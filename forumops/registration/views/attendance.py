"""The attendance report for organisers (by day, by session scanned at its door, by cluster session from its
notes; each by gender, country and category) and its CSV grid, one row per person."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, stream_with_context

from ...core.http import as_download
from ...core.views import ForumView
from ..attendance_csv import attendance_csv
from ..attendance_report import attendance_grid, expected_label, group_tables


class AttendanceReportView(ForumView):
    permission = "attendance.report"

    def get(self, forum):
        grid = attendance_grid(forum)
        parts = [(kind, columns, group_tables(grid, columns)) for kind, columns in (
            ("day", grid.days), ("session", grid.sessions), ("cluster", grid.clusters))]
        return render_template("registration/attendance.html", forum=forum, grid=grid, parts=parts,
                               confirmed_label=expected_label(forum))


class AttendanceCsvView(ForumView):
    permission = "attendance.report"

    def get(self, forum):
        grid = attendance_grid(forum)  # read whole here: the stream only writes it out
        response = Response(stream_with_context(attendance_csv(grid, forum.timezone)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-attendance-{date.today().isoformat()}.csv")
