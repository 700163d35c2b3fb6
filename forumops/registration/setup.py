"""What organisers set up before and while registration is open: the settings (capacity, approval,
invitation only, dates, privacy notice, the categories the public may choose), the form's own questions,
invitation codes, invitees imported from a CSV file, and the category they give a registration."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..core.errors import FormError
from ..core.outbox import caused_by
from ..core.quotas import check_mail_quota
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import QUESTION, forget_versions
from .csvio import Invitee
from .models import (
    CATEGORIES,
    CHECKIN_ALPHABET,
    PUBLIC_CATEGORIES,
    InvitationCode,
    Question,
    Registration,
    RegistrationSettings,
)
from .seats import promote_from_waitlist, register, settings_for


def update_settings(forum: Forum, data: dict[str, Any]) -> RegistrationSettings:
    """Save the settings given in data; a larger capacity lets the waiting list in. Refuses a close before the open."""
    settings = settings_for(forum)
    for name in ("opens_at", "closes_at", "capacity", "capacity_in_person", "capacity_online",
                 "approval_required", "invitation_only"):
        if name in data:
            setattr(settings, name, data[name])
    if "privacy_notice" in data:
        settings.privacy_notice = clean_text(data["privacy_notice"])
    if "public_categories" in data:
        chosen = [c for c in PUBLIC_CATEGORIES if c in (data["public_categories"] or [])]
        if not chosen:
            raise FormError(_("Tick at least one category for the form to offer."), field="public_categories")
        settings.public_categories = chosen
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        raise FormError(_("Registration must close after it opens."), field="closes_at")
    db.session.flush()
    promote_from_waitlist(forum)  # a larger capacity lets the first in line in
    return settings


def change_category(registration: Registration, category: str) -> None:
    """Organisers give a registration its category, the ones the public form never offers included
    (resource person, organiser staff: SPEAKER and STAFF on the badge)."""
    if category not in CATEGORIES:
        raise FormError(_("Choose one of the categories offered."), field="category")
    registration.category = category
    db.session.flush()


def add_question(forum: Forum, data: dict[str, Any]) -> Question:
    """A new question at the end of the form; a choice question needs two options at least."""
    options = [clean_line(o) for o in (data.get("options") or []) if clean_line(o)]
    if data["kind"] in ("single_choice", "multiple_choice") and len(options) < 2:
        raise FormError(_("A choice question needs at least two options, one per line."), field="options")
    position = db.session.execute(select(func.coalesce(func.max(Question.position), -1))
                                  .where(Question.forum_id == forum.id)).scalar_one() + 1
    question = Question(forum_id=forum.id, label=clean_line(data["label"]), kind=data["kind"],
                        help_text=clean_line(data.get("help_text")), required=bool(data.get("required")),
                        options=options if data["kind"] in ("single_choice", "multiple_choice") else [],
                        position=position)
    db.session.add(question)
    db.session.flush()
    return question


def move_question(forum: Forum, question_id: int, step: int) -> None:
    """Move a question up (step -1) or down (+1) the form; past either end, or another forum's, nothing moves."""
    questions = list(db.session.scalars(select(Question).where(Question.forum_id == forum.id)
                                        .order_by(Question.position, Question.id)))
    index = next((i for i, q in enumerate(questions) if q.id == question_id), None)
    if index is None or not 0 <= index + step < len(questions):
        return
    questions[index], questions[index + step] = questions[index + step], questions[index]
    for position, question in enumerate(questions):
        question.position = position
    db.session.flush()


def remove_question(forum: Forum, question_id: int) -> bool:
    """Delete one of this forum's questions and its versions in other languages; False when it has no such
    question."""
    question = db.session.scalar(select(Question).where(Question.forum_id == forum.id, Question.id == question_id))
    if question is None:
        return False
    forget_versions(forum.id, QUESTION, [question.id])
    db.session.delete(question)
    db.session.flush()
    return True


def create_invitation_codes(forum: Forum, count: int, max_uses: int = 1, note: str = "") -> list[InvitationCode]:
    """count new random codes, each good for max_uses registrations."""
    codes = []
    for _index in range(count):
        code = "".join(secrets.choice(CHECKIN_ALPHABET) for _char in range(10))
        codes.append(InvitationCode(forum_id=forum.id, code=code, max_uses=max_uses, note=clean_line(note)))
    db.session.add_all(codes)
    db.session.flush()
    return codes


def import_invitees(forum: Forum, invitees: list[Invitee], actor: User | None = None) -> dict[str, int]:
    """Register each invitee as if they had filled in the form, the organiser consenting on their behalf, in
    the caller's transaction (a short list: registration.imports hands long ones to the worker).

    Each person is emailed at the organiser's request, so the whole list is refused first (nothing written)
    when those emails would pass the organiser's or the forum's quota (core.quotas). An invitation-only forum
    gets one code covering exactly this import, so the import is on record.
    """
    check_mail_quota(forum_id=forum.id, actor_id=actor.id if actor is not None else None, count=len(invitees),
                     zone=forum.timezone)
    invitation = invitation_code_for_import(forum, len(invitees))
    code = invitation.code if invitation is not None else ""
    outcome = dict.fromkeys(("confirmed", "pending", "waitlisted"), 0)
    with caused_by(actor.id if actor is not None else None):  # their emails count against the organiser's quota
        for invitee in invitees:
            data = invitee.as_registration_data() | {"consent_privacy": True, "invitation_code": code}
            registration, _token = register(forum, data, notify=True)
            outcome[registration.status] = outcome.get(registration.status, 0) + 1
    return outcome


def invitation_code_for_import(forum: Forum, count: int) -> InvitationCode | None:
    """On an invitation-only forum, one code covering exactly an import's `count` rows."""
    if not settings_for(forum).invitation_only:
        return None
    return create_invitation_codes(forum, 1, max_uses=count, note=_("CSV import of %(num)d", num=count))[0]
