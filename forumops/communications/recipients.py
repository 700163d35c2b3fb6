"""Who a message goes to: the recipient filters, counted and listed in SQL (one query each, whatever the size).

Erased registrations never receive anything. The filters are kept with the announcement as a plain dict, so
its page can say whom it was written to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Select, exists, func, select

from ..certificates.queries import has_certificate
from ..clusters.models import Cluster, ClusterAssignment
from ..core.models import utcnow
from ..core.text import search_key
from ..evaluations.answer_queries import pending_statement
from ..evaluations.queries import find_survey
from ..extensions import db
from ..followup.models import ActionPlan
from ..forums.models import Forum
from ..registration.models import CATEGORIES, MODES, STATUSES, Registration
from ..travel.queries import concerned_statement
from ..travel.queries import pending_statement as travel_pending_statement

YES_NO = ("yes", "no")
# the travel form: those it concerns, or those of them who have not sent it (travel.queries says who)
TRAVEL_FORM = ("concerned", "pending")


@dataclass(frozen=True)
class RecipientFilters:
    """Every filter the composer offers; an empty value means "anyone"."""

    status: str = "confirmed"
    category: str = ""
    mode: str = ""
    cluster: int | None = None  # the cluster a person is assigned to
    country: str = ""
    checked_in: str = ""  # "yes", "no"
    registered_from: date | None = None  # registered on or after this day (the forum's time zone)
    registered_before: date | None = None  # registered before this day
    has_plan: str = ""  # owns an action plan: "yes", "no"
    has_certificate: str = ""  # holds a certificate of attendance, not revoked: "yes", "no"
    survey_pending: int | None = None  # asked by this survey and not yet answered it (in its round open now)
    travel_form: str = ""  # "concerned": the travel form concerns them; "pending": ... and they have not sent it

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (dates as ISO strings), for the announcement's record and the composer's links."""
        return {key: value.isoformat() if isinstance(value, date) else value
                for key, value in asdict(self).items()}

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> RecipientFilters:
        """From a form's data or a stored dict; unknown codes become "anyone" rather than an error."""
        def text(name: str, allowed: Iterable[str] | None = None) -> str:
            value = str(data.get(name) or "").strip()
            return value if allowed is None or value in allowed else ""

        def day(name: str) -> date | None:
            value = data.get(name)
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value)) if value else None
            except ValueError:
                return None

        cluster = data.get("cluster")
        try:
            cluster_id = int(str(cluster)) if cluster not in (None, "", "0", 0) else None
        except (TypeError, ValueError):
            cluster_id = None
        try:
            survey_id = int(str(data.get("survey_pending"))) if data.get("survey_pending") not in (None, "", "0", 0) \
                else None
        except (TypeError, ValueError):
            survey_id = None
        return cls(status=text("status", STATUSES), category=text("category", CATEGORIES),
                   mode=text("mode", MODES), cluster=cluster_id, country=text("country").upper()[:2],
                   checked_in=text("checked_in", YES_NO), registered_from=day("registered_from"),
                   registered_before=day("registered_before"), has_plan=text("has_plan", YES_NO),
                   has_certificate=text("has_certificate", YES_NO), survey_pending=survey_id,
                   travel_form=text("travel_form", TRAVEL_FORM))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def _start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone or "UTC"))


def _where(forum: Forum, filters: RecipientFilters, query: Select) -> Select:
    query = query.where(Registration.forum_id == forum.id, Registration.erased_at.is_(None))
    for column, value in ((Registration.status, filters.status), (Registration.category, filters.category),
                          (Registration.attendance_mode, filters.mode), (Registration.country, filters.country)):
        if value:
            query = query.where(column == value)
    if filters.checked_in:
        checked = Registration.checked_in_at.is_not(None)
        query = query.where(checked if filters.checked_in == "yes" else ~checked)
    if filters.registered_from:
        query = query.where(Registration.created_at >= _start_of(filters.registered_from, forum.timezone))
    if filters.registered_before:
        query = query.where(Registration.created_at < _start_of(filters.registered_before, forum.timezone))
    if filters.cluster:
        query = query.where(exists().where(ClusterAssignment.registration_id == Registration.id,
                                           ClusterAssignment.cluster_id == filters.cluster))
    if filters.has_plan:
        owns = exists().where(ActionPlan.registration_id == Registration.id, ActionPlan.forum_id == forum.id)
        query = query.where(owns if filters.has_plan == "yes" else ~owns)
    if filters.has_certificate:
        holds = has_certificate(Registration.id)
        query = query.where(holds if filters.has_certificate == "yes" else ~holds)
    if filters.survey_pending:
        query = query.where(_not_yet_answered(forum, filters.survey_pending))
    if filters.travel_form:
        travel = concerned_statement(forum) if filters.travel_form == "concerned" else travel_pending_statement(forum)
        query = query.where(Registration.id.in_(travel))
    return query


def _not_yet_answered(forum: Forum, survey_id: int):
    """Asked by the survey and not yet sent their answers for its round open now (evaluations' rule; a survey of
    another forum, or none: nobody). One query for the survey; the rest is part of the recipients' query."""
    survey = find_survey(forum, survey_id, with_items=False)
    if survey is None:
        return Registration.id.is_(None)
    return Registration.id.in_(pending_statement(survey, utcnow()))


def count_recipients(forum: Forum, filters: RecipientFilters) -> int:
    """How many people the filters pick (one query)."""
    return db.session.scalar(_where(forum, filters, select(func.count(Registration.id)))) or 0


def _by_name(query: Select) -> Select:
    return query.order_by(func.lower(Registration.name), Registration.id)


def find_recipients(forum: Forum, filters: RecipientFilters, limit: int | None = None,
                    search: str = "") -> list[Registration]:
    """The people the filters pick, by name (their organisations come with them, joined by the model); the
    first `limit` of them when given. With `search`, only those whose name or address holds every word of it
    (case and accents ignored, so "nguyen" finds "Nguyễn"): folded here, not in SQL, as the check-in desk does
    (SQLite's lower() knows only ASCII), over one narrow query of ids, names and addresses, then one for the
    people found."""
    words = search_key(search).split()
    if not words:
        query = _by_name(_where(forum, filters, select(Registration)))
        return list(db.session.scalars(query.limit(limit) if limit else query).unique())
    rows = db.session.execute(_by_name(_where(forum, filters, select(
        Registration.id, Registration.name, Registration.email))))
    ids = [registration_id for registration_id, name, email in rows
           if all(word in search_key(f"{name} {email}") for word in words)][:limit]
    found = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.id.in_(ids))).unique()}
    return [found[registration_id] for registration_id in ids]


def find_recipient(forum: Forum, filters: RecipientFilters, registration_id: int | None) -> Registration | None:
    """This person if the filters pick them, else the first person they pick (None: nobody)."""
    if registration_id:
        chosen = db.session.scalar(_where(forum, filters, select(Registration))
                                   .where(Registration.id == registration_id))
        if chosen is not None:
            return chosen
    found = find_recipients(forum, filters, limit=1)
    return found[0] if found else None


def longest_name(forum: Forum, filters: RecipientFilters) -> str:
    """The longest name among the people the filters pick ("" when nobody): one query."""
    return db.session.scalar(_where(forum, filters, select(Registration.name))
                             .order_by(func.length(Registration.name).desc()).limit(1)) or ""


def _label(name: str, room: str | None) -> str:
    return f"{name} ({room})" if room else name


def longest_cluster_label(forum: Forum) -> str:
    """The longest of the forum's cluster labels as {cluster} writes them ("" when it has none): one query."""
    return max((_label(name, room) for name, room in db.session.execute(
        select(Cluster.name, Cluster.room).where(Cluster.forum_id == forum.id))), key=len, default="")


def cluster_labels(forum: Forum, registration_ids: Iterable[int]) -> dict[int, str]:
    """registration id -> its cluster's name (with the room when it has one), for the people given: one query
    for the whole forum, however many recipients."""
    wanted = set(registration_ids)
    rows = db.session.execute(select(ClusterAssignment.registration_id, Cluster.name, Cluster.room).join(
        Cluster, Cluster.id == ClusterAssignment.cluster_id).where(
        Cluster.forum_id == forum.id, ClusterAssignment.registration_id.is_not(None))
        .order_by(Cluster.position.desc(), Cluster.id.desc()))  # the first cluster by position wins below
    labels: dict[int, str] = {}
    for registration_id, name, room in rows:
        if registration_id in wanted:
            labels[registration_id] = _label(name, room)
    return labels
