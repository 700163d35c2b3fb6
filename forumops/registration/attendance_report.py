"""The attendance report and its CSV grid: who came on each day of the forum, to each session scanned at its
own door, and to each cluster session (its facilitator's ticks in the notes, asked through core.hooks), and
those counts by gender, country and category. Plain data, built in a fixed number of queries whatever the
number of people, sessions or clusters; the page, the CSV and the outcome report draw it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..agenda.models import AgendaItem
from ..core import hooks
from ..core.i18n import lazy_gettext as _l
from ..core.reference import country_name
from ..extensions import db
from ..forums.models import Forum
from ..organisations.models import Organisation
from .attendance import forum_days
from .labels import CATEGORY_LABELS, GENDER_LABELS
from .models import DayAttendance, Registration, SessionAttendance

GROUP_KEYS = ("gender", "country", "category")
GROUP_TITLES = {"gender": _l("By gender"), "country": _l("By country"), "category": _l("By participant category")}
NOT_STATED = _l("Not stated")
EXPECTED_LABELS = {"online": _l("Confirmed"), "in_person": _l("Confirmed in person")}
# Which of the notes count, said on every page that counts a cluster's attendance (core.hooks.cluster_attendance)
CLUSTER_RULE = _l("Who came to a cluster session is who its facilitator ticked in the cluster’s notes, as last "
                  "saved, whether or not the notes have been approved yet.")


def present_by_cluster(grid: Grid) -> dict[int, frozenset[int]]:
    """cluster id -> everyone ticked in any of its sessions' notes (no query)."""
    found: dict[int, frozenset[int]] = {}
    for column in grid.clusters:
        if column.cluster_id is not None:
            found[column.cluster_id] = found.get(column.cluster_id, frozenset()) | column.present
    return found


def expected_label(forum: Forum) -> str:
    """What the counts are set beside: those confirmed to come in person (all confirmed, for a forum online)."""
    return str(EXPECTED_LABELS["online" if forum.mode == "online" else "in_person"])


@dataclass(frozen=True)
class Attendee:
    """One person of the grid: confirmed, or recorded present somewhere (codes, not labels)."""

    id: int
    name: str
    organisation: str
    country: str
    gender: str
    category: str
    expected: bool  # confirmed, and coming in person where the forum has a place to come to


@dataclass(frozen=True)
class Column:
    """A day, a session scanned at its door, or a cluster session: who was there."""

    key: str  # "day-2027-04-14", "session-12", "cluster-3": unique in the grid
    kind: str  # day, session, cluster
    present: frozenset[int]  # registration ids
    title: str = ""  # a session's title; a cluster's name
    day: date | None = None  # a day's date
    start: datetime | None = None  # a session's start; a cluster session's, for notes of one breakout
    first: datetime | None = None  # notes of a whole cluster: its first breakout's start
    last: datetime | None = None  # and its last's (both None: none on the programme)
    cluster_id: int | None = None

    @property
    def is_whole_cluster(self) -> bool:
        """Notes of a whole cluster, not of one of its breakouts: the column counts all its sessions."""
        return self.kind == "cluster" and self.start is None


@dataclass(frozen=True)
class Grid:
    people: tuple[Attendee, ...]  # by name
    days: tuple[Column, ...]
    sessions: tuple[Column, ...] = ()
    clusters: tuple[Column, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.days + self.sessions + self.clusters

    @property
    def expected(self) -> int:
        return sum(1 for person in self.people if person.expected)


def attendance_grid(forum: Forum, sessions: bool = True, clusters: bool = True) -> Grid:
    """Everyone confirmed and everyone recorded present, with a column for each day of the forum and, when
    asked, each session someone was scanned in at and each cluster session's notes (CLUSTER_RULE). Four
    queries at most."""
    rows = db.session.execute(
        select(Registration.id, Registration.name, Organisation.name, Registration.country, Registration.gender,
               Registration.category, Registration.status, Registration.attendance_mode)
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .where(Registration.forum_id == forum.id)).all()
    known = {row[0] for row in rows}
    by_day: dict[date, set[int]] = {day: set() for day in forum_days(forum)}
    for registration_id, day in db.session.execute(  # a day no longer the forum's (its dates moved) is left out
            select(DayAttendance.registration_id, DayAttendance.day).where(
                DayAttendance.forum_id == forum.id, DayAttendance.day >= forum.start_date,
                DayAttendance.day <= forum.end_date)):
        by_day[day].add(registration_id)
    days = tuple(Column(f"day-{day.isoformat()}", "day", frozenset(ids), day=day)
                 for day, ids in sorted(by_day.items()))
    session_columns: tuple[Column, ...] = ()
    if sessions:
        scanned: dict[tuple[datetime, int, str], set[int]] = {}
        for registration_id, item_id, title, start in db.session.execute(
                select(SessionAttendance.registration_id, AgendaItem.id, AgendaItem.title, AgendaItem.start_at)
                .join(AgendaItem, AgendaItem.id == SessionAttendance.agenda_item_id)
                .where(SessionAttendance.forum_id == forum.id)):
            scanned.setdefault((start, item_id, title), set()).add(registration_id)
        session_columns = tuple(Column(f"session-{item_id}", "session", frozenset(ids), title=title, start=start)
                                for (start, item_id, title), ids in sorted(scanned.items()))
    cluster_columns: tuple[Column, ...] = ()
    if clusters:
        cluster_columns = tuple(Column(f"cluster-{ticks.notes_id}", "cluster", ticks.present & known,
                                       title=ticks.cluster, start=ticks.start, first=ticks.first, last=ticks.last,
                                       cluster_id=ticks.cluster_id)
                                for ticks in hooks.cluster_attendance(forum))
    present = set().union(*(column.present for column in days + session_columns + cluster_columns))
    in_person = forum.mode != "online"
    people = tuple(sorted(
        (Attendee(rid, name, organisation or "", country or "", gender or "", category or "",
                  status == "confirmed" and (mode == "in_person" or not in_person))
         for rid, name, organisation, country, gender, category, status, mode in rows
         if status == "confirmed" or rid in present),
        key=lambda person: (person.name.casefold(), person.id)))
    return Grid(people, days, session_columns, cluster_columns)


# --- counted by group ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupRow:
    label: str
    expected: int  # confirmed (in person) in this group
    counts: tuple[int, ...]  # present, one per column


@dataclass(frozen=True)
class GroupTable:
    """One breakdown (gender, country or category) of some columns: a row per group, largest first, "Not
    stated" last, and the totals."""

    key: str
    title: str
    rows: tuple[GroupRow, ...]
    totals: GroupRow


def _labeller(key: str) -> Callable[[str], str]:
    not_stated = str(NOT_STATED)
    if key == "country":
        names: dict[str, str] = {}
        return lambda code: names.setdefault(code, country_name(code)) if code else not_stated
    labels = {code: str(label) for code, label in (GENDER_LABELS if key == "gender" else CATEGORY_LABELS).items()}
    return lambda code: labels.get(code, code) if code else not_stated


def group_tables(grid: Grid, columns: Sequence[Column]) -> tuple[GroupTable, ...]:
    """The columns' attendance by gender, by country and by category (no query)."""
    tables = []
    not_stated = str(NOT_STATED)
    everyone = {person.id for person in grid.people}
    for key in GROUP_KEYS:
        label_of = _labeller(key)
        groups: dict[str, list[Attendee]] = {}
        for person in grid.people:
            groups.setdefault(label_of(getattr(person, key)), []).append(person)
        rows = []
        for label, members in groups.items():
            ids = {person.id for person in members}
            rows.append(GroupRow(label, sum(1 for person in members if person.expected),
                                 tuple(len(column.present & ids) for column in columns)))
        rows.sort(key=lambda r: (r.label == not_stated, -r.expected, -sum(r.counts), r.label.casefold()))
        totals = GroupRow("", grid.expected, tuple(len(column.present & everyone) for column in columns))
        tables.append(GroupTable(key, str(GROUP_TITLES[key]), tuple(rows), totals))
    return tuple(tables)

