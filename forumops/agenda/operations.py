"""Agenda writes: items, people, rooms, day copies and shifts, pasted programmes, calendar feeds.

Times arrive as a local day and clock time in the forum's zone and are stored in UTC.
Every change to an item raises its SEQUENCE so subscribed calendars pick it up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.errors import FormError
from ..core.i18n import format_day, utc_of_wall_clock
from ..core.models import utcnow
from ..core.text import clean_line, clean_text, fold_key
from ..core.tokens import hash_token, new_token
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import ITEM, forget_versions
from .data import ITEM_TYPES, PERSON_ROLES
from .models import AgendaItem, AgendaPerson, CalendarFeed, Room
from .paste import ParsedLine

DEFAULT_MINUTES_FOR_A_POINT_IN_TIME = 15


def to_utc(forum: Forum, day: date, clock: time) -> datetime:
    """The UTC instant of a wall-clock time on a day in the forum's time zone."""
    return utc_of_wall_clock(forum.timezone, day, clock)


def to_local(forum: Forum, instant: datetime) -> datetime:
    """An instant as wall-clock time in the forum's time zone."""
    return instant.astimezone(ZoneInfo(forum.timezone))


def _outside_dates(forum: Forum, field: str) -> FormError:
    return FormError(_("This is outside the forum's dates (%(start)s to %(end)s).",
                       start=format_day(forum.start_date, "long"), end=format_day(forum.end_date, "long")), field=field)


def _check_within_forum(forum: Forum, start: datetime, end: datetime) -> None:
    if end <= start:
        raise FormError(_("The item ends before it starts."), field="end")
    first, last = to_local(forum, start).date(), to_local(forum, end - timedelta(microseconds=1)).date()
    if first < forum.start_date or last > forum.end_date:
        raise _outside_dates(forum, "day")


def find_or_create_room(forum: Forum, name: str) -> Room | None:
    """The forum's room of this name, added at the end of the list if new; None for a blank name."""
    name = clean_line(name)
    if not name:
        return None
    room = db.session.scalar(select(Room).where(Room.forum_id == forum.id, Room.name == name))
    if room is None:
        position = db.session.scalars(select(func.coalesce(func.max(Room.position), -1))
                                      .where(Room.forum_id == forum.id)).one() + 1
        room = Room(forum_id=forum.id, name=name, position=position)
        db.session.add(room)
        db.session.flush()
    return room


def remove_room(forum: Forum, room: Room) -> None:
    """Remove a room of this forum (loaded through it); its items keep their times, without a room."""
    for item in db.session.scalars(select(AgendaItem).where(AgendaItem.room_id == room.id)):
        item.room_id = None
        item.touch()
    db.session.delete(room)
    db.session.flush()


def _person_rows(people: Iterable[dict[str, Any]]) -> list[AgendaPerson]:
    rows = []
    for position, person in enumerate(p for p in people if p.get("user_id") or clean_line(p.get("name"))):
        role = person.get("role") or "speaker"
        if role not in PERSON_ROLES:
            raise FormError(_("Unknown role “%(role)s”.", role=role), field="people")
        rows.append(AgendaPerson(
            role=role, user_id=person.get("user_id") or None, name=clean_line(person.get("name")),
            title=clean_line(person.get("title")), organisation=clean_line(person.get("organisation")),
            position=position))
    return rows


def _apply(forum: Forum, item: AgendaItem, data: dict[str, Any]) -> None:
    start = to_utc(forum, data["day"], data["start"])
    end = to_utc(forum, data["day"], data["end"])
    _check_within_forum(forum, start, end)
    if data.get("type", "other") not in ITEM_TYPES:
        raise FormError(_("Unknown item type."), field="type")
    item.start_at, item.end_at = start, end
    item.title = clean_line(data["title"])
    if not item.title or len(item.title) > TITLE_MAX:
        raise FormError(_("Give the item a title of at most %(max)d characters.", max=TITLE_MAX), field="title")
    item.type = data.get("type") or "other"
    item.description = clean_text(data.get("description"))
    room = data.get("room")
    item.room = room if isinstance(room, Room) or room is None else find_or_create_room(forum, room)
    item.is_online = bool(data.get("is_online"))
    item.online_link = clean_line(data.get("online_link")) if item.is_online else ""
    item.cluster_id = data.get("cluster_id") or None
    if "people" in data:
        item.people = _person_rows(data["people"])


def create_item(forum: Forum, data: dict[str, Any]) -> AgendaItem:
    """Add a programme item from the form's data (flushed); bad data raises FormError on its field."""
    item = AgendaItem(forum_id=forum.id)
    _apply(forum, item, data)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(forum: Forum, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    """Apply the form's data to an item and touch it, so calendars see a new version."""
    _apply(forum, item, data)
    item.touch()
    db.session.flush()
    return item


def set_status(item: AgendaItem, status: str) -> AgendaItem:
    """Cancel, restore or delete. A deleted item stays in the feeds as CANCELLED, so calendars drop it; its
    versions in the forum's other languages go with its title."""
    item.status = status
    if status == "deleted":
        forget_versions(item.forum_id, ITEM, [item.id])
    item.touch()
    db.session.flush()
    return item


def _copy(item: AgendaItem, shift: timedelta) -> AgendaItem:
    copy = AgendaItem(
        forum_id=item.forum_id, title=item.title, type=item.type, description=item.description,
        start_at=item.start_at + shift, end_at=item.end_at + shift, room_id=item.room_id,
        is_online=item.is_online, online_link=item.online_link, cluster_id=item.cluster_id,
        people=[AgendaPerson(role=p.role, user_id=p.user_id, name=p.name, title=p.title,
                             organisation=p.organisation, position=p.position) for p in item.people])
    db.session.add(copy)
    return copy


def duplicate_item(item: AgendaItem) -> AgendaItem:
    """A copy of the item at the same time, titled “… (copy)”, to edit into a parallel session."""
    copy = _copy(item, timedelta(0))
    copy.title = _("%(title)s (copy)", title=item.title)[:300]
    db.session.flush()
    return copy


def items_of_day(forum: Forum, day: date) -> list[AgendaItem]:
    """The forum's items (not deleted) starting on this day in the forum's zone, in time order."""
    start = to_utc(forum, day, time(0))
    end = to_utc(forum, day + timedelta(days=1), time(0))
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.status != "deleted",
                                 AgendaItem.start_at >= start, AgendaItem.start_at < end)
        .order_by(AgendaItem.start_at, AgendaItem.id)))


def copy_day(forum: Forum, source: date, target: date) -> list[AgendaItem]:
    """Copy a day's items to another day of the forum at the same local times."""
    if not forum.start_date <= target <= forum.end_date:
        raise _outside_dates(forum, "target")
    if source == target:
        raise FormError(_("Choose another day to copy to."), field="target")
    shift = to_utc(forum, target, time(0)) - to_utc(forum, source, time(0))
    copies = [_copy(item, shift) for item in items_of_day(forum, source)]
    db.session.flush()
    return copies


def shift_later_items(forum: Forum, item: AgendaItem, minutes: int) -> list[AgendaItem]:
    """Move this item and every later item of the same day by N minutes (a schedule that slips)."""
    if minutes == 0:
        return []
    day = to_local(forum, item.start_at).date()
    moved = [other for other in items_of_day(forum, day) if other.start_at >= item.start_at]
    delta = timedelta(minutes=minutes)
    for other in moved:
        _check_within_forum(forum, other.start_at + delta, other.end_at + delta)
    for other in moved:
        other.start_at += delta
        other.end_at += delta
        other.touch()
    db.session.flush()
    return moved


TITLE_MAX = 300
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+*#>]|\d+[.)])")


def _literal_lines(lines: list[str]) -> str:
    """Lines as Markdown that shows them as typed: one per line, a leading "1)" or "-" kept literal."""
    return "  \n".join(_MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
                       for line in lines)


def split_long_title(title: str) -> tuple[str, str]:
    """A pasted title too long for one line of a programme: a shortened title and the full text."""
    if len(title) <= TITLE_MAX:
        return title, ""
    short = title[:TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"
    return short, title


def save_pasted_programme(forum: Forum, day: date, lines: list[ParsedLine], people_guesser=None) -> list[AgendaItem]:
    """Create one item per parsed line; nothing is saved if any line has an error.

    Detail lines that name people become the item's people; the others become its description,
    one per line. A title longer than a programme line keeps its full text in the description.
    """
    bad = [line for line in lines if line.error]
    if bad:
        raise FormError(_("Line %(n)d: %(error)s", n=bad[0].line_no, error=bad[0].error), field="text")
    if not lines:
        raise FormError(_("No programme lines were found. Each line starts with a time, like 09.00-09.30."),
                        field="text")
    created = []
    for line in lines:
        assert line.start is not None  # only a line with an error has no start, and those were refused
        end = line.end or (datetime.combine(day, line.start) + timedelta(
            minutes=DEFAULT_MINUTES_FOR_A_POINT_IN_TIME)).time()
        people, notes = [], []
        for detail in line.details:
            found = people_guesser([detail], line.type) if people_guesser is not None else []
            people += [{"role": role, "name": name, "organisation": org} for role, name, org in found]
            if not found:
                notes.append(detail)
        title, full_title = split_long_title(line.title)
        created.append(create_item(forum, {
            "day": day, "start": line.start, "end": end, "title": title, "type": line.type,
            "description": _literal_lines(([full_title] if full_title else []) + notes), "people": people,
        }))
    return created


def make_feed_link(forum: Forum, user_id: int) -> str:
    """A new secret address for the user's private calendar feed of this forum; an earlier one stops working at
    once. Returns the token: only its hash is stored, so this is the one time it can be shown."""
    token = new_token()
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                        CalendarFeed.user_id == user_id))
    if feed is None:
        feed = CalendarFeed(forum_id=forum.id, user_id=user_id)
        db.session.add(feed)
    feed.token_hash = hash_token(token)
    feed.created_at = utcnow()
    db.session.flush()
    return token


def person_key(user_id: int | None, name: str) -> str:
    """One key per person on the programme: the account, or a guest's name folded as a reader sees it."""
    return f"user:{user_id}" if user_id else f"guest:{fold_key(name)}"
