"""Who is in each cluster, the notes engine (a cluster session's facilitation notes or a programme item's session
notes, with every revision kept) and the forum's recommendations gathered from them at the plenary. The clusters
themselves (name, questions, capacity, room) are defined with the programme, in agenda.models: agenda and
registration need them, and come first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..accounts.models import User
from ..agenda.models import AgendaItem, Cluster
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db

ASSIGNMENT_ROLES = ("participant", "facilitator", "rapporteur")
NOTE_STATUSES = ("draft", "submitted", "returned", "approved", "published")
ADOPTION_STATUSES = ("proposed", "adopted", "noted", "rejected")



class ClusterAssignment(db.Model):
    """Someone in a cluster: a participant (by registration; most have no account) or a facilitator
    or rapporteur (by account, since they write the notes)."""

    __tablename__ = "cluster_assignments"
    __table_args__ = (
        UniqueConstraint("cluster_id", "user_id", name="uq_cluster_assignments_cluster_id_user_id"),
        UniqueConstraint("cluster_id", "registration_id", name="uq_cluster_assignments_cluster_id_registration_id"),
        CheckConstraint(one_of("role", ASSIGNMENT_ROLES), name="role_known"),
        CheckConstraint("user_id IS NOT NULL OR registration_id IS NOT NULL", name="someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True,
                                                index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"),
                                                        nullable=True, index=True)
    role: Mapped[str] = mapped_column(String(16), default="participant")
    choice_rank: Mapped[int | None] = mapped_column(nullable=True)  # 1 = first preference; None = none matched

    # Cluster.assignments is declared here, so the cluster's definition (agenda) needs nothing from above it
    cluster: Mapped[Cluster] = relationship(backref=backref("assignments", cascade="all, delete-orphan"))
    user: Mapped[User | None] = relationship()


class ClusterNotes(TimestampMixin, db.Model):
    """Notes of one session, kept by one engine whoever owns them: a cluster's (a breakout's facilitation notes,
    `cluster_id`) or a programme item's (a plenary's, a panel's or a keynote's session notes, written by its
    rapporteurs: `session_item_id`); exactly one owner is set. `content` is the structured record (see notes.py);
    `version` rises with every save, so a save based on an older version is refused, never merged silently."""

    __tablename__ = "cluster_notes"
    __table_args__ = (
        UniqueConstraint("cluster_id", "agenda_item_id", name="uq_cluster_notes_cluster_id_agenda_item_id"),
        CheckConstraint(one_of("status", NOTE_STATUSES), name="status_known"),
        CheckConstraint("(cluster_id IS NULL) <> (session_item_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    # a cluster's notes: the breakout item they are about (None: the cluster as a whole)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"),
                                                       nullable=True)
    # a programme item's own notes (one set per item): they go when the item itself is removed
    session_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"),
                                                        nullable=True, unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    cluster: Mapped[Cluster | None] = relationship()
    session_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[session_item_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    revisions: Mapped[list[NoteRevision]] = relationship(
        back_populates="notes", cascade="all, delete-orphan", order_by="NoteRevision.version")

    @property
    def is_session_notes(self) -> bool:
        """A programme item's notes (a plenary's, a panel's), not a cluster's."""
        return self.session_item_id is not None


class NoteRevision(db.Model):
    """Every save, whole: who, when, what. Nothing typed and saved is ever lost."""

    __tablename__ = "note_revisions"
    __table_args__ = (UniqueConstraint("notes_id", "version", name="uq_note_revisions_notes_id_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notes_id: Mapped[int] = mapped_column(ForeignKey("cluster_notes.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12))
    event: Mapped[str] = mapped_column(String(20), default="saved")  # saved, submitted, returned, approved...
    comment: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    notes: Mapped[ClusterNotes] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class NoteDraft(db.Model):
    """What one person has typed but not saved yet, kept as they type (autosave): a dropped Wi-Fi
    connection or a closed laptop loses nothing. `base_version` is the version they started from."""

    __tablename__ = "note_drafts"
    __table_args__ = (UniqueConstraint("notes_id", "user_id", name="uq_note_drafts_notes_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notes_id: Mapped[int] = mapped_column(ForeignKey("cluster_notes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    base_version: Mapped[int] = mapped_column()
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ForumRecommendation(TimestampMixin, db.Model):
    """A recommendation of the whole forum, gathered from the clusters' at the plenary."""

    __tablename__ = "forum_recommendations"
    __table_args__ = (CheckConstraint(one_of("status", ADOPTION_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    position: Mapped[int] = mapped_column(default=0)

    sources: Mapped[list[RecommendationSource]] = relationship(back_populates="recommendation",
                                                               cascade="all, delete-orphan")


class RecommendationSource(db.Model):
    """Where a forum recommendation came from: a cluster's notes or a session's (its notes say which programme
    item), and the words used there."""

    __tablename__ = "recommendation_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("forum_recommendations.id", ondelete="CASCADE"),
                                                   index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), nullable=True)
    notes_id: Mapped[int | None] = mapped_column(ForeignKey("cluster_notes.id", ondelete="SET NULL"),
                                                 nullable=True)
    original_text: Mapped[str] = mapped_column(Text, default="")

    recommendation: Mapped[ForumRecommendation] = relationship(back_populates="sources")
    cluster: Mapped[Cluster | None] = relationship()
    notes: Mapped[ClusterNotes | None] = relationship()
