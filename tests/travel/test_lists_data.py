"""The lists' rows (travel.lists_queries and lists_data): arrivals on the forum's local day and hour, the rooming
list per hotel and night, the per-diem days and amounts in Decimal, the dietary and accessibility summary, and who
is never listed (erased, not confirmed)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from forumops.travel import lists_data
from forumops.travel.lists_queries import read_lists
from forumops.travel.models import TravelSettings

DAY1, DAY2, DAY3 = date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)


@pytest.fixture
def forum(create_forum):
    return create_forum(slug="mekong-2027", title="Mekong Solidarity Economy Forum", timezone="Asia/Bangkok",
                        start_date=DAY1, end_date=DAY3)


@pytest.fixture
def person(forum, create_registration):
    def make(name: str, status: str = "confirmed", **fields):
        registration, _token = create_registration(forum, name=name, notify=False, status=status, **fields)
        return registration

    return make


def names(movements) -> list[str]:
    return [m.person.name for group in movements for m in group.movements]


def test_an_arrival_is_on_the_forums_local_day_whatever_utc_says(forum, person, create_travel):
    """Bangkok is UTC+7: 23:30 on day 1 and 00:30 on day 2 are both on day 1 in UTC (16:30 and 17:30)."""
    late = create_travel(person("Sok Dara"), arrival=datetime(2027, 4, 14, 23, 30))
    early = create_travel(person("Somchai Jaidee"), arrival=datetime(2027, 4, 15, 0, 30))
    assert {late.arrival_at.astimezone(UTC).date(), early.arrival_at.astimezone(UTC).date()} == {DAY1}

    data = read_lists(forum)
    assert {p.travel.arrival_at.utcoffset().total_seconds() for p in data.people} == {7 * 3600}
    first, second = lists_data.movements(data.people, DAY1), lists_data.movements(data.people, DAY2)
    assert names(first[0].arrivals) == ["Sok Dara"]
    assert names(second[0].arrivals) == ["Somchai Jaidee"]
    assert [d.day for d in lists_data.travel_days(data.people)] == [DAY1, DAY2]


def test_arrivals_are_grouped_by_local_hour_in_time_order(forum, person, create_travel, create_hotel):
    hotel = create_hotel(forum, name="Mekong Riverside Hotel")
    for name, clock in (("Linh", (9, 50)), ("Dara", (8, 5)), ("Aung", (8, 40)), ("Bounmy", (14, 0))):
        create_travel(person(name), arrival=datetime(2027, 4, 14, *clock), arrival_from="Yangon (RGN)",
                      arrival_transport="PG 706", arrival_meet="Mai's car", hotel_id=hotel.id)
    create_travel(person("Leaving"), departure=datetime(2027, 4, 14, 8, 15), departure_to="Hanoi (HAN)")

    (day,) = lists_data.movements(read_lists(forum).people, DAY1)
    assert [(g.label, names([g])) for g in day.arrivals] == [
        ("08:00\u201308:59", ["Dara", "Aung"]), ("09:00\u201309:59", ["Linh"]), ("14:00\u201314:59", ["Bounmy"])]
    first = day.arrivals[0].movements[0]
    assert (first.place, first.transport, first.meet, first.hotel) == (
        "Yangon (RGN)", "PG 706", "Mai's car", "Mekong Riverside Hotel")
    assert [(g.label, names([g])) for g in day.departures] == [("08:00\u201308:59", ["Leaving"])]


def test_the_default_day_is_the_first_with_arrivals(forum, person, create_travel):
    create_travel(person("Gone early"), departure=datetime(2027, 4, 13, 10))
    create_travel(person("Comes"), arrival=datetime(2027, 4, 14, 10), departure=datetime(2027, 4, 16, 18))
    days = lists_data.travel_days(read_lists(forum).people)
    assert [(d.day, d.arrivals, d.departures) for d in days] == [
        (date(2027, 4, 13), 0, 1), (DAY1, 1, 0), (DAY3, 0, 1)]
    assert lists_data.default_travel_day(days) == DAY1
    assert lists_data.default_travel_day([]) is None
    everything = lists_data.movements(read_lists(forum).people, None)
    assert [d.day for d in everything] == [date(2027, 4, 13), DAY1, DAY3]


def test_erased_and_unconfirmed_people_are_on_no_list(forum, person, create_travel, create_support, create_hotel, db):
    hotel = create_hotel(forum)
    for name, status in (("Confirmed Person", "confirmed"), ("Pending Person", "pending"),
                         ("Waiting Person", "waitlisted"), ("Cancelled Person", "cancelled"),
                         ("Erased Person", "confirmed")):
        registration = person(name, status=status, dietary_needs="Halal")
        create_travel(registration, arrival=datetime(2027, 4, 14, 9), hotel_id=hotel.id, check_in=DAY1,
                      check_out=DAY2)
        create_support(registration, kind="per_diem", status="accepted", amount=20, currency="USD")
        if name == "Erased Person":
            registration.erased_at = datetime(2027, 4, 1, tzinfo=UTC)
            db.session.commit()
    data = read_lists(forum)
    assert [p.name for p in data.people] == ["Confirmed Person"]
    assert names(lists_data.movements(data.people, DAY1)[0].arrivals) == ["Confirmed Person"]
    assert [s.person.name for s in lists_data.rooming(data).hotels[0].nights[0].stays] == ["Confirmed Person"]
    assert [line.person.name for line in lists_data.per_diem_sheet(data).lines] == ["Confirmed Person"]
    assert lists_data.needs_summary(data).dietary[0].names == ["Confirmed Person"]


def test_the_rooming_list_has_each_night_from_check_in_to_the_night_before_check_out(
        forum, person, create_travel, create_hotel, create_support):
    riverside, annex = create_hotel(forum, name="Riverside", position=1), create_hotel(forum, name="Annex", position=2)
    create_travel(person("Dara"), hotel_id=riverside.id, check_in=date(2027, 4, 13), check_out=DAY3, room="412",
                  room_sharing="share_with", share_with="Sophal")
    create_travel(person("Aung"), hotel_id=riverside.id, check_in=DAY1, check_out=DAY2, room="12")
    create_travel(person("Linh"), hotel_id=riverside.id, check_in=DAY1, check_out=DAY2, room="9",
                  room_sharing="single")
    waiting = person("No Hotel Yet")
    create_support(waiting, kind="accommodation", status="accepted")
    create_travel(person("Nights Only"), check_in=DAY1, check_out=DAY2)
    create_travel(person("Hotel Only"), hotel_id=annex.id)
    declined = person("Declined")
    create_support(declined, kind="accommodation", status="declined")

    rooming = lists_data.rooming(read_lists(forum))
    river, other = rooming.hotels
    assert (river.hotel.name, other.hotel.name, other.nights) == ("Riverside", "Annex", [])
    assert [(n.night, [(s.room, s.person.name) for s in n.stays]) for n in river.nights] == [
        (date(2027, 4, 13), [("412", "Dara")]),
        (DAY1, [("9", "Linh"), ("12", "Aung"), ("412", "Dara")]),  # rooms in door order
        (DAY2, [("412", "Dara")]),  # check-out on day 3: the night of day 3 is not theirs
    ]
    assert river.people == 3
    assert rooming.placed == 3
    assert [(u.person.name, u.missing) for u in rooming.unplaced] == [
        ("Hotel Only", "nights"), ("Nights Only", "hotel"), ("No Hotel Yet", "both")]


READING_ORDER = ["Anh Tran", "Đặng Minh", "Ống Thị Hoa", "sok dara", "Zaw Min"]


def test_names_are_in_the_order_people_read_them_on_every_list(forum, person, create_support, create_travel,
                                                              create_hotel):
    """Not the database's binary order, which put "sok dara" and the Vietnamese Đ and Ố after Z: case, accents
    and tone marks aside, as the badges and the desk's search read names (core.text.search_key)."""
    hotel = create_hotel(forum, name="Riverside")
    for name in ("Zaw Min", "sok dara", "Đặng Minh", "Anh Tran", "Ống Thị Hoa"):
        registration = person(name, dietary_needs="Halal")
        create_support(registration, kind="per_diem", status="accepted", amount=10, currency="USD")
        create_support(registration, kind="accommodation", status="accepted")
        create_travel(registration, arrival=datetime(2027, 4, 14, 9, 0), hotel_id=hotel.id, check_in=DAY1,
                      check_out=DAY2)
    data = read_lists(forum)
    assert [p.name for p in data.people] == READING_ORDER
    assert [line.person.name for line in lists_data.per_diem_sheet(data).lines] == READING_ORDER
    (day,) = lists_data.movements(data.people, DAY1)
    assert [m.person.name for g in day.arrivals for m in g.movements] == READING_ORDER  # all at 09:00
    assert [s.person.name for s in lists_data.rooming(data).hotels[0].nights[0].stays] == READING_ORDER  # no rooms
    assert lists_data.needs_summary(data).dietary[0].names == READING_ORDER


def test_a_hotels_phone_is_written_as_anyone_dials_it(forum, create_hotel):
    """The hotel form stores E.164 ("+6621234567"); the rooming list, its PDF and CSV show it in groups."""
    create_hotel(forum, name="Riverside", phone="+6621234567")
    assert [hotel.phone for hotel in read_lists(forum).hotels] == ["+66 2 123 4567"]


def test_per_diem_counts_the_forum_days_each_person_is_there_in_decimal(forum, person, create_travel, create_support,
                                                                         db):
    db.session.add(TravelSettings(forum_id=forum.id, currency="THB", per_diem_rate=Decimal("1500.00")))
    db.session.commit()
    early = person("Arrives Before")  # arrives the day before, leaves after: the forum's three days
    create_travel(early, arrival=datetime(2027, 4, 13, 20), departure=datetime(2027, 4, 17, 9))
    create_support(early, kind="per_diem", status="accepted", amount="33.35", currency="USD")
    middle = person("Second Day Only")
    create_travel(middle, arrival=datetime(2027, 4, 15, 7), departure=datetime(2027, 4, 15, 21))
    create_support(middle, kind="per_diem", status="accepted", amount="33.35", currency="USD")
    no_details = person("No Details")  # the forum's days; the forum's rate and currency
    create_support(no_details, kind="per_diem", status="accepted")
    offered = person("Only Offered")
    create_support(offered, kind="per_diem", status="offered", amount=30, currency="USD")
    create_travel(person("No Per Diem"), arrival=datetime(2027, 4, 14, 8))

    sheet = lists_data.per_diem_sheet(read_lists(forum))
    lines = {line.person.name: line for line in sheet.lines}
    assert set(lines) == {"Arrives Before", "Second Day Only", "No Details"}
    assert lines["Arrives Before"].days == [DAY1, DAY2, DAY3]
    assert lines["Arrives Before"].amount == Decimal("100.05")  # 3 x 33.35 exactly: no float on the way
    assert isinstance(lines["Arrives Before"].amount, Decimal)
    assert (lines["Second Day Only"].days, lines["Second Day Only"].amount) == ([DAY2], Decimal("33.35"))
    assert (lines["No Details"].rate, lines["No Details"].currency, lines["No Details"].amount) == (
        Decimal("1500.00"), "THB", Decimal("4500.00"))
    assert sheet.totals == [("THB", Decimal("4500.00")), ("USD", Decimal("133.40"))]
    assert sheet.unpriced == 0

    day_two = lists_data.per_diem_sheet(read_lists(forum), DAY2)
    assert [(line.person.name, line.days, line.amount) for line in day_two.lines] == [
        ("Arrives Before", [DAY2], Decimal("33.35")), ("No Details", [DAY2], Decimal("1500.00")),
        ("Second Day Only", [DAY2], Decimal("33.35"))]
    assert day_two.totals == [("THB", Decimal("1500.00")), ("USD", Decimal("66.70"))]
    day_one = lists_data.per_diem_sheet(read_lists(forum), DAY1)
    assert [line.person.name for line in day_one.lines] == ["Arrives Before", "No Details"]


def test_a_per_diem_without_any_rate_is_flagged_not_counted(forum, person, create_support):
    create_support(person("Nobody Set It"), kind="per_diem", status="accepted")
    sheet = lists_data.per_diem_sheet(read_lists(forum))
    assert (sheet.lines[0].rate, sheet.lines[0].amount, sheet.unpriced, sheet.totals) == (None, None, 1, [])


def test_needs_are_counted_once_per_spelling_of_in_person_people(forum, person, create_travel):
    person("Aung", dietary_needs="Vegetarian", accessibility_needs="Wheelchair access")
    person("Bopha", dietary_needs="  vegetarian. ")
    person("Chanthy", dietary_needs="VEGETARIAN", accessibility_needs="wheelchair  access")
    person("Dao", dietary_needs="Halal", accessibility_needs="None")
    person("Online Person", dietary_needs="Vegan", attendance_mode="online")
    person("No need", dietary_needs="n/a")
    leaves = person("Leaves After Day One", dietary_needs="Halal")
    create_travel(leaves, arrival=datetime(2027, 4, 13, 18), departure=datetime(2027, 4, 14, 19))

    summary = lists_data.needs_summary(read_lists(forum))
    assert summary.people == 6
    assert [(n.label, n.count, n.names) for n in summary.dietary] == [
        ("Vegetarian", 3, ["Aung", "Bopha", "Chanthy"]), ("Halal", 2, ["Dao", "Leaves After Day One"])]
    assert [(n.label, n.count) for n in summary.accessibility] == [("Wheelchair access", 2)]

    day_two = lists_data.needs_summary(read_lists(forum), DAY2)
    assert day_two.people == 5
    assert [(n.label, n.names) for n in day_two.dietary] == [
        ("Vegetarian", ["Aung", "Bopha", "Chanthy"]), ("Halal", ["Dao"])]


def test_phone_numbers_are_read_only_when_asked_for(forum, person, db):
    from forumops.registration.models import Question

    question = Question(forum_id=forum.id, label="Mobile phone", kind="phone", position=1)
    db.session.add(question)
    db.session.commit()
    person("Sok Dara", answers={str(question.id): "+85512345678"})
    assert read_lists(forum).people[0].phone == ""
    assert read_lists(forum, with_phones=True).people[0].phone == "+855 12 345 678"
