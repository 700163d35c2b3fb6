"""Registration questions of every kind (issue 23, item 1): each asked with its own input, checked with a message
beside the field (what else was typed kept, nothing half-saved), stored in the form the desk, the CSV and the person
read: ISO dates, HH:MM times, numbers within bounds, phone numbers in international form, country codes, files
judged by their content."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.core.files import StoredFile
from forumops.registration import setup
from forumops.registration.links import issue_link
from forumops.registration.models import AnswerFile, Registration
from tests.conftest import pdf_bytes, sign_in

EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200  # a Windows program


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai, mode="in_person",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


@pytest.fixture
def questions(forum, db):
    """One question of each new kind, by kind."""
    made = {
        "heading": setup.add_question(forum, {"label": "Travel to Hanoi", "kind": "heading",
                                              "help_text": "We book flights for sponsored participants."}),
        "date": setup.add_question(forum, {"label": "Date of birth", "kind": "date"}),
        "time": setup.add_question(forum, {"label": "Earliest arrival", "kind": "time"}),
        "number": setup.add_question(forum, {"label": "Nights at the hotel", "kind": "number", "min_value": 1,
                                             "max_value": 10}),
        "phone": setup.add_question(forum, {"label": "Mobile phone", "kind": "phone"}),
        "country": setup.add_question(forum, {"label": "Nationality", "kind": "country"}),
        "email": setup.add_question(forum, {"label": "Your supervisor's email", "kind": "email"}),
        "file": setup.add_question(forum, {"label": "Passport scan", "kind": "file"}),
    }
    db.session.commit()
    return made


def form(**overrides):
    data = {"name": "Sopheak Chan", "email": "sopheak@example.org", "organisation": "Cambodian Farmers' Network",
            "country": "VN", "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}
    data.update(overrides)
    return data


def field(question) -> str:
    return f"q_{question.id}"


def post(client, url, data):
    return client.post(url, data=data, content_type="multipart/form-data")


def error_of(page: str, question) -> str:
    """The message beside a question's own field (its error paragraph), or ""."""
    found = re.search(rf'<p class="error-message" id="{field(question)}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_each_kind_is_asked_with_its_own_input(client, questions):
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<h2 class="question-heading">Travel to Hanoi</h2>', page)
    assert "We book flights for sponsored participants." in page
    assert f'name="{field(questions["heading"])}"' not in page  # a heading takes no answer
    assert re.search(rf'<input[^>]*id="{field(questions["date"])}"[^>]*type="date"', page)
    assert re.search(rf'<input[^>]*id="{field(questions["time"])}"[^>]*type="time"', page)
    number = re.search(rf'<input[^>]*id="{field(questions["number"])}"[^>]*>', page).group(0)
    assert 'type="number"' in number
    assert 'min="1"' in number
    assert 'max="10"' in number
    assert re.search(rf'<input[^>]*autocomplete="tel"[^>]*id="{field(questions["phone"])}"[^>]*type="tel"', page)
    assert re.search(rf'<select[^>]*id="{field(questions["country"])}"[^>]*>.*?Lao People', page, re.S)
    assert re.search(rf'<input[^>]*id="{field(questions["email"])}"[^>]*type="email"', page)
    assert re.search(rf'<input[^>]*accept="[^"]*\.pdf[^"]*"[^>]*id="{field(questions["file"])}"[^>]*type="file"', page)


def test_good_answers_of_every_kind_are_stored_as_the_desk_reads_them(client, questions, db, login, mai):
    response = post(client, "/forums/acf/register", form(**{
        field(questions["date"]): "1988-02-29", field(questions["time"]): "07:45",
        field(questions["number"]): "3", field(questions["phone"]): "024 3823 4567",  # national, read in Viet Nam
        field(questions["country"]): "LA", field(questions["email"]): " Dara@Example.org ",
        field(questions["file"]): (io.BytesIO(pdf_bytes()), "Passport scan.pdf")}))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    answers = registration.answers
    assert answers[str(questions["date"].id)] == "1988-02-29"
    assert answers[str(questions["time"].id)] == "07:45"
    assert answers[str(questions["number"].id)] == 3
    assert answers[str(questions["phone"].id)] == "+842438234567"
    assert answers[str(questions["country"].id)] == "LA"
    assert answers[str(questions["email"].id)] == "Dara@Example.org"
    assert answers[str(questions["file"].id)] == "Passport scan.pdf"
    assert str(questions["heading"].id) not in answers
    [sent] = db.session.scalars(select(AnswerFile)).all()
    assert (sent.registration_id, sent.question_id, sent.stored.kind) == (registration.id, questions["file"].id, "pdf")

    login(mai)
    page = client.get(f"/forums/acf/registrations/{registration.id}").get_data(as_text=True)
    assert "29 Feb 1988" in page or "Feb 29, 1988" in page  # the page language's format, the month as a word
    assert "+84 24 3823 4567" in page  # international, as anyone dials it
    assert "Lao People" in page
    assert f'href="/forums/acf/registrations/{registration.id}/files/{questions["file"].id}"' in page
    assert "Travel to Hanoi</dt>" not in page  # a heading is never an answer


@pytest.mark.parametrize(("typed", "country", "stored"), [
    ("+66 2 123 4567", "VN", "+6621234567"),  # international: the person's country does not matter
    ("0912 345 678", "VN", "+84912345678"),  # national, read in the person's country
    ("(02) 123 4567", "TH", "+6621234567"),
])
def test_a_phone_number_is_stored_in_international_form(client, questions, db, typed, country, stored):
    assert post(client, "/forums/acf/register", form(country=country, **{
        field(questions["phone"]): typed})).status_code == 302
    assert db.session.scalar(select(Registration)).answers[str(questions["phone"].id)] == stored


@pytest.mark.parametrize(("kind", "typed", "message"), [
    ("phone", "12", "This is not a phone number."),
    ("phone", "call me", "This is not a phone number."),
    ("number", "11", "Enter a number from 1 to 10."),
    ("number", "0.5", "Enter a number from 1 to 10."),
    ("number", "three", "Enter a number, like 12 or 2.5."),
    ("number", "NaN", "Enter a number, like 12 or 2.5."),
    ("number", "1e999", "Enter a number, like 12 or 2.5."),
    ("date", "31/02/2027", "Enter a date like 2027-04-14."),
    ("time", "25:00", "Enter a time of day like 14:30."),
    ("email", "not-an-email", "Enter an email address like name@example.org."),
    ("country", "XX", "Not a valid choice."),
])
def test_bad_input_is_refused_beside_its_field_and_everything_typed_is_kept(client, questions, db, kind, typed,
                                                                            message):
    response = post(client, "/forums/acf/register", form(**{
        field(questions[kind]): typed, field(questions["time"]): "07:45" if kind != "time" else typed,
        field(questions["email"]): "dara@example.org" if kind != "email" else typed}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in error_of(page, questions[kind])
    assert 'value="Sopheak Chan"' in page
    assert "Cambodian Farmers&#39; Network" in page
    if kind != "country":
        assert f'value="{typed}"' in page  # what they typed, to correct it
    assert 'value="07:45"' in page or kind == "time"
    assert count(db, Registration) == 0


def test_a_number_within_its_bounds_keeps_its_decimals(client, questions, db):
    assert post(client, "/forums/acf/register", form(**{field(questions["number"]): "2.5"})).status_code == 302
    assert db.session.scalar(select(Registration)).answers[str(questions["number"].id)] == 2.5


def test_a_file_refused_by_its_content_is_named_beside_its_field_and_nothing_is_kept(client, questions, db):
    response = post(client, "/forums/acf/register", form(**{
        field(questions["phone"]): "+84 912 345 678",
        field(questions["file"]): (io.BytesIO(EXE_AS_PDF), "passport.pdf")}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“passport.pdf” was refused" in error_of(page, questions["file"])
    assert 'value="Sopheak Chan"' in page
    assert 'value="+84 912 345 678"' in page
    assert (count(db, Registration), count(db, AnswerFile), count(db, StoredFile)) == (0, 0, 0)


def test_a_file_chosen_while_another_field_was_wrong_is_asked_for_again(client, questions, db):
    page = post(client, "/forums/acf/register", form(**{
        field(questions["phone"]): "12", field(questions["file"]): (io.BytesIO(pdf_bytes()), "passport.pdf")}))
    assert "Choose the file again" in page.get_data(as_text=True)
    assert count(db, StoredFile) == 0
    # nothing chosen, nothing to choose again
    page = post(client, "/forums/acf/register", form(**{field(questions["phone"]): "12"})).get_data(as_text=True)
    assert "Choose the file again" not in page


def test_a_required_file_is_asked_for(client, forum, db):
    letter = setup.add_question(forum, {"label": "Nomination letter", "kind": "file", "required": True})
    db.session.commit()
    page = post(client, "/forums/acf/register", form()).get_data(as_text=True)
    assert "Choose a file to send." in error_of(page, letter)


def registered_with_file(client, db, questions, **answers):
    assert post(client, "/forums/acf/register", form(**{
        field(questions["file"]): (io.BytesIO(pdf_bytes()), "passport.pdf"), **answers})).status_code == 302
    registration = db.session.scalar(select(Registration))
    token = issue_link(registration)  # the link the confirmation email carried
    db.session.commit()
    return registration, token


def test_a_new_file_replaces_the_old_one_which_is_forgotten_and_no_file_sent_keeps_it(client, questions, db):
    registration, token = registered_with_file(client, db, questions)
    manage = f"/forums/acf/registration/{token}"
    page = client.get(manage).get_data(as_text=True)
    assert "You sent “passport.pdf”" in page
    assert f'href="{manage}/files/{questions["file"].id}"' in page
    old = db.session.scalar(select(AnswerFile.stored_file_id))

    # the form sent again without a file: the one sent before stays
    assert post(client, manage, form(**{field(questions["phone"]): "+84 912 345 678"})).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(AnswerFile.stored_file_id)) == old
    assert db.session.get(Registration, registration.id).answers[str(questions["file"].id)] == "passport.pdf"

    assert post(client, manage, form(**{field(questions["file"]): (io.BytesIO(pdf_bytes(2)), "passport-new.pdf")})
                ).status_code == 302
    db.session.expire_all()
    [row] = db.session.scalars(select(AnswerFile)).all()
    assert row.stored_file_id != old
    assert row.filename == "passport-new.pdf"
    assert db.session.get(StoredFile, old) is None  # forgotten: no longer downloadable, not in the next backup
    assert db.session.get(Registration, registration.id).answers[str(questions["file"].id)] == "passport-new.pdf"
    assert client.get(f"{manage}/files/{questions['file'].id}").data == pdf_bytes(2)


def test_a_file_sent_by_mistake_is_removed_unless_the_question_requires_one(client, questions, forum, db):
    """Before: "choose another to replace it" was all the page offered; a passport scan sent by mistake stayed."""
    registration, token = registered_with_file(client, db, questions)
    manage = f"/forums/acf/registration/{token}"
    scan = field(questions["file"])
    page = html.unescape(client.get(manage).get_data(as_text=True))
    assert f'<input type="checkbox" id="{scan}-remove" name="{scan}-remove" value="y">' in page
    assert f'<label for="{scan}-remove">Remove “passport.pdf”</label>' in page
    assert post(client, manage, form(**{f"{scan}-remove": "y"})).status_code == 302
    db.session.expire_all()
    assert str(questions["file"].id) not in db.session.get(Registration, registration.id).answers
    assert (count(db, AnswerFile), count(db, StoredFile)) == (0, 0)  # forgotten, not in the next backup
    assert "passport.pdf" not in client.get(manage).get_data(as_text=True)
    assert client.get(f"{manage}/files/{questions['file'].id}").status_code == 404


def test_a_required_file_can_be_replaced_but_not_removed(client, forum, db):
    letter = setup.add_question(forum, {"label": "Nomination letter", "kind": "file", "required": True})
    db.session.commit()
    assert post(client, "/forums/acf/register", form(**{
        field(letter): (io.BytesIO(pdf_bytes()), "letter.pdf")})).status_code == 302
    token = issue_link(db.session.scalar(select(Registration)))
    db.session.commit()
    manage = f"/forums/acf/registration/{token}"
    assert f'name="{field(letter)}-remove"' not in client.get(manage).get_data(as_text=True)
    assert post(client, manage, form(**{f"{field(letter)}-remove": "y"})).status_code == 302  # sent by hand anyway
    assert db.session.scalar(select(AnswerFile.filename)) == "letter.pdf"


def test_a_refused_replacement_keeps_the_file_and_the_answers_as_they_were(client, questions, db):
    registration, token = registered_with_file(client, db, questions, **{field(questions["number"]): "2"})
    manage = f"/forums/acf/registration/{token}"
    response = post(client, manage, form(**{field(questions["number"]): "4",
                                            field(questions["file"]): (io.BytesIO(EXE_AS_PDF), "new.pdf")}))
    assert response.status_code == 422
    assert "“new.pdf” was refused" in error_of(response.get_data(as_text=True), questions["file"])
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).answers[str(questions["number"].id)] == 2
    assert db.session.scalar(select(AnswerFile.filename)) == "passport.pdf"


def test_only_the_person_and_the_organisers_download_a_file_sent(client, app, questions, db, forum, mai, create_user,
                                                                 create_registration, create_forum, login):
    registration, token = registered_with_file(client, db, questions)
    url = f"/forums/acf/registration/{token}/files/{questions['file'].id}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == pdf_bytes()
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    # another registration's link does not open this one's file
    other, other_token = create_registration(forum, email="other@example.org")
    assert client.get(f"/forums/acf/registration/{other_token}/files/{questions['file'].id}").status_code == 404
    # by account: the person whose registration it is
    sopheak = create_user(email="sopheak@example.org", name="Sopheak Chan")
    registration.user_id = sopheak.id
    db.session.commit()
    login(sopheak)
    assert client.get(f"/forums/acf/my-registration/files/{questions['file'].id}").data == pdf_bytes()
    desk = f"/forums/acf/registrations/{registration.id}/files/{questions['file'].id}"
    assert client.get(desk).status_code == 403  # a participant is not at the desk
    stranger, other_organiser = app.test_client(), create_user(email="else@example.org")
    create_forum(slug="other-forum", organiser=other_organiser)
    sign_in(stranger, other_organiser)
    assert stranger.get(desk).status_code == 403  # another forum's organiser
    assert stranger.get(f"/forums/acf/my-registration/files/{questions['file'].id}").status_code == 404
    organiser = app.test_client()
    sign_in(organiser, mai)
    assert organiser.get(desk).data == pdf_bytes()
    assert organiser.get(f"/forums/acf/registrations/{other.id}/files/{questions['file'].id}").status_code == 404


def test_the_persons_page_shows_each_answer_in_its_field_to_change_it(client, questions, db):
    registration, token = registered_with_file(client, db, questions, **{
        field(questions["phone"]): "0912 345 678", field(questions["date"]): "1988-02-29",
        field(questions["time"]): "07:45", field(questions["number"]): "2.5", field(questions["country"]): "LA"})
    page = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(rf'id="{field(questions["phone"])}"[^>]*value="\+84 912 345 678"', page)  # as anyone dials it
    assert re.search(rf'id="{field(questions["date"])}"[^>]*value="1988-02-29"', page)
    assert re.search(rf'id="{field(questions["time"])}"[^>]*value="07:45"', page)
    assert re.search(rf'id="{field(questions["number"])}"[^>]*value="2.5"', page)
    assert re.search(r'<option selected value="LA">', page)
    assert "Travel to Hanoi" in page
