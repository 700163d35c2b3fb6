"""Account writes: accounts, server-side sessions, password changes and resets, throttling.
Sign-up and the links that confirm an address are in verification.py."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.database import keep_despite_rollback
from ..core.errors import FormError
from ..core.http import absolute_url, client_address, client_key
from ..core.languages import account_mail_language, written_in
from ..core.logs import security_log
from ..core.models import utcnow
from ..core.outbox import queue_mail
from ..core.text import clean_line
from ..core.tokens import hash_token, new_token
from ..extensions import db
from .models import PasswordResetToken, ThrottleEvent, User, UserSession

PASSWORD_METHOD = "scrypt"  # the default of Config.PASSWORD_HASH_METHOD
_dummy_hashes: dict[str, str] = {}


def hash_password(password: str) -> str:
    """The password's hash with the configured method (scrypt; one cheap round in the testing configuration)."""
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD))


def _dummy_hash() -> str:
    """A hash to check against when the email is unknown, so both paths cost the same time."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD)
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _dummy_hashes[method]


def normalise_email(email: str) -> str:
    """An address as stored and looked up: one clean line in lower case, so one address is one account."""
    return clean_line(email).lower()


def create_user(name: str, email: str, password: str, is_admin: bool = False, verified: bool = False) -> User:
    """Add an account (flushed); an address already in use is refused on the email field.

    `verified`: whoever makes it has shown the address is theirs (an invitation link followed, an administrator
    at the command line, the demo); the sign-up page makes unverified accounts and mails a link instead."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise FormError(_("An account with this email address already exists. Sign in or reset the password."),
                        field="email")
    user = User(name=clean_line(name), email=email, is_admin=is_admin,
                password_hash=hash_password(password), email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials sign in, or None; an unknown address costs a hash too (no timing hint)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or user.is_disabled:
        return None
    return user


def start_session(user: User, user_agent: str = "") -> str:
    """Record a new signed-in browser and return its token (goes into the session cookie)."""
    token = new_token()
    lifetime = current_app.permanent_session_lifetime
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(token),
                               expires_at=utcnow() + lifetime, user_agent=(user_agent or "")[:255]))
    db.session.flush()
    user.session_token = token
    return token


def load_session_user(token: str) -> User | None:
    """The user behind a session token, if that session still exists and has not expired."""
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == hash_token(token)))
    if row is None or row.expires_at <= utcnow() or row.user.is_disabled:
        return None
    user = row.user
    user.session_token = token
    return user


def set_language(user: User, code: str) -> None:
    """Save the language a person chose in the switcher on their account (pages without a cookie, their mail)."""
    user.language = code


def end_session(token: str | None) -> None:
    """End one server-side session by deleting its row: its cookie no longer signs anyone in."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))


def end_other_sessions(user: User, keep_token: str | None = None) -> int:
    """Sign the user out everywhere except (optionally) this browser. Returns sessions ended.

    Every browser stops being a known device of the account too (accounts.devices): the one kept is given a
    new cookie by the page that asked."""
    user.known_device_salt = None
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        statement = statement.where(UserSession.token_hash != hash_token(keep_token))
    return db.session.execute(statement).rowcount or 0  # type: ignore[attr-defined]  # DML: a CursorResult


def set_password(user: User, new_password: str) -> None:
    """Store the hash of a new password; the caller decides which other sessions end."""
    user.password_hash = hash_password(new_password)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Check the current password, set the new one and end every other session of the user."""
    if not check_password_hash(user.password_hash, current_password):
        raise FormError(_("That is not your current password."), field="current_password")
    set_password(user, new_password)
    end_other_sessions(user, keep_token=user.session_token)


def request_password_reset(email: str) -> None:
    """Email a one-time reset link if the address has an account; say nothing either way."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or user.is_disabled:
        return
    token = new_token()
    ttl = current_app.config["PASSWORD_RESET_TTL_SECONDS"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=hash_token(token),
                                      expires_at=utcnow() + timedelta(seconds=ttl)))
    link = absolute_url("accounts.reset_password", token=token)
    with written_in(account_mail_language(user.language)):
        subject = _("Reset your ForumOps password")
        body = _("Hello %(name)s,\n\nSomeone (we hope you) asked to reset the password of your ForumOps account.\n"
                 "Open this link within %(minutes)d minutes to choose a new password:\n\n%(link)s\n\n"
                 "The link works once. If you did not ask for this, ignore this email: nothing changes.\n",
                 name=user.name, minutes=ttl // 60, link=link)
        queue_mail(user.email, subject, body)


def find_valid_reset(token: str) -> PasswordResetToken | None:
    """The reset row for this token if it is unused and not expired, else None."""
    row = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token)))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def reset_password(token: str, new_password: str) -> User | None:
    """Use a reset token once: set the password and end every session of the user.

    The link was mailed to the account's address, so following it confirms the address too (the owner of an
    address someone else signed up with takes the account over this way, and the stranger's sessions end);
    and the address's failed sign-ins are forgotten, so its owner can sign in at once."""
    row = find_valid_reset(token)
    if row is None:
        return None
    row.used_at = utcnow()
    set_password(row.user, new_password)
    end_other_sessions(row.user)
    row.user.email_verified_at = row.user.email_verified_at or utcnow()
    forget_signin_failures(row.user.email)
    return row.user


# --- throttling -------------------------------------------------------------------------------

KEY_LENGTH = 300  # ThrottleEvent.key


def throttle_retry_after(scope: str, keys: list[str], limit: int | None = None,
                         window_seconds: int | None = None) -> int:
    """Seconds until another attempt is allowed for any of these keys (0: allowed now): `limit` attempts in
    `window_seconds` (by default THROTTLE_MAX_FAILURES in THROTTLE_WINDOW_SECONDS)."""
    config = current_app.config
    limit = limit or config["THROTTLE_MAX_FAILURES"]
    window = timedelta(seconds=window_seconds or config["THROTTLE_WINDOW_SECONDS"])
    since = utcnow() - window
    worst = 0
    for key in keys:
        count, oldest = db.session.execute(
            select(func.count(ThrottleEvent.id), func.min(ThrottleEvent.created_at)).where(
                ThrottleEvent.scope == scope, ThrottleEvent.key == key[:KEY_LENGTH], ThrottleEvent.created_at > since
            )
        ).one()
        if count >= limit and oldest is not None:
            if oldest.tzinfo is None:  # func.min bypasses the column type on SQLite
                oldest = oldest.replace(tzinfo=utcnow().tzinfo)
            worst = max(worst, int((oldest + window - utcnow()).total_seconds()) + 1)
    return worst


def record_attempt(scope: str, keys: list[str]) -> None:
    """Count an attempt; it stays counted when the request is refused and rolled back (a wrong password)."""
    for key in keys:
        event = ThrottleEvent(scope=scope, key=key[:KEY_LENGTH])
        db.session.add(event)
        keep_despite_rollback(event)
    db.session.flush()


LINK_MAILS_PER_WINDOW = 3  # per address or link, and per client address x 3, in THROTTLE_WINDOW_SECONDS


def link_mail_retry_after(keys: list[str], scope: str = "manage_link", per_window: int = LINK_MAILS_PER_WINDOW) -> int:
    """Anyone may ask for a private link to be emailed (registration's, a plan's, an address's confirmation):
    a few per address or link and per client, so nobody can flood an inbox from here. Seconds until another is
    allowed (0: allowed now, and this one is counted)."""
    ip_key = f"ip:{client_key()}"
    retry_after = max(throttle_retry_after(scope, keys, per_window),
                      throttle_retry_after(scope, [ip_key], per_window * 3))
    if retry_after:
        security_log.warning("throttled: %s mail from ip=%s", scope, client_address())
        return retry_after
    record_attempt(scope, [*keys, ip_key])
    return 0


def link_mail_throttled(keys: list[str], scope: str = "manage_link", per_window: int = LINK_MAILS_PER_WINDOW) -> bool:
    """link_mail_retry_after as yes or no: True, refused; False, allowed and counted."""
    return bool(link_mail_retry_after(keys, scope, per_window))


def signin_keys(email: str) -> dict[str, tuple[str, int, int | None]]:
    """What a failed sign-in counts against: key -> (key, limit, window in seconds).

    The address from this client (THROTTLE_MAX_FAILURES): a stranger failing from elsewhere never pauses the
    owner's own browser. This client on any address (SIGNIN_CLIENT_MAX_FAILURES): one machine trying many
    accounts. The address from anywhere (SIGNIN_ADDRESS_MAX_FAILURES an hour): a guess spread over many
    clients is still bounded, slowly enough that failing it takes a crowd."""
    config = current_app.config
    address, client = normalise_email(email), client_key()
    return {"pair": (f"pair:{client}|{address}", config["THROTTLE_MAX_FAILURES"], None),
            "client": (f"ip:{client}", config["SIGNIN_CLIENT_MAX_FAILURES"], None),
            "address": (f"email:{address}", config["SIGNIN_ADDRESS_MAX_FAILURES"],
                        config["SIGNIN_ADDRESS_WINDOW_SECONDS"])}


def signin_retry_after(email: str, known_device: bool = False) -> int:
    """Seconds until this client may try this address again (0: now). A browser that signed in to this
    account before (`known_device`, accounts.devices) is spared the address-wide limit, which a stranger can
    fill from anywhere; the limits of this client still hold for it."""
    keys = signin_keys(email)
    if known_device:
        del keys["address"]
    return max(throttle_retry_after("signin", [key], limit, window) for key, limit, window in keys.values())


def record_signin_failure(email: str) -> None:
    """Count a wrong password against the address from this client, this client, and the address."""
    record_attempt("signin", [key for key, _limit, _window in signin_keys(email).values()])


def forget_signin_failures(email: str) -> None:
    """Its owner proved the address (a password reset): the failures counted against it no longer hold."""
    address = normalise_email(email)
    db.session.execute(delete(ThrottleEvent).where(
        ThrottleEvent.scope == "signin",
        (ThrottleEvent.key == f"email:{address}"[:KEY_LENGTH])
        | ThrottleEvent.key.endswith(f"|{address}"[:KEY_LENGTH], autoescape=True)))


def prune_throttle_events() -> int:
    """Drop events older than the longest window that counts them (the daily "accounts-prune" job)."""
    config = current_app.config
    since = utcnow() - timedelta(seconds=max(config["THROTTLE_WINDOW_SECONDS"], config["SIGNIN_ADDRESS_WINDOW_SECONDS"],
                                             config.get("REGISTRATIONS_PER_CLIENT_WINDOW_SECONDS", 0)))
    deleted = db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.created_at <= since))
    return deleted.rowcount or 0  # type: ignore[attr-defined]  # DML: a CursorResult


def prune_expired_sessions() -> int:
    """Drop sessions past their expiry (the daily "accounts-prune" job, `flask forumops prune`)."""
    deleted = db.session.execute(delete(UserSession).where(UserSession.expires_at <= utcnow()))
    return deleted.rowcount or 0  # type: ignore[attr-defined]  # DML: a CursorResult
