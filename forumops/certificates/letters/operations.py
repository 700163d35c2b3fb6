"""Writes of invitation letters: the organisers' settings, a person's request (made, changed, withdrawn), the
organisers' decision (approving issues the letter through certificates.issuing, all or nothing), and
forgetting every letter detail when the registration is erased. They flush, never commit."""

from __future__ import annotations

import io
import logging
from datetime import UTC, date

from flask_babel import gettext as _
from sqlalchemy import delete, select

from ...core.database import lock_forum
from ...core.errors import FormError
from ...core.i18n import day_in_zone
from ...core.models import utcnow
from ...extensions import db
from ...forums.models import Forum
from ...registration.models import Registration
from ..issuing import code_of, issue
from ..models import IssuedDocument, PaperSignatory
from . import mail, queries
from .models import LetterRequest, LetterSettings
from .paper import check_signatory, draw_letter
from .text import LetterText, check_texts, letter_languages, write_letter

log = logging.getLogger(__name__)

SETTINGS_FIELDS = ("is_open", "subject", "body", "with_forum_logo")
REQUEST_FIELDS = ("purpose", "passport_name", "nationality", "passport_number", "birth_date", "authority_name",
                  "authority_address", "language")


def save_settings(forum: Forum, data: dict) -> LetterSettings:
    """Store the forum's letter settings. Refuses a text naming an unknown placeholder (beside its field), a
    signatory of another forum, or letters offered without a subject and body."""
    check_texts(data["subject"], data["body"])
    signatory_id = data.get("signatory_id")
    if signatory_id is not None and db.session.scalar(select(PaperSignatory.id).where(
            PaperSignatory.id == signatory_id, PaperSignatory.forum_id == forum.id)) is None:
        raise FormError(_("Choose one of the forum's signatories."), field="signatory")
    if data["is_open"] and not (data["subject"].strip() and data["body"].strip()):
        raise FormError(_("Write the letter before offering it."), field="body")
    settings = db.session.get(LetterSettings, forum.id)
    if settings is None:
        settings = LetterSettings(forum_id=forum.id)
        db.session.add(settings)
    for name in SETTINGS_FIELDS:
        setattr(settings, name, data[name])
    settings.signatory_id = signatory_id
    settings.partner_logo_ids = [int(i) for i in data.get("partner_logo_ids") or []]
    db.session.flush()
    return settings


def submit_request(forum: Forum, registration: Registration, data: dict) -> LetterRequest:
    """Ask for a letter, or change the request: allowed while letters are offered, the registration is
    confirmed or waiting for approval, and no letter was issued yet. A declined request changed is asked again."""
    lock_forum(forum.id)  # two quick submissions make one request
    settings = queries.get_settings(forum)
    if not queries.can_request(forum, registration, settings):
        raise FormError(_("Invitation letters cannot be requested for this registration now."))
    if data["language"] not in letter_languages(forum, settings):
        raise FormError(_("Choose one of the languages offered."), field="language")
    request = queries.request_of(registration)
    if request is not None and request.status == "approved":
        raise FormError(_("Your letter is issued already: it cannot be changed. Write to the organisers if "
                          "something on it is wrong."))
    if request is None:
        request = LetterRequest(forum_id=forum.id, registration_id=registration.id)
        db.session.add(request)
    for name in REQUEST_FIELDS:
        setattr(request, name, data[name])
    request.status = "requested"
    request.requested_at = utcnow()
    request.decided_at, request.decided_by_id, request.decline_reason = None, None, ""
    db.session.flush()
    return request


def withdraw_request(forum: Forum, registration: Registration) -> None:
    """The person no longer wants a letter: the request and the details in it are deleted. A letter already
    issued stays (it is in the register of issued papers); only organisers can revoke it."""
    lock_forum(forum.id)
    request = queries.request_of(registration)
    if request is None:
        return
    if request.status == "approved":
        raise FormError(_("Your letter is issued already, so the request cannot be withdrawn. Write to the "
                          "organisers if it should no longer be used."))
    db.session.delete(request)
    db.session.flush()


def request_version(request: LetterRequest) -> str:
    """What the organiser's decision is tied to: the moment the person last sent the request (each change sends
    it again), posted back with Approve and Decline so a decision is never on details the organiser did not see."""
    return request.requested_at.astimezone(UTC).isoformat()


def _waiting(forum: Forum, request: LetterRequest, seen_version: str) -> None:
    """Re-read the request under the forum's lock and refuse a decision on one already decided (two organisers,
    or a double click, never issue two letters) or changed since the organiser opened it."""
    lock_forum(forum.id)
    db.session.refresh(request)
    if request.status != "requested":
        raise FormError(_("This request was decided already."))
    if seen_version != request_version(request):
        raise FormError(_("The request changed since you opened it: read it again."))


def approve(forum: Forum, request: LetterRequest, actor, seen_version: str) -> IssuedDocument:
    """Issue the letter the organiser read (`seen_version`: request_version when they opened it): checked whole
    first (a confirmed registration, the letter's text and its signatory with a signature image), then one
    IssuedDocument, the letter's text kept on the request, the letter drawn once into nothing to prove it can be,
    and an email to the person. A refusal, or a letter that cannot be drawn, leaves nothing issued."""
    _waiting(forum, request, seen_version)
    registration = request.registration
    if registration.status != "confirmed":
        raise FormError(_("%(name)s's registration is not confirmed: confirm it at the registration desk before "
                          "issuing a letter.", name=registration.name))
    settings = queries.get_settings(forum)
    if not (settings.subject.strip() and settings.body.strip()):
        raise FormError(_("Write the letter in the letter settings first."))
    signatory = check_signatory(settings.signatory)
    issued_on = day_in_zone(forum.timezone)
    text = write_letter(forum, settings, request, issued_on)
    issued = issue(registration, "letter", holder_name=request.passport_name, language=text.language,
                   details=_details(forum, request, text, issued_on), by_id=actor.id)
    try:  # drawn now, into a buffer thrown away: a letter that cannot be drawn is never issued
        draw_letter(forum, settings, text, signatory, code_of(issued), io.BytesIO())
    except Exception as error:
        log.exception("the letter of request %s of %s could not be drawn", request.id, forum.slug)
        raise FormError(_("The letter could not be drawn, so it was not issued: %(why)s",
                          why=str(error) or type(error).__name__)) from error
    request.letter = {**text.as_json(), "signatory_id": signatory.id}
    request.status, request.issued_id = "approved", issued.id
    request.decided_at, request.decided_by_id = utcnow(), actor.id
    db.session.flush()
    mail.send_decision_mail(forum, request)
    return issued


def _details(forum: Forum, request: LetterRequest, text: LetterText, issued_on: date) -> dict:
    """What the register of issued papers keeps of a letter besides the holder's name, and what the verification
    page repeats of it: the forum's title, dates and venue as the letter prints them."""
    return {"purpose": request.purpose, "authority": request.authority_name,
            "start_date": forum.start_date.isoformat(), "end_date": forum.end_date.isoformat(),
            "forum_title": text.forum_title, "dates": text.dates, "venue": text.venue,
            "issued_on": issued_on.isoformat(), "request_id": request.id}


def decline(forum: Forum, request: LetterRequest, reason: str, actor, seen_version: str) -> None:
    """Decline the request the organiser read (`seen_version`) with a reason, which the person reads on their page
    and in an email."""
    reason = (reason or "").strip()
    if not reason:
        raise FormError(_("Say why: the person reads it."), field="reason")
    _waiting(forum, request, seen_version)
    request.status, request.decline_reason = "declined", reason
    request.decided_at, request.decided_by_id = utcnow(), actor.id
    db.session.flush()
    mail.send_decision_mail(forum, request)


def forget_letters(registration: Registration) -> None:
    """Erasure: the person's request and the private details in it (passport name, nationality, passport number,
    date of birth, the authority) are deleted. The letters issued to them go with every other paper of theirs in
    privacy.operations.erase_registration, whose code then verifies as never issued."""
    db.session.execute(delete(LetterRequest).where(LetterRequest.registration_id == registration.id)
                       .execution_options(synchronize_session=False))
