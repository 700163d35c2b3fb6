"""Directory writes: one organisation per (name, country), matched by core.text.fold_key (NFC, case folding,
invisible characters ignored)."""

from __future__ import annotations

from ..core.database import insert_if_absent
from ..core.text import clean_line, fold_key
from .models import ORGANISATION_TYPES, Organisation
from .queries import find_organisation


def find_or_create_organisation(name: str, country: str = "", acronym: str = "", type: str = "other") -> Organisation:
    """The directory entry for this name and country, created if new; blanks are filled, never overwritten."""
    name = clean_line(name)
    if not name:
        raise ValueError("organisation name is empty")
    country = (country or "").upper()
    type = type if type in ORGANISATION_TYPES else "other"
    organisation = find_organisation(name, country)
    if organisation is None:  # another forum's registration may be creating the same entry right now
        insert_if_absent(Organisation, {"name": name, "name_key": fold_key(name), "country": country,
                                        "acronym": clean_line(acronym), "type": type}, ["name_key", "country"])
        organisation = find_organisation(name, country)
        assert organisation is not None  # inserted now, or by the transaction that got there first
    if acronym and not organisation.acronym:
        organisation.acronym = clean_line(acronym)
    if type != "other" and organisation.type == "other":
        organisation.type = type
    return organisation
