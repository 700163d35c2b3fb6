"""Agenda: rooms, clusters, items (stored in UTC, shown in the forum's zone), people in roles, calendar feeds."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db
from .data import ITEM_TYPES, PERSON_ROLES, SESSION_TYPES

ITEM_STATUSES = ("confirmed", "cancelled", "deleted")



def new_uid() -> str:
    """A unique iCalendar UID, kept for the item's life so calendars update it rather than add a copy."""
    return f"{uuid.uuid4().hex}@forumops"


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("forum_id", "name", name="uq_rooms_forum_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)


class Cluster(TimestampMixin, db.Model):
    """One of the forum's breakout groups, as the programme defines it: registration offers it as a
    preference, breakout items meet in it. Who is in it, and its notes, come later (the clusters stage)."""

    __tablename__ = "clusters"
    __table_args__ = (
        UniqueConstraint("forum_id", "name", name="uq_clusters_forum_id_name"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    guiding_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int | None] = mapped_column(nullable=True)
    room: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)


class AgendaItem(TimestampMixin, db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint(one_of("type", ITEM_TYPES), name="type_known"),
        CheckConstraint(one_of("status", ITEM_STATUSES), name="status_known"),
        CheckConstraint("sequence >= 0", name="sequence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_uid)
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(32), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"), nullable=True)
    is_online: Mapped[bool] = mapped_column(default=False)
    # this session's own meeting link, overriding the forum's; shown only to those entitled to join online
    online_link: Mapped[str] = mapped_column(String(500), default="", server_default="")
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="confirmed", index=True)
    sequence: Mapped[int] = mapped_column(default=0)

    room: Mapped[Room | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship()
    people: Mapped[list[AgendaPerson]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AgendaPerson.position")

    @property
    def is_session(self) -> bool:
        """Something people attend (agenda.data.SESSION_TYPES), not a break, a meal, the group photo or
        registration: the only items with a door to scan at."""
        return self.type in SESSION_TYPES

    def touch(self) -> None:
        """Record a change: calendars see a higher SEQUENCE and a new LAST-MODIFIED."""
        self.sequence = (self.sequence or 0) + 1
        self.updated_at = utcnow()


class AgendaPerson(db.Model):
    """Someone in a role on an item: a forum member (user) or an outside guest."""

    __tablename__ = "agenda_people"
    __table_args__ = (
        CheckConstraint(one_of("role", PERSON_ROLES), name="role_known"),
        CheckConstraint("user_id IS NOT NULL OR name <> ''", name="named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[AgendaItem] = relationship(back_populates="people")
    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None and not self.name else self.name


class CalendarFeed(db.Model):
    """A person's secret calendar URL for one forum. Only the token's hash is kept (core.tokens), as for every
    other private link: the address is shown once, when made; making a new one revokes the old."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("forum_id", "user_id", name="uq_calendar_feeds_forum_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
