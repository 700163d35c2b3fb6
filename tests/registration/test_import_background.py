"""Issue 18, item 3: a long CSV import runs in the background worker, one committed row at a time, and keeps its
all-or-nothing promise: every row is checked first, nobody is emailed before the last row is written, and an
import that fails is undone. A quota the list would pass refuses it whole, before anything is written."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forumops.core.outbox import OutboxMessage
from forumops.core.worker import Worker
from forumops.registration import imports
from forumops.registration.models import Registration, RegistrationImport
from tests.importing import invitee_csv, upload_invitees


@pytest.fixture
def background_after_five(app):
    """Lists of more than five rows go to the worker, for this test."""
    old = app.config["IMPORT_BACKGROUND_ROWS"]
    app.config["IMPORT_BACKGROUND_ROWS"] = 5
    yield
    app.config["IMPORT_BACKGROUND_ROWS"] = old


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=mai)


@pytest.fixture
def desk(client, login, mai, forum):
    login(mai)
    return client


def registered(db, forum) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(Registration.forum_id == forum.id)) or 0


def run_worker(budget: float = 60) -> bool:
    """One turn of the worker's background work, as its pass runs it."""
    return imports.run_imports("test-worker", threading.Event(), budget)


def test_a_long_list_is_written_by_the_worker_and_reaches_the_desk_complete(desk, forum, db, background_after_five,
                                                                          deliver_mail):
    response = upload_invitees(desk, "acf", invitee_csv(12))

    assert response.status_code == 302
    assert "/registrations/imports/" in response.location
    status_page = desk.get(response.location).get_data(as_text=True)
    assert "12 invitees wait to be imported" in status_page
    assert "<progress" in status_page
    assert "Importing invitees: 0 of 12 so far" in desk.get("/forums/acf/").get_data(as_text=True)
    assert registered(db, forum) == 0  # nothing written in the request

    assert run_worker() is False  # finished within one turn

    desk_page = desk.get("/forums/acf/registrations").get_data(as_text=True)
    assert "Import finished" in desk_page
    assert "12 invitees imported (12 confirmed)." in desk_page
    job = db.session.scalar(select(RegistrationImport))
    assert (job.state, job.written, job.rows) == ("done", 12, [])  # the rows are forgotten once written
    assert registered(db, forum) == 12
    assert len({message["To"] for message in deliver_mail()}) == 12
    state = desk.get(f"/forums/acf/registrations/imports/{job.id}?format=json").get_json()
    assert state == {"state": "done", "written": 12, "total": 12,
                     "summary": "12 invitees imported (12 confirmed)."}

    desk.post(f"/forums/acf/registrations/imports/{job.id}/ok")
    assert "Import finished" not in desk.get("/forums/acf/registrations").get_data(as_text=True)


def test_the_worker_pass_runs_imports_before_sending_their_mail(app, desk, forum, db, background_after_five,
                                                                smtp_server):
    upload_invitees(desk, "acf", invitee_csv(8))
    Worker(app, run_jobs=False).run_pass()
    assert registered(db, forum) == 8
    assert len(smtp_server.messages) == 8


def test_nobody_is_emailed_until_the_last_row_and_a_stopped_import_goes_on(desk, forum, db, background_after_five,
                                                                          deliver_mail, monkeypatch):
    upload_invitees(desk, "acf", invitee_csv(12))
    stop = threading.Event()
    register = imports.register

    def stop_after_five(*args, **kwargs):
        written = register(*args, **kwargs)
        if registered(db, forum) >= 5:
            stop.set()  # as SIGTERM does: the row being written is finished, then the worker lets go
        return written

    monkeypatch.setattr(imports, "register", stop_after_five)
    assert imports.run_imports("first-worker", stop, 60) is True
    job = db.session.scalar(select(RegistrationImport))
    assert (job.state, job.written, job.claimed_by) == ("running", 5, "")
    assert deliver_mail() == []  # five written, none emailed: the list is not all there yet
    assert "5 of 12 invitees imported so far" in desk.get(f"/forums/acf/registrations/imports/{job.id}").get_data(
        as_text=True)

    monkeypatch.setattr(imports, "register", register)
    assert run_worker() is False
    assert registered(db, forum) == 12
    assert sorted(message["To"] for message in deliver_mail()) == sorted(f"invitee{i}@example.org"
                                                                          for i in range(1, 13))


def test_an_import_that_fails_half_way_is_undone(desk, forum, db, background_after_five, deliver_mail, monkeypatch,
                                                  create_registration):
    from forumops.registration import seats

    seats.settings_for(forum).capacity = 1
    waiting, _token = create_registration(forum, email="waiting@example.org", status="waitlisted", notify=False)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    upload_invitees(desk, "acf", invitee_csv(12))
    seats.settings_for(forum).capacity = 20
    db.session.commit()
    register = imports.register
    calls = []

    def fails_at_row_seven(*args, **kwargs):
        calls.append(1)
        if len(calls) == 7:
            raise RuntimeError("disk full")
        return register(*args, **kwargs)

    monkeypatch.setattr(imports, "register", fails_at_row_seven)
    run_worker()

    job = db.session.scalar(select(RegistrationImport))
    assert job.state == "failed"
    assert "stopped at row 7 of 12" in job.error
    assert job.rows == []
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.import_id.is_not(None))) == 0
    page = desk.get("/forums/acf/registrations").get_data(as_text=True)
    assert "Import undone" in page
    assert "nobody was registered or emailed" in page
    assert [message["To"] for message in deliver_mail()] == ["waiting@example.org"]  # moved up, nobody else
    db.session.refresh(waiting)
    assert waiting.status == "confirmed"


def test_someone_who_registered_meanwhile_is_left_as_they_were(desk, forum, db, background_after_five,
                                                               create_registration):
    upload_invitees(desk, "acf", invitee_csv(7))
    create_registration(forum, email="invitee3@example.org", name="Registered Themselves")
    run_worker()
    job = db.session.scalar(select(RegistrationImport))
    assert job.state == "done"
    assert job.outcome == {"confirmed": 6, "already": 1}
    assert "1 had registered themselves meanwhile" in desk.get("/forums/acf/registrations").get_data(as_text=True)
    assert db.session.scalar(select(Registration.name).where(Registration.email == "invitee3@example.org")) \
        == "Registered Themselves"


# --- quotas -----------------------------------------------------------------------------------------------

@pytest.fixture
def account_quota_of_ten(app):
    old = app.config["MAIL_ACCOUNT_QUOTA"]
    app.config["MAIL_ACCOUNT_QUOTA"] = 10
    yield
    app.config["MAIL_ACCOUNT_QUOTA"] = old


def test_a_quota_reached_mid_import_refuses_the_whole_list(desk, forum, db, account_quota_of_ten):
    """The finding: an import was emailed row by row until whatever limit there was; now the list whose emails
    would pass the quota part-way is refused before anything is written, saying when it would fit."""
    assert upload_invitees(desk, "acf", invitee_csv(4)).status_code == 302  # 4 of the account's 10

    refused = upload_invitees(desk, "acf", invitee_csv(7, start=100))  # would reach 10 at its 6th row

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Nothing was imported" in page
    assert "Your account may write to 10 people in 24 hours; it has written to 4, so these 7 would go over." in page
    assert "They would fit from" in page
    assert registered(db, forum) == 4
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 4


def test_a_list_waiting_for_the_worker_reserves_its_share(desk, forum, db, background_after_five,
                                                         account_quota_of_ten):
    """Two long lists uploaded one after the other cannot each pass the check and together go over."""
    assert upload_invitees(desk, "acf", invitee_csv(6)).status_code == 302  # waiting for the worker
    refused = upload_invitees(desk, "acf", invitee_csv(6, start=100))
    assert refused.status_code == 422
    assert "it has written to 6, so these 6 would go over" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(RegistrationImport.id))) == 1
    run_worker()
    assert registered(db, forum) == 6
