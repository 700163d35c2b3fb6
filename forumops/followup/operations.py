"""Follow-up writes: settings and plans. Verb-named, they flush and never commit: the view (or the CLI
command) commits once. Progress reports and their corrections are in reports.py, private links in links.py,
reminders in reminders.py, series (the next edition, what became of the previous one) in editions.py.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..agenda.models import Cluster
from ..core.errors import FormError
from ..core.models import utcnow
from ..core.text import clean_line, clean_text, fold_key
from ..extensions import db
from ..forums.models import Forum
from ..organisations.operations import find_or_create_organisation
from ..registration.models import Registration
from . import queries
from .labels import CHALLENGE_PRESETS, CHALLENGES, CLOSED_STATUSES, INDICATOR_BOUNDS, INDICATOR_KINDS, PLAN_STATUSES
from .links import issue_link
from .models import ActionPlan, FollowupSettings, IndicatorValue, PlanActivity, PlanIndicator
from .queries import local_today

__all__ = ["create_plan", "issue_link", "local_today", "out_of_range", "settings_for", "update_plan",
           "update_settings"]

MAX_TEXT = 10_000
SETTINGS_FIELDS = ("report_every_days", "first_report_due", "reminders_enabled", "remind_days_before",
                   "remind_every_days", "link_valid_days")


# --- settings -------------------------------------------------------------------------------------

def settings_for(forum: Forum) -> FollowupSettings:
    """The forum's follow-up settings, made with the defaults the first time."""
    settings = db.session.scalar(select(FollowupSettings).where(FollowupSettings.forum_id == forum.id))
    if settings is None:
        settings = FollowupSettings(forum_id=forum.id, **queries.settings_defaults())
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
    if data.get("challenge_preset") in CHALLENGE_PRESETS:
        settings.challenge_categories = list(CHALLENGE_PRESETS[data["challenge_preset"]])
    elif "challenge_categories" in data:
        chosen = set(data["challenge_categories"] or ())
        categories = [code for code in CHALLENGES if code in chosen and code != "other"]
        if not categories:
            raise FormError(_("Tick at least one category, or start from one of the lists."),
                            field="challenge_categories")
        settings.challenge_categories = categories
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


def out_of_range(kind: str, number: float) -> bool:
    """Whether a target or value breaks its indicator's bounds (labels.INDICATOR_BOUNDS, the CHECKs)."""
    low, high = INDICATOR_BOUNDS.get(kind, INDICATOR_BOUNDS["number"])
    return not low <= number <= high


def range_message(kind: str, label: str = "") -> str:
    """What a number of this kind may be, for the field's message (naming the indicator when given)."""
    if kind == "percent":
        return (_("“%(label)s” is a percentage: enter a number from 0 to 100.", label=label) if label
                else _("This is a percentage: enter a number from 0 to 100."))
    return (_("“%(label)s” counts something: enter 0 or more, such as 3 or 2.5.", label=label) if label
            else _("This counts something: enter 0 or more, such as 3 or 2.5."))


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
        indicator = existing.pop(row["id"], None) if row.get("id") else None
        kind = row["kind"] if row.get("kind") in INDICATOR_KINDS else "number"
        if not label:
            if indicator is not None:
                if _indicator_has_values(indicator):
                    raise FormError(_("“%(label)s” has values in progress reports, so it cannot be removed. "
                                      "Keep its name, or drop the plan and start a new one.", label=indicator.label),
                                    field="indicators")
            elif row.get("target") is not None:
                raise FormError(_("Name the indicator whose target you gave."), field="indicators")
            continue
        target = row.get("target") if kind != "yes_no" else None
        if target is not None and (not math.isfinite(target) or out_of_range(kind, target)):
            raise FormError(range_message(kind, label), field="indicators")
        if indicator is None:
            indicator = PlanIndicator()
        elif indicator.kind != kind and _indicator_has_values(indicator):
            raise FormError(_("“%(label)s” has values in progress reports, so it cannot change from a number to "
                              "yes/no or back.", label=indicator.label), field="indicators")
        indicator.label, indicator.kind, indicator.unit = label[:300], kind, clean_line(row.get("unit"))[:60]
        indicator.unit_one = clean_line(row.get("unit_one"))[:60]
        if kind == "percent" and not indicator.unit:
            indicator.unit = "%"
        indicator.target = target
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
        token = issue_link(forum, plan, "new", now=now, actor=actor)
    return plan, token


def _due_on_new_schedule(forum: Forum, plan: ActionPlan, settings: FollowupSettings) -> date:
    """The next due date on the plan's (new) schedule: one interval after its last report, or, before any
    report, the forum's first due date or one interval after the plan was recorded."""
    if plan.last_reported_at is not None:
        return local_today(forum, plan.last_reported_at) + timedelta(days=queries.interval_of(plan, settings))
    if settings.first_report_due and not plan.report_every_days:
        return settings.first_report_due
    return local_today(forum, plan.created_at) + timedelta(days=queries.interval_of(plan, settings))


def update_plan(forum: Forum, plan: ActionPlan, data: dict[str, Any], now: datetime | None = None) -> ActionPlan:
    """Apply an edit to a plan and move its next report date when it closes, reopens or changes interval."""
    was_closed, interval_before = plan.is_closed, plan.report_every_days
    _apply(forum, plan, data)
    settings = queries.get_settings(forum)
    if plan.is_closed:
        plan.next_report_due = None
    elif was_closed or plan.next_report_due is None:  # reopened: the next report is one interval away
        plan.next_report_due = local_today(forum, now) + timedelta(days=queries.interval_of(plan, settings))
    elif plan.report_every_days != interval_before:  # a new schedule (its own, or the forum's) applies now
        plan.next_report_due = _due_on_new_schedule(forum, plan, settings)
    db.session.flush()
    return plan


