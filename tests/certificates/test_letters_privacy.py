"""Invitation letters' personal data (passport name, nationality, passport number, date of birth): in the person's
own data export; out of the registration CSV unless an organiser ticks "include invitation letter details"; gone
from every table once the registration is erased, with the letter issued from them."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import String, Text, select

from forumops.certificates.letters.models import LetterRequest
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db as _db
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data, version_of  # noqa: F401
from tests.conftest import sign_in

PRIVATE = ("SOK SOPHEAK", "N0123456", "1988-03-14")


def _approved(app, client, letters, db) -> LetterRequest:
    client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data())
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": version_of(request)}).status_code == 302
    return request


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/forums/{SLUG}/registrations.csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_registration_csv_leaves_the_letter_details_out_unless_ticked(app, client, letters, db, login):
    _approved(app, client, letters, db)
    login(letters.mai)
    desk = client.get(f"/forums/{SLUG}/registrations").get_data(as_text=True)
    assert "Include invitation letter details" in desk
    assert 'name="include" value="letters"' in desk
    plain = _csv(client)
    text = json.dumps(plain, ensure_ascii=False)
    assert "Sok Sopheak" in text  # the registration is there...
    for private in PRIVATE:  # ...its letter details are not
        assert private not in text
    assert "Passport number" not in plain[0]


def test_ticked_the_registration_csv_holds_the_letter_details(app, client, letters, db, login,
                                                              create_registration):
    _approved(app, client, letters, db)
    create_registration(letters.forum, notify=False, status="confirmed", name="Someone Without A Letter")
    login(letters.mai)
    header, *rows = _csv(client, "?include=letters&status=confirmed")
    assert header[-9:] == ["Letter status", "Letter purpose", "Passport name", "Nationality", "Passport number",
                           "Date of birth", "Letter addressed to", "Its address", "Letter issued on"]
    by_name = {row[0]: row for row in rows}
    sopheak = by_name["Sok Sopheak"]
    assert sopheak[-9:-1] == ["Approved", "A visa", "SOK SOPHEAK", "Cambodia", "N0123456", "1988-03-14",
                              "Embassy of Viet Nam, Phnom Penh", "436 Preah Sihanouk Blvd\nPhnom Penh"]
    assert sopheak[-1]  # the day it was issued
    assert by_name["Someone Without A Letter"][-9:] == [""] * 9


def test_a_desk_without_letter_requests_offers_no_such_tick(client, letters, login):
    login(letters.mai)
    assert "Include invitation letter details" not in client.get(f"/forums/{SLUG}/registrations").get_data(
        as_text=True)


def test_the_persons_own_data_export_holds_the_letter_details(app, client, letters, db):
    _approved(app, client, letters, db)
    data = client.get(f"/forums/{SLUG}/registration/{letters.token}/my-data.json").get_json()
    [letter] = data["registrations"][0]["invitation_letters"]
    assert (letter["passport_name"], letter["nationality"], letter["passport_number"], letter["date_of_birth"]) == \
        ("SOK SOPHEAK", "KH", "N0123456", "1988-03-14")
    assert letter["status"] == "approved"
    assert letter["issued_at"]
    [paper] = data["registrations"][0]["papers_issued"]  # the letter as issued, and whether it still verifies
    assert (paper["kind"], paper["holder_name"], paper["revoked_at"]) == ("letter", "SOK SOPHEAK", None)
    assert "code" not in json.dumps(paper)  # the printed code stays on the paper


def _every_text_in_the_database(db) -> str:
    """Every string cell of every table, to look for what must be gone."""
    found = []
    for table in _db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text) or c.type.__class__.__name__ == "JSON"]
        if columns:
            for row in db.session.execute(select(*columns)):
                found += [json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                          for value in row if value]
    return "\n".join(found)


def test_erasure_leaves_no_row_holding_the_letter_details(app, client, letters, db):
    from forumops.privacy.operations import erase_registration

    _approved(app, client, letters, db)
    assert "N0123456" in _every_text_in_the_database(db)  # the search finds it while it is there
    erase_registration(letters.forum, letters.registration)
    db.session.commit()
    assert db.session.scalar(select(LetterRequest.id)) is None
    assert db.session.scalar(select(IssuedDocument.id)) is None  # its code now verifies as never issued
    everything = _every_text_in_the_database(db)
    for private in (*PRIVATE, "14 March 1988", "Embassy of Viet Nam"):  # the letter as issued held them too
        assert private not in everything, private


def test_erasure_deletes_the_letter_once_where_it_deletes_every_paper(app, client, letters, db):
    """forget_letters forgets the request's private fields only; the letter issued goes with the person's other
    papers in erase_registration's one delete (two deletes of the same rows were one too many)."""
    from forumops.certificates.issuing import code_of
    from forumops.certificates.letters.operations import forget_letters
    from forumops.privacy.operations import erase_registration

    _approved(app, client, letters, db)
    paper = db.session.scalars(select(IssuedDocument)).one()
    with app.test_request_context():
        code = code_of(paper)
    forget_letters(letters.registration)
    assert db.session.scalar(select(LetterRequest.id)) is None
    assert db.session.scalar(select(IssuedDocument.id)) == paper.id  # not this function's to delete
    db.session.rollback()
    erase_registration(letters.forum, letters.registration)
    db.session.commit()
    assert db.session.scalar(select(LetterRequest.id)) is None
    assert db.session.scalar(select(IssuedDocument.id)) is None
    assert client.get(f"/verify/{code}").status_code == 404  # the letter now verifies as never issued
