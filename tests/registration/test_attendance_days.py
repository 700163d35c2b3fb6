"""Attendance day by day at the check-in desk: the first scan of a day records the person present that day (in
the forum's time zone), a second scan the same day says "already in today" and when, the next day counts again,
an organiser may record for any day of the forum (a paper sign-in sheet typed in afterwards), and two desks
scanning the same badge at once make one record."""

from __future__ import annotations

import html
import re
import threading
import traceback
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from forumops.core.i18n import day_in_zone
from forumops.registration import attendance, operations
from forumops.registration.models import DayAttendance, Registration
from tests.conftest import count_queries

ZONE = "Asia/Ho_Chi_Minh"
VWU = "Vietnam Women's Union"


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def today():
    return day_in_zone(ZONE)


@pytest.fixture
def forum(create_forum, organiser, login, today):
    """A three-day training that started yesterday: today is its second day."""
    forum = create_forum(slug="led-training", title="LED Training", status="registration_open", organiser=organiser,
                         mode="in_person", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1),
                         timezone=ZONE)
    login(organiser)
    return forum


@pytest.fixture
def linh(forum, create_registration):
    return create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]


def scan(client, code: str, day=None):
    data = {"code": code} | ({"day": day.isoformat()} if day else {})
    response = client.post("/forums/led-training/checkin", data=data)
    return response, response.get_data(as_text=True)


def shown(page: str, element_id: str = "checkin-result") -> str:
    """The text of one part of the page, tags dropped, white space collapsed."""
    found = re.search(rf'<(\w+) id="{element_id}".*?</\1>', page, re.S)
    assert found, f"no #{element_id}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def days_of(db, registration) -> list:
    return list(db.session.scalars(select(DayAttendance.day).where(DayAttendance.registration_id == registration.id)
                                   .order_by(DayAttendance.day)))


def clock(moment) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")


def test_the_first_scan_of_the_day_records_the_person_present_today(client, forum, linh, db, today):
    response, page = scan(client, linh.checkin_code)
    assert response.status_code == 200
    assert "Checked in for today" in shown(page)
    assert days_of(db, linh) == [today]
    db.session.refresh(linh)
    row = db.session.scalar(select(DayAttendance))
    assert linh.checked_in_at == row.arrived_at  # the first arrival of all is this one
    assert row.recorded_by_id is not None


def test_a_second_scan_the_same_day_says_already_in_today_and_since_when(client, forum, linh, db, today):
    scan(client, linh.checkin_code)
    first = db.session.scalar(select(DayAttendance.arrived_at))
    response, page = scan(client, linh.checkin_code)
    assert response.status_code == 200
    assert f"Already in today: arrived at {clock(first)}" in shown(page)
    assert "checkin-result-already" in page
    assert days_of(db, linh) == [today]


def test_the_next_day_counts_again_and_the_first_arrival_stays(client, forum, linh, db, today):
    yesterday = today - timedelta(days=1)
    operations.check_in(forum, linh, yesterday)  # yesterday's desk
    db.session.commit()
    first = db.session.get(Registration, linh.id).checked_in_at
    _response, page = scan(client, linh.checkin_code)
    assert "Checked in for today" in shown(page)
    assert days_of(db, linh) == [yesterday, today]
    db.session.refresh(linh)
    assert linh.checked_in_at == first
    assert attendance.days_attended(forum) == {linh.id: 2}


def test_the_desk_records_for_the_day_an_organiser_chooses(client, forum, linh, db, today):
    tomorrow = today + timedelta(days=1)
    page = client.get("/forums/led-training/checkin").get_data(as_text=True)
    assert f"Recording for: {forum_day(today)}" in shown(page, "day-heading")
    assert "Not today." not in page
    assert "(today)" in page  # the chooser marks today among the three days

    page = client.get("/forums/led-training/checkin", query_string={"day": tomorrow.isoformat()}).get_data(
        as_text=True)
    assert f"Recording for: {forum_day(tomorrow)}" in shown(page, "day-heading")
    assert "Not today." in page
    assert f'name="day" value="{tomorrow.isoformat()}"' in page  # the scan form posts the chosen day
    _response, page = scan(client, linh.checkin_code, tomorrow)
    assert f"Recorded present on {forum_day(tomorrow)}" in shown(page)
    assert days_of(db, linh) == [tomorrow]
    _response, page = scan(client, linh.checkin_code, tomorrow)
    assert f"Already recorded present on {forum_day(tomorrow)}" in shown(page)


def test_a_day_typed_in_afterwards_says_when_it_was_recorded_in_full(client, forum, linh, db, today):
    """Yesterday's paper sheet typed in today: the record's time is not when they arrived, so the desk gives
    the moment it was recorded, date and time, as a sentence says it."""
    yesterday = today - timedelta(days=1)
    scan(client, linh.checkin_code, yesterday)
    recorded = db.session.scalar(select(DayAttendance.arrived_at)).astimezone(ZoneInfo(ZONE))
    _response, page = scan(client, linh.checkin_code, yesterday)
    said = shown(page)
    assert (f"Already recorded present on {forum_day(yesterday)} "
            f"(recorded on {recorded.day} {recorded:%B %Y, %H:%M})") in said
    assert "arrived at" not in said


def test_the_name_search_button_records_for_the_chosen_day(client, forum, linh, db, today):
    yesterday = today - timedelta(days=1)
    page = client.get("/forums/led-training/checkin",
                      query_string={"day": yesterday.isoformat(), "q": "linh"}).get_data(as_text=True)
    assert f'/forums/led-training/checkin/{linh.id}"' in page
    response = client.post(f"/forums/led-training/checkin/{linh.id}", data={"day": yesterday.isoformat()},
                           follow_redirects=True)
    assert "Recorded present on" in shown(response.get_data(as_text=True))
    assert days_of(db, linh) == [yesterday]
    page = client.get("/forums/led-training/checkin",
                      query_string={"day": yesterday.isoformat(), "q": "linh"}).get_data(as_text=True)
    assert f'/forums/led-training/checkin/{linh.id}"' not in page
    assert "Present that day" in page


def test_after_the_button_the_address_is_the_desks_and_its_menu_item_stays_lit(client, forum, linh, db, today):
    """Checking someone in by name comes back to the desk (redirect after POST): the address is the desk's, so
    a reload records nothing twice, "Check-in desk" stays the current page, and the result is shown once."""
    yesterday = today - timedelta(days=1)
    response = client.post(f"/forums/led-training/checkin/{linh.id}", data={"day": yesterday.isoformat()})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/forums/led-training/checkin?day={yesterday.isoformat()}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Recorded present on {forum_day(yesterday)}" in shown(page)
    assert re.search(r'<a href="/forums/led-training/checkin" aria-current="page">Check-in desk</a>', page)
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Recorded present on" not in shown(again)  # said once
    today_page = client.post(f"/forums/led-training/checkin/{linh.id}", data={"day": today.isoformat()})
    assert today_page.headers["Location"] == "/forums/led-training/checkin"  # today: the desk's own address
    assert "Checked in for today" in shown(client.get("/forums/led-training/checkin").get_data(as_text=True))
    assert days_of(db, linh) == [yesterday, today]


def test_a_refused_button_keeps_the_desks_menu_item_lit(client, forum, linh):
    response = client.post(f"/forums/led-training/checkin/{linh.id}", data={"day": "2001-01-01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That is not a day of this forum" in page
    assert re.search(r'<a href="/forums/led-training/checkin" aria-current="page">Check-in desk</a>', page)


def test_a_day_outside_the_forum_is_refused_with_a_message_and_nothing_recorded(client, forum, linh, db, today):
    response, page = scan(client, linh.checkin_code, today + timedelta(days=5))
    assert response.status_code == 422
    assert "That is not a day of this forum" in page
    assert days_of(db, linh) == []
    # a day in the address that is not the forum's: the desk records for today
    page = client.get("/forums/led-training/checkin", query_string={"day": "2001-01-01"}).get_data(as_text=True)
    assert f"Recording for: {forum_day(today)}" in shown(page, "day-heading")
    with pytest.raises(Exception, match="Choose a day of the forum"):
        operations.check_in(forum, linh, today + timedelta(days=5))


def test_outside_the_forum_days_the_desk_records_for_the_first_day(create_forum, organiser, client, login, today,
                                                                   create_registration, db):
    later = create_forum(slug="later", organiser=organiser, start_date=today + timedelta(days=30),
                         end_date=today + timedelta(days=32), timezone=ZONE)
    login(organiser)
    page = client.get("/forums/later/checkin").get_data(as_text=True)
    assert f"Recording for: {forum_day(later.start_date)}" in shown(page, "day-heading")
    assert "Not today." not in page  # today is not one of its days: nothing to warn about


def test_the_desk_counts_the_chosen_days_arrivals_against_the_confirmed_in_person(
        client, forum, db, today, create_registration):
    people = [create_registration(forum, email=f"p{i}@example.org", name=f"Person {i}", notify=False)[0]
              for i in range(4)]
    for person in people[:3]:
        operations.check_in(forum, person, today - timedelta(days=1))
    db.session.commit()
    scan(client, people[0].checkin_code)

    def counts(day):
        page = client.get("/forums/led-training/checkin", query_string={"day": day.isoformat()}).get_data(
            as_text=True)
        return dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>([^<]+)</dd>", page))

    assert counts(today) == {"Confirmed in person": "4", "In today": "1", "Still to come": "3"}
    assert counts(today - timedelta(days=1)) == {"Confirmed in person": "4", "Present that day": "3",
                                                 "Not recorded": "1"}


def test_the_desk_breaks_the_days_arrivals_down_by_category_in_one_query(
        client, forum, db, today, create_registration):
    """Beside the day's totals, who came by participant category, against those confirmed in person; the
    full report is a link away. Counting takes one query however many people there are."""
    people = [create_registration(forum, email=f"p{i}@example.org", name=f"Person {i}", category=category,
                                  notify=False)[0]
              for i, category in enumerate(["civil_society", "civil_society", "civil_society", "government",
                                            "media", "media"])]
    for person in (people[0], people[3], people[4]):
        operations.check_in(forum, person, today)
    operations.check_in(forum, people[1], today - timedelta(days=1))  # another day: not today's
    db.session.commit()
    page = client.get("/forums/led-training/checkin").get_data(as_text=True)
    section = re.search(r'<section aria-labelledby="categories-heading".*?</section>', page, re.S).group(0)
    cells = [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
              for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
             for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)]
    assert cells == [["Category", "In today", "Confirmed in person"],
                     ["Civil-society representative", "1", "3"], ["Media", "1", "2"], ["Government", "1", "1"]]
    assert 'href="/forums/led-training/attendance"' in section
    assert count_queries(db, lambda: attendance.day_counts(forum, today)) == 1


def test_a_row_written_by_another_desk_first_makes_this_scan_say_already(forum, linh, db, today):
    """The conditional insert: a desk that finds the day's row already there (written by another desk's
    transaction) inserts nothing and says "already", where a plain INSERT would fail on the unique key."""
    db.session.add(DayAttendance(forum_id=forum.id, registration_id=linh.id, day=today))
    db.session.flush()
    outcome = operations.check_in(forum, linh, today)
    assert outcome.kind == "already"
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 1


def forum_day(day) -> str:
    """A date as the desk writes it in English: "Wednesday, 14 April 2027"."""
    from forumops.core.i18n import format_day

    return format_day(day, "full")


@pytest.mark.commits  # threads: each desk's request commits on its own connection
def test_two_desks_scanning_the_same_badge_at_once_make_one_record(app, create_forum, create_user,
                                                                   create_registration, db, today):
    from tests.conftest import sign_in

    organiser = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug="race", organiser=organiser, start_date=today, end_date=today, timezone=ZONE)
    linh = create_registration(forum, email="linh@example.org", notify=False)[0]
    code = linh.checkin_code
    desks = 6
    clients = []
    for _desk in range(desks):
        client = app.test_client()
        sign_in(client, organiser)
        clients.append(client)
    db.session.commit()
    barrier = threading.Barrier(desks, timeout=30)
    results: list = [None] * desks
    errors: list[str] = []

    def desk(i):
        try:
            barrier.wait()  # every desk scans at the same instant
            response = clients[i].post("/forums/race/checkin", data={"code": code})
            results[i] = (response.status_code, shown(response.get_data(as_text=True)))
        except Exception:  # noqa: BLE001 - collected and asserted below
            errors.append(traceback.format_exc())
            barrier.abort()

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(desks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [status for status, _text in results] == [200] * desks
    verdicts = sorted("Checked in for today" in text for _status, text in results)
    assert verdicts == [False] * (desks - 1) + [True]
    db.session.rollback()  # a fresh transaction sees what the desks committed
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 1
    assert db.session.scalar(select(Registration.checked_in_at)) is not None


def test_days_outside_the_forums_dates_are_not_counted(client, forum, linh, db, today):
    """The forum's dates moved after the desk recorded a day: that day is no longer one of the forum's, so it
    counts neither in the person's days attended (the certificates' rule) nor as a column of the report."""
    before = forum.start_date - timedelta(days=3)
    db.session.add(DayAttendance(forum_id=forum.id, registration_id=linh.id, day=before))
    operations.check_in(forum, linh, today)
    db.session.commit()
    assert attendance.days_attended(forum) == {linh.id: 1}
    page = client.get("/forums/led-training/attendance").get_data(as_text=True)
    assert "Day 4" not in page
    assert f"{before.day} {before:%b}" not in page  # the report's heading of that day, "Mon 2 Mar"
    grid = client.get("/forums/led-training/attendance.csv").data.decode("utf-8-sig").splitlines()
    assert before.isoformat() not in grid[0]
    assert grid[0].count("Day ") == 3
