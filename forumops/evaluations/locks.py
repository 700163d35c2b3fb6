"""One survey's writers in turn: sending answers, and changing what the answers are given to (the settings, an
item's edit or deletion), each take the survey's lock first, so "has anyone answered?" and a sheet being written
never interleave (PostgreSQL lets them, row by row; SQLite's single write lock already did not)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.database import lock_for_update, take_write_lock
from ..extensions import db
from .models import Survey


def lock_survey(survey: Survey) -> None:
    """Take the survey's lock until the commit (SELECT ... FOR UPDATE of its row on PostgreSQL; SQLite's write
    lock), and read the survey and its items again as committed now: decide on them, not on earlier reads (a
    question deleted, a survey made named, while the person was typing)."""
    take_write_lock()
    db.session.execute(lock_for_update(select(Survey).where(Survey.id == survey.id))
                       .options(selectinload(Survey.items)).execution_options(populate_existing=True)).one()
