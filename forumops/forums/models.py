"""Forums, their series, concept note, partner organisations and the people with a role in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.files import register_file_reference
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db
from ..organisations.models import LogoColumns, Organisation

MODES = ("in_person", "online", "hybrid")
STATUSES = ("draft", "published", "registration_open", "registration_closed", "concluded", "archived")
PUBLIC_STATUSES = frozenset(STATUSES) - {"draft"}
PARTNER_ROLES = ("organiser", "co_organiser", "funder", "partner", "host")
MEMBER_ROLES = ("organiser", "facilitator", "participant")
CLUSTER_STAFF_ROLES = ("facilitator", "rapporteur")


class ForumSeries(TimestampMixin, db.Model):
    __tablename__ = "forum_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)

    forums: Mapped[list[Forum]] = relationship(back_populates="series", order_by="Forum.start_date")


class Forum(TimestampMixin, db.Model):
    __tablename__ = "forums"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint(one_of("mode", MODES), name="mode_known"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("edition IS NULL OR edition >= 1", name="edition_positive"),
        CheckConstraint("retention_days IS NULL OR retention_days >= 0", name="retention_days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_series.id", ondelete="SET NULL"), nullable=True, index=True
    )
    edition: Mapped[int | None] = mapped_column(nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # the languages its content is written in (core.languages codes), the main one first
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    mode: Mapped[str] = mapped_column(String(16), default="in_person")
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)

    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(500), default="")
    venue_city: Mapped[str] = mapped_column(String(120), default="")
    venue_country: Mapped[str] = mapped_column(String(2), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    # days after end_date until `flask forumops purge` anonymises the participants; None: kept until erased
    retention_days: Mapped[int | None] = mapped_column(nullable=True)

    # Concept note. Long texts are Markdown, rendered through core.text.render_markdown.
    background: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_outputs: Mapped[str] = mapped_column(Text, default="")
    target_participants: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    programme_outline: Mapped[str] = mapped_column(Text, default="")

    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    series: Mapped[ForumSeries | None] = relationship(back_populates="forums")
    partners: Mapped[list[ForumPartner]] = relationship(
        back_populates="forum", cascade="all, delete-orphan", order_by="ForumPartner.position"
    )
    members: Mapped[list[ForumMember]] = relationship(back_populates="forum", cascade="all, delete-orphan")
    # in a table of its own, like organisations' logos: the forums table is never altered for it
    logo: Mapped[ForumLogo | None] = relationship(back_populates="forum", uselist=False,
                                                  cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def __repr__(self) -> str:
        return f"<Forum {self.slug}>"


class ForumPartner(db.Model):
    __tablename__ = "forum_partners"
    __table_args__ = (
        UniqueConstraint("forum_id", "organisation_id", "role", name="uq_forum_partners_forum_org_role"),
        CheckConstraint(one_of("role", PARTNER_ROLES), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)

    forum: Mapped[Forum] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ForumLogo(LogoColumns, db.Model):
    """The forum's own logo, by its title on the forum page and the printed programme."""

    __tablename__ = "forum_logos"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True)
    forum: Mapped[Forum] = relationship(back_populates="logo")


class ForumMember(db.Model):
    """A user's role in one forum: organiser, facilitator or participant."""

    __tablename__ = "forum_members"
    __table_args__ = (
        UniqueConstraint("forum_id", "user_id", "role", name="uq_forum_members_forum_user_role"),
        CheckConstraint(one_of("role", MEMBER_ROLES), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))

    forum: Mapped[Forum] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class RoleInvitation(db.Model):
    """A role offered by email: a team role in the forum (cluster_id empty) or facilitator or rapporteur
    of one of its clusters. Nothing is granted until the owner of the address accepts through the link,
    so a stranger who signed up with someone's address first never receives their role.

    One table for both: the accept page, the token and the emails are the same, and `cluster_id` is only
    a foreign key here (the clusters stage grants its roles through forums.invitations.register_kind),
    so nothing in forums imports the later stage. Only the SHA-256 of the link's token is stored.
    """

    __tablename__ = "role_invitations"
    __table_args__ = (
        CheckConstraint(f"(cluster_id IS NULL AND {one_of('role', MEMBER_ROLES)}) OR "
                        f"(cluster_id IS NOT NULL AND {one_of('role', CLUSTER_STAFF_ROLES)})",
                        name="role_fits_scope"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")  # as the organiser typed it, to greet and prefill
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    forum: Mapped[Forum] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def state(self) -> str:
        """accepted, revoked, expired or pending."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= utcnow():
            return "expired"
        return "pending"


ORGANISER_APPROVAL_STATES = ("waiting", "approved", "refused")


class OrganiserApproval(db.Model):
    """The administrator's answer about one account as an organiser, when the site asks new organisers to be
    approved (forums.approval): "waiting" from its first forum, then "approved" (its drafts may be announced)
    or "refused" (they stay drafts, and send nothing)."""

    __tablename__ = "organiser_approvals"
    __table_args__ = (CheckConstraint(one_of("state", ORGANISER_APPROVAL_STATES), name="state_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ContentVersion(db.Model):
    """A forum's text written in another of its languages: the `field` of the object `kind` #`object_id` (the
    forum itself, a programme item, a cluster, a registration question) in `language`.

    One table for every stage's content, keyed by kind and id rather than a foreign key per table, so a page
    reads all of a forum's versions in a language in one query and the forum stage, which comes first, keeps
    them without importing the stages whose objects they translate. Each stage's delete removes its object's
    versions (forums.versions.forget_versions); deleting the forum removes them all (ON DELETE CASCADE).
    """

    __tablename__ = "content_versions"
    __table_args__ = (
        UniqueConstraint("forum_id", "kind", "object_id", "field", "language", name="uq_content_versions_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # "forum", "item", "cluster", "question"
    object_id: Mapped[int] = mapped_column()
    field: Mapped[str] = mapped_column(String(40))  # "title", "objectives", "guiding_questions", "option.2"
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    # a digest of the original the version was written from: when the original changes, the version is out
    # of date and readers see the new original, marked so (forums.versions); None: written before digests
    original_digest: Mapped[str | None] = mapped_column(String(32), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


register_file_reference(ForumLogo.stored_file_id)  # core.files.forget_unused keeps what it points at
