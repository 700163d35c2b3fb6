"""Reads for the lists (arrivals and departures, rooming, per diem, dietary and accessibility): everyone confirmed
and not erased, with their travel details, hotel and accepted support, as plain data in a fixed number of queries
whatever the forum's size. Times come back in the forum's own zone, so the lists group them by its local day.

Phone numbers are personal data the lists leave out unless the organiser asks for them (`with_phones`): then the
answers to the forum's "phone" questions come back too, written in international form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, select

from ..core.i18n import in_zone
from ..core.phones import phone_shown
from ..core.text import search_key
from ..extensions import db
from ..forums.models import Forum
from ..organisations.models import Organisation
from ..registration.models import Question, Registration
from .models import Hotel, Support, TravelDetails
from .queries import forum_hotels, travel_settings

LISTED_SUPPORT = ("per_diem", "accommodation")  # the accepted support the lists look at


@dataclass(frozen=True)
class Travel:
    """A person's travel details as the lists read them: arrival and departure in the forum's zone."""

    arrival_at: datetime | None = None
    arrival_from: str = ""
    arrival_transport: str = ""
    arrival_meet: str = ""
    departure_at: datetime | None = None
    departure_to: str = ""
    departure_transport: str = ""
    departure_meet: str = ""
    hotel_id: int | None = None
    hotel: str = ""
    check_in: date | None = None
    check_out: date | None = None
    room_sharing: str = ""
    share_with: str = ""
    room: str = ""


@dataclass(frozen=True)
class PerDiemRate:
    """An accepted per diem: a day's amount (None when neither the offer nor the forum's settings name one)."""

    rate: Decimal | None
    currency: str


@dataclass(frozen=True)
class Person:
    """Someone confirmed to come, as every list reads them."""

    id: int
    name: str
    organisation: str = ""
    country: str = ""  # ISO 3166 code
    in_person: bool = True
    dietary: str = ""
    accessibility: str = ""
    phone: str = ""  # only when asked for (with_phones)
    travel: Travel | None = None
    per_diem: PerDiemRate | None = None  # accepted
    accommodation: bool = False  # accommodation support accepted


@dataclass(frozen=True)
class HotelData:
    id: int
    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ListsData:
    """What the lists are drawn from: the forum's dates and zone, its hotels and everyone confirmed."""

    forum_title: str
    timezone: str
    start: date
    end: date
    hotels: list[HotelData]
    people: list[Person]
    with_phones: bool = False
    venue: str = ""


def listed_condition(forum: Forum):
    """The registrations the lists show: this forum's, confirmed, not erased."""
    return and_(Registration.forum_id == forum.id, Registration.status == "confirmed",
                Registration.erased_at.is_(None))


def _phone_question_ids(forum: Forum) -> list[str]:
    rows = db.session.scalars(select(Question.id).where(Question.forum_id == forum.id, Question.kind == "phone")
                              .order_by(Question.position, Question.id))
    return [str(question_id) for question_id in rows]


def _accepted_support(forum: Forum) -> dict[int, dict[str, tuple[Decimal | None, str]]]:
    """Accepted per diem and accommodation by registration: {id: {kind: (amount, currency)}}."""
    rows = db.session.execute(
        select(Support.registration_id, Support.kind, Support.amount, Support.currency)
        .join(Registration, Registration.id == Support.registration_id)
        .where(listed_condition(forum), Support.status == "accepted", Support.kind.in_(LISTED_SUPPORT)))
    found: dict[int, dict[str, tuple[Decimal | None, str]]] = {}
    for registration_id, kind, amount, currency in rows:
        found.setdefault(registration_id, {})[kind] = (amount, currency or "")
    return found


_TRAVEL_COLUMNS = (
    TravelDetails.id, TravelDetails.arrival_at, TravelDetails.arrival_from, TravelDetails.arrival_transport,
    TravelDetails.arrival_meet, TravelDetails.departure_at, TravelDetails.departure_to,
    TravelDetails.departure_transport, TravelDetails.departure_meet, TravelDetails.hotel_id,
    TravelDetails.check_in, TravelDetails.check_out, TravelDetails.room_sharing, TravelDetails.share_with,
    TravelDetails.room,
)


def _travel(row, zone: str) -> Travel | None:
    if row.id is None:  # no travel details
        return None
    return Travel(
        arrival_at=in_zone(row.arrival_at, zone) if row.arrival_at else None, arrival_from=row.arrival_from or "",
        arrival_transport=row.arrival_transport or "", arrival_meet=row.arrival_meet or "",
        departure_at=in_zone(row.departure_at, zone) if row.departure_at else None,
        departure_to=row.departure_to or "", departure_transport=row.departure_transport or "",
        departure_meet=row.departure_meet or "", hotel_id=row.hotel_id, hotel=row.hotel_name or "",
        check_in=row.check_in, check_out=row.check_out, room_sharing=row.room_sharing or "",
        share_with=row.share_with or "", room=row.room or "")


def read_lists(forum: Forum, with_phones: bool = False) -> ListsData:
    """Everyone confirmed and not erased, by name as people read it (core.text.search_key: case, accents and
    tone marks aside, where the database's order puts "sok" and "Đặng" after "Zaw"), with what the lists need:
    five queries at most, whatever the number of people (the people with their details and hotel, their accepted
    support, the settings, the hotels, and the phone questions when phones are asked for)."""
    settings = travel_settings(forum)
    support = _accepted_support(forum)
    phone_questions = _phone_question_ids(forum) if with_phones else []
    columns = [Registration.id.label("registration_id"), Registration.name, Registration.country,
               Registration.attendance_mode, Registration.dietary_needs, Registration.accessibility_needs,
               Organisation.name.label("organisation"), Hotel.name.label("hotel_name"), *_TRAVEL_COLUMNS]
    if phone_questions:
        columns.append(Registration.answers)
    rows = db.session.execute(
        select(*columns)
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .outerjoin(TravelDetails, TravelDetails.registration_id == Registration.id)
        .outerjoin(Hotel, and_(Hotel.id == TravelDetails.hotel_id, Hotel.forum_id == forum.id))
        .where(listed_condition(forum))
        .order_by(Registration.id))
    people = []
    for row in rows:
        funded = support.get(row.registration_id, {})
        per_diem = None
        if "per_diem" in funded:
            amount, currency = funded["per_diem"]
            per_diem = PerDiemRate(amount if amount is not None else settings.per_diem_rate,
                                   currency or settings.currency or "")
        phones = [phone_shown((row.answers or {}).get(key)) for key in phone_questions] if phone_questions else []
        people.append(Person(
            id=row.registration_id, name=row.name, organisation=row.organisation or "", country=row.country or "",
            in_person=row.attendance_mode == "in_person", dietary=row.dietary_needs or "",
            accessibility=row.accessibility_needs or "", phone=", ".join(p for p in phones if p),
            travel=_travel(row, forum.timezone), per_diem=per_diem, accommodation="accommodation" in funded))
    hotels = [HotelData(h.id, h.name, h.address or "", phone_shown(h.phone)) for h in forum_hotels(forum)]
    venue = ", ".join(part for part in (forum.venue_name, forum.venue_city) if part)
    people.sort(key=lambda person: (search_key(person.name), person.id))  # as people read names, in any script
    return ListsData(forum_title=forum.title, timezone=forum.timezone, start=forum.start_date, end=forum.end_date,
                     hotels=hotels, people=people, with_phones=with_phones, venue=venue)
