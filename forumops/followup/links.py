"""Private links to report on a plan, designed as registration's (registration.links, ManageLink).

Each email (the first, a reminder, "email me my link") adds a link, so the link in the first email keeps
working after a reminder brings a new one; each expires after the forum's `link_valid_days`, and a report sent
through one keeps it alive. The organisers' "email a new link" replaces them on purpose (someone else may have
seen one): those keep their rows with `revoked_at`, so opening one says "replaced" and offers to email the
link that works now, never a bare "page not found". Only each token's SHA-256 is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..accounts.models import User
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.languages import mail_language_of, written_in
from ..core.models import utcnow
from ..core.outbox import queue_mail
from ..core.quotas import check_mail_quota
from ..core.tokens import hash_token, new_token
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import title_in
from . import queries
from .models import ActionPlan, PlanLink

MAIL_SUBJECTS = {
    "new": "Your action plan from %(forum)s: report your progress",
    "link": "A new link to report on your action plan from %(forum)s",
    "replaced": "A new link to report on your action plan from %(forum)s",
    "reminder": "Reminder: a progress report on your action plan is due (%(forum)s)",
    "late": "Your progress report is late: action plan from %(forum)s",
}


def find_link(forum: Forum, token: str | None) -> PlanLink | None:
    """The link row of this token in this forum, whatever its state (open, expired or replaced)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(PlanLink).join(ActionPlan, ActionPlan.id == PlanLink.plan_id).where(
        ActionPlan.forum_id == forum.id, PlanLink.token_hash == hash_token(token)))


def link_state(link: PlanLink, now: datetime | None = None) -> str:
    """open, expired or replaced."""
    if link.revoked_at is not None:
        return "replaced"
    return "expired" if link.expires_at <= (now or utcnow()) else "open"


def current_link(plan: ActionPlan, now: datetime | None = None) -> PlanLink | None:
    """The newest link that still opens the plan (for the organisers' page)."""
    live = [link for link in plan.links if link_state(link, now) == "open"]
    return max(live, key=lambda link: link.created_at) if live else None


def _add_link(forum: Forum, plan: ActionPlan, now: datetime) -> str:
    token = new_token()
    settings = queries.get_settings(forum)
    plan.links.append(PlanLink(token_hash=hash_token(token), created_at=now,
                               expires_at=now + timedelta(days=settings.link_valid_days)))
    return token


def issue_link(forum: Forum, plan: ActionPlan, kind: str = "link", now: datetime | None = None,
               actor: User | None = None) -> str:
    """Email the owner one more private link (kind: new, link, replaced, reminder, late); the links they
    already hold keep working. `actor`: the organiser who made it go (a new plan, "email a new link"), whose
    quota it counts against (core.quotas); reminders and a link the owner asks for count against nobody's."""
    if not plan.owner_email:
        raise FormError(_("The plan has no email address for its owner. Add one first."), field="owner_email")
    now = now or utcnow()
    if actor is not None:
        check_mail_quota(forum_id=forum.id, actor_id=actor.id, count=1, now=now, field="owner_email",
                         zone=forum.timezone)
    token = _add_link(forum, plan, now)
    plan.link_sent_at = now
    report_url = absolute_url("followup.report", slug=forum.slug, token=token)
    account_url = absolute_url("followup.mine", slug=forum.slug) if plan.registration_id else ""
    # a participant's plan: in their registration's language; an organisation's: the forum's main one
    owner_language = plan.registration.language if plan.registration is not None else None
    with written_in(mail_language_of(owner_language, forum.languages)):
        body = render_template("followup/email/link.txt", forum=forum, forum_title=title_in(forum), plan=plan,
                               kind=kind, report_url=report_url,
                               account_url=account_url, expires_on=plan.links[-1].expires_at.date(),
                               overdue_days=(queries.local_today(forum, now) - plan.next_report_due).days
                               if plan.next_report_due else 0)
        subject = _(MAIL_SUBJECTS[kind], forum=forum.title)
    queue_mail(plan.owner_email, subject, body, forum_id=forum.id,
               registration_id=plan.registration_id,  # a participant's plan: erased with their registration
               actor_id=actor.id if actor is not None else None)
    db.session.flush()
    return token


def replace_links(forum: Forum, plan: ActionPlan, now: datetime | None = None, actor: User | None = None) -> str:
    """Every link the owner holds stops working (and says "replaced" when opened); a new one is emailed
    (counted against `actor`'s quota, the organiser who asked)."""
    if not plan.owner_email:
        raise FormError(_("The plan has no email address for its owner. Add one first."), field="owner_email")
    now = now or utcnow()
    db.session.execute(update(PlanLink).where(PlanLink.plan_id == plan.id, PlanLink.revoked_at.is_(None))
                       .values(revoked_at=now).execution_options(synchronize_session=False))
    db.session.expire(plan, ["links"])
    return issue_link(forum, plan, "replaced", now=now, actor=actor)


def email_current_link(forum: Forum, plan: ActionPlan, now: datetime | None = None) -> bool:
    """From an expired or replaced link's page: email a working link to the address on file (never shown).
    The caller throttles (accounts.operations.link_mail_throttled). False when there is nowhere to send it."""
    if not plan.owner_email or plan.is_closed:
        return False
    issue_link(forum, plan, "link", now=now)
    return True


def keep_alive(forum: Forum, link: PlanLink | None, now: datetime) -> None:
    """A report sent through a link keeps that link working for another `link_valid_days`."""
    if link is not None and link_state(link, now) == "open":
        settings = queries.get_settings(forum)
        link.expires_at = max(link.expires_at, now + timedelta(days=settings.link_valid_days))
