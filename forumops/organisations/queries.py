"""Directory reads.

What a person may see of the directory is decided once, by visible_to(): the administrator sees every entry;
anyone else sees the entries the privacy stage allows them (core.hooks.organisations_seen_by: what is public
already, and their own forums' people and partners). Every list below takes that condition, so the page and
the forms' name suggestions cannot disagree.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from ..core import hooks, permissions
from ..core.text import clean_line, fold_key
from ..extensions import db
from .models import Organisation, OrganisationLogo


@cache  # built once per process: every registration naming an organisation runs it
def _by_key_statement():
    return select(Organisation).where(Organisation.name_key == bindparam("key"),
                                      Organisation.country == bindparam("country"))


def find_organisation(name: str, country: str = "") -> Organisation | None:
    """The directory entry for this name (compared by fold_key) and country, if there is one."""
    return db.session.scalar(_by_key_statement(), {"key": fold_key(clean_line(name)),
                                                   "country": (country or "").upper()})


def visible_to(user: Any) -> ColumnElement[bool] | None:
    """The condition on organisations this person may see listed, or None for every entry (the administrator).

    A SQL condition, not a list of ids, so a page reads the same number of statements however large the
    directory and the forums grow.
    """
    if permissions.can(user, "organisations.view_all"):
        return None
    return hooks.organisations_seen_by(user)


def search_organisations(term: str = "", country: str = "", type: str = "", limit: int = 200,
                         visible: ColumnElement[bool] | None = None) -> list[Organisation]:
    """Directory entries by name or acronym fragment, country and type, by name; at most `limit`; only those
    `visible` allows (from visible_to)."""
    query = select(Organisation).options(selectinload(Organisation.logo))
    if visible is not None:
        query = query.where(visible)
    if term:
        like = f"%{fold_key(term).replace('%', '').replace('_', '')}%"
        query = query.where(or_(Organisation.name_key.like(like), func.lower(Organisation.acronym).like(like)))
    if country:
        query = query.where(Organisation.country == country)
    if type:
        query = query.where(Organisation.type == type)
    return list(db.session.scalars(query.order_by(Organisation.name_key).limit(limit)))


def count_organisations(visible: ColumnElement[bool] | None = None) -> int:
    """How many organisations the directory holds (of those `visible` allows)."""
    query = select(func.count(Organisation.id))
    if visible is not None:
        query = query.where(visible)
    return db.session.scalar(query) or 0


def organisation_names(limit: int = 2000, visible: ColumnElement[bool] | None = None) -> list[str]:
    """Names for a form's autocomplete list (of those `visible` allows)."""
    query = select(Organisation.name)
    if visible is not None:
        query = query.where(visible)
    return list(db.session.scalars(query.order_by(Organisation.name_key).limit(limit)))


def get_organisation(organisation_id: int) -> Organisation | None:
    """The directory entry with this id, its logo loaded, or None."""
    return db.session.scalar(select(Organisation).where(Organisation.id == organisation_id)
                             .options(selectinload(Organisation.logo)))


def is_organisation_logo(stored_file_id: int) -> bool:
    """Whether this stored file is some organisation's logo (logos are public; other files are not)."""
    return db.session.scalar(select(OrganisationLogo.organisation_id)
                             .where(OrganisationLogo.stored_file_id == stored_file_id).limit(1)) is not None
