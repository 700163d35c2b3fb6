"""The outcome report's attendance by day (web page and PDF): the desk's records of each day of the forum, by
gender, country and category, beside those confirmed to come; absent when no day was recorded."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, time

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from forumops.registration import operations

DAYS = [date(2014, 12, 9), date(2014, 12, 10), date(2014, 12, 11)]
PEOPLE = [("Nguyễn Phương Linh", "woman", "VN", "civil_society", (0, 1, 2)),
          ("Trần Văn Hùng", "man", "VN", "government", (0, 1)),
          ("សុខ ចាន់ថា", "woman", "KH", "government", (0,))]


@pytest.fixture
def training(create_forum, create_user, create_registration, login, db):
    organiser = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug="led-2014", title="LED Training", organiser=organiser, status="concluded",
                         mode="in_person", start_date=DAYS[0], end_date=DAYS[-1])
    for n, (name, gender, country, category, days) in enumerate(PEOPLE):
        registration = create_registration(forum, name=name, email=f"p{n}@example.org", gender=gender,
                                           country=country, category=category, notify=False)[0]
        for day in days:
            operations.check_in(forum, registration, DAYS[day])
    db.session.commit()
    login(organiser)
    return forum


def rows_of(page: str, caption: str) -> list[list[str]]:
    found = re.search(r"<caption[^>]*>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S)
    assert found, f"no table {caption!r}"
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)]


def test_the_web_report_shows_each_days_attendance_by_gender_country_and_category(client, training):
    page = client.get("/forums/led-2014/report").get_data(as_text=True)
    assert "Attendance by day" in page
    assert rows_of(page, "Attendance by day, by gender") == [
        ["Group", "Confirmed in person", "Day 1 Tue 9 Dec", "Day 2 Wed 10 Dec", "Day 3 Thu 11 Dec"],
        ["Woman", "2", "2", "1", "1"], ["Man", "1", "1", "1", "0"], ["Total", "3", "3", "2", "1"]]
    assert rows_of(page, "Attendance by day, by country")[1:3] == [["Viet Nam", "2", "2", "2", "1"],
                                                                   ["Cambodia", "1", "1", "0", "0"]]
    assert rows_of(page, "Attendance by day, by participant category")[1] == ["Government", "2", "2", "1", "0"]
    assert "Nguyễn Phương Linh" not in page  # counts only: the public report names nobody


def test_on_a_phone_each_days_number_is_named_by_its_column(client, training):
    """The table stacks into cards on a phone (pages.css): each number carries its column's name to show."""
    page = client.get("/forums/led-2014/report").get_data(as_text=True)
    table = re.search(r"<caption[^>]*>Attendance by day, by gender</caption>(.*?)</table>", page, re.S).group(1)
    woman = re.search(r"<tr><th scope=\"row\">Woman</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r'data-label="([^"]+)"', woman) == ["Confirmed in person", "Day 1 · Tue 9 Dec",
                                                         "Day 2 · Wed 10 Dec", "Day 3 · Thu 11 Dec"]


def test_the_pdf_report_prints_the_same_tables(client, training):
    response = client.get("/forums/led-2014/report.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Attendance by day" in text
    assert "DAY 1 · TUE 9 DEC" in text
    assert "Woman 2 2 1 1" in text
    assert "Total 3 3 2 1" in text
    assert "Cambodia 1 1 0 0" in text


def test_no_day_recorded_no_section(client, create_forum, create_user, create_registration, login):
    organiser = create_user(email="olga@example.org")
    forum = create_forum(slug="no-desk", organiser=organiser, start_date=DAYS[0], end_date=DAYS[1])
    create_registration(forum, notify=False)
    login(organiser)
    assert "Attendance by day" not in client.get("/forums/no-desk/report").get_data(as_text=True)


def _numbers(page: str, caption: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows_of(page, caption)[1:]}


def test_a_clusters_attendance_is_one_count_on_the_attendance_page_the_csv_and_the_report(
        client, training, create_registration, create_cluster, create_item, create_notes, db):
    """Who came to a cluster is its facilitator's ticks in the notes, as last saved, approved or not: the attendance
    page, its CSV, the outcome report's "By cluster" and the cluster's findings all say the same number, and the
    report says what it counts. The desk's check-ins (some of them were never at the desk) do not change it."""
    from forumops.clusters.operations import assign_registration
    from forumops.registration.models import Registration

    forum = training
    members = list(db.session.scalars(select(Registration).where(Registration.forum_id == forum.id)
                                      .order_by(Registration.id)))
    members += [create_registration(forum, name=f"Member {n}", email=f"m{n}@example.org", notify=False)[0]
                for n in range(2)]  # never checked in at the desk
    women, rural = create_cluster(forum, "Women empowerment"), create_cluster(forum, "Rural development")
    for person in members[:3]:
        assign_registration(women, person)
    for person in members[3:]:
        assign_registration(rural, person)
    first = create_item(forum, "Breakout 1", type="breakout", cluster_id=women.id, day=DAYS[0], start=time(10),
                        end=time(12))
    second = create_item(forum, "Breakout 2", type="breakout", cluster_id=women.id, day=DAYS[1], start=time(14),
                         end=time(16))
    approved = create_notes(women, title="Women empowerment: findings", status="approved", agenda_item=first)
    approved.content = {**approved.content, "attendance": [members[0].id, members[1].id]}
    draft = create_notes(women, title="Women empowerment: second session", status="draft", agenda_item=second)
    draft.content = {**draft.content, "attendance": [members[1].id, members[2].id]}
    notes = create_notes(rural, title="Rural development: findings and recommendations", status="published")
    notes.content = {**notes.content, "attendance": [members[3].id, members[4].id]}
    db.session.commit()

    page = client.get("/forums/led-2014/attendance").get_data(as_text=True)
    assert rows_of(page, "By cluster, by gender")[0][2:] == [
        "Women empowerment Tue 9 Dec, 10:00", "Women empowerment Wed 10 Dec, 14:00", "Rural development All sessions"]
    assert rows_of(page, "By cluster, by gender")[-1] == ["Total", "5", "2", "2", "2"]
    grid = list(csv.reader(io.StringIO(client.get("/forums/led-2014/attendance.csv").data.decode("utf-8-sig"))))
    assert grid[0][-3:] == ["Women empowerment (2014-12-09 10:00)", "Women empowerment (2014-12-10 14:00)",
                            "Rural development (all sessions)"]

    report = client.get("/forums/led-2014/report").get_data(as_text=True)
    by_cluster = _numbers(report, "By cluster: numbers")
    assert by_cluster["Women empowerment"] == ["3", "60 %", "3"]  # ticked in either session: all three
    assert by_cluster["Rural development"] == ["2", "40 %", "2"]  # never at the desk, yet in the room
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", report)).split())
    assert ("Who came to a cluster session is who its facilitator ticked in the cluster’s notes, as last saved, "
            "whether or not the notes have been approved yet.") in said
    assert "3 registered, 3 attended" in said  # the women's findings (its approved notes)
    assert "2 registered, 2 attended" in said  # the rural cluster's (published)

    pdf = client.get("/forums/led-2014/report.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "3 registered, 3 attended" in text
    assert "whether or not the notes have been approved yet" in text
