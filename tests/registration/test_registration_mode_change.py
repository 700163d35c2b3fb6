"""Changing the attendance mode on the private page is a new seat decision (issue 14 #4)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from forumops.registration import seats
from forumops.registration.models import Registration


@pytest.fixture
def forum(create_forum, create_user, db):
    forum = create_forum(slug="acf", status="registration_open", organiser=create_user(email="mai@example.org"),
                         mode="hybrid", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    return forum


def form(**overrides):
    data = {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "country": "VN",
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}
    return data | overrides


def capacity(db, forum, **values):
    settings = seats.settings_for(forum)
    for key, value in values.items():
        setattr(settings, key, value)
    db.session.commit()


def manage_link(deliver_mail, email):
    mail = [m for m in deliver_mail() if m["To"] == email][-1]
    return re.search(r"/forums/acf/registration/\S+", mail.get_body(preferencelist=("plain",)).get_content()).group(0)


def status_of(db, email):
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.email == email))


def test_waitlisted_in_person_switching_to_online_is_confirmed_and_told(client, forum, db, deliver_mail):
    capacity(db, forum, capacity_in_person=1)  # online unlimited
    client.post("/forums/acf/register", data=form(email="first@example.org"))
    client.post("/forums/acf/register", data=form())
    assert status_of(db, "linh@example.org").status == "waitlisted"
    link = manage_link(deliver_mail, "linh@example.org")

    response = client.post(link, data=form(attendance_mode="online"), follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "your place online is confirmed" in page
    registration = status_of(db, "linh@example.org")
    assert registration.status == "confirmed"
    assert registration.attendance_mode == "online"
    mail = [m for m in deliver_mail() if m["To"] == "linh@example.org"][-1]
    assert "you are confirmed" in mail["Subject"]
    # the page the person lands on (and the emailed link) shows the confirmed registration
    assert "Confirmed" in page
    assert registration.checkin_code in page
    assert "Confirmed" in client.get(manage_link(deliver_mail, "linh@example.org")).get_data(as_text=True)


def test_waitlisted_switching_to_a_mode_still_full_is_told_they_still_wait(client, forum, db, deliver_mail):
    capacity(db, forum, capacity=1)  # one place in all
    client.post("/forums/acf/register", data=form(email="first@example.org"))
    client.post("/forums/acf/register", data=form())
    link = manage_link(deliver_mail, "linh@example.org")
    sent = len(deliver_mail())

    page = client.post(link, data=form(attendance_mode="online"), follow_redirects=True).get_data(as_text=True)

    assert "still on the waiting list" in page
    registration = status_of(db, "linh@example.org")
    assert registration.status == "waitlisted"
    assert registration.attendance_mode == "online"
    assert len(deliver_mail()) == sent


def test_confirmed_switching_to_a_full_mode_is_refused_and_nothing_changes(client, forum, db, deliver_mail):
    capacity(db, forum, capacity_online=1)
    client.post("/forums/acf/register", data=form(email="online@example.org", attendance_mode="online"))
    client.post("/forums/acf/register", data=form())
    link = manage_link(deliver_mail, "linh@example.org")

    response = client.post(link, data=form(attendance_mode="online", dietary_needs="Halal",
                                           organisation="A brand new organisation"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is no free place to attend online; your registration is unchanged." in page
    assert 'id="attendance_mode-error"' in page  # next to the field
    assert 'value="Halal"' in page  # what they typed is kept on the page
    registration = status_of(db, "linh@example.org")
    assert registration.attendance_mode == "in_person"
    assert registration.status == "confirmed"
    assert registration.dietary_needs != "Halal"
    assert registration.organisation is None


def test_confirmed_switching_mode_frees_their_seat_for_the_first_in_line(client, forum, db, deliver_mail):
    capacity(db, forum, capacity_in_person=1)
    client.post("/forums/acf/register", data=form())
    client.post("/forums/acf/register", data=form(email="next@example.org"))
    link = manage_link(deliver_mail, "linh@example.org")

    page = client.post(link, data=form(attendance_mode="online"), follow_redirects=True).get_data(as_text=True)

    assert "Your changes are saved." in page
    assert status_of(db, "linh@example.org").attendance_mode == "online"
    assert status_of(db, "next@example.org").status == "confirmed"
