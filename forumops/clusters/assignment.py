"""Putting confirmed participants into clusters: the automatic pass and moves by hand.

`plan_assignment` is the pure part (plain data in, a Plan out, no database) so it can be tested and
benchmarked alone; `auto_assign` and `move` apply it to a forum (they flush, never commit);
`assignment_overview` and `assigned_cluster` read what is there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..agenda.models import Cluster
from ..agenda.queries import list_clusters
from ..core.database import lock_forum
from ..core.errors import FormError
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .models import ClusterAssignment
from .operations import assign_registration

UNASSIGN = 0  # the cluster id a hand move uses for "take this person out of their cluster"


# --- the plan: pure --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """A participant as the planner sees them; `preferences` are cluster ids, best first."""

    id: int
    country: str = ""
    org_type: str = ""
    preferences: tuple[int, ...] = ()


@dataclass(frozen=True)
class Seats:
    """A cluster as the planner sees it: its capacity (None: no limit) and the people already in it,
    counted by country and organisation type so that newcomers are spread against them too."""

    id: int
    capacity: int | None = None
    assigned: int = 0
    countries: Mapping[str, int] = field(default_factory=dict)
    org_types: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    person_id: int
    cluster_id: int
    rank: int | None  # 1 = their first choice; None = not one of their choices (or they gave none)


@dataclass
class Plan:
    placements: list[Placement]
    unassigned: list[int]  # person ids for whom no cluster had room
    fill: dict[int, int]  # cluster id -> people in it once the plan is applied, those already there included
    already_assigned: int = 0  # people the plan found in clusters and left where they are

    def _count(self, test) -> int:
        return sum(1 for placement in self.placements if test(placement.rank))

    @property
    def first(self) -> int:
        return self._count(lambda rank: rank == 1)

    @property
    def second(self) -> int:
        return self._count(lambda rank: rank == 2)

    @property
    def third(self) -> int:
        return self._count(lambda rank: rank == 3)

    @property
    def later(self) -> int:
        """Placed in their fourth or a later choice."""
        return self._count(lambda rank: rank is not None and rank > 3)

    @property
    def no_preference(self) -> int:
        """Placed outside their choices: they gave none, or all of theirs were full."""
        return self._count(lambda rank: rank is None)

    @property
    def placed(self) -> int:
        return len(self.placements)


class _Tally:
    """A cluster's running counts while planning."""

    __slots__ = ("id", "position", "capacity", "size", "countries", "org_types")

    def __init__(self, seats: Seats, position: int):
        self.id, self.position, self.capacity, self.size = seats.id, position, seats.capacity, seats.assigned
        self.countries: Counter[str] = Counter(seats.countries)
        self.org_types: Counter[str] = Counter(seats.org_types)

    def has_room(self) -> bool:
        return self.capacity is None or self.size < self.capacity

    def add(self, person: Person) -> None:
        self.size += 1
        self.countries[person.country] += 1
        self.org_types[person.org_type] += 1

    def crowding(self, person: Person) -> tuple[int, int, int, int]:
        """Lower is better for this person: fewest of their country, then of their organisation type,
        then the emptier cluster, then the cluster listed first. Unknown country or type spreads nothing."""
        return (self.countries[person.country] if person.country else 0,
                self.org_types[person.org_type] if person.org_type else 0,
                self.size, self.position)


def clean_preferences(preferences: Iterable[int], known: Iterable[int] | set[int]) -> tuple[int, ...]:
    """The preferences that still name a cluster of the forum, each once, in the person's order: a choice
    of a deleted cluster does not count, so "first choice" means the first one that exists."""
    known = known if isinstance(known, set) else set(known)
    kept: dict[int, None] = {}  # ordered, so each choice counts once, where it first appears
    for cluster_id in preferences:
        if cluster_id in known:
            kept.setdefault(cluster_id)
    return tuple(kept)


def choice_rank(preferences: Iterable[int], cluster_id: int, known: Iterable[int] | set[int]) -> int | None:
    """Which of the person's choices this cluster is (1 = first), or None."""
    cleaned = clean_preferences(preferences, known)
    return cleaned.index(cluster_id) + 1 if cluster_id in cleaned else None


def _interleaved(people: Iterable[Person]) -> list[Person]:
    """Who goes first when a cluster has fewer seats than takers: countries take turns (the first
    person of each country, then the second of each...), and within a country organisation types take
    turns; within a turn, the earlier registration (lower id) first."""
    in_pair: Counter[tuple[str, str]] = Counter()
    within_country = []
    for person in sorted(people, key=lambda p: p.id):
        within_country.append(((person.country, in_pair[person.country, person.org_type], person.id), person))
        in_pair[person.country, person.org_type] += 1
    in_country: Counter[str] = Counter()
    turns = []
    for _key, person in sorted(within_country, key=lambda pair: pair[0]):
        turns.append(((in_country[person.country], person.id), person))
        in_country[person.country] += 1
    return [person for _key, person in sorted(turns, key=lambda pair: pair[0])]


def _largest_groups_first(people: Iterable[Person]) -> list[Person]:
    """Who chooses first among the people left without a preferred seat: the largest country first
    (it has the most people to spread, so it goes while every cluster is still open), within a country
    the largest organisation type; unknown countries last. Dealt out in this order, a group of m people
    lands in min(m, k) clusters."""
    people = list(people)
    countries = Counter(person.country for person in people)
    pairs = Counter((person.country, person.org_type) for person in people)
    return sorted(people, key=lambda p: (not p.country, -countries[p.country], p.country,
                                         -pairs[p.country, p.org_type], p.org_type, p.id))


def plan_assignment(people: Sequence[Person], clusters: Sequence[Seats]) -> Plan:
    """Place people in clusters: capacity is never exceeded, first choices first, and where
    preferences run out, the cluster with the fewest of the person's country and organisation type.

    Round r gives everyone still waiting their r-th choice while it has room (so as many people as
    possible get their first choice, then their second...); where a cluster has fewer seats than
    takers, countries take turns (_interleaved). Whoever is left, largest groups first, goes to the
    cluster with the fewest of their country, then of their organisation type, then the emptiest
    (_Tally.crowding), or stays unassigned when no cluster has room. Deterministic; O(n·k) for n people
    and k clusters (plus two sorts).
    """
    tallies = {seats.id: _Tally(seats, position) for position, seats in enumerate(clusters)}
    known = set(tallies)
    waiting = _interleaved(people)
    preferences = {person.id: clean_preferences(person.preferences, known) for person in waiting}
    placements: list[Placement] = []
    rounds = max((len(choices) for choices in preferences.values()), default=0)
    for rank in range(1, rounds + 1):
        still_waiting = []
        for person in waiting:
            choices = preferences[person.id]
            tally = tallies[choices[rank - 1]] if len(choices) >= rank else None
            if tally is not None and tally.has_room():
                tally.add(person)
                placements.append(Placement(person.id, tally.id, rank))
            else:
                still_waiting.append(person)
        waiting = still_waiting
    unassigned = []
    for person in _largest_groups_first(waiting):
        open_clusters = [tally for tally in tallies.values() if tally.has_room()]
        if not open_clusters:
            unassigned.append(person.id)
            continue
        tally = min(open_clusters, key=lambda t: t.crowding(person))
        tally.add(person)
        placements.append(Placement(person.id, tally.id, None))
    return Plan(placements=placements, unassigned=unassigned, fill={t.id: t.size for t in tallies.values()},
                already_assigned=sum(seats.assigned for seats in clusters))


# --- reads -------------------------------------------------------------------------------------------

@dataclass
class Member:
    registration_id: int
    name: str
    country: str
    org_type: str
    organisation: str
    preferences: tuple[int, ...]  # cleaned: existing clusters only
    rank: int | None  # which choice their current cluster is; None when outside their choices or unassigned


@dataclass
class ClusterFill:
    id: int
    name: str
    capacity: int | None
    room: str
    members: list[Member]
    first_choice_of: int  # how many confirmed participants chose it first

    @property
    def fill(self) -> int:
        return len(self.members)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.fill >= self.capacity

    @property
    def is_over(self) -> bool:
        return self.capacity is not None and self.fill > self.capacity


@dataclass
class Overview:
    clusters: list[ClusterFill]
    unassigned: list[Member]

    @property
    def confirmed(self) -> int:
        return sum(c.fill for c in self.clusters) + len(self.unassigned)

    @property
    def names(self) -> dict[int, str]:
        return {c.id: c.name for c in self.clusters}


def _confirmed(forum: Forum) -> list[Registration]:
    """Confirmed registrations with their organisation (joined eagerly by the model)."""
    return list(db.session.scalars(select(Registration).where(
        Registration.forum_id == forum.id, Registration.status == "confirmed").order_by(Registration.id)))


def _participant_rows(forum: Forum) -> list[ClusterAssignment]:
    return list(db.session.scalars(select(ClusterAssignment).join(Cluster).where(
        Cluster.forum_id == forum.id, ClusterAssignment.registration_id.is_not(None))
        .order_by(ClusterAssignment.id)))


def assignment_overview(forum: Forum) -> Overview:
    """Every cluster with its confirmed participants, and the confirmed participants in none, as plain
    data: three queries however many people there are."""
    clusters = list_clusters(forum)
    known = {cluster.id for cluster in clusters}
    where = {row.registration_id: row.cluster_id for row in _participant_rows(forum)}
    members: dict[int, list[Member]] = defaultdict(list)
    unassigned: list[Member] = []
    first_choices: Counter[int] = Counter()
    for registration in _confirmed(forum):
        preferences = clean_preferences(registration.cluster_preferences or (), known)
        if preferences:
            first_choices[preferences[0]] += 1
        cluster_id = where.get(registration.id)
        member = Member(
            registration_id=registration.id, name=registration.name, country=registration.country,
            org_type=registration.organisation.type if registration.organisation else "",
            organisation=registration.organisation_name, preferences=preferences,
            rank=preferences.index(cluster_id) + 1 if cluster_id in preferences else None)
        (members[cluster_id] if cluster_id in known else unassigned).append(member)
    by_name = lambda m: (m.name.casefold(), m.registration_id)  # noqa: E731
    return Overview(
        clusters=[ClusterFill(id=c.id, name=c.name, capacity=c.capacity, room=c.room,
                              members=sorted(members[c.id], key=by_name), first_choice_of=first_choices[c.id])
                  for c in clusters],
        unassigned=sorted(unassigned, key=by_name))


def assigned_cluster(forum: Forum, registration: Registration) -> Cluster | None:
    """The cluster a confirmed participant is in, for their own registration page."""
    if registration is None or registration.status != "confirmed":
        return None
    return db.session.scalar(select(Cluster).join(ClusterAssignment).where(
        Cluster.forum_id == forum.id, ClusterAssignment.registration_id == registration.id)
        .order_by(Cluster.position, Cluster.id).limit(1))


# --- writes ------------------------------------------------------------------------------------------

class NotInForum(FormError):
    """The registration or cluster named is not this forum's (or does not exist): the view says 404."""


def _person(registration: Registration) -> Person:
    return Person(id=registration.id, country=registration.country or "",
                  org_type=registration.organisation.type if registration.organisation else "",
                  preferences=tuple(registration.cluster_preferences or ()))


def auto_assign(forum: Forum, only_unassigned: bool = True) -> Plan:
    """Run the automatic pass over the forum's confirmed participants and save it.

    only_unassigned (the default) places only people in no cluster yet, so moves made by hand and
    earlier passes stay; False plans everyone again from their preferences.
    """
    lock_forum(forum.id)  # cluster places are counted after it, as registration counts seats
    clusters = list_clusters(forum)
    registrations = _confirmed(forum)
    confirmed = {registration.id: registration for registration in registrations}
    row_of: dict[int | None, ClusterAssignment] = {}  # a participant's registration_id is never None
    strays = [row for row in _participant_rows(forum) if row_of.setdefault(row.registration_id, row) is not row]
    for stray in strays:  # a participant is in one cluster of a forum: mend any duplicate
        db.session.delete(stray)
    if strays:
        db.session.flush()
    staying = [confirmed[rid] for rid in row_of if rid in confirmed] if only_unassigned else []
    cluster_of = {registration.id: row_of[registration.id].cluster_id for registration in staying}
    sizes: Counter[int] = Counter(cluster_of.values())
    countries: dict[int, Counter[str]] = defaultdict(Counter)
    org_types: dict[int, Counter[str]] = defaultdict(Counter)
    for person in map(_person, staying):
        countries[cluster_of[person.id]][person.country] += 1
        org_types[cluster_of[person.id]][person.org_type] += 1
    seats = [Seats(id=c.id, capacity=c.capacity, assigned=sizes[c.id], countries=countries[c.id],
                   org_types=org_types[c.id]) for c in clusters]
    plan = plan_assignment([_person(r) for r in registrations if r.id not in cluster_of], seats)
    for placement in plan.placements:
        row = row_of.get(placement.person_id)
        if row is None:
            db.session.add(ClusterAssignment(cluster_id=placement.cluster_id, registration_id=placement.person_id,
                                             role="participant", choice_rank=placement.rank))
        else:
            row.cluster_id, row.choice_rank = placement.cluster_id, placement.rank
    for person_id in plan.unassigned:  # only when planning everyone again: no room left for them
        if person_id in row_of:
            db.session.delete(row_of[person_id])
    db.session.flush()
    return plan


def move(forum: Forum, registration_id: int | None, cluster_id: int | None) -> tuple[Registration, Cluster | None]:
    """Move a participant by hand into a cluster of this forum, or out of any (cluster_id 0); returns
    the registration and its cluster now.

    Ids are looked up through the forum, so another forum's registration or cluster is NotInForum.
    A full cluster refuses: the organiser raises its capacity or moves someone out first.
    """
    registration = db.session.scalar(select(Registration).where(
        Registration.forum_id == forum.id, Registration.id == registration_id)) if registration_id else None
    if registration is None:
        raise NotInForum(_("There is no such registration in this forum."))
    if cluster_id == UNASSIGN:
        db.session.execute(delete(ClusterAssignment).where(
            ClusterAssignment.registration_id == registration.id,
            ClusterAssignment.cluster_id.in_(select(Cluster.id).where(Cluster.forum_id == forum.id))))
        db.session.flush()
        return registration, None
    cluster = db.session.scalar(select(Cluster).where(Cluster.forum_id == forum.id, Cluster.id == cluster_id)
                                ) if cluster_id else None
    if cluster is None:
        raise NotInForum(_("There is no such cluster in this forum."), field="cluster_id")
    if registration.status != "confirmed":
        raise FormError(_("Only confirmed participants can be placed in a cluster."), field="cluster_id")
    lock_forum(forum.id)
    if cluster.capacity is not None:
        others = db.session.scalar(select(func.count(ClusterAssignment.id)).join(
            Registration, Registration.id == ClusterAssignment.registration_id).where(
            ClusterAssignment.cluster_id == cluster.id, Registration.status == "confirmed",
            Registration.id != registration.id))
        if others >= cluster.capacity:
            raise FormError(_("“%(name)s” is full (%(fill)d of %(capacity)d). Raise its capacity or move someone "
                              "out of it first.", name=cluster.name, fill=others, capacity=cluster.capacity),
                            field="cluster_id")
    known = set(db.session.scalars(select(Cluster.id).where(Cluster.forum_id == forum.id)))
    assign_registration(cluster, registration, choice_rank(registration.cluster_preferences or (), cluster.id, known))
    return registration, cluster
