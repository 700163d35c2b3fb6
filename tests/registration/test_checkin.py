"""The check-in desk: a code typed or scanned marks a confirmed person arrived, once a day; or find them by name.
The forum here runs today and tomorrow in its zone, so the desk records for today (the day chooser and the days
themselves: tests/registration/test_attendance_days.py)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from forumops.core.i18n import day_in_zone
from forumops.core.models import utcnow
from forumops.core.text import search_key
from forumops.registration import seats
from forumops.registration.models import Registration

VWU = "Vietnam Women's Union"  # the organisation of everyone registered here, unless a test says otherwise
ZONE = "Asia/Jakarta"


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser, client, login):
    today = day_in_zone(ZONE)
    forum = create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open",
                         organiser=organiser, mode="hybrid", start_date=today,
                         end_date=today + timedelta(days=1), timezone=ZONE)
    login(organiser)
    return forum


def scan(client, code: str):
    response = client.post("/forums/acf/checkin", data={"code": code})
    return response, response.get_data(as_text=True)


def result_panel(page: str) -> str:
    """The text of the live region the desk announces, tags dropped, white space collapsed."""
    panel = re.search(r'<div id="checkin-result".*?(?=<section)', page, re.S)
    assert panel, "no result panel"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", panel.group(0))).split())


def local_time(moment) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")


def test_a_scan_checks_in_once_and_a_second_scan_says_when(client, forum, db, create_registration):
    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    response, page = scan(client, linh.checkin_code)
    assert response.status_code == 200
    shown = result_panel(page)
    assert "Checked in for today" in shown
    assert "Nguyễn Phương Linh" in shown
    assert "Vietnam Women's Union" in shown
    assert "Civil-society representative" in shown
    assert "In person" in shown
    assert 'role="status"' in page
    assert 'aria-live="polite"' in page
    db.session.refresh(linh)
    first = linh.checked_in_at
    assert first is not None

    response, page = scan(client, linh.checkin_code)
    shown = result_panel(page)
    assert f"Already in today: arrived at {local_time(first)}" in shown
    assert "Checked in for today" not in shown
    assert "checkin-result-already" in page
    db.session.refresh(linh)
    assert linh.checked_in_at == first  # the first arrival stands


def test_the_code_input_is_empty_and_focused_again_after_a_scan(client, forum, db, create_registration):
    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    _response, page = scan(client, linh.checkin_code)
    code_input = re.search(r'<input[^>]*id="code"[^>]*>', page).group(0)
    assert "autofocus" in code_input
    assert 'value="' not in code_input.replace('value=""', "")
    assert 'aria-describedby="checkin-result' in code_input  # focus lands on the input; readers hear the result


def test_unknown_code_is_refused_and_echoed(client, forum, db, create_registration):
    create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)
    _response, page = scan(client, "ZZZZ-ZZZZ-ZZZZ")
    shown = result_panel(page)
    assert "No confirmed registration has this code" in shown
    assert "ZZZZ-ZZZZ-ZZZZ" in shown
    assert "checkin-result-unknown" in page
    assert db.session.scalar(select(Registration.checked_in_at)) is None


def test_an_empty_scan_asks_for_a_code(client, forum):
    response, page = scan(client, "   ")
    assert response.status_code == 422
    assert "Type or scan a check-in code." in page


def test_waitlisted_and_cancelled_people_are_not_checked_in(client, forum, db, create_registration):
    settings = seats.settings_for(forum)
    settings.capacity = 1
    db.session.commit()
    create_registration(forum, email="first@example.org", name="First Person", organisation=VWU, notify=False)
    waiting = create_registration(forum, email="wait@example.org", name="Somchai Jaidee", organisation=VWU,
                                  notify=False)[0]
    assert waiting.status == "waitlisted"
    _response, page = scan(client, waiting.checkin_code)
    shown = result_panel(page)
    assert "Not checked in: this person is on the waiting list." in shown
    assert "Somchai Jaidee" in shown
    assert "checkin-result-refused" in page

    seats.cancel(forum, waiting, notify=False)
    db.session.commit()
    _response, page = scan(client, waiting.checkin_code)
    assert "Not checked in: this registration was cancelled." in result_panel(page)
    db.session.refresh(waiting)
    assert waiting.checked_in_at is None


def test_codes_match_whatever_the_case_spaces_and_dashes(client, forum, db, create_registration):
    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    code = linh.checkin_code
    typed = f" {code[:4].lower()} {code[4:8]}-{code[8:].lower()} "
    _response, page = scan(client, typed)
    assert "Checked in for today" in result_panel(page)


def test_someone_checked_in_on_an_earlier_day_is_checked_in_for_today(client, forum, db, create_registration):
    """Before days were counted, a registration kept one arrival: a scan today is today's, and that first
    arrival of all stays."""
    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    yesterday = utcnow() - timedelta(days=1)
    linh.checked_in_at = yesterday
    db.session.commit()
    _response, page = scan(client, linh.checkin_code)
    assert "Checked in for today" in result_panel(page)
    db.session.refresh(linh)
    assert linh.checked_in_at == yesterday


def test_name_search_ignores_case_accents_and_word_order(client, forum, db, create_registration):
    create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)
    create_registration(forum, email="dara@example.org", name="សុខ ដារ៉ា", organisation="Cambodian Youth Network",
                        notify=False)
    for query in ("phương", "PHƯƠNG", "nguyen", "Linh Nguyễn", "nguye\u0302\u0303n"):
        page = client.get("/forums/acf/checkin", query_string={"q": query}).get_data(as_text=True)
        assert "Nguyễn Phương Linh" in page, query
        assert "សុខ ដារ៉ា" not in page, query
    khmer = client.get("/forums/acf/checkin", query_string={"q": "ដារ៉ា"}).get_data(as_text=True)
    assert "សុខ ដារ៉ា" in khmer
    nobody = client.get("/forums/acf/checkin", query_string={"q": "Tanaka"}).get_data(as_text=True)
    assert "Nobody registered for this forum has a name matching" in nobody


def test_search_key_folds_vietnamese():
    assert search_key("Đặng Thị Ngọc Thịnh") == "dang thi ngoc thinh"
    assert search_key("  NGUYỄN   Phương ") == "nguyen phuong"


def test_search_then_check_in_by_button(client, forum, db, create_registration):
    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    page = client.get("/forums/acf/checkin", query_string={"q": "linh"}).get_data(as_text=True)
    assert f'/forums/acf/checkin/{linh.id}"' in page
    response = client.post(f"/forums/acf/checkin/{linh.id}", follow_redirects=True)
    assert response.status_code == 200
    assert "Checked in for today" in result_panel(response.get_data(as_text=True))
    page = client.get("/forums/acf/checkin", query_string={"q": "linh"}).get_data(as_text=True)
    assert f'/forums/acf/checkin/{linh.id}"' not in page
    db.session.refresh(linh)
    assert f"In today since {local_time(linh.checked_in_at)}" in page


def test_search_shows_why_a_waitlisted_person_has_no_button(client, forum, db, create_registration):
    settings = seats.settings_for(forum)
    settings.capacity = 0
    db.session.commit()
    waiting = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    page = client.get("/forums/acf/checkin", query_string={"q": "linh"}).get_data(as_text=True)
    assert "On the waiting list" in page
    assert f"/checkin/{waiting.id}" not in page


def test_another_forums_registration_is_404(client, forum, db, create_forum, create_user, create_registration):
    other = create_forum(slug="other", status="registration_open", organiser=create_user(email="o@example.org"))
    stranger = create_registration(other, email="stranger@example.org", name="Stranger", organisation=VWU,
                                   notify=False)[0]
    assert client.post(f"/forums/acf/checkin/{stranger.id}").status_code == 404
    _response, page = scan(client, stranger.checkin_code)
    assert "No confirmed registration has this code" in result_panel(page)
    db.session.refresh(stranger)
    assert stranger.checked_in_at is None


def test_counts_of_confirmed_checked_in_and_remaining_by_mode(client, forum, db, create_registration):
    people = [create_registration(forum, email=f"p{i}@example.org", name=f"Person {i}", organisation=VWU,
                                  attendance_mode="online" if i == 2 else "in_person",
                                  notify=False)[0] for i in range(3)]
    settings = seats.settings_for(forum)
    settings.capacity = 3
    db.session.commit()
    create_registration(forum, email="late@example.org", name="Late Person", organisation=VWU,
                        notify=False)  # waitlisted: not counted
    scan(client, people[0].checkin_code)
    page = client.get("/forums/acf/checkin").get_data(as_text=True)
    counts = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>([^<]+)</dd>", page))
    assert counts["Confirmed in person"] == "2"
    assert counts["In today"] == "1"
    assert counts["Still to come"] == "1"
    assert counts["In person"] == "1 of 2"
    assert counts["Online"] == "0 of 1"


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_people_without_the_organiser_role_cannot_use_the_desk(app, forum, db, create_user, add_role, role,
                                                               create_registration):
    from tests.conftest import sign_in

    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    user = create_user(email=f"{role}@example.org")
    add_role(forum, user, role)
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/forums/acf/checkin").status_code == 403
    assert client.post("/forums/acf/checkin", data={"code": linh.checkin_code}).status_code == 403
    assert client.post(f"/forums/acf/checkin/{linh.id}").status_code == 403
    db.session.refresh(linh)
    assert linh.checked_in_at is None


def test_organiser_of_another_forum_is_refused_and_anonymous_sent_to_sign_in(app, forum, db, create_user,
                                                                              create_forum):
    from tests.conftest import sign_in

    elsewhere = create_user(email="elsewhere@example.org")
    create_forum(slug="elsewhere", organiser=elsewhere)
    client = app.test_client()
    sign_in(client, elsewhere)
    assert client.get("/forums/acf/checkin").status_code == 403
    anonymous = app.test_client().get("/forums/acf/checkin")
    assert anonymous.status_code == 302
    assert "/account/signin" in anonymous.headers["Location"]


def test_scans_need_the_csrf_token(csrf_app, forum, db, organiser, create_registration):
    from tests.conftest import sign_in

    linh = create_registration(forum, email="linh@example.org", organisation=VWU, notify=False)[0]
    client = csrf_app.test_client()
    sign_in(client, organiser)
    assert client.post("/forums/acf/checkin", data={"code": linh.checkin_code}).status_code == 400
    assert client.post(f"/forums/acf/checkin/{linh.id}").status_code == 400
    page = client.get("/forums/acf/checkin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    token = token.group(1) or token.group(2)
    response = client.post("/forums/acf/checkin", data={"code": linh.checkin_code, "csrf_token": token})
    assert "Checked in for today" in response.get_data(as_text=True)
