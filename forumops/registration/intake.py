"""What the public form does with a submission, so that a stranger learns nothing from its answer and cannot
make the site work for them.

* The answer is the same whatever became of the submission: "check your email". A new registration is
  emailed its status and link; an address registered already is emailed its current link with a note that
  the form was filled in again (the person at that address learns it, the typist does not); a filled-in
  honeypot (forms.RegistrationForm.website) registers nothing and sends nothing.
* The invitation code is checked before the address is looked at (seats.register), so a wrong code is
  refused alike for a registered address and a new one, and a right one is spent alike; only the code the
  address's registration was made with is neither spent nor refused again (the form sent twice: a duplicate).
* So are the files sent as answers: each is judged by its content before the forum lock, and under it the
  answers' room is counted before the address is looked at, so a refused file is refused alike, beside its
  question, whether or not the address is registered.
* Every answered submission counts against its client for the forum (core.http.client_key: an IPv6
  address's /64): REGISTRATIONS_PER_CLIENT in REGISTRATIONS_PER_CLIENT_WINDOW_SECONDS (generous: an office
  behind one address still registers). One whose file was refused counts too: judging it (type, a PDF's
  checks, an image re-encoded) is the work a script would make the site do, refused or not.
* Each submission spends one of the address's link emails (accounts' LINK_MAILS_PER_WINDOW, the budget of
  "email me my link"), new or registered alike, so that budget running out tells nobody anything; only the
  note to a registered address is held back by it (a new registration's own email always goes).
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..accounts.operations import LINK_MAILS_PER_WINDOW, record_attempt, throttle_retry_after
from ..core.database import take_write_lock
from ..core.files import FileRefused
from ..core.http import client_address, client_key
from ..core.languages import reader_language
from ..core.logs import email_ref, security_log
from ..core.text import clean_line
from ..forums.models import Forum
from . import links, seats
from .answers import judged_answer_files
from .models import Registration

SCOPE = "registration"  # ThrottleEvent.scope of registrations counted per client address
LINK_SCOPE = "manage_link"  # the budget accounts.browser.link_mail_refused keeps per address


def _client_key(forum: Forum) -> str:
    return f"forum:{forum.id}:ip:{client_key()}"


def retry_after(forum: Forum) -> int:
    """Seconds until this client may send the forum's form again (0: now)."""
    config = current_app.config
    limit = config["REGISTRATIONS_PER_CLIENT"]
    if not limit:
        return 0
    return throttle_retry_after(SCOPE, [_client_key(forum)], limit,
                                window_seconds=config["REGISTRATIONS_PER_CLIENT_WINDOW_SECONDS"])


def _count(forum: Forum) -> None:
    """Count the submission against its client; kept when the request is refused (a wrong code)."""
    take_write_lock()  # already held after a seat decision; the honeypot's only write
    record_attempt(SCOPE, [_client_key(forum)])


def _spend_address_budget(email: str) -> bool:
    """One of the address's link emails; False when none is left in the window (then nothing is counted)."""
    key = f"email:{email}"
    if throttle_retry_after(LINK_SCOPE, [key], LINK_MAILS_PER_WINDOW):
        return False
    record_attempt(LINK_SCOPE, [key])
    return True


def register_from_form(forum: Forum, data: dict[str, Any], user, honeypot: str = "") -> Registration | None:
    """Register what the public form sent; the new registration, or None when nothing was registered (the
    address was registered already, or a robot filled in the honeypot). Either way the caller answers alike.

    The signed-in account is attached only when it bears the address typed (seats.account_bears_address).
    Refusals (closed, a wrong invitation code) raise as seats.register's do, the code's counted first.
    """
    email = clean_line(data.get("email")).lower()  # as seats.register stores it
    if honeypot:
        security_log.info("honeypot: registration for forum %s not made, ip=%s", forum.id, client_address())
        _count(forum)
        return None
    account = user if seats.account_bears_address(user, email) else None
    try:
        # the language of the page the form was filled in: every email to this person is written in it
        with judged_answer_files(data.get("answer_files") or {}) as judged:  # before the lock, for any address
            registration, _token = seats.register(
                forum, {**data, "answer_files": judged, "language": reader_language()}, account, check_open=True)
    except seats.DuplicateRegistration as duplicate:
        _count(forum)
        if _spend_address_budget(email):
            links.email_current_link(forum, duplicate.registration, kind="already_registered")
        else:
            security_log.warning("throttled: already-registered note to %s for forum %s", email_ref(email),
                                 forum.id)
        return None
    except (seats.InvitationRefused, FileRefused):
        _count(forum)  # guessing codes, or files judged and refused (seconds of work each), spend registrations
        raise
    _count(forum)
    _spend_address_budget(email)  # as the duplicate's note does, so the budget left says nothing
    return registration
