"""The lists made from the people lists_queries reads: pure functions, plain data in and out, no request and no
database, so the page, the PDF and the CSV of a list are drawn from the same rows.

- arrivals and departures by the forum's local day and hour (an arrival at 23:30 local is on that day, whatever
  UTC says);
- the rooming list per hotel and night (a night is the date one goes to sleep: check_in <= night < check_out),
  with the people still waiting for a hotel or nights flagged;
- the per-diem sheet: the forum's days each person is there (arrival day to departure day, clipped to the forum's
  dates; the whole forum when their travel details do not say), times a day's rate, in Decimal, totals per
  currency; or one day's sheet;
- the dietary and accessibility summary: each distinct need (case, white space and end punctuation aside) with
  the people who named it, of those coming in person (on one day: those there that day).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from ..core.text import search_key
from .lists_queries import HotelData, ListsData, Person

# --- who is there when ------------------------------------------------------------------------------------------


def forum_days(data: ListsData) -> list[date]:
    """Every day of the forum, first to last."""
    return [data.start + timedelta(days=n) for n in range((data.end - data.start).days + 1)]


def present_days(person: Person, start: date, end: date) -> list[date]:
    """The forum's days the person is there: their arrival day to their departure day (local), clipped to the
    forum's dates; a missing arrival counts from the first day, a missing departure to the last."""
    travel = person.travel
    first = travel.arrival_at.date() if travel and travel.arrival_at else start
    last = travel.departure_at.date() if travel and travel.departure_at else end
    first, last = max(first, start), min(last, end)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- arrivals and departures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """One arrival or departure: when (the forum's local time), who, from or to where, how, who meets them."""

    at: datetime
    person: Person
    place: str
    transport: str
    meet: str
    hotel: str


@dataclass(frozen=True)
class HourGroup:
    hour: int  # 0..23, local
    movements: list[Movement]

    @property
    def label(self) -> str:
        """"08:00–08:59"."""
        return f"{self.hour:02d}:00\u2013{self.hour:02d}:59"


@dataclass(frozen=True)
class DayMovements:
    day: date
    arrivals: list[HourGroup]
    departures: list[HourGroup]


@dataclass(frozen=True)
class TravelDay:
    """A day the picker offers: it has at least one arrival or departure."""

    day: date
    arrivals: int
    departures: int


def _arrivals(person: Person) -> Movement | None:
    travel = person.travel
    if travel is None or travel.arrival_at is None:
        return None
    return Movement(travel.arrival_at, person, travel.arrival_from, travel.arrival_transport, travel.arrival_meet,
                    travel.hotel)


def _departures(person: Person) -> Movement | None:
    travel = person.travel
    if travel is None or travel.departure_at is None:
        return None
    return Movement(travel.departure_at, person, travel.departure_to, travel.departure_transport,
                    travel.departure_meet, travel.hotel)


def _all(people: Iterable[Person], pick) -> list[Movement]:
    found = [movement for movement in map(pick, people) if movement is not None]
    return sorted(found, key=lambda m: (m.at, search_key(m.person.name), m.person.id))


def travel_days(people: list[Person]) -> list[TravelDay]:
    """The days with any arrival or departure, in order, with how many of each."""
    arrivals = Counter(m.at.date() for m in _all(people, _arrivals))
    departures = Counter(m.at.date() for m in _all(people, _departures))
    return [TravelDay(day, arrivals[day], departures[day]) for day in sorted(set(arrivals) | set(departures))]


def default_travel_day(days: list[TravelDay]) -> date | None:
    """The first day with arrivals (the pickup's first morning); else the first with departures; None if none."""
    return next((d.day for d in days if d.arrivals), days[0].day if days else None)


def _by_hour(movements: list[Movement]) -> list[HourGroup]:
    groups: dict[int, list[Movement]] = {}
    for movement in movements:
        groups.setdefault(movement.at.hour, []).append(movement)
    return [HourGroup(hour, rows) for hour, rows in groups.items()]  # already in time order


def movements(people: list[Person], day: date | None) -> list[DayMovements]:
    """Arrivals and departures of one local day (or of every day, `day` None), grouped by local hour."""
    arrivals, departures = _all(people, _arrivals), _all(people, _departures)
    days = sorted({m.at.date() for m in arrivals + departures}) if day is None else [day]
    return [DayMovements(d, _by_hour([m for m in arrivals if m.at.date() == d]),
                         _by_hour([m for m in departures if m.at.date() == d])) for d in days]


# --- rooming ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    person: Person
    room: str
    sharing: str  # single | share | share_with | ""
    share_with: str
    check_in: date
    check_out: date

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


@dataclass(frozen=True)
class Night:
    night: date  # the evening they go to sleep
    stays: list[Stay]


@dataclass(frozen=True)
class HotelRooming:
    hotel: HotelData
    nights: list[Night]
    people: int  # staying there at all


@dataclass(frozen=True)
class Unplaced:
    """Someone with accommodation accepted (or nights or a hotel half set) who is not fully placed yet."""

    person: Person
    missing: str  # "hotel", "nights" or "both"


@dataclass(frozen=True)
class Rooming:
    hotels: list[HotelRooming]
    unplaced: list[Unplaced]

    @property
    def placed(self) -> int:
        return sum(h.people for h in self.hotels)

    @property
    def nights(self) -> list[date]:
        """Every night someone sleeps at one of the hotels, in order."""
        return sorted({night.night for hotel in self.hotels for night in hotel.nights})


def _room_key(room: str) -> tuple:
    """Rooms in the order on their doors: "" last, "9" before "12", "412A" after "412"."""
    parts = [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", room) if p]
    return (not room, [(isinstance(p, str), p) for p in parts])


def rooming(data: ListsData) -> Rooming:
    """Each hotel of the forum (in the organisers' order, even with nobody yet) with its nights, and who is not
    placed yet: accommodation accepted, or a hotel or nights given, without both a hotel and nights."""
    stays: dict[int, list[Stay]] = {hotel.id: [] for hotel in data.hotels}
    unplaced = []
    for person in data.people:
        travel = person.travel
        at_hotel = stays.get(travel.hotel_id) if travel is not None and travel.hotel_id is not None else None
        if travel is not None and at_hotel is not None and travel.check_in and travel.check_out:
            at_hotel.append(Stay(person, travel.room, travel.room_sharing, travel.share_with, travel.check_in,
                                 travel.check_out))
            continue
        has_nights = travel is not None and travel.check_in is not None and travel.check_out is not None
        started = travel is not None and (travel.hotel_id is not None or travel.check_in is not None)
        if person.accommodation or started:
            missing = "hotel" if has_nights else "nights" if at_hotel is not None else "both"
            unplaced.append(Unplaced(person, missing))
    hotels = []
    for hotel in data.hotels:
        nights: dict[date, list[Stay]] = {}
        for stay in stays[hotel.id]:
            for n in range(stay.nights):
                nights.setdefault(stay.check_in + timedelta(days=n), []).append(stay)
        hotels.append(HotelRooming(hotel, [
            Night(night, sorted(rows, key=lambda s: (_room_key(s.room), search_key(s.person.name), s.person.id)))
            for night, rows in sorted(nights.items())], len(stays[hotel.id])))
    return Rooming(hotels, unplaced)


# --- per diem ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerDiemLine:
    person: Person
    days: list[date]
    rate: Decimal | None  # a day's; None: not set anywhere
    currency: str

    @property
    def amount(self) -> Decimal | None:
        return None if self.rate is None else self.rate * len(self.days)


@dataclass(frozen=True)
class PerDiemSheet:
    day: date | None  # None: the whole forum
    lines: list[PerDiemLine]
    totals: list[tuple[str, Decimal]] = field(default_factory=list)  # by currency code

    @property
    def unpriced(self) -> int:
        """People whose day's rate is set neither on their offer nor in the forum's settings."""
        return sum(1 for line in self.lines if line.rate is None)


def per_diem_sheet(data: ListsData, day: date | None = None) -> PerDiemSheet:
    """Everyone with per diem accepted and their days and amount (the whole forum), or, for one day, each of them
    there that day with a day's amount."""
    lines = []
    for person in data.people:
        if person.per_diem is None:
            continue
        days = present_days(person, data.start, data.end)
        if day is not None:
            if day not in days:
                continue
            days = [day]
        lines.append(PerDiemLine(person, days, person.per_diem.rate, person.per_diem.currency))
    totals: dict[str, Decimal] = {}
    for line in lines:
        if line.amount is not None:
            totals[line.currency] = totals.get(line.currency, Decimal("0")) + line.amount
    return PerDiemSheet(day, lines, sorted(totals.items()))


# --- dietary and accessibility needs ------------------------------------------------------------------------------

# what people type when they have none: not a need for the caterer
NO_NEED = frozenset({"", "-", "no", "none", "nil", "n/a", "na", "no need", "nothing", "not applicable"})
_END_PUNCTUATION = " .,;:!\u3002"


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).strip(_END_PUNCTUATION)


def need_key(text: str) -> str:
    """What makes two needs the same: "Vegetarian.", " vegetarian" and "VEGETARIAN" are one."""
    return _tidy(text).casefold()


@dataclass(frozen=True)
class Need:
    label: str  # as most people wrote it (_spelling)
    names: list[str]

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class NeedsSummary:
    day: date | None  # None: the whole forum
    people: int  # coming in person (that day)
    dietary: list[Need]
    accessibility: list[Need]


def _spelling(spellings: Counter) -> str:
    """How a need is shown: as most people wrote it; between as many, capitalised ("Vegetarian", not "vegetarian")."""
    return max(spellings, key=lambda text: (spellings[text], text[:1].isupper()))


def _needs(people: list[Person], attribute: str) -> list[Need]:
    names: dict[str, list[str]] = {}
    spellings: dict[str, Counter] = {}
    for person in people:
        text = getattr(person, attribute)
        key = need_key(text)
        if key in NO_NEED:
            continue
        names.setdefault(key, []).append(person.name)
        spellings.setdefault(key, Counter())[_tidy(text)] += 1
    needs = [Need(_spelling(spellings[key]), sorted(found, key=search_key)) for key, found in names.items()]
    return sorted(needs, key=lambda need: (-need.count, need.label.casefold()))


def needs_summary(data: ListsData, day: date | None = None) -> NeedsSummary:
    """Each distinct dietary and accessibility need of the people coming in person (on `day`: of those there that
    day by their travel details; without details they count on every day), most named first."""
    people = [p for p in data.people if p.in_person]
    if day is not None:
        people = [p for p in people if day in present_days(p, data.start, data.end)]
    return NeedsSummary(day, len(people), _needs(people, "dietary"), _needs(people, "accessibility"))
