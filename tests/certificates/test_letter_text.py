"""What a letter says of the venue and of the person: the city and country once, even when the organiser typed the
whole postal address (the demo's Jakarta forum: "…Jakarta 12110, Indonesia"), in the body's {venue} and in the
letterhead only the city; the house text names the person by their passport name throughout and says how they take
part ({participation}: online, or in person at the venue); the approve step warns when an online participant's
letter text does not say so."""

from __future__ import annotations

import subprocess

import pytest

from forumops.certificates.letters.models import LetterRequest, LetterSettings
from forumops.certificates.letters.text import default_texts
from forumops.communications.placeholders import forum_values
from forumops.forums.venue import venue_line
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data, version_of  # noqa: F401
from tests.conftest import sign_in

JAKARTA = "Jl. Sisingamangaraja No. 70A, Kebayoran Baru, Jakarta 12110, Indonesia"


def _issued_letter_text(app, client, letters, db) -> str:
    """Sopheak asks, Mai approves; the letter's text as poppler reads it, white space collapsed."""
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data()).status_code == 302
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": version_of(request)}).status_code == 302
    pdf = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf").data
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_a_letter_says_the_city_and_country_once_when_the_address_names_them(app, client, letters, db):
    forum = letters.forum
    forum.venue_name, forum.venue_address = "ASEAN Secretariat", JAKARTA
    forum.venue_city, forum.venue_country = "Jakarta", "ID"
    db.session.commit()
    text = _issued_letter_text(app, client, letters, db)
    venue = f"ASEAN Secretariat, {JAKARTA}"
    assert f"held at {venue} on 8–10 June 2027" in text  # the body's {venue}
    assert "8–10 June 2027 · Jakarta" in text  # the letterhead: the dates and the city only
    assert "Indonesia, Jakarta" not in text
    assert text.count("Indonesia") == 1
    assert text.count("Sisingamangaraja") == 1


@pytest.mark.parametrize(("address", "city", "country", "expected"), [
    (JAKARTA, "Jakarta", "ID", JAKARTA),
    ("Hanoi, Vietnam", "Ha Noi", "VN", "Hanoi, Vietnam"),  # spaces, and ISO's "Viet Nam", read as the same
    ("44B Ly Thuong Kiet", "Hà Nội", "VN", "44B Ly Thuong Kiet, Hà Nội, Viet Nam"),
    ("12 Huerta Street", "Hue", "VN", "12 Huerta Street, Hue, Viet Nam"),  # a city inside a word is not named
    ("", "Phnom Penh", "KH", "Phnom Penh, Cambodia"),
])
def test_the_venue_line_leaves_out_what_the_address_already_names(app, create_forum, address, city, country,
                                                                   expected):
    forum = create_forum("venue-line", venue_name="", venue_address=address, venue_city=city, venue_country=country)
    with app.test_request_context():
        assert venue_line(forum) == expected
        assert forum_values(forum).venue == expected  # an announcement's {venue} says it once too


def test_the_house_text_names_the_person_by_their_passport_name_throughout(app, client, letters, db):
    with app.test_request_context():
        subject, body = default_texts()
    assert "{name}" not in body
    settings = db.session.get(LetterSettings, letters.forum.id)
    settings.subject, settings.body = subject, body
    db.session.commit()
    text = _issued_letter_text(app, client, letters, db)
    assert "We are pleased to invite SOK SOPHEAK" in text
    assert "look forward to SOK SOPHEAK's participation." in text
    assert "Sok Sopheak" not in text  # the registration's spelling, which the passport does not use


def _use_house_text(app, letters, db) -> None:
    with app.test_request_context():
        subject, body = default_texts()
    settings = db.session.get(LetterSettings, letters.forum.id)
    settings.subject, settings.body = subject, body
    db.session.commit()


def _joins_online(letters, db) -> None:
    letters.forum.mode = "hybrid"
    letters.registration.attendance_mode = "online"
    db.session.commit()


def test_the_house_text_invites_an_online_participant_online_without_the_venue(app, client, letters, db):
    _joins_online(letters, db)
    _use_house_text(app, letters, db)
    text = _issued_letter_text(app, client, letters, db)
    assert "to take part in Hanoi Training on Women's Economic Empowerment, online, on 8–10 June 2027." in text
    assert "Melia Hotel" not in text
    assert "44B Ly Thuong Kiet" not in text
    assert "welcoming" not in text
    assert "8–10 June 2027 · Hanoi" in text  # the letterhead still says where the forum is held


def test_the_house_text_invites_an_in_person_participant_to_the_venue(app, client, letters, db):
    _use_house_text(app, letters, db)
    text = _issued_letter_text(app, client, letters, db)
    assert ("to take part in Hanoi Training on Women's Economic Empowerment, in person at Melia Hotel, "
            "44B Ly Thuong Kiet, Hanoi, Viet Nam, on 8–10 June 2027.") in text
    assert text.count("44B Ly Thuong Kiet") == 1  # the body only: the letterhead has the city
    assert "8–10 June 2027 · Hanoi" in text


def test_the_settings_page_lists_participation_with_the_other_placeholders(client, letters, login):
    login(letters.mai)
    page = client.get(f"/forums/{SLUG}/letters/settings").get_data(as_text=True)
    assert "{participation}" in page
    assert "{venue}" in page


def test_the_approve_step_warns_when_an_online_participants_letter_text_names_only_the_venue(
        app, client, letters, db, login):
    _joins_online(letters, db)
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter",
                       data=request_data(purpose="other")).status_code == 302
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    warning = "yet this letter text does not say so: it does not use {participation}"
    page = organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)
    assert warning in page  # the forum's own saved text ("held at {venue}") is kept as it is
    assert "held at {venue}" in db.session.get(LetterSettings, letters.forum.id).body
    _use_house_text(app, letters, db)
    assert warning not in organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)
