"""A registration's private links (the manage link from its emails): one more issued and emailed, all of
them replaced when the person fears one was seen, all of them forgotten on erasure. Only each link's hash
is stored (core.tokens); finding the registration a link opens is queries.find_by_token."""

from __future__ import annotations

from sqlalchemy import delete, insert, update

from ..core.models import utcnow
from ..core.tokens import hash_token, new_token
from ..extensions import db
from ..forums.models import Forum
from .mail import send_status_mail
from .models import ManageLink, Registration


def issue_link(registration: Registration) -> str:
    """One more private link for an email; the links the person already holds keep working."""
    token = new_token()
    db.session.add(ManageLink(registration_id=registration.id, token_hash=hash_token(token)))
    return token


def issue_links(registration_ids: list[int]) -> dict[int, str]:
    """One more private link for each of these registrations, in one INSERT (an announcement to many people
    carrying {private_link}): registration id -> token. Earlier links keep working, as issue_link's do."""
    tokens = {registration_id: new_token() for registration_id in registration_ids}
    if tokens:
        now = utcnow()
        db.session.execute(insert(ManageLink.__table__), [
            {"registration_id": registration_id, "token_hash": hash_token(token), "created_at": now}
            for registration_id, token in tokens.items()])
    return tokens


def email_current_link(forum: Forum, registration: Registration, kind: str = "link") -> str:
    """Email a working link to the registered address (asked for by anyone who knows the address, so it
    never stops the links the person holds: only the person can do that, with replace_links). `kind`
    "already_registered": the public form was filled in again with this address, and the email says so."""
    token = issue_link(registration)
    db.session.flush()
    send_status_mail(forum, registration, kind, token)
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
    token = new_token()
    registration.manage_token_hash = hash_token(token)
    db.session.flush()
    send_status_mail(forum, registration, "relinked", token)
    return token


def forget_links(registration: Registration) -> None:
    """Erasure: no link of this registration opens anything any more, not even a "replaced" page."""
    db.session.execute(delete(ManageLink).where(ManageLink.registration_id == registration.id))
    registration.manage_token_hash = hash_token(new_token())
