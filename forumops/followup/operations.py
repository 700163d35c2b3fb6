"""Follow-up writes: settings, plans, private links and progress reports. Verb-named, they flush and
never commit: the view (or the CLI command) commits once. Reminders are in reminders.py, series (the
next edition, what became of the previous one) in editions.py.

Private links work like registration's: a 256-bit token is mailed, only its SHA-256 is stored, so a
new email needs a new token (the earlier link stops working). Links expire after the forum's
`link_valid_days`; each report keeps a link in use alive, and the organisers can send a new one.
"""

from __future__ import annotations

import math
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..clusters.models import Cluster
from ..core.http import absolute_url
from ..core.models import utcnow
from ..core.text import clean_line, clean_text, fold_key
from ..core.views import FormError
from ..extensions import db
from ..forums.models import Forum
from ..notifications.operations import queue_mail
from ..organisations.operations import find_or_create_organisation
from ..registration.models import Registration
from ..registration.operations import hash_token
from . import queries
from .data import MAX_NUMBER, parse_number
from .labels import (
    ACHIEVEMENTS,
    CHALLENGES,
    CLOSED_STATUSES,
    INDICATOR_KINDS,
    PLAN_STATUSES,
    REPORTED_STATUSES,
)
from .models import (
    ActionPlan,
    FollowupSettings,
    IndicatorValue,
    PlanActivity,
    PlanIndicator,
    ProgressReport,
)

TOKEN_BYTES = 32
LINK_THROTTLE = timedelta(minutes=10)  # an expired link's "email me a new one" at most this often
MAX_LINKS = 10
MAX_LINK_LENGTH = 500
MAX_TEXT = 10_000
SETTINGS_FIELDS = ("report_every_days", "first_report_due", "reminders_enabled", "remind_days_before",
                   "remind_every_days", "link_valid_days")


class PlanClosed(FormError):
    """A report for a plan that is done or dropped: nothing to report on any more."""

    def __init__(self):
        super().__init__(_("This action plan is closed, so it takes no more progress reports. If there is news, "
                           "write to the organisers."))


def local_today(forum: Forum, now: datetime | None = None) -> date:
    """Today in the forum's own zone: due dates are days there."""
    return (now or utcnow()).astimezone(ZoneInfo(forum.timezone or "UTC")).date()


# --- settings -------------------------------------------------------------------------------------

def settings_for(forum: Forum) -> FollowupSettings:
    settings = db.session.scalar(select(FollowupSettings).where(FollowupSettings.forum_id == forum.id))
    if settings is None:
        settings = FollowupSettings(forum_id=forum.id, **queries.SETTINGS_DEFAULTS)
        db.session.add(settings)
        db.session.flush()
    return settings


def update_settings(forum: Forum, data: dict[str, Any]) -> FollowupSettings:
    """New schedule. Open plans that follow the forum's interval and have not reported yet move to
    the new first due date, when one is given."""
    settings = settings_for(forum)
    first_due_before = settings.first_report_due
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(settings, name, data[name])
    if settings.first_report_due and settings.first_report_due != first_due_before:
        for plan in db.session.scalars(select(ActionPlan).where(
                ActionPlan.forum_id == forum.id, ActionPlan.last_reported_at.is_(None),
                ActionPlan.report_every_days.is_(None), ActionPlan.status.not_in(tuple(CLOSED_STATUSES)))):
            plan.next_report_due = settings.first_report_due
    db.session.flush()
    return settings


# --- plans ----------------------------------------------------------------------------------------

def _resolve_owner(forum: Forum, plan: ActionPlan, data: dict[str, Any]) -> None:
    registration = None
    if data.get("registration_id"):
        registration = db.session.scalar(select(Registration).where(
            Registration.forum_id == forum.id, Registration.id == data["registration_id"]))
        if registration is None:
            raise FormError(_("Choose a participant of this forum."), field="registration_id")
    organisation_name = clean_line(data.get("organisation"))
    if registration is None and not organisation_name:
        raise FormError(_("Choose the participant who owns the plan, or name the organisation that does."),
                        field="registration_id")
    country = data.get("country") or (registration.country if registration else "")
    organisation = None
    if organisation_name:
        if registration is not None and registration.organisation is not None \
                and registration.organisation.name_key == fold_key(organisation_name):
            organisation = registration.organisation
        else:
            organisation = find_or_create_organisation(organisation_name, country=country)
    elif registration is not None:
        organisation = registration.organisation
    plan.owner_kind = "organisation" if organisation_name else "participant"
    plan.registration_id = registration.id if registration else None
    plan.organisation_id = organisation.id if organisation else None
    plan.owner_name = (clean_line(data.get("owner_name")) or (registration.name if registration else "")
                       or (organisation.name if organisation else ""))[:200]
    plan.owner_email = (clean_line(data.get("owner_email")).lower()
                        or (registration.email if registration else ""))[:254]
    plan.country = country or (organisation.country if organisation else "")


def _apply_activities(plan: ActionPlan, rows: list[dict[str, Any]]) -> None:
    kept = []
    for row in rows:
        text = clean_line(row.get("text"))
        start, end = row.get("start_date"), row.get("end_date")
        if not text:
            if start or end:
                raise FormError(_("Say what the activity is, or clear its dates."), field="activities")
            continue
        if start and end and end < start:
            raise FormError(_("“%(activity)s” ends before it starts.", activity=text), field="activities")
        kept.append((text[:500], start, end))
    existing = list(plan.activities)
    activities = []
    for position, (text, start, end) in enumerate(kept):
        activity = existing[position] if position < len(existing) else PlanActivity()
        activity.text, activity.start_date, activity.end_date, activity.position = text, start, end, position
        activities.append(activity)
    plan.activities = activities


def _indicator_has_values(indicator: PlanIndicator) -> bool:
    if indicator.id is None:
        return False
    return db.session.scalar(select(IndicatorValue.id).where(IndicatorValue.indicator_id == indicator.id)
                             .limit(1)) is not None


def _apply_indicators(plan: ActionPlan, rows: list[dict[str, Any]]) -> None:
    """Indicators by id: an existing one is updated in place, so its reported values stay with it. One with
    values cannot be removed or change kind (its history would stop making sense)."""
    existing = {indicator.id: indicator for indicator in plan.indicators}
    kept: list[PlanIndicator] = []
    for row in rows:
        label = clean_line(row.get("label"))
        indicator = existing.pop(row.get("id"), None) if row.get("id") else None
        kind = row.get("kind") if row.get("kind") in INDICATOR_KINDS else "number"
        if not label:
            if indicator is not None:
                if _indicator_has_values(indicator):
                    raise FormError(_("“%(label)s” has values in progress reports, so it cannot be removed. "
                                      "Keep its name, or drop the plan and start a new one.", label=indicator.label),
                                    field="indicators")
            elif row.get("target") is not None:
                raise FormError(_("Name the indicator whose target you gave."), field="indicators")
            continue
        target = row.get("target")
        if target is not None and (not math.isfinite(target) or abs(target) > MAX_NUMBER):
            raise FormError(_("“%(label)s”: the target is not a number we can store.", label=label),
                            field="indicators")
        if indicator is None:
            indicator = PlanIndicator()
        elif indicator.kind != kind and _indicator_has_values(indicator):
            raise FormError(_("“%(label)s” has values in progress reports, so it cannot change from a number to "
                              "yes/no or back.", label=indicator.label), field="indicators")
        indicator.label, indicator.kind, indicator.unit = label[:300], kind, clean_line(row.get("unit"))[:60]
        indicator.target = target if kind == "number" else None
        kept.append(indicator)
    for leftover in existing.values():  # rows the form no longer sent at all
        if _indicator_has_values(leftover):
            kept.append(leftover)
    for position, indicator in enumerate(kept):
        indicator.position = position
    plan.indicators = kept


def _apply(forum: Forum, plan: ActionPlan, data: dict[str, Any]) -> None:
    title = clean_line(data.get("title"))
    if not title:
        raise FormError(_("Give the plan a title."), field="title")
    plan.title = title[:300]
    plan.objective = clean_text(data.get("objective"))[:MAX_TEXT]
    status = data.get("status") or plan.status or "not_started"
    if status not in PLAN_STATUSES:
        raise FormError(_("Choose one of the statuses offered."), field="status")
    plan.status = status
    _resolve_owner(forum, plan, data)
    cluster_id = data.get("cluster_id") or None
    if cluster_id and db.session.scalar(select(Cluster.id).where(Cluster.forum_id == forum.id,
                                                                 Cluster.id == cluster_id)) is None:
        raise FormError(_("Choose one of this forum's clusters."), field="cluster_id")
    plan.cluster_id = cluster_id
    interval = data.get("report_every_days")
    if interval is not None and not 1 <= interval <= 366:
        raise FormError(_("Enter a number of days from 1 to 366."), field="report_every_days")
    plan.report_every_days = interval
    _apply_activities(plan, data.get("activities") or [])
    _apply_indicators(plan, data.get("indicators") or [])


def _first_due(forum: Forum, plan: ActionPlan, settings: FollowupSettings, today: date) -> date:
    if settings.first_report_due and settings.first_report_due > today and not plan.report_every_days:
        return settings.first_report_due
    return today + timedelta(days=queries.interval_of(plan, settings))


def create_plan(forum: Forum, data: dict[str, Any], actor: User | None = None, *, send_link: bool = True,
                now: datetime | None = None) -> tuple[ActionPlan, str | None]:
    """A new plan; returns it and, when the owner has an email address and send_link is on, the private
    link's token (mailed to them)."""
    now = now or utcnow()
    plan = ActionPlan(forum_id=forum.id, created_by_id=actor.id if actor else None, status="not_started")
    source = data.get("source")
    if source:
        offer = queries.find_action(forum, source)
        if offer is None:
            raise FormError(_("That action item is no longer in a cluster's approved notes (they may have been "
                              "returned for changes). The plan was not saved: start it again from the list."))
        plan.notes_id, plan.action_index = offer.notes_id, offer.index
        data = {**data, "cluster_id": data.get("cluster_id") or offer.cluster_id}
    _apply(forum, plan, data)
    settings = queries.get_settings(forum)
    if plan.status not in CLOSED_STATUSES:
        plan.next_report_due = _first_due(forum, plan, settings, local_today(forum, now))
    db.session.add(plan)
    db.session.flush()
    token = None
    if send_link and plan.owner_email:
        token = issue_link(forum, plan, "new", now=now)
    return plan, token


def update_plan(forum: Forum, plan: ActionPlan, data: dict[str, Any], now: datetime | None = None) -> ActionPlan:
    was_closed = plan.is_closed
    _apply(forum, plan, data)
    settings = queries.get_settings(forum)
    if plan.is_closed:
        plan.next_report_due = None
    elif was_closed or plan.next_report_due is None:  # reopened: the next report is one interval away
        plan.next_report_due = local_today(forum, now) + timedelta(days=queries.interval_of(plan, settings))
    db.session.flush()
    return plan


# --- private links --------------------------------------------------------------------------------

def _rotate_token(plan: ActionPlan, settings: FollowupSettings, now: datetime) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    plan.token_hash = hash_token(token)
    plan.token_expires_at = now + timedelta(days=settings.link_valid_days)
    return token


def find_by_token(forum: Forum, token: str | None) -> ActionPlan | None:
    """The plan whose private link this is (expired or not: the caller tells the owner which)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(ActionPlan).where(ActionPlan.forum_id == forum.id,
                                                      ActionPlan.token_hash == hash_token(token)))


def link_expired(plan: ActionPlan, now: datetime | None = None) -> bool:
    return plan.token_expires_at is not None and plan.token_expires_at <= (now or utcnow())


MAIL_SUBJECTS = {
    "new": "Your action plan from %(forum)s: report your progress",
    "link": "A new link to report on your action plan from %(forum)s",
    "reminder": "Reminder: a progress report on your action plan is due (%(forum)s)",
    "late": "Your progress report is late: action plan from %(forum)s",
}


def issue_link(forum: Forum, plan: ActionPlan, kind: str = "link", now: datetime | None = None) -> str:
    """A new private link for the owner, emailed to them (kind: new, link, reminder, late)."""
    if not plan.owner_email:
        raise FormError(_("The plan has no email address for its owner. Add one first."), field="owner_email")
    now = now or utcnow()
    settings = queries.get_settings(forum)
    token = _rotate_token(plan, settings, now)
    plan.link_sent_at = now
    report_url = absolute_url("followup.report", slug=forum.slug, token=token)
    account_url = absolute_url("followup.mine", slug=forum.slug) if plan.registration_id else ""
    body = render_template("followup/email/link.txt", forum=forum, plan=plan, kind=kind, report_url=report_url,
                           account_url=account_url, expires_on=plan.token_expires_at.date(),
                           overdue_days=(local_today(forum, now) - plan.next_report_due).days
                           if plan.next_report_due else 0)
    queue_mail(plan.owner_email, _(MAIL_SUBJECTS[kind], forum=forum.title), body, forum_id=forum.id,
               registration_id=plan.registration_id)  # a participant's plan: erased with their registration
    db.session.flush()
    return token


def request_new_link(forum: Forum, plan: ActionPlan, now: datetime | None = None) -> bool:
    """From an expired link's page: email a fresh link to the address on file. At most one every ten
    minutes, so the button cannot be used to flood someone's inbox. Returns whether one was sent."""
    now = now or utcnow()
    if not plan.owner_email or plan.is_closed:
        return False
    if plan.link_sent_at is not None and now - plan.link_sent_at < LINK_THROTTLE:
        return False
    issue_link(forum, plan, "link", now=now)
    return True


# --- progress reports -----------------------------------------------------------------------------

def indicator_value(indicator: PlanIndicator, raw: Any) -> tuple[float | None, bool | None] | None:
    """A reported value of the indicator's kind; None when left blank. FormError for the wrong kind."""
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
        number = float(raw)
        if not math.isfinite(number) or abs(number) > MAX_NUMBER:
            raise FormError(_("Enter a number, such as 3 or 2.5."), field=field)
        return number, None
    try:
        number = parse_number(raw)
    except ValueError:
        raise FormError(_("Enter a number, such as 3 or 2.5."), field=field) from None
    return None if number is None else (number, None)


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


def submit_report(forum: Forum, plan: ActionPlan, data: dict[str, Any], *, user: User | None = None,
                  via: str = "link", now: datetime | None = None) -> ProgressReport:
    """File a progress report. Refused for a closed plan and for values of the wrong kind; a report with
    neither words nor a value is refused too. Sets the plan's status and its next due date."""
    if plan.is_closed:
        raise PlanClosed()
    now = now or utcnow()
    today = local_today(forum, now)
    plan_status = data.get("plan_status")
    if plan_status not in REPORTED_STATUSES:
        raise FormError(_("Say how the plan is going: on track, at risk or done."), field="plan_status")
    values = []
    raw_values = data.get("values") or {}
    for indicator in plan.indicators:
        parsed = indicator_value(indicator, raw_values.get(indicator.id))
        if parsed is not None:
            values.append(IndicatorValue(indicator_id=indicator.id, number=parsed[0], yes=parsed[1]))
    narrative = clean_text(data.get("narrative"))
    support_needed = clean_text(data.get("support_needed"))
    if len(narrative) > MAX_TEXT or len(support_needed) > MAX_TEXT:
        raise FormError(_("Use at most %(max)d characters.", max=MAX_TEXT),
                        field="narrative" if len(narrative) > MAX_TEXT else "support_needed")
    if not narrative and not values:
        raise FormError(_("Write what happened since the last report, or give a value for at least one "
                          "indicator."), field="narrative")
    report = ProgressReport(
        plan_id=plan.id, submitted_at=now, submitted_by_id=user.id if user is not None else None, via=via,
        plan_status=plan_status, narrative=narrative, evidence_links=clean_evidence_links(data.get("evidence_links")),
        achievements=_codes(data.get("achievements"), ACHIEVEMENTS),
        achievement_other=clean_line(data.get("achievement_other"))[:300],
        challenges=_codes(data.get("challenges"), CHALLENGES),
        challenge_other=clean_line(data.get("challenge_other"))[:300],
        support_areas=_codes(data.get("support_areas"), CHALLENGES), support_needed=support_needed,
        due_date=plan.next_report_due, was_late=plan.next_report_due is not None and plan.next_report_due < today,
        values=values)
    if report.achievement_other and "other" not in report.achievements:
        report.achievements = [*report.achievements, "other"]
    if report.challenge_other and "other" not in report.challenges:
        report.challenges = [*report.challenges, "other"]
    db.session.add(report)
    settings = queries.get_settings(forum)
    plan.status = plan_status
    plan.last_reported_at = now
    interval = timedelta(days=queries.interval_of(plan, settings))
    plan.next_report_due = None if plan_status == "done" else today + interval
    if plan.token_hash and plan.token_expires_at and not link_expired(plan, now):
        plan.token_expires_at = max(plan.token_expires_at, now + timedelta(days=settings.link_valid_days))
    db.session.flush()
    return report
