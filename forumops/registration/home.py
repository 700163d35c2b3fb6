"""What registration adds to a person's home on a forum, and to core.permissions (see core.home)."""

from __future__ import annotations

from flask import url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core import home, hooks, permissions
from ..extensions import db
from ..forums.models import Forum
from . import imports, queries
from .models import Registration


def my_summary(forum: Forum, registration: Registration, urls: dict[str, str], signed_in: bool) -> dict:
    """What the person's registration gives them, for their private page and their home on the forum."""
    joins = queries.joins_online(forum, registration)  # the meeting links are for them only
    return {"registration": registration, "cluster": hooks.cluster_of_registration(forum, registration), "urls": urls,
            "online_link": forum.online_link if joins else "",
            "online_sessions": queries.online_sessions(forum) if joins else [],
            "links": home.participant_links_for(forum, registration, signed_in),
            "panels": home.participant_panels_for(forum, registration, signed_in)}


def account_urls(forum: Forum) -> dict[str, str]:
    """The links of a participant's own pages through their account (no private link in them)."""
    return {"manage": url_for("registration.mine", slug=forum.slug),
            "cancel": url_for("registration.cancel_mine", slug=forum.slug),
            "badge": url_for("registration.my_badge_mine", slug=forum.slug),
            "calendar": url_for("registration.my_calendar_mine", slug=forum.slug),
            "data": url_for("privacy.account_data"), "erasure": url_for("privacy.account_erasure"),
            "announcements": url_for("communications.resubscribe_mine", slug=forum.slug),
            "language": url_for("registration.mail_language_mine", slug=forum.slug)}


@permissions.register_principal(permissions.ONLINE_PARTICIPANT)
def _online_participant(user, forum: Forum) -> bool:
    return queries.user_joins_online(user, forum)


@permissions.register_link_principal(permissions.CONFIRMED_LINK_HOLDER)
def _confirmed_link_holder(token: str, forum: Forum) -> bool:
    """The link opens a registration of this forum (not replaced, not erased) whose place is confirmed."""
    registration = queries.find_by_token(forum, token)
    return registration is not None and registration.status == "confirmed" and registration.erased_at is None


@home.section
def _participant_section(forum: Forum, user) -> home.HomeSection | None:
    registration = queries.registration_of_user(forum, user)
    if registration is None:
        return None
    return home.HomeSection("participant", _("Your registration"), "registration/_home_section.html",
                            {"mine": my_summary(forum, registration, account_urls(forum), signed_in=True)}, order=10)


@home.todo
def _registration_todos(forum: Forum) -> list[home.Todo]:
    pending = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.forum_id == forum.id, Registration.status == "pending")) or 0
    if not pending:
        return []
    return [home.Todo(ngettext("%(num)d registration waits for your approval",
                               "%(num)d registrations wait for your approval", pending), pending,
                      url_for("registration.desk", slug=forum.slug, status="pending"))]


@home.forum_finder
def _registered_forums(user) -> set[int]:
    return set(db.session.scalars(select(Registration.forum_id).where(Registration.user_id == user.id)))


@hooks.panel("registration.desk")
def _imports_panel(forum: Forum) -> hooks.Panel | None:
    """Imports the worker is writing (with their progress), and finished ones the organisers have not put away."""
    shown = imports.imports_to_show(forum)
    return hooks.Panel("registration/desk/_imports_panel.html",
                       {"imports": [(job, imports.summary(job)) for job in shown]}, order=10) if shown else None


@home.todo
def _import_todos(forum: Forum) -> list[home.Todo]:
    running = [job for job in imports.imports_to_show(forum) if not job.finished]
    return [home.Todo(_("Importing invitees: %(written)s of %(total)s so far", written=format_number(job.written),
                        total=format_number(job.total)), job.total - job.written,
                      url_for("registration.import_status", slug=forum.slug, import_id=job.id)) for job in running]
