"""A forum's invitation-letter settings, and each person's request for a letter.

The details a letter needs (the name as in the passport, nationality, passport number, date of birth) are
personal data that only the person and the forum's organisers see: they leave in the person's own data export
and, ticked by an organiser, in the registration CSV; erasing the registration deletes the request
(letters.operations.forget_letters, called by privacy.operations.erase_registration).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...accounts.models import User
from ...core.models import UTCDateTime, one_of, utcnow
from ...extensions import db
from ...registration.models import Registration
from ..models import IssuedDocument, PaperSignatory

PURPOSES = ("visa", "employer", "other")
REQUEST_STATUSES = ("requested", "approved", "declined")


class LetterSettings(db.Model):
    """How a forum writes its invitation letters. One row per forum, made when an organiser first saves."""

    __tablename__ = "letter_settings"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True)
    is_open: Mapped[bool] = mapped_column(default=False)  # participants may request a letter
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # {placeholders}: letters.text.PLACEHOLDERS
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("paper_signatories.id", ondelete="SET NULL"),
                                                     nullable=True)
    with_forum_logo: Mapped[bool] = mapped_column(default=True)
    # the partners (organisation ids) whose logos head the letter, in the forum's order of partners
    partner_logo_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    signatory: Mapped[PaperSignatory | None] = relationship()


class LetterRequest(db.Model):
    """One person's request for an invitation letter (at most one per registration): changed or withdrawn by
    the person until an organiser approves it; approving issues the letter (`issued`), whose text is kept in
    `letter` so every later download prints what was issued."""

    __tablename__ = "letter_requests"
    __table_args__ = (
        CheckConstraint(one_of("purpose", PURPOSES), name="purpose_known"),
        CheckConstraint(one_of("status", REQUEST_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="requested", index=True)
    purpose: Mapped[str] = mapped_column(String(12), default="visa")
    # personal data: the person and the organisers only (see the module's docstring)
    passport_name: Mapped[str] = mapped_column(String(200))
    nationality: Mapped[str] = mapped_column(String(2))
    passport_number: Mapped[str] = mapped_column(String(20), default="")  # only when the person chose to give it
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    authority_name: Mapped[str] = mapped_column(String(300), default="")
    authority_address: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")  # the letter's
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    issued_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="SET NULL"),
                                                  nullable=True)
    # the letter as issued: subject, body, addressee lines, date line, signatory id (letters.paper)
    letter: Mapped[dict] = mapped_column(JSON, default=dict)

    registration: Mapped[Registration] = relationship()
    decided_by: Mapped[User | None] = relationship()
    issued: Mapped[IssuedDocument | None] = relationship()
