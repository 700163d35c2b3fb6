"""Agenda reads: a fixed number of queries however many items, people and rooms there are."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..forums.models import Forum
from .data import ItemData, PersonData, ProgrammeData
from .models import AgendaItem, AgendaPerson, CalendarFeed, Room
from .operations import person_key


def list_items(forum: Forum, statuses: tuple[str, ...] = ("confirmed", "cancelled")) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.status.in_(statuses))
        .options(selectinload(AgendaItem.people).selectinload(AgendaPerson.user),
                 selectinload(AgendaItem.room), selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id)))


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


def item_data(item: AgendaItem, base_url: str = "") -> ItemData:
    people = tuple(
        PersonData(name=p.display_name, role=p.role, title=p.title, organisation=p.organisation,
                   key=person_key(p.user_id, p.display_name))
        for p in item.people)
    return ItemData(
        id=item.id, uid=item.uid, title=item.title, type=item.type, start=item.start_at, end=item.end_at,
        description=item.description, room=item.room.name if item.room else "", online=item.is_online,
        cluster=item.cluster.name if item.cluster else "", people=people, sequence=item.sequence,
        created_at=item.created_at, updated_at=item.updated_at, cancelled=item.status != "confirmed",
        url=f"{base_url}#item-{item.id}" if base_url else "")


def programme_data(forum: Forum, items: list[AgendaItem], base_url: str, calendar_name: str | None = None,
                   online_link: str = "") -> ProgrammeData:
    venue = ", ".join(part for part in (forum.venue_name, forum.venue_city) if part)
    return ProgrammeData(
        forum_title=forum.title, forum_slug=forum.slug, timezone=forum.timezone, url=base_url,
        calendar_name=calendar_name or forum.title, venue=venue, online_link=online_link,
        items=tuple(item_data(item, base_url) for item in items))


def group_by_day(forum: Forum, items: list[AgendaItem]) -> list[tuple[date, list[list[AgendaItem]]]]:
    """Days in the forum's zone, each a list of rows; a row holds the items that start and end
    together (parallel breakouts side by side)."""
    zone = ZoneInfo(forum.timezone)
    days: dict[date, dict[tuple[datetime, datetime], list[AgendaItem]]] = defaultdict(dict)
    for item in items:
        day = item.start_at.astimezone(zone).date()
        days[day].setdefault((item.start_at, item.end_at), []).append(item)
    return [(day, list(rows.values())) for day, rows in sorted(days.items())]


def personal_items(forum: Forum, user_id: int, cluster_ids: set[int]) -> list[AgendaItem]:
    """What belongs in someone's own calendar: plenary items, their cluster's breakouts, and every
    item where they have a role. Deleted and cancelled ones too, so subscribed calendars drop them."""
    roles = select(AgendaPerson.item_id).where(AgendaPerson.user_id == user_id)
    belongs = or_(AgendaItem.cluster_id.is_(None), AgendaItem.id.in_(roles))
    if cluster_ids:
        belongs = or_(belongs, AgendaItem.cluster_id.in_(cluster_ids))
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, belongs)
        .options(selectinload(AgendaItem.people).selectinload(AgendaPerson.user),
                 selectinload(AgendaItem.room), selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.id)))


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


