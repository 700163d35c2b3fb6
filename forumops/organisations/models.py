"""Organisations: one row per (name, country), names compared by core.text.fold_key (NFC, case folding,
invisible characters ignored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..core.files import StoredFile, register_file_reference
from ..core.models import TimestampMixin, UTCDateTime, utcnow
from ..extensions import db

ORGANISATION_TYPES = (
    "cso", "ngo", "coop_social_enterprise", "national_government", "local_government",
    "intergovernmental", "private_sector", "academia", "donor", "media", "other",
)
LOGO_MAX_BYTES = 5 * 1024 * 1024  # a logo is a picture, not a poster: 5 MB is generous


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("name_key", "country", name="uq_organisations_name_key_country"),
        CheckConstraint(
            "type IN (" + ", ".join(f"'{t}'" for t in ORGANISATION_TYPES) + ")", name="type_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    acronym: Mapped[str] = mapped_column(String(40), default="")
    type: Mapped[str] = mapped_column(String(32), default="other")
    country: Mapped[str] = mapped_column(String(2), default="")  # "" = regional or international

    # its own table rather than a column here: adding a column to a table others reference would make SQLite's
    # batch migration copy and drop it
    logo: Mapped[OrganisationLogo | None] = relationship(back_populates="organisation", uselist=False,
                                                         cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name} {self.country}>"


class LogoColumns:
    """What a logo row keeps besides its owner: the image (a StoredFile, re-encoded, metadata stripped), the
    name it was uploaded under (shown to organisers, never used as a path) and when it last changed."""

    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True)
    filename: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @declared_attr
    def stored_file(cls) -> Mapped[StoredFile]:
        return relationship(StoredFile, lazy="joined")


class OrganisationLogo(LogoColumns, db.Model):
    """An organisation's logo, shown wherever a forum names it as partner (pages, PDFs, badges)."""

    __tablename__ = "organisation_logos"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    organisation: Mapped[Organisation] = relationship(back_populates="logo")


register_file_reference(OrganisationLogo.stored_file_id)  # core.files.forget_unused keeps what it points at
