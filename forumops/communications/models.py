"""Announcements (what organisers write to participants), who each went to, saved templates, opt-outs and a
forum's limits.

An announcement's text is the organiser's, with placeholders; each recipient's filled copy is the outbox row
the recipient row points to, so the person's private page can show exactly what they were sent. Recipient
rows hold no name or address (the registration does), so erasing a person needs nothing here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db

# draft: saved, not sent (automatic messages wait so); queued: in the outbox to go now; scheduled: in the
# outbox, held back until send_at; cancelled: its unsent mail taken out of the outbox
ANNOUNCEMENT_STATUSES = ("draft", "queued", "scheduled", "cancelled")
# mailed: an outbox row was written (its status says queued, sent or failed); opted_out: skipped, no mail
RECIPIENT_STATES = ("mailed", "opted_out")


class Announcement(TimestampMixin, db.Model):
    __tablename__ = "announcements"
    __table_args__ = (CheckConstraint(one_of("status", ANNOUNCEMENT_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)  # the recipient filters, as chosen
    attach_ics: Mapped[bool] = mapped_column(default=False)
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # None: at once
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    # who wrote it ("composer"), or which automatic message ("reminder", "after", "programme_change", ...)
    source: Mapped[str] = mapped_column(String(32), default="composer", server_default="composer")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                      index=True)
    recipient_count: Mapped[int] = mapped_column(default=0)  # mailed, opted-out people not counted

    created_by: Mapped[User | None] = relationship()


class AnnouncementRecipient(db.Model):
    """One registration an announcement went to, or skipped because they opted out."""

    __tablename__ = "announcement_recipients"
    __table_args__ = (
        UniqueConstraint("announcement_id", "registration_id",
                         name="uq_announcement_recipients_announcement_id_registration_id"),
        CheckConstraint(one_of("state", RECIPIENT_STATES), name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    # the filled message; NULL for an opted-out person, or once erasure deleted the person's mail
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"),
                                                          nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(12), default="mailed")
    # SHA-256 of this message's unsubscribe token (256 random bits); the token itself is only in the email
    unsubscribe_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)

    announcement: Mapped[Announcement] = relationship()


class MessageTemplate(TimestampMixin, db.Model):
    """A subject and body an organiser saved for their forum, to start the next message from."""

    __tablename__ = "message_templates"
    __table_args__ = (UniqueConstraint("forum_id", "name", name="uq_message_templates_forum_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class AnnouncementOptOut(db.Model):
    """This registration's holder wants no more announcements from this forum (mail about their own
    registration still goes)."""

    __tablename__ = "announcement_opt_outs"
    __table_args__ = (UniqueConstraint("forum_id", "registration_id",
                                       name="uq_announcement_opt_outs_forum_id_registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommunicationSettings(db.Model):
    """What the administrator set for one forum's announcements; a missing row means the defaults."""

    __tablename__ = "communication_settings"
    __table_args__ = (CheckConstraint("recipient_quota IS NULL OR recipient_quota >= 0",
                                      name="recipient_quota_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    # recipients per rolling window for this forum, replacing FORUMOPS_ANNOUNCEMENT_FORUM_QUOTA (None: default)
    recipient_quota: Mapped[int | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
