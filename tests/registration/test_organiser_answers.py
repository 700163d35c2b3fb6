"""The organisers' own questions about a person, filled on the registration's desk page: never on an erased
registration, and written under the forum lock on the answers as they stand then, not as the page read them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from forumops.core.errors import FormError
from forumops.privacy.operations import erase_registration
from forumops.registration import answers, seats, setup
from forumops.registration.models import AnswerFile, Registration
from tests.conftest import pdf_bytes
from tests.registration.test_question_kinds import count, field


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai, mode="in_person",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


@pytest.fixture
def notes(forum, db):
    """An organisers' note and an organisers' file, and a question the participant answers."""
    note = setup.add_question(forum, {"label": "Notes about the person", "kind": "short_text",
                                      "organisers_only": True})
    ticket = setup.add_question(forum, {"label": "Flight ticket", "kind": "file", "organisers_only": True})
    diet = setup.add_question(forum, {"label": "Anything we should know?", "kind": "short_text"})
    db.session.commit()
    return note, ticket, diet


def erased(forum, db, create_registration) -> Registration:
    registration, _token = create_registration(forum, email="sopheak@example.org", name="Sopheak Chan")
    erase_registration(forum, registration)
    db.session.commit()
    return registration


def test_an_erased_registration_offers_no_organisers_form_and_takes_nothing(client, forum, mai, notes, db, login,
                                                                           create_registration):
    note, ticket, _diet = notes
    registration = erased(forum, db, create_registration)
    login(mai)
    detail = f"/forums/acf/registrations/{registration.id}"
    page = client.get(detail).get_data(as_text=True)
    assert "Organisers’ notes and arrangements" not in page
    assert f'name="{field(note)}"' not in page
    response = client.post(detail, data={field(note): "Passport no. B1234567",
                                         field(ticket): (io.BytesIO(pdf_bytes()), "ticket.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).answers == {}
    assert count(db, AnswerFile) == 0


def test_the_operations_refuse_to_write_onto_an_erased_registration(forum, notes, db, create_registration):
    note, ticket, _diet = notes
    registration = erased(forum, db, create_registration)
    with pytest.raises(FormError):
        answers.save_organiser_answers(forum, registration, {str(note.id): "Passport no. B1234567"}, {})
    with answers.judged_answer_files({ticket.id: FileStorage(io.BytesIO(pdf_bytes()), "ticket.pdf")}) as judged, \
            pytest.raises(FormError):
        answers.store_answer_files(forum, registration, judged)
    db.session.rollback()
    assert db.session.get(Registration, registration.id).answers == {}
    assert count(db, AnswerFile) == 0


def test_the_organisers_answers_keep_what_the_person_saved_after_the_page_was_read(forum, notes, db,
                                                                                  create_registration):
    """The desk's request read the registration before the person's change was committed (on PostgreSQL, or a
    request that defers SQLite's lock): merged into the answers as read, the person's change would be undone."""
    note, _ticket, diet = notes
    registration, _token = create_registration(forum, answers={str(diet.id): "No pork"})
    db.session.commit()
    assert registration.answers == {str(diet.id): "No pork"}  # as the desk's page read them
    db.session.execute(update(Registration).where(Registration.id == registration.id)  # the person's save
                       .values(answers={str(diet.id): "Vegetarian"}).execution_options(synchronize_session=False))
    answers.save_organiser_answers(forum, registration, {str(note.id): "Twin room with Dara"}, {})
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(Registration.answers).where(Registration.id == registration.id))
    assert stored == {str(diet.id): "Vegetarian", str(note.id): "Twin room with Dara"}


def test_the_persons_change_keeps_what_the_organisers_saved_after_the_page_was_read(forum, notes, db,
                                                                                  create_registration):
    note, _ticket, diet = notes
    registration, _token = create_registration(forum, answers={str(diet.id): "No pork"})
    db.session.commit()
    assert registration.answers == {str(diet.id): "No pork"}  # as the person's page read them
    db.session.execute(update(Registration).where(Registration.id == registration.id)  # the desk's save
                       .values(answers={str(diet.id): "No pork", str(note.id): "Twin room with Dara"})
                       .execution_options(synchronize_session=False))
    seats.update_registration(forum, registration, {
        "name": "Sopheak Chan", "country": "KH", "attendance_mode": "in_person",
        "answers": {str(diet.id): "Vegetarian"}})
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(Registration.answers).where(Registration.id == registration.id))
    assert stored == {str(diet.id): "Vegetarian", str(note.id): "Twin room with Dara"}
