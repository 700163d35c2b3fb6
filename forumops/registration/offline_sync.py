"""The arrivals a check-in desk's device took offline, sent when the network returns (static/js/desk-offline.js).

Each arrival carries the desk's own random id for it, the code scanned, the day it counts for, the device's clock
reading when it was taken and the device's random id. Rules, so that desks that were offline together agree:

- the earliest arrival of a person on a day wins: exactly one attendance_days row, whose time, device and arrival
  id are the earliest's; a desk whose arrival came later is told when and by which device the earlier one was;
- the same arrival sent twice (a reply lost on the way back) records nothing twice: it is answered as it was;
- a code cancelled (or no longer confirmed) on the server meanwhile, or unknown, is reported back, never recorded;
- a device whose clock was far off when it sent (more than CLOCK_TOLERANCE from the server's) is not believed:
  its arrivals are stamped by the server at sync, the device's own reading kept beside it; so is one arrival whose
  device time cannot be right even though the clock is right now (corrected before the sync): earlier than the
  list the desk held when it took it was fetched (`list_time`, the server's clock), not on the day it claims in
  the forum's zone, or later than the sync's own device clock;
- an arrival recorded by another account (`recorded_by`, the account signed in when it was taken) is refused:
  a shared device never sends the previous organiser's arrivals under the new one's name.

Two desks syncing at once: the rows are inserted with ON CONFLICT DO NOTHING in key order, and an earlier arrival
replaces a later one only through UPDATE ... WHERE arrived_at > :earlier, so the database itself keeps the
earliest whatever the order the transactions commit in. Writes flush, never commit (the view commits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, or_, select, update

from ..core.database import insert_all_if_absent
from ..core.i18n import in_zone
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from .attendance import is_forum_day
from .badge_queries import IDS_PER_STATEMENT
from .models import DayAttendance, Registration
from .operations import normalise_code

MAX_BATCH = 500  # arrivals in one request: a desk sends its queue in batches of this many
CLOCK_TOLERANCE = timedelta(minutes=5)
ID_LENGTH = 40  # the desk's arrival and device ids (random UUIDs: 36 characters)


@dataclass(frozen=True)
class DeviceArrival:
    """One arrival as a device sent it. `problem` says why it cannot be taken as it is ("" when it can)."""

    id: str
    code: str = ""
    day: date | None = None
    device_time: datetime | None = None
    device: str = ""
    problem: str = ""
    list_time: datetime | None = None  # when the list the desk held was fetched, by the server's clock
    recorded_by: str = ""  # the id of the account signed in on the desk when it was taken


@dataclass(frozen=True)
class SyncAnswer:
    """What became of one arrival. result: "recorded" (it is the day's arrival), "moved_earlier" (it replaced a
    later one), "already" (an earlier arrival stands: `arrived_at`, `device`), "cancelled", "refused" (not
    confirmed: `status`), "unknown" (no registration of this forum has the code) or "invalid" (`problem`)."""

    id: str
    result: str
    arrived_at: datetime | None = None
    device: str = ""
    status: str = ""
    stamped_by_server: bool = False
    problem: str = ""


def _text(value, limit: int) -> str | None:
    return value.strip() if isinstance(value, str) and 0 < len(value.strip()) <= limit else None


def parse_moment(value) -> datetime | None:
    """An ISO 8601 instant with its offset ("2027-04-14T08:04:05.120+07:00" or "...Z"); None for anything else,
    a time without offset included: it names no instant."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and moment.utcoffset() is not None else None


def parse_arrival(item) -> DeviceArrival:
    """One entry of the batch, checked; an entry without a usable id is answered under the id ""."""
    if not isinstance(item, dict):
        return DeviceArrival("", problem="not an object")
    arrival_id = _text(item.get("id"), ID_LENGTH)
    if arrival_id is None:
        return DeviceArrival("", problem="no id")
    code = normalise_code(item.get("code") if isinstance(item.get("code"), str) else "")
    raw_day = item.get("day")
    try:
        day = date.fromisoformat(raw_day) if isinstance(raw_day, str) and len(raw_day) <= 10 else None
    except ValueError:
        day = None
    device_time = parse_moment(item.get("device_time"))
    device = _text(item.get("device"), ID_LENGTH)
    recorded_by = item.get("recorded_by")
    recorded_by = str(recorded_by) if isinstance(recorded_by, (int, str)) and not isinstance(recorded_by, bool) else ""
    problem = ("no code" if not code or len(code) > 64 else "no day" if day is None
               else "no device time with its offset" if device_time is None else "no device" if device is None
               else "no recorded_by" if not recorded_by.strip() else "")
    return DeviceArrival(arrival_id, code, day, device_time, device or "", problem,
                         parse_moment(item.get("list_time")), recorded_by.strip())


def arrival_clock_off(forum: Forum, arrival: DeviceArrival, device_clock: datetime) -> bool:
    """Whether this arrival's device time cannot be right, whatever the device's clock says now: earlier than the
    fetch of the list it was looked up in, not on the day it claims in the forum's zone, or later than the device's
    clock when it sent it."""
    assert arrival.device_time is not None
    assert arrival.day is not None
    moment = arrival.device_time
    return ((arrival.list_time is not None and moment < arrival.list_time - CLOCK_TOLERANCE)
            or in_zone(moment, forum.timezone).date() != arrival.day
            or moment > device_clock + CLOCK_TOLERANCE)


def _registrations(forum: Forum, codes: list[str]) -> dict[str, tuple[int, str]]:
    """code -> (registration id, status) for the codes that name one of this forum's registrations."""
    found: dict[str, tuple[int, str]] = {}
    for i in range(0, len(codes), IDS_PER_STATEMENT):
        found.update((code, (rid, status)) for code, rid, status in db.session.execute(
            select(Registration.checkin_code, Registration.id, Registration.status).where(
                Registration.forum_id == forum.id, Registration.checkin_code.in_(codes[i:i + IDS_PER_STATEMENT]))))
    return found


def _day_rows(forum: Forum, keys: set[tuple[int, date]]) -> dict[tuple[int, date], tuple[datetime, str, str | None]]:
    """(registration id, day) -> (arrived_at, device, device_arrival_id) of the rows for these keys."""
    ids = sorted({rid for rid, _day in keys})
    rows = {}
    for i in range(0, len(ids), IDS_PER_STATEMENT):
        chunk = ids[i:i + IDS_PER_STATEMENT]
        for rid, day, at, device, arrival_id in db.session.execute(select(
                DayAttendance.registration_id, DayAttendance.day, DayAttendance.arrived_at, DayAttendance.device,
                DayAttendance.device_arrival_id).where(DayAttendance.forum_id == forum.id,
                                                       DayAttendance.registration_id.in_(chunk))):
            if (rid, day) in keys:
                rows[(rid, day)] = (at, device, arrival_id)
    return rows


def _mark_first_arrivals(first: dict[int, datetime]) -> None:
    """Registration.checked_in_at stays the first arrival of all: set where unset or later (one executemany)."""
    if not first:
        return
    table = Registration.__table__
    statement = (update(table).where(table.c.id == bindparam("rid"),
                                     or_(table.c.checked_in_at.is_(None), table.c.checked_in_at > bindparam("at")))
                 .values(checked_in_at=bindparam("at")))
    db.session.execute(statement, [{"rid": rid, "at": at} for rid, at in sorted(first.items())])


def sync_arrivals(forum: Forum, arrivals: list[DeviceArrival], device_clock: datetime, actor,
                  now: datetime | None = None) -> tuple[list[SyncAnswer], bool]:
    """Record a batch of arrivals taken offline, earliest wins (see the module's rules). Returns an answer per
    arrival, in the order given, and whether the device's clock was taken as far off. `actor` is the account
    signed in: an arrival recorded by another is refused (answered "invalid")."""
    now = now or utcnow()
    clock_off = abs(device_clock - now) > CLOCK_TOLERANCE
    answers: dict[int, SyncAnswer] = {}
    unique: dict[str, int] = {}  # the same id twice in one batch is one arrival
    for index, arrival in enumerate(arrivals):
        if arrival.problem:
            answers[index] = SyncAnswer(arrival.id, "invalid", problem=arrival.problem)
        elif actor is None or arrival.recorded_by != str(actor.id):
            answers[index] = SyncAnswer(arrival.id, "invalid", problem="recorded by another account")
        elif arrival.id in unique:
            answers[index] = SyncAnswer(arrival.id, "invalid", problem="the same id twice")
        else:
            unique[arrival.id] = index
    registrations = _registrations(forum, sorted({arrivals[i].code for i in unique.values()}))
    # the day's candidates: every arrival for a (person, day), each with the time it counts with
    candidates: dict[tuple[int, date], list[tuple[datetime, int]]] = defaultdict(list)
    stamped: set[int] = set()  # the arrivals stamped by the server
    for index in unique.values():
        arrival = arrivals[index]
        assert arrival.day is not None  # no problem: parsed whole
        assert arrival.device_time is not None
        found = registrations.get(arrival.code)
        if found is None:
            answers[index] = SyncAnswer(arrival.id, "unknown")
        elif found[1] != "confirmed":
            answers[index] = SyncAnswer(arrival.id, "cancelled" if found[1] == "cancelled" else "refused",
                                        status=found[1])
        elif not is_forum_day(forum, arrival.day):
            answers[index] = SyncAnswer(arrival.id, "invalid", problem="not a day of the forum")
        else:
            if clock_off or arrival_clock_off(forum, arrival, device_clock):
                stamped.add(index)
            counted = now if index in stamped else min(arrival.device_time, now)  # never in the future
            candidates[(found[0], arrival.day)].append((counted, index))
    earliest = {key: min(entries) for key, entries in candidates.items()}

    def row_of(key: tuple[int, date]) -> dict:
        counted, index = earliest[key]
        arrival = arrivals[index]
        return {"forum_id": forum.id, "registration_id": key[0], "day": key[1], "arrived_at": counted,
                "recorded_by_id": actor.id if actor is not None else None, "device": arrival.device,
                "device_arrival_id": arrival.id, "device_arrived_at": arrival.device_time}

    inserted = insert_all_if_absent(DayAttendance, [row_of(key) for key in earliest],
                                    ["registration_id", "day"])
    existing = _day_rows(forum, set(earliest) - inserted)
    moved = set()
    for key in sorted(existing):  # key order, as the INSERT: two desks syncing at once lock alike
        counted, index = earliest[key]
        at, _device, arrival_id = existing[key]
        if arrival_id != arrivals[index].id and counted < at:
            values = {name: value for name, value in row_of(key).items()
                      if name not in ("forum_id", "registration_id", "day")}
            changed = db.session.execute(update(DayAttendance).where(
                DayAttendance.registration_id == key[0], DayAttendance.day == key[1],
                DayAttendance.arrived_at > counted).values(**values).execution_options(synchronize_session=False))
            if changed.rowcount:  # type: ignore[attr-defined]
                moved.add(key)
    firsts: dict[int, datetime] = {}
    for key in inserted | moved:
        firsts[key[0]] = min(earliest[key][0], firsts.get(key[0], earliest[key][0]))
    _mark_first_arrivals(firsts)
    kept = _day_rows(forum, set(earliest))
    for key, entries in candidates.items():
        row = kept.get(key)  # None: the registration erased meanwhile by another request
        for _counted, index in entries:
            arrival = arrivals[index]
            if row is None:
                answers[index] = SyncAnswer(arrival.id, "unknown")
            elif row[2] == arrival.id:
                answers[index] = SyncAnswer(arrival.id, "moved_earlier" if key in moved else "recorded", row[0],
                                            row[1], stamped_by_server=index in stamped)
            else:
                answers[index] = SyncAnswer(arrival.id, "already", row[0], row[1], stamped_by_server=index in stamped)
    return [answers[index] for index in range(len(arrivals))], clock_off
