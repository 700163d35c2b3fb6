"""Reads every part of the evaluations shares: one survey of a forum, and the forum's surveys in their order (the
builder's list, the participants' panel, the report chapter, the dashboard and the composer all read this list)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..forums.models import Forum
from .models import Survey


def find_survey(forum: Forum, survey_id: int, *, with_items: bool = True) -> Survey | None:
    """One of the forum's surveys, with its items unless told not (another forum's id, or nobody's, finds
    nothing)."""
    statement = select(Survey).where(Survey.forum_id == forum.id, Survey.id == survey_id)
    return db.session.scalar(statement.options(selectinload(Survey.items)) if with_items else statement)


def forum_surveys(forum: Forum, *, with_items: bool = False, open_at: datetime | None = None) -> list[Survey]:
    """The forum's surveys in the organisers' order: one query (two `with_items`). `open_at`: only those taking
    answers at that moment (Survey.is_open_at's rule, in SQL)."""
    statement = select(Survey).where(Survey.forum_id == forum.id).order_by(Survey.position, Survey.id)
    if open_at is not None:
        statement = statement.where(Survey.opens_at.is_not(None), Survey.opens_at <= open_at,
                                    or_(Survey.closes_at.is_(None), Survey.closes_at > open_at))
    if with_items:
        statement = statement.options(selectinload(Survey.items))
    return list(db.session.scalars(statement))


def survey_to_remind(forum: Forum, now: datetime) -> Survey | None:
    """The survey a "please evaluate" message is about, unless the organiser chooses another: of those taking
    answers now, the evaluation (before a test) opened most recently; None when none is open (one query)."""
    open_now = forum_surveys(forum, open_at=now)
    return max(open_now, key=lambda s: (s.kind == "evaluation", s.opens_at, s.id), default=None)
