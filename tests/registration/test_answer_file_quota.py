"""Files sent as answers to "file" questions share the forum's quota with its documents, in both directions, each
judged before the forum lock and counted under it, and a registration deleted outright takes its files' contents
with it. How large a request may be: test_answer_file_limits.py."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from flask import g
from sqlalchemy import select

from forumops.core import database, uploads
from forumops.core.files import StoredFile
from forumops.documents.models import Document
from forumops.registration import imports
from forumops.registration.links import issue_link
from forumops.registration.models import AnswerFile, Registration, RegistrationImport
from tests.conftest import pdf_bytes, sign_in
from tests.registration.test_answer_file_limits import add_file_question, big_pdf, count, error_of, form, post


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai, mode="in_person",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- the forum's quota --------------------------------------------------------------------------------------

def test_answers_files_count_against_the_quota_documents_are_uploaded_into(app, client, forum, db, login, mai,
                                                                            create_registration, create_answer_file,
                                                                            monkeypatch):
    passport = add_file_question(forum, db)
    registration, _token = create_registration(forum)
    scan = create_answer_file(registration, passport, big_pdf(300 * 1024))
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", scan.stored.size + 100 * 1024)
    login(mai)
    page = client.get("/forums/acf/documents/new").get_data(as_text=True)
    assert "100 KB of 400 KB left for this forum." in page  # what the answer takes is gone from what is left
    response = post(client, "/forums/acf/documents/new",
                    {"visibility": "public", "files": [(io.BytesIO(big_pdf(200 * 1024)), "slides.pdf")]})
    assert response.status_code == 422
    assert "“slides.pdf” was refused: the forum's files would take more than its 400 KB" in text_of(response)
    assert count(db, Document) == 0


def test_a_document_confirmed_under_the_lock_sees_an_answer_sent_meanwhile(app, client, forum, db, login, mai,
                                                                           create_registration, create_answer_file,
                                                                           monkeypatch):
    """A document's file is checked without the forum lock (seconds for 25 MB); an answer's file stored while it
    was would not be seen by that first count: the count again under the lock must see it."""
    from forumops.core.filequota import ForumRoom

    passport = add_file_question(forum, db)
    registration, _token = create_registration(forum)
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", len(pdf_bytes(3)) + len(pdf_bytes(2)) // 2)
    store = ForumRoom.store

    def answer_sent_meanwhile(room, *args, **kwargs):
        stored = store(room, *args, **kwargs)
        monkeypatch.setattr(ForumRoom, "store", store)  # once: the answer's own file is stored as ever
        # while the document's file was checked: the answer fits alone, the document not counted yet
        create_answer_file(registration, passport, pdf_bytes(2))
        return stored

    monkeypatch.setattr(ForumRoom, "store", answer_sent_meanwhile)
    login(mai)
    response = post(client, "/forums/acf/documents/new",
                    {"visibility": "public", "files": [(io.BytesIO(pdf_bytes(3)), "slides.pdf")]})
    assert response.status_code == 422
    assert "another upload used up the space meanwhile" in text_of(response)
    assert count(db, Document) == 0


def test_an_answers_file_is_refused_beside_its_field_when_the_forums_room_is_taken(app, client, forum, db,
                                                                                   create_document, monkeypatch):
    passport = add_file_question(forum, db)
    create_document(forum, "Concept note", content=pdf_bytes(4))
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", len(pdf_bytes(4)) + 100)
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(2)), "passport.pdf")}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“passport.pdf” was refused: the forum's files would take more than its" in error_of(page, passport)
    assert 'value="Sopheak Chan"' in page  # what was typed is kept
    assert (count(db, Registration), count(db, AnswerFile), count(db, StoredFile)) == (0, 0, 1)
    # the same content as a document takes no more room: it is taken
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(4)), "passport.pdf")}))
    assert response.status_code == 302


def test_a_file_replaced_makes_room_for_its_replacement(app, client, forum, db, monkeypatch):
    passport = add_file_question(forum, db)
    assert post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(3)), "passport.pdf")})).status_code == 302
    registration = db.session.scalar(select(Registration))
    token = issue_link(registration)
    db.session.commit()
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", len(pdf_bytes(3)) + 10)  # full with the first scan
    response = post(client, f"/forums/acf/registration/{token}", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(2)), "passport-new.pdf")}))
    assert response.status_code == 302
    assert db.session.scalar(select(AnswerFile.filename)) == "passport-new.pdf"
    assert count(db, StoredFile) == 1  # the old scan is forgotten


# --- judged before the lock -----------------------------------------------------------------------------------

@pytest.fixture
def order(monkeypatch):
    """What happened first: a file judged (and whether its request had left SQLite's write lock untaken until
    its operation takes it), or the forum lock taken (on SQLite, the database's write lock)."""
    events: list[tuple[str, bool]] = []
    detect, take = uploads.detect_kind, database.take_write_lock

    def judged(*args):
        events.append(("judged", bool(g.get("defer_write_lock"))))
        return detect(*args)

    def locked():
        events.append(("locked", True))
        take()

    monkeypatch.setattr(uploads, "detect_kind", judged)
    monkeypatch.setattr(database, "take_write_lock", locked)
    return events


def test_each_form_judges_its_answers_file_before_taking_the_lock(app, client, forum, db, mai, order,
                                                                  create_registration):
    """Before: lock_forum came first, and on SQLite it is every writer's: a 10 MB photo re-encoded (0.37 s) made
    the whole site wait, once per file question, on a form anyone may send 30 times an hour."""
    passport = add_file_question(forum, db)
    ticket = add_file_question(forum, db, "Flight ticket", organisers_only=True)
    registration, token = create_registration(forum, email="dara@example.org")
    desk = app.test_client()
    sign_in(desk, mai)
    sends = {
        "the public form": lambda: post(client, "/forums/acf/register", form(**{
            f"q_{passport.id}": (io.BytesIO(pdf_bytes()), "passport.pdf")})),
        "the person's page": lambda: post(client, f"/forums/acf/registration/{token}", form(
            email="dara@example.org", **{f"q_{passport.id}": (io.BytesIO(pdf_bytes(2)), "passport.pdf")})),
        "the desk": lambda: post(desk, f"/forums/acf/registrations/{registration.id}", {
            f"q_{ticket.id}": (io.BytesIO(pdf_bytes(3)), "ticket.pdf")}),
    }
    for where, send in sends.items():
        order.clear()
        assert send().status_code == 302, where
        assert order[:2] == [("judged", True), ("locked", True)], where
    assert count(db, AnswerFile) == 3


# --- deleting -----------------------------------------------------------------------------------------------

def test_an_undone_import_takes_the_files_its_registrations_were_sent(forum, db, mai, create_registration,
                                                                        create_answer_file, create_document):
    agreement = add_file_question(forum, db, "Signed agreement", organisers_only=True)
    shared = pdf_bytes(3)
    create_document(forum, "Agreement template", content=shared)
    job = RegistrationImport(forum_id=forum.id, created_by_id=mai.id, state="running", total=2, written=2)
    db.session.add(job)
    db.session.flush()
    imported = [create_registration(forum, notify=False)[0] for _ in range(2)]
    for registration in imported:
        registration.import_id = job.id
    create_answer_file(imported[0], agreement, pdf_bytes(5))  # answered at the desk while the import ran
    create_answer_file(imported[1], agreement, shared)
    imports.undo(job.id, "The import stopped.")
    assert (count(db, Registration), count(db, AnswerFile)) == (0, 0)
    # the contents go, but the document's, which another row holds
    assert [stored.size for stored in db.session.scalars(select(StoredFile))] == [len(shared)]
