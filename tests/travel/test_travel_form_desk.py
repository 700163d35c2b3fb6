"""The organisers' side of the travel form: the Travel page (settings, the counts and the way to remind, the hotels
added, edited, reordered and removed), the link to it from the forum's home, and one person's travel details on
the desk with the arrangements only organisers write, which leave the person's "sent" alone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from forumops.travel.details_operations import save_settings
from forumops.travel.models import Hotel, TravelSettings
from forumops.travel.queries import forum_hotels, travel_details_of
from tests.conftest import count_queries
from tests.html_forms import forms_of

SLUG = "mekong-2027"
TRAVEL = f"/forums/{SLUG}/travel"


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug=SLUG, organiser=mai, timezone="Asia/Bangkok", start_date=date(2027, 4, 14),
                        end_date=date(2027, 4, 16), venue_city="Bangkok", venue_country="TH")


@pytest.fixture
def sponsored(db, forum, create_registration, create_support):
    """Three people offered travel (one has sent the form), one not funded."""
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD",
                          "form_deadline": date(2027, 3, 31)})
    people = {}
    for name in ("Sopheak", "Malee", "Aung"):
        registration, _token = create_registration(forum, status="confirmed", name=name,
                                                   email=f"{name.lower()}@example.org")
        create_support(registration, kind="travel")
        people[name] = registration
    people["Dara"], _token = create_registration(forum, status="confirmed", name="Dara")
    db.session.commit()
    return people


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def test_the_travel_page_counts_whom_the_form_concerns_and_who_sent_it(client, login, mai, forum, sponsored,
                                                                       create_travel):
    create_travel(sponsored["Sopheak"], arrival=datetime(2027, 4, 13, 23, 30))
    create_travel(sponsored["Malee"], submitted=False, room="12")  # written by the organisers only: not sent
    login(mai)
    page = client.get(TRAVEL).get_data(as_text=True)
    counts = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page.split('class="travel-counts"')[1].split("</dl>")[0])
    assert counts == [("It concerns", "3 people"), ("Sent their details", "1"), ("Not sent yet", "2")]
    remind = f'href="/forums/{SLUG}/messages/new?default=travel_reminder"'
    assert remind in page
    assert "Remind those who have not sent it" in page
    assert 'id="lists"' in page  # where the lists' links go


def test_the_travel_page_does_not_grow_its_queries_with_the_people(client, login, mai, forum, sponsored,
                                                                   create_registration, create_support, db,
                                                                   create_hotel):
    login(mai)
    create_hotel(forum)
    client.get(TRAVEL)
    few = count_queries(db, lambda: client.get(TRAVEL))
    for number in range(10):
        registration, _token = create_registration(forum, status="confirmed", name=f"Person {number}")
        create_support(registration, kind="accommodation")
        create_hotel(forum, name=f"Hotel {number}")
    client.get(TRAVEL)  # the factories' commits expired the signed-in account: loaded again once, as before `few`
    assert count_queries(db, lambda: client.get(TRAVEL)) == few


def test_the_settings_are_saved_and_a_bad_currency_said_at_its_field(client, db, login, mai, forum):
    login(mai)
    page = client.get(TRAVEL).get_data(as_text=True)
    assert "Closed" in page
    refused = client.post(TRAVEL, data={"form_open": "y", "form_audience": "in_person", "currency": "dollars",
                                        "per_diem_rate": "35", "form_deadline": "2027-03-31"})
    assert refused.status_code == 422
    assert "three-letter ISO 4217 code" in error_beside(refused.get_data(as_text=True), "currency")
    assert db.session.scalar(select(TravelSettings)) is None
    saved = client.post(TRAVEL, data={"form_open": "y", "form_audience": "in_person", "currency": "thb",
                                      "per_diem_rate": "1200.50", "form_deadline": "2027-03-31"})
    assert saved.status_code == 302
    settings = db.session.scalar(select(TravelSettings))
    assert (settings.form_open, settings.form_audience, settings.currency, str(settings.per_diem_rate),
            settings.form_deadline) == (True, "in_person", "THB", "1200.50", date(2027, 3, 31))
    assert "Send by 31 Mar 2027." in client.get(TRAVEL).get_data(as_text=True)


@pytest.mark.parametrize("rate", ["sNaN", "NaN", "-sNaN", "Infinity", "1e400"])
def test_a_per_diem_rate_that_is_no_amount_is_said_at_its_field(client, db, login, mai, forum, rate):
    """Python reads "sNaN" as a number, a signalling one that breaks any comparison: it once gave a 500."""
    login(mai)
    refused = client.post(TRAVEL, data={"form_audience": "sponsored", "currency": "USD", "per_diem_rate": rate,
                                        "form_deadline": "2027-03-31"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert error_beside(page, "per_diem_rate")
    assert 'value="2027-03-31"' in page  # the rest as typed
    assert db.session.scalar(select(TravelSettings)) is None


def test_hotels_are_added_edited_reordered_and_removed(client, db, login, mai, forum, sponsored, create_travel):
    login(mai)
    refused = client.post(f"{TRAVEL}/hotels", data={"name": "Riverside", "address": "12 Charoen Krung Rd",
                                                     "phone": "12"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "country code" in error_beside(page, "phone")
    assert 'value="12 Charoen Krung Rd"' in page  # kept
    client.post(f"{TRAVEL}/hotels", data={"name": "Riverside", "address": "12 Charoen Krung Rd",
                                          "phone": "02 123 4567"})  # read in the forum's country, Thailand
    client.post(f"{TRAVEL}/hotels", data={"name": "Lotus Inn", "phone": ""})
    riverside, lotus = forum_hotels(forum)
    assert riverside.phone == "+6621234567"
    assert "+66 2 123 4567" in client.get(TRAVEL).get_data(as_text=True)
    client.post(f"{TRAVEL}/hotels/{lotus.id}/move/up")
    assert [h.name for h in forum_hotels(forum)] == ["Lotus Inn", "Riverside"]
    edit = client.get(f"{TRAVEL}/hotels/{riverside.id}").get_data(as_text=True)
    assert "Riverside" in edit
    client.post(f"{TRAVEL}/hotels/{riverside.id}", data={"name": "Riverside Hotel", "address": "", "phone": ""})
    assert db.session.get(Hotel, riverside.id).name == "Riverside Hotel"
    create_travel(sponsored["Sopheak"], hotel_id=riverside.id)
    removed = client.post(f"{TRAVEL}/hotels/{riverside.id}/remove", follow_redirects=True).get_data(as_text=True)
    assert "1 person had it as their hotel and has none now." in removed
    assert [h.name for h in forum_hotels(forum)] == ["Lotus Inn"]
    assert travel_details_of(sponsored["Sopheak"]).hotel_id is None


def test_another_forums_hotel_is_not_found(client, login, mai, forum, create_forum, create_hotel):
    elsewhere = create_hotel(create_forum(slug="elsewhere"), name="Not yours")
    login(mai)
    assert client.get(f"{TRAVEL}/hotels/{elsewhere.id}").status_code == 404
    assert client.post(f"{TRAVEL}/hotels/{elsewhere.id}/remove").status_code == 404


def test_the_forums_home_leads_organisers_to_the_travel_page(client, login, mai, forum, create_user, add_role):
    login(mai)
    assert f'href="{TRAVEL}"' in client.get(f"/forums/{SLUG}/").get_data(as_text=True)
    participant = create_user(email="p@example.org")
    add_role(forum, participant, "participant")
    login(participant)
    assert f'href="{TRAVEL}"' not in client.get(f"/forums/{SLUG}/").get_data(as_text=True)


# --- one person at the desk ----------------------------------------------------------------------------------

def desk_data(**fields) -> dict[str, str]:
    data = {"arrival_date": "2027-04-13", "arrival_time": "23:30", "arrival_from": "Yangon (RGN)",
            "arrival_transport": "TG 306", "departure_date": "2027-04-17", "departure_time": "09:00",
            "check_in": "2027-04-13", "check_out": "2027-04-17", "room_sharing": "single",
            "arrival_meet": "Minh, +66 81 234 5678", "departure_meet": "Hotel shuttle", "room": "412",
            "dietary_needs": "Halal", "accessibility_needs": "", "notes": ""}
    data.update(fields)
    return {f"travel-{name}": value for name, value in data.items()}  # the desk's form names its fields apart


def test_organisers_write_the_arrangements_and_the_person_sees_them(client, db, login, mai, forum, sponsored,
                                                                    create_hotel):
    hotel = create_hotel(forum, name="Riverside Hotel")
    aung = sponsored["Aung"]
    login(mai)
    desk = client.get(f"/forums/{SLUG}/registrations/{aung.id}").get_data(as_text=True)
    assert "Travel and accommodation" in desk
    assert "they have not sent it" in desk
    response = client.post(f"{TRAVEL}/registrations/{aung.id}", data=desk_data(hotel_id=str(hotel.id)))
    assert response.status_code == 302
    details = travel_details_of(aung)
    assert (details.hotel_id, details.room, details.arrival_meet) == (hotel.id, "412", "Minh, +66 81 234 5678")
    assert details.arrival_at == datetime(2027, 4, 13, 16, 30, tzinfo=UTC)
    assert details.submitted_at is None  # the organisers wrote it: not sent by the person
    db.session.refresh(aung)
    assert aung.dietary_needs == "Halal"
    desk = client.get(f"/forums/{SLUG}/registrations/{aung.id}").get_data(as_text=True)
    assert "13 Apr 2027, 23:30" in desk
    assert "Not sent yet" in desk


def test_an_organisers_edit_leaves_the_persons_sent_time_alone(client, db, login, mai, forum, sponsored,
                                                               create_travel):
    sopheak = sponsored["Sopheak"]
    sent = create_travel(sopheak, arrival=datetime(2027, 4, 13, 10, 0), departure=datetime(2027, 4, 17, 10, 0))
    sent_at = sent.submitted_at
    login(mai)
    client.post(f"{TRAVEL}/registrations/{sopheak.id}", data=desk_data(room="7"))
    details = travel_details_of(sopheak)
    assert details.room == "7"
    assert details.submitted_at == sent_at


def test_an_organisers_bad_input_is_said_at_its_field_with_everything_kept(client, db, login, mai, forum, sponsored,
                                                                           create_forum, create_hotel):
    elsewhere = create_hotel(create_forum(slug="elsewhere"), name="Not yours")
    aung = sponsored["Aung"]
    login(mai)
    response = client.post(f"{TRAVEL}/registrations/{aung.id}",
                           data=desk_data(check_out="2027-04-12", hotel_id=str(elsewhere.id)))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "after the first night" in error_beside(page, "travel-check_out")
    assert "Not a valid choice" in error_beside(page, "travel-hotel_id")
    fields = {f.name: f.value for form in forms_of(page) for f in form.fields}
    assert fields["travel-arrival_meet"] == "Minh, +66 81 234 5678"
    assert fields["travel-room"] == "412"
    assert travel_details_of(aung) is None


def test_far_dates_are_refused_for_the_organisers_too(client, login, mai, forum, sponsored):
    far = (forum.end_date + timedelta(days=31)).isoformat()
    login(mai)
    response = client.post(f"{TRAVEL}/registrations/{sponsored['Aung'].id}",
                           data=desk_data(departure_date=far, check_out=""))
    assert "Choose a day between" in error_beside(response.get_data(as_text=True), "travel-departure_date")


def test_the_organisers_pages_give_each_id_once(csrf_app, client, login, mai, forum, sponsored, create_hotel):
    """Several forms on one page (settings, a hotel, each hotel's buttons; the desk's own forms beside the travel
    panel's) once rendered the same CSRF token id many times, which a screen reader's form navigation trips on."""
    from collections import Counter

    create_hotel(forum, name="Riverside")
    create_hotel(forum, name="Lotus Inn")
    login(mai)
    for path in (TRAVEL, f"/forums/{SLUG}/registrations/{sponsored['Aung'].id}"):
        page = client.get(path).get_data(as_text=True)
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert [name for name, count in ids.items() if count > 1] == [], path
