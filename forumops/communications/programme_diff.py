"""What changed in the published programme since participants last heard, and to whom it matters.

agenda sits below communications and cannot tell it about an edit, so nothing is sent per edit: the forum
keeps a snapshot of its programme (taken when notices were turned on, and again after each digest), and the
pending changes are the differences between that snapshot and the programme now. An item edited and put back
is no change at all. Only what a participant would act on counts: time, room, title, cancellation, an item
added or removed, its cluster, the people in its roles (not its description).

A change matters to: everyone, for an item outside any cluster (a plenary, a meal); the members of the
cluster, for a cluster's breakout (of its old and new cluster, if it moved); the people who hold (or held) a
role in it (see changes.digests).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agenda.operations import person_key
from ..agenda.queries import list_items
from ..forums.models import Forum

# what a change can be, in the order a digest names them
ASPECTS = ("added", "removed", "cancelled", "restored", "time", "room", "title", "cluster", "people")


def snapshot_of(forum: Forum) -> dict[str, dict]:
    """The programme as participants see it, as JSON: item id -> what a participant would notice of it.
    Deleted items are left out (so a deletion shows as "removed"); cancelled ones stay, marked so."""
    return {str(item.id): {
        "title": item.title, "start": item.start_at.isoformat(), "end": item.end_at.isoformat(),
        "room": item.room.name if item.room else "", "status": item.status, "cluster_id": item.cluster_id,
        "cluster": item.cluster.name if item.cluster else "",
        "people": [[person_key(p.user_id, p.display_name), p.role, p.display_name, p.user_id]
                   for p in item.people]}
        for item in list_items(forum)}


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    before: dict | None  # the item as last announced (None: new)
    after: dict | None  # the item now (None: removed)
    aspects: tuple[str, ...]  # from ASPECTS

    @property
    def current(self) -> dict:
        return self.after or self.before or {}

    @property
    def everyone(self) -> bool:
        """An item outside any cluster (now or before): everyone attends it."""
        return any(version is not None and version["cluster_id"] is None for version in (self.before, self.after))

    @property
    def cluster_ids(self) -> frozenset[int]:
        return frozenset(v["cluster_id"] for v in (self.before, self.after) if v and v["cluster_id"] is not None)

    @property
    def user_ids(self) -> frozenset[int]:
        return frozenset(person[3] for v in (self.before, self.after) if v for person in v["people"] if person[3])

    @property
    def people_added(self) -> list[tuple[str, str]]:
        return _people_difference(self.after, self.before)

    @property
    def people_removed(self) -> list[tuple[str, str]]:
        return _people_difference(self.before, self.after)


def _people_difference(one: dict | None, other: dict | None) -> list[tuple[str, str]]:
    """(name, role) of the people in `one`'s roles and not in `other`'s."""
    theirs = {(person[0], person[1]) for person in (other or {}).get("people", [])}
    return [(person[2], person[1]) for person in (one or {}).get("people", []) if (person[0], person[1]) not in theirs]


def _aspects(before: dict | None, after: dict | None) -> tuple[str, ...]:
    if before is None:
        return ("added",)
    if after is None:
        return ("removed",)
    found = set()
    if before["status"] != after["status"]:
        found.add("cancelled" if after["status"] == "cancelled" else "restored")
    if (before["start"], before["end"]) != (after["start"], after["end"]):
        found.add("time")
    for aspect, key in (("room", "room"), ("title", "title"), ("cluster", "cluster_id")):
        if before[key] != after[key]:
            found.add(aspect)
    if {(p[0], p[1]) for p in before["people"]} != {(p[0], p[1]) for p in after["people"]}:
        found.add("people")
    return tuple(aspect for aspect in ASPECTS if aspect in found)


def compare(before: dict[str, dict], after: dict[str, dict]) -> list[ItemChange]:
    """Every item that differs between two snapshots, in programme order (by its time now, or its last)."""
    changes = []
    for key in before.keys() | after.keys():
        aspects = _aspects(before.get(key), after.get(key))
        if aspects:
            changes.append(ItemChange(int(key), before.get(key), after.get(key), aspects))
    return sorted(changes, key=lambda change: (change.current["start"], change.item_id))
