"""Signing a browser in and throttling attempts: shared by the account pages and every other page that
signs someone in (accepting a role invitation creates the account and signs it in)."""

from __future__ import annotations

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.exceptions import TooManyRequests

from ..core.http import client_address, client_key
from ..core.logs import security_log
from . import devices, operations


def throttle(scope: str, keys: list[str], limit: int | None = None) -> None:
    """Refuse with 429 (and Retry-After) while any of these keys has too many recent attempts."""
    retry_after = operations.throttle_retry_after(scope, keys, limit)
    if retry_after:
        security_log.warning("throttled: %s from ip=%s for %s s", scope, client_address(), retry_after)
        raise TooManyRequests(retry_after=retry_after)


def link_mail_refused(keys: list[str], scope: str = "manage_link") -> bool:
    """Anyone may ask for a private link to be emailed: True (with a message for the page) when the address,
    link or client asked too often (operations.link_mail_throttled); otherwise the attempt is counted."""
    if operations.link_mail_throttled(keys, scope=scope):
        flash(_("Several links were sent a moment ago. Please look for them in your inbox (and its spam folder), "
                "or try again in a few minutes."), "error")
        return True
    return False


def refuse_signin(email: str) -> None:
    """429 (with Retry-After) while this client failed too often on this address, on any address, or the address
    failed too often from anywhere (operations.signin_keys); that last one spares a browser that signed in to
    the account before (devices.is_known_device), so a stranger cannot lock its owner out of it."""
    retry_after = operations.signin_retry_after(email, known_device=devices.is_known_device(email))
    if retry_after:
        security_log.warning("throttled: signin from ip=%s for %s s", client_address(), retry_after)
        raise TooManyRequests(retry_after=retry_after)


def refuse_link_mail(keys: list[str], scope: str) -> None:
    """The same limit as link_mail_refused, answered with the 429 page (and Retry-After) when a page has no
    form to go back to: the attempt is counted when allowed."""
    retry_after = operations.link_mail_retry_after(keys, scope=scope)
    if retry_after:
        raise TooManyRequests(retry_after=retry_after)


def count_signup_attempt() -> None:
    """Every attempt to create an account counts (not only failures), so twice the sign-in limit applies."""
    keys = [f"ip:{client_key()}"]
    throttle("signup", keys, limit=current_app.config["THROTTLE_MAX_FAILURES"] * 2)
    operations.record_attempt("signup", keys)


def sign_in_browser(user) -> None:
    """A fresh session for every sign-in: nothing from before survives into it; and the browser is a known
    device of the account from now on (devices)."""
    session.clear()
    operations.start_session(user, request.headers.get("User-Agent", ""))
    login_user(user)
    session.permanent = True
    devices.remember_device(user)
