"""Reads every part of the travel stage shares: the forum's settings and hotels, a person's support and travel
details, and who the travel form concerns (the composer, the reminders, the organisers' overview and the person's
own page all ask the same rule, written once in SQL here)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .models import Hotel, Support, TravelDetails, TravelSettings

# the support that makes the travel form concern a person under the "sponsored" audience
FORM_SUPPORT_KINDS = ("travel", "accommodation")


def travel_settings(forum: Forum) -> TravelSettings:
    """The forum's settings; an unsaved default row when organisers never saved any (nothing is written)."""
    settings = db.session.scalar(select(TravelSettings).where(TravelSettings.forum_id == forum.id))
    return settings or TravelSettings(forum_id=forum.id, form_open=False, form_audience="sponsored",
                                      currency="USD")


def forum_hotels(forum: Forum) -> list[Hotel]:
    """The forum's hotels in the organisers' order."""
    return list(db.session.scalars(select(Hotel).where(Hotel.forum_id == forum.id)
                                   .order_by(Hotel.position, Hotel.id)))


def find_hotel(forum: Forum, hotel_id: int) -> Hotel | None:
    """One of the forum's hotels (another forum's id finds nothing)."""
    return db.session.scalar(select(Hotel).where(Hotel.forum_id == forum.id, Hotel.id == hotel_id))


def supports_of(registration: Registration) -> dict[str, Support]:
    """What is funded for this person, by kind (SUPPORT_KINDS order is the caller's)."""
    rows = db.session.scalars(select(Support).where(Support.registration_id == registration.id))
    return {row.kind: row for row in rows}


def travel_details_of(registration: Registration, fresh: bool = False) -> TravelDetails | None:
    """The person's travel details, if they or the organisers wrote any; `fresh`: as committed now, even when this
    session loaded them before (under the forum's lock, before deciding on them)."""
    query = select(TravelDetails).where(TravelDetails.registration_id == registration.id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return db.session.scalar(query)


def _sponsored() -> ColumnElement[bool]:
    return exists().where(Support.registration_id == Registration.id, Support.kind.in_(FORM_SUPPORT_KINDS),
                          Support.status != "declined")


def concerned_condition(settings: TravelSettings) -> ColumnElement[bool]:
    """Whom the travel form concerns, as a condition on Registration: confirmed, not erased, and either offered
    travel or accommodation (not declined) or, under the "in_person" audience, coming in person."""
    who = _sponsored() if settings.form_audience == "sponsored" else or_(
        Registration.attendance_mode == "in_person", _sponsored())
    return and_(Registration.status == "confirmed", Registration.erased_at.is_(None), who)


def concerned_statement(forum: Forum) -> Select:
    """The ids of the registrations the travel form concerns."""
    return select(Registration.id).where(Registration.forum_id == forum.id,
                                         concerned_condition(travel_settings(forum)))


def pending_statement(forum: Forum) -> Select:
    """The ids of those it concerns who have not sent it yet (the reminders' recipients)."""
    sent = exists().where(TravelDetails.registration_id == Registration.id, TravelDetails.submitted_at.is_not(None))
    return concerned_statement(forum).where(~sent)


def is_concerned(forum: Forum, registration: Registration) -> bool:
    """Whether the travel form concerns this person (one query)."""
    return bool(db.session.scalar(select(exists(concerned_statement(forum).where(
        Registration.id == registration.id)))))
