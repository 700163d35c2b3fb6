"""Privacy writes: record an erasure request, erase a participant, purge forums past their retention.

Erasing anonymises in place rather than deleting, so every count (desk, check-in, outcome report)
stays what it was; see README "Privacy" for what is kept and why. They flush, never commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from ..accounts.models import EmailVerification, PasswordResetToken, User, UserSession
from ..accounts.operations import hash_password
from ..agenda.models import AgendaPerson, CalendarFeed
from ..certificates.letters.operations import forget_letters
from ..certificates.models import IssuedDocument
from ..clusters.models import ClusterAssignment, NoteDraft
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.languages import mail_language_of, written_in
from ..core.models import utcnow
from ..core.outbox import OutboxMessage, queue_mail
from ..core.tokens import new_token
from ..evaluations.answer_operations import forget_answers
from ..evaluations.feedback_operations import forget_feedback
from ..extensions import db
from ..followup.models import ActionPlan, PlanLink
from ..forums.models import Forum, ForumMember, RoleInvitation
from ..forums.versions import title_in
from ..registration import links as registration_links
from ..registration import seats as registration_seats
from ..registration.answers import forget_files_of
from ..registration.models import Registration, new_checkin_code
from ..travel.models import Support, TravelDetails
from .models import ErasureRequest

# What an erased person is called from then on, everywhere their name was shown.
ERASED_NAME = "Erased participant"
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: .invalid never resolves, so nothing is ever delivered there
STILL_OPEN = ("pending", "confirmed", "waitlisted")


def erased_email() -> str:
    """A unique address nobody can receive mail at (registrations are UNIQUE per forum and email)."""
    return f"erased-{secrets.token_hex(12)}@{ERASED_DOMAIN}"


def open_request(registration: Registration) -> ErasureRequest | None:
    """The registration's erasure request not yet carried out, or None."""
    return db.session.scalar(select(ErasureRequest).where(
        ErasureRequest.registration_id == registration.id, ErasureRequest.completed_at.is_(None)))


def request_erasure(forum: Forum, registration: Registration, via: str) -> tuple[ErasureRequest, bool]:
    """Record that the person wants this registration erased, and email them that it is recorded.

    Asking twice does not make a second request. Returns (request, whether it is new)."""
    existing = open_request(registration)
    if existing is not None:
        return existing, False
    erasure = ErasureRequest(forum_id=forum.id, registration_id=registration.id, via=via)
    db.session.add(erasure)
    db.session.flush()
    with written_in(mail_language_of(registration.language, forum.languages)):
        title = title_in(forum)
        body = render_template("privacy/email/erasure_requested.txt", forum=forum, forum_title=title,
                               registration=registration, forum_url=absolute_url("forums.detail", slug=forum.slug))
        subject = _("Your request to erase your data from %(forum)s", forum=title)
    queue_mail(registration.email, subject, body, forum_id=forum.id, registration_id=registration.id)
    return erasure, True


# --- erasing ---------------------------------------------------------------------------------------

def _has_other_reason(user: User, registration: Registration | None = None) -> bool:
    """Does the account serve anything but this registration (another forum, a role, an agenda slot)?
    Without a registration: does it serve anything at all?"""
    if user.is_admin:
        return True
    registrations = select(Registration.id).where(  # the account's own, never a match by email
        Registration.user_id == user.id, Registration.erased_at.is_(None))
    roles = select(ForumMember.id).where(ForumMember.user_id == user.id)
    if registration is not None:
        registrations = registrations.where(Registration.id != registration.id)
        roles = roles.where(or_(ForumMember.forum_id != registration.forum_id, ForumMember.role != "participant"))
    staff = select(ClusterAssignment.id).where(ClusterAssignment.user_id == user.id)
    speaker = select(AgendaPerson.id).where(AgendaPerson.user_id == user.id)
    return any(db.session.scalar(query.limit(1)) is not None for query in (registrations, roles, staff, speaker))


def can_close_account(user: User) -> bool:
    """An account that holds nothing but its owner's name and address: its owner may erase it at once."""
    return not _has_other_reason(user)


def close_account(user: User) -> None:
    """The owner erases an account that serves nothing else; one that does goes through the organisers."""
    if not can_close_account(user):
        raise FormError(_("Your account is used for a forum (a registration, a role or a place in a "
                          "programme): ask for erasure of those, or write to the site's administrator."))
    anonymise_account(user)


def anonymise_account(user: User) -> None:
    """Name and email gone, no password anyone knows, disabled, and every session ended at once."""
    old_email, confirmed = user.email, user.is_verified
    user.name = ERASED_NAME
    user.email = erased_email()
    user.email_verified_at = None
    user.password_hash = hash_password(new_token())
    user.is_disabled = True
    for model in (UserSession, PasswordResetToken, EmailVerification, CalendarFeed, NoteDraft, ForumMember):
        db.session.execute(delete(model).where(model.user_id == user.id))
    # roles offered to the address: those this account accepted; and, when the address was confirmed as its
    # owner's, the open ones too. An unconfirmed account may bear a stranger's address: closing it must not
    # take that person's invitations or mail with it.
    offered = RoleInvitation.accepted_by_id == user.id
    if confirmed:
        offered = offered | (func.lower(RoleInvitation.email) == old_email.lower())
    db.session.execute(delete(RoleInvitation).where(offered))
    # the account's own mail (password resets, invitations: no forum; addresses of accounts are unique);
    # forums' mail to the address goes with each registration's erasure, by its link, never by address
    if confirmed:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.forum_id.is_(None),
                                                       func.lower(OutboxMessage.to_address) == old_email.lower()))


def _forget_getting_there(registration: Registration) -> None:
    """What is funded for them, their travel details (flights, hotel, room, who meets them, notes) and the files
    they sent as answers, with the files' bytes when no one else sent the same file. No count needs any of it;
    their answers themselves (phone numbers, organisers-only ones) go with registration.answers."""
    for model in (Support, TravelDetails):
        db.session.execute(delete(model).where(model.registration_id == registration.id))
    forget_files_of(registration)  # not downloadable any more, and the next backup no longer holds them


@dataclass
class ErasureOutcome:
    erased: bool  # False when it had been erased before
    cancelled: bool = False  # the forum had not ended, so the place was freed
    account_erased: bool = False


def erase_registration(forum: Forum, registration: Registration) -> ErasureOutcome:
    """Remove the person's data from this registration and everything tied to it; keep what counts need.

    Kept: status, category, country, attendance mode, gender code, check-in time, cluster assignment,
    and the organisation only when the person agreed to list it publicly. Idempotent."""
    if registration.erased_at is not None:
        return ErasureOutcome(erased=False)
    cancelled = False
    if registration.status in STILL_OPEN and forum.end_date >= date.today():
        # before the forum is over an erased person cannot come: the place goes to the next in line
        registration_seats.cancel(forum, registration, notify=False)
        cancelled = True
    user = db.session.get(User, registration.user_id) if registration.user_id else None

    registration.name = ERASED_NAME
    registration.email = erased_email()
    registration.job_title = ""
    registration.dietary_needs = ""
    registration.accessibility_needs = ""
    registration.answers = {}
    registration.consent_photos = False
    if not registration.list_publicly:
        registration.organisation = None
    registration_links.forget_links(registration)
    forget_letters(registration)  # passport name and number, nationality, date of birth (papers: below)
    registration.checkin_code = new_checkin_code()
    registration.user_id = None
    registration.erased_at = utcnow()

    db.session.execute(update(ActionPlan).where(  # linked plans only, never a match by address
        ActionPlan.forum_id == forum.id, ActionPlan.registration_id == registration.id)
        .values(owner_name=ERASED_NAME, owner_email="")
        .execution_options(synchronize_session=False))
    db.session.execute(delete(PlanLink).where(PlanLink.plan_id.in_(  # their private links open nothing any more
        select(ActionPlan.id).where(ActionPlan.forum_id == forum.id, ActionPlan.registration_id == registration.id)))
        .execution_options(synchronize_session=False))
    # this registration's own mail (it carried the name and the private link); never mail that only goes to
    # the same address, which may be someone else's (a plan owner's reporting link, another forum)
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.registration_id == registration.id))
    # the certificates and letters issued to them (name as printed, a letter's passport details): their codes then
    # verify as never issued, and the public verification page shows nobody's name any more
    db.session.execute(delete(IssuedDocument).where(IssuedDocument.registration_id == registration.id)
                       .execution_options(synchronize_session=False))
    # their ratings and comments of sessions: a row names them (registration_id cannot be emptied), so it goes, and
    # the sessions' counts and means fall with it; the comment alone could say who wrote it
    forget_feedback(registration)
    forget_answers(registration)  # drafts deleted, named answers unlinked (evaluations.answer_operations)
    _forget_getting_there(registration)
    db.session.execute(update(ErasureRequest).where(
        ErasureRequest.registration_id == registration.id, ErasureRequest.completed_at.is_(None))
        .values(completed_at=utcnow()).execution_options(synchronize_session=False))

    account_erased = False
    if user is not None:
        db.session.execute(delete(ForumMember).where(
            ForumMember.forum_id == forum.id, ForumMember.user_id == user.id, ForumMember.role == "participant"))
        db.session.execute(delete(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                      CalendarFeed.user_id == user.id))
        db.session.flush()
        if not _has_other_reason(user, registration):
            anonymise_account(user)
            account_erased = True
    db.session.flush()
    return ErasureOutcome(erased=True, cancelled=cancelled, account_erased=account_erased)


# --- retention ---------------------------------------------------------------------------------------

@dataclass
class PurgePlan:
    forum: Forum
    expired_on: date
    registrations: list[Registration]


def retention_expired(today: date | None = None) -> list[PurgePlan]:
    """Forums whose end date plus retention period has passed, each with its not yet erased registrations."""
    today = today or date.today()
    forums = db.session.scalars(select(Forum).where(Forum.retention_days.is_not(None)).order_by(Forum.end_date))
    plans = []
    for forum in forums:
        assert forum.retention_days is not None  # the query takes only forums with a period
        expired_on = forum.end_date + timedelta(days=forum.retention_days)
        if expired_on >= today:
            continue
        registrations = list(db.session.scalars(select(Registration).where(
            Registration.forum_id == forum.id, Registration.erased_at.is_(None)).order_by(Registration.id)).unique())
        plans.append(PurgePlan(forum, expired_on, registrations))
    return plans


def purge(today: date | None = None, dry_run: bool = False) -> list[tuple[PurgePlan, int]]:
    """Anonymise every registration of forums past their retention. Returns (plan, accounts erased)."""
    done = []
    for plan in retention_expired(today):
        accounts = 0
        if not dry_run:
            for registration in plan.registrations:
                accounts += erase_registration(plan.forum, registration).account_erased
        done.append((plan, accounts))
    return done
