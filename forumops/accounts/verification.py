"""Addresses people have shown are theirs (writes flush, never commit).

Sign-up answers the same whether or not the address has an account, and mails the address either a link that
confirms it or a note that it has an account already. Until a link is followed the account may sign in but gains
nothing by its address: no forum of its own, no role (core.permissions VERIFIED, forums.invitations,
registration.seats). A change of address is mailed to the new address and takes effect only when its link is
followed; the old address stays in force meanwhile.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash

from ..core.database import lock_for_update
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.languages import account_mail_language, written_in
from ..core.models import utcnow
from ..core.outbox import queue_mail
from ..core.tokens import hash_token, new_token
from ..extensions import db
from .models import EmailVerification, User
from .operations import create_user, hash_password, normalise_email

MAIL_SCOPE = "verify_mail"  # the throttle of every mail sent from here: per address and per client


def ttl_hours() -> int:
    """How long a confirmation link works (EMAIL_VERIFICATION_TTL_HOURS, 48 by default)."""
    return current_app.config["EMAIL_VERIFICATION_TTL_HOURS"]


def account_with(email: str) -> User | None:
    """The account whose address this is, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


# --- sign-up -----------------------------------------------------------------------------------------

def sign_up(name: str, email: str, password: str) -> None:
    """A new, unconfirmed account and a link to confirm its address; or, when the address has an account
    already, only a note to it saying so. Both cost a password hash, and the caller answers the same."""
    existing = account_with(email)
    if existing is not None:
        hash_password(password)  # the time a new account takes, so timing tells nothing either
        mail_account_exists(existing)
        return
    user = create_user(name, email, password)
    send_link(user, user.email)


def mail_account_exists(account: User) -> None:
    """Tell an address that already has an account how to get in, instead of anything else (in the
    account's language)."""
    with written_in(account_mail_language(account.language)):
        _mail_account_exists(account.email)


def _mail_account_exists(email: str) -> None:
    queue_mail(email, _("You already have a ForumOps account"), "\n\n".join((
        _("Hello,"),
        _("Someone (perhaps you) asked to use this address (%(email)s) for a new ForumOps account. It already has "
          "an account, so nothing was created or changed.", email=email),
        _("Sign in with it here:"), absolute_url("accounts.signin"),
        _("Forgotten the password? Choose a new one here:"), absolute_url("accounts.forgot_password"),
        _("If this was not you, ignore this email."),
    )) + "\n")


# --- links ---------------------------------------------------------------------------------------------

def _new_link(user: User, email: str) -> tuple[EmailVerification, str]:
    """A link row for this address and its token; every earlier link of the account stops working, so an
    address mistyped in an earlier request can never be confirmed later."""
    now = utcnow()
    _replace_links(user, now)
    token = new_token()
    row = EmailVerification(user_id=user.id, user=user, email=email, token_hash=hash_token(token), created_at=now,
                            expires_at=now + timedelta(hours=ttl_hours()))
    db.session.add(row)
    db.session.flush()
    return row, token


def _replace_links(user: User, now, keep_id: int | None = None) -> None:
    """Mark the account's links not used yet as replaced (all but `keep_id`)."""
    statement = update(EmailVerification).where(
        EmailVerification.user_id == user.id, EmailVerification.used_at.is_(None),
        EmailVerification.replaced_at.is_(None))
    if keep_id is not None:
        statement = statement.where(EmailVerification.id != keep_id)
    db.session.execute(statement.values(replaced_at=now).execution_options(synchronize_session="fetch"))


def send_link(user: User, email: str) -> EmailVerification:
    """Mail `email` a link that confirms it for this account (earlier links stop working)."""
    row, token = _new_link(user, email)
    with written_in(account_mail_language(user.language)):
        _mail_link(user, email, absolute_url("accounts.verify_email", token=token))
    return row


def _mail_link(user: User, email: str, link: str) -> None:
    if email == user.email:
        subject = _("Confirm your email address for ForumOps")
        why = _("Someone (we hope you) created a ForumOps account with this address. Open this link within "
                "%(hours)d hours to confirm that it is yours:", hours=ttl_hours())
        until = _("Until you do, the account can sign in but cannot create forums or accept roles.")
    else:
        subject = _("Confirm your new email address for ForumOps")
        why = _("The ForumOps account of %(name)s asked to use this address instead of %(old)s. Open this link "
                "within %(hours)d hours to confirm it:", name=user.name, old=user.email, hours=ttl_hours())
        until = _("The account keeps its current address until you do.")
    queue_mail(email, subject, "\n\n".join((
        _("Hello %(name)s,", name=user.name), why, link, until,
        _("If you did not ask for this, do not open the link: ignore this email and nothing changes."),
    )) + "\n")


def pending_link(user: User) -> EmailVerification | None:
    """The account's newest link not used nor replaced (perhaps expired): the address it is waiting for."""
    return db.session.scalar(select(EmailVerification).where(
        EmailVerification.user_id == user.id, EmailVerification.used_at.is_(None),
        EmailVerification.replaced_at.is_(None)).order_by(EmailVerification.id.desc()).limit(1))


def address_to_confirm(user: User) -> str | None:
    """The address a new link would go to: a change waiting for its link, else the account's own if it is not
    confirmed yet; None when there is nothing to confirm."""
    pending = pending_link(user)
    if pending is not None and (pending.changes_address or not user.is_verified):
        return pending.email
    return None if user.is_verified else user.email


def send_again(user: User) -> str | None:
    """A new link to the address waiting for confirmation (the earlier link stops working). Returns that
    address, or None when there is nothing to confirm."""
    email = address_to_confirm(user)
    if email is not None:
        _link_or_notice(user, email)
    return email


def find_by_token(token: str) -> EmailVerification | None:
    """The link a token names, by the token's hash only."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(EmailVerification).where(EmailVerification.token_hash == hash_token(token)))


class AddressTaken(Exception):
    """The new address has come to belong to another account since the change was asked for."""


def confirm(row: EmailVerification) -> str:
    """Follow a link once: the address it was sent to becomes the account's, confirmed. Returns the link's state
    as it was found (only "pending" did anything); AddressTaken when another account has the address now."""
    db.session.execute(lock_for_update(select(EmailVerification.id).where(EmailVerification.id == row.id)))
    db.session.refresh(row)  # a double click, or a second tab, sees the first one's answer
    state = row.state
    if state != "pending":
        return state
    user = row.user
    now = utcnow()
    if row.changes_address:
        owner = account_with(row.email)
        if owner is not None and owner.id != user.id:
            raise AddressTaken(row.email)
        old, was_verified = user.email, user.is_verified
        user.email = row.email
        if was_verified:
            _mail_address_changed(user, old)
    user.email_verified_at = now
    row.used_at = now
    _replace_links(user, now, keep_id=row.id)
    db.session.flush()
    return state


def _mail_address_changed(user: User, old: str) -> None:
    with written_in(account_mail_language(user.language)):
        _mail_old_address(user, old)


def _mail_old_address(user: User, old: str) -> None:
    queue_mail(old, _("Your ForumOps address was changed"), "\n\n".join((
        _("Hello %(name)s,", name=user.name),
        _("Your ForumOps account now uses the address %(new)s; this address (%(old)s) no longer signs in to it.",
          new=user.email, old=old),
        _("If you did not ask for this, write to the site's administrator at once."),
    )) + "\n")


# --- a change of address ---------------------------------------------------------------------------------

def request_address_change(user: User, new_email: str, password: str) -> str:
    """Mail the new address a link; the old one stays in force until it is followed. The password is asked so
    a borrowed session cannot move the account away. An address that has an account already is told so, and
    the account shows the same "waiting for the link" either way. Returns the new address."""
    if not check_password_hash(user.password_hash, password):
        raise FormError(_("That is not your current password."), field="current_password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise FormError(_("That is already your address."), field="email")
    _link_or_notice(user, new_email)
    return new_email


def _link_or_notice(user: User, email: str) -> None:
    """A link to confirm `email`; but when it is another account's address the change waits as any does while
    nobody is given its link, and that account is told instead (so the account asking learns nothing)."""
    other = account_with(email) if email != user.email else None
    if other is not None:
        _new_link(user, email)
        mail_account_exists(other)
    else:
        send_link(user, email)


def cancel_address_change(user: User) -> str | None:
    """Stop a change of address waiting for its link (the link stops working). Returns the address it was
    going to, or None when no change was waiting."""
    pending = pending_link(user)
    if pending is None or not pending.changes_address:
        return None
    pending.replaced_at = utcnow()
    db.session.flush()
    return pending.email


LINKS_KEPT_DAYS = 30  # after expiring, a link still says what became of it; then `prune` forgets its address


def prune_links() -> int:
    """Delete links that expired more than LINKS_KEPT_DAYS ago (run from `flask forumops prune`)."""
    deleted = db.session.execute(delete(EmailVerification).where(
        EmailVerification.expires_at <= utcnow() - timedelta(days=LINKS_KEPT_DAYS)))
    return deleted.rowcount or 0  # type: ignore[attr-defined]  # DML: a CursorResult
