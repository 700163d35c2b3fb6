"""Registration questions asked on a condition, questions only organisers see and fill, the private answers in the
CSV export, and the builder that makes them (issue 23, items 1 and 5)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.core.files import StoredFile
from forumops.followup.editions import create_next_edition
from forumops.registration import answers, setup
from forumops.registration.links import issue_link
from forumops.registration.models import AnswerFile, Question, Registration
from tests.conftest import pdf_bytes, sign_in
from tests.registration.test_question_kinds import error_of, field, form, post


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai, mode="in_person",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


@pytest.fixture
def visa(forum, db):
    """"Do you need a visa?" and, only on "yes", the passport scan (required) and the embassy."""
    need = setup.add_question(forum, {"label": "Do you need a visa?", "kind": "yes_no"})
    scan = setup.add_question(forum, {"label": "Passport scan", "kind": "file", "required": True,
                                      "shown_if": [f"{need.id}:yes"]})
    embassy = setup.add_question(forum, {"label": "Embassy where you apply", "kind": "short_text",
                                         "shown_if": [f"{need.id}:yes"]})
    db.session.commit()
    return need, scan, embassy


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_conditional_question_says_when_it_is_asked_and_carries_its_condition(client, visa):
    need, scan, _embassy = visa
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert f'data-shown-if="{field(need)}"' in page
    assert "data-shown-values='[\"yes\"]'" in page
    assert "Only if you answered “Yes” to “Do you need a visa?”." in page  # read without the script too
    assert "js/conditional-questions.js" in page
    assert 'aria-live="polite"' in page


def test_a_hidden_question_is_neither_required_nor_kept(client, visa, db):
    need, scan, embassy = visa
    missing = post(client, "/forums/acf/register", form(**{field(need): "yes"}))
    assert "Choose a file to send." in error_of(missing.get_data(as_text=True), scan)
    assert count(db, Registration) == 0
    response = post(client, "/forums/acf/register", form(**{
        field(need): "no", field(embassy): "Phnom Penh",  # sent without the script hiding it: not kept
        field(scan): (io.BytesIO(pdf_bytes()), "passport.pdf")}))
    assert response.status_code == 302
    assert db.session.scalar(select(Registration)).answers == {str(need.id): "no"}
    assert (count(db, AnswerFile), count(db, StoredFile)) == (0, 0)


def test_the_answer_and_file_go_when_the_condition_no_longer_holds(client, visa, db):
    need, scan, embassy = visa
    assert post(client, "/forums/acf/register", form(**{
        field(need): "yes", field(embassy): "Phnom Penh",
        field(scan): (io.BytesIO(pdf_bytes()), "passport.pdf")})).status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.answers[str(embassy.id)] == "Phnom Penh"
    assert count(db, AnswerFile) == 1
    token = issue_link(registration)
    db.session.commit()

    # the person no longer needs a visa: the page still sends the embassy typed, as a form without the script does
    assert post(client, f"/forums/acf/registration/{token}", form(**{
        field(need): "no", field(embassy): "Phnom Penh"})).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).answers == {str(need.id): "no"}
    assert (count(db, AnswerFile), count(db, StoredFile)) == (0, 0)  # the passport scan is gone, not just hidden
    assert client.get(f"/forums/acf/registration/{token}/files/{scan.id}").status_code == 404


def test_a_condition_on_a_multiple_choice_holds_when_one_of_its_choices_is_ticked(client, forum, db):
    needs = setup.add_question(forum, {"label": "What do you need?", "kind": "multiple_choice",
                                       "options": ["Flight", "Hotel", "Visa letter"]})
    nights = setup.add_question(forum, {"label": "How many nights?", "kind": "number", "required": True,
                                        "shown_if": [f"{needs.id}:Hotel"]})
    db.session.commit()
    page = post(client, "/forums/acf/register", form(**{field(needs): ["Flight", "Hotel"]})).get_data(as_text=True)
    assert "Please answer this question." in error_of(page, nights)
    assert post(client, "/forums/acf/register", form(**{field(needs): ["Flight"]})).status_code == 302


def test_the_desk_says_why_a_conditional_question_was_not_asked(app, forum, mai, visa, db, create_registration):
    need, _scan, embassy = visa
    letter = setup.add_question(forum, {"label": "Letter for which embassy?", "kind": "single_choice",
                                        "options": ["Jakarta", "Bangkok"], "shown_if": [f"{need.id}:yes"]})
    courier = setup.add_question(forum, {"label": "Courier address", "kind": "short_text",
                                         "shown_if": [f"{letter.id}:Jakarta"]})
    said_no, _token = create_registration(forum, email="sopheak@example.org", answers={str(need.id): "no"})
    silent, _token = create_registration(forum, email="dara@example.org")
    desk = app.test_client()
    sign_in(desk, mai)

    def answer_to(registration, question) -> str:
        page = desk.get(f"/forums/acf/registrations/{registration.id}").get_data(as_text=True)
        return page.split(f"<dt>{question.label}</dt>", 1)[1].split("</dd>", 1)[0]

    assert "not asked: they answered “No” to “Do you need a visa?”" in answer_to(said_no, embassy)
    assert "not asked: “Letter for which embassy?” was not asked either" in answer_to(said_no, courier)
    assert "not asked: “Do you need a visa?” was not answered" in answer_to(silent, embassy)
    assert "was not given" not in answer_to(said_no, embassy)


@pytest.fixture
def arrangements(forum, db):
    """The organisers' own questions: a room note and the driver's phone."""
    room = setup.add_question(forum, {"label": "Room arranged", "kind": "short_text", "organisers_only": True})
    driver = setup.add_question(forum, {"label": "Driver's phone", "kind": "phone", "organisers_only": True})
    diet = setup.add_question(forum, {"label": "Dietary details", "kind": "short_text"})
    db.session.commit()
    return room, driver, diet


def test_organisers_questions_are_never_on_the_participants_form_and_survive_their_edits(
        client, app, forum, mai, arrangements, db, create_registration):
    room, driver, diet = arrangements
    assert "Room arranged" not in client.get("/forums/acf/register").get_data(as_text=True)
    registration, token = create_registration(forum, email="sopheak@example.org", name="Sopheak Chan",
                                              country="KH", answers={str(diet.id): "No pork"})
    desk = app.test_client()
    sign_in(desk, mai)
    detail = f"/forums/acf/registrations/{registration.id}"
    assert "Room arranged" in desk.get(detail).get_data(as_text=True)
    response = desk.post(detail, data={field(room): "Twin room with Dara", field(driver): "012 345 678"})
    assert response.status_code == 302
    db.session.expire_all()
    answers = db.session.get(Registration, registration.id).answers
    assert answers[str(room.id)] == "Twin room with Dara"
    assert answers[str(driver.id)] == "+85512345678"  # read in the registration's country, Cambodia
    assert answers[str(diet.id)] == "No pork"  # the participant's own answer untouched

    manage = f"/forums/acf/registration/{token}"
    page = client.get(manage).get_data(as_text=True)
    assert "Room arranged" not in page
    assert "Twin room" not in page
    # the person changes their answers, even naming the organisers' question: it stays as the organisers wrote it
    assert post(client, manage, form(email="sopheak@example.org", **{
        field(diet): "Vegetarian", field(room): "Suite for me"})).status_code == 302
    db.session.expire_all()
    answers = db.session.get(Registration, registration.id).answers
    assert (answers[str(diet.id)], answers[str(room.id)]) == ("Vegetarian", "Twin room with Dara")
    assert answers[str(driver.id)] == "+85512345678"


def test_a_bad_organisers_answer_is_refused_beside_its_field_and_nothing_is_saved(
        client, forum, mai, arrangements, db, create_registration, login):
    room, driver, _diet = arrangements
    registration, _token = create_registration(forum, email="sopheak@example.org")
    login(mai)
    response = client.post(f"/forums/acf/registrations/{registration.id}",
                           data={field(room): "Twin room", field(driver): "555"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This is not a phone number." in error_of(page, driver)
    assert 'value="Twin room"' in page
    db.session.expire_all()
    assert str(room.id) not in db.session.get(Registration, registration.id).answers


def export(client, **args):
    response = client.get("/forums/acf/registrations.csv", query_string=args)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_csv_leaves_private_answers_out_unless_the_organiser_ticks_them(
        client, forum, mai, arrangements, db, create_registration, login):
    room, driver, diet = arrangements
    phone = setup.add_question(forum, {"label": "Mobile phone", "kind": "phone"})
    arrival = setup.add_question(forum, {"label": "Arrival day", "kind": "date"})
    db.session.commit()
    registration, _token = create_registration(forum, email="sopheak@example.org", name="Sopheak Chan", answers={
        str(diet.id): "=HYPERLINK(\"http://evil\")", str(phone.id): "+85512345678", str(arrival.id): "2027-04-13"})
    answers.save_organiser_answers(forum, registration, {str(room.id): "+ twin room", str(driver.id): "+66812345678"},
                                   {})
    db.session.commit()
    login(mai)
    desk = client.get("/forums/acf/registrations").get_data(as_text=True)
    assert 'value="private_answers"' in desk
    assert "Include private answers" in desk

    header, row = export(client)
    assert "Dietary details" in header
    assert "Arrival day" in header
    assert not {"Mobile phone", "Room arranged", "Driver's phone"} & set(header)
    assert "+855 12 345 678" not in row
    assert row[header.index("Arrival day")] == "2027-04-13"
    assert row[header.index("Dietary details")] == "'=HYPERLINK(\"http://evil\")"  # never run as a formula

    header, row = export(client, include="private_answers")
    assert row[header.index("Mobile phone")] == "'+855 12 345 678"  # international, and no formula
    assert row[header.index("Room arranged")] == "'+ twin room"
    assert row[header.index("Driver's phone")] == "'+66 81 234 5678"


# --- the builder --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "field_name", "message"), [
    ({"kind": "date", "options": "Monday\nTuesday"}, "options", "Only single and multiple choice questions"),
    ({"kind": "number", "min_value": "10", "max_value": "1"}, "max_value", "must not be smaller than the smallest"),
    ({"kind": "short_text", "max_value": "5"}, "max_value", "Only number questions have"),
    ({"kind": "number", "min_value": "lots"}, "min_value", "Enter a number"),
    ({"kind": "heading", "required": "y"}, "required", "A heading takes no answer"),
    ({"kind": "short_text", "organisers_only": "y", "required": "y"}, "required", "cannot be required"),
    ({"kind": "short_text", "shown_if": "{embassy}:Phnom Penh"}, "shown_if", "choice or yes/no question"),
    ({"kind": "short_text", "shown_if": "{need}:perhaps"}, "shown_if", "Choose among the answers"),
    ({"kind": "short_text", "shown_if": ["{need}:yes", "{sector}:Trade"]}, "shown_if", "one earlier question"),
    ({"kind": "short_text", "shown_if": "99999:yes"}, "shown_if", "an earlier question of this form"),
    ({"kind": "short_text", "organisers_only": "y", "shown_if": "{need}:yes"}, "shown_if",
     "Organisers always see their own questions"),
])
def test_the_builder_refuses_what_cannot_work_beside_the_field(client, login, mai, visa, db, forum, data,
                                                                field_name, message):
    need, _scan, embassy = visa
    sector = setup.add_question(forum, {"label": "Sector", "kind": "single_choice", "options": ["Trade", "Farming"]})
    db.session.commit()
    names = {"need": need.id, "embassy": embassy.id, "sector": sector.id}
    shown_if = data.pop("shown_if", [])
    shown_if = [one.format(**names) for one in ([shown_if] if isinstance(shown_if, str) else shown_if)]
    before = count(db, Question)
    login(mai)
    response = client.post("/forums/acf/registrations/questions",
                           data={"label": "Arrival details", **data, "shown_if": shown_if})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field_name}-error"' in page
    assert message in page
    assert 'value="Arrival details"' in page  # what was typed stays
    assert count(db, Question) == before


def test_the_builder_adds_a_conditional_bounded_question_and_lists_it(client, login, mai, visa, db):
    need, _scan, _embassy = visa
    login(mai)
    page = client.get("/forums/acf/registrations/questions").get_data(as_text=True)
    assert f'value="{need.id}:yes"' in page  # an earlier yes/no question's answers are offered
    assert "File (a document or a picture)" in page
    response = client.post("/forums/acf/registrations/questions", data={
        "label": "Nights before the forum", "kind": "number", "min_value": "0", "max_value": "4",
        "shown_if": [f"{need.id}:yes"]})
    assert response.status_code == 302
    question = db.session.scalar(select(Question).where(Question.label == "Nights before the forum"))
    assert (question.min_value, question.max_value) == (0, 4)
    assert (question.shown_if_question_id, question.shown_if_values) == (need.id, ["yes"])
    listed = client.get(response.location).get_data(as_text=True)
    assert "from 0 to 4" in listed
    assert "Only if you answered “Yes” to “Do you need a visa?”." in listed


def test_a_question_stays_after_the_one_it_depends_on_and_is_freed_when_that_one_goes(client, login, mai, visa, db):
    need, scan, embassy = visa
    login(mai)
    client.post(f"/forums/acf/registrations/questions/{scan.id}/up")
    page = client.get("/forums/acf/registrations/questions").get_data(as_text=True)
    assert "“Passport scan” is asked only on an answer to “Do you need a visa?”, so it stays after it." in page
    assert [q.id for q in db.session.scalars(select(Question).order_by(Question.position))] == [
        need.id, scan.id, embassy.id]
    client.post(f"/forums/acf/registrations/questions/{need.id}/remove")
    page = client.get("/forums/acf/registrations/questions").get_data(as_text=True)
    assert "“Embassy where you apply” was asked only on an answer to the question removed" in page
    db.session.expire_all()
    assert db.session.get(Question, embassy.id).shown_if_question_id is None


def test_a_new_edition_copies_the_questions_with_their_conditions(forum, mai, visa, db):
    need, _scan, _embassy = visa
    setup.add_question(forum, {"label": "Nights", "kind": "number", "min_value": 1, "max_value": 9})
    setup.add_question(forum, {"label": "Room arranged", "kind": "short_text", "organisers_only": True})
    new = create_next_edition(forum, {"title": "ASEAN Community Forum 2028", "slug": "acf-2028",
                                      "start_date": date(2028, 4, 12)}, mai)
    db.session.commit()
    copies = {q.label: q for q in db.session.scalars(select(Question).where(Question.forum_id == new.id))}
    assert copies["Passport scan"].shown_if_question_id == copies["Do you need a visa?"].id != need.id
    assert copies["Passport scan"].shown_if_values == ["yes"]
    assert (copies["Nights"].min_value, copies["Nights"].max_value) == (1, 9)
    assert copies["Room arranged"].organisers_only


def test_a_file_the_organisers_keep_about_a_person_is_theirs_alone(client, app, forum, mai, db, create_registration):
    ticket = setup.add_question(forum, {"label": "Flight ticket", "kind": "file", "organisers_only": True})
    db.session.commit()
    registration, token = create_registration(forum, email="sopheak@example.org")
    desk = app.test_client()
    sign_in(desk, mai)
    detail = f"/forums/acf/registrations/{registration.id}"
    assert desk.post(detail, data={field(ticket): (io.BytesIO(pdf_bytes()), "ticket.pdf")},
                     content_type="multipart/form-data").status_code == 302
    assert desk.get(f"{detail}/files/{ticket.id}").data == pdf_bytes()
    assert "ticket.pdf" in desk.get(detail).get_data(as_text=True)
    # the person's own page neither names nor opens it, and their edit keeps it
    manage = f"/forums/acf/registration/{token}"
    assert "ticket.pdf" not in client.get(manage).get_data(as_text=True)
    assert client.get(f"{manage}/files/{ticket.id}").status_code == 404
    assert post(client, manage, form(email="sopheak@example.org")).status_code == 302
    assert count(db, AnswerFile) == 1
