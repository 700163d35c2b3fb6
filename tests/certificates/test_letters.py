"""Invitation letters, the person's side: the request form on the private page (a passport number of a wrong shape
refused beside the field with what was typed kept; the optional details may stay empty), changing and withdrawing
a request before it is decided, and the organisers' letter settings refusing an unknown placeholder."""

from __future__ import annotations

import pytest

from forumops.certificates.letters.models import LetterRequest, LetterSettings
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data  # noqa: F401  (fixture)


def _page(token: str) -> str:
    return f"/forums/{SLUG}/registration/{token}/letter"


def test_the_private_page_offers_the_letter_and_the_form_asks_for_its_details(client, letters):
    manage = client.get(f"/forums/{SLUG}/registration/{letters.token}").get_data(as_text=True)
    assert "Invitation letter" in manage
    assert _page(letters.token) in manage
    form = client.get(_page(letters.token)).get_data(as_text=True)
    for label in ("Your name as written in your passport", "Nationality", "Passport number (optional)",
                  "Date of birth (optional)", "Address the letter to (optional)"):
        assert label in form
    assert '<option selected value="KH">' in form  # the registration's country, to check


@pytest.mark.parametrize("typed", ["AB-12", "12345", "N01234567890", "N0 12#456"])
def test_a_passport_number_of_the_wrong_shape_is_refused_beside_the_field_and_kept(client, letters, db, typed):
    response = client.post(_page(letters.token), data=request_data(passport_number=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A passport number has 6 to 9 letters and digits" in page
    assert 'id="passport_number-error"' in page
    assert f'value="{typed}"' in page
    assert "SOK SOPHEAK" in page  # the rest of what was typed stays too
    assert db.session.query(LetterRequest).count() == 0


def test_the_optional_details_may_stay_empty(client, letters, db):
    response = client.post(_page(letters.token), data=request_data(
        passport_number="", birth_date="", authority_name="", authority_address=""))
    assert response.status_code == 302
    request = db.session.query(LetterRequest).one()
    assert (request.passport_number, request.birth_date, request.authority_name) == ("", None, "")
    assert request.status == "requested"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your request is sent" in page
    assert "Requested" in page


def test_spaces_in_a_passport_number_do_not_count_and_letters_are_kept_in_capitals(client, letters, db):
    assert client.post(_page(letters.token), data=request_data(passport_number="n 0123 456")).status_code == 302
    assert db.session.query(LetterRequest).one().passport_number == "N0123456"


def test_an_address_without_the_office_it_belongs_to_is_refused(client, letters, db):
    response = client.post(_page(letters.token), data=request_data(authority_name=""))
    assert response.status_code == 422
    assert "Name the office this address belongs to" in response.get_data(as_text=True)


def test_the_person_changes_and_then_withdraws_the_request_before_a_decision(client, letters, db):
    client.post(_page(letters.token), data=request_data())
    client.post(_page(letters.token), data=request_data(purpose="employer", authority_name="",
                                                        authority_address=""))
    request = db.session.query(LetterRequest).one()
    assert (request.purpose, request.authority_name) == ("employer", "")
    response = client.post(_page(letters.token) + "/withdraw", data={})
    assert response.status_code == 302
    assert db.session.query(LetterRequest).count() == 0
    assert "Request an invitation letter" in client.get(f"/forums/{SLUG}/registration/{letters.token}").get_data(
        as_text=True)


def test_no_request_while_letters_are_not_offered_or_the_place_is_not_confirmed_or_pending(
        client, letters, db, create_registration):
    waiting, token = create_registration(letters.forum, notify=False, status="waitlisted")
    assert "Request an invitation letter" not in client.get(
        f"/forums/{SLUG}/registration/{token}").get_data(as_text=True)
    assert client.post(_page(token), data=request_data()).status_code == 422
    db.session.get(LetterSettings, letters.forum.id).is_open = False
    db.session.commit()
    page = client.get(_page(letters.token)).get_data(as_text=True)
    assert "Invitation letters are not offered for this registration now" in page
    assert client.post(_page(letters.token), data=request_data()).status_code == 422
    assert db.session.query(LetterRequest).count() == 0


def test_the_same_request_through_the_account(client, letters, db, create_user, create_registration, login):
    person = create_user(email="vanna@example.org", name="Chea Vanna")
    create_registration(letters.forum, user=person, notify=False, status="pending", email="vanna@example.org")
    login(person)
    for place in (f"/forums/{SLUG}/my-registration", f"/forums/{SLUG}/"):  # their page, and their home there
        assert f'href="/forums/{SLUG}/my-registration/letter"' in client.get(place).get_data(as_text=True), place
    assert client.post(f"/forums/{SLUG}/my-registration/letter",
                       data=request_data(passport_name="CHEA VANNA")).status_code == 302
    assert db.session.query(LetterRequest).one().passport_name == "CHEA VANNA"


def test_settings_refuse_an_unknown_placeholder_beside_the_field_and_keep_the_text(client, letters, db, login):
    login(letters.mai)
    body = "Dear {authority},\n\nWe invite {pasport_name} to {forum}."
    response = client.post(f"/forums/{SLUG}/letters/settings", data={
        "is_open": "y", "subject": "Invitation", "body": body, "signatory": str(letters.signatory.id),
        "with_forum_logo": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="body-error"' in page
    assert "Unknown placeholder: {pasport_name}" in page
    assert "We invite {pasport_name} to {forum}." in page
    assert db.session.get(LetterSettings, letters.forum.id).subject == "Invitation to {forum}"  # nothing saved


def test_settings_save_the_text_the_signatory_and_the_letterhead(client, letters, db, login):
    login(letters.mai)
    response = client.post(f"/forums/{SLUG}/letters/settings", data={
        "subject": "Letter of invitation: {forum}", "body": "To {authority}: {passport_name} is invited.",
        "signatory": str(letters.signatory.id)})
    assert response.status_code == 302
    settings = db.session.get(LetterSettings, letters.forum.id)
    assert (settings.is_open, settings.with_forum_logo, settings.subject) == (False, False,
                                                                              "Letter of invitation: {forum}")
    page = client.get(f"/forums/{SLUG}/letters/settings").get_data(as_text=True)
    assert "{passport_name}" in page
    assert "Dr Lan Pham" in page


def test_the_letter_is_written_in_the_persons_language_when_the_forum_has_that_version(
        client, letters, db, create_registration):
    from forumops.certificates.letters.text import LETTER
    from forumops.forums.versions import save_versions

    forum = letters.forum
    forum.languages = ["en", "km", "th"]
    settings = db.session.get(LetterSettings, forum.id)
    originals = {(LETTER, forum.id, "subject"): settings.subject, (LETTER, forum.id, "body"): settings.body}
    save_versions(forum, "km", {(LETTER, forum.id, "subject"): "លិខិតអញ្ជើញចូលរួម {forum}",
                                (LETTER, forum.id, "body"): "យើងខ្ញុំសូមអញ្ជើញ {passport_name} ({nationality})។"},
                  originals)
    # a Thai version naming a placeholder letters do not know is not offered (the translation page cannot check it)
    save_versions(forum, "th", {(LETTER, forum.id, "subject"): "หนังสือเชิญ {forum}",
                                (LETTER, forum.id, "body"): "ขอเชิญ {ชื่อ}"}, originals)
    db.session.commit()
    _registration, token = create_registration(forum, notify=False, status="confirmed", language="km",
                                               name="ហេង សុភ័ក្រ", email="heng@example.org")
    page = client.get(_page(token)).get_data(as_text=True)
    assert '<option selected value="km">' in page  # his language, offered first
    assert 'value="th"' not in page
    assert client.post(_page(token), data=request_data(language="km")).status_code == 302
    from forumops.certificates.letters.models import LetterRequest as Request
    from forumops.certificates.letters.text import write_letter

    request = db.session.query(Request).one()
    with client.application.test_request_context():
        letter = write_letter(forum, settings, request, forum.start_date)
    assert letter.language == "km"
    assert letter.body == "យើងខ្ញុំសូមអញ្ជើញ SOK SOPHEAK (កម្ពុជា)។"  # the country named in Khmer too
    assert client.post(_page(token), data=request_data(language="th")).status_code == 422


def test_settings_take_only_the_forums_own_partners_logos(client, letters, db, login):
    login(letters.mai)
    response = client.post(f"/forums/{SLUG}/letters/settings", data={
        "subject": "Invitation", "body": "To {authority}.", "signatory": str(letters.signatory.id),
        "partner_logos": ["999999"]})
    assert response.status_code == 422
    assert "Tick only the forum&#39;s partners listed." in response.get_data(as_text=True)
    assert db.session.get(LetterSettings, letters.forum.id).partner_logo_ids == []
