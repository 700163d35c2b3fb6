"""Badge reads: who gets a badge and what it says. The forum's confirmed registrations become BadgePerson
rows, each with the word of its band (the role someone plays at this forum beats the category they
registered in) and their clusters: four queries for the roles, one for the people, whatever their number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..accounts.models import User
from ..agenda.models import AgendaItem, AgendaPerson
from ..core import hooks
from ..core.text import fold_key, search_key
from ..extensions import db
from ..forums.models import Forum, ForumMember
from ..organisations.models import Organisation
from .models import Registration

IDS_PER_STATEMENT = 500  # ids bound in one IN (...): well under SQLite's bound-parameter limit
# Agenda roles that put someone on stage: a SPEAKER band (a rapporteur takes notes, so is not one).
STAGE_ROLES = ("speaker", "panellist", "chair", "moderator", "discussant", "resource_person")


@dataclass(frozen=True)
class BadgePerson:
    registration_id: int
    name: str
    organisation: str
    country: str  # ISO 3166 code
    word: str  # one of labels.BADGE_WORDS
    cluster_ids: tuple[int, ...]
    cluster_names: tuple[str, ...]
    checkin_code: str
    printed_at: datetime | None
    mode: str = "in_person"  # attendance mode: in_person or online


@dataclass
class _Roles:
    organisers: set[int]
    facilitators: set[int]
    speakers: set[int]
    speaker_names: set[str]  # agenda guests without an account, by folded name
    clusters_of_user: dict[int, list[tuple[int, str]]]  # facilitators, rapporteurs: [(cluster id, name)]
    clusters_of_registration: dict[int, list[tuple[int, str]]]  # participants
    user_by_email: dict[str, int]


def _roles(forum: Forum) -> _Roles:
    """Who organises, facilitates and speaks at this forum, and who is in which cluster: four queries."""
    members = db.session.execute(select(ForumMember.user_id, ForumMember.role)
                                 .where(ForumMember.forum_id == forum.id)).all()
    assignments = hooks.cluster_memberships(forum)  # kept by the clusters stage, which comes later
    stage = db.session.execute(
        select(AgendaPerson.user_id, AgendaPerson.name).join(AgendaItem)
        .where(AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
               AgendaPerson.role.in_(STAGE_ROLES))).all()
    roles = _Roles(
        organisers={u for u, r in members if r == "organiser"},
        facilitators={u for u, r in members if r == "facilitator"} | {
            u for u, _reg, r, _c, _n in assignments if r == "facilitator" and u is not None},
        speakers={u for u, _n in stage if u is not None},
        speaker_names={fold_key(n) for u, n in stage if u is None and n},
        clusters_of_user={}, clusters_of_registration={}, user_by_email={})
    for user_id, registration_id, _role, cluster_id, name in assignments:
        if registration_id is not None:
            roles.clusters_of_registration.setdefault(registration_id, []).append((cluster_id, name))
        if user_id is not None:
            roles.clusters_of_user.setdefault(user_id, []).append((cluster_id, name))
    user_ids = {u for u, _r in members} | set(roles.clusters_of_user) | roles.speakers
    if user_ids:
        roles.user_by_email = {email.lower(): uid for uid, email in db.session.execute(
            select(User.id, User.email).where(User.id.in_(user_ids)))}
    return roles


def band_word(category: str, user_id: int | None, name: str, roles: _Roles) -> str:
    """The word on a badge's band: the strongest that applies, so the role someone plays at this forum
    (organiser, facilitator, speaker) beats the category they registered in."""
    if user_id in roles.organisers:
        return "ORGANISER"
    if user_id in roles.facilitators:
        return "FACILITATOR"
    if user_id in roles.speakers or category == "resource_person" or fold_key(name) in roles.speaker_names:
        return "SPEAKER"
    return {"organiser_staff": "STAFF", "media": "MEDIA"}.get(category, "PARTICIPANT")


def badge_people(forum: Forum, registration_ids: Iterable[int] | None = None) -> list[BadgePerson]:
    """The forum's confirmed registrations (or those of them with these ids) as badge holders, in
    alphabetical order of the name as printed. Rows, not ORM objects: thousands stay light."""
    query = (select(Registration.id, Registration.name, Organisation.name, Registration.country,
                    Registration.category, Registration.user_id, Registration.email, Registration.checkin_code,
                    Registration.badge_printed_at, Registration.attendance_mode)
             .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
             .where(Registration.forum_id == forum.id, Registration.status == "confirmed",
                    Registration.erased_at.is_(None)))  # an erased person gets no badge
    wanted = set(registration_ids) if registration_ids is not None else None
    if wanted is not None and len(wanted) <= IDS_PER_STATEMENT:
        query = query.where(Registration.id.in_(wanted))
    roles = _roles(forum)
    people = []
    for rid, name, organisation, country, category, user_id, email, code, printed_at, mode in db.session.execute(
            query):
        if wanted is not None and rid not in wanted:
            continue
        user_id = user_id or roles.user_by_email.get((email or "").lower())
        of_user = roles.clusters_of_user.get(user_id, []) if user_id is not None else []
        clusters = roles.clusters_of_registration.get(rid, []) + [
            c for c in of_user if c not in roles.clusters_of_registration.get(rid, [])]
        people.append(BadgePerson(rid, name, organisation or "", country or "",
                                  band_word(category, user_id, name, roles), tuple(c for c, _n in clusters),
                                  tuple(n for _c, n in clusters), code, printed_at, mode))
    return sorted(people, key=lambda p: (search_key(p.name), p.registration_id))
