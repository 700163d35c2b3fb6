"""Registration writes on the forum's days: a person checked in at the door (once a day, whichever desk
scans first) or at a session's door, badges marked printed. The seat decisions are in seats.py, the
organisers' set-up in setup.py, the private links in links.py and the mail in mail.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..agenda.models import AgendaItem
from ..core.database import insert_if_absent
from ..core.errors import FormError
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from .attendance import is_forum_day, session_day
from .badge_queries import IDS_PER_STATEMENT
from .models import DayAttendance, Registration, SessionAttendance


@dataclass(frozen=True)
class Arrival:
    """What one scan did. kind: "checked_in" (recorded now), "already" (recorded before, at `arrived_at`),
    "refused" (the registration is not confirmed) or "unknown" (no registration of this forum has the code)."""

    kind: str
    registration: Registration | None = None
    arrived_at: datetime | None = None
    code: str = ""  # what was typed, echoed back when it matched nobody
    day_recorded: date | None = None  # a session's scan that also recorded the person present on its day


def normalise_code(code: str | None) -> str:
    """A check-in code as stored: capitals, without the spaces and dashes a person may type."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def find_by_code(forum: Forum, code: str) -> Registration | None:
    """The forum's registration with this check-in code, whatever its case, spaces and dashes."""
    code = normalise_code(code)
    return db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                        Registration.checkin_code == code))


def _refusal(registration: Registration | None) -> Arrival | None:
    if registration is None:
        return Arrival("unknown")
    if registration.status != "confirmed":
        return Arrival("refused", registration)
    return None


def _record_day(forum: Forum, registration: Registration, day: date, actor, now: datetime) -> bool:
    """The person present on the day, unless a row says so already (True when this call wrote it). Two desks
    scanning the same badge at once make one row (the table's unique constraint decides, see insert_if_absent).
    The first row of all sets `checked_in_at`, the first arrival, whichever day it was recorded for."""
    recorded = insert_if_absent(DayAttendance, {
        "forum_id": forum.id, "registration_id": registration.id, "day": day, "arrived_at": now,
        "recorded_by_id": actor.id if actor is not None else None}, ["registration_id", "day"])
    if recorded:
        db.session.execute(update(Registration).where(
            Registration.id == registration.id, Registration.checked_in_at.is_(None))
            .values(checked_in_at=now).execution_options(synchronize_session=False))
        db.session.refresh(registration)
    return recorded


def check_in(forum: Forum, registration: Registration | None, day: date, actor=None) -> Arrival:
    """Record the person present on one day of the forum: the first scan of that day counts, a second one
    changes nothing and says when they came."""
    refused = _refusal(registration)
    if refused is not None:
        return refused
    assert registration is not None  # _refusal answered for None
    if not is_forum_day(forum, day):
        raise FormError(_("Choose a day of the forum."), field="day")
    recorded = _record_day(forum, registration, day, actor, utcnow())
    arrived_at = db.session.scalar(select(DayAttendance.arrived_at).where(
        DayAttendance.registration_id == registration.id, DayAttendance.day == day))
    return Arrival("checked_in" if recorded else "already", registration, arrived_at)


def check_in_session(forum: Forum, item: AgendaItem, registration: Registration | None, actor=None) -> Arrival:
    """Record the person present at one programme item, scanned at its door; once, as check_in. Being at a
    session is being at the forum that day: the scan records the session's day too (in the forum's zone), as the
    desk would, unless the desk got there first. A breakout's attendance is its facilitator's tick in the
    cluster's notes, never a second record here."""
    if item.forum_id != forum.id or item.status != "confirmed":
        raise FormError(_("This session is not on the programme: nobody can be checked in to it."))
    if not item.is_session:
        raise FormError(_("Nobody is checked in to a break, a meal, the group photo or registration: the desk "
                          "counts the day."))
    if item.cluster_id is not None:
        raise FormError(_("Who came to a breakout is what its facilitator ticks in the cluster's notes."))
    refused = _refusal(registration)
    if refused is not None:
        return refused
    assert registration is not None
    now = utcnow()
    recorded = insert_if_absent(SessionAttendance, {
        "forum_id": forum.id, "registration_id": registration.id, "agenda_item_id": item.id,
        "arrived_at": now, "recorded_by_id": actor.id if actor is not None else None},
        ["registration_id", "agenda_item_id"])
    day = session_day(forum, item)
    day_recorded = is_forum_day(forum, day) and _record_day(forum, registration, day, actor, now)
    arrived_at = db.session.scalar(select(SessionAttendance.arrived_at).where(
        SessionAttendance.registration_id == registration.id, SessionAttendance.agenda_item_id == item.id))
    return Arrival("checked_in" if recorded else "already", registration, arrived_at,
                   day_recorded=day if day_recorded else None)


def mark_printed(forum: Forum, registration_ids: list[int]) -> None:
    """Note when these badges were printed (the "not printed yet" choice leaves them out next time)."""
    now = utcnow()
    for i in range(0, len(registration_ids), IDS_PER_STATEMENT):
        db.session.execute(update(Registration).where(
            Registration.forum_id == forum.id, Registration.id.in_(registration_ids[i:i + IDS_PER_STATEMENT]))
            .values(badge_printed_at=now).execution_options(synchronize_session=False))
