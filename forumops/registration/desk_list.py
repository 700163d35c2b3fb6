"""The check-in list a desk's device keeps so that a scan or a name search works with the network gone
(static/js/desk-offline.js): the check-in code, name and category of each confirmed person of the forum, and
nothing more. Erased registrations are not confirmed people any longer (privacy.operations anonymises them and
replaces their code). Its version is a digest of exactly what it holds, so a device asks "still the same?" and is
answered 304 without the list."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..core.i18n import utc_of_wall_clock
from ..extensions import db
from ..forums.models import Forum
from .attendance import forum_days
from .models import Registration


@dataclass(frozen=True)
class DeskList:
    people: list[tuple[str, str, str]]  # (check-in code, name, category)
    days: list[date]
    timezone: str
    ends_at: datetime  # the end of the forum's last day in its zone: the device forgets the list after it
    version: str


def forum_ends_at(forum: Forum) -> datetime:
    """The instant the forum's last day ends, in its zone (midnight after it)."""
    return utc_of_wall_clock(forum.timezone, forum.end_date + timedelta(days=1), time(0))


def desk_list(forum: Forum) -> DeskList:
    """The list for the desk's devices: one query."""
    people = [(code, name, category) for code, name, category in db.session.execute(
        select(Registration.checkin_code, Registration.name, Registration.category)
        .where(Registration.forum_id == forum.id, Registration.status == "confirmed",
               Registration.erased_at.is_(None))
        .order_by(Registration.id))]
    days = forum_days(forum)
    ends_at = forum_ends_at(forum)
    digest = hashlib.sha256(json.dumps([people, [d.isoformat() for d in days], forum.timezone, ends_at.isoformat()],
                                       ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    return DeskList(people, days, forum.timezone, ends_at, digest[:24])
