"""Known devices: a browser that signed in to an account is spared that account's address-wide sign-in limit,
so a stranger failing on the address from anywhere cannot lock its owner out of their own browser.

On every sign-in the browser gets a signed cookie naming the account (by id) and the account's device salt
(User.known_device_salt). It is signed with the app's SECRET_KEY under a purpose of its own, so neither a
session cookie nor anything else the app signs can pass for it. Signing out everywhere else (a password
change, a reset, "sign out of other browsers": operations.end_other_sessions) forgets the salt, so every
cookie issued before stops counting; the browser that asked is given a new one. The per-(address, client)
limit still holds for a known device (operations.signin_keys).
"""

from __future__ import annotations

import hmac
import secrets

from flask import Response, after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from .models import User
from .queries import get_user_by_email

COOKIE_NAME = "forumops_device"
PURPOSE = "forumops.accounts.known-device"  # the signature's salt: only this module's cookies verify
KNOWN_DEVICE_DAYS = 180
SALT_BYTES = 16  # 128 random bits, url-safe: 22 characters (User.known_device_salt holds 32)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=PURPOSE)


def _max_age() -> int:
    return KNOWN_DEVICE_DAYS * 24 * 3600


def remember_device(user: User) -> None:
    """Mark this browser as one that signed in to `user` (the cookie is set on this request's answer). The
    account's device salt is made when it has none (its first sign-in, or after everywhere was signed out)."""
    if not user.known_device_salt:
        user.known_device_salt = secrets.token_urlsafe(SALT_BYTES)
    value = _serializer().dumps({"account": user.id, "salt": user.known_device_salt})

    @after_this_request
    def set_cookie(response: Response) -> Response:
        """Where the session cookie goes, lasting KNOWN_DEVICE_DAYS; never readable by a script."""
        app, interface = current_app, current_app.session_interface
        response.set_cookie(COOKIE_NAME, value, max_age=_max_age(), path=interface.get_cookie_path(app),
                            domain=interface.get_cookie_domain(app), secure=app.config["SESSION_COOKIE_SECURE"],
                            httponly=True, samesite="Lax")
        return response


def is_known_device(email: str) -> bool:
    """This browser signed in to the account with this address within KNOWN_DEVICE_DAYS, and nothing has
    signed that account out everywhere since."""
    value = request.cookies.get(COOKIE_NAME)
    if not value or not email:
        return False
    try:
        claim = _serializer().loads(value, max_age=_max_age())
    except BadData:
        return False
    if not isinstance(claim, dict) or not isinstance(claim.get("salt"), str):
        return False
    user = get_user_by_email(email)
    return bool(user is not None and user.known_device_salt and claim.get("account") == user.id
                and hmac.compare_digest(claim["salt"], user.known_device_salt))
