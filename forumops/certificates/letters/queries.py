"""Reads of invitation letters: a forum's settings and signatories, the requests (one, a person's, the queue),
and the personal data a request holds, for the person's export and the organisers' CSV when they ask for it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...core.reference import country_name
from ...extensions import db
from ...forums.models import Forum
from ...registration.models import Registration
from ..queries import list_signatories, partners_with_logos  # noqa: F401  (the one of each, the certificates')
from .labels import PURPOSE_LABELS, STATUS_LABELS
from .models import REQUEST_STATUSES, LetterRequest, LetterSettings

OPEN_STATUSES = ("confirmed", "pending")  # the registrations that may ask for a letter


def get_settings(forum: Forum) -> LetterSettings:
    """The forum's letter settings, or unsaved defaults (off, no text yet): a GET never writes."""
    settings = db.session.get(LetterSettings, forum.id)
    return settings or LetterSettings(forum_id=forum.id, is_open=False, subject="", body="", signatory_id=None,
                                      with_forum_logo=True, partner_logo_ids=[])


def can_request(forum: Forum, registration: Registration, settings: LetterSettings) -> bool:
    """Whether this person may ask for a letter now (or change their request): letters are offered and their
    registration is confirmed or waiting for approval."""
    return settings.is_open and registration.status in OPEN_STATUSES and registration.erased_at is None


def request_of(registration: Registration) -> LetterRequest | None:
    """The person's request, with what was issued, or None."""
    return db.session.scalar(select(LetterRequest).options(selectinload(LetterRequest.issued))
                             .where(LetterRequest.registration_id == registration.id))


def get_request(forum: Forum, request_id: int) -> LetterRequest | None:
    """One of this forum's requests (another forum's id is not found), with its registration, the organiser
    who decided and the letter issued."""
    return db.session.scalar(select(LetterRequest).options(
        selectinload(LetterRequest.registration), selectinload(LetterRequest.decided_by),
        selectinload(LetterRequest.issued)).where(LetterRequest.forum_id == forum.id, LetterRequest.id == request_id))


def list_requests(forum: Forum, status: str = "") -> list[LetterRequest]:
    """The forum's requests (of one status, or all), the oldest waiting first; three queries whatever their
    number."""
    statement = select(LetterRequest).options(
        selectinload(LetterRequest.registration), selectinload(LetterRequest.issued),
        selectinload(LetterRequest.decided_by)).where(LetterRequest.forum_id == forum.id)
    if status in REQUEST_STATUSES:
        statement = statement.where(LetterRequest.status == status)
    return list(db.session.scalars(statement.order_by(LetterRequest.status != "requested",
                                                      LetterRequest.requested_at, LetterRequest.id)))


def status_counts(forum: Forum) -> dict[str, int]:
    """How many requests of each status the forum has."""
    counts = dict.fromkeys(REQUEST_STATUSES, 0)
    counts.update(db.session.execute(select(LetterRequest.status, func.count()).where(
        LetterRequest.forum_id == forum.id).group_by(LetterRequest.status)).all())
    return counts


def has_requests(forum: Forum) -> bool:
    """Whether anyone has asked this forum for a letter (the registration CSV then offers their details)."""
    return db.session.scalar(select(LetterRequest.id).where(LetterRequest.forum_id == forum.id).limit(1)) is not None


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def letter_data(registration: Registration) -> list[dict[str, Any]]:
    """The person's request as their own data export shows it: every detail they gave, and what became of it."""
    request = request_of(registration)
    if request is None:
        return []
    return [{"purpose": request.purpose, "passport_name": request.passport_name,
             "nationality": request.nationality, "passport_number": request.passport_number,
             "date_of_birth": _when(request.birth_date), "authority": request.authority_name,
             "authority_address": request.authority_address, "language": request.language,
             "status": request.status, "requested_at": _when(request.requested_at),
             "decided_at": _when(request.decided_at), "decline_reason": request.decline_reason,
             "issued_at": _when(request.issued.issued_at) if request.issued else None}]


def export_columns(forum: Forum, registration_ids: list[int]) -> tuple[list[str], dict[int, list[str]]]:
    """The registration CSV's letter columns, only when an organiser ticked them: headings, and the cells of
    each registration that asked for a letter (two queries, however long the export)."""
    headings = [_("Letter status"), _("Letter purpose"), _("Passport name"), _("Nationality"),
                _("Passport number"), _("Date of birth"), _("Letter addressed to"), _("Its address"),
                _("Letter issued on")]
    cells: dict[int, list[str]] = {}
    wanted = set(registration_ids)  # the forum's requests, picked here: no IN list as long as the export
    for request in db.session.scalars(select(LetterRequest).options(selectinload(LetterRequest.issued)).where(
            LetterRequest.forum_id == forum.id)):
        if request.registration_id in wanted:
            cells[request.registration_id] = [
                str(STATUS_LABELS[request.status]), str(PURPOSE_LABELS[request.purpose]), request.passport_name,
                country_name(request.nationality, "en"), request.passport_number,
                request.birth_date.isoformat() if request.birth_date else "", request.authority_name,
                request.authority_address, request.issued.issued_at.date().isoformat() if request.issued else ""]
    return headings, cells
