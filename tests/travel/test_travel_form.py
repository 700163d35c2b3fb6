"""The travel form, "your travel details", as the person meets it: through their private link or their account,
times typed on the forum's wall clock and kept on their day, bad input said at its field with everything else kept,
whom it concerns (and that it stops when they decline the support), a closed form, what the organisers arranged
shown and not theirs to change, the panel on their registration page; hotel nights outside the trip."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from forumops.travel.details_operations import save_settings
from forumops.travel.models import Support, TravelDetails
from forumops.travel.queries import travel_details_of
from tests.html_forms import forms_of
from tests.travel.test_travel_form_desk import desk_data

SLUG = "mekong-2027"


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    """In Bangkok's zone (UTC+7): 23:30 there is 16:30 UTC on the same day."""
    return create_forum(slug=SLUG, organiser=mai, timezone="Asia/Bangkok", start_date=date(2027, 4, 14),
                        end_date=date(2027, 4, 16), venue_city="Bangkok", venue_country="TH")


def set_form(db, forum, **settings):
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD", **settings})
    db.session.commit()


@pytest.fixture
def open_form(db, forum):
    set_form(db, forum, form_deadline=date(2027, 3, 31))


@pytest.fixture
def sopheak(forum, create_registration, create_support):
    """Offered travel and accommodation (accepted): the form concerns him and asks his nights at the hotel."""
    registration, token = create_registration(forum, status="confirmed", name="Sopheak Chan",
                                              email="sopheak@example.org", dietary_needs="Vegetarian")
    create_support(registration, kind="travel")
    create_support(registration, kind="accommodation", status="accepted")
    return registration, token


def page_of(token: str) -> str:
    return f"/forums/{SLUG}/registration/{token}/travel"


def typed(**fields) -> dict[str, str]:
    data = {"arrival_date": "2027-04-13", "arrival_time": "23:30", "arrival_from": "Phnom Penh (PNH)",
            "arrival_transport": "VN 920", "departure_date": "2027-04-17", "departure_time": "07:05",
            "departure_to": "Phnom Penh", "departure_transport": "VN 921", "check_in": "2027-04-13",
            "check_out": "2027-04-17", "room_sharing": "share", "dietary_needs": "Vegetarian, no peanuts",
            "accessibility_needs": "", "notes": "I land late at night."}
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def value(page: str, name: str) -> str:
    """What a field of the page's forms holds, as a browser would send it."""
    found = [f for form in forms_of(page) for f in form.fields if f.name == name]
    assert found, f"no field {name}"
    chosen = [f for f in found if f.type != "radio" or f.checked]
    if not chosen:
        return ""
    # a browser drops the line break that opens a textarea's text
    return chosen[0].value.removeprefix("\r\n") if chosen[0].tag == "textarea" else chosen[0].value


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def test_a_time_late_at_night_is_stored_in_utc_and_shown_back_on_its_day(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    response = client.post(page_of(token), data=typed())
    assert response.status_code == 303
    details = travel_details_of(registration)
    assert details.arrival_at == datetime(2027, 4, 13, 16, 30, tzinfo=UTC)  # 23:30 in Bangkok
    assert details.departure_at == datetime(2027, 4, 17, 0, 5, tzinfo=UTC)
    assert details.submitted_at is not None
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "your travel details are sent" in page
    assert (value(page, "arrival_date"), value(page, "arrival_time")) == ("2027-04-13", "23:30")
    assert (value(page, "departure_date"), value(page, "departure_time")) == ("2027-04-17", "07:05")
    assert value(page, "arrival_transport") == "VN 920"
    assert value(page, "room_sharing") == "share"
    assert "Asia/Bangkok" in page or "Bangkok" in page  # the page says whose clock the times are on


def test_the_needs_are_carried_from_the_registration_and_back(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    page = client.get(page_of(token)).get_data(as_text=True)
    assert value(page, "dietary_needs") == "Vegetarian"
    client.post(page_of(token), data=typed(dietary_needs="Halal", accessibility_needs="Step-free room"))
    db.session.refresh(registration)
    assert (registration.dietary_needs, registration.accessibility_needs) == ("Halal", "Step-free room")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"arrival_date": "2027-04-18", "arrival_time": "10:00"}, "departure_date",
     "Your departure is before your arrival"),
    ({"arrival_date": "", "arrival_time": "23:30"}, "arrival_date", "Enter the arrival date for this time."),
    ({"departure_time": ""}, "departure_time", "Enter the departure time too"),
    ({"arrival_date": "2026-04-13", "check_in": ""}, "arrival_date", "Choose a day between"),
    ({"check_out": "2027-04-13"}, "check_out", "The check-out day must be after the first night."),
    ({"check_out": ""}, "check_out", "Enter the day you check out too."),
    ({"room_sharing": "share_with", "share_with": ""}, "share_with", "Write the name of the person"),
    ({"arrival_date": "13/04/2027"}, "arrival_date", "Not a valid date value"),
])
def test_bad_input_is_said_at_its_field_and_everything_typed_is_kept(client, db, forum, open_form, sopheak,
                                                                     changes, field, message):
    registration, token = sopheak
    response = client.post(page_of(token), data=typed(arrival_from="Siem Reap", **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in error_beside(page, field)
    assert value(page, "arrival_from") == "Siem Reap"
    assert value(page, "notes") == "I land late at night."
    assert travel_details_of(registration) is None  # nothing half-saved
    db.session.refresh(registration)
    assert registration.dietary_needs == "Vegetarian"


def test_the_form_concerns_those_offered_travel_until_they_decline(client, db, forum, open_form, sopheak,
                                                                   create_registration):
    registration, token = sopheak
    assert "Send my travel details" in client.get(page_of(token)).get_data(as_text=True)
    not_funded, other_token = create_registration(forum, status="confirmed", name="Dara Sok")
    page = client.get(page_of(other_token))
    assert page.status_code == 200
    assert "The travel form does not concern you" in page.get_data(as_text=True)
    for support in db.session.scalars(select(Support).where(Support.registration_id == registration.id)):
        support.status = "declined"
    db.session.commit()
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "The travel form does not concern you" in page
    assert "Send my travel details" not in page
    refused = client.post(page_of(token), data=typed())
    assert refused.status_code == 409
    assert travel_details_of(registration) is None


def test_under_the_in_person_audience_it_concerns_everyone_coming_and_asks_their_stay(client, db, forum,
                                                                                     create_registration):
    set_form(db, forum, form_audience="in_person")
    _registration, token = create_registration(forum, status="confirmed", name="Dara Sok")
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "Send my travel details" in page
    assert "First night at the hotel" in page
    _online, online_token = create_registration(forum, status="confirmed", name="Linh", attendance_mode="online")
    assert "does not concern you" in client.get(page_of(online_token)).get_data(as_text=True)


def test_the_stay_is_asked_only_of_those_offered_accommodation(client, db, forum, open_form, create_registration,
                                                               create_support):
    registration, token = create_registration(forum, status="confirmed", name="Dara Sok")
    create_support(registration, kind="travel")
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "Arrival date" in page
    assert "First night at the hotel" not in page
    assert client.post(page_of(token), data=typed(check_in="2027-01-01")).status_code == 303  # not asked: ignored
    assert travel_details_of(registration).check_in is None


def test_a_closed_form_says_so_and_shows_what_was_sent(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    client.post(page_of(token), data=typed())
    set_form(db, forum, form_open=False)
    response = client.get(page_of(token))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The travel form is closed" in page
    assert "Send my travel details" not in page
    assert "13 Apr 2027, 23:30" in page  # what he sent, on the forum's clock
    refused = client.post(page_of(token), data=typed(arrival_from="Kampot"))
    assert refused.status_code == 409
    assert "closed the travel form: nothing was saved" in refused.get_data(as_text=True)
    assert value(refused.get_data(as_text=True), "arrival_from") == "Kampot"  # kept for them to copy
    assert travel_details_of(registration).arrival_from == "Phnom Penh (PNH)"


def test_the_organisers_arrangements_are_shown_and_not_the_persons_to_change(client, db, forum, open_form, sopheak,
                                                                             create_hotel, create_travel):
    registration, token = sopheak
    hotel = create_hotel(forum, name="Riverside Hotel", address="12 Charoen Krung Rd", phone="+6621234567")
    create_travel(registration, submitted=False, hotel_id=hotel.id, room="412", arrival_meet="Minh, +66 81 234 5678")
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "What the organisers arranged" in page
    for shown in ("Riverside Hotel", "12 Charoen Krung Rd", "+66 2 123 4567", "412", "Minh, +66 81 234 5678"):
        assert shown in page
    assert 'name="arrival_meet"' not in page
    assert 'name="room"' not in page
    client.post(page_of(token), data=typed(arrival_meet="Nobody", room="PENTHOUSE", hotel_id=""))
    details = travel_details_of(registration)
    assert (details.arrival_meet, details.room, details.hotel_id) == ("Minh, +66 81 234 5678", "412", hotel.id)
    assert details.submitted_at is not None


def test_the_same_form_through_the_account(client, db, login, forum, open_form, create_user, create_registration,
                                           create_support):
    person = create_user(email="sopheak@example.org")
    registration, _token = create_registration(forum, user=person, status="confirmed", email="sopheak@example.org")
    create_support(registration, kind="travel")
    login(person)
    mine = f"/forums/{SLUG}/my-registration/travel"
    assert "Send my travel details" in client.get(mine).get_data(as_text=True)
    assert client.post(mine, data=typed(check_in=None, check_out=None)).status_code == 303
    assert travel_details_of(registration).arrival_transport == "VN 920"
    home = client.get(f"/forums/{SLUG}/my-registration").get_data(as_text=True)
    assert f'href="{mine}"' in home


def test_no_registration_is_a_404(client, login, forum, open_form, create_user):
    assert client.get(page_of("not-a-real-token")).status_code == 404
    login(create_user(email="nobody@example.org"))
    assert client.get(f"/forums/{SLUG}/my-registration/travel").status_code == 404


def test_the_registration_page_says_whether_the_details_are_sent(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    manage = f"/forums/{SLUG}/registration/{token}"
    page = client.get(manage).get_data(as_text=True)
    assert "Not sent yet" in page
    assert "Please send them by 31 Mar 2027." in page
    assert f'href="{page_of(token)}"' in page
    client.post(page_of(token), data=typed())
    page = client.get(manage).get_data(as_text=True)
    assert "the organisers have your travel details" in page
    assert "Change your travel details" in page


def test_people_it_does_not_concern_see_no_panel(client, db, forum, open_form, create_registration):
    _registration, token = create_registration(forum, status="confirmed")
    assert "Your travel details" not in client.get(f"/forums/{SLUG}/registration/{token}").get_data(as_text=True)


def test_sending_again_updates_and_keeps_one_row(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    client.post(page_of(token), data=typed())
    client.post(page_of(token), data=typed(arrival_time="06:15", room_sharing="single"))
    rows = list(db.session.scalars(select(TravelDetails).where(TravelDetails.registration_id == registration.id)))
    assert len(rows) == 1
    assert rows[0].arrival_at == datetime(2027, 4, 12, 23, 15, tzinfo=UTC)  # 06:15 in Bangkok: the day before in UTC
    assert rows[0].room_sharing == "single"


# --- hotel nights outside the trip (walk 23, finding 8): the hotel is paid by the night ---------------------
# typed(): arriving on 13 April at 23:30, leaving on 17 April at 07:05


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"check_in": "2027-04-11"}, "check_in",
     "The first night can be 12 Apr 2027 at the earliest, as you arrive on 13 Apr 2027"),
    ({"check_out": "2027-04-19"}, "check_out",
     "The check-out day can be 18 Apr 2027 at the latest, as you leave on 17 Apr 2027"),
    ({"check_in": "2027-04-05", "check_out": "2027-04-25"}, "check_out", "The check-out day can be"),
])
def test_nights_outside_the_trip_are_refused_at_their_field(client, db, forum, open_form, sopheak, changes, field,
                                                            message):
    registration, token = sopheak
    response = client.post(page_of(token), data=typed(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in error_beside(page, field)
    assert value(page, "check_in") == changes.get("check_in", "2027-04-13")  # what was typed is kept
    assert value(page, "arrival_transport") == "VN 920"
    assert travel_details_of(registration) is None


def test_a_night_either_side_of_the_trip_is_the_persons_to_ask(client, db, forum, open_form, sopheak):
    registration, token = sopheak
    assert client.post(page_of(token), data=typed(check_in="2027-04-12", check_out="2027-04-18")).status_code == 303
    details = travel_details_of(registration)
    assert (details.check_in, details.check_out) == (date(2027, 4, 12), date(2027, 4, 18))


def test_organisers_book_extra_nights_with_a_warning_and_the_person_can_still_send(client, db, app, login, mai,
                                                                                   forum, open_form, sopheak):
    registration, token = sopheak
    login(mai)
    response = client.post(f"/forums/{SLUG}/travel/registrations/{registration.id}",
                           data=desk_data(check_in="2027-04-10", check_out="2027-04-17"), follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The travel details of Sopheak Chan are saved." in page
    assert ("Saved, but check the hotel nights: the first night, 10 Apr 2027, is more than a day before "
            "the arrival on 13 Apr 2027.") in page
    assert travel_details_of(registration).check_in == date(2027, 4, 10)

    person = app.test_client()  # the nights the organisers booked are not the person's slip
    assert person.post(page_of(token), data=typed(check_in="2027-04-10", arrival_transport="VN 922")).status_code == 303
    assert travel_details_of(registration, fresh=True).arrival_transport == "VN 922"
    refused = person.post(page_of(token), data=typed(check_in="2027-04-09"))
    assert "at the earliest" in error_beside(refused.get_data(as_text=True), "check_in")
    assert travel_details_of(registration, fresh=True).check_in == date(2027, 4, 10)
