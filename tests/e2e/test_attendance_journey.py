"""Mai counts attendance each morning of a three-day training, on her phone at the door: she scans badges on the
first day, chooses the second day and scans again (a second scan of the same badge says "already in today"),
sees the counts, scans people into the opening plenary at its own door; then, at her desk, she opens the
attendance report and downloads the grid.

The forum and its confirmed participants are made with the factory fixtures; everything after that goes
through the browser. The forum's days are not today: choosing the day at the desk is what lets the journey run
without faking a clock."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "led-training-2027"
ORGANISER = ("Mai Tran", "mai@example.org")
DAY_1, DAY_2, DAY_3 = date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)
PEOPLE = [  # name, email, gender, country, category
    ("Nguyễn Phương Linh", "linh@example.org", "woman", "VN", "civil_society"),
    ("Trần Văn Hùng", "hung@example.org", "man", "VN", "government"),
    ("សុខ ចាន់ថា", "chantha@example.org", "woman", "KH", "government"),
    ("ບົວພັນ ສີສຸວັນ", "bouaphanh@example.org", "woman", "LA", "civil_society"),
]


@pytest.fixture
def training(create_user, create_forum, create_item, db):
    from forumops.registration import seats

    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(SLUG, status="registration_open", title="Inclusive LED training", organiser=organiser,
                         start_date=DAY_1, end_date=DAY_3, timezone="Asia/Ho_Chi_Minh", mode="in_person")
    create_item(forum, "Opening plenary", start=time(9), end=time(10), day=DAY_1)
    codes = {}
    for name, email, gender, country, category in PEOPLE:
        registration, _token = seats.register(forum, {
            "name": name, "email": email, "organisation": "Local government association", "country": country,
            "gender": gender, "category": category, "attendance_mode": "in_person", "consent_privacy": True},
            notify=False)
        codes[name] = registration.checkin_code
    db.session.commit()
    return codes


def scan(page: Page, code: str) -> None:
    """A QR scanner types the code and presses Enter, as a keyboard does."""
    page.get_by_label("Check-in code").fill(code)
    page.get_by_label("Check-in code").press("Enter")


def counts(page: Page) -> dict[str, str]:
    terms = page.locator(".checkin-counts dt").all_inner_texts()
    values = page.locator(".checkin-counts dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def cells(row) -> list[str]:
    return [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]


def test_mai_counts_two_mornings_and_reads_the_report(new_page, shot, training, tmp_path):
    phone = new_page(viewport=PHONE_VIEWPORT)
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, *ORGANISER)

    # Day 1: the desk opens on the training's first day (today is not one of its days).
    phone.goto(f"/forums/{SLUG}/checkin")
    expect(phone.get_by_role("heading", name="Recording for: Wednesday, 14 April 2027")).to_be_visible()
    for name in PEOPLE[:3]:
        scan(phone, training[name[0]])
        expect(phone.get_by_role("status").filter(has_text="Recorded present on")).to_contain_text(name[0])
    scan(phone, training[PEOPLE[0][0]])  # Linh's badge again
    expect(phone.locator("#checkin-result")).to_contain_text("Already recorded present on Wednesday, 14 April 2027")
    assert counts(phone) == {"Confirmed in person": "4", "Present that day": "3", "Still to come": "1"}
    shot("attendance-desk-390", phone)

    # The opening plenary's own door, from the desk's list of the day's sessions.
    phone.get_by_role("link", name="Opening plenary").click()
    expect(phone.get_by_role("heading", name="Check-in at a session")).to_be_visible()
    scan(phone, training[PEOPLE[1][0]])
    expect(phone.locator("#checkin-result")).to_contain_text("Checked in to this session")
    scan(phone, training[PEOPLE[1][0]])
    # typed in before the training's day: when it was recorded, never a misleading arrival time
    expect(phone.locator("#checkin-result")).to_contain_text("Already in this session: recorded on")
    shot("attendance-session-390", phone)

    # Day 2: she chooses the second day, scans two badges and finds the third person by name.
    phone.get_by_role("link", name="Check-in desk").first.click()
    phone.get_by_label("Day of the forum").select_option(label="Day 2: Thursday, 15 April 2027")
    phone.get_by_role("button", name="Record for this day").click()
    expect(phone.get_by_role("heading", name="Recording for: Thursday, 15 April 2027")).to_be_visible()
    scan(phone, training[PEOPLE[0][0]])  # in yesterday, and today again
    expect(phone.locator("#checkin-result")).to_contain_text("Recorded present on Thursday, 15 April 2027")
    scan(phone, training[PEOPLE[3][0]])
    expect(phone.locator("#checkin-result")).to_contain_text(PEOPLE[3][0])
    phone.get_by_label("Name", exact=True).fill("hung")
    phone.get_by_role("button", name="Search").click()
    phone.get_by_role("button", name=f"Check in {PEOPLE[1][0]}").click()
    expect(phone.locator("#checkin-result")).to_contain_text("Recorded present on Thursday, 15 April 2027")
    expect(phone.get_by_role("heading", name="Recording for: Thursday, 15 April 2027")).to_be_visible()
    assert counts(phone) == {"Confirmed in person": "4", "Present that day": "3", "Still to come": "1"}
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the phone

    # At her desk: the attendance report and the grid.
    desk = new_page()
    sign_in(desk, *ORGANISER)
    desk.goto(f"/forums/{SLUG}/checkin")
    desk.get_by_role("link", name="Attendance report: by day, session and cluster").click()
    expect(desk.get_by_role("heading", name="Attendance", level=1)).to_be_visible()
    by_gender = desk.get_by_role("table", name="By day, by gender")
    assert cells(by_gender.locator("tbody tr").first) == ["Woman", "3", "2", "2", "0"]
    assert cells(by_gender.locator("tfoot tr")) == ["Total", "4", "3", "3", "0"]
    assert cells(desk.get_by_role("table", name="By session, by gender").locator("tfoot tr")) == ["Total", "4", "1"]
    shot("attendance-report-1280", desk)
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="Download the attendance grid (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"{SLUG}-attendance-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][5:] == ["Day 1 (2027-04-14)", "Day 2 (2027-04-15)", "Day 3 (2027-04-16)",
                           "Opening plenary (2027-04-14 09:00)"]
    grid = {row[0]: row[5:] for row in rows[1:]}
    assert grid == {
        "Nguyễn Phương Linh": ["yes", "yes", "", ""],
        "Trần Văn Hùng": ["yes", "yes", "", "yes"],
        "សុខ ចាន់ថា": ["yes", "", "", ""],
        "ບົວພັນ ສີສຸວັນ": ["", "yes", "", ""],
    }

    # the other widths, to look at
    desk.goto(f"/forums/{SLUG}/checkin")
    shot("attendance-desk-1280", desk)
    desk.get_by_role("link", name="Opening plenary").click()
    shot("attendance-session-1280", desk)
    phone.goto(f"/forums/{SLUG}/attendance")
    shot("attendance-report-390", phone)
    # the outcome report's attendance by day: its wide tables scroll inside the page, never the page itself
    phone.goto(f"/forums/{SLUG}/report")
    expect(phone.get_by_role("heading", name="Attendance by day")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
