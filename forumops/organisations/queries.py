"""Directory reads."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, or_, select

from ..core.text import clean_line, fold_key
from ..extensions import db
from .models import Organisation


@cache  # built once per process: every registration naming an organisation runs it
def _by_key_statement():
    return select(Organisation).where(Organisation.name_key == bindparam("key"),
                                      Organisation.country == bindparam("country"))


def find_organisation(name: str, country: str = "") -> Organisation | None:
    """The directory entry for this name (compared by fold_key) and country, if there is one."""
    return db.session.scalar(_by_key_statement(), {"key": fold_key(clean_line(name)),
                                                   "country": (country or "").upper()})


def search_organisations(term: str = "", country: str = "", type: str = "", limit: int = 200) -> list[Organisation]:
    """Directory entries by name or acronym fragment, country and type, by name; at most `limit`."""
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
    """How many organisations the directory holds."""
    return db.session.scalar(select(func.count(Organisation.id))) or 0


def organisation_names(limit: int = 2000) -> list[str]:
    """Names for the form's autocomplete list."""
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name_key).limit(limit)))
