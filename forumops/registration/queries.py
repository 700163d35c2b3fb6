"""Registration reads."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..forums.models import Forum
from .models import Question, Registration, RegistrationSettings


def get_settings(forum: Forum) -> RegistrationSettings:
    """The forum's settings, or unsaved defaults (a GET never writes)."""
    settings = db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.forum_id == forum.id))
    return settings or RegistrationSettings(forum_id=forum.id, approval_required=False, invitation_only=False,
                                            privacy_notice="")


def list_questions(forum: Forum) -> list[Question]:
    return list(db.session.scalars(select(Question).where(Question.forum_id == forum.id)
                                   .order_by(Question.position, Question.id)))


def registration_of_user(forum: Forum, user) -> Registration | None:
    """The registration this account made. Never matched by email alone: sign-up does not verify the
    address, so anyone could name an account after someone else's email."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.user_id == user.id))


def get_registration(forum: Forum, registration_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.id == registration_id))


def status_counts(forum: Forum) -> dict[str, int]:
    rows = db.session.execute(select(Registration.status, func.count(Registration.id))
                              .where(Registration.forum_id == forum.id).group_by(Registration.status)).all()
    counts = dict.fromkeys(("pending", "confirmed", "waitlisted", "rejected", "cancelled"), 0)
    counts.update({status: count for status, count in rows})
    counts["checked_in"] = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.forum_id == forum.id, Registration.checked_in_at.is_not(None))) or 0
    return counts


def registration_by_email(forum: Forum, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.email == email.strip().lower()))
