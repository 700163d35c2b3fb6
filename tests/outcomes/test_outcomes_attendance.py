"""The outcome report's attendance by day (web page and PDF): the desk's records of each day of the forum, by
gender, country and category, beside those confirmed to come; absent when no day was recorded."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

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
