"""The outcome report of a forum: the parts organisers write. Everything else in the report is read
from the forum's data each time it is shown (see queries.report_data), so it is always current."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db


class OutcomeReport(TimestampMixin, db.Model):
    """One per forum, made the first time an organiser saves it. Long texts are Markdown.

    `version` rises with every save, so a save based on an older version (two organisers editing at
    once) is refused rather than silently overwriting the other's words.
    """

    __tablename__ = "outcome_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    executive_summary: Mapped[str] = mapped_column(Text, default="")
    conclusions: Mapped[str] = mapped_column(Text, default="")  # "Conclusions and way forward"
    acknowledgements: Mapped[str] = mapped_column(Text, default="")
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)  # one person a line, as printed
    editors: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # None: unpublished
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    updated_by: Mapped[User | None] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
