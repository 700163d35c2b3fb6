"""Directory writes: one organisation per (name, country), matched after NFC and case folding."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, select

from ..core.text import clean_line, fold_key
from ..extensions import db
from .models import ORGANISATION_TYPES, Organisation


@cache  # built once per process: every registration naming an organisation runs it, under the seat lock
def _by_key_statement():
    return select(Organisation).where(Organisation.name_key == bindparam("key"),
                                      Organisation.country == bindparam("country"))


def find_or_create_organisation(name: str, country: str = "", acronym: str = "", type: str = "other") -> Organisation:
    """The directory entry for this name and country, created if new; blanks are filled, never overwritten."""
    name = clean_line(name)
    if not name:
        raise ValueError("organisation name is empty")
    key = fold_key(name)
    country = (country or "").upper()
    organisation = db.session.scalar(_by_key_statement(), {"key": key, "country": country})
    if organisation is None:
        organisation = Organisation(
            name=name, name_key=key, country=country, acronym=clean_line(acronym),
            type=type if type in ORGANISATION_TYPES else "other",
        )
        db.session.add(organisation)
        db.session.flush()
    else:
        if acronym and not organisation.acronym:
            organisation.acronym = clean_line(acronym)
        if type and type != "other" and organisation.type == "other":
            organisation.type = type
    return organisation
