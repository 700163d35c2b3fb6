"""Erasure requests: a person asked the organisers of one forum to erase their registration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..registration.models import Registration

REQUEST_CHANNELS = ("link", "account")


class ErasureRequest(db.Model):
    """Open until an organiser erases the registration (completed_at). Holds no personal data itself."""

    __tablename__ = "erasure_requests"
    __table_args__ = (CheckConstraint(one_of("via", REQUEST_CHANNELS), name="via_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    via: Mapped[str] = mapped_column(String(12), default="link")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    registration: Mapped[Registration] = relationship()
