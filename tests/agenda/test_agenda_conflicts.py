"""Schedule warnings: rooms and people booked twice, breaks over sessions, and a sweep, not n²."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import forumops.agenda.conflicts as conflicts_module
from forumops.agenda.conflicts import Conflict, conflicts_by_item, find_conflicts
from forumops.agenda.data import ItemData, PersonData

DAY = datetime(2015, 4, 25, tzinfo=UTC)


def at(hhmm: str) -> datetime:
    hours, minutes = hhmm.split(":")
    return DAY + timedelta(hours=int(hours), minutes=int(minutes))


def item(id_: int, title: str, start: str, end: str, *, type_: str = "other", room: str = "Conference Room",
         people: tuple[PersonData, ...] = (), cancelled: bool = False, cluster: str = "") -> ItemData:
    return ItemData(id=id_, uid=f"{id_}@forumops", title=title, type=type_, start=at(start), end=at(end),
                    room=room, people=people, cancelled=cancelled, cluster=cluster)


TAN = PersonData(name="Dr Jun E Tan", role="speaker", organisation="ISIS", key="guest:jun e tan")


def test_room_double_booking():
    found = find_conflicts([
        item(1, "Panel", "09:30", "11:00", type_="panel"),
        item(2, "Case study presentations", "10:30", "12:00", type_="case_study_presentations"),
    ])
    assert found == [Conflict(
        "room", (1, 2), "Conference Room is booked for “Panel” and “Case study presentations” at the same time.",
    )]


def test_room_names_compare_without_case_or_spacing():
    found = find_conflicts([item(1, "A", "09:00", "10:00", room="Conference  Room"),
                            item(2, "B", "09:30", "10:30", room="conference room")])
    assert [c.kind for c in found] == ["room"]


def test_items_without_a_room_never_clash_on_rooms():
    assert find_conflicts([item(1, "A", "09:00", "10:00", room=""), item(2, "B", "09:00", "10:00", room=""),
                           item(3, "C", "09:00", "10:00", room="  ")]) == []


def test_person_double_booking_across_rooms():
    found = find_conflicts([
        item(1, "Panel", "09:30", "11:00", type_="panel", room="Hall A", people=(TAN,)),
        item(2, "Open forum", "10:45", "12:00", type_="open_forum", room="Hall B",
             people=(PersonData(name="Jun E Tan", role="discussant", key="guest:jun e tan"),)),
    ])
    assert found == [Conflict("person", (1, 2), "Dr Jun E Tan is in “Panel” and “Open forum” at overlapping times.")]


def test_person_twice_in_one_item_is_not_a_conflict_and_empty_keys_are_ignored():
    nameless = PersonData(name="ILO Representative", role="panellist", key="")
    found = find_conflicts([
        item(1, "Panel", "09:00", "10:00", room="A", people=(TAN, TAN, nameless)),
        item(2, "Other", "09:00", "10:00", room="B", people=(nameless,)),
    ])
    assert found == []


def test_break_overlapping_a_session_in_the_same_room():
    found = find_conflicts([
        item(1, "Open forum", "14:30", "15:10", type_="open_forum"),
        item(2, "Coffee/tea break", "15:00", "15:15", type_="break"),
    ])
    assert found == [Conflict("break_overlap", (1, 2),
                              "The break “Coffee/tea break” overlaps “Open forum” in Conference Room.")]


def test_breaks_overlapping_each_other_are_fine():
    # the seed programme: the group photo at 12.00 (a default 15 minutes) and lunch 12.00-13.00
    assert find_conflicts([item(1, "Group photo", "12:00", "12:15", type_="group_photo"),
                           item(2, "Lunch", "12:00", "13:00", type_="meal")]) == []


def test_a_break_is_for_everyone_whatever_the_rooms():
    """A pasted break has no room; a coffee break in the foyer still stops every session (issue 14 #5)."""
    found = find_conflicts([
        item(1, "Breakout session 1", "14:00", "15:30", type_="breakout", room="Room 3", cluster="MSME"),
        item(2, "Coffee break", "15:00", "15:15", type_="break", room=""),
        item(3, "Plenary", "15:00", "16:00", type_="plenary", room="Hall A"),
        item(4, "Lunch", "12:00", "13:00", type_="meal", room="Foyer"),
        item(5, "Working lunch", "12:30", "13:30", type_="plenary", room=""),
    ])
    assert found == [
        Conflict("break_overlap", (4, 5), "The break “Lunch” overlaps “Working lunch”."),
        Conflict("break_overlap", (1, 2), "The break “Coffee break” overlaps “Breakout session 1” in Room 3."),
        Conflict("break_overlap", (2, 3), "The break “Coffee break” overlaps “Plenary” in Hall A."),
    ]


def test_a_side_event_may_run_through_lunch_but_not_in_its_room():
    assert find_conflicts([item(1, "Lunch", "12:00", "13:00", type_="meal", room="Foyer"),
                           item(2, "Side meeting", "12:30", "13:30", type_="side_event", room="Room 2")]) == []
    found = find_conflicts([item(1, "Lunch", "12:00", "13:00", type_="meal", room="Foyer"),
                            item(2, "Side meeting", "12:30", "13:30", type_="side_event", room="foyer")])
    assert [(c.kind, c.item_ids) for c in found] == [("break_overlap", (1, 2))]


def test_registration_clashes_only_in_its_own_room():
    # people still register at the desk while the opening starts in the hall
    assert find_conflicts([item(1, "Registration", "08:00", "09:30", type_="registration", room="Foyer"),
                           item(2, "Opening", "09:00", "10:00", type_="opening_session", room="Hall A"),
                           item(3, "Coffee", "09:15", "09:30", type_="break", room="")]) == [
        Conflict("break_overlap", (2, 3), "The break “Coffee” overlaps “Opening” in Hall A.")]
    found = find_conflicts([item(1, "Registration", "08:00", "09:30", type_="registration", room="Hall A"),
                            item(2, "Opening", "09:00", "10:00", type_="opening_session", room="Hall A")])
    assert [(c.kind, c.item_ids) for c in found] == [("break_overlap", (1, 2))]


def test_touching_items_are_not_a_conflict():
    assert find_conflicts([
        item(1, "Open forum", "11:00", "12:00", type_="open_forum", people=(TAN,)),
        item(2, "Case studies", "12:00", "13:00", type_="case_study_presentations", people=(TAN,)),
        item(3, "Coffee", "13:00", "13:15", type_="break"),
    ]) == []


def test_cancelled_items_are_ignored():
    assert find_conflicts([
        item(1, "Panel", "09:30", "11:00", people=(TAN,)),
        item(2, "Dropped panel", "09:30", "11:00", people=(TAN,), cancelled=True),
        item(3, "Dropped coffee", "10:00", "10:15", type_="break", cancelled=True),
    ]) == []


def test_parallel_breakouts_in_different_rooms_are_fine_but_not_in_the_same_room():
    breakouts = [item(10 + n, f"Cluster {n}", "14:00", "15:30", type_="breakout", room=f"Room {n}",
                      cluster=f"Cluster {n}") for n in range(1, 5)]
    assert find_conflicts(breakouts) == []
    clash = item(20, "Cluster 5", "15:00", "16:00", type_="breakout", room="Room 2", cluster="Cluster 5")
    found = find_conflicts([*breakouts, clash])
    assert [(c.kind, c.item_ids) for c in found] == [("room", (12, 20))]


def test_room_and_person_together_and_three_way_overlaps():
    found = find_conflicts([
        item(1, "A", "09:00", "10:00", people=(TAN,)),
        item(2, "B", "09:30", "10:30", people=(TAN,)),
        item(3, "C", "09:45", "11:00"),
    ])
    assert [(c.kind, c.item_ids) for c in found] == [
        ("room", (1, 2)), ("person", (1, 2)), ("room", (1, 3)), ("room", (2, 3)),
    ]


def test_point_in_time_item_at_the_start_of_another_does_not_overlap_it():
    # start < other.end and other.start < end: a zero-length item at 10:00 meets 10:00-11:00 only at its edge
    assert find_conflicts([item(1, "Session", "10:00", "11:00"), item(2, "Photo call", "10:00", "10:00")]) == []
    found = find_conflicts([item(1, "Session", "10:00", "11:00"), item(2, "Photo call", "10:30", "10:30")])
    assert [c.item_ids for c in found] == [(1, 2)]


def test_conflicts_by_item():
    found = find_conflicts([
        item(1, "A", "09:00", "10:00", people=(TAN,)),
        item(2, "B", "09:30", "10:30", people=(TAN,)),
        item(3, "C", "12:00", "13:00"),
    ])
    grouped = conflicts_by_item(found)
    assert set(grouped) == {1, 2}
    assert grouped[1] == grouped[2] == found
    assert conflicts_by_item([]) == {}


def test_output_is_sorted_and_independent_of_input_order():
    items = [item(n, f"Item {n}", f"{9 + n % 5:02d}:00", f"{10 + n % 5:02d}:30", room=f"R{n % 3}",
                  people=(TAN,) if n % 4 == 0 else ()) for n in range(1, 30)]
    assert find_conflicts(items) == find_conflicts(list(reversed(items)))


def test_two_thousand_items_are_swept_not_compared_pairwise(monkeypatch):
    """20 rooms with 100 consecutive half-hour items each, one person per room all day, and a
    roving speaker booked twice: a pairwise check would make ~2,000,000 comparisons."""
    calls = 0
    real = conflicts_module._overlaps

    def counting(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(conflicts_module, "_overlaps", counting)
    items = []
    for room in range(20):
        host = PersonData(name=f"Host {room}", role="chair", key=f"guest:host {room}")
        for slot in range(100):
            start = DAY + timedelta(minutes=30 * slot)
            items.append(ItemData(id=room * 100 + slot, uid=f"{room}-{slot}", title=f"R{room} S{slot}",
                                  type="breakout", start=start, end=start + timedelta(minutes=30),
                                  room=f"Room {room}", people=(host,)))
    roving = PersonData(name="Roving", role="speaker", key="guest:roving")
    items[5] = replace(items[5], people=(roving,))
    items[105] = replace(items[105], people=(roving,))
    assert len(items) == 2000

    found = find_conflicts(items)

    assert [(c.kind, c.item_ids) for c in found] == [("person", (5, 105))]
    assert calls == 1  # only overlapping pairs in one room or of one person are compared
