"""Site settings the administrator changes while ForumOps runs (not the deployment's FORUMOPS_* variables):
one row per setting that was ever changed, so a fresh install holds none and every setting has its default.

    from ..core import settings

    if settings.get_flag("organisers_need_approval"):
        ...

Read through the session, so a change made by any worker is seen by every worker on its next request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime, utcnow


class SiteSetting(db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


def get_setting(key: str, default: Any = None) -> Any:
    """The setting's value, or `default` when nobody has changed it."""
    row = db.session.get(SiteSetting, key)
    return default if row is None else row.value


def get_flag(key: str, default: bool = False) -> bool:
    """A yes-or-no setting (off unless the administrator turned it on, by default)."""
    return bool(get_setting(key, default))


def set_setting(key: str, value: Any, actor_id: int | None = None) -> SiteSetting:
    """Change a setting (flushes, never commits)."""
    row = db.session.scalar(select(SiteSetting).where(SiteSetting.key == key))
    if row is None:
        row = SiteSetting(key=key)
        db.session.add(row)
    row.value, row.updated_by_id = value, actor_id
    db.session.flush()
    return row
