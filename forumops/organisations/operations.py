"""Directory writes: one organisation per (name, country), matched by core.text.fold_key (NFC, case folding,
invisible characters ignored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TypeVar

from ..core.database import insert_if_absent
from ..core.files import FileRefused, StoredFile, clean_filename, forget_unused
from ..core.models import utcnow
from ..core.text import clean_line, fold_key
from ..core.uploads import store_upload
from ..extensions import db
from .models import LOGO_MAX_BYTES, ORGANISATION_TYPES, LogoColumns, Organisation, OrganisationLogo
from .queries import find_organisation

L = TypeVar("L", bound=LogoColumns)


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


def store_logo(stream: IO[bytes], filename: str, field: str = "logo") -> StoredFile:
    """A logo's picture stored (core.files: images only, typed by content, re-encoded without its metadata);
    FileRefused, beside the form's `field`, for anything else. A signature image is stored the same way."""
    try:
        return store_upload(stream, filename, max_bytes=LOGO_MAX_BYTES, images="only")
    except FileRefused as refused:
        refused.field = field
        raise


def fill_logo(logo: L | None, new: Callable[[], L], stream: IO[bytes], filename: str) -> L:
    """Put the uploaded picture in a logo row (an organisation's, a forum's): `logo`, or `new()` when there is
    none yet, made only once the picture is stored (a refusal leaves no half-made row behind)."""
    stored = store_logo(stream, filename)
    replaced = logo.stored_file_id if logo is not None else None
    logo = logo or new()
    logo.stored_file = stored
    logo.filename = clean_filename(filename)
    logo.updated_at = utcnow()
    db.session.add(logo)
    db.session.flush()
    forget_unused([replaced] if replaced != stored.id else [])
    return logo


def set_organisation_logo(organisation: Organisation, stream: IO[bytes], filename: str) -> OrganisationLogo:
    """Give the organisation this logo, replacing the one it had (every forum naming it shows the new one)."""
    return fill_logo(organisation.logo, lambda: OrganisationLogo(organisation=organisation), stream, filename)


def drop_logo(owner) -> None:
    """Take away an owner's logo (an organisation's, a forum's): its picture goes unless something else uses it."""
    if owner.logo is not None:
        picture = owner.logo.stored_file_id
        db.session.delete(owner.logo)
        owner.logo = None
        db.session.flush()
        forget_unused([picture])


def remove_organisation_logo(organisation: Organisation) -> None:
    """The organisation shows its name alone again."""
    drop_logo(organisation)
