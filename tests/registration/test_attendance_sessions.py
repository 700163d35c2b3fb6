"""Attendance per session: a programme item's own door (the desk's scanner and name search) records who came to
that session, once; a breakout's attendance is its facilitator's tick in the cluster's notes, read from there
and never copied into a second record."""

from __future__ import annotations

import html
import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from forumops.core.errors import FormError
from forumops.core.i18n import day_in_zone
from forumops.registration import attendance, operations
from forumops.registration.models import DayAttendance, SessionAttendance

ZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser, login):
    today = day_in_zone(ZONE)
    forum = create_forum(slug="led", title="LED Training", organiser=organiser, mode="in_person",
                         start_date=today, end_date=today + timedelta(days=1), timezone=ZONE)
    login(organiser)
    return forum


@pytest.fixture
def plenary(forum, create_item):
    return create_item(forum, "Opening plenary", start=time(9), end=time(10), day=forum.start_date)


@pytest.fixture
def linh(forum, create_registration):
    return create_registration(forum, email="linh@example.org", organisation="Vietnam Women's Union",
                               notify=False)[0]


def result(page: str) -> str:
    found = re.search(r'<div id="checkin-result".*?</p>', page, re.S)
    assert found, "no result panel"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def day_note(page: str) -> str:
    """The line under the verdict saying the scan recorded the person's day too ("" when it did not)."""
    found = re.search(r'<p class="checkin-note">(.*?)</p>', page, re.S)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def door(plenary) -> str:
    return f"/forums/led/checkin/sessions/{plenary.id}"


def test_a_scan_at_a_sessions_door_records_that_session_once(client, forum, plenary, linh, db):
    page = client.get(door(plenary)).get_data(as_text=True)
    assert "Opening plenary" in page
    response = client.post(door(plenary), data={"code": linh.checkin_code})
    assert response.status_code == 200
    assert "Checked in to this session" in result(response.get_data(as_text=True))
    row = db.session.scalar(select(SessionAttendance))
    assert (row.registration_id, row.agenda_item_id, row.forum_id) == (linh.id, plenary.id, forum.id)
    clock = row.arrived_at.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")

    again = client.post(door(plenary), data={"code": linh.checkin_code}).get_data(as_text=True)
    assert f"Already in this session: arrived at {clock}" in result(again)
    assert day_note(again) == ""  # the first scan recorded the day
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 1
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 1  # the day too, once
    counts = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>([^<]+)</dd>", again))
    assert counts["In this session"] == "1"


def test_the_name_search_at_a_sessions_door(client, forum, plenary, linh, db):
    page = client.get(door(plenary), query_string={"q": "phuong"}).get_data(as_text=True)
    button = f"{door(plenary)}/{linh.id}"
    assert button in page
    response = client.post(button)
    assert response.status_code == 303  # back to the door: its address, its menu item, the result once
    assert response.headers["Location"] == door(plenary)
    page = client.get(door(plenary)).get_data(as_text=True)
    assert "Checked in to this session" in result(page)
    assert re.search(r'<a href="/forums/led/checkin" aria-current="page">Check-in desk</a>', page)
    assert "Checked in to this session" not in result(client.get(door(plenary)).get_data(as_text=True))
    page = client.get(door(plenary), query_string={"q": "phuong"}).get_data(as_text=True)
    assert button not in page
    assert "In this session since" in page


def test_unknown_and_unconfirmed_codes_are_refused_at_a_session(client, forum, plenary, linh, db):
    unknown = client.post(door(plenary), data={"code": "ZZZZ-ZZZZ-ZZZZ"}).get_data(as_text=True)
    assert "No confirmed registration has this code" in unknown
    linh.status = "cancelled"
    db.session.commit()
    refused = client.post(door(plenary), data={"code": linh.checkin_code}).get_data(as_text=True)
    assert "Not checked in: this registration was cancelled." in refused
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0


def test_a_breakout_is_not_scanned_its_record_is_the_facilitators_tick(client, forum, create_cluster, create_item,
                                                                       linh, db):
    cluster = create_cluster(forum, "Women's economic leadership")
    breakout = create_item(forum, "Working groups", type="breakout", cluster_id=cluster.id, day=forum.start_date)
    page = client.get(door(breakout)).get_data(as_text=True)
    assert "what its facilitator ticks in the cluster’s notes" in html.unescape(page)
    assert f"/forums/led/clusters/{cluster.id}" in page
    assert 'name="code"' not in page
    response = client.post(door(breakout), data={"code": linh.checkin_code})
    assert response.status_code == 422
    assert "Who came to a breakout is what its facilitator ticks" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0


def test_a_cancelled_session_or_another_forums_is_not_scanned(client, forum, plenary, linh, db, create_forum,
                                                              create_user, create_item):
    from forumops.agenda.operations import set_status

    set_status(plenary, "cancelled")
    db.session.commit()
    assert "This session has been cancelled" in client.get(door(plenary)).get_data(as_text=True)
    assert client.post(door(plenary), data={"code": linh.checkin_code}).status_code == 422
    other = create_forum(slug="other", organiser=create_user(email="other@example.org"))
    elsewhere = create_item(other, "Someone else's plenary", day=other.start_date)
    assert client.get(f"/forums/led/checkin/sessions/{elsewhere.id}").status_code == 404
    assert client.post(f"/forums/led/checkin/sessions/{elsewhere.id}/{linh.id}").status_code == 404
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0


def test_the_desk_and_the_programme_builder_link_to_each_sessions_door(client, forum, plenary, create_cluster,
                                                                         create_item):
    cluster = create_cluster(forum, "Women's economic leadership")
    create_item(forum, "Working groups", type="breakout", cluster_id=cluster.id, day=forum.start_date,
                start=time(11), end=time(12))
    desk = html.unescape(client.get("/forums/led/checkin").get_data(as_text=True))
    assert f'href="{door(plenary)}"' in desk
    assert "Working groups" in desk
    assert "in the cluster’s notes" in desk
    builder = client.get("/forums/led/agenda/manage").get_data(as_text=True)
    assert f'href="{door(plenary)}"' in builder


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_only_organisers_open_a_sessions_door(app, forum, plenary, linh, create_user, add_role, role, db):
    from tests.conftest import sign_in

    user = create_user(email=f"{role}@example.org")
    add_role(forum, user, role)
    client = app.test_client()
    sign_in(client, user)
    assert client.get(door(plenary)).status_code == 403
    assert client.post(door(plenary), data={"code": linh.checkin_code}).status_code == 403
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0


def test_a_scan_at_a_sessions_door_counts_the_persons_day_too(client, forum, plenary, linh, db):
    """Someone who went straight to the plenary, never past the desk, was at the forum that day: the session's
    scan records the day as the desk would, and the page says so."""
    page = client.post(door(plenary), data={"code": linh.checkin_code}).get_data(as_text=True)
    assert "Checked in to this session" in result(page)
    assert day_note(page) == f"Also checked in for the day: {full_day(forum.start_date)}."
    day = db.session.scalar(select(DayAttendance))
    assert (day.registration_id, day.day) == (linh.id, forum.start_date)
    assert attendance.days_attended(forum) == {linh.id: 1}
    db.session.refresh(linh)
    assert linh.checked_in_at == day.arrived_at  # their first arrival of all
    desk = client.post("/forums/led/checkin", data={"code": linh.checkin_code}).get_data(as_text=True)
    assert "Already in today: arrived at" in result(desk)


def test_a_session_scan_after_the_desk_records_no_second_day(client, forum, plenary, linh, db):
    client.post("/forums/led/checkin", data={"code": linh.checkin_code})
    page = client.post(door(plenary), data={"code": linh.checkin_code}).get_data(as_text=True)
    assert "Checked in to this session" in result(page)
    assert day_note(page) == ""
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 1


def test_a_day_row_written_by_another_desk_first_is_kept_by_a_session_scan(forum, plenary, linh, db):
    """The session's door records the day with the desk's conditional insert: a row another desk's transaction
    wrote first is left as it is, where a plain INSERT would fail on the unique key."""
    db.session.add(DayAttendance(forum_id=forum.id, registration_id=linh.id, day=forum.start_date))
    db.session.flush()
    outcome = operations.check_in_session(forum, plenary, linh)
    assert (outcome.kind, outcome.day_recorded) == ("checked_in", None)
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 1


@pytest.fixture
def past(create_forum, organiser, login, create_registration, create_item):
    """The ASEAN forum of 9 and 10 March 2017, whose paper sign-in sheets are typed in long after."""
    forum = create_forum(slug="acf-2017", title="ASEAN Community Forum 2017", organiser=organiser,
                         status="concluded", start_date=date(2017, 3, 9), end_date=date(2017, 3, 10),
                         timezone="Asia/Singapore")
    item = create_item(forum, "Women empowerment in ASEAN", start=time(10, 45), end=time(12, 15),
                       day=date(2017, 3, 10))
    linh = create_registration(forum, email="linh@example.org", notify=False)[0]
    login(organiser)
    return forum, item, linh


def test_a_sheet_typed_in_later_says_when_it_was_recorded_not_arrived_at(client, past, db):
    forum, item, linh = past
    address = f"/forums/acf-2017/checkin/sessions/{item.id}"
    first = client.post(address, data={"code": linh.checkin_code}).get_data(as_text=True)
    assert day_note(first) == f"Also checked in for the day: {full_day(date(2017, 3, 10))}."
    recorded = db.session.scalar(select(SessionAttendance.arrived_at)).astimezone(ZoneInfo("Asia/Singapore"))
    when = f"{recorded.day} {recorded:%B %Y, %H:%M}"  # "5 December 2026, 15:24"

    again = result(client.post(address, data={"code": linh.checkin_code}).get_data(as_text=True))
    assert f"Already in this session: recorded on {when}" in again
    assert "arrived at" not in again
    found = client.get(address, query_string={"q": "linh"}).get_data(as_text=True)
    assert f"Recorded on {when}" in found
    assert "In this session since" not in found

    desk = result(client.post("/forums/acf-2017/checkin", data={"code": linh.checkin_code, "day": "2017-03-10"})
                  .get_data(as_text=True))
    assert f"Already recorded present on {full_day(date(2017, 3, 10))} (recorded on {when})" in desk


def full_day(day) -> str:
    from forumops.core.i18n import format_day

    return format_day(day, "full")


@pytest.mark.parametrize(("title", "kind"), [("Lunch", "meal"), ("Coffee break", "break"),
                                             ("Group photo", "group_photo"), ("Registration", "registration")])
def test_a_break_a_meal_the_photo_or_registration_has_no_door(client, forum, plenary, linh, create_item, db, title,
                                                                kind):
    """Only what people attend gets a door: the desk lists the day's sessions without the lunch, the programme
    builder offers no check-in for it, and its address is no page."""
    pause = create_item(forum, title, type=kind, start=time(12), end=time(13), day=forum.start_date)
    desk = client.get("/forums/led/checkin").get_data(as_text=True)
    sessions = desk[desk.index('id="sessions-heading"'):]
    assert "Opening plenary" in sessions
    assert title not in sessions
    builder = client.get("/forums/led/agenda/manage").get_data(as_text=True)
    assert f'href="{door(plenary)}"' in builder
    assert f'href="{door(pause)}"' not in builder
    assert client.get(door(pause)).status_code == 404
    assert client.post(door(pause), data={"code": linh.checkin_code}).status_code == 404
    assert client.post(f"{door(pause)}/{linh.id}").status_code == 404
    with pytest.raises(FormError, match="Nobody is checked in to a break"):
        operations.check_in_session(forum, pause, linh)
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 0


def test_a_side_event_keeps_its_door(client, forum, create_item):
    """People choose to come to a side event (it counts in no certificate's hours): its door counts who did."""
    side = create_item(forum, "Film screening", type="side_event", start=time(12), end=time(13),
                       day=forum.start_date)
    desk = client.get("/forums/led/checkin").get_data(as_text=True)
    assert f'href="{door(side)}"' in desk
    assert client.get(door(side)).status_code == 200
