"""The follow-up as CSV: FollowupSummary in, bytes out (one line per plan).

UTF-8 with a byte-order mark (Excel then reads Vietnamese, Thai and Khmer correctly); every cell goes
through registration.csvio.neutralise, so a plan titled "=HYPERLINK(...)" stays text in a spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import io
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..registration.csvio import neutralise
from .data import FollowupSummary, PlanSummary


def headers() -> list[str]:
    """The CSV's column headings in the current language."""
    return [
        _("Plan"), _("Status"), _("Owner"), _("Owner is"), _("Organisation"), _("Organisation type"), _("Country"),
        _("Cluster"), _("From a cluster action item"), _("Next report due"), _("Days overdue"), _("Reports"),
        _("Late reports"), _("Last report"), _("Indicators reached"), _("Indicators with a target"),
        _("Indicators (latest / target)"), _("Achievements"), _("Challenges (latest report)"),
        _("Support needed in (latest report)"), _("Support needed (words)"), _("Latest report"),
    ]


def _indicators(plan: PlanSummary) -> str:
    parts = []
    for indicator in plan.indicators:
        latest = indicator.latest_text(_("yes"), _("no"), "–")
        target = indicator.target_text(_("yes"), "–")
        parts.append(f"{indicator.label}: {latest} / {target}")
    return "; ".join(parts)


def export_plans(summary: FollowupSummary) -> bytes:
    """The dashboard's plans as CSV bytes, dates in the forum's zone, every cell safe from formulas."""
    zone = ZoneInfo(summary.timezone or "UTC")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers()])
    for plan in summary.plans:
        last = plan.last_reported_at.astimezone(zone).strftime("%Y-%m-%d") if plan.last_reported_at else ""
        cells = [
            plan.title, plan.status_label, plan.owner_name,
            _("an organisation") if plan.owner_kind == "organisation" else _("a participant"),
            plan.organisation, plan.organisation_type_label, plan.country_name, plan.cluster,
            _("yes") if plan.from_cluster_action else _("no"),
            plan.next_report_due.isoformat() if plan.next_report_due else "", plan.overdue_days or "",
            plan.reports, plan.late_reports, last, plan.indicators_reached, plan.indicators_with_target,
            _indicators(plan), "; ".join(plan.achievements), "; ".join(plan.challenges),
            "; ".join(plan.support_areas), plan.support_needed, plan.latest_narrative,
        ]
        writer.writerow([neutralise(cell) for cell in cells])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
