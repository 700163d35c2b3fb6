"""Registration reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import BindParameter, bindparam, func, select

from ..agenda.models import AgendaItem
from ..core.text import search_key
from ..core.tokens import hash_token
from ..extensions import db
from ..forums.models import Forum
from .models import (
    PUBLIC_CATEGORIES,
    AnswerFile,
    InvitationCode,
    ManageLink,
    Question,
    Registration,
    RegistrationSettings,
)


# The registration form's reads are built once per process, with the forum's id as a parameter: on the
# public form, building these selects each time cost more than running them.
@cache
def settings_statement():
    """The select of a forum's settings row, the forum's id a parameter (seats reads it under the lock)."""
    return select(RegistrationSettings).where(RegistrationSettings.forum_id == bindparam("forum_id"))


@cache
def _questions_statement():
    return (select(Question).where(Question.forum_id == bindparam("forum_id"))
            .order_by(Question.position, Question.id))


def get_settings(forum: Forum) -> RegistrationSettings:
    """The forum's settings, or unsaved defaults (a GET never writes)."""
    settings = db.session.scalar(settings_statement(), {"forum_id": forum.id})
    return settings or RegistrationSettings(forum_id=forum.id, approval_required=False, invitation_only=False,
                                            privacy_notice="")


def public_categories(settings: RegistrationSettings) -> list[str]:
    """The categories the public form offers, in the order of the list: what organisers chose, else all."""
    chosen = set(settings.public_categories or PUBLIC_CATEGORIES)
    return [category for category in PUBLIC_CATEGORIES if category in chosen]


def places_left(settings, counts: dict[str, int], mode: str) -> int | None:
    """Free places for this attendance mode under the overall and the mode's own limit (None: no limit),
    from the confirmed counts by mode and in total."""
    left = []
    if settings.capacity is not None:
        left.append(settings.capacity - counts.get("total", 0))
    limit = settings.capacity_in_person if mode == "in_person" else settings.capacity_online
    if limit is not None:
        left.append(limit - counts.get(mode, 0))
    return max(0, min(left)) if left else None


# The statements of a seat decision are built once per process: they run under the forum's seat lock (see
# seats.register), and building a select each time cost more than running it (0.23 ms against 0.07 ms).
@dataclass(frozen=True)
class SeatState:
    """What registering one email for a forum depends on, read in one statement: the forum's status, its
    registration settings (the defaults when it has none), the confirmed places, and whether the email
    is registered already. Read under the seat lock, it is what the decision is made on."""

    forum_status: str
    opens_at: datetime | None
    closes_at: datetime | None
    capacity: int | None
    capacity_in_person: int | None
    capacity_online: int | None
    approval_required: bool
    invitation_only: bool
    existing_id: int | None
    in_person: int
    online: int

    @property
    def counts(self) -> dict[str, int]:
        return {"in_person": self.in_person, "online": self.online, "total": self.in_person + self.online}


@cache
def _seat_state_statement():
    forum_id: BindParameter[int] = bindparam("forum_id")
    settings = RegistrationSettings

    def confirmed(mode: str):
        return select(func.count(Registration.id)).where(
            Registration.forum_id == forum_id, Registration.status == "confirmed",
            Registration.attendance_mode == mode).scalar_subquery()

    existing = select(Registration.id).where(Registration.forum_id == forum_id,
                                             Registration.email == bindparam("email")).scalar_subquery()
    return (select(Forum.status, settings.opens_at, settings.closes_at, settings.capacity,
                   settings.capacity_in_person, settings.capacity_online,
                   func.coalesce(settings.approval_required, False), func.coalesce(settings.invitation_only, False),
                   existing, confirmed("in_person"), confirmed("online"))
            .select_from(Forum).outerjoin(settings, settings.forum_id == Forum.id).where(Forum.id == forum_id))


def seat_state(forum: Forum, email: str) -> SeatState:
    """What registering this email for the forum depends on, in one statement (see SeatState)."""
    return SeatState(*db.session.execute(_seat_state_statement(), {"forum_id": forum.id, "email": email}).one())


FORUM_MODES = {"hybrid": ("in_person", "online"), "in_person": ("in_person",), "online": ("online",)}


@cache
def confirmed_by_mode_statement():
    """Confirmed places by attendance mode (built once: it also runs under the seat lock, see seats)."""
    return (select(Registration.attendance_mode, func.count(Registration.id))
            .where(Registration.forum_id == bindparam("forum_id"), Registration.status == "confirmed")
            .group_by(Registration.attendance_mode))


def confirmed_counts(forum_id: int) -> dict[str, int]:
    """Confirmed places by attendance mode and in "total" (the seat decision reads it under the lock)."""
    counts = dict(db.session.execute(confirmed_by_mode_statement(), {"forum_id": forum_id}).all())
    counts["total"] = sum(counts.values())
    return counts


def places_by_mode(forum: Forum, settings: RegistrationSettings) -> dict[str, int | None]:
    """Free places for each attendance mode the forum offers, for the public form to say before anyone
    submits; one query, none at all when the forum sets no limit (then it returns {})."""
    if settings.capacity is None and settings.capacity_in_person is None and settings.capacity_online is None:
        return {}
    counts = confirmed_counts(forum.id)
    return {mode: places_left(settings, counts, mode) for mode in FORUM_MODES.get(forum.mode, ())}


def list_questions(forum: Forum) -> list[Question]:
    """The form's own questions in their order."""
    return list(db.session.scalars(_questions_statement(), {"forum_id": forum.id}))


def participant_questions(questions: list[Question]) -> list[Question]:
    """The questions on the participant's own form: all but those organisers alone see and fill."""
    return [question for question in questions if not question.organisers_only]


def file_questions_asked(forum: Forum, organisers_only: bool) -> int:
    """How many file questions one form asks: the participant's (organisers_only False, conditional ones
    included) or the organisers' own on the desk."""
    return db.session.scalar(select(func.count(Question.id)).where(
        Question.forum_id == forum.id, Question.kind == "file", Question.organisers_only.is_(organisers_only))) or 0


def answer_files_of(registration: Registration) -> dict[int, AnswerFile]:
    """The files this registration sent as answers, by question id (their stored file loaded with them)."""
    if registration.id is None:
        return {}
    return {row.question_id: row for row in db.session.scalars(
        select(AnswerFile).where(AnswerFile.registration_id == registration.id))}


def answer_file(registration: Registration, question_id: int, participant: bool) -> AnswerFile | None:
    """The file this registration sent as its answer to a question; for the participant's own eyes (`participant`)
    never one of the organisers' own questions."""
    query = (select(AnswerFile).join(Question, Question.id == AnswerFile.question_id)
             .where(AnswerFile.registration_id == registration.id, AnswerFile.question_id == question_id))
    if participant:
        query = query.where(Question.organisers_only.is_(False))
    return db.session.scalar(query)


def registration_of_user(forum: Forum, user) -> Registration | None:
    """The registration this account made. Never matched by email alone: sign-up does not verify the
    address, so anyone could name an account after someone else's email."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.user_id == user.id))


def get_registration(forum: Forum, registration_id: int) -> Registration | None:
    """A registration of this forum by id, or None (another forum's id finds nothing)."""
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.id == registration_id))


def status_counts(forum: Forum) -> dict[str, int]:
    """How many registrations are in each status (0 for none), and how many are checked in."""
    rows = db.session.execute(select(Registration.status, func.count(Registration.id))
                              .where(Registration.forum_id == forum.id).group_by(Registration.status)).all()
    counts = dict.fromkeys(("pending", "confirmed", "waitlisted", "rejected", "cancelled"), 0)
    counts.update({status: count for status, count in rows})
    counts["checked_in"] = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.forum_id == forum.id, Registration.checked_in_at.is_not(None))) or 0
    return counts


def registration_by_email(forum: Forum, email: str) -> Registration | None:
    """The forum's registration under this email (trimmed, lower-cased), or None."""
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.email == email.strip().lower()))


def find_by_token(forum: Forum, token: str) -> Registration | None:
    """The registration this private link opens: its first link, or any later one not replaced."""
    token_hash = hash_token(token)
    registration = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                                Registration.manage_token_hash == token_hash))
    if registration is None:
        registration = db.session.scalar(select(Registration).join(
            ManageLink, ManageLink.registration_id == Registration.id).where(
            Registration.forum_id == forum.id, ManageLink.token_hash == token_hash, ManageLink.revoked_at.is_(None)))
    return registration


def find_replaced(forum: Forum, token: str) -> Registration | None:
    """The registration whose owner replaced this link (erased registrations keep no links at all)."""
    return db.session.scalar(select(Registration).join(ManageLink, ManageLink.registration_id == Registration.id)
                             .where(Registration.forum_id == forum.id, ManageLink.token_hash == hash_token(token),
                                    ManageLink.revoked_at.is_not(None), Registration.erased_at.is_(None)))


# --- the organisers' desk ----------------------------------------------------------------------

@dataclass
class DeskFilters:
    q: str = ""
    status: str = ""
    country: str = ""
    category: str = ""
    cluster: int | None = None
    mode: str = ""
    where: tuple = ()  # SQL conditions of the filters later stages add (core.hooks.DeskFilter)

    @property
    def active(self) -> bool:
        return any((self.q, self.status, self.country, self.category, self.cluster, self.mode, self.where))


def list_registrations(forum: Forum, filters: DeskFilters) -> list[Registration]:
    """The forum's registrations in the order they came in, organisations loaded with them.

    Status, country, category, mode and later stages' filters filter in SQL; the text search and the cluster preference
    (a JSON list) filter here, which also makes the search accent-insensitive on every database.
    """
    query = select(Registration).where(Registration.forum_id == forum.id)
    for column, value in ((Registration.status, filters.status), (Registration.country, filters.country),
                          (Registration.category, filters.category), (Registration.attendance_mode, filters.mode)):
        if value:
            query = query.where(column == value)
    if filters.where:
        query = query.where(*filters.where)
    rows = list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)).unique())
    if filters.cluster:
        rows = [r for r in rows if filters.cluster in (r.cluster_preferences or [])]
    words = search_key(filters.q).split()
    if words:  # every word somewhere in the name, email or organisation, in any order
        rows = [r for r in rows if all(w in search_key(f"{r.name} {r.email} {r.organisation_name}") for w in words)]
    return rows


def registered_countries(forum: Forum) -> list[str]:
    """The countries registrations name, each once, sorted by code."""
    return sorted(db.session.scalars(select(Registration.country).distinct().where(
        Registration.forum_id == forum.id, Registration.country != "")))


def registrations_by_ids(forum: Forum, ids: list[int]) -> list[Registration]:
    """Only this forum's registrations: an id from another forum is simply not found."""
    if not ids:
        return []
    return list(db.session.scalars(select(Registration).where(Registration.forum_id == forum.id,
                                                              Registration.id.in_(ids))).unique())


def list_invitation_codes(forum: Forum) -> list[InvitationCode]:
    """The forum's invitation codes, newest first."""
    return list(db.session.scalars(select(InvitationCode).where(InvitationCode.forum_id == forum.id)
                                   .order_by(InvitationCode.id.desc())))


def registrations_by_emails(forum: Forum, emails: list[str]) -> list[Registration]:
    """This forum's registrations under these emails, compared as given (stored ones are lower case)."""
    if not emails:
        return []
    return list(db.session.scalars(select(Registration).where(Registration.forum_id == forum.id,
                                                              Registration.email.in_(emails))).unique())


def joins_online(forum: Forum, registration: Registration | None, status: str | None = None) -> bool:
    """Confirmed to take part online in a forum that has an online part: the people the link is for.
    `status`: the one being decided, for an email written before the registration row is (see register)."""
    return (registration is not None and (status or registration.status) == "confirmed"
            and registration.erased_at is None
            and registration.attendance_mode == "online" and forum.mode != "in_person")


def online_sessions(forum: Forum) -> list[tuple[str, str]]:
    """(title, link) of the sessions that have a meeting link of their own, in programme order: for people
    who may join online only (see joins_online)."""
    return [(title, link) for title, link in db.session.execute(
        select(AgendaItem.title, AgendaItem.online_link).where(
            AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed", AgendaItem.is_online,
            AgendaItem.online_link != "").order_by(AgendaItem.start_at, AgendaItem.id))]


def user_joins_online(user, forum: Forum) -> bool:
    """This account's own registration is confirmed online (see core.permissions.ONLINE_PARTICIPANT)."""
    return forum.mode != "in_person" and db.session.scalar(select(Registration.id).where(
        Registration.forum_id == forum.id, Registration.user_id == user.id, Registration.status == "confirmed",
        Registration.attendance_mode == "online").limit(1)) is not None


# --- the check-in desk ------------------------------------------------------------------------

CHECKIN_SEARCH_LIMIT = 50


def find_by_name(forum: Forum, query: str, limit: int = CHECKIN_SEARCH_LIMIT) -> tuple[list[Registration], bool]:
    """Registrations whose name holds every word of the query, in any order; confirmed ones first.

    The others (waiting list, cancelled...) are listed too, so the desk can say why someone is not
    expected. Folding is done in Python, not SQL: SQLite's lower() and LIKE only know ASCII, and one
    forum's names are a few thousand short strings at most. Returns (matches, more than the limit).
    """
    words = search_key(query).split()
    if not words:
        return [], False
    rows = db.session.execute(select(Registration.id, Registration.name, Registration.status)
                              .where(Registration.forum_id == forum.id)).all()
    hits = sorted(((status != "confirmed", search_key(name), rid) for rid, name, status in rows
                   if all(word in search_key(name) for word in words)))
    ids = [rid for _order, _key, rid in hits[:limit]]
    found = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.id.in_(ids)))}
    return [found[rid] for rid in ids], len(hits) > limit

