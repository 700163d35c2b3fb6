"""Attendance in the demo, day by day, as the check-in desk records it (registration.models.DayAttendance), so
certificates of attendance have something to count. The Hanoi training's participants are registered here
(seven countries, as its concept note says) and came three mornings: most on all three days, some on two, a
few on one. In the other concluded forums everyone checked in came on the first day, and most on the next.
A forum that has any day recorded already is left alone, so loading twice adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from ..forums.models import Forum
from ..registration import seats as registration_seats
from ..registration.attendance import forum_days
from ..registration.models import DayAttendance, Registration
from . import data
from .people import account, registration_data

TRAINING = "local-economic-development-training-hanoi-2014"
TRAINING_COUNTRIES = ("VN", "TH", "KH", "MM", "LA", "ID", "PH")
DESK_OPENS = time(8, 15)  # the first arrival of a morning, in the forum's zone


def _days_present(index: int, days: int) -> tuple[int, ...]:
    """Which days (0 = the first) the index-th person came: on a three-day forum seven in ten every day, two
    in ten two of the three, one in ten only the first; on two days, five in six both."""
    if days >= 3:
        return {7: (0, 1), 8: (0, 2), 9: (0,)}.get(index % 10, tuple(range(days)))
    if days == 2:
        return (0,) if index % 6 == 5 else (0, 1)
    return (0,)


def _has_days(forum: Forum) -> bool:
    return db.session.scalar(select(DayAttendance.id).where(DayAttendance.forum_id == forum.id).limit(1)) is not None


def _register_training(forum: Forum) -> None:
    """The training's participants: the demo's people from its seven countries, registered (and confirmed) as
    its organisers' list had them, each checked in on the first morning."""
    if db.session.scalar(select(Registration.id).where(Registration.forum_id == forum.id).limit(1)) is not None:
        return
    zone = ZoneInfo(forum.timezone)
    for index, spec in enumerate(p for p in data.DEMO_PARTICIPANTS if p["country"] in TRAINING_COUNTRIES):
        registration, _token = registration_seats.register(
            forum, registration_data({**spec, "clusters": []}, {}, {}), account(spec["email"]), notify=False)
        registration.checked_in_at = datetime.combine(forum.start_date, DESK_OPENS, zone) + timedelta(minutes=index)


def _record_days(forum: Forum) -> None:
    """A DayAttendance row for each day each checked-in person came; their first arrival is checked_in_at."""
    days = forum_days(forum)
    zone = ZoneInfo(forum.timezone)
    checked_in = db.session.scalars(select(Registration).where(
        Registration.forum_id == forum.id, Registration.checked_in_at.is_not(None)).order_by(Registration.id))
    for index, registration in enumerate(checked_in):
        present = _days_present(index, len(days))
        for number in present:
            arrived = datetime.combine(days[number], DESK_OPENS, zone) + timedelta(minutes=(7 * index) % 45)
            if number == present[0]:
                arrived = registration.checked_in_at or arrived
            db.session.add(DayAttendance(forum_id=forum.id, registration_id=registration.id, day=days[number],
                                         arrived_at=arrived))


def load_attendance(forums: dict[str, Forum]) -> None:
    """Register the training's participants, then record the days of every concluded forum's checked-in people."""
    training = forums.get(TRAINING)
    if training is not None:
        _register_training(training)
        db.session.flush()
    for forum in forums.values():
        if forum.status == "concluded" and not _has_days(forum):
            _record_days(forum)
    db.session.flush()
