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
    __table_args__ = (
        CheckConstraint(one_of("status", ANNOUNCEMENT_STATUSES), name="status_known"),
        UniqueConstraint("forum_id", "idempotency_key", name="uq_announcements_forum_id_idempotency_key"),
    )

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
    # the composer form's random key (a hidden field): the same form posted again, a double click on Send,
    # finds this message instead of writing to everyone twice; None for automatic messages
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # the message in the forum's other languages, {"vi": {"subject": ..., "body": ...}}: each person gets the
    # one in their registration's language, else subject and body above (the main language's; versions.py)
    versions: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)

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
    versions: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)  # as a message's
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
    # recipients per rolling window for this forum, replacing FORUMOPS_MAIL_FORUM_QUOTA (None: default)
    recipient_quota: Mapped[int | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


# --- automatic messages and programme-change notices (communications/automatic.py, changes.py) -------------

AUTOMATIC_KINDS = ("before", "after")  # a reminder N days before the start; a message N days after the end
CHANGE_NOTICE_MODES = ("off", "button", "delay")  # not tracked; sent when the organiser presses Notify; or
# by themselves once the programme has been left alone for delay_minutes


class AutomaticMessage(TimestampMixin, db.Model):
    """One automatic message of a forum as its organisers set it. That it went is not kept here: it is the
    forum's Announcement with source "auto_before" or "auto_after" (one at most, see automatic.py)."""

    __tablename__ = "automatic_messages"
    __table_args__ = (
        UniqueConstraint("forum_id", "kind", name="uq_automatic_messages_forum_id_kind"),
        CheckConstraint(one_of("kind", AUTOMATIC_KINDS), name="kind_known"),
        CheckConstraint("days >= 0", name="days_positive"),
        CheckConstraint("hour >= 0 AND hour <= 23", name="hour_of_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))  # the unique key indexes it
    kind: Mapped[str] = mapped_column(String(8))
    is_enabled: Mapped[bool] = mapped_column(default=False)
    days: Mapped[int] = mapped_column(default=2)  # before the first day, or after the last
    hour: Mapped[int] = mapped_column(default=9)  # the local hour (forum's zone) it goes at
    # "" means the default text (automatic_texts.py), which follows the forum's zone and mode as they change
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    wait_for_report: Mapped[bool] = mapped_column(default=False)  # "after": hold it until the report is out
    # why the last attempt sent nothing (a quota, nobody confirmed): shown to the organisers until it goes
    blocked_reason: Mapped[str] = mapped_column(String(500), default="")
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class ProgrammeChangeNotices(TimestampMixin, db.Model):
    """A forum's programme-change notices: how they go, and the programme as participants last heard of it
    (the snapshot, a JSON copy of its items taken when notices were turned on and after each digest)."""

    __tablename__ = "programme_change_notices"
    __table_args__ = (
        CheckConstraint(one_of("mode", CHANGE_NOTICE_MODES), name="mode_known"),
        CheckConstraint("delay_minutes >= 0", name="delay_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    mode: Mapped[str] = mapped_column(String(8), default="off")
    delay_minutes: Mapped[int] = mapped_column(default=30)
    # item id (as text) -> what a participant would notice of it; None while notices are off
    snapshot: Mapped[dict[str, dict] | None] = mapped_column(JSON, nullable=True)
    snapshot_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_sent_count: Mapped[int] = mapped_column(default=0)  # people the last digest went to
    blocked_reason: Mapped[str] = mapped_column(String(500), default="")  # why the delayed send did not go
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
