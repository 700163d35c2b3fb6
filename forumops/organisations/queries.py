"""Directory reads."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..core.text import fold_key
from ..extensions import db
from .models import Organisation


def search_organisations(term: str = "", country: str = "", type: str = "", limit: int = 200) -> list[Organisation]:
    query = select(Organisation)
    if term:
        like = f"%{fold_key(term).replace('%', '').replace('_', '')}%"
        query = query.where(or_(Organisation.name_key.like(like), func.lower(Organisation.acronym).like(like)))
    if country:
        query = query.where(Organisation.country == country)
    if type:
        query = query.where(Organisation.type == type)
    return list(db.session.scalars(query.order_by(Organisation.name_key).limit(limit)))


def count_organisations() -> int:
    return db.session.scalar(select(func.count(Organisation.id))) or 0


def organisation_names(limit: int = 2000) -> list[str]:
    """Names for the form's autocomplete list."""
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name_key).limit(limit)))
