"""Writes of feedback on programme items: a participant rates a session they attended (once; sending again
changes their rating), and their erasure removes what they said. They flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..agenda.models import AgendaItem
from ..core.errors import FormError
from ..core.i18n import format_day
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .feedback_queries import (
    COMMENT_LIMIT,
    RATINGS,
    feedback_last_day,
    feedback_of,
    feedback_phase,
    has_attended,
    takes_feedback,
)
from .models import SessionFeedback


def save_feedback(forum: Forum, registration: Registration, item: AgendaItem, rating: int, comment: str,
                  now: datetime | None = None) -> bool:
    """Keep this person's rating (1 to 5) and comment of a session they attended, while feedback on it is open.
    Returns True when it replaced their earlier feedback on the item, False when it is their first.

    Two sends at once (a double tap on a phone) still leave one row: the insert runs in a savepoint, and when the
    unique constraint refuses it the row the other request wrote is updated instead."""
    now = now or utcnow()
    if not takes_feedback(item) or item.forum_id != forum.id:
        raise FormError(_("This programme item does not take feedback."))
    phase = feedback_phase(forum, item, now)
    if phase == "not_yet":
        raise FormError(_("You can rate this session once it has started."), "rating")
    if phase == "closed":
        raise FormError(_("Feedback on this forum’s sessions was taken until %(day)s.",
                          day=format_day(feedback_last_day(forum))),
                        "rating")
    if rating not in RATINGS:
        raise FormError(_("Choose a rating from 1 to 5."), "rating")
    if len(comment) > COMMENT_LIMIT:
        raise FormError(_("Use at most %(max)d characters.", max=COMMENT_LIMIT), "comment")
    if not has_attended(forum, registration, item):
        raise FormError(_("Only participants recorded as attending this session can rate it. If you were there, "
                          "ask the registration desk to record your attendance."), "rating")
    existing = feedback_of(item, registration)
    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(SessionFeedback(forum_id=forum.id, agenda_item_id=item.id,
                                               registration_id=registration.id, rating=rating, comment=comment))
            return False
        except IntegrityError:  # the same person's other request wrote it first: theirs is updated below
            existing = feedback_of(item, registration)
            if existing is None:
                raise
    existing.rating, existing.comment = rating, comment
    db.session.flush()
    return True


def forget_feedback(registration: Registration) -> None:
    """Delete this person's feedback on every session (their erasure): the rating row names them, so it goes,
    and the session's counts fall with it."""
    db.session.execute(delete(SessionFeedback).where(SessionFeedback.registration_id == registration.id)
                       .execution_options(synchronize_session=False))
