"""Progress reports: sending one, correcting it, and the organisers' review. They flush, never commit.

An owner may correct the report they sent, from the private link or their account, until the organisers mark
it reviewed or the next report falls due (a later report is then what counts). A correction changes the report
in place, so the dashboard, the CSV and the PDF read the latest version, and keeps the version it replaces,
whole, in progress_report_versions for the organisers, as facilitation notes keep their revisions.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..core.database import lock_for_update
from ..core.errors import FormError
from ..core.models import utcnow
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from . import queries
from .data import parse_number
from .labels import ACHIEVEMENTS, CHALLENGES, REPORTED_STATUSES
from .links import keep_alive
from .models import ActionPlan, IndicatorValue, PlanIndicator, PlanLink, ProgressReport, ProgressReportVersion
from .operations import out_of_range, range_message
from .queries import local_today

MAX_LINKS = 10
MAX_LINK_LENGTH = 500
MAX_TEXT = 10_000


class PlanClosed(FormError):
    """A report for a plan that is done or dropped: nothing to report on any more."""

    def __init__(self):
        super().__init__(_("This action plan is closed, so it takes no more progress reports. If there is news, "
                           "write to the organisers."))


class CorrectionClosed(FormError):
    """The report can no longer be corrected: reviewed, or the next report is due (or a later one came)."""

    def __init__(self, reason: str):
        messages = {
            "reviewed": _("The organisers have already reviewed this report, so it can no longer be corrected."),
            "later": _("A later report has been sent, so this one can no longer be corrected."),
            "period": _("The next report is already due, so this one can no longer be corrected."),
            "closed": _("The organisers have closed this plan, so its reports can no longer be corrected."),
        }
        super().__init__(messages[reason])
        self.reason = reason


def correction_refused(plan: ActionPlan, report: ProgressReport, today) -> str | None:
    """Why the report can no longer be corrected ("reviewed", "later", "period", "closed"), or None: it can."""
    if plan.status == "dropped":  # the organisers' decision: a correction must not reopen it
        return "closed"
    if report.reviewed_at is not None:
        return "reviewed"
    if plan.reports and plan.reports[-1].id != report.id:
        return "later"
    if plan.next_report_due is not None and plan.next_report_due <= today:
        return "period"
    return None


def correctable_report(forum: Forum, plan: ActionPlan, now: datetime | None = None) -> ProgressReport | None:
    """The report the owner may still correct (their latest), if any."""
    if not plan.reports:
        return None
    latest = plan.reports[-1]
    return latest if correction_refused(plan, latest, local_today(forum, now)) is None else None


def indicator_value(indicator: PlanIndicator, raw: Any) -> tuple[float | None, bool | None] | None:
    """A reported value of the indicator's kind and range; None when left blank. FormError otherwise."""
    field = f"indicator_{indicator.id}"
    if indicator.kind == "yes_no":
        if raw in (None, ""):
            return None
        if raw in (True, "yes"):
            return None, True
        if raw in (False, "no"):
            return None, False
        raise FormError(_("Choose yes or no."), field=field)
    if isinstance(raw, bool):
        raise FormError(_("Enter a number, such as 3 or 2.5."), field=field)
    if isinstance(raw, int | float):
        number: float | None = float(raw)
    else:
        try:
            number = parse_number(raw)
        except ValueError:
            raise FormError(_("Enter a number, such as 3 or 2.5."), field=field) from None
    if number is None:
        return None
    if not math.isfinite(number) or out_of_range(indicator.kind, number):
        raise FormError(range_message(indicator.kind), field=field)
    return number, None


def clean_evidence_links(value: str | list[str] | None) -> list[str]:
    """Web addresses, one per line: http or https only, at most ten. FormError names the bad line."""
    lines = value if isinstance(value, list) else clean_text(value).split("\n")
    links = []
    for line in lines:
        link = line.strip()
        if not link:
            continue
        parts = urlsplit(link)
        if (parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link)
                or len(link) > MAX_LINK_LENGTH):
            raise FormError(_("“%(link)s” is not a web address starting with http:// or https://. "
                              "Put one address on each line.", link=link[:80]), field="evidence_links")
        if link not in links:
            links.append(link)
    if len(links) > MAX_LINKS:
        raise FormError(_("Give at most %(max)d links.", max=MAX_LINKS), field="evidence_links")
    return links


def _codes(values, allowed) -> list[str]:
    return [code for code in allowed if code in set(values or ())]


def _content(plan: ActionPlan, data: dict[str, Any]) -> dict[str, Any]:
    """The report's fields from the form's data, checked; FormError names the field."""
    plan_status = data.get("plan_status")
    if plan_status not in REPORTED_STATUSES:
        raise FormError(_("Say how the plan is going: on track, at risk or done."), field="plan_status")
    values = []
    raw_values = data.get("values") or {}
    for indicator in plan.indicators:
        parsed = indicator_value(indicator, raw_values.get(indicator.id))
        if parsed is not None:
            values.append(IndicatorValue(indicator_id=indicator.id, kind=indicator.kind, number=parsed[0],
                                         yes=parsed[1]))
    narrative = clean_text(data.get("narrative"))
    support_needed = clean_text(data.get("support_needed"))
    if len(narrative) > MAX_TEXT or len(support_needed) > MAX_TEXT:
        raise FormError(_("Use at most %(max)d characters.", max=MAX_TEXT),
                        field="narrative" if len(narrative) > MAX_TEXT else "support_needed")
    if not narrative and not values:
        raise FormError(_("Write what happened since the last report, or give a value for at least one "
                          "indicator."), field="narrative")
    content = dict(
        plan_status=plan_status, narrative=narrative, evidence_links=clean_evidence_links(data.get("evidence_links")),
        achievements=_codes(data.get("achievements"), ACHIEVEMENTS),
        achievement_other=clean_line(data.get("achievement_other"))[:300],
        challenges=_codes(data.get("challenges"), CHALLENGES),
        challenge_other=clean_line(data.get("challenge_other"))[:300],
        support_areas=_codes(data.get("support_areas"), CHALLENGES), support_needed=support_needed, values=values)
    if content["achievement_other"] and "other" not in content["achievements"]:
        content["achievements"] = [*content["achievements"], "other"]
    if content["challenge_other"] and "other" not in content["challenges"]:
        content["challenges"] = [*content["challenges"], "other"]
    return content


def _schedule(forum: Forum, plan: ActionPlan, report: ProgressReport) -> None:
    """The plan's status and next due date follow its latest report."""
    settings = queries.get_settings(forum)
    plan.status = report.plan_status
    plan.last_reported_at = report.submitted_at
    interval = timedelta(days=queries.interval_of(plan, settings))
    plan.next_report_due = (None if report.plan_status == "done"
                            else local_today(forum, report.submitted_at) + interval)


def submit_report(forum: Forum, plan: ActionPlan, data: dict[str, Any], *, user: User | None = None,
                  via: str = "link", link: PlanLink | None = None, now: datetime | None = None) -> ProgressReport:
    """File a progress report. Refused for a closed plan, for values of the wrong kind or out of range, and
    with neither words nor a value. Sets the plan's status and its next due date."""
    if plan.is_closed:
        raise PlanClosed()
    now = now or utcnow()
    today = local_today(forum, now)
    report = ProgressReport(
        plan_id=plan.id, submitted_at=now, submitted_by_id=user.id if user is not None else None, via=via,
        due_date=plan.next_report_due, was_late=plan.next_report_due is not None and plan.next_report_due < today,
        **_content(plan, data))
    db.session.add(report)
    plan.reports.append(report)
    _schedule(forum, plan, report)
    keep_alive(forum, link, now)
    db.session.flush()
    return report


def _snapshot(report: ProgressReport) -> dict[str, Any]:
    labels = {value.indicator_id: value.indicator for value in report.values}
    return {
        "plan_status": report.plan_status, "narrative": report.narrative,
        "evidence_links": list(report.evidence_links or ()), "achievements": list(report.achievements or ()),
        "achievement_other": report.achievement_other, "challenges": list(report.challenges or ()),
        "challenge_other": report.challenge_other, "support_areas": list(report.support_areas or ()),
        "support_needed": report.support_needed,
        "values": [{"indicator_id": value.indicator_id, "label": labels[value.indicator_id].label,
                    "kind": value.kind, "number": value.number, "yes": value.yes,
                    "unit": labels[value.indicator_id].unit, "unit_one": labels[value.indicator_id].unit_one}
                   for value in sorted(report.values, key=lambda v: labels[v.indicator_id].position)],
    }


def correct_report(forum: Forum, plan: ActionPlan, report: ProgressReport, data: dict[str, Any], *,
                   user: User | None = None, via: str = "link", link: PlanLink | None = None,
                   now: datetime | None = None) -> ProgressReport:
    """Replace the owner's report with a corrected one, keeping the version it replaces. Refused once the
    organisers reviewed it, a later report came or the next report is due (CorrectionClosed)."""
    now = now or utcnow()
    # an organiser may mark it reviewed, or the owner send it twice, at the same moment: decide on the row as
    # committed, under its lock (SQLite's write requests hold the database lock already)
    db.session.execute(lock_for_update(select(ProgressReport.id).where(ProgressReport.id == report.id)))
    db.session.refresh(report)
    reason = correction_refused(plan, report, local_today(forum, now))
    if reason:
        raise CorrectionClosed(reason)
    content = _content(plan, data)
    db.session.add(ProgressReportVersion(report_id=report.id, version=report.version, content=_snapshot(report),
                                         sent_at=report.corrected_at or report.submitted_at,
                                         sent_by_id=report.submitted_by_id, via=report.via))
    new_values = content.pop("values")
    for name, value in content.items():
        setattr(report, name, value)
    report.values = []
    db.session.flush()  # the old values go before the new ones take their (report, indicator) places
    report.values = new_values
    report.version += 1
    report.corrected_at = now
    report.submitted_by_id = user.id if user is not None else report.submitted_by_id
    report.via = via
    plan.status = report.plan_status
    if report.plan_status == "done":
        plan.next_report_due = None
    elif plan.next_report_due is None:  # "done" corrected to still going: the schedule resumes
        _schedule(forum, plan, report)
    keep_alive(forum, link, now)
    db.session.flush()
    return report


def review_report(report: ProgressReport, user: User, now: datetime | None = None) -> None:
    """The organisers have read the report: from now on the owner sends a new one rather than correcting."""
    if report.reviewed_at is None:
        report.reviewed_at, report.reviewed_by_id = now or utcnow(), user.id
        db.session.flush()
