"""The organisers' copy of a person's travel details never silently undoes a newer change: what the person sent
while the organiser's page was open is kept (the organiser's save writes only what they changed), a field both
changed is refused with both shown, and the saves are decided under the forum's lock on what is committed then."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from forumops.extensions import db
from forumops.travel import details_operations
from forumops.travel.details_operations import save_settings
from forumops.travel.models import TravelDetails
from forumops.travel.queries import travel_details_of
from tests.html_forms import forms_of

SLUG = "mekong-2027"


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(db, create_forum, mai):
    forum = create_forum(slug=SLUG, organiser=mai, timezone="Asia/Bangkok", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 16))
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD"})
    db.session.commit()
    return forum


@pytest.fixture
def sopheak(forum, create_registration, create_support):
    registration, token = create_registration(forum, status="confirmed", name="Sopheak Chan", notify=False,
                                              dietary_needs="Vegetarian")
    create_support(registration, kind="travel")
    return registration, token


def sends(app, token: str, **fields) -> None:
    """Sopheak sends his travel form from his phone (a client of his own)."""
    data = {"arrival_date": "2027-04-13", "arrival_time": "10:00", "arrival_transport": "VN 100",
            "dietary_needs": "Vegetarian", **fields}
    response = app.test_client().post(f"/forums/{SLUG}/registration/{token}/travel", data=data)
    assert response.status_code == 303


def travel_fields(page: str, registration) -> dict[str, str]:
    """The page's travel form as a browser would send it untouched."""
    (form,) = [f for f in forms_of(page) if f.action.endswith(f"/travel/registrations/{registration.id}")]
    return {f.name: f.value for f in form.fields if f.type not in ("radio", "submit") or f.checked}


def desk_form(client, registration) -> dict[str, str]:
    """The travel form on the desk's page of the registration."""
    return travel_fields(client.get(f"/forums/{SLUG}/registrations/{registration.id}").get_data(as_text=True),
                         registration)


def stored(registration) -> TravelDetails | None:
    """The details as committed (what the session held is read again)."""
    db.session.expire_all()
    return travel_details_of(registration)


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def test_the_persons_newer_flight_survives_an_organisers_save_from_a_page_opened_before(app, client, login, mai,
                                                                                       sopheak, db):
    registration, token = sopheak
    sends(app, token)  # 1. VN 100 at 10:00
    login(mai)
    opened = desk_form(client, registration)  # 2. Mai opens his registration
    assert opened["travel-arrival_transport"] == "VN 100"
    sends(app, token, arrival_time="22:00", arrival_transport="VN 999", dietary_needs="Vegan")  # 3. he changes
    response = client.post(f"/forums/{SLUG}/travel/registrations/{registration.id}",  # 4. Mai adds who meets him
                           data={**opened, "travel-arrival_meet": "Minh"}, follow_redirects=True)
    assert response.status_code == 200
    details = stored(registration)
    assert (details.arrival_transport, details.arrival_meet) == ("VN 999", "Minh")
    assert details.arrival_at == datetime(2027, 4, 13, 15, 0, tzinfo=UTC)  # 22:00 in Bangkok, his
    db.session.refresh(registration)
    assert registration.dietary_needs == "Vegan"
    page = response.get_data(as_text=True)
    assert "the newer ones are kept: arrival day and time, arrival flight or transport and dietary needs" in page


def test_a_field_both_changed_is_refused_with_both_shown_and_a_second_save_keeps_the_organisers(app, client, login,
                                                                                                mai, sopheak):
    registration, token = sopheak
    sends(app, token)
    login(mai)
    opened = desk_form(client, registration)
    sends(app, token, arrival_time="22:00", arrival_transport="VN 999")
    typed = {**opened, "travel-arrival_transport": "VN 555 (the airline's change)", "travel-arrival_meet": "Minh"}
    response = client.post(f"/forums/{SLUG}/travel/registrations/{registration.id}", data=typed)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed while you were editing them: nothing was saved" in page
    assert "Changed meanwhile to: VN 999." in error_beside(page, "travel-arrival_transport")
    shown = travel_fields(page, registration)
    assert shown["travel-arrival_transport"] == "VN 555 (the airline's change)"  # what Mai typed, kept
    assert shown["travel-arrival_meet"] == "Minh"
    assert shown["travel-arrival_time"] == "22:00"  # his change, which hers did not touch, shown as it is now
    details = stored(registration)
    assert (details.arrival_transport, details.arrival_meet) == ("VN 999", "")  # nothing saved

    again = client.post(f"/forums/{SLUG}/travel/registrations/{registration.id}",
                        data=shown)
    assert again.status_code == 302
    details = stored(registration)
    assert (details.arrival_transport, details.arrival_meet) == ("VN 555 (the airline's change)", "Minh")
    assert details.arrival_at == datetime(2027, 4, 13, 15, 0, tzinfo=UTC)  # still his 22:00


def test_the_organisers_save_decides_on_what_is_committed_once_it_holds_the_lock(app, client, login, mai, sopheak,
                                                                                 db, monkeypatch):
    """Sopheak's newer flight is committed while Mai's save waits for the forum's lock (PostgreSQL: the forum's
    row; SQLite: the write lock): the save reads the details again once it holds the lock, and keeps his."""
    registration, token = sopheak
    sends(app, token)
    login(mai)
    opened = desk_form(client, registration)
    real_lock, locked = details_operations.lock_forum, []

    def he_sends_while_mai_waits(forum_id):
        locked.append(forum_id)
        db.session.connection().execute(TravelDetails.__table__.update().where(
            TravelDetails.registration_id == registration.id).values(arrival_transport="VN 999"))
        real_lock(forum_id)

    monkeypatch.setattr(details_operations, "lock_forum", he_sends_while_mai_waits)
    response = client.post(f"/forums/{SLUG}/travel/registrations/{registration.id}",
                           data={**opened, "travel-arrival_meet": "Minh"}, follow_redirects=True)
    assert locked == [registration.forum_id]
    assert "the newer ones are kept: arrival flight or transport" in response.get_data(as_text=True)
    details = stored(registration)
    assert (details.arrival_transport, details.arrival_meet) == ("VN 999", "Minh")


def test_two_first_sends_at_once_make_one_row(app, sopheak, db, monkeypatch):
    """A double click on "Send my travel details": the second send waited for the lock while the first inserted
    the row; it updates that row instead of inserting another (a 500 on the unique registration)."""
    registration, token = sopheak
    real_lock, locked = details_operations.lock_forum, []

    def first_click_commits_meanwhile(forum_id):
        locked.append(forum_id)
        db.session.connection().execute(TravelDetails.__table__.insert().values(
            registration_id=registration.id, arrival_transport="VN 100", arrival_from="", arrival_meet="",
            departure_to="", departure_transport="", departure_meet="", room_sharing="", share_with="", room="",
            notes="", submitted_at=datetime(2027, 3, 1, tzinfo=UTC), created_at=datetime(2027, 3, 1, tzinfo=UTC),
            updated_at=datetime(2027, 3, 1, tzinfo=UTC)))
        real_lock(forum_id)

    monkeypatch.setattr(details_operations, "lock_forum", first_click_commits_meanwhile)
    sends(app, token, arrival_transport="VN 101")
    assert locked == [registration.forum_id]
    assert db.session.scalar(select(func.count(TravelDetails.id))) == 1
    assert stored(registration).arrival_transport == "VN 101"
