"""Reads of feedback on programme items (models.SessionFeedback): which sessions a person attended and may rate,
when rating is open, an item's results for its presenters, and every item's for the organisers.

"Attended" has one definition, attended_item_ids(): scanned in at the session's door, or checked in at the desk on
the session's day; but a cluster's breakout, one of several parallel ones, only by the cluster's members checked in
that day, or by those its facilitator ticked in the cluster's notes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..agenda.data import SESSION_TYPES, title_with_cluster
from ..agenda.models import AgendaItem, AgendaPerson
from ..clusters.models import ClusterAssignment
from ..clusters.queries import ticked_attendance
from ..core.i18n import utc_of_wall_clock
from ..extensions import db
from ..forums.models import CLUSTER_STAFF_ROLES, Forum, ForumMember
from ..registration.attendance import session_day
from ..registration.models import DayAttendance, Registration, SessionAttendance
from .models import SessionFeedback, SurveyItem
from .results import Summary, summarise

# Feedback is taken from the session's start until this many days after the forum's last day (in its zone): long
# enough for someone who travels home first, short enough that they still remember the session.
FEEDBACK_DAYS_AFTER_FORUM = 30
# A presenter sees the results of their session only once this many people rated it: with one or two, the
# presenter could tell who said what.
MIN_RATINGS = 3
COMMENT_LIMIT = 2000  # characters a comment may have
RATINGS = (1, 2, 3, 4, 5)


def takes_feedback(item: AgendaItem) -> bool:
    """An item people attend (agenda.data.SESSION_TYPES: no break, meal or photo) that takes place."""
    return item.type in SESSION_TYPES and item.status == "confirmed"


def session_title(item: AgendaItem) -> str:
    """The session's title, with its cluster's name for a breakout whose title does not say it: the three clusters'
    "Cluster breakout 1" told apart wherever feedback lists sessions (agenda.data.title_with_cluster, as the
    calendar names them). Load AgendaItem.cluster with the items (selectinload) to keep the queries constant."""
    return title_with_cluster(item.title, item.cluster.name if item.cluster is not None else "")


def get_rated_item(forum: Forum, item_id: int) -> AgendaItem | None:
    """A programme item of this forum that takes feedback, or None (another forum's, a break, cancelled)."""
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.id == item_id))
    return item if item is not None and takes_feedback(item) else None


def feedback_last_day(forum: Forum) -> date:
    """The last day feedback is taken (in the forum's zone): FEEDBACK_DAYS_AFTER_FORUM days after its last day."""
    return forum.end_date + timedelta(days=FEEDBACK_DAYS_AFTER_FORUM)


def feedback_closes_at(forum: Forum) -> datetime:
    """When feedback stops being taken: midnight after the forum's last day plus FEEDBACK_DAYS_AFTER_FORUM days."""
    return utc_of_wall_clock(forum.timezone, feedback_last_day(forum) + timedelta(days=1), time(0))


def feedback_phase(forum: Forum, item: AgendaItem, now: datetime) -> str:
    """"not_yet" before the session starts, "open" from then on, "closed" after feedback_closes_at()."""
    if now < item.start_at:
        return "not_yet"
    return "open" if now < feedback_closes_at(forum) else "closed"


def attended_item_ids(forum: Forum, registration: Registration) -> set[int]:
    """The ids of the forum's sessions this person attended: the one definition of "attended" for feedback.

    A confirmed registration (not erased) attended a session (takes_feedback) when it was scanned in at the
    session's door (SessionAttendance), or checked in at the desk on the session's day (DayAttendance, the day in
    the forum's zone: registration.attendance.session_day). A cluster's breakout runs beside the other clusters'
    breakouts, so a day's check-in counts only for the clusters the person is a member of (ClusterAssignment);
    anyone else attended it only when ticked in that cluster's notes of the breakout or of the whole cluster
    (clusters.queries.ticked_attendance). Five queries."""
    if registration.status != "confirmed" or registration.erased_at is not None:
        return set()
    items = db.session.scalars(select(AgendaItem).where(
        AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
        AgendaItem.type.in_(sorted(SESSION_TYPES))))
    door = set(db.session.scalars(select(SessionAttendance.agenda_item_id).where(
        SessionAttendance.registration_id == registration.id)))
    days = set(db.session.scalars(select(DayAttendance.day).where(
        DayAttendance.forum_id == forum.id, DayAttendance.registration_id == registration.id)))
    member_of = set(db.session.scalars(select(ClusterAssignment.cluster_id).where(
        ClusterAssignment.registration_id == registration.id)))
    whole_clusters, breakouts = set(), set()  # ticked in a cluster's notes of all its sessions, or of one
    for ticks in ticked_attendance(forum):
        if registration.id in ticks.present:
            if ticks.start is None:
                whole_clusters.add(ticks.cluster_id)
            else:
                breakouts.add((ticks.cluster_id, ticks.start))
    found = set()
    for item in items:
        cluster_id = item.cluster_id
        ticked = cluster_id is not None and (cluster_id in whole_clusters or (cluster_id, item.start_at) in breakouts)
        checked_in = session_day(forum, item) in days and (cluster_id is None or cluster_id in member_of)
        if item.id in door or checked_in or ticked:
            found.add(item.id)
    return found


def has_attended(forum: Forum, registration: Registration | None, item: AgendaItem) -> bool:
    """Whether this registration attended this item (attended_item_ids: the one definition)."""
    return registration is not None and item.id in attended_item_ids(forum, registration)


def feedback_of(item: AgendaItem, registration: Registration) -> SessionFeedback | None:
    """This person's feedback on this item, or None."""
    return db.session.scalar(select(SessionFeedback).where(SessionFeedback.agenda_item_id == item.id,
                                                           SessionFeedback.registration_id == registration.id))


@dataclass(frozen=True)
class ToRate:
    """A session the person attended, open for feedback, and their rating of it (None: not rated yet)."""

    item: AgendaItem
    rating: int | None

    @property
    def title(self) -> str:
        return session_title(self.item)


def sessions_to_rate(forum: Forum, registration: Registration, now: datetime) -> list[ToRate]:
    """The sessions this person attended that take feedback now, in programme order, with their ratings."""
    attended = attended_item_ids(forum, registration)
    if not attended or now >= feedback_closes_at(forum):
        return []
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.id.in_(sorted(attended)),
                                                        AgendaItem.start_at <= now)
                               .options(selectinload(AgendaItem.cluster)).order_by(AgendaItem.start_at, AgendaItem.id))
    ratings = dict(db.session.execute(select(SessionFeedback.agenda_item_id, SessionFeedback.rating).where(
        SessionFeedback.registration_id == registration.id)).all())
    return [ToRate(item, ratings.get(item.id)) for item in items]


# --- reading it: presenters and organisers --------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFeedback:
    """What was said of one item, without names: how many rated it, the distribution and mean (Summary), and the
    comments in alphabetical order (an order that says nothing of who wrote them, or when)."""

    item_id: int
    summary: Summary
    comments: tuple[str, ...]

    @property
    def count(self) -> int:
        return self.summary.answered

    @property
    def shown_to_presenters(self) -> bool:
        """Enough people rated it that nobody is singled out (MIN_RATINGS)."""
        return self.count >= MIN_RATINGS


def _feedback_of_items(item_ids: list[int]) -> dict[int, ItemFeedback]:
    """item id -> its ItemFeedback, for these items (two queries, however many items and ratings)."""
    if not item_ids:
        return {}
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for item_id, rating, count in db.session.execute(
            select(SessionFeedback.agenda_item_id, SessionFeedback.rating, func.count(SessionFeedback.id))
            .where(SessionFeedback.agenda_item_id.in_(item_ids))
            .group_by(SessionFeedback.agenda_item_id, SessionFeedback.rating)):
        counts[item_id][rating] = count
    comments: dict[int, list[str]] = defaultdict(list)
    for item_id, comment in db.session.execute(
            select(SessionFeedback.agenda_item_id, SessionFeedback.comment)
            .where(SessionFeedback.agenda_item_id.in_(item_ids), SessionFeedback.comment != "")):
        comments[item_id].append(comment)
    scale = SurveyItem(kind="rating", options=[])  # a question of the same scale for summarise(), never saved
    return {item_id: ItemFeedback(item_id, summarise(scale, counts[item_id], sum(counts[item_id].values())),
                                  tuple(sorted(comments[item_id], key=lambda text: (text.casefold(), text))))
            for item_id in item_ids}


def item_feedback(item: AgendaItem) -> ItemFeedback:
    """What was said of this item (for its presenters, who see it only when shown_to_presenters)."""
    return _feedback_of_items([item.id])[item.id]


@dataclass(frozen=True)
class ForumFeedbackRow:
    item: AgendaItem
    feedback: ItemFeedback

    @property
    def title(self) -> str:
        return session_title(self.item)


def forum_feedback(forum: Forum) -> list[ForumFeedbackRow]:
    """Every session of the forum that takes feedback, in programme order, with what was said of it: three queries
    however many items and ratings, plus one for their clusters (the organisers' page and its CSV)."""
    items = list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
        AgendaItem.type.in_(sorted(SESSION_TYPES))).options(selectinload(AgendaItem.cluster))
        .order_by(AgendaItem.start_at, AgendaItem.id)))
    found = _feedback_of_items([item.id for item in items])
    return [ForumFeedbackRow(item, found[item.id]) for item in items]


def forum_rating_count(forum: Forum) -> int:
    """How many ratings the forum's sessions received."""
    return db.session.scalar(select(func.count(SessionFeedback.id)).where(SessionFeedback.forum_id == forum.id)) or 0


@dataclass(frozen=True)
class HomeFeedback:
    """What the feedback section of a person's home needs, for all their forums at once."""

    presented: dict[int, list[AgendaItem]]  # forum id -> the sessions this account presents, in programme order
    ratings: dict[int, int]  # forum id -> ratings its sessions received (forums the account organises)


def home_feedback(user) -> HomeFeedback:
    """The sessions this account presents (named on them other than as rapporteur, or a breakout of a cluster it
    facilitates or reports on: core.permissions.ITEM_PRESENTER) and the ratings of the forums it organises (every
    forum's for an administrator): two queries whatever the number of forums."""
    presented: dict[int, list[AgendaItem]] = defaultdict(list)
    named = select(AgendaPerson.item_id).where(AgendaPerson.user_id == user.id, AgendaPerson.role != "rapporteur")
    staffed = select(ClusterAssignment.cluster_id).where(ClusterAssignment.user_id == user.id,
                                                         ClusterAssignment.role.in_(CLUSTER_STAFF_ROLES))
    for item in db.session.scalars(select(AgendaItem).where(
            AgendaItem.status == "confirmed", AgendaItem.type.in_(sorted(SESSION_TYPES)),
            or_(AgendaItem.id.in_(named), AgendaItem.cluster_id.in_(staffed)))
            .order_by(AgendaItem.start_at, AgendaItem.id)):
        presented[item.forum_id].append(item)
    counted = select(SessionFeedback.forum_id, func.count(SessionFeedback.id)).group_by(SessionFeedback.forum_id)
    if not user.is_admin:
        counted = counted.where(SessionFeedback.forum_id.in_(
            select(ForumMember.forum_id).where(ForumMember.user_id == user.id, ForumMember.role == "organiser")))
    return HomeFeedback(dict(presented), {forum_id: count for forum_id, count in db.session.execute(counted)})


def feedback_export(registration: Registration) -> list[dict]:
    """This person's feedback, for their data export (privacy): the session, their rating and comment, when."""
    rows = db.session.execute(
        select(AgendaItem.title, AgendaItem.start_at, SessionFeedback.rating, SessionFeedback.comment,
               SessionFeedback.created_at, SessionFeedback.updated_at)
        .join(AgendaItem, AgendaItem.id == SessionFeedback.agenda_item_id)
        .where(SessionFeedback.registration_id == registration.id).order_by(AgendaItem.start_at, AgendaItem.id))
    return [{"session": title, "starts_at": start.isoformat(), "rating": rating, "comment": comment,
             "given_at": created.isoformat(), "updated_at": updated.isoformat()}
            for title, start, rating, comment, created, updated in rows]
