"""How large a file sent as an answer to a "file" question may be, and the request sending it: checked in the
browser first; a request large only where the form asks for files, sized by its file questions, twice the largest
file each so a file somewhat too large comes back beside its question with the typing kept, and a larger one gets a
page saying what happened; a submission whose file was refused still spends the client's registrations. The
answers' room and deleting: test_answer_file_quota.py."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.core.files import StoredFile
from forumops.registration import setup
from forumops.registration.models import AnswerFile, Registration
from tests.conftest import pdf_bytes

MB = 1024 * 1024
EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200  # a Windows program


def big_pdf(size: int) -> bytes:
    """A real PDF of about `size` bytes (a comment after it pads it, as a scan's bulk would)."""
    head = pdf_bytes() + b"%"
    return head + bytes(range(256)) * ((size - len(head)) // 256)


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai, mode="in_person",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


def add_file_question(forum, db, label="Passport scan", **options):
    question = setup.add_question(forum, {"label": label, "kind": "file", **options})
    db.session.commit()
    return question


def form(**overrides):
    data = {"name": "Sopheak Chan", "email": "sopheak@example.org", "organisation": "Cambodian Farmers' Network",
            "country": "KH", "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}
    data.update(overrides)
    return data


def post(client, url, data):
    return client.post(url, data=data, content_type="multipart/form-data")


def error_of(page: str, question) -> str:
    found = re.search(rf'<p class="error-message" id="q_{question.id}-error">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1).strip()) if found else ""


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- how large a request may be -----------------------------------------------------------------------------

def test_a_forum_asking_no_file_refuses_a_large_request_with_the_413_page(client, forum, db):
    add_file_question(forum, db, "Notes on the person", organisers_only=True)  # not on the participant's form
    response = post(client, "/forums/acf/register", form(cv=(io.BytesIO(big_pdf(5 * MB)), "cv.pdf")))
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)
    assert count(db, Registration) == 0


def test_a_file_within_its_limit_is_taken_where_the_form_asks_for_one(client, forum, db):
    passport = add_file_question(forum, db)
    scan = big_pdf(6 * MB)  # over a plain form's 4 MB, within an answer's 10 MB
    response = post(client, "/forums/acf/register", form(**{f"q_{passport.id}": (io.BytesIO(scan), "passport.pdf")}))
    assert response.status_code == 302
    row = db.session.scalar(select(AnswerFile))
    assert (row.filename, row.stored.size) == ("passport.pdf", len(scan))


def test_the_file_input_is_checked_in_the_browser_before_anything_is_sent(client, forum, db):
    passport = add_file_question(forum, db)
    page = client.get("/forums/acf/register").get_data(as_text=True)
    found = re.search(rf'<input[^>]*name="q_{passport.id}"[^>]*>', page).group(0)
    assert f'data-max-bytes="{10 * MB}"' in found  # static/js/uploads.js names a larger file at the field
    assert "“{name}” is larger than 10 MB, the most a file sent here may be, so it was not chosen." in html.unescape(
        found)
    assert "js/uploads.js" in page


@pytest.fixture
def small_files(app, monkeypatch):
    """Files of at most 4 MB (FORUMOPS_MAX_FILE_MB), so answers' files are too: a form with one file question
    reads a request of twice that and the form (9 MB)."""
    monkeypatch.setitem(app.config, "MAX_FILE_BYTES", 4 * MB)


def test_a_file_somewhat_over_the_limit_is_refused_beside_its_question_with_the_typing_kept(client, forum, db,
                                                                                          small_files):
    """Before: the request was refused whole (413), and with it everything typed on the form."""
    passport = add_file_question(forum, db)
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(big_pdf(6 * MB)), "passport.pdf")}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“passport.pdf” was refused: it is larger than 4 MB." in error_of(page, passport)
    assert 'value="Sopheak Chan"' in page
    assert "Cambodian Farmers&#39; Network" in page
    assert count(db, Registration) == 0


def test_a_file_far_over_the_limit_gets_a_page_saying_what_happened_and_the_way_back(client, forum, db,
                                                                                   small_files):
    passport = add_file_question(forum, db)
    response = post(client, "/forums/acf/register", form(**{
        f"q_{passport.id}": (io.BytesIO(big_pdf(10 * MB)), "passport.pdf")}))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 413
    assert "The file you chose is too large" in page
    assert "A file sent with this form may be at most 4 MB." in page
    assert "your browser usually keeps what you typed, but not the file" in page
    assert re.search(r'<a class="button" href="/forums/acf/register" data-go-back>Back to the form</a>', page)
    assert count(db, Registration) == 0


def test_the_request_is_sized_by_the_forms_file_questions(client, forum, db, small_files):
    passport = add_file_question(forum, db)
    body = form(**{f"q_{passport.id}": (io.BytesIO(big_pdf(10 * MB)), "passport.pdf")})
    assert post(client, "/forums/acf/register", body).status_code == 413  # one question: 2 x 4 MB and the form
    add_file_question(forum, db, "Nomination letter")
    body = form(**{f"q_{passport.id}": (io.BytesIO(big_pdf(10 * MB)), "passport.pdf")})
    response = post(client, "/forums/acf/register", body)
    assert response.status_code == 422  # two: the request is read, and the file refused beside its question
    assert "larger than 4 MB" in error_of(response.get_data(as_text=True), passport)


def test_the_desk_takes_large_requests_from_organisers_alone(csrf_app, client, forum, db, login, mai, create_user,
                                                             create_registration):
    """With CSRF on, as in production: its check reads the body before the view says who may send it."""
    notes = add_file_question(forum, db, "Signed agreement", organisers_only=True)
    registration, _token = create_registration(forum)
    url = f"/forums/acf/registrations/{registration.id}"
    scan = big_pdf(6 * MB)
    login(create_user(email="stranger@example.org"))
    assert post(client, url, {f"q_{notes.id}": (io.BytesIO(scan), "agreement.pdf")}).status_code == 413
    login(mai)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)
    response = post(client, url, {"csrf_token": token, f"q_{notes.id}": (io.BytesIO(scan), "agreement.pdf")})
    assert response.status_code == 302
    assert db.session.scalar(select(AnswerFile.filename)) == "agreement.pdf"


def test_a_change_of_answers_takes_a_large_file_only_where_one_is_asked(client, forum, db, create_registration):
    registration, token = create_registration(forum)
    manage = f"/forums/acf/registration/{token}"
    scan = big_pdf(6 * MB)
    assert post(client, manage, form(cv=(io.BytesIO(scan), "cv.pdf"))).status_code == 413
    passport = add_file_question(forum, db)
    assert post(client, manage, form(**{f"q_{passport.id}": (io.BytesIO(scan), "passport.pdf")})).status_code == 302
    assert db.session.scalar(select(AnswerFile.registration_id)) == registration.id


def test_a_submission_whose_file_is_refused_spends_the_clients_registrations(app, client, forum, db, monkeypatch):
    passport = add_file_question(forum, db)
    monkeypatch.setitem(app.config, "REGISTRATIONS_PER_CLIENT", 2)
    statuses = [post(client, "/forums/acf/register", form(email=f"robot{n}@example.org", **{
        f"q_{passport.id}": (io.BytesIO(EXE_AS_PDF), "passport.pdf")})).status_code for n in range(3)]
    assert statuses == [422, 422, 429]  # each file was judged; the third is not even looked at
    assert (count(db, Registration), count(db, StoredFile)) == (0, 0)
