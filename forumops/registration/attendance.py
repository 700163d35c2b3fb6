"""Reads of attendance (models.DayAttendance, SessionAttendance): who was there on which day of the forum
and at which programme item. The desk's writes are in operations.py; the report and its CSV grid
(attendance_report.py) build on these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from ..agenda.data import SESSION_TYPES
from ..agenda.models import AgendaItem
from ..agenda.operations import to_utc
from ..agenda.queries import forum_days
from ..core.i18n import day_in_zone, in_zone
from ..extensions import db
from ..forums.models import Forum
from .models import DayAttendance, Registration, SessionAttendance

__all__ = ["forum_days", "days_attended", "days_attended_statement"]  # forum_days: the agenda's


def days_attended_statement(forum: Forum):
    """SELECT registration_id, n: how many of the forum's days (first to last) each person was recorded present.
    A row for a day outside them (the forum's dates changed after the desk recorded it) is not counted: the one
    definition of "days attended", for the desk, the report and the certificates' rule."""
    return (select(DayAttendance.registration_id, func.count(DayAttendance.id).label("n"))
            .where(DayAttendance.forum_id == forum.id, DayAttendance.day >= forum.start_date,
                   DayAttendance.day <= forum.end_date)
            .group_by(DayAttendance.registration_id))


def days_attended(forum: Forum) -> dict[int, int]:
    """registration id -> how many days of the forum that person was checked in (absent: not at all)."""
    return {registration_id: count for registration_id, count in db.session.execute(days_attended_statement(forum))}


# --- which day the desk records --------------------------------------------------------------------------

def is_forum_day(forum: Forum, day: date) -> bool:
    """Whether the date is one of the forum's days (first to last, inclusive)."""
    return forum.start_date <= day <= forum.end_date


def session_day(forum: Forum, item: AgendaItem) -> date:
    """The day of the forum a programme item takes place on: the date of its start in the forum's zone."""
    return in_zone(item.start_at, forum.timezone).date()


def today_at(forum: Forum) -> date:
    """Today in the forum's time zone: the day a scan at its door counts for."""
    return day_in_zone(forum.timezone)


def default_day(forum: Forum) -> date:
    """The day the desk records for when nobody chose one: today during the forum, else its first day."""
    today = today_at(forum)
    return today if is_forum_day(forum, today) else forum.start_date


def parse_day(forum: Forum, value: str | None) -> date | None:
    """A day of the forum from its ISO form ("2027-04-14"); None for anything else."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if is_forum_day(forum, day) else None


# --- the desk's counts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryCount:
    """One participant category on the chosen day: confirmed to come in person, and arrived (either mode)."""

    category: str  # a code of labels.CATEGORY_LABELS, "" when not stated
    confirmed_in_person: int
    arrived: int


@dataclass(frozen=True)
class DayCounts:
    """The chosen day at the desk: confirmed people by mode, how many of them came that day, and both by
    participant category."""

    day: date
    confirmed_in_person: int
    arrived_in_person: int
    confirmed_online: int
    arrived_online: int
    by_category: tuple[CategoryCount, ...] = ()  # most expected first

    @property
    def arrived(self) -> int:
        return self.arrived_in_person + self.arrived_online

    @property
    def remaining(self) -> int:
        """Confirmed to come in person and not in yet that day."""
        return self.confirmed_in_person - self.arrived_in_person


def day_counts(forum: Forum, day: date) -> DayCounts:
    """Confirmed people by attendance mode and category, and those of them recorded present on the day (one
    query, whatever the number of people)."""
    rows = db.session.execute(
        select(Registration.attendance_mode, Registration.category, func.count(Registration.id),
               func.count(DayAttendance.id))
        .outerjoin(DayAttendance, and_(DayAttendance.registration_id == Registration.id, DayAttendance.day == day))
        .where(Registration.forum_id == forum.id, Registration.status == "confirmed")
        .group_by(Registration.attendance_mode, Registration.category)).all()
    by_mode: dict[str, list[int]] = {"in_person": [0, 0], "online": [0, 0]}
    by_category: dict[str, list[int]] = {}
    for mode, category, confirmed, arrived in rows:
        totals = by_mode.setdefault(mode, [0, 0])
        totals[0] += confirmed
        totals[1] += arrived
        group = by_category.setdefault(category or "", [0, 0])
        group[0] += confirmed if mode == "in_person" else 0
        group[1] += arrived
    categories = sorted((CategoryCount(code, confirmed, arrived) for code, (confirmed, arrived)
                         in by_category.items()), key=lambda c: (not c.category, -c.confirmed_in_person,
                                                                 -c.arrived, c.category))
    (in_person, arrived_in_person), (online, arrived_online) = by_mode["in_person"], by_mode["online"]
    return DayCounts(day, in_person, arrived_in_person, online, arrived_online, tuple(categories))


def arrivals_on(forum: Forum, day: date, registration_ids: list[int]) -> dict[int, datetime]:
    """registration id -> when they were recorded present on the day, for these people (one query)."""
    if not registration_ids:
        return {}
    return dict(db.session.execute(select(DayAttendance.registration_id, DayAttendance.arrived_at).where(
        DayAttendance.forum_id == forum.id, DayAttendance.day == day,
        DayAttendance.registration_id.in_(registration_ids))).all())


def arrival_on(forum: Forum, registration: Registration, day: date) -> datetime | None:
    """When this person was recorded present on the day, or None."""
    return arrivals_on(forum, day, [registration.id]).get(registration.id)


# --- a session's door -------------------------------------------------------------------------------------

def session_arrivals(item: AgendaItem, registration_ids: list[int]) -> dict[int, datetime]:
    """registration id -> when they were scanned in at this programme item, for these people (one query)."""
    if not registration_ids:
        return {}
    return dict(db.session.execute(select(SessionAttendance.registration_id, SessionAttendance.arrived_at).where(
        SessionAttendance.agenda_item_id == item.id,
        SessionAttendance.registration_id.in_(registration_ids))).all())


def session_count(item: AgendaItem) -> int:
    """How many people were scanned in at this programme item."""
    return db.session.scalar(select(func.count(SessionAttendance.id))
                             .where(SessionAttendance.agenda_item_id == item.id)) or 0


@dataclass(frozen=True)
class DaySession:
    """A programme item of the chosen day, as the desk lists it: scanned at its own door, or a breakout whose
    facilitator ticks who came in the cluster's notes."""

    item: AgendaItem
    scanned: int

    @property
    def is_breakout(self) -> bool:
        return self.item.cluster_id is not None


def sessions_on(forum: Forum, day: date) -> list[DaySession]:
    """The confirmed sessions (agenda.data.SESSION_TYPES: no break, meal, group photo or registration) starting
    on the day (forum's zone), in time order, each with how many were scanned in (two queries)."""
    start, end = to_utc(forum, day, time(0)), to_utc(forum, day + timedelta(days=1), time(0))
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
                                 AgendaItem.type.in_(sorted(SESSION_TYPES)),
                                 AgendaItem.start_at >= start, AgendaItem.start_at < end)
        .options(selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id)))
    scanned: dict[int, int] = {}
    if items:
        scanned = dict(db.session.execute(
            select(SessionAttendance.agenda_item_id, func.count(SessionAttendance.id))
            .where(SessionAttendance.agenda_item_id.in_([item.id for item in items]))
            .group_by(SessionAttendance.agenda_item_id)).all())
    return [DaySession(item, scanned.get(item.id, 0)) for item in items]
