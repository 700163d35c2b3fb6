"""Reads of attendance (models.DayAttendance, SessionAttendance): who was there on which day of the forum.
The desk's writes are in operations.py; the grid, the report and the CSV build on these."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..forums.models import Forum
from .models import DayAttendance


def forum_days(forum: Forum) -> list[date]:
    """Every day of the forum, first to last."""
    return [forum.start_date + timedelta(days=n) for n in range((forum.end_date - forum.start_date).days + 1)]


def days_attended(forum: Forum) -> dict[int, int]:
    """registration id -> how many days of the forum that person was checked in (absent: not at all)."""
    rows = db.session.execute(
        select(DayAttendance.registration_id, func.count(DayAttendance.id))
        .where(DayAttendance.forum_id == forum.id).group_by(DayAttendance.registration_id))
    return {registration_id: count for registration_id, count in rows}
