"""iCalendar feeds of a programme: the whole programme, one item, or one person's items.

Pure functions over the plain data of `data.py`: no request, no session, no ORM. The feed is built with the
`icalendar` library (never by string formatting): it escapes `;`, `,`, `\\` and line breaks and folds lines at
75 octets, which is where hand-made feeds break.

- Times: items are stored in UTC and written in the forum's own zone (`DTSTART;TZID=Asia/Ho_Chi_Minh:...`),
  with a full VTIMEZONE for that zone in the feed, so clients without that zone's rules still show them right.
- Cancelled items stay in the feed as STATUS:CANCELLED with a higher SEQUENCE, so subscribed clients drop them
  instead of keeping a stale copy. A deleted item stays as its UID, SEQUENCE and STATUS:CANCELLED alone (with
  the DTSTAMP every VEVENT needs; DTSTART may go, since the feed names its METHOD): its title, time, room,
  people and description were taken off the programme and leave the feeds with it.
- No ORGANIZER and no ATTENDEE: with them, clients treat the events as invitations and send replies.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from .data import PLAIN_TYPE_LABELS, ItemData, PersonData, ProgrammeData, title_with_cluster
from .labels import PERSON_ROLE_LABELS as ROLE_LABELS

PRODID = "-//ForumOps//Programme//EN"
REFRESH = timedelta(hours=1)
# Part of every ETag: bump it when the rendering changes, so clients fetch the new form of an unchanged programme.
FORMAT_VERSION = "3"  # 2: a breakout's SUMMARY names its cluster; 3: a deleted item is bare

TYPE_LABELS = PLAIN_TYPE_LABELS

# iCalendar TEXT cannot hold control characters other than HTAB and line breaks (RFC 5545 3.3.11); drop them
# so a stray one pasted into a title cannot make the whole feed unreadable.
_CONTROL = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def _label(code: str, labels) -> str:
    return str(labels.get(code) or code.replace("_", " ").capitalize())


def _text(value: str) -> str:
    """Line breaks as LF (the only kind iCalendar can carry, as `\\n`), no other control characters."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_CONTROL)


def _utc(value: datetime) -> datetime:
    """Aware UTC; a naive value (as some databases hand back) is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@lru_cache(maxsize=64)
def _zone(tzid: str) -> tuple[ZoneInfo, Timezone]:
    """The zone and its VTIMEZONE, built once per zone (`from_tzid` takes ~25 ms).

    The Timezone component is shared between renders: it is only ever read (added to a calendar, serialised).
    """
    return ZoneInfo(tzid), Timezone.from_tzid(tzid)


def person_line(person: PersonData) -> str:
    """`Moderator: Datuk Dr Denison Jayasooria (ASEC)`."""
    name = f"{person.title} {person.name}" if person.title else person.name
    line = f"{_label(person.role, ROLE_LABELS)}: {name}"
    if person.organisation:
        line += f" ({person.organisation})"
    return line


def join_link(item: ItemData, programme: ProgrammeData) -> str:
    """The meeting link of a session for a reader allowed to join online: its own, else the forum's."""
    if not programme.links_allowed or item.cancelled or not (item.online or programme.all_online):
        return ""
    return item.online_link or programme.online_link


def _description(item: ItemData, link: str = "") -> str:
    blocks = [_("Join online: %(link)s", link=link)] if link else []
    if item.people:
        blocks.append("\n".join(person_line(p) for p in item.people))
    if item.description.strip():
        blocks.append(item.description.strip())
    if item.url:
        blocks.append(item.url)
    return _text("\n\n".join(blocks))


def summary(item: ItemData) -> str:
    """The title, with the cluster's name when the title does not say it: calendar apps show SUMMARY and
    nothing of X-FORUMOPS-CLUSTER, and parallel breakouts are often all called "Breakout session 1"."""
    return title_with_cluster(item.title, item.cluster)


def _location(item: ItemData, programme: ProgrammeData) -> str:
    place = item.room or programme.venue
    if item.online:
        return _("%(place)s / online", place=place) if place else _("Online")
    return place


def _deleted_event(item: ItemData, stamp: datetime | None) -> Event:
    """What a subscribed calendar needs to drop its copy of a deleted item, and nothing else."""
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp or _utc(item.updated_at or item.created_at or item.start))
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED")
    return event


def _event(item: ItemData, programme: ProgrammeData, zone: ZoneInfo, stamp: datetime | None) -> Event:
    if item.deleted:
        return _deleted_event(item, stamp)
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp or _utc(item.updated_at or item.created_at or item.start))
    if item.created_at is not None:
        event.add("created", _utc(item.created_at))
    if item.updated_at is not None:
        event.add("last-modified", _utc(item.updated_at))
    event.add("sequence", item.sequence)
    event.add("dtstart", _utc(item.start).astimezone(zone))
    event.add("dtend", _utc(item.end).astimezone(zone))
    event.add("summary", _text(summary(item)))
    location = _location(item, programme)
    if location:
        event.add("location", _text(location))
    link = join_link(item, programme)
    description = _description(item, link)
    if description:
        event.add("description", description)
    if link:  # RFC 7986: calendar apps show a join button for it
        event.add("conference", link, parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO"})
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("categories", [_label(item.type, TYPE_LABELS)])
    if item.cluster:
        event.add("x-forumops-cluster", _text(item.cluster))
    event.add("transp", "OPAQUE")
    return event


def render_calendar(programme: ProgrammeData, *, now: datetime | None = None) -> bytes:
    """The feed as iCalendar bytes (CRLF line ends, folded lines).

    Used for the whole programme, for one item and for personal feeds alike: the caller passes a ProgrammeData
    holding the items it wants. `now` forces one DTSTAMP; by default each event's DTSTAMP is its last change,
    so the same data gives the same bytes and the strong ETag stays honest. Raises
    `zoneinfo.ZoneInfoNotFoundError` for an unknown `programme.timezone`.
    """
    stamp = _utc(now) if now is not None else None
    zone, vtimezone = _zone(programme.timezone)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(programme.calendar_name))
    cal.add("x-wr-timezone", programme.timezone)
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add_component(vtimezone)
    for item in programme.items:
        cal.add_component(_event(item, programme, zone, stamp))
    return cal.to_ical()


def _dt(value: datetime | None) -> str:
    return _utc(value).isoformat() if value is not None else ""


def etag_for(programme: ProgrammeData) -> str:
    """A strong ETag (quoted hex) for the feed of `programme`, the same for the same data whatever the time.

    Besides each item's uid, sequence, updated_at and cancelled state and the programme's title, zone and
    calendar name, it covers everything else the feed shows (titles, times, rooms, people, descriptions, the
    venue), so an edit that does not bump an item's sequence (say a speaker renaming their organisation) still
    changes it. DTSTAMP follows the items' last changes, which are covered here; and the language its words
    are written in.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((
        FORMAT_VERSION, programme.forum_title, programme.forum_slug, programme.timezone, programme.url,
        programme.calendar_name, programme.venue, programme.online_link, programme.links_allowed,
        programme.all_online, str(get_locale()),  # its own words are in the reader's language
    )).encode())
    for item in programme.items:
        h.update(repr((
            item.uid, item.sequence, _dt(item.updated_at), item.cancelled, item.deleted, _dt(item.created_at),
            _dt(item.start), _dt(item.end), item.title, item.type, item.description, item.room, item.online,
            item.cluster, item.url, item.online_link,
            tuple((p.name, p.role, p.title, p.organisation) for p in item.people),
        )).encode())
    return f'"{h.hexdigest()}"'
