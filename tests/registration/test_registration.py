"""Registration through the public form: capacity, waiting list, approval, emails, self-service."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forumops.core.models import utcnow
from forumops.forums.models import ForumMember
from forumops.registration import seats, setup
from forumops.registration.models import Question, Registration


@pytest.fixture
def forum(create_forum, create_user, db):
    organiser = create_user(email="mai@example.org")
    forum = create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open",
                         organiser=organiser, mode="hybrid", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 15), timezone="Asia/Jakarta")
    return forum


def form(**overrides):
    data = {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
            "job_title": "Project officer", "country": "VN", "category": "civil_society",
            "attendance_mode": "in_person", "dietary_needs": "Vegetarian", "accessibility_needs": "",
            "gender": "woman", "consent_privacy": "y"}
    data.update(overrides)
    return data


def set_capacity(db, forum, **values):
    settings = seats.settings_for(forum)
    for key, value in values.items():
        setattr(settings, key, value)
    db.session.commit()


def test_register_confirms_and_emails_with_programme_and_manage_link(client, forum, deliver_mail, db):
    response = client.post("/forums/acf/register", data=form())
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.status == "confirmed"
    assert registration.name == "Nguyễn Phương Linh"
    assert registration.organisation.name == "Vietnam Women's Union"
    [mail] = deliver_mail()
    assert mail["To"] == "linh@example.org"
    assert "confirmed" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/forums/acf/registration/(\S+)", body).group(1)
    assert len(link) >= 43
    assert registration.checkin_code in body
    attachments = [part for part in mail.iter_attachments()]
    assert attachments[0].get_filename() == "acf.ics"
    assert b"BEGIN:VCALENDAR" in attachments[0].get_payload(decode=True)
    page = client.get(f"/forums/acf/registration/{link}").get_data(as_text=True)
    assert "Confirmed" in page
    assert registration.checkin_code in page


def test_full_forum_waitlists_and_cancellation_promotes_first_in_line(client, forum, deliver_mail, db):
    set_capacity(db, forum, capacity=1)
    client.post("/forums/acf/register", data=form(email="first@example.org"))
    client.post("/forums/acf/register", data=form(email="second@example.org"))
    client.post("/forums/acf/register", data=form(email="third@example.org"))
    statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
    assert statuses == {"first@example.org": "confirmed", "second@example.org": "waitlisted",
                        "third@example.org": "waitlisted"}
    first_link = re.search(r"/forums/acf/registration/(\S+)",
                           deliver_mail()[0].get_body(preferencelist=("plain",)).get_content()).group(1)
    client.post(f"/forums/acf/registration/{first_link}/cancel", data={"confirm": "y"})
    statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
    assert statuses["second@example.org"] == "confirmed"
    assert statuses["third@example.org"] == "waitlisted"
    promoted = [m for m in deliver_mail() if m["To"] == "second@example.org"][-1]
    assert "A place opened up" in promoted["Subject"]


def test_capacity_per_attendance_mode(client, forum, db):
    set_capacity(db, forum, capacity_in_person=1)  # online stays unlimited
    client.post("/forums/acf/register", data=form(email="a@example.org"))
    client.post("/forums/acf/register", data=form(email="b@example.org"))
    client.post("/forums/acf/register", data=form(email="c@example.org", attendance_mode="online"))
    statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
    assert statuses == {"a@example.org": "confirmed", "b@example.org": "waitlisted", "c@example.org": "confirmed"}


def test_approval_mode_keeps_registrations_pending(client, forum, db, deliver_mail):
    set_capacity(db, forum, approval_required=True, capacity=1)
    client.post("/forums/acf/register", data=form(email="a@example.org"))
    client.post("/forums/acf/register", data=form(email="b@example.org"))
    regs = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [r.status for r in regs] == ["pending", "pending"]
    outcome = seats.approve(forum, regs)
    db.session.commit()
    assert outcome == {"confirmed": 1, "waitlisted": 1}
    assert "approved" in [m for m in deliver_mail() if m["To"] == "a@example.org"][-1]["Subject"]


def test_twice_registered_gets_the_same_answer_one_row_and_the_link_by_email(client, forum, db, deliver_mail):
    first = client.post("/forums/acf/register", data=form())
    again = client.post("/forums/acf/register", data=form(name="Linh again"))
    assert (again.status_code, again.location) == (first.status_code, first.location)  # "check your email"
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    assert db.session.scalar(select(Registration.name)) == "Nguyễn Phương Linh"  # nothing changed
    note = deliver_mail()[-1]
    assert note["Subject"] == "You are already registered for ASEAN Community Forum"
    body = note.get_body(preferencelist=("plain",)).get_content()
    assert "Dear Nguyễn Phương Linh," in body
    assert "registered already" in body
    assert "Confirmed" in body
    link = re.search(r"http://\S+(/forums/acf/registration/\S+)", body).group(1)
    assert "Nguyễn Phương Linh" in client.get(link).get_data(as_text=True)


def test_bad_input_is_explained_and_kept(client, forum, db):
    response = client.post("/forums/acf/register", data=form(email="not-an-email", name="A\x00B",
                                                            consent_privacy=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter an email address like name@example.org." in page
    assert "invisible control characters" in page
    assert "Please accept the privacy notice" in page
    assert 'value="not-an-email"' in page
    long_name = client.post("/forums/acf/register", data=form(name="x" * 2000))
    assert "Use at most 200 characters." in long_name.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_custom_questions_required_and_choices(client, forum, db):
    setup.add_question(forum, {"label": "Which sector do you work in?", "kind": "single_choice",
                                    "options": ["Women's empowerment", "Rural development", "MSME"],
                                    "required": True})
    setup.add_question(forum, {"label": "Topics", "kind": "multiple_choice", "options": ["A", "B", "C"]})
    db.session.commit()
    questions = {q.label: q.id for q in db.session.scalars(select(Question))}
    sector, topics = f"q_{questions['Which sector do you work in?']}", f"q_{questions['Topics']}"
    missing = client.post("/forums/acf/register", data=form())
    assert "Please answer this question." in missing.get_data(as_text=True)
    bad = client.post("/forums/acf/register", data=form(**{sector: "Space travel"}))
    assert "Choose one of the options offered." in bad.get_data(as_text=True)
    ok = client.post("/forums/acf/register", data=form(**{sector: "MSME", topics: ["A", "C"]}))
    assert ok.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.answers[str(questions["Topics"])] == ["A", "C"]


def test_registration_closed_by_status_or_dates(client, forum, db):
    forum.status = "published"
    db.session.commit()
    assert "not open" in client.get("/forums/acf/register").get_data(as_text=True)
    assert client.post("/forums/acf/register", data=form()).status_code == 409
    forum.status = "registration_open"
    set_capacity(db, forum, closes_at=utcnow() - timedelta(hours=1))
    assert client.post("/forums/acf/register", data=form()).status_code == 409
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_invitation_only(client, forum, db):
    set_capacity(db, forum, invitation_only=True)
    code = setup.create_invitation_codes(forum, 1)[0].code
    db.session.commit()
    refused = client.post("/forums/acf/register", data=form(invitation_code="WRONG"))
    assert "not valid for this forum" in refused.get_data(as_text=True)
    assert client.post("/forums/acf/register", data=form(invitation_code=code.lower())).status_code == 302
    used_up = client.post("/forums/acf/register", data=form(email="b@example.org", invitation_code=code))
    assert "used up" in used_up.get_data(as_text=True)


def test_self_service_edit_and_account_view(client, forum, db, create_user, login, smtp_server):
    user = create_user(email="linh@example.org", name="Linh")
    login(user)
    client.post("/forums/acf/register", data=form())
    registration = db.session.scalar(select(Registration))
    assert registration.user_id == user.id
    assert db.session.scalar(select(ForumMember.role).where(ForumMember.user_id == user.id)) == "participant"
    page = client.get("/forums/acf/my-registration").get_data(as_text=True)
    assert "Vegetarian" in page
    client.post("/forums/acf/my-registration", data=form(dietary_needs="Halal"))
    db.session.refresh(registration)
    assert registration.dietary_needs == "Halal"
    client.post("/forums/acf/my-registration/cancel", data={"confirm": "y"})
    db.session.refresh(registration)
    assert registration.status == "cancelled"
    assert db.session.scalar(select(ForumMember.id).where(ForumMember.user_id == user.id)) is None


def test_wrong_manage_token_is_404(client, forum):
    assert client.get("/forums/acf/registration/not-a-token").status_code == 404


def test_mail_failure_never_loses_the_registration(client, forum, db, app):
    from forumops.core.outbox import OutboxMessage
    from forumops.core.worker import Worker

    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", 9
    try:
        assert client.post("/forums/acf/register", data=form()).status_code == 302
        assert Worker(app, run_jobs=False).send_due_mail().server_down  # the worker's attempt fails
    finally:
        app.config["MAIL_SERVER"] = ""
    assert db.session.scalar(select(Registration)).status == "confirmed"
    assert db.session.scalar(select(OutboxMessage)).status == "queued"


def test_names_are_stored_nfc(client, forum, db):
    client.post("/forums/acf/register", data=form(name="Nguye\u0302\u0303n Phu\u031bo\u031bng Linh"))
    assert db.session.scalar(select(Registration.name)) == "Nguyễn Phương Linh"


def test_cancel_needs_the_confirmation_box(client, forum, db, deliver_mail):
    client.post("/forums/acf/register", data=form())
    link = re.search(r"/forums/acf/registration/(\S+)",
                     deliver_mail()[0].get_body(preferencelist=("plain",)).get_content()).group(1)
    response = client.post(f"/forums/acf/registration/{link}/cancel")
    assert response.status_code == 422
    assert "Tick the box to confirm" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration.status)) == "confirmed"


def test_promoted_person_gets_a_working_manage_link(client, forum, db, deliver_mail):
    set_capacity(db, forum, capacity=1)
    client.post("/forums/acf/register", data=form(email="first@example.org"))
    client.post("/forums/acf/register", data=form(email="second@example.org"))
    first = re.search(r"/forums/acf/registration/(\S+)",
                      deliver_mail()[0].get_body(preferencelist=("plain",)).get_content()).group(1)
    client.post(f"/forums/acf/registration/{first}/cancel", data={"confirm": "y"})
    promoted = [m for m in deliver_mail() if m["To"] == "second@example.org"][-1]
    link = re.search(r"/forums/acf/registration/(\S+)", promoted.get_body(preferencelist=("plain",)).get_content())
    page = client.get(f"/forums/acf/registration/{link.group(1)}").get_data(as_text=True)
    assert "Confirmed" in page
    assert "second@example.org" in page
