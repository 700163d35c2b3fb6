"""Agenda reads: a fixed number of queries however many items, people and rooms there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import BindParameter, bindparam, func, literal_column, null, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import aggregate_strings

from ..accounts.models import User
from ..core.cache import bounded_cache
from ..core.tokens import hash_token
from ..documents.models import Document, DocumentVersion
from ..extensions import db
from ..forums.models import Forum
from ..forums.queries import forum_print_logo, partner_print_logos
from ..pdf.logos import LogoData
from .data import ItemData, PersonData, ProgrammeData
from .models import ITEM_STATUSES, AgendaItem, AgendaPerson, CalendarFeed, Cluster, Room
from .operations import person_key


def list_items(forum: Forum, statuses: tuple[str, ...] = ("confirmed", "cancelled")) -> list[AgendaItem]:
    """The forum's items in these statuses, people, rooms and clusters eager-loaded, in time order."""
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.status.in_(statuses))
        .options(selectinload(AgendaItem.people).selectinload(AgendaPerson.user),
                 selectinload(AgendaItem.room), selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id)))


@cache  # built once per process: the public registration form runs it on every request
def _clusters_statement():
    return select(Cluster).where(Cluster.forum_id == bindparam("forum_id")).order_by(Cluster.position, Cluster.id)


def list_clusters(forum: Forum) -> list[Cluster]:
    """The forum's clusters in their order: the breakout groups of its programme."""
    return list(db.session.scalars(_clusters_statement(), {"forum_id": forum.id}))


def has_programme(forum: Forum) -> bool:
    """Whether the public programme shows anything yet (the items list_items gives by default)."""
    return bool(db.session.scalar(select(select(AgendaItem.id).where(
        AgendaItem.forum_id == forum.id, AgendaItem.status.in_(("confirmed", "cancelled"))).exists())))


def get_item(forum: Forum, item_id: int, include_deleted: bool = False) -> AgendaItem | None:
    """An item of this forum only: another forum's id is simply not found."""
    query = select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.id == item_id)
    if not include_deleted:
        query = query.where(AgendaItem.status != "deleted")
    return db.session.scalar(query.options(selectinload(AgendaItem.people)))


def list_rooms(forum: Forum) -> list[Room]:
    """The forum's rooms in their chosen order."""
    return list(db.session.scalars(select(Room).where(Room.forum_id == forum.id).order_by(Room.position, Room.id)))


def get_room(forum: Forum, room_id: int) -> Room | None:
    """A room of this forum by id, or None (another forum's room id finds nothing)."""
    return db.session.scalar(select(Room).where(Room.forum_id == forum.id, Room.id == room_id))


def forum_days(forum: Forum) -> list[date]:
    """Every date from the forum's first day to its last."""
    return [forum.start_date + timedelta(days=n) for n in range((forum.end_date - forum.start_date).days + 1)]


@bounded_cache(maxsize=16384)  # pure, and the same people return on every read: their folded name keys cost a third
def _person(name: str, user_id: int | None, user_name: str | None, role: str, title: str,  # of reading the rows
            organisation: str) -> PersonData:
    shown = user_name if user_name is not None and not name else name  # as AgendaPerson.display_name
    return PersonData(name=shown, role=role, title=title, organisation=organisation, key=person_key(user_id, shown))


def _item(id: int, uid: str, title: str, type: str, start: datetime, end: datetime, description: str,  # noqa: A002
          online: bool, sequence: int, created_at: datetime, updated_at: datetime, status: str, room: str | None,
          cluster: str | None, online_link: str | None, people: tuple[PersonData, ...], base_url: str) -> ItemData:
    """ItemData from the item's columns in _ITEM_COLUMNS' order (a row unpacks straight into it), and its people.

    A deleted item keeps only what a calendar needs to drop its copy (uid, sequence, times of the change): its
    title, description, room, cluster, people and links are nobody's business any more.
    """
    if status == "deleted":
        return ItemData(id=id, uid=uid, title="", type=type, start=start, end=end, sequence=sequence,
                        created_at=created_at, updated_at=updated_at, cancelled=True, deleted=True)
    return ItemData(
        id=id, uid=uid, title=title, type=type, start=start, end=end, description=description, room=room or "",
        online=online, cluster=cluster or "", people=people, sequence=sequence, created_at=created_at,
        updated_at=updated_at, cancelled=status != "confirmed", url=f"{base_url}#item-{id}" if base_url else "",
        online_link=online_link or "")


_ITEM_COLUMNS = (AgendaItem.id, AgendaItem.uid, AgendaItem.title, AgendaItem.type, AgendaItem.start_at,
                 AgendaItem.end_at, AgendaItem.description, AgendaItem.is_online, AgendaItem.sequence,
                 AgendaItem.created_at, AgendaItem.updated_at, AgendaItem.status, Room.name, Cluster.name,
                 AgendaItem.online_link)


def item_data(item: AgendaItem, base_url: str = "") -> ItemData:
    """One loaded item as plain data (for a page that has the ORM item already)."""
    people = tuple(_person(p.name, p.user_id, p.user.name if p.user is not None else None, p.role, p.title,
                           p.organisation) for p in item.people)
    return _item(item.id, item.uid, item.title, item.type, item.start_at, item.end_at, item.description,
                 item.is_online, item.sequence, item.created_at, item.updated_at, item.status,
                 item.room.name if item.room else "", item.cluster.name if item.cluster else "", item.online_link,
                 people, base_url)


# What only calendars use (uid, sequence, created and updated), left out for a page: converting those timestamps was
# a tenth of reading the rows. Same positions, so the rows unpack the same way.
_PAGE_COLUMNS: tuple = (literal_column("''"), literal_column("0"), null(), null())


@cache  # built once per process, as _programme_version_statement: building them cost a tenth of reading the rows
def _programme_statements(page: bool = False):
    chosen = (AgendaItem.forum_id == bindparam("forum_id"),
              AgendaItem.status.in_(bindparam("statuses", expanding=True)))
    columns: list = list(_ITEM_COLUMNS)
    if page:
        columns[1], columns[8], columns[9], columns[10] = _PAGE_COLUMNS
    items = (select(*columns)
             .outerjoin(Room, Room.id == AgendaItem.room_id).outerjoin(Cluster, Cluster.id == AgendaItem.cluster_id)
             .where(*chosen).order_by(AgendaItem.start_at, AgendaItem.cluster_id.is_not(None), AgendaItem.id))
    people = (select(AgendaPerson.item_id, AgendaPerson.name, AgendaPerson.user_id, User.name, AgendaPerson.role,
                     AgendaPerson.title, AgendaPerson.organisation)
              .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id)
              .outerjoin(User, User.id == AgendaPerson.user_id)
              .where(*chosen).order_by(AgendaPerson.item_id, AgendaPerson.position, AgendaPerson.id))
    return items, people


def programme_items(forum: Forum, statuses: tuple[str, ...] = ("confirmed", "cancelled"), base_url: str = "",
                    only=None, page: bool = False) -> tuple[ItemData, ...]:
    """The forum's items as plain data, in the order list_items gives, from two queries of plain rows;
    `only` narrows them further (see personal_items); `page` leaves out what only calendars use (uid, sequence,
    created_at and updated_at are then empty).

    For what needs only the data (the calendar feeds, the PDF, the conflict checks): loading 500 items and
    their 1,500 people as ORM objects cost more than rendering their calendar (benchmarks/agenda_bench.py).
    """
    items, people_rows = _programme_statements(page)
    values = {"forum_id": forum.id, "statuses": list(statuses)}
    if only is not None:
        items, people_rows = items.where(only), people_rows.where(only)
    db.session.flush()  # read through Core, which skips the ORM's row loading (a third of the time) and its autoflush
    connection = db.session.connection()
    rows = connection.execute(items, values).all()
    people: dict[int, list[PersonData]] = defaultdict(list)
    for item_id, *person in connection.execute(people_rows, values).all():  # fetchall: a tenth faster than row by row
        people[item_id].append(_person(*person))
    # a row holds _item's first fifteen parameters, which mypy cannot count
    return tuple(_item(*row, tuple(people.get(row[0], ())), base_url) for row in rows)  # type: ignore[call-arg]


def programme_data(forum: Forum, items: Iterable[ItemData], base_url: str, calendar_name: str | None = None,
                   links_allowed: bool = False, title: str | None = None,
                   logos: tuple[LogoData | None, tuple[LogoData, ...]] = (None, ())) -> ProgrammeData:
    """The programme for a calendar. `links_allowed`: the reader may join online (decided by the caller
    through core.permissions or the registration's status), so the meeting links go in. `title`: the forum's
    title in the reader's language, where the caller chose one (forums.versions). `logos`: the forum's and its
    partners' for the PDF (programme_logos), none for a calendar."""
    venue = ", ".join(part for part in (forum.venue_name, forum.venue_city) if part)
    return ProgrammeData(
        forum_title=title or forum.title, forum_slug=forum.slug, timezone=forum.timezone, url=base_url,
        calendar_name=calendar_name or forum.title, venue=venue,
        online_link=forum.online_link if links_allowed else "", links_allowed=links_allowed,
        all_online=forum.mode == "online", items=tuple(items), forum_logo=logos[0], partner_logos=logos[1])


def programme_logos(forum: Forum) -> tuple[LogoData | None, tuple[LogoData, ...]]:
    """The forum's logo and its organisers' and partners' logos, scaled for print (two queries); they compare by
    SHA-256, so a PDF cache keyed by them follows a changed logo."""
    return forum_print_logo(forum), partner_print_logos(forum)


def _start_end(item) -> tuple[datetime, datetime]:
    return (item.start, item.end) if isinstance(item, ItemData) else (item.start_at, item.end_at)


def group_by_day(forum: Forum, items: Iterable[AgendaItem | ItemData]) -> list[tuple[date, list[list]]]:
    """Days in the forum's zone, each a list of rows; a row holds the items that start and end
    together (parallel breakouts side by side). Loaded items or their plain data alike."""
    zone = ZoneInfo(forum.timezone)
    rows: dict[tuple[datetime, datetime], list] = {}
    for item in items:
        rows.setdefault(_start_end(item), []).append(item)
    days: dict[date, list[list]] = defaultdict(list)
    for (start, _end), row in rows.items():  # a row's times give its day: one conversion a row, not an item
        days[start.astimezone(zone).date()].append(row)
    return sorted(days.items())


def personal_items(forum: Forum, user_id: int, cluster_ids: set[int], base_url: str = "") -> tuple[ItemData, ...]:
    """What belongs in someone's own calendar: plenary items, their cluster's breakouts, and every
    item where they have a role. Deleted and cancelled ones too, so subscribed calendars drop them."""
    roles = select(AgendaPerson.item_id).where(AgendaPerson.user_id == user_id)
    belongs = or_(AgendaItem.cluster_id.is_(None), AgendaItem.id.in_(roles))
    if cluster_ids:
        belongs = or_(belongs, AgendaItem.cluster_id.in_(cluster_ids))
    return programme_items(forum, ITEM_STATUSES, base_url, only=belongs)


def find_feed(forum: Forum, token: str) -> CalendarFeed | None:
    """The forum's calendar feed with this secret token (compared by its hash), or None."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                        CalendarFeed.token_hash == hash_token(token)))


def find_feed_of(forum: Forum, user_id: int) -> CalendarFeed | None:
    """The user's calendar feed of this forum, if one was made."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id,
                                                        CalendarFeed.user_id == user_id))


@cache  # built once per process: constructing this statement cost 5x running it (1.2 ms against 0.2 ms)
def _programme_version_statement():
    forum_id: BindParameter[int] = bindparam("forum_id")
    items = select(func.count(AgendaItem.id), func.max(AgendaItem.updated_at)).where(
        AgendaItem.forum_id == forum_id)
    users = (select(func.max(User.updated_at)).join(AgendaPerson, AgendaPerson.user_id == User.id)
             .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id).where(AgendaItem.forum_id == forum_id)
             .scalar_subquery())
    clusters = select(func.max(Cluster.updated_at)).where(Cluster.forum_id == forum_id).scalar_subquery()
    # rooms keep no updated_at: their names themselves, in a fixed order; a name cannot hold the separator (a
    # control character, which clean_line drops), so different names always give a different string
    room_names = select(Room.name).where(Room.forum_id == forum_id).order_by(Room.id).subquery()
    rooms = select(aggregate_strings(room_names.c.name, "\x1f")).scalar_subquery()
    # the programme items' materials (documents): added, edited, removed or given a new file
    materials = [select(aggregate).where(Document.forum_id == forum_id, Document.target_kind == "item")
                 .scalar_subquery() for aggregate in (func.count(Document.id), func.max(Document.updated_at),
                                                      func.sum(Document.id))]
    newest_file = (select(func.max(DocumentVersion.id)).join(Document, Document.id == DocumentVersion.document_id)
                   .where(Document.forum_id == forum_id, Document.target_kind == "item").scalar_subquery())
    return items.add_columns(users, clusters, rooms, *materials, newest_file)


def programme_version(forum: Forum) -> tuple:
    """One cheap query whose answer changes whenever anything the programme shows changes: items
    (every edit raises updated_at, a deletion too), the people's accounts, clusters, rooms' names, the items'
    materials and the forum."""
    statement = _programme_version_statement()
    return (forum.id, forum.updated_at, *db.session.execute(statement, {"forum_id": forum.id}).one())


