"""Badge reads: who gets a badge and what it says. The forum's confirmed registrations become BadgePerson
rows, each with the word of its band (the role someone plays at this forum beats the category they
registered in) and their clusters: three queries for the roles, one for the people, whatever their number.

A role reaches a badge only through a link made on purpose: the registration's account (joined when its
holder registered signed in with that address, or added it from the private link), the forum's members,
cluster assignments and programme roles by account. Never through an email address or a name that matches:
anyone may type a facilitator's address, or a guest speaker's name from the public programme, into the
form. A guest speaker without an account prints SPEAKER when organisers give them the resource-person
category (at the desk, or in the CSV import)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..agenda.models import AgendaItem, AgendaPerson
from ..core import hooks
from ..core.text import search_key
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
    clusters_of_user: dict[int, list[tuple[int, str]]]  # facilitators, rapporteurs: [(cluster id, name)]
    clusters_of_registration: dict[int, list[tuple[int, str]]]  # participants


def _roles(forum: Forum) -> _Roles:
    """Who organises, facilitates and speaks at this forum, and who is in which cluster: three queries."""
    members = db.session.execute(select(ForumMember.user_id, ForumMember.role)
                                 .where(ForumMember.forum_id == forum.id)).all()
    assignments = hooks.cluster_memberships(forum)  # kept by the clusters stage, which comes later
    stage = db.session.scalars(
        select(AgendaPerson.user_id).join(AgendaItem)
        .where(AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
               AgendaPerson.role.in_(STAGE_ROLES), AgendaPerson.user_id.is_not(None))).all()
    roles = _Roles(
        organisers={u for u, r in members if r == "organiser"},
        facilitators={u for u, r in members if r == "facilitator"} | {
            u for u, _reg, r, _c, _n in assignments if r == "facilitator" and u is not None},
        speakers={u for u in stage if u is not None},
        clusters_of_user={}, clusters_of_registration={})
    for user_id, registration_id, _role, cluster_id, name in assignments:
        if registration_id is not None:
            roles.clusters_of_registration.setdefault(registration_id, []).append((cluster_id, name))
        if user_id is not None:
            roles.clusters_of_user.setdefault(user_id, []).append((cluster_id, name))
    return roles


def band_word(category: str, user_id: int | None, roles: _Roles) -> str:
    """The word on a badge's band: the strongest that applies, so the role someone plays at this forum
    (organiser, facilitator, speaker) beats the category they registered in."""
    if user_id in roles.organisers:
        return "ORGANISER"
    if user_id in roles.facilitators:
        return "FACILITATOR"
    if user_id in roles.speakers or category == "resource_person":
        return "SPEAKER"
    return {"organiser_staff": "STAFF", "media": "MEDIA"}.get(category, "PARTICIPANT")


def badge_people(forum: Forum, registration_ids: Iterable[int] | None = None) -> list[BadgePerson]:
    """The forum's confirmed registrations (or those of them with these ids) as badge holders, in
    alphabetical order of the name as printed. Rows, not ORM objects: thousands stay light."""
    query = (select(Registration.id, Registration.name, Organisation.name, Registration.country,
                    Registration.category, Registration.user_id, Registration.checkin_code,
                    Registration.badge_printed_at, Registration.attendance_mode)
             .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
             .where(Registration.forum_id == forum.id, Registration.status == "confirmed",
                    Registration.erased_at.is_(None)))  # an erased person gets no badge
    wanted = set(registration_ids) if registration_ids is not None else None
    if wanted is not None and len(wanted) <= IDS_PER_STATEMENT:
        query = query.where(Registration.id.in_(wanted))
    roles = _roles(forum)
    people = []
    for rid, name, organisation, country, category, user_id, code, printed_at, mode in db.session.execute(query):
        if wanted is not None and rid not in wanted:
            continue
        of_user = roles.clusters_of_user.get(user_id, []) if user_id is not None else []
        clusters = roles.clusters_of_registration.get(rid, []) + [
            c for c in of_user if c not in roles.clusters_of_registration.get(rid, [])]
        people.append(BadgePerson(rid, name, organisation or "", country or "",
                                  band_word(category, user_id, roles), tuple(c for c, _n in clusters),
                                  tuple(n for _c, n in clusters), code, printed_at, mode))
    return sorted(people, key=lambda p: (search_key(p.name), p.registration_id))
