"""Reminders: the daily "progress-reminders" job (followup/jobs.py, run by the worker) emails the owners
whose progress report is due soon or late one more private link (the links in earlier emails keep
working: links.py). Idempotent per day; a forum's settings say how often."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.i18n import day_in_zone
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from . import queries
from .labels import CLOSED_STATUSES
from .links import issue_link
from .models import ActionPlan, FollowupSettings
from .queries import local_today


def plans_to_remind(now: datetime | None = None) -> list[tuple[Forum, ActionPlan, str]]:
    """(forum, plan, "reminder" | "late") for every open plan whose report is due within the forum's lead
    time or overdue, that has an email address, and whose last reminder is older than the reminder
    interval. Drafts are skipped: their owners could not open the link."""
    now = now or utcnow()
    rows = db.session.execute(
        select(ActionPlan, Forum, FollowupSettings).join(Forum, Forum.id == ActionPlan.forum_id)
        .outerjoin(FollowupSettings, FollowupSettings.forum_id == Forum.id)
        .where(ActionPlan.status.not_in(tuple(CLOSED_STATUSES)), ActionPlan.next_report_due.is_not(None),
               ActionPlan.owner_email != "", Forum.status != "draft")
        .order_by(ActionPlan.id)
        .options(selectinload(ActionPlan.registration))).all()  # each reminder is in its owner's language
    due = []
    for plan, forum, settings in rows:
        settings = settings or FollowupSettings(**queries.settings_defaults())
        if not settings.reminders_enabled:
            continue
        today, due_on = local_today(forum, now), plan.next_report_due
        assert due_on is not None  # the query takes only plans with a date
        if today < due_on - timedelta(days=settings.remind_days_before):
            continue
        if plan.last_reminded_at is not None:
            last = day_in_zone(forum.timezone, plan.last_reminded_at)
            if (today - last).days < settings.remind_every_days:
                continue  # includes "already reminded today": running twice a day sends once
        due.append((forum, plan, "late" if due_on < today else "reminder"))
    return due


def send_reminders(now: datetime | None = None) -> int:
    """Queue a reminder (with a fresh private link) for every plan plans_to_remind() lists. Idempotent
    per day. Returns the number queued."""
    now = now or utcnow()
    reminded = 0
    for forum, plan, kind in plans_to_remind(now):
        issue_link(forum, plan, kind, now=now)
        plan.last_reminded_at = now
        reminded += 1
    db.session.flush()
    return reminded
