"""Reads of the communications stage: announcements with their per-recipient state, what a person was sent,
saved templates, opt-outs. Each is a fixed number of queries, however many recipients."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select

from ..core.models import utcnow
from ..core.outbox import OutboxMessage
from ..core.tokens import hash_token
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .models import Announcement, AnnouncementOptOut, AnnouncementRecipient, MessageTemplate

# what the message page says about one recipient: queued, sent, failed (with the SMTP answer), opted_out;
# "withdrawn" when the mail is no longer in the outbox (the message was cancelled, or the person erased)
STATES = ("queued", "sent", "failed", "opted_out", "withdrawn")


def recipient_state(state: str, outbox_status: str | None) -> str:
    """What a recipient row shows: opted out, or its outbox copy's state (queued, sent, failed)."""
    if state == "opted_out":
        return "opted_out"
    return outbox_status or "withdrawn"


@dataclass
class AnnouncementSummary:
    announcement: Announcement
    states: Counter = field(default_factory=Counter)


def list_announcements(forum: Forum) -> list[AnnouncementSummary]:
    """The forum's announcements, newest first, each with how many recipients are in each state (two queries)."""
    announcements = list(db.session.scalars(select(Announcement).where(Announcement.forum_id == forum.id)
                                            .order_by(Announcement.created_at.desc(), Announcement.id.desc())))
    summaries = {a.id: AnnouncementSummary(a) for a in announcements}
    if summaries:
        rows = db.session.execute(
            select(AnnouncementRecipient.announcement_id, AnnouncementRecipient.state, OutboxMessage.status,
                   func.count(AnnouncementRecipient.id))
            .outerjoin(OutboxMessage, OutboxMessage.id == AnnouncementRecipient.outbox_message_id)
            .where(AnnouncementRecipient.announcement_id.in_(summaries))
            .group_by(AnnouncementRecipient.announcement_id, AnnouncementRecipient.state, OutboxMessage.status))
        for announcement_id, state, status, count in rows:
            summaries[announcement_id].states[recipient_state(state, status)] += count
    return list(summaries.values())


def get_announcement(forum: Forum, announcement_id: int) -> Announcement | None:
    """One of this forum's messages (another forum's id finds nothing)."""
    return db.session.scalar(select(Announcement).where(Announcement.forum_id == forum.id,
                                                        Announcement.id == announcement_id))


def announcement_for_key(forum: Forum, key: str) -> Announcement | None:
    """The announcement this forum's composer form with this key already wrote (a double click's first)."""
    return db.session.scalar(select(Announcement).where(Announcement.forum_id == forum.id,
                                                        Announcement.idempotency_key == key))


@dataclass(frozen=True)
class RecipientRow:
    registration_id: int
    name: str
    email: str
    state: str
    attempts: int
    last_error: str  # the SMTP server's answer when it refused or failed
    sent_at: datetime | None


def recipient_rows(announcement: Announcement) -> list[RecipientRow]:
    """Everyone the announcement was written to, by name, with the state of their email (one query)."""
    rows = db.session.execute(
        select(Registration.id, Registration.name, Registration.email, AnnouncementRecipient.state,
               OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.sent_at)
        .join(Registration, Registration.id == AnnouncementRecipient.registration_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == AnnouncementRecipient.outbox_message_id)
        .where(AnnouncementRecipient.announcement_id == announcement.id)
        .order_by(func.lower(Registration.name), Registration.id))
    return [RecipientRow(registration_id, name, email, recipient_state(state, status), attempts or 0,
                         last_error or "", sent_at)
            for registration_id, name, email, state, status, attempts, last_error, sent_at in rows]


@dataclass(frozen=True)
class ReceivedMessage:
    """An announcement as one person got it: their own filled copy."""

    announcement_id: int
    subject: str
    body: str
    at: datetime  # when it went, or was due to
    sent: bool


def received_by(forum: Forum, registration_id: int, now: datetime | None = None) -> list[ReceivedMessage]:
    """The announcements written to this registration whose time has come, newest first (one query); one held
    back for later is not shown before its time."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Announcement.id, OutboxMessage.subject, OutboxMessage.body_text, OutboxMessage.sent_at,
               OutboxMessage.send_after, OutboxMessage.created_at, OutboxMessage.status)
        .join(AnnouncementRecipient, AnnouncementRecipient.announcement_id == Announcement.id)
        .join(OutboxMessage, OutboxMessage.id == AnnouncementRecipient.outbox_message_id)
        .where(Announcement.forum_id == forum.id, AnnouncementRecipient.registration_id == registration_id,
               or_(OutboxMessage.send_after.is_(None), OutboxMessage.send_after <= now))
        .order_by(OutboxMessage.created_at.desc(), Announcement.id.desc()))
    return [ReceivedMessage(announcement_id, subject, body, sent_at or send_after or created_at, status == "sent")
            for announcement_id, subject, body, sent_at, send_after, created_at, status in rows]


def find_recipient(forum: Forum, token: str) -> AnnouncementRecipient | None:
    """The recipient row an unsubscribe link belongs to (only its hash is stored)."""
    return db.session.scalar(select(AnnouncementRecipient).join(Announcement).where(
        Announcement.forum_id == forum.id, AnnouncementRecipient.unsubscribe_token_hash == hash_token(token)))


def is_opted_out(forum: Forum, registration_id: int) -> bool:
    """Whether this registration asked for no more announcements from this forum."""
    return db.session.scalar(select(AnnouncementOptOut.id).where(
        AnnouncementOptOut.forum_id == forum.id, AnnouncementOptOut.registration_id == registration_id)) is not None


def list_templates(forum: Forum) -> list[MessageTemplate]:
    """The forum's saved templates, by name."""
    return list(db.session.scalars(select(MessageTemplate).where(MessageTemplate.forum_id == forum.id)
                                   .order_by(func.lower(MessageTemplate.name))))


def get_template(forum: Forum, template_id: int) -> MessageTemplate | None:
    """One of this forum's saved templates (another forum's id finds nothing)."""
    return db.session.scalar(select(MessageTemplate).where(MessageTemplate.forum_id == forum.id,
                                                           MessageTemplate.id == template_id))
