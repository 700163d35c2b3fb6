"""Files sent as answers to "file" questions take a room of their own in the forum (FORUMOPS_ANSWER_FILES_QUOTA_MB),
counted apart from its documents' (FORUMOPS_FORUM_QUOTA_MB), so strangers registering cannot use up what the
organisers' documents need; each file is judged before the forum lock and counted under it; a registration deleted
outright takes its files' contents with it. How large a request may be: test_answer_file_limits.py."""

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


# --- the answers' own room ------------------------------------------------------------------------------------

def test_answers_files_never_use_up_the_room_the_organisers_documents_need(app, client, forum, db, login, mai,
                                                                          create_registration, create_answer_file,
                                                                          monkeypatch):
    """Before: they counted in the forum's quota, so strangers registering with large scans could fill it and
    Mai could no longer upload the programme."""
    passport = add_file_question(forum, db)
    registration, _token = create_registration(forum)
    scan = create_answer_file(registration, passport, big_pdf(300 * 1024))
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", scan.stored.size + 100 * 1024)
    login(mai)
    page = client.get("/forums/acf/documents/new").get_data(as_text=True)
    assert "400 KB of 400 KB left for this forum." in page  # the answer takes nothing of the documents' room
    response = post(client, "/forums/acf/documents/new",
                    {"visibility": "public", "files": [(io.BytesIO(big_pdf(200 * 1024)), "slides.pdf")]})
    assert response.status_code == 302
    assert count(db, Document) == 1


def test_a_forum_full_of_documents_still_takes_the_answers_files(app, client, forum, db, create_document,
                                                                 monkeypatch):
    passport = add_file_question(forum, db)
    create_document(forum, "Concept note", content=pdf_bytes(4))
    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", len(pdf_bytes(4)))  # the documents' room is full
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(2)), "passport.pdf")}))
    assert response.status_code == 302
    assert count(db, AnswerFile) == 1


def test_an_answers_file_is_refused_in_the_participants_words_when_their_room_is_full(app, client, forum, db,
                                                                                      create_registration,
                                                                                      create_answer_file,
                                                                                      monkeypatch):
    passport = add_file_question(forum, db)
    create_answer_file(create_registration(forum, email="dara@example.org")[0], passport, pdf_bytes(4))
    monkeypatch.setitem(app.config, "ANSWER_FILES_QUOTA_BYTES", len(pdf_bytes(4)) + 100)
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(2)), "passport.pdf")}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    message = html.unescape(error_of(page, passport))
    assert message.startswith("“passport.pdf” was refused: the forum can take no more files sent with answers")
    assert "KB" not in message  # nothing of the site's internals on a public page
    assert "quota" not in message
    assert 'value="Sopheak Chan"' in page  # what was typed is kept
    assert (count(db, Registration), count(db, AnswerFile), count(db, StoredFile)) == (1, 1, 1)
    # the same content as another answer's takes no more room: it is taken
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(4)), "passport.pdf")}))
    assert response.status_code == 302


def test_a_document_confirmed_under_the_lock_sees_a_document_added_meanwhile(app, client, forum, db, login, mai,
                                                                            create_document, monkeypatch):
    """A document's file is checked without the forum lock (seconds for 25 MB); another document stored while it
    was would not be seen by that first count: the count again under the lock must see it."""
    from forumops.core.filequota import ForumRoom

    monkeypatch.setitem(app.config, "FORUM_QUOTA_BYTES", len(pdf_bytes(3)) + len(pdf_bytes(2)) // 2)
    store = ForumRoom.store

    def added_meanwhile(room, *args, **kwargs):
        stored = store(room, *args, **kwargs)
        monkeypatch.setattr(ForumRoom, "store", store)  # once: the other document's own file is stored as ever
        create_document(forum, "Programme", content=pdf_bytes(2))  # it fits alone, the first one not counted yet
        return stored

    monkeypatch.setattr(ForumRoom, "store", added_meanwhile)
    login(mai)
    response = post(client, "/forums/acf/documents/new",
                    {"visibility": "public", "files": [(io.BytesIO(pdf_bytes(3)), "slides.pdf")]})
    assert response.status_code == 422
    assert "another upload used up the space meanwhile" in text_of(response)
    assert count(db, Document) == 1  # the programme, alone


def test_a_file_replaced_makes_room_for_its_replacement(app, client, forum, db, monkeypatch):
    passport = add_file_question(forum, db)
    assert post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(pdf_bytes(3)), "passport.pdf")})).status_code == 302
    registration = db.session.scalar(select(Registration))
    token = issue_link(registration)
    db.session.commit()
    monkeypatch.setitem(app.config, "ANSWER_FILES_QUOTA_BYTES", len(pdf_bytes(3)) + 10)  # full with the first scan
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
    detect, take, row_lock = uploads.detect_kind, database.take_write_lock, database._forum_row_for_update

    def judged(*args):
        events.append(("judged", bool(g.get("defer_write_lock"))))
        return detect(*args)

    def locked():  # SQLite's write lock
        events.append(("locked", True))
        take()

    def row_locked():  # PostgreSQL's forum row, FOR UPDATE
        events.append(("locked", True))
        return row_lock()

    monkeypatch.setattr(uploads, "detect_kind", judged)
    monkeypatch.setattr(database, "take_write_lock", locked)
    monkeypatch.setattr(database, "_forum_row_for_update", row_locked)
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
