"""Schedule warnings in the manner of pretalx: rooms and people booked twice, breaks over sessions.

Pure functions over ``ItemData`` (see data.py), no database. The organiser sees the warnings next to
the items; nothing here blocks saving.

* Two items overlap when ``a.start < b.end and b.start < a.end``: touching items (one ends at
  10:00, the next starts at 10:00) do not. Cancelled items are ignored.
* ``room``: two overlapping items in the same non-empty room (compared without regard to case or
  spacing), neither of them a break type (``BREAK_TYPES``). Two breakouts in one room clash too;
  parallel breakouts in different rooms do not.
* ``break_overlap``: a pause (``PAUSE_TYPES``: a break, a meal, the group photo) and a session
  overlapping, whatever their rooms and whether they have one: a pause is for everyone, so a session
  running through it is a mistake (a pasted break never has a room). Registration is a break type
  but not a pause (people register while the opening starts): it clashes only in its own room; a
  side event is no session for everyone (``OPTIONAL_TYPES``: lunchtime side events are common) and
  clashes with a pause only in the same room. Two break types overlapping (lunch and the group photo)
  are no warning.
* ``person``: the same non-empty ``PersonData.key`` in two overlapping items, whatever the rooms.

Items are grouped by room and by person, each group sorted by start and swept once with a heap of
the items still running, so only pairs that really overlap are ever compared: O(n log n + k) for
n items and k overlapping pairs within a room or a person, instead of n² comparisons. Pauses are
swept against sessions the same way, keeping one heap of running pauses and one of running sessions,
so parallel sessions are never compared with each other there.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .data import BREAK_TYPES, OPTIONAL_TYPES, ItemData

__all__ = ["Conflict", "OPTIONAL_TYPES", "PAUSE_TYPES", "conflicts_by_item", "find_conflicts"]

KINDS = ("room", "person", "break_overlap")
PAUSE_TYPES = frozenset({"break", "meal", "group_photo"})  # everyone stops, whatever the room


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room" | "person" | "break_overlap"
    item_ids: tuple[int, ...]  # earlier item first (by start, then end, then id)
    message: str  # plain English, for the organiser


def _overlaps(a: ItemData, b: ItemData) -> bool:
    return a.start < b.end and b.start < a.end


def _order(item: ItemData) -> tuple:
    return (item.start, item.end, item.id)


def _overlapping_pairs(items: Iterable[ItemData]) -> Iterable[tuple[ItemData, ItemData]]:
    """Each overlapping pair once, earlier item first, by a sweep over items sorted by start."""
    running: list[tuple] = []  # heap of (end, position, item) for the items not over yet
    for position, item in enumerate(sorted(items, key=_order)):
        while running and running[0][0] <= item.start:
            heapq.heappop(running)
        for _end, _pos, earlier in running:  # all still running at item.start: each one overlaps
            if _overlaps(earlier, item):  # (unless item lasts no time and starts with earlier)
                yield earlier, item
        heapq.heappush(running, (item.end, position, item))


def _pause_session_pairs(items: Iterable[ItemData]) -> Iterable[tuple[ItemData, ItemData]]:
    """Each overlapping (pause, session) pair once, by one sweep keeping running pauses and running
    sessions apart: only pairs across the two heaps are compared. Break types that are not pauses
    (registration) and optional items take no part."""
    running: dict[bool, list[tuple]] = {True: [], False: []}  # is a pause -> heap of (end, position, item)
    for position, item in enumerate(sorted(items, key=_order)):
        is_pause = item.type in PAUSE_TYPES
        if not is_pause and (item.type in BREAK_TYPES or item.type in OPTIONAL_TYPES):
            continue
        others = running[not is_pause]
        while others and others[0][0] <= item.start:
            heapq.heappop(others)
        for _end, _pos, earlier in others:
            if _overlaps(earlier, item):
                yield (item, earlier) if is_pause else (earlier, item)
        heapq.heappush(running[is_pause], (item.end, position, item))


def _room_key(room: str) -> str:
    return " ".join(room.split()).casefold()


def find_conflicts(items: Sequence[ItemData]) -> list[Conflict]:
    """Room double bookings, people in two places at once and breaks over sessions.

    Sorted by the earlier item (start, end, id), then the later one, then kind; each pair of items gives
    at most one room or break_overlap warning, and one person warning per person they share.
    """
    live = [i for i in items if not i.cancelled]
    found: list[tuple[tuple, Conflict]] = []

    by_room: dict[str, list[ItemData]] = defaultdict(list)
    for item in live:
        if item.room and item.room.strip():
            by_room[_room_key(item.room)].append(item)
    for group in by_room.values():
        for a, b in _overlapping_pairs(group):
            a_break, b_break = a.type in BREAK_TYPES, b.type in BREAK_TYPES
            if a_break and b_break:
                continue
            optional = a.type in OPTIONAL_TYPES or b.type in OPTIONAL_TYPES
            if (a.type in PAUSE_TYPES or b.type in PAUSE_TYPES) and not optional:
                continue  # a pause and a session: found below, whatever their rooms
            if not a_break and not b_break:
                message = f"{a.room} is booked for “{a.title}” and “{b.title}” at the same time."
                found.append(((_order(a), _order(b)), Conflict("room", (a.id, b.id), message)))
            else:
                brk, other = (a, b) if a_break else (b, a)
                message = f"The break “{brk.title}” overlaps “{other.title}” in {brk.room}."
                found.append(((_order(a), _order(b)), Conflict("break_overlap", (a.id, b.id), message)))

    for pause, session in _pause_session_pairs(live):
        where = f" in {session.room}" if session.room.strip() else ""
        message = f"The break “{pause.title}” overlaps “{session.title}”{where}."
        first, second = sorted((pause, session), key=_order)
        found.append(((_order(first), _order(second)), Conflict("break_overlap", (first.id, second.id), message)))

    by_person: dict[str, list[ItemData]] = defaultdict(list)
    names: dict[str, str] = {}
    for item in live:
        seen: set[str] = set()
        for person in item.people:
            if person.key and person.key not in seen:
                seen.add(person.key)
                by_person[person.key].append(item)
                names.setdefault(person.key, person.name or person.key)
    for key, group in by_person.items():
        for a, b in _overlapping_pairs(group):
            message = f"{names[key]} is in “{a.title}” and “{b.title}” at overlapping times."
            found.append(((_order(a), _order(b)), Conflict("person", (a.id, b.id), message)))

    found.sort(key=lambda f: (f[0], KINDS.index(f[1].kind), f[1].item_ids, f[1].message))
    return [conflict for _, conflict in found]


def conflicts_by_item(conflicts: Iterable[Conflict]) -> dict[int, list[Conflict]]:
    """Each item id with the conflicts it is part of, in the order given."""
    out: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for item_id in dict.fromkeys(conflict.item_ids):
            out[item_id].append(conflict)
    return dict(out)
