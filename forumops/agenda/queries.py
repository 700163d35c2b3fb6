"""Agenda reads: a fixed number of queries however many items, people and rooms there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..clusters.models import Cluster
from ..extensions import db
from ..forums.models import Forum
from .data import ItemData, PersonData, ProgrammeData
from .models import ITEM_STATUSES, AgendaItem, AgendaPerson, CalendarFeed, Room
from .operations import person_key


def list_items(forum: Forum, statuses: tuple[str, ...] = ("confirmed", "cancelled")) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.status.in_(statuses))
        .options(selectinload(AgendaItem.people).selectinload(AgendaPerson.user),
                 selectinload(AgendaItem.room), selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id)))


def has_programme(forum: Forum) -> bool:
    """Whether the public programme shows anything yet (the items list_items gives by default)."""
    return db.session.scalar(select(select(AgendaItem.id).where(
        AgendaItem.forum_id == forum.id, AgendaItem.status.in_(("confirmed", "cancelled"))).exists()))


def get_item(forum: Forum, item_id: int, include_deleted: bool = False) -> AgendaItem | None:
    """An item of this forum only: another forum's id is simply not found."""
    query = select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.id == item_id)
    if not include_deleted:
        query = query.where(AgendaItem.status != "deleted")
    return db.session.scalar(query.options(selectinload(AgendaItem.people)))


def list_rooms(forum: Forum) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.forum_id == forum.id).order_by(Room.position, Room.id)))


def get_room(forum: Forum, room_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.forum_id == forum.id, Room.id == room_id))


def forum_days(forum: Forum) -> list[date]:
    return [forum.start_date + timedelta(days=n) for n in range((forum.end_date - forum.start_date).days + 1)]


def _person(name: str, user_id: int | None, user_name: str | None, role: str, title: str,
            organisation: str) -> PersonData:
    shown = user_name if user_name is not None and not name else name  # as AgendaPerson.display_name
    return PersonData(name=shown, role=role, title=title, organisation=organisation, key=person_key(user_id, shown))


def _item(row, people: tuple[PersonData, ...], base_url: str) -> ItemData:
    """ItemData from anything with the item's columns and its room's and cluster's names."""
    return ItemData(
        id=row.id, uid=row.uid, title=row.title, type=row.type, start=row.start_at, end=row.end_at,
        description=row.description, room=row.room_name or "", online=row.is_online,
        cluster=row.cluster_name or "", people=people, sequence=row.sequence, created_at=row.created_at,
        updated_at=row.updated_at, cancelled=row.status != "confirmed",
        url=f"{base_url}#item-{row.id}" if base_url else "", online_link=row.online_link or "")


class _Loaded:
    """A loaded AgendaItem seen through the column names _item reads."""

    def __init__(self, item: AgendaItem):
        self._item = item
        self.room_name = item.room.name if item.room else ""
        self.cluster_name = item.cluster.name if item.cluster else ""

    def __getattr__(self, name):
        if name.startswith("_"):  # never look for the proxy's own attributes on the item (copy, pickle)
            raise AttributeError(name)
        return getattr(self._item, name)


def item_data(item: AgendaItem, base_url: str = "") -> ItemData:
    """One loaded item as plain data (for a page that has the ORM item already)."""
    people = tuple(_person(p.name, p.user_id, p.user.name if p.user is not None else None, p.role, p.title,
                           p.organisation) for p in item.people)
    return _item(_Loaded(item), people, base_url)


def programme_items(forum: Forum, statuses: tuple[str, ...] = ("confirmed", "cancelled"), base_url: str = "",
                    only=None) -> tuple[ItemData, ...]:
    """The forum's items as plain data, in the order list_items gives, from two queries of plain rows;
    `only` narrows them further (see personal_items).

    For what needs only the data (the calendar feeds, the PDF, the conflict checks): loading 500 items and
    their 1,500 people as ORM objects cost more than rendering their calendar (benchmarks/agenda_bench.py).
    """
    chosen = (AgendaItem.forum_id == forum.id, AgendaItem.status.in_(statuses), *(() if only is None else (only,)))
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.uid, AgendaItem.title, AgendaItem.type, AgendaItem.start_at,
               AgendaItem.end_at, AgendaItem.description, AgendaItem.is_online, AgendaItem.online_link,
               AgendaItem.sequence,
               AgendaItem.created_at, AgendaItem.updated_at, AgendaItem.status,
               Room.name.label("room_name"), Cluster.name.label("cluster_name"))
        .outerjoin(Room, Room.id == AgendaItem.room_id).outerjoin(Cluster, Cluster.id == AgendaItem.cluster_id)
        .where(*chosen).order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id)).all()
    people: dict[int, list[PersonData]] = defaultdict(list)
    for item_id, *person in db.session.execute(
            select(AgendaPerson.item_id, AgendaPerson.name, AgendaPerson.user_id, User.name, AgendaPerson.role,
                   AgendaPerson.title, AgendaPerson.organisation)
            .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id)
            .outerjoin(User, User.id == AgendaPerson.user_id)
            .where(*chosen).order_by(AgendaPerson.item_id, AgendaPerson.position, AgendaPerson.id)):
        people[item_id].append(_person(*person))
    return tuple(_item(row, tuple(people.get(row.id, ())), base_url) for row in rows)


def programme_data(forum: Forum, items: Iterable[ItemData], base_url: str, calendar_name: str | None = None,
                   links_allowed: bool = False) -> ProgrammeData:
    """The programme for a calendar. `links_allowed`: the reader may join online (decided by the caller
    through core.permissions or the registration's status), so the meeting links go in."""
    venue = ", ".join(part for part in (forum.venue_name, forum.venue_city) if part)
    return ProgrammeData(
        forum_title=forum.title, forum_slug=forum.slug, timezone=forum.timezone, url=base_url,
        calendar_name=calendar_name or forum.title, venue=venue,
        online_link=forum.online_link if links_allowed else "", links_allowed=links_allowed,
        all_online=forum.mode == "online", items=tuple(items))


def group_by_day(forum: Forum, items: list[AgendaItem]) -> list[tuple[date, list[list[AgendaItem]]]]:
    """Days in the forum's zone, each a list of rows; a row holds the items that start and end
    together (parallel breakouts side by side)."""
    zone = ZoneInfo(forum.timezone)
    days: dict[date, dict[tuple[datetime, datetime], list[AgendaItem]]] = defaultdict(dict)
    for item in items:
        day = item.start_at.astimezone(zone).date()
        days[day].setdefault((item.start_at, item.end_at), []).append(item)
    return [(day, list(rows.values())) for day, rows in sorted(days.items())]


def personal_items(forum: Forum, user_id: int, cluster_ids: set[int], base_url: str = "") -> tuple[ItemData, ...]:
    """What belongs in someone's own calendar: plenary items, their cluster's breakouts, and every
    item where they have a role. Deleted and cancelled ones too, so subscribed calendars drop them."""
    roles = select(AgendaPerson.item_id).where(AgendaPerson.user_id == user_id)
    belongs = or_(AgendaItem.cluster_id.is_(None), AgendaItem.id.in_(roles))
    if cluster_ids:
        belongs = or_(belongs, AgendaItem.cluster_id.in_(cluster_ids))
    return programme_items(forum, ITEM_STATUSES, base_url, only=belongs)


def find_feed(forum: Forum, token: str) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                        CalendarFeed.token == token))


def find_feed_of(forum: Forum, user_id: int) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                        CalendarFeed.user_id == user_id))


@cache  # built once per process: constructing this statement cost 5x running it (1.2 ms against 0.2 ms)
def _programme_version_statement():
    from ..accounts.models import User
    from ..clusters.models import Cluster

    forum_id = bindparam("forum_id")
    items = select(func.count(AgendaItem.id), func.max(AgendaItem.updated_at)).where(
        AgendaItem.forum_id == forum_id)
    users = (select(func.max(User.updated_at)).join(AgendaPerson, AgendaPerson.user_id == User.id)
             .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id).where(AgendaItem.forum_id == forum_id)
             .scalar_subquery())
    clusters = select(func.max(Cluster.updated_at)).where(Cluster.forum_id == forum_id).scalar_subquery()
    return items.add_columns(users, clusters)


def programme_version(forum: Forum) -> tuple:
    """One cheap query whose answer changes whenever anything the programme shows changes: items
    (every edit raises updated_at, a deletion too), the people's accounts, clusters and the forum."""
    statement = _programme_version_statement()
    return (forum.id, forum.updated_at, *db.session.execute(statement, {"forum_id": forum.id}).one())


