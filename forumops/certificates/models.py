"""Every certificate and letter handed out, with what it said, so anyone holding one can check it (verify.py).

A paper's code is not stored: it is derived from the row's random nonce under PAPER_CODE_SECRET (by default
SECRET_KEY; core.tokens.derived_code), and only its hash is kept to find the row again. Papers printed before a
change of that key still verify by their hash, but a new download would derive another code: issuing.code_of
checks the derived code against the hash and refuses to print one that does not match.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
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


CERTIFICATE_RULES = ("days", "picked")  # attended at least `min_days` of the forum's days, or hand-picked
CHOICES = ("picked", "excluded")


class CertificateTemplate(db.Model):
    """The forum's certificate of attendance: its words (versions in the forum's other languages are content
    versions, forums.versions kind CERTIFICATE), its signatories and logos, who receives it, and whether it is
    published (people can download theirs). One per forum."""

    __tablename__ = "certificate_templates"
    __table_args__ = (CheckConstraint(one_of("rule", CERTIFICATE_RULES), name="rule_known"),
                      CheckConstraint("min_days >= 1", name="min_days_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # with {name}-style placeholders (certificates.texts)
    signatory_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # chosen among the forum's, in its order
    logos: Mapped[list[str]] = mapped_column(JSON, default=list)  # "forum", "organisation:<id>" (a partner's)
    rule: Mapped[str] = mapped_column(String(12), default="days")
    min_days: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def published(self) -> bool:
        return self.published_at is not None


class CertificateChoice(db.Model):
    """A person the organisers picked for a certificate (the hand-picked rule) or left out of it (any rule)."""

    __tablename__ = "certificate_choices"
    __table_args__ = (UniqueConstraint("template_id", "registration_id", "choice",
                                       name="uq_certificate_choices_template_id_registration_id_choice"),
                      CheckConstraint(one_of("choice", CHOICES), name="choice_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("certificate_templates.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    choice: Mapped[str] = mapped_column(String(12))
