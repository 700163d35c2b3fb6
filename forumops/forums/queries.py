"""Forum reads, eager-loaded so a page's query count does not grow with the data."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import bindparam, select, union
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.files import StoredFile, logo_image
from ..extensions import db
from ..organisations.models import Organisation, OrganisationLogo
from ..pdf.logos import PRINT_PX, LogoData
from .models import PARTNER_ROLES, PUBLIC_STATUSES, Forum, ForumLogo, ForumMember, ForumPartner


def get_forum(slug: str) -> Forum | None:
    """The forum with this slug, its partners (with their logos), series and logo loaded, or None."""
    return db.session.scalar(
        select(Forum).where(Forum.slug == slug).options(
            selectinload(Forum.partners).joinedload(ForumPartner.organisation).selectinload(Organisation.logo),
            selectinload(Forum.series), selectinload(Forum.logo),
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


def get_partner(forum: Forum, partner_id: int) -> ForumPartner | None:
    """One of this forum's partners (another forum's id is not found), its organisation's logo loaded."""
    return db.session.scalar(select(ForumPartner).where(ForumPartner.forum_id == forum.id,
                                                        ForumPartner.id == partner_id)
                             .options(selectinload(ForumPartner.organisation).selectinload(Organisation.logo)))


# --- logos ----------------------------------------------------------------------------------------------

ORGANISER_ROLES = ("organiser", "co_organiser")  # whose logos head the badges


def logo_file(sha256: str) -> StoredFile | None:
    """The stored picture with this SHA-256 if it is an organisation's or a forum's logo (logos are public:
    their address holds the SHA-256, which only someone shown the logo knows), else None."""
    logo_ids = union(select(OrganisationLogo.stored_file_id), select(ForumLogo.stored_file_id))
    return db.session.scalar(select(StoredFile).where(StoredFile.sha256 == sha256,
                                                      StoredFile.id.in_(select(logo_ids.subquery().c[0]))))


def forum_print_logo(forum: Forum) -> LogoData | None:
    """The forum's own logo scaled for print, or None (one query; the scaled picture is kept per worker)."""
    stored = db.session.scalar(select(StoredFile).join(ForumLogo, ForumLogo.stored_file_id == StoredFile.id)
                               .where(ForumLogo.forum_id == forum.id))
    return None if stored is None else LogoData(forum.title, stored.sha256, logo_image(stored, PRINT_PX))


def partner_print_logos(forum: Forum, roles: tuple[str, ...] = PARTNER_ROLES) -> tuple[LogoData, ...]:
    """The logos of the forum's partners in these roles, in the forum's order (by role, then as listed), each
    organisation once, scaled for print; partners without a logo are left out (their names print as text)."""
    return tuple(partner_print_logos_by_id(forum, roles).values())


def partner_print_logos_by_id(forum: Forum, roles: tuple[str, ...] = PARTNER_ROLES) -> dict[int, LogoData]:
    """partner_print_logos by organisation id, in the same order (a certificate prints the ones ticked)."""
    rows = db.session.execute(
        select(ForumPartner.role, ForumPartner.position, Organisation.id, Organisation.name, StoredFile)
        .join(Organisation, Organisation.id == ForumPartner.organisation_id)
        .join(OrganisationLogo, OrganisationLogo.organisation_id == Organisation.id)
        .join(StoredFile, StoredFile.id == OrganisationLogo.stored_file_id)
        .where(ForumPartner.forum_id == forum.id, ForumPartner.role.in_(roles))).all()
    order = {role: n for n, role in enumerate(PARTNER_ROLES)}
    logos: dict[int, LogoData] = {}
    for _role, _position, organisation_id, name, stored in sorted(rows, key=lambda r: (order[r[0]], r[1])):
        if organisation_id not in logos:
            logos[organisation_id] = LogoData(name, stored.sha256, logo_image(stored, PRINT_PX))
    return logos
