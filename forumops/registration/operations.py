"""Registration writes. Seats are counted under a lock, so capacity is never oversold:
on SQLite the transaction holds the database's write lock (BEGIN IMMEDIATE), on PostgreSQL the forum row
is locked FOR UPDATE."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.models import User
from ..accounts.operations import hash_token
from ..core.database import take_write_lock
from ..core.http import absolute_url
from ..core.logs import security_log
from ..core.models import utcnow
from ..core.outbox import queue_mail
from ..core.text import clean_line, clean_text
from ..core.views import FormError
from ..extensions import db
from ..forums.models import Forum, ForumMember
from ..forums.operations import add_member
from ..organisations.operations import find_or_create_organisation
from ..organisations.queries import find_organisation
from .csvio import Invitee
from .models import (
    CHECKIN_ALPHABET,
    InvitationCode,
    ManageLink,
    Question,
    Registration,
    RegistrationSettings,
    new_checkin_code,
)
from .queries import (
    confirmed_counts,
    joins_online,
    online_sessions,
    places_left,
    settings_statement,
)

TOKEN_BYTES = 32  # 256-bit manage links


class DuplicateRegistration(FormError):
    """This email is already registered for the forum; the view offers to resend the manage link."""

    def __init__(self, registration: Registration):
        super().__init__(_("%(email)s is already registered for this forum.", email=registration.email),
                         field="email")
        self.registration = registration


class RegistrationClosed(FormError):
    """Registration closed (or its closing time passed) while this request waited for the seat lock."""


def settings_for(forum: Forum) -> RegistrationSettings:
    """The forum's settings as committed now (re-read even when the session holds an older copy)."""
    settings = db.session.scalar(settings_statement(), {"forum_id": forum.id},
                                 execution_options={"populate_existing": True})
    if settings is None:
        settings = RegistrationSettings(forum_id=forum.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def update_settings(forum: Forum, data: dict[str, Any]) -> RegistrationSettings:
    settings = settings_for(forum)
    for name in ("opens_at", "closes_at", "capacity", "capacity_in_person", "capacity_online",
                 "approval_required", "invitation_only"):
        if name in data:
            setattr(settings, name, data[name])
    if "privacy_notice" in data:
        settings.privacy_notice = clean_text(data["privacy_notice"])
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        raise FormError(_("Registration must close after it opens."), field="closes_at")
    db.session.flush()
    promote_from_waitlist(forum)  # a larger capacity lets the first in line in
    return settings


def closed_reason(forum: Forum, settings: RegistrationSettings | SeatState | None, now: datetime | None = None) -> str:
    """Why registration is closed now, or "" when it is open."""
    now = now or utcnow()
    if forum.status != "registration_open":
        return _("Registration for this forum is not open.")
    if settings is not None and settings.opens_at and now < settings.opens_at:
        return _("Registration opens on %(when)s (UTC).", when=settings.opens_at.strftime("%d %B %Y, %H:%M"))
    if settings is not None and settings.closes_at and now >= settings.closes_at:
        return _("Registration closed on %(when)s (UTC).", when=settings.closes_at.strftime("%d %B %Y, %H:%M"))
    return ""


# The statements of a seat decision are built once per process: they run under the forum's seat lock, and
# building a select each time cost more than running it (0.23 ms against 0.07 ms for the count).
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
    forum_id = bindparam("forum_id")
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
    return SeatState(*db.session.execute(_seat_state_statement(), {"forum_id": forum.id, "email": email}).one())


@cache
def _forum_lock_statement():  # PostgreSQL only (see _lock)
    return select(Forum.id).where(Forum.id == bindparam("forum_id")).with_for_update()


def _has_seat(settings: RegistrationSettings | SeatState, counts: dict[str, int], mode: str) -> bool:
    return places_left(settings, counts, mode) != 0


def _lock(forum: Forum) -> None:
    """Serialise every seat decision of this forum: SQLite's write lock (already held unless the view
    deferred it), the forum row FOR UPDATE on PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        take_write_lock()
    else:
        db.session.execute(_forum_lock_statement(), {"forum_id": forum.id})


def _mode_for(forum: Forum, mode: str | None) -> str:
    if forum.mode == "online":
        return "online"
    if forum.mode == "in_person":
        return "in_person"
    return mode if mode in ("in_person", "online") else "in_person"


def _sync_role(registration: Registration) -> None:
    """A confirmed registration with an account makes its holder a participant of the forum."""
    if registration.user_id is None:
        return
    if registration.status == "confirmed":
        add_member(db.session.get(Forum, registration.forum_id), db.session.get(User, registration.user_id),
                   "participant")
    else:
        db.session.execute(delete(ForumMember).where(
            ForumMember.forum_id == registration.forum_id, ForumMember.user_id == registration.user_id,
            ForumMember.role == "participant"))


def _confirm(registration: Registration) -> None:
    registration.status = "confirmed"
    registration.waitlisted_at = None
    registration.decided_at = utcnow()
    _sync_role(registration)


def _waitlist(registration: Registration) -> None:
    registration.status = "waitlisted"
    registration.waitlisted_at = utcnow()


def _log_waitlisted(registration: Registration) -> None:
    """After the flush, so the line names the registration."""
    security_log.info("capacity: registration %s of forum %s waitlisted, no free %s place",
                      registration.id, registration.forum_id, registration.attendance_mode)


def _apply_details(forum: Forum, registration: Registration, data: dict[str, Any]) -> None:
    _copy_details(forum, registration, data)
    organisation = clean_line(data.get("organisation"))
    registration.organisation = (find_or_create_organisation(organisation, country=registration.country)
                                 if organisation else None)


def _copy_details(forum: Forum, registration: Registration, data: dict[str, Any]) -> None:
    """Everything the person typed but the organisation (a directory entry, which may need creating)."""
    registration.name = clean_line(data["name"])
    registration.job_title = clean_line(data.get("job_title"))
    registration.country = (data.get("country") or "").upper()
    registration.category = data.get("category") or "civil_society"
    registration.attendance_mode = _mode_for(forum, data.get("attendance_mode"))
    registration.cluster_preferences = [int(c) for c in data.get("cluster_preferences") or []]
    registration.dietary_needs = clean_line(data.get("dietary_needs"))
    registration.accessibility_needs = clean_line(data.get("accessibility_needs"))
    registration.gender = data.get("gender") or ""
    registration.consent_photos = bool(data.get("consent_photos"))
    registration.list_publicly = bool(data.get("list_publicly"))
    registration.answers = {str(k): v for k, v in (data.get("answers") or {}).items()}


def _use_invitation(forum: Forum, code: str) -> InvitationCode:
    invitation = db.session.scalar(select(InvitationCode).where(
        InvitationCode.forum_id == forum.id, InvitationCode.code == clean_line(code).upper()))
    if invitation is None or invitation.used >= invitation.max_uses:
        raise FormError(_("This invitation code is not valid for this forum, or it has been used up."),
                        field="invitation_code")
    invitation.used += 1
    return invitation


def register(forum: Forum, data: dict[str, Any], user: User | None = None, notify: bool = True,
             check_open: bool = False) -> tuple[Registration, str]:
    """Register someone; returns the registration and its private manage token (shown once, emailed).

    The seat lock serialises every seat decision of the forum, so only what depends on other registrations
    happens under it: taking the lock (BEGIN IMMEDIATE on SQLite, the forum row FOR UPDATE on PostgreSQL),
    one read of the seat state, the invitation code, a new directory entry when the organisation is new,
    the participant role of a signed-in registrant who is confirmed, one INSERT with the status decided,
    the mail's text again if the outcome changed while waiting, and the mail's INSERT. Everything else
    (the person's details, the directory lookup, the mail's text for the likely outcome, early refusals)
    is done before. `check_open` (the public form) asks again, under the lock, whether registration is still
    open: an organiser may have closed it, or its closing time passed, while this request waited.
    """
    if not data.get("consent_privacy"):
        raise FormError(_("Please accept the privacy notice to register."), field="consent_privacy")
    email = clean_line(data["email"]).lower()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    registration = Registration(forum_id=forum.id, email=email, consent_privacy=True,
                                manage_token_hash=hash_token(token), checkin_code=new_checkin_code())
    _copy_details(forum, registration, data)
    # only a signed-in registrant's account is attached: an account merely named after this email (sign-up
    # does not verify addresses) must not gain the registration, its participant role or its badge
    registration.user_id = user.id if user is not None and user.is_authenticated else None
    organisation_name = clean_line(data.get("organisation"))
    organisation = find_organisation(organisation_name, registration.country) if organisation_name else None

    likely = seat_state(forum, email)  # without the lock: refuse early, and write the likely mail
    _refuse(forum, likely, check_open)
    mail = _status_mail(forum, registration, _outcome(likely, registration), token) if notify else None

    _lock(forum)
    state = seat_state(forum, email)  # as committed now: the decision is made on this
    _refuse(forum, state, check_open)
    if state.invitation_only:
        registration.invitation_code_id = _use_invitation(forum, data.get("invitation_code") or "").id
    if organisation_name:
        registration.organisation = organisation or find_or_create_organisation(organisation_name,
                                                                                country=registration.country)
    outcome = _outcome(state, registration)
    if outcome == "pending":
        registration.status = "pending"
    elif outcome == "received":
        _confirm(registration)
    else:
        _waitlist(registration)
    db.session.add(registration)
    db.session.flush()
    if registration.status == "waitlisted":
        _log_waitlisted(registration)
    if notify:
        if mail is None or mail.kind != outcome:  # the likely outcome changed while this request waited
            mail = _status_mail(forum, registration, outcome, token)
        mail.queue(registration)
    return registration, token


def _refuse(forum: Forum, state: SeatState, check_open: bool) -> None:
    if check_open:
        # the status as read with the state, without marking the forum changed
        set_committed_value(forum, "status", state.forum_status)
        reason = closed_reason(forum, state)
        if reason:
            raise RegistrationClosed(reason)
    if state.existing_id is not None:
        raise DuplicateRegistration(db.session.get(Registration, state.existing_id))


def _outcome(state: SeatState, registration: Registration) -> str:
    """The mail a new registration gets, which names its status: pending, received (confirmed) or waitlisted."""
    if state.approval_required:
        return "pending"
    return "received" if _has_seat(state, state.counts, registration.attendance_mode) else "waitlisted"


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


def _issue_link(registration: Registration) -> str:
    """One more private link for an email; the links the person already holds keep working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(ManageLink(registration_id=registration.id, token_hash=hash_token(token)))
    return token


def issue_links(registration_ids: list[int]) -> dict[int, str]:
    """One more private link for each of these registrations, in one INSERT (an announcement to many people
    carrying {private_link}): registration id -> token. Earlier links keep working, as _issue_link's do."""
    tokens = {registration_id: secrets.token_urlsafe(TOKEN_BYTES) for registration_id in registration_ids}
    if tokens:
        now = utcnow()
        db.session.execute(insert(ManageLink.__table__), [
            {"registration_id": registration_id, "token_hash": hash_token(token), "created_at": now}
            for registration_id, token in tokens.items()])
    return tokens


def email_current_link(forum: Forum, registration: Registration) -> str:
    """Email a working link to the registered address (asked for by anyone who knows the address, so it
    never stops the links the person holds: only the person can do that, with replace_links)."""
    token = _issue_link(registration)
    db.session.flush()
    send_status_mail(forum, registration, "link", token)
    return token


def replace_links(forum: Forum, registration: Registration) -> str:
    """The person thinks their link was seen by someone else: every link they hold stops working (and says
    so when opened), and a new one is emailed to the registered address."""
    now = utcnow()
    db.session.execute(update(ManageLink).where(ManageLink.registration_id == registration.id,
                                                ManageLink.revoked_at.is_(None)).values(revoked_at=now)
                       .execution_options(synchronize_session=False))
    db.session.add(ManageLink(registration_id=registration.id, token_hash=registration.manage_token_hash,
                              revoked_at=now))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    registration.manage_token_hash = hash_token(token)
    db.session.flush()
    send_status_mail(forum, registration, "relinked", token)
    return token


def forget_links(registration: Registration) -> None:
    """Erasure: no link of this registration opens anything any more, not even a "replaced" page."""
    db.session.execute(delete(ManageLink).where(ManageLink.registration_id == registration.id))
    registration.manage_token_hash = hash_token(secrets.token_urlsafe(TOKEN_BYTES))


def can_link_to_account(registration: Registration, user) -> bool:
    """Made signed out, and this account bears its address (erased registrations bear none)."""
    return (user.is_authenticated and registration.user_id is None and registration.erased_at is None
            and registration.email == user.email.strip().lower())


def link_to_account(forum: Forum, registration: Registration, user: User) -> None:
    """Join a registration made signed out to the account with its email address.

    Only ever called by someone holding the registration's private link, which was sent to that address:
    that is the proof the account's owner reads the mail, which sign-up alone does not check.
    """
    if registration.user_id == user.id:
        return
    if not can_link_to_account(registration, user):
        raise FormError(_("This registration can only be added to the account that has its email address."))
    if db.session.scalar(select(Registration.id).where(Registration.forum_id == forum.id,
                                                       Registration.user_id == user.id)) is not None:
        raise FormError(_("Your account already has a registration for this forum."))
    registration.user_id = user.id
    _sync_role(registration)
    db.session.flush()


@dataclass(frozen=True)
class RegistrationChange:
    """What a participant's change did to their place: `status` as it stands after it, and `seat_given` when a
    waitlisted person's new attendance mode had a free place (they are emailed, with a link of its own)."""

    status: str
    seat_given: bool = False


def update_registration(forum: Forum, registration: Registration, data: dict[str, Any]) -> RegistrationChange:
    """A participant changes their answers. A change of attendance mode is a new seat decision, made before
    anything is changed: a confirmed person moves only if the new mode has a free place (their old seat then
    goes to the first in line); a waitlisted person whose new mode has a free place is confirmed at once and
    emailed, as a promotion from the waiting list would be (they were approved already when the forum
    needs approval: approve() only waitlists approved people); otherwise they keep their place in line."""
    if registration.status in ("cancelled", "rejected"):
        raise FormError(_("This registration is %(status)s and can no longer be changed.",
                          status=_(registration.status)))
    _lock(forum)
    old_mode = registration.attendance_mode
    new_mode = _mode_for(forum, data.get("attendance_mode"))
    seat_decision = new_mode != old_mode and registration.status in ("confirmed", "waitlisted")
    has_seat = False
    if seat_decision:
        counts = confirmed_counts(forum.id)
        if registration.status == "confirmed":  # their own seat is theirs to move
            counts[old_mode] = counts.get(old_mode, 1) - 1
            counts["total"] -= 1
        has_seat = _has_seat(settings_for(forum), counts, new_mode)
        if registration.status == "confirmed" and not has_seat:
            security_log.info("capacity: registration %s of forum %s refused a change to %s, no free place",
                              registration.id, forum.id, new_mode)
            raise FormError(_("There is no free place to attend %(mode)s; your registration is unchanged.",
                              mode=_("in person") if new_mode == "in_person" else _("online")),
                            field="attendance_mode")
    _apply_details(forum, registration, data)
    db.session.flush()
    if not seat_decision:
        return RegistrationChange(registration.status)
    if registration.status == "confirmed":
        promote_from_waitlist(forum)  # the seat they left
        return RegistrationChange(registration.status)
    if not has_seat:
        return RegistrationChange(registration.status)
    _confirm(registration)
    db.session.flush()
    # the email's own link; the one they are using keeps working
    send_status_mail(forum, registration, "promoted", _issue_link(registration))
    return RegistrationChange(registration.status, seat_given=True)


def cancel(forum: Forum, registration: Registration, notify: bool = True) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first in line. Returns those promoted."""
    if registration.status == "cancelled":
        return []
    _lock(forum)
    was_confirmed = registration.status == "confirmed"
    registration.status = "cancelled"
    registration.decided_at = utcnow()
    _sync_role(registration)
    db.session.flush()
    if notify:
        send_status_mail(forum, registration, "cancelled")
    return promote_from_waitlist(forum) if was_confirmed else []


def promote_from_waitlist(forum: Forum) -> list[Registration]:
    """Give free seats to waiting people in the order they joined the list, telling each of them."""
    _lock(forum)
    settings = settings_for(forum)
    counts = confirmed_counts(forum.id)
    promoted = []
    waiting = db.session.scalars(select(Registration).where(
        Registration.forum_id == forum.id, Registration.status == "waitlisted")
        .order_by(Registration.waitlisted_at, Registration.id)).all()
    for registration in waiting:
        if _has_seat(settings, counts, registration.attendance_mode):
            _confirm(registration)
            counts[registration.attendance_mode] = counts.get(registration.attendance_mode, 0) + 1
            counts["total"] += 1
            promoted.append(registration)
    db.session.flush()
    for registration in promoted:
        send_status_mail(forum, registration, "promoted", _issue_link(registration))
    return promoted


def approve(forum: Forum, registrations: list[Registration]) -> dict[str, int]:
    """Approve pending registrations in order: each gets a seat, or a place on the waiting list."""
    _lock(forum)
    settings = settings_for(forum)
    outcome = {"confirmed": 0, "waitlisted": 0}
    for registration in sorted(registrations, key=lambda r: (r.created_at, r.id)):
        if registration.status not in ("pending", "rejected"):
            continue
        if _has_seat(settings, confirmed_counts(forum.id), registration.attendance_mode):
            _confirm(registration)
            db.session.flush()
            send_status_mail(forum, registration, "approved", _issue_link(registration))
        else:
            _waitlist(registration)
            _log_waitlisted(registration)
            send_status_mail(forum, registration, "waitlisted")
        outcome[registration.status] += 1
    db.session.flush()
    return outcome


def reject(forum: Forum, registrations: list[Registration]) -> int:
    count = 0
    for registration in registrations:
        if registration.status in ("pending", "waitlisted", "confirmed"):
            was_confirmed = registration.status == "confirmed"
            registration.status = "rejected"
            registration.decided_at = utcnow()
            _sync_role(registration)
            send_status_mail(forum, registration, "rejected")
            count += 1
            if was_confirmed:
                db.session.flush()
                promote_from_waitlist(forum)
    db.session.flush()
    return count


def check_in(forum: Forum, code: str) -> tuple[Registration | None, bool]:
    """Mark the holder of this code arrived, once. Returns (registration, already checked in before)."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    registration = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                                Registration.checkin_code == code))
    if registration is None or registration.status != "confirmed":
        return registration, False
    # one conditional UPDATE: two desks scanning the same badge at once cannot both check it in
    won = db.session.execute(
        update(Registration).where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(registration)
    return registration, won == 0


def check_in_by_id(forum: Forum, registration_id: int) -> tuple[Registration | None, bool]:
    registration = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                                Registration.id == registration_id))
    if registration is None:
        return None, False
    return check_in(forum, registration.checkin_code)


# --- questions and invitation codes ----------------------------------------------------------

def add_question(forum: Forum, data: dict[str, Any]) -> Question:
    options = [clean_line(o) for o in (data.get("options") or []) if clean_line(o)]
    if data["kind"] in ("single_choice", "multiple_choice") and len(options) < 2:
        raise FormError(_("A choice question needs at least two options, one per line."), field="options")
    position = db.session.scalar(select(func.coalesce(func.max(Question.position), -1))
                                 .where(Question.forum_id == forum.id)) + 1
    question = Question(forum_id=forum.id, label=clean_line(data["label"]), kind=data["kind"],
                        help_text=clean_line(data.get("help_text")), required=bool(data.get("required")),
                        options=options if data["kind"] in ("single_choice", "multiple_choice") else [],
                        position=position)
    db.session.add(question)
    db.session.flush()
    return question


def move_question(forum: Forum, question_id: int, step: int) -> None:
    questions = db.session.scalars(select(Question).where(Question.forum_id == forum.id)
                                   .order_by(Question.position, Question.id)).all()
    index = next((i for i, q in enumerate(questions) if q.id == question_id), None)
    if index is None or not 0 <= index + step < len(questions):
        return
    questions[index], questions[index + step] = questions[index + step], questions[index]
    for position, question in enumerate(questions):
        question.position = position
    db.session.flush()


def remove_question(forum: Forum, question_id: int) -> bool:
    question = db.session.scalar(select(Question).where(Question.forum_id == forum.id, Question.id == question_id))
    if question is None:
        return False
    db.session.delete(question)
    db.session.flush()
    return True


def create_invitation_codes(forum: Forum, count: int, max_uses: int = 1, note: str = "") -> list[InvitationCode]:
    codes = []
    for _index in range(count):
        code = "".join(secrets.choice(CHECKIN_ALPHABET) for _char in range(10))
        codes.append(InvitationCode(forum_id=forum.id, code=code, max_uses=max_uses, note=clean_line(note)))
    db.session.add_all(codes)
    db.session.flush()
    return codes


def import_invitees(forum: Forum, invitees: list[Invitee]) -> dict[str, int]:
    """Register each invitee as if they had filled in the form, the organiser consenting on their behalf.

    An invitation-only forum gets one code covering exactly this import, so the import is on record.
    """
    settings = settings_for(forum)
    code = ""
    if settings.invitation_only:
        code = create_invitation_codes(forum, 1, max_uses=len(invitees),
                                                  note=_("CSV import of %(num)d", num=len(invitees)))[0].code
    outcome = dict.fromkeys(("confirmed", "pending", "waitlisted"), 0)
    for invitee in invitees:
        data = invitee.as_registration_data() | {"consent_privacy": True, "invitation_code": code}
        registration, _token = register(forum, data, notify=True)
        outcome[registration.status] = outcome.get(registration.status, 0) + 1
    return outcome


# --- mail ------------------------------------------------------------------------------------

MAIL_SUBJECTS = {
    "received": "Your place at %(forum)s is confirmed",
    "pending": "We received your registration for %(forum)s",
    "waitlisted": "You are on the waiting list for %(forum)s",
    "approved": "Your registration for %(forum)s is approved",
    "rejected": "Your registration for %(forum)s",
    "promoted": "A place opened up: you are confirmed for %(forum)s",
    "cancelled": "Your registration for %(forum)s is cancelled",
    "link": "Your link to manage your registration for %(forum)s",
    "relinked": "Your new link to manage your registration for %(forum)s",
}


CONFIRMING_MAILS = ("received", "approved", "promoted")  # each tells the person their place is confirmed


@dataclass
class StatusMail:
    """One registration email, written and ready to queue."""

    kind: str
    subject: str
    body: str
    attachment: tuple[str, str, str] | None
    forum_id: int

    def queue(self, registration: Registration) -> None:
        queue_mail(registration.email, self.subject, self.body, forum_id=self.forum_id,
                   registration_id=registration.id, attachment=self.attachment)


def _status_mail(forum: Forum, registration: Registration, kind: str, token: str | None = None) -> StatusMail:
    """The email for this moment of a registration. Confirmations carry the programme (.ics)."""
    manage_url = absolute_url("registration.manage", slug=forum.slug, token=token) if token else ""
    attachment = None
    # confirmed online: the link and the calendar with it (a new registration's mail is written before its row)
    status = "confirmed" if kind in CONFIRMING_MAILS else None
    joins = joins_online(forum, registration, status)
    online_link = forum.online_link if joins else ""
    if kind in CONFIRMING_MAILS:
        attachment = (f"{forum.slug}.ics", "text/calendar", _programme_ics(forum, joins))
    body = render_template(f"registration/email/{kind}.txt", forum=forum, registration=registration,
                           manage_url=manage_url, programme_url=absolute_url("agenda.programme", slug=forum.slug),
                           online_link=online_link, online_sessions=online_sessions(forum) if joins else [])
    return StatusMail(kind, _(MAIL_SUBJECTS[kind], forum=forum.title), body, attachment, forum.id)


def send_status_mail(forum: Forum, registration: Registration, kind: str, token: str | None = None) -> None:
    """Queue the email for this moment of a registration (after its flush: the mail names its id)."""
    _status_mail(forum, registration, kind, token).queue(registration)


def _programme_ics(forum: Forum, links_allowed: bool) -> str:
    from ..agenda.feeds import public_calendar

    return public_calendar(forum, links_allowed)[1].decode()
