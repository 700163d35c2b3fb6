"""Forum reads, eager-loaded so a page's query count does not grow with the data."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from .models import PUBLIC_STATUSES, Forum, ForumMember, ForumPartner


def get_forum(slug: str) -> Forum | None:
    """The forum with this slug, its partners and series loaded, or None."""
    return db.session.scalar(
        select(Forum).where(Forum.slug == slug).options(
            selectinload(Forum.partners).joinedload(ForumPartner.organisation), selectinload(Forum.series)
        )
    )


@cache  # every forum page runs it: built once per process (building a select costs more than running it)
def _forum_by_slug():
    return select(Forum).where(Forum.slug == bindparam("slug"))


def find_forum(slug: str) -> Forum | None:
    """The forum of a /forums/<slug>/ address, for core.views.ForumView (see forums.hooks)."""
    return db.session.scalar(_forum_by_slug(), {"slug": slug})


def team_roles(forum: Forum, user_id: int) -> set[str]:
    """The person's roles in the forum's team: organiser, facilitator, participant."""
    return set(db.session.scalars(
        select(ForumMember.role).where(ForumMember.forum_id == forum.id, ForumMember.user_id == user_id)))


def list_public_forums(today: date | None = None) -> tuple[list[Forum], list[Forum]]:
    """(upcoming and current, past) public forums; upcoming soonest first, past latest first."""
    today = today or date.today()
    forums = db.session.scalars(
        select(Forum).where(Forum.status.in_(PUBLIC_STATUSES)).options(selectinload(Forum.series))
        .order_by(Forum.start_date)
    ).all()
    upcoming = [f for f in forums if f.end_date >= today and f.status != "archived"]
    past = sorted((f for f in forums if f not in upcoming), key=lambda f: f.start_date, reverse=True)
    return upcoming, past


def list_forums_of(user: User) -> list[tuple[Forum, list[str]]]:
    """Forums where the user has a role, with those roles (drafts included for their organisers)."""
    if not user.is_authenticated:
        return []
    rows = db.session.execute(
        select(Forum, ForumMember.role).join(ForumMember, ForumMember.forum_id == Forum.id)
        .where(ForumMember.user_id == user.id).order_by(Forum.start_date.desc())
    ).all()
    grouped: dict[int, tuple[Forum, list[str]]] = {}
    for forum, role in rows:
        grouped.setdefault(forum.id, (forum, []))[1].append(role)
    # a draft shows only to its organisers, whatever other role someone was given in it
    return [(forum, roles) for forum, roles in grouped.values() if forum.is_public or "organiser" in roles]


def list_home_forums(user: User, also: set[int], limit: int = 10) -> list[tuple[Forum, list[str]]]:
    """The forums on a person's home: where they have a role, or that a later stage names (`also`: their
    registrations), upcoming first then the most recent; at most `limit`, so the page stays one size."""
    roles = dict((forum.id, (forum, found)) for forum, found in list_forums_of(user))
    missing = also - roles.keys()
    if missing:
        for forum in db.session.scalars(select(Forum).where(Forum.id.in_(missing), Forum.status != "draft")):
            roles[forum.id] = (forum, [])
    today = date.today()
    ordered = sorted(roles.values(), key=lambda pair: (pair[0].end_date < today,
                                                       abs((pair[0].start_date - today).days)))
    return ordered[:limit]


def list_drafts() -> list[Forum]:
    """Every draft, for site administrators."""
    return list(db.session.scalars(select(Forum).where(Forum.status == "draft").order_by(Forum.start_date)))


def list_members(forum: Forum) -> list[ForumMember]:
    """The forum's team with their accounts, by role."""
    return list(db.session.scalars(
        select(ForumMember).where(ForumMember.forum_id == forum.id)
        .options(selectinload(ForumMember.user)).order_by(ForumMember.role, ForumMember.id)
    ))


def get_member(forum: Forum, member_id: int) -> ForumMember | None:
    """A team membership of this forum by id, or None."""
    return db.session.scalar(select(ForumMember).where(ForumMember.forum_id == forum.id, ForumMember.id == member_id))


def partners_by_role(forum: Forum) -> dict[str, list[ForumPartner]]:
    """The forum's partners grouped by role, each group in its order."""
    grouped: dict[str, list[ForumPartner]] = {}
    for partner in forum.partners:
        grouped.setdefault(partner.role, []).append(partner)
    return grouped
