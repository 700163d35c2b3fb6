"""Seat decisions: registering, approving, rejecting, cancelling, a change of attendance mode, and the waiting
list moving up. Seats are counted under the forum's lock (core.database.lock_forum), so capacity is never
oversold: on SQLite the transaction holds the database's write lock (BEGIN IMMEDIATE), on PostgreSQL the
forum row is locked FOR UPDATE. Each decision queues the person's email (mail.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.models import User
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.i18n import format_moment
from ..core.languages import forum_main, known
from ..core.logs import security_log
from ..core.models import utcnow
from ..core.text import clean_line
from ..core.tokens import hash_token, new_token
from ..extensions import db
from ..forums.models import Forum, ForumMember
from ..forums.operations import add_member
from ..organisations.operations import find_or_create_organisation
from ..organisations.queries import find_organisation
from .answers import participant_answers, refuse_unless_room, store_answer_files
from .links import issue_link
from .mail import send_status_mail, status_mail
from .models import InvitationCode, Registration, RegistrationSettings, new_checkin_code
from .queries import SeatState, confirmed_counts, places_left, seat_state, settings_statement


class DuplicateRegistration(FormError):
    """This email is already registered for the forum. The public form never says so (intake.py emails the
    address its link instead); the error is for callers that register people themselves."""

    def __init__(self, registration: Registration):
        super().__init__(_("%(email)s is already registered for this forum.", email=registration.email),
                         field="email")
        self.registration = registration


class RegistrationClosed(FormError):
    """Registration closed (or its closing time passed) while this request waited for the seat lock."""


class InvitationRefused(FormError):
    """The invitation code is wrong or used up (checked before anything about the address is)."""


def settings_for(forum: Forum) -> RegistrationSettings:
    """The forum's settings as committed now (re-read even when the session holds an older copy)."""
    settings = db.session.scalar(settings_statement(), {"forum_id": forum.id},
                                 execution_options={"populate_existing": True})
    if settings is None:
        settings = RegistrationSettings(forum_id=forum.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def closed_reason(forum: Forum, settings: RegistrationSettings | SeatState | None, now: datetime | None = None) -> str:
    """Why registration is closed now, or "" when it is open."""
    now = now or utcnow()
    if forum.status != "registration_open":
        return _("Registration for this forum is not open.")
    if settings is not None and settings.opens_at and now < settings.opens_at:
        return _("Registration opens on %(when)s (%(zone)s).", when=format_moment(settings.opens_at, "long",
                                                                                   forum.timezone), zone=forum.timezone)
    if settings is not None and settings.closes_at and now >= settings.closes_at:
        closed = format_moment(settings.closes_at, "long", forum.timezone)
        return _("Registration closed on %(when)s (%(zone)s).", when=closed, zone=forum.timezone)
    return ""


def _has_seat(settings: RegistrationSettings | SeatState, counts: dict[str, int], mode: str) -> bool:
    return places_left(settings, counts, mode) != 0


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
        add_member(db.session.get_one(Forum, registration.forum_id), db.session.get_one(User, registration.user_id),
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
    # the participant's own answers: never the organisers' (answers.py), none for a question no longer shown
    registration.answers = participant_answers(forum, registration.answers, data.get("answers"))


def _use_invitation(forum: Forum, code: str, existing_id: int | None) -> InvitationCode:
    """Spend one use of the code, refused alike for a registered address and a new one; but a code the
    address's own registration was made with is not spent again, nor refused as used up: that is the person
    sending the form twice (a double click), who is registered, so it is the duplicate, "check your email"."""
    invitation = db.session.scalar(select(InvitationCode).where(
        InvitationCode.forum_id == forum.id, InvitationCode.code == clean_line(code).upper()))
    if invitation is not None and existing_id is not None:
        existing = db.session.get_one(Registration, existing_id)
        if existing.invitation_code_id == invitation.id:
            raise DuplicateRegistration(existing)
    if invitation is None or invitation.used >= invitation.max_uses:
        raise InvitationRefused(_("This invitation code is not valid for this forum, or it has been used up."),
                        field="invitation_code")
    invitation.used += 1
    return invitation


def register(forum: Forum, data: dict[str, Any], user: User | None = None, notify: bool = True,
             check_open: bool = False) -> tuple[Registration, str]:
    """Register someone; returns the registration and its private manage token (shown once, emailed).

    The seat lock serialises every seat decision of the forum, so only what depends on other registrations
    happens under it: taking the lock (BEGIN IMMEDIATE on SQLite, the forum row FOR UPDATE on PostgreSQL),
    one read of the seat state, the room for the files sent as answers and the invitation code (checked first:
    only then does an address registered already raise DuplicateRegistration), a new directory entry when the
    organisation is new,
    the participant role of a signed-in registrant who is confirmed, one INSERT with the status decided,
    the mail's text again if the outcome changed while waiting, and the mail's INSERT. Everything else
    (the person's details, the directory lookup, the mail's text for the likely outcome, early refusals)
    is done before, and the files sent as answers (`answer_files`) come judged already
    (answers.judged_answer_files). `check_open` (the public form) asks again, under the lock, whether
    registration is still open: an organiser may have closed it, or its closing time passed, while this request
    waited.
    """
    if not data.get("consent_privacy"):
        raise FormError(_("Please accept the privacy notice to register."), field="consent_privacy")
    email = clean_line(data["email"]).lower()
    token = new_token()
    registration = Registration(forum_id=forum.id, email=email, consent_privacy=True,
                                manage_token_hash=hash_token(token), checkin_code=new_checkin_code())
    _copy_details(forum, registration, data)
    # the language the form was filled in (intake.py says which); an import or the desk: the forum's main one
    registration.language = known(data.get("language")) or forum_main(forum.languages)
    # only the account the caller names is attached (the public form names the signed-in one only when its
    # confirmed address is this one, account_bears_address): an account merely named after this email must
    # not gain the registration, its participant role or its badge. An unconfirmed account's registration
    # joins it later, from the private link.
    registration.user_id = user.id if user is not None and user.is_authenticated and user.is_verified else None
    organisation_name = clean_line(data.get("organisation"))
    organisation = find_organisation(organisation_name, registration.country) if organisation_name else None

    likely = seat_state(forum, email)  # without the lock: refuse early, and write the likely mail
    _refuse_closed(forum, likely, check_open)
    mail = (status_mail(forum, registration, _outcome(likely, registration), token)
            if notify and likely.existing_id is None else None)

    lock_forum(forum.id)
    state = seat_state(forum, email)  # as committed now: the decision is made on this
    _refuse_closed(forum, state, check_open)
    if data.get("answer_files"):  # before the address too: a file without room is refused alike, registered or not
        refuse_unless_room(forum, data["answer_files"])
    if state.invitation_only:  # before the address: a wrong code is refused alike, registered or not
        registration.invitation_code_id = _use_invitation(forum, data.get("invitation_code") or "",
                                                          state.existing_id).id
    if state.existing_id is not None:
        raise DuplicateRegistration(db.session.get_one(Registration, state.existing_id))
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
    if data.get("answer_files"):  # counted in the answers' room as they are stored: a refusal undoes it all
        store_answer_files(forum, registration, data["answer_files"])
    if registration.status == "waitlisted":
        _log_waitlisted(registration)
    if notify:
        if mail is None or mail.kind != outcome:  # the likely outcome changed while this request waited
            mail = status_mail(forum, registration, outcome, token)
        mail.queue(registration)
    return registration, token


def _refuse_closed(forum: Forum, state: SeatState, check_open: bool) -> None:
    if check_open:
        # the status as read with the state, without marking the forum changed
        set_committed_value(forum, "status", state.forum_status)
        reason = closed_reason(forum, state)
        if reason:
            raise RegistrationClosed(reason)


def _outcome(state: SeatState, registration: Registration) -> str:
    """The mail a new registration gets, which names its status: pending, received (confirmed) or waitlisted."""
    if state.approval_required:
        return "pending"
    return "received" if _has_seat(state, state.counts, registration.attendance_mode) else "waitlisted"


def account_bears_address(user, email: str) -> bool:
    """The signed-in account has this address, confirmed: the one test for a registration joining an account, made on
    the public form or later from its private link. An address typed by someone else joins no account, so
    it never gains that account's roles (badge_queries) nor tells the typist whether it was registered."""
    return bool(user is not None and user.is_authenticated and user.is_verified and email
                and user.email.strip().lower() == email.strip().lower())


def can_link_to_account(registration: Registration, user) -> bool:
    """Made signed out, and this account bears its address (erased registrations bear none)."""
    return (registration.user_id is None and registration.erased_at is None
            and account_bears_address(user, registration.email))


def link_to_account(forum: Forum, registration: Registration, user: User) -> None:
    """Join a registration made signed out to the account with its email address.

    Called by someone holding the registration's private link. That alone proves nothing (whoever registered
    saw the link on screen, whatever address they typed), so the account's address must be confirmed: a link
    sent to it was followed.
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
    needs approval: approve() only waitlists approved people); otherwise they keep their place in line.
    The registration is read again under the lock: the organisers' answers saved since the page was read stay.
    The files sent as answers (`answer_files`) come judged already (answers.judged_answer_files)."""
    lock_forum(forum.id)
    db.session.refresh(registration)
    if registration.status in ("cancelled", "rejected"):
        raise FormError(_("This registration is %(status)s and can no longer be changed.",
                          status=_(registration.status)))
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
    store_answer_files(forum, registration, data.get("answer_files") or {})  # and drops those no longer asked
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
    send_status_mail(forum, registration, "promoted", issue_link(registration))
    return RegistrationChange(registration.status, seat_given=True)


def cancel(forum: Forum, registration: Registration, notify: bool = True) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first in line. Returns those promoted."""
    if registration.status == "cancelled":
        return []
    lock_forum(forum.id)
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
    lock_forum(forum.id)
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
        send_status_mail(forum, registration, "promoted", issue_link(registration))
    return promoted


def approve(forum: Forum, registrations: list[Registration]) -> dict[str, int]:
    """Approve pending registrations in order: each gets a seat, or a place on the waiting list."""
    lock_forum(forum.id)
    settings = settings_for(forum)
    outcome = {"confirmed": 0, "waitlisted": 0}
    for registration in sorted(registrations, key=lambda r: (r.created_at, r.id)):
        if registration.status not in ("pending", "rejected"):
            continue
        if _has_seat(settings, confirmed_counts(forum.id), registration.attendance_mode):
            _confirm(registration)
            db.session.flush()
            send_status_mail(forum, registration, "approved", issue_link(registration))
        else:
            _waitlist(registration)
            _log_waitlisted(registration)
            send_status_mail(forum, registration, "waitlisted")
        outcome[registration.status] += 1
    db.session.flush()
    return outcome


def reject(forum: Forum, registrations: list[Registration]) -> int:
    """Reject these, mailing each, and let the waiting list into freed places; returns how many were rejected."""
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


def set_mail_language(registration: Registration, code: str | None) -> None:
    """The participant chooses the language of every email to them (any language ForumOps ships)."""
    language = known(code)
    if language is None:
        raise FormError(_("Choose one of the languages listed."), field="mail_language")
    registration.language = language
    db.session.flush()
