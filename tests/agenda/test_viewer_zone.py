"""Times in the viewer's zone (issue 19): the programme is in the forum's zone; a reader can add their own zone
(chosen, or offered from the device), both are shown where the clocks differ, the choice is remembered, and the
calendar files keep the forum's TZID."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from forumops.core.i18n import ZONE_COOKIE, times_elsewhere


@pytest.fixture
def forum_in_kuala_lumpur(create_forum, create_item, db):
    forum = create_forum(slug="sse-kl", start_date=date(2027, 4, 14), end_date=date(2027, 4, 14),
                         timezone="Asia/Kuala_Lumpur")
    create_item(forum, "Opening plenary", start=time(9), end=time(10, 30), type="plenary")
    create_item(forum, "Late networking", start=time(23, 30), end=time(23, 59), type="other")
    db.session.commit()
    return forum


def programme(client, query=""):
    return client.get(f"/forums/sse-kl/agenda{query}")


def test_sopheak_adds_his_own_zone_and_sees_both_times(client, forum_in_kuala_lumpur):
    response = programme(client, "?tz=Asia/Phnom_Penh")
    page = response.get_data(as_text=True)
    assert "09:00</time>–<time" in page
    assert "10:30</time>" in page
    assert "08:00–09:30" in page  # Phnom Penh is an hour behind Kuala Lumpur
    assert "your time" in page
    assert "Asia/Phnom_Penh (UTC+07:00)" in page
    assert f"{ZONE_COOKIE}=Asia/Phnom_Penh" in response.headers["Set-Cookie"]
    again = programme(client).get_data(as_text=True)  # the cookie remembers the choice
    assert "08:00–09:30" in again
    assert '<option value="Asia/Phnom_Penh" selected>Cambodia Time</option>' in again  # named in the reader's words


def test_a_slot_that_falls_on_another_day_there_names_the_day(client, forum_in_kuala_lumpur):
    page = programme(client, "?tz=America/Los_Angeles").get_data(as_text=True)
    assert "Tue 18:00–19:30" in page  # 09:00 on Wednesday in Kuala Lumpur is Tuesday evening in California
    berlin = programme(client, "?tz=Europe/Berlin").get_data(as_text=True)
    assert ">17:30–17:59 <" in berlin  # the same day there: no day named
    start = datetime(2027, 4, 14, 23, 30, tzinfo=UTC)
    assert times_elsewhere(start, start, "UTC", "Asia/Tokyo") == "Thu 08:30–08:30"


def test_a_zone_with_the_same_clock_adds_nothing(client, forum_in_kuala_lumpur):
    page = programme(client, "?tz=Asia/Singapore").get_data(as_text=True)
    assert "your time" not in page


def test_going_back_to_the_forums_zone_forgets_the_choice(client, forum_in_kuala_lumpur):
    programme(client, "?tz=Asia/Phnom_Penh")
    response = programme(client, "?tz=forum")
    assert "your time" not in response.get_data(as_text=True)
    assert f"{ZONE_COOKIE}=;" in response.headers["Set-Cookie"]
    assert "your time" not in programme(client).get_data(as_text=True)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "<script>", "../../etc"])
def test_an_unknown_zone_is_ignored_quietly(client, forum_in_kuala_lumpur, zone):
    response = programme(client, f"?tz={zone}")
    assert response.status_code == 200
    assert "your time" not in response.get_data(as_text=True)
    assert ZONE_COOKIE not in response.headers.get("Set-Cookie", "")


def test_calendar_files_keep_the_forums_tzid_whatever_the_reader_chose(client, forum_in_kuala_lumpur):
    programme(client, "?tz=Asia/Phnom_Penh")
    calendar = client.get("/forums/sse-kl/agenda.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Kuala_Lumpur:20270414T090000" in calendar
    assert "Phnom_Penh" not in calendar


def test_the_zone_control_works_without_javascript(client, forum_in_kuala_lumpur):
    page = programme(client).get_data(as_text=True)
    assert '<form class="zone-form" method="get"' in page
    assert '<select id="tz" name="tz">' in page
    assert 'data-forum-zone="Asia/Kuala_Lumpur"' in page  # timezone.js offers the device's zone when it differs
