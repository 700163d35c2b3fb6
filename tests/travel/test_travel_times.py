"""Times on the travel form in zones other than Bangkok's: a day out of the calendar's range is said at its field (never
a 500), a time the clocks skip (spring forward) is refused at its field, a time they repeat (fall back) is kept as
the first and said so, and the arrivals list puts each arrival on its forum's local day in zones with summer time
and behind UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from forumops.travel import lists_data
from forumops.travel.details_operations import save_settings
from forumops.travel.lists_queries import read_lists
from forumops.travel.queries import travel_details_of
from tests.html_forms import forms_of

BERLIN, NEW_YORK = "berlin-2027", "new-york-2027"


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum_in(db, create_forum, mai):
    """A forum in a zone, on given days, its travel form open to those offered travel."""

    def make(slug: str, zone: str, start: date, end: date):
        forum = create_forum(slug=slug, organiser=mai, timezone=zone, start_date=start, end_date=end)
        save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "EUR"})
        db.session.commit()
        return forum

    return make


@pytest.fixture
def traveller(create_registration, create_support):
    def make(forum, name: str = "Sopheak Chan"):
        registration, token = create_registration(forum, status="confirmed", name=name, notify=False)
        create_support(registration, kind="travel")
        return registration, token

    return make


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def value(page: str, name: str) -> str:
    found = [f.value for form in forms_of(page) for f in form.fields if f.name == name]
    assert found, f"no field {name}"
    return found[0]


def own_page(forum, token: str) -> str:
    return f"/forums/{forum.slug}/registration/{token}/travel"


@pytest.mark.parametrize(("zone", "day", "clock"), [
    ("Asia/Bangkok", "0001-01-01", "00:30"),  # before UTC's first day once moved back seven hours
    ("America/New_York", "9999-12-31", "23:59"),  # after its last once moved forward five
])
def test_a_day_at_the_calendars_edge_is_said_at_its_field_not_a_500(client, login, mai, forum_in, traveller, zone,
                                                                    day, clock):
    """A browser's date picker sends such years while someone is still typing the year."""
    forum = forum_in("edge-2027", zone, date(2027, 4, 14), date(2027, 4, 16))
    registration, token = traveller(forum)
    typed = {"arrival_date": day, "arrival_time": clock, "arrival_transport": "VN 920"}
    response = client.post(own_page(forum, token), data=typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a day between" in error_beside(page, "arrival_date")
    assert value(page, "arrival_transport") == "VN 920"
    login(mai)
    desk = client.post(f"/forums/{forum.slug}/travel/registrations/{registration.id}",
                       data={f"travel-{name}": text for name, text in typed.items()})
    assert desk.status_code == 422
    assert "Choose a day between" in error_beside(desk.get_data(as_text=True), "travel-arrival_date")
    assert travel_details_of(registration) is None


@pytest.mark.parametrize(("slug", "zone", "day"), [
    (BERLIN, "Europe/Berlin", date(2027, 3, 28)),  # 02:00 -> 03:00
    (NEW_YORK, "America/New_York", date(2027, 3, 14)),  # 02:00 -> 03:00
])
def test_a_time_the_clocks_skip_is_refused_at_its_field(client, forum_in, traveller, slug, zone, day):
    forum = forum_in(slug, zone, day, day)
    registration, token = traveller(forum)
    response = client.post(own_page(forum, token), data={
        "arrival_date": day.isoformat(), "arrival_time": "02:30", "arrival_transport": "LH 772"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = error_beside(page, "arrival_time")
    assert "02:30 does not exist" in message
    assert "clocks go forward" in message
    assert zone in message
    assert (value(page, "arrival_time"), value(page, "arrival_transport")) == ("02:30", "LH 772")
    assert travel_details_of(registration) is None
    # an hour later is a time that exists, and is kept as typed
    assert client.post(own_page(forum, token), data={
        "arrival_date": day.isoformat(), "arrival_time": "03:30"}).status_code == 303
    shown = client.get(own_page(forum, token)).get_data(as_text=True)
    assert value(shown, "arrival_time") == "03:30"


@pytest.mark.parametrize(("slug", "zone", "day", "first_utc"), [
    (BERLIN, "Europe/Berlin", date(2027, 10, 31), datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # summer time, +2
    (NEW_YORK, "America/New_York", date(2027, 11, 7), datetime(2027, 11, 7, 5, 30, tzinfo=UTC)),  # daylight, -4
])
def test_a_time_the_clocks_repeat_is_kept_as_the_first_and_said_so(client, login, mai, forum_in, traveller, slug,
                                                                   zone, day, first_utc):
    forum = forum_in(slug, zone, day, day)
    registration, token = traveller(forum)
    typed = {"arrival_date": day.isoformat(), "arrival_time": "01:30" if zone == "America/New_York" else "02:30"}
    response = client.post(own_page(forum, token), data=typed, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "happens twice" in page
    assert "the first" in page
    assert travel_details_of(registration).arrival_at == first_utc
    assert value(page, "arrival_time") == typed["arrival_time"]  # shown back as typed
    login(mai)  # the organisers' copy says the same
    desk = client.post(f"/forums/{forum.slug}/travel/registrations/{registration.id}",
                       data={f"travel-{name}": text for name, text in typed.items()}, follow_redirects=True)
    assert "happens twice" in desk.get_data(as_text=True)


def test_arrivals_are_listed_on_the_forums_local_day_in_zones_with_summer_time_and_behind_utc(
        forum_in, traveller, create_travel):
    """New York is behind UTC: 23:30 on the 14th is the 15th in UTC. Berlin changes its clock on the night of the
    27th to the 28th: 01:30 (UTC+1) and 03:30 (UTC+2) are an hour apart, in that order, on the 28th."""
    new_york = forum_in(NEW_YORK, "America/New_York", date(2027, 4, 14), date(2027, 4, 16))
    late, _token = traveller(new_york, "Late Arrival")
    early, _token = traveller(new_york, "Early Arrival")
    create_travel(late, arrival=datetime(2027, 4, 14, 23, 30))
    create_travel(early, arrival=datetime(2027, 4, 15, 0, 30))
    assert travel_details_of(late).arrival_at.astimezone(UTC).date() == date(2027, 4, 15)
    people = read_lists(new_york).people
    first, second = lists_data.movements(people, date(2027, 4, 14)), lists_data.movements(people, date(2027, 4, 15))
    assert [m.person.name for g in first[0].arrivals for m in g.movements] == ["Late Arrival"]
    assert [m.person.name for g in second[0].arrivals for m in g.movements] == ["Early Arrival"]

    berlin = forum_in(BERLIN, "Europe/Berlin", date(2027, 3, 28), date(2027, 3, 29))
    for name, clock in (("After the change", (3, 30)), ("Before the change", (1, 30)), ("Night before", (23, 30))):
        registration, _token = traveller(berlin, name)
        day = date(2027, 3, 27) if name == "Night before" else date(2027, 3, 28)
        create_travel(registration, arrival=datetime.combine(day, datetime.min.time()).replace(
            hour=clock[0], minute=clock[1]))
    (day,) = lists_data.movements(read_lists(berlin).people, date(2027, 3, 28))
    assert [(g.label, [m.person.name for m in g.movements]) for g in day.arrivals] == [
        ("01:00\u201301:59", ["Before the change"]), ("03:00\u201303:59", ["After the change"])]
    assert [d.day for d in lists_data.travel_days(read_lists(berlin).people)] == [date(2027, 3, 27),
                                                                                 date(2027, 3, 28)]
