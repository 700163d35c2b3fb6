"""Reads every part of the evaluations shares."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..forums.models import Forum
from .models import Survey


def find_survey(forum: Forum, survey_id: int) -> Survey | None:
    """One of the forum's surveys with its items (another forum's id, or nobody's, finds nothing)."""
    return db.session.scalar(select(Survey).where(Survey.forum_id == forum.id, Survey.id == survey_id)
                             .options(selectinload(Survey.items)))
