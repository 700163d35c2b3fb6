"""Organisations: one row per (name, country), names compared by core.text.fold_key (NFC, case folding,
invisible characters ignored)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import TimestampMixin
from ..extensions import db

ORGANISATION_TYPES = (
    "cso", "ngo", "coop_social_enterprise", "national_government", "local_government",
    "intergovernmental", "private_sector", "academia", "donor", "media", "other",
)


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

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name} {self.country}>"
