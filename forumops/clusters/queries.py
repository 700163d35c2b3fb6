"""Cluster reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.data import BREAK_TYPES
from ..agenda.models import AgendaItem, AgendaPerson, Cluster
from ..core.hooks import ClusterSessionAttendance
from ..extensions import db
from ..forums.models import CLUSTER_STAFF_ROLES, Forum
from ..registration.models import Registration, SessionAttendance
from .models import ClusterAssignment, ClusterNotes, NoteDraft, NoteRevision


def is_staff_of(cluster: Cluster, user_id: int) -> bool:
    """Facilitator or rapporteur of this cluster (core.permissions.CLUSTER_STAFF)."""
    return db.session.scalar(select(ClusterAssignment.id).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.user_id == user_id,
        ClusterAssignment.role.in_(CLUSTER_STAFF_ROLES)).limit(1)) is not None


def is_member_of(cluster: Cluster, user_id: int) -> bool:
    """A confirmed participant assigned to this cluster, through their registration
    (core.permissions.CLUSTER_MEMBER)."""
    return db.session.scalar(select(ClusterAssignment.id).join(
        Registration, Registration.id == ClusterAssignment.registration_id).where(
        ClusterAssignment.cluster_id == cluster.id, Registration.user_id == user_id,
        Registration.status == "confirmed").limit(1)) is not None


def cluster_ids_of(forum: Forum, user_id: int) -> set[int]:
    """The clusters this person is in, in this forum: as facilitator or rapporteur (by account) or as a
    participant (through their registration)."""
    staff = select(ClusterAssignment.cluster_id).join(Cluster).where(
        Cluster.forum_id == forum.id, ClusterAssignment.user_id == user_id)
    member = (select(ClusterAssignment.cluster_id).join(Cluster)
              .join(Registration, Registration.id == ClusterAssignment.registration_id)
              .where(Cluster.forum_id == forum.id, Registration.user_id == user_id,
                     Registration.status == "confirmed"))
    return set(db.session.scalars(staff.union(member)))


def memberships_of_forum(forum: Forum) -> list:
    """(user id, registration id, role, cluster id, cluster name) of everyone in the forum's clusters, in the
    clusters' order: one query, for the badges' bands and cluster lines."""
    return list(db.session.execute(
        select(ClusterAssignment.user_id, ClusterAssignment.registration_id, ClusterAssignment.role, Cluster.id,
               Cluster.name).join(Cluster).where(Cluster.forum_id == forum.id)
        .order_by(Cluster.position, Cluster.id)).all())


@dataclass(frozen=True)
class NotesState:
    notes_id: int
    title: str
    status: str  # draft, submitted, returned, approved, published
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class StaffCluster:
    """A cluster someone facilitates or reports on, with the state of each of its notes sheets."""

    cluster_id: int
    name: str
    role: str  # facilitator or rapporteur
    room: str
    notes: list[NotesState] = field(default_factory=list)


def _staff_of_forum(forum: Forum, user_id: int):
    """Where the account is facilitator or rapporteur among the forum's clusters (a WHERE clause)."""
    return (Cluster.forum_id == forum.id, ClusterAssignment.user_id == user_id,
            ClusterAssignment.role.in_(("facilitator", "rapporteur")))


def is_staff_of_forum(forum: Forum, user) -> bool:
    """Facilitator or rapporteur of any cluster of this forum (core.permissions.FORUM_CLUSTER_STAFF)."""
    return db.session.scalar(select(ClusterAssignment.id).join(Cluster, Cluster.id == ClusterAssignment.cluster_id)
                             .where(*_staff_of_forum(forum, user.id)).limit(1)) is not None


def clusters_for_staff(forum: Forum, user) -> list[StaffCluster]:
    """The clusters of this forum where the user is facilitator or rapporteur, in the forum's order, each
    with its notes' state: plain data, in two queries whatever the number of clusters or notes."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    rows = db.session.execute(
        select(Cluster.id, Cluster.name, Cluster.room, ClusterAssignment.role)
        .join(ClusterAssignment, ClusterAssignment.cluster_id == Cluster.id)
        .where(*_staff_of_forum(forum, user.id)).order_by(Cluster.position, Cluster.id)).all()
    if not rows:
        return []
    notes: dict[int, list[NotesState]] = {}
    for row in db.session.execute(
        select(ClusterNotes.cluster_id, ClusterNotes.id, ClusterNotes.title, ClusterNotes.status,
               ClusterNotes.version, ClusterNotes.updated_at)
        .where(ClusterNotes.cluster_id.in_([r.id for r in rows]))
        .order_by(ClusterNotes.created_at, ClusterNotes.id)
    ):
        notes.setdefault(row.cluster_id, []).append(NotesState(row.id, row.title, row.status, row.version,
                                                               row.updated_at))
    return [StaffCluster(r.id, r.name, r.role, r.room, notes.get(r.id, [])) for r in rows]


def list_notes(cluster: Cluster) -> list[ClusterNotes]:
    """A cluster's notes, oldest first."""
    return list(db.session.scalars(select(ClusterNotes).where(ClusterNotes.cluster_id == cluster.id)
                                   .order_by(ClusterNotes.created_at, ClusterNotes.id)))


def list_staff(cluster: Cluster) -> list[ClusterAssignment]:
    """A cluster's staff with their accounts, by role."""
    return list(db.session.scalars(
        select(ClusterAssignment).where(ClusterAssignment.cluster_id == cluster.id,
                                        ClusterAssignment.user_id.is_not(None))
        .options(selectinload(ClusterAssignment.user)).order_by(ClusterAssignment.role, ClusterAssignment.id)))


def cluster_participants(cluster: Cluster):
    """Confirmed registrations assigned to this cluster, by name: the attendance list to tick."""
    return list(db.session.scalars(
        select(Registration).join(ClusterAssignment, ClusterAssignment.registration_id == Registration.id)
        .where(ClusterAssignment.cluster_id == cluster.id, Registration.status == "confirmed")
        .order_by(Registration.name)))


def attendee_names(cluster: Cluster, ids) -> dict[int, str]:
    """Names of the cluster's participants by id: all, or those of `ids` (an unknown id as #id)."""
    names = {r.id: r.name for r in cluster_participants(cluster)}
    return names if ids is None else {i: names.get(i, f"#{i}") for i in ids}


def breakout_items(cluster: Cluster):
    """The agenda items this cluster meets in."""
    return list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.cluster_id == cluster.id, AgendaItem.status != "deleted").order_by(AgendaItem.start_at)))


def draft_of(notes: ClusterNotes, user_id: int) -> NoteDraft | None:
    """The person's unsaved draft of these notes, or None."""
    return db.session.scalar(select(NoteDraft).where(NoteDraft.notes_id == notes.id, NoteDraft.user_id == user_id))


def revisions(notes: ClusterNotes) -> list[NoteRevision]:
    """Every saved version of the notes with its author, oldest first."""
    return list(db.session.scalars(select(NoteRevision).where(NoteRevision.notes_id == notes.id)
                                   .options(selectinload(NoteRevision.author)).order_by(NoteRevision.version)))


def ticked_attendance(forum: Forum) -> list[ClusterSessionAttendance]:
    """Who came to each cluster session of the forum: the ticks in its notes' latest saved content, whatever the
    notes' review status (a draft's ticks count as soon as they are saved; an approval reviews the findings, not
    who was in the room), in the clusters' order then the sessions'. Notes of one breakout carry its start;
    notes of the whole cluster the first and last start of its breakouts. One query
    (core.hooks.cluster_attendance: the attendance page, its CSV and the outcome report all read this)."""
    breakouts = (select(AgendaItem.cluster_id, func.min(AgendaItem.start_at).label("first"),
                        func.max(AgendaItem.start_at).label("last"))
                 .where(AgendaItem.forum_id == forum.id, AgendaItem.cluster_id.is_not(None),
                        AgendaItem.status == "confirmed")
                 .group_by(AgendaItem.cluster_id).subquery())
    rows = db.session.execute(
        select(ClusterNotes.id, Cluster.id, Cluster.name, ClusterNotes.title, AgendaItem.title, ClusterNotes.content,
               AgendaItem.start_at, breakouts.c.first, breakouts.c.last)
        .join(Cluster, Cluster.id == ClusterNotes.cluster_id)
        .outerjoin(AgendaItem, AgendaItem.id == ClusterNotes.agenda_item_id)
        .outerjoin(breakouts, breakouts.c.cluster_id == Cluster.id)
        .where(Cluster.forum_id == forum.id)
        .order_by(Cluster.position, Cluster.id, AgendaItem.start_at.is_(None), AgendaItem.start_at,
                  ClusterNotes.created_at, ClusterNotes.id))
    found = []
    for notes_id, cluster_id, name, notes_title, item_title, content, start, first, last in rows:
        ticked = content.get("attendance", []) if isinstance(content, dict) else []
        ids = frozenset(int(x) for x in ticked if isinstance(x, int) or str(x).isdigit())
        whole = start is None  # notes of no one breakout: the cluster's, all sessions
        found.append(ClusterSessionAttendance(notes_id, cluster_id, name, notes_title or item_title or "", ids,
                                              start, first if whole else None, last if whole else None))
    return found


# --- session notes: a programme item's own notes, written by its rapporteurs ------------------------------

def takes_session_notes(item: AgendaItem) -> bool:
    """A programme item whose rapporteurs may write notes: a plenary, a panel, a keynote... Not a break, a meal,
    the group photo or registration, nor a cluster's breakout (the cluster's notes cover it), nor a deleted item."""
    return item.type not in BREAK_TYPES and item.cluster_id is None and item.status != "deleted"


def get_session_item(forum: Forum, item_id: int) -> AgendaItem | None:
    """A programme item of this forum that takes session notes, or None (another forum's, a break, deleted)."""
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.id == item_id))
    return item if item is not None and takes_session_notes(item) else None


def find_session_notes(item: AgendaItem) -> ClusterNotes | None:
    """The item's notes, or None before anyone saved or typed any."""
    return db.session.scalar(select(ClusterNotes).where(ClusterNotes.session_item_id == item.id))


def item_people_roles(item: AgendaItem, user_id: int) -> set[str]:
    """The roles this account holds among the item's people (chair, speaker, rapporteur...), in one query: a
    rapporteur (core.permissions.ITEM_RAPPORTEUR) writes its session notes, the others present it
    (ITEM_PRESENTER) and read its feedback. The organisers name them among the item's people."""
    return set(db.session.scalars(select(AgendaPerson.role).where(AgendaPerson.item_id == item.id,
                                                                  AgendaPerson.user_id == user_id)))


def is_staff_of_items_cluster(item: AgendaItem, user_id: int) -> bool:
    """Facilitator or rapporteur of the cluster whose breakout this item is: they run it, so they present it
    (core.permissions.ITEM_PRESENTER) and read its feedback, without being named among the item's people."""
    return item.cluster_id is not None and db.session.scalar(select(ClusterAssignment.id).where(
        ClusterAssignment.cluster_id == item.cluster_id, ClusterAssignment.user_id == user_id,
        ClusterAssignment.role.in_(CLUSTER_STAFF_ROLES)).limit(1)) is not None


def staffed_cluster_ids(forum: Forum, user_id: int) -> set[int]:
    """The forum's clusters this account facilitates or reports on (the breakouts it presents)."""
    return set(db.session.scalars(select(ClusterAssignment.cluster_id).join(Cluster).where(
        Cluster.forum_id == forum.id, ClusterAssignment.user_id == user_id,
        ClusterAssignment.role.in_(CLUSTER_STAFF_ROLES))))


def is_audience_of(item: AgendaItem, user_id: int) -> bool:
    """Confirmed to take part in the item's forum, through a registration of their own (core.permissions
    .ITEM_AUDIENCE): a plenary is everyone's, as a cluster is its members'."""
    return db.session.scalar(select(Registration.id).where(
        Registration.forum_id == item.forum_id, Registration.user_id == user_id,
        Registration.status == "confirmed").limit(1)) is not None


def session_attendance_count(item: AgendaItem) -> int:
    """How many people were scanned in at the item's door: a session's attendance is the desk's record, not a
    second one in its notes (registration.models.SessionAttendance)."""
    return db.session.scalar(select(func.count(SessionAttendance.id))
                             .where(SessionAttendance.agenda_item_id == item.id)) or 0


@dataclass(frozen=True)
class SessionNotesRow:
    """A programme item that takes notes, with its rapporteurs and its notes' state (None: nothing written yet)."""

    item_id: int
    title: str
    type: str
    start_at: datetime
    rapporteurs: tuple[str, ...]
    notes: NotesState | None


def _session_rows(forum: Forum, user_id: int | None = None) -> list[SessionNotesRow]:
    """Every programme item of the forum that takes notes and has a rapporteur or notes (those of `user_id` as
    rapporteur only, when given), in programme order: two queries, whatever the number of items."""
    rapporteurs = (select(AgendaPerson.item_id, AgendaPerson.user_id, AgendaPerson.name, User.name)
                   .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id)
                   .outerjoin(User, User.id == AgendaPerson.user_id)
                   .where(AgendaItem.forum_id == forum.id, AgendaPerson.role == "rapporteur")
                   .order_by(AgendaPerson.item_id, AgendaPerson.position, AgendaPerson.id))
    names: dict[int, list[str]] = {}
    mine: set[int] = set()
    for item_id, person_id, guest_name, account_name in db.session.execute(rapporteurs):
        names.setdefault(item_id, []).append(guest_name or account_name or "")
        if user_id is not None and person_id == user_id:
            mine.add(item_id)
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.type, AgendaItem.start_at, ClusterNotes.id,
               ClusterNotes.title, ClusterNotes.status, ClusterNotes.version, ClusterNotes.updated_at)
        .outerjoin(ClusterNotes, ClusterNotes.session_item_id == AgendaItem.id)
        .where(AgendaItem.forum_id == forum.id, AgendaItem.status != "deleted", AgendaItem.cluster_id.is_(None),
               AgendaItem.type.not_in(BREAK_TYPES))
        .order_by(AgendaItem.start_at, AgendaItem.id)).all()
    found = []
    for item_id, item_title, item_type, start_at, notes_id, title, status, version, updated_at in rows:
        if (user_id is not None and item_id not in mine) or (item_id not in names and notes_id is None):
            continue
        state = NotesState(notes_id, title, status, version, updated_at) if notes_id is not None else None
        found.append(SessionNotesRow(item_id, item_title, item_type, start_at, tuple(names.get(item_id, ())), state))
    return found


def session_notes_overview(forum: Forum) -> list[SessionNotesRow]:
    """For the organisers: every session with a rapporteur or notes, in programme order, with their state."""
    return _session_rows(forum)


def sessions_for_rapporteur(forum: Forum, user) -> list[SessionNotesRow]:
    """The sessions of this forum whose rapporteur the account is, in programme order, with their notes' state."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return _session_rows(forum, user.id)
