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
from .answers import forget_answer_files
from .csvio import Invitee
from .kinds import can_be_condition
from .models import (
    ANSWERLESS_KINDS,
    CATEGORIES,
    CHECKIN_ALPHABET,
    PUBLIC_CATEGORIES,
    QUESTION_KINDS,
    InvitationCode,
    Question,
    Registration,
    RegistrationSettings,
)
from .seats import promote_from_waitlist, register, settings_for

OPTION_KINDS = ("single_choice", "multiple_choice")  # the kinds whose options the organisers write


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
    """A new question at the end of the form. Refused beside the field at fault: a choice question with fewer than
    two options, options or bounds given for a kind that has none, bounds the wrong way round, a heading or an
    organisers' question made required, a condition on anything but an earlier choice question."""
    kind = data.get("kind")
    if kind not in QUESTION_KINDS:
        raise FormError(_("Choose one of the kinds of answer offered."), field="kind")
    options = [clean_line(o) for o in (data.get("options") or []) if clean_line(o)]
    if kind in OPTION_KINDS and len(options) < 2:
        raise FormError(_("A choice question needs at least two options, one per line."), field="options")
    if options and kind not in OPTION_KINDS:
        raise FormError(_("Only single and multiple choice questions have options: empty this box, or choose one "
                          "of those kinds."), field="options")
    low, high = data.get("min_value"), data.get("max_value")
    if kind != "number" and (low is not None or high is not None):
        raise FormError(_("Only number questions have a smallest and a largest number: empty these, or choose "
                          "“Number”."), field="min_value" if low is not None else "max_value")
    if low is not None and high is not None and low > high:
        raise FormError(_("The largest number accepted must not be smaller than the smallest."), field="max_value")
    organisers_only, required = bool(data.get("organisers_only")), bool(data.get("required"))
    if required and kind in ANSWERLESS_KINDS:
        raise FormError(_("A heading takes no answer: untick “An answer is required”."), field="required")
    if required and organisers_only:
        raise FormError(_("Organisers fill their own questions when they can, so these cannot be required."),
                        field="required")
    position = db.session.execute(select(func.coalesce(func.max(Question.position), -1))
                                  .where(Question.forum_id == forum.id)).scalar_one() + 1
    shown_if, values = _condition(forum, data.get("shown_if") or [], organisers_only, position)
    question = Question(forum_id=forum.id, label=clean_line(data["label"]), kind=kind,
                        help_text=clean_line(data.get("help_text")), required=required,
                        options=options, position=position, min_value=_bound(low), max_value=_bound(high),
                        shown_if_question_id=shown_if, shown_if_values=values, organisers_only=organisers_only)
    db.session.add(question)
    db.session.flush()
    return question


def _bound(value) -> float | None:
    return float(value) if value is not None else None


def _condition(forum: Forum, ticked: list[str], organisers_only: bool, position: int) -> tuple[int | None, list[str]]:
    """The earlier question and its answers that show a question, from the boxes ticked ("12:yes"), or refused."""
    if not ticked:
        return None, []
    if organisers_only:
        raise FormError(_("Organisers always see their own questions: untick every answer under “Show only "
                          "when”."), field="shown_if")
    pairs = [str(one).partition(":") for one in ticked]
    ids = {question_id for question_id, _colon, _value in pairs}
    if len(ids) != 1:
        raise FormError(_("Tick answers of one earlier question only."), field="shown_if")
    question_id = ids.pop()
    earlier = db.session.scalar(select(Question).where(
        Question.forum_id == forum.id, Question.id == (int(question_id) if question_id.isdigit() else 0)))
    if earlier is None or earlier.position >= position:
        raise FormError(_("A question can only be shown on the answer to an earlier question of this form."),
                        field="shown_if")
    if not can_be_condition(earlier):
        raise FormError(_("A question can only be shown on the answer to a choice or yes/no question that "
                          "participants answer."), field="shown_if")
    offered = ["yes", "no"] if earlier.kind == "yes_no" else list(earlier.options or [])
    chosen = {value for _id, _colon, value in pairs}
    if not chosen <= set(offered):
        raise FormError(_("Choose among the answers that question offers."), field="shown_if")
    return earlier.id, [value for value in offered if value in chosen]


def move_question(forum: Forum, question_id: int, step: int) -> None:
    """Move a question up (step -1) or down (+1) the form; past either end, or another forum's, nothing moves. A
    question shown on another's answer stays after it (refused, saying so)."""
    questions = list(db.session.scalars(select(Question).where(Question.forum_id == forum.id)
                                        .order_by(Question.position, Question.id)))
    index = next((i for i, q in enumerate(questions) if q.id == question_id), None)
    if index is None or not 0 <= index + step < len(questions):
        return
    questions[index], questions[index + step] = questions[index + step], questions[index]
    places = {question.id: place for place, question in enumerate(questions)}
    for question in questions:
        earlier = question.shown_if_question_id
        if earlier in places and places[earlier] > places[question.id]:
            raise FormError(_("“%(question)s” is asked only on an answer to “%(earlier)s”, so it stays after it.",
                              question=question.label,
                              earlier=next(q.label for q in questions if q.id == earlier)))
    for position, question in enumerate(questions):
        question.position = position
    db.session.flush()


def remove_question(forum: Forum, question_id: int) -> bool:
    """Delete one of this forum's questions and its versions in other languages; False when it has no such
    question. The questions shown on its answer are asked of everyone from now on; the files sent as its answers
    are deleted (the answers' other values stay on each registration)."""
    question = db.session.scalar(select(Question).where(Question.forum_id == forum.id, Question.id == question_id))
    if question is None:
        return False
    for dependent in db.session.scalars(select(Question).where(Question.shown_if_question_id == question.id)):
        dependent.shown_if_question_id, dependent.shown_if_values = None, []
    forget_answer_files(question)
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
