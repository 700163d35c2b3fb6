"""Account reads."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import User, UserSession


def get_user_by_email(email: str) -> User | None:
    """The account with this address (trimmed, any case), or None."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def list_sessions(user: User) -> list[UserSession]:
    """A user's signed-in sessions, newest first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at.desc())
    ))
