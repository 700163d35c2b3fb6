"""Every certificate and letter handed out, with what it said, so anyone holding one can check it (verify.py).

A paper's code is not stored: it is derived from the row's random nonce under the site's secret
(core.tokens.derived_code), and only its hash is kept to find the row again. Rotating SECRET_KEY therefore
changes every code printed from then on, while papers printed before still verify by their stored hash
only if the key is kept: keep SECRET_KEY as long as the papers must verify.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.files import StoredFile, register_file_reference
from ..core.models import UTCDateTime, one_of, utcnow
from ..extensions import db

ISSUED_KINDS = ("certificate", "letter")


class IssuedDocument(db.Model):
    """One certificate or letter issued to one registration. Erasing the registration deletes it: its code
    then verifies as never issued. Revoking keeps it, marked, with the reason."""

    __tablename__ = "issued_documents"
    __table_args__ = (CheckConstraint(one_of("kind", ISSUED_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    nonce: Mapped[str] = mapped_column(String(32), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))  # as printed, shown by the verification page
    language: Mapped[str] = mapped_column(String(8), default="en")
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # what else was printed (days attended, ...)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class PaperSignatory(db.Model):
    """Someone who signs the forum's certificates and letters: name, title, and the image of their signature
    (a StoredFile, re-encoded like a logo). Certificates and letters each choose among the forum's signatories."""

    __tablename__ = "paper_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    signature_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"),
                                                          nullable=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    signature_file: Mapped[StoredFile | None] = relationship(StoredFile)


register_file_reference(PaperSignatory.signature_file_id)  # core.files.forget_unused keeps what it points at
