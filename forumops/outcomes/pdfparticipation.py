"""The report PDF's participation chapter: how many registered and attended, from how many countries and
organisations, registrations by status, and each breakdown (gender, country, category, organisation type, cluster)
as a chart with every group's numbers in a table under it; then the attendance by day (pdfattendance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import format_number, format_percent, ngettext
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from ..core import fonts
from ..pdf.charts import BarChartFlowable
from ..pdf.style import ACCENT, STRIPE
from ..pdf.text import Paragraph
from .data import Breakdown
from .pdfattendance import daily_attendance

if TYPE_CHECKING:  # the chapter builder that calls this module; typing only
    from .pdfsections import _Builder


def _stat_boxes(b: _Builder, stats: list[tuple[str, str]]) -> Table:
    cells = [[Paragraph(fonts.escape_text(value), b.st["stat"]),
              Paragraph(fonts.escape_text(label), b.st["stat_label"])] for value, label in stats]
    gap = 3 * mm
    width = (b.width - gap * (len(stats) - 1)) / len(stats)
    row: list = []
    widths: list[float] = []
    for n, cell in enumerate(cells):
        if n:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(width)
    table = Table([row], colWidths=widths, hAlign="LEFT")
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]
    for n in range(0, len(row), 2):
        commands += [("BACKGROUND", (n, 0), (n, 0), STRIPE), ("LINEABOVE", (n, 0), (n, 0), 2.2, ACCENT)]
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 10
    return table


def _percent(part: int, whole: int) -> str:
    return format_percent(part / whole) if whole else "\u2013"


def _breakdown_flowables(b: _Builder, breakdown: Breakdown) -> list[Flowable]:
    """The chart (largest groups), then every group's numbers in a table under it, and what it counts."""
    with_attended = breakdown.with_attended
    registered = sum(r.registered for r in breakdown.rows)
    header = [_("Group"), _("Registered"), _("Share")] + ([_("Attended")] if with_attended else [])
    rows = []
    for r in breakdown.rows:
        row = [b.cell(r.label), Paragraph(format_number(r.registered), b.st["td_right"]),
               Paragraph(_percent(r.registered, registered), b.st["td_right"])]
        if with_attended:
            row.append(Paragraph(format_number(r.attended), b.st["td_right"]))
        rows.append(row)
    numbers = [24 * mm, 18 * mm] + ([24 * mm] if with_attended else [])
    series = [_("Registered"), _("Attended")][:2 if with_attended else 1]
    chart = BarChartFlowable(breakdown.chart_rows(), b.width, series, _("Others"))
    chart.spaceAfter = 6
    table = b.table(header, rows, [b.width - sum(numbers), *numbers], right=range(1, len(header)))
    table.spaceAfter = 12
    note = [Paragraph(fonts.escape_text(breakdown.note), b.st["muted"])] if breakdown.note else []
    if len(breakdown.rows) <= 12:
        return [KeepTogether([b.sub(breakdown.title), chart, table, *note])]
    return [KeepTogether([b.sub(breakdown.title), chart]), table, *note]


def participation_chapter(b: _Builder) -> list[Flowable]:
    """Who came: registrations by status, the stat boxes, each breakdown's chart and table, attendance by day."""
    p = b.data.participation
    out = b.chapter(_("Participation"))
    if p.total_registrations == 0:
        return [*out, b.callout(_("No registrations were recorded for this forum, so there are no participation "
                                  "figures."))]
    people = ngettext("%(count)s person", "%(count)s people", p.registered, count=format_number(p.registered))
    countries = ngettext("%(count)s country", "%(count)s countries", p.countries, count=format_number(p.countries))
    organisations = ngettext("%(count)s organisation", "%(count)s organisations", p.organisations,
                             count=format_number(p.organisations))
    if p.attendance_recorded:
        sentence = _("%(people)s registered (confirmed) from %(countries)s and %(organisations)s; %(attended)s "
                     "attended (checked in at the desk), %(percent)s of those registered.", people=people,
                     countries=countries, organisations=organisations, attended=format_number(p.attended),
                     percent=_percent(p.attended, p.registered))
    else:
        sentence = _("%(people)s registered (confirmed) from %(countries)s and %(organisations)s. Attendance was "
                     "not recorded at the desk, so only registrations are counted.", people=people,
                     countries=countries, organisations=organisations)
    out.append(Paragraph(fonts.escape_text(sentence), b.st["body"]))
    attended = format_number(p.attended) if p.attendance_recorded else "\u2013"
    stats = [(format_number(p.registered), _("registered")), (attended, _("attended")),
             (format_number(p.countries), _("countries")), (format_number(p.organisations), _("organisations"))]
    out.append(_stat_boxes(b, stats))
    out.append(b.sub(_("Registrations by status")))
    rows = [[b.cell(s.label), Paragraph(format_number(s.count), b.st["td_right"])] for s in p.by_status]
    rows.append([b.cell(_("All registrations"), bold=True),
                 Paragraph(fonts.markup(format_number(p.total_registrations), bold=True), b.st["td_right"])])
    out.append(b.table((_("Status"), _("Registrations")), rows, (60 * mm, 30 * mm), right=(1,)))
    for breakdown in p.breakdowns:
        if breakdown.rows:
            out.extend(_breakdown_flowables(b, breakdown))
    return out + daily_attendance(b)
