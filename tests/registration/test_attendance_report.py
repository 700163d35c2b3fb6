"""The attendance report for organisers and its CSV grid: by day (the desk), by session (scanned at its door) and
by cluster (the facilitator's ticks in the notes, read from there), each by gender, country and category, in a
number of queries that does not grow with the people."""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
from datetime import date, time

import pytest
from sqlalchemy import func, select

from forumops.registration import operations
from forumops.registration.models import SessionAttendance
from tests.conftest import count_queries

FIRST = date(2014, 12, 9)  # the Hanoi training's three days
DAYS = [FIRST, date(2014, 12, 10), date(2014, 12, 11)]
PEOPLE = [  # name, gender, country, category, mode, days present, at the plenary, ticked in the cluster
    ("Nguyễn Phương Linh", "woman", "VN", "civil_society", "in_person", (0, 1, 2), True, True),
    ("Trần Văn Hùng", "man", "VN", "government", "in_person", (0, 1), True, False),
    ("សុខ ចាន់ថា", "woman", "KH", "government", "in_person", (0,), False, True),
    ("=HYPERLINK(\"http://x\")", "", "", "civil_society", "in_person", (), False, False),
    ("Bouaphanh Sisouvanh", "non_binary", "LA", "civil_society", "online", (1,), False, False),
]


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def training(create_forum, organiser, login, create_registration, create_item, create_cluster, create_notes, db):
    forum = create_forum(slug="led-2014", title="LED Training", organiser=organiser, mode="hybrid",
                         start_date=DAYS[0], end_date=DAYS[-1], timezone="Asia/Ho_Chi_Minh")
    plenary = create_item(forum, "Opening plenary", start=time(9), end=time(10), day=FIRST)
    cluster = create_cluster(forum, "Women's economic leadership")
    breakout = create_item(forum, "Working groups", type="breakout", cluster_id=cluster.id, day=DAYS[1],
                           start=time(14), end=time(16))
    people = []
    for n, (name, gender, country, category, mode, days, plenary_too, ticked) in enumerate(PEOPLE):
        registration = create_registration(forum, name=name, email=f"p{n}@example.org", gender=gender,
                                           country=country, category=category, attendance_mode=mode,
                                           organisation="Org, \"quoted\"" if n == 0 else "", notify=False)[0]
        for day in days:
            operations.check_in(forum, registration, DAYS[day])
        if plenary_too:
            operations.check_in_session(forum, plenary, registration)
        people.append((registration, ticked))
    notes = create_notes(cluster, title="Breakout 1", agenda_item=breakout)
    notes.content = {**notes.content, "attendance": [r.id for r, ticked in people if ticked] + [999999]}
    cancelled = create_registration(forum, name="Cancelled Person", email="gone@example.org", notify=False)[0]
    cancelled.status = "cancelled"
    db.session.commit()
    login(organiser)
    return forum


def table(page: str, caption: str) -> list[list[str]]:
    """The rows (head, body and foot) of the table with this caption, each a list of cell texts."""
    found = re.search(r"<table[^>]*>\s*<caption[^>]*>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S)
    assert found, f"no table {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_the_report_counts_each_day_by_gender_country_and_category(client, training):
    page = client.get("/forums/led-2014/attendance").get_data(as_text=True)
    assert table(page, "By day, by gender") == [
        ["Group", "Confirmed in person", "Day 1 Tue 9 Dec", "Day 2 Wed 10 Dec", "Day 3 Thu 11 Dec"],
        ["Woman", "2", "2", "1", "1"],
        ["Man", "1", "1", "1", "0"],
        ["Non-binary", "0", "0", "1", "0"],  # online, yet came on the second day
        ["Not stated", "1", "0", "0", "0"],
        ["Total", "4", "3", "3", "1"],
    ]
    assert table(page, "By day, by country")[1:] == [
        ["Viet Nam", "2", "2", "2", "1"], ["Cambodia", "1", "1", "0", "0"],
        ["Lao People's Democratic Republic", "0", "0", "1", "0"], ["Not stated", "1", "0", "0", "0"],
        ["Total", "4", "3", "3", "1"]]
    assert table(page, "By day, by participant category")[1:] == [
        ["Civil-society representative", "2", "1", "2", "1"], ["Government", "2", "2", "1", "0"],
        ["Total", "4", "3", "3", "1"]]


def test_the_report_counts_scanned_sessions_and_clusters_from_their_notes(client, training, db):
    page = client.get("/forums/led-2014/attendance").get_data(as_text=True)
    assert table(page, "By session, by gender") == [
        ["Group", "Confirmed in person", "Opening plenary Tue 9 Dec, 09:00"],
        ["Woman", "2", "1"], ["Man", "1", "1"], ["Non-binary", "0", "0"], ["Not stated", "1", "0"],
        ["Total", "4", "2"]]
    # the facilitator's ticks: Linh and Chanthy; an id from nowhere is ignored; no second record is made
    assert table(page, "By cluster, by country") == [  # the cluster, and the breakout's date and time
        ["Group", "Confirmed in person", "Women's economic leadership Wed 10 Dec, 14:00"],
        ["Viet Nam", "2", "1"], ["Cambodia", "1", "1"], ["Lao People's Democratic Republic", "0", "0"],
        ["Not stated", "1", "0"], ["Total", "4", "2"]]
    assert db.session.scalar(select(func.count(SessionAttendance.id))) == 2  # the plenary's two scans only


def test_the_csv_grid_has_a_row_per_person_and_a_column_per_day_session_and_cluster(client, training):
    response = client.get("/forums/led-2014/attendance.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="led-2014-attendance-\d{4}-\d\d-\d\d\.csv"',
                        response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    body = response.data
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Organisation", "Country", "Gender", "Category", "Day 1 (2014-12-09)",
                       "Day 2 (2014-12-10)", "Day 3 (2014-12-11)", "Opening plenary (2014-12-09 09:00)",
                       "Women's economic leadership (2014-12-10 14:00)"]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(rows) == 1 + 5  # the cancelled person came to nothing: not in the grid
    assert by_name["Nguyễn Phương Linh"] == ["Nguyễn Phương Linh", 'Org, "quoted"', "Viet Nam", "Woman",
                                             "Civil-society representative", "yes", "yes", "yes", "yes", "yes"]
    assert by_name["សុខ ចាន់ថា"][5:] == ["yes", "", "", "", "yes"]
    assert by_name["Bouaphanh Sisouvanh"][5:] == ["", "yes", "", "", ""]
    # a name a spreadsheet would run as a formula is neutralised, as in the registrations export
    assert "'=HYPERLINK(\"http://x\")" in by_name
    assert by_name["'=HYPERLINK(\"http://x\")"][2:5] == ["", "", "Civil-society representative"]


def test_notes_of_a_whole_cluster_are_headed_with_its_sessions_dates(client, training, create_cluster, create_item,
                                                                      create_notes, db):
    """Notes kept for a whole cluster, not one breakout: its name and the span of its sessions, never the notes'
    title repeating the name ("Rural development: findings and recommendations")."""
    rural = create_cluster(training, "Rural development")
    for day in DAYS[:2]:
        create_item(training, "Breakout", type="breakout", cluster_id=rural.id, day=day, start=time(10), end=time(12))
    notes = create_notes(rural, title="Rural development: findings and recommendations", status="draft")
    notes.content = {**notes.content, "attendance": []}
    db.session.commit()
    page = client.get("/forums/led-2014/attendance").get_data(as_text=True)
    assert table(page, "By cluster, by gender")[0] == [
        "Group", "Confirmed in person", "Women's economic leadership Wed 10 Dec, 14:00",
        "Rural development All sessions, Tue 9 Dec – Wed 10 Dec"]
    assert "findings and recommendations" not in page
    assert ("Who came to a cluster session is who its facilitator ticked in the cluster’s notes, as last saved, "
            "whether or not the notes have been approved yet.") in html.unescape(page)
    rows = list(csv.reader(io.StringIO(client.get("/forums/led-2014/attendance.csv").data.decode("utf-8-sig"))))
    assert rows[0][-1] == "Rural development (all sessions, 2014-12-09 – 2014-12-10)"


def test_a_day_column_is_there_even_when_nobody_came_that_day(client, create_forum, organiser, login,
                                                               create_registration):
    create_forum(slug="quiet", organiser=organiser, start_date=FIRST, end_date=DAYS[1])
    login(organiser)
    page = client.get("/forums/quiet/attendance").get_data(as_text=True)
    assert "Nobody has been checked in at the desk yet." in page
    assert "No session has been scanned at its own door yet." in page
    rows = list(csv.reader(io.StringIO(client.get("/forums/quiet/attendance.csv").data.decode("utf-8-sig"))))
    assert rows == [["Name", "Organisation", "Country", "Gender", "Category", "Day 1 (2014-12-09)",
                     "Day 2 (2014-12-10)"]]


def test_the_report_and_the_grid_take_as_many_queries_for_50_people_as_for_5(
        client, create_forum, organiser, login, create_registration, create_item, create_cluster, create_notes, db):
    def forum_of(slug: str, people: int):
        forum = create_forum(slug=slug, organiser=organiser, start_date=DAYS[0], end_date=DAYS[-1])
        item = create_item(forum, "Plenary", day=FIRST)
        cluster = create_cluster(forum, "Cluster")
        ticked = []
        for n in range(people):
            registration = create_registration(
                forum, name=f"Person {n}", email=f"{slug}-{n}@example.org", gender=("woman", "man")[n % 2],
                country=("VN", "KH", "LA")[n % 3], category=("civil_society", "government")[n % 2],
                notify=False)[0]
            for day in DAYS[: 1 + n % 3]:
                operations.check_in(forum, registration, day)
            operations.check_in_session(forum, item, registration)
            ticked.append(registration.id)
        notes = create_notes(cluster, title="Session")
        notes.content = {**notes.content, "attendance": ticked}
        db.session.commit()

    forum_of("five", 5)
    forum_of("fifty", 50)
    login(organiser)
    client.get("/forums/five/attendance")  # the session's first request does its own once-only reads
    for page in ("attendance", "attendance.csv"):
        few = count_queries(db, lambda page=page: client.get(f"/forums/five/{page}").data)
        many = count_queries(db, lambda page=page: client.get(f"/forums/fifty/{page}").data)
        assert few == many, page
        assert many <= 12, page
    assert "Person 49" in client.get("/forums/fifty/attendance.csv").data.decode("utf-8-sig")


def test_the_desk_links_to_the_report(client, training):
    assert 'href="/forums/led-2014/attendance"' in client.get("/forums/led-2014/checkin").get_data(as_text=True)
    assert 'href="/forums/led-2014/attendance"' in client.get("/forums/led-2014/registrations").get_data(
        as_text=True)
