"""Documents (a file or a link, attached to the forum, a programme item, a cluster or the report) and the
versions of a document's file (the newest is current; earlier ones stay for the organisers).

A document names what it is attached to by kind and id (like forums.versions does), so this stage, which
comes right after forums, keeps the programme's and the clusters' materials without importing them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.filequota import register_forum_files
from ..core.files import StoredFile, register_file_reference
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db

TARGET_KINDS = ("forum", "item", "cluster", "report")
VISIBILITIES = ("public", "participants", "organisers")  # widest first
DOCUMENT_KINDS = ("file", "link")


class Document(TimestampMixin, db.Model):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(one_of("target_kind", TARGET_KINDS), name="target_kind_known"),
        CheckConstraint(one_of("visibility", VISIBILITIES), name="visibility_known"),
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind_known"),
        Index("ix_documents_target", "forum_id", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None] = mapped_column(nullable=True)  # None for the forum and the report
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    kind: Mapped[str] = mapped_column(String(8), default="file")
    url: Mapped[str] = mapped_column(String(500), default="")  # a link's address
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.id.desc()", cascade="all, delete-orphan",
        passive_deletes=True)


class DocumentVersion(db.Model):
    """One upload of a document's file: the newest is what people open."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    document: Mapped[Document] = relationship(back_populates="versions")
    stored: Mapped[StoredFile] = relationship(lazy="joined")


register_file_reference(DocumentVersion.stored_file_id)  # core.files.forget_unused keeps what it points at
register_forum_files(DocumentVersion.stored_file_id, Document.forum_id)  # every version counts against the quota
