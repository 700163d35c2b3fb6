"""Privacy (issue 9, item 4): a person downloads their own data and asks for erasure; an organiser erases
them, which removes their personal data from the database and every export while counts stay right, and
ends their sessions; `flask forumops purge` anonymises forums past their retention period."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, time, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.conftest import sign_in

LINH = {"name": "Linh Nguyen-Phuong", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
        "job_title": "Project officer", "dietary_needs": "Halal only", "accessibility_needs": "Step-free access"}
PUBLIC = {"gender": "woman", "consent_photos": True, "list_publicly": True}  # every registrant here says so


@pytest.fixture
def organiser(create_user):
    return create_user(email="organiser@example.org", name="Olga Organiser")


@pytest.fixture
def past_forum(create_forum, organiser, db, create_registration, create_item, create_notes):
    """A forum that is over: three registrations, a question, two clusters, check-ins (days, a session, a
    cluster's ticks) and a plan."""
    from forumops.clusters.operations import assign_registration, create_cluster
    from forumops.registration import setup
    from forumops.registration.operations import check_in, check_in_session

    today = date.today()
    forum = create_forum("acf-past", status="concluded", organiser=organiser, title="Forum That Happened",
                         start_date=today - timedelta(days=40), end_date=today - timedelta(days=39))
    question = setup.add_question(forum, {"label": "Which sector?", "kind": "short_text"})
    clusters = [create_cluster(forum, "Rural development", ""), create_cluster(forum, "MSME development", "")]
    people = {}
    for key, person in (("linh", LINH),
                        ("somchai", {"name": "Somchai Jaidee", "email": "somchai@example.org",
                                     "organisation": "Rural Foundation"}),
                        ("dara", {"name": "Dara Sok", "email": "dara@example.org", "organisation": "KH Union"})):
        registration, token = create_registration(
            forum, **person, **PUBLIC, answers={str(question.id): f"Answer of {person['name']}"},
            country={"linh": "VN", "somchai": "TH", "dara": "KH"}[key], notify=False)
        people[key] = (registration, token)
    plenary = create_item(forum, "Opening plenary", day=forum.start_date)
    for n, (registration, _token) in enumerate(people.values()):
        assign_registration(clusters[n % 2], registration, choice_rank=1)
        for day in (forum.start_date, forum.end_date)[: 2 - n % 2]:  # Linh and Dara both days, Somchai the first
            check_in(forum, registration, day)
        check_in_session(forum, plenary, registration)
    breakout = create_item(forum, "Breakout", type="breakout", cluster_id=clusters[0].id, day=forum.start_date,
                           start=time(11), end=time(12))
    notes = create_notes(clusters[0], title="Breakout 1", agenda_item=breakout)
    notes.content = {**notes.content, "attendance": [people["linh"][0].id]}
    db.session.commit()
    return forum, people, clusters


# --- download ------------------------------------------------------------------------------------

def test_the_manage_link_downloads_my_data_and_no_one_elses(client, past_forum, db):
    forum, people, _clusters = past_forum
    registration, token = people["linh"]
    response = client.get(f"/forums/{forum.slug}/registration/{token}/my-data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="acf-past-my-data-\d{4}-\d\d-\d\d\.json"', disposition)
    data = json.loads(response.data)
    mine = data["registrations"][0]
    assert (mine["name"], mine["email"], mine["job_title"]) == (LINH["name"], LINH["email"], "Project officer")
    assert mine["answers"] == [{"question": "Which sector?", "kind": "short_text", "organisers_only": False,
                                "answer": f"Answer of {LINH['name']}"}]
    assert mine["cluster_assignments"][0]["cluster"] == "Rural development"
    assert mine["checked_in_at"]
    assert [day["day"] for day in mine["attendance"]["days"]] == [forum.start_date.isoformat(),
                                                                  forum.end_date.isoformat()]
    assert all(day["arrived_at"] for day in mine["attendance"]["days"])
    assert [s["session"] for s in mine["attendance"]["sessions"]] == ["Opening plenary"]
    assert mine["attendance"]["cluster_sessions"] == [{"cluster": "Rural development", "session": "Breakout 1"}]
    assert mine["consents"]["photographs"] is True
    body = response.get_data(as_text=True)
    assert "Somchai" not in body
    assert "dara@example.org" not in body
    assert registration.manage_token_hash not in body
    assert token not in body


def test_another_forums_token_or_a_made_up_one_is_404(client, past_forum, create_forum):
    forum, people, _clusters = past_forum
    create_forum("other-forum")
    _registration, token = people["linh"]
    assert client.get(f"/forums/other-forum/registration/{token}/my-data.json").status_code == 404
    assert client.get(f"/forums/{forum.slug}/registration/{'x' * 43}/my-data.json").status_code == 404
    assert client.get(f"/forums/{forum.slug}/registration/{'x' * 43}/erasure").status_code == 404


def test_a_signed_in_person_downloads_their_account_and_every_registration(client, past_forum, create_user,
                                                                             create_forum, db, create_registration):
    from forumops.accounts.models import UserSession

    forum, _people, _clusters = past_forum
    user = create_user(email="mai@example.org", name="Mai Tran")
    second = create_forum("acf-next", status="registration_open")
    create_registration(forum, user=user, name="Mai Tran", email="mai@example.org", **PUBLIC, notify=False)
    create_registration(second, user=user, name="Mai T.", email="mai@example.org", **PUBLIC, notify=False)
    db.session.commit()
    sign_in(client, user)
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["email"] == "mai@example.org"
    assert sorted(r["forum"]["slug"] for r in data["registrations"]) == ["acf-next", "acf-past"]
    assert data["sessions"][0]["browser"] == "pytest"
    assert {"forum": "acf-next", "title": "ASEAN Community Forum", "role": "participant"} in data["forum_roles"]
    body = response.get_data(as_text=True)
    assert user.password_hash not in body
    assert "password" not in body
    for row in db.session.scalars(select(UserSession)):
        assert row.token_hash not in body
    assert "Linh" not in body
    assert "somchai@example.org" not in body


# --- asking for erasure ---------------------------------------------------------------------------------

def test_asking_for_erasure_by_link_needs_the_tick_is_recorded_once_and_emailed(client, past_forum, organiser,
                                                                                db, deliver_mail):
    from forumops.privacy.models import ErasureRequest

    forum, people, _clusters = past_forum
    _registration, token = people["linh"]
    url = f"/forums/{forum.slug}/registration/{token}/erasure"
    page = client.get(url).get_data(as_text=True)
    assert "Ask for your data to be erased" in page
    assert 'name="confirm"' in page
    refused = client.post(url, data={})
    assert refused.status_code == 422
    assert "Tick the box" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ErasureRequest.id))) == 0

    assert client.post(url, data={"confirm": "y"}).status_code == 302
    assert client.post(url, data={"confirm": "y"}).status_code == 302  # twice: still one request
    assert db.session.scalar(select(func.count(ErasureRequest.id))) == 1
    [mail] = [m for m in deliver_mail() if m["To"] == LINH["email"]]
    assert "erase" in mail["Subject"]
    assert "Forum That Happened" in mail["Subject"]
    manage = client.get(f"/forums/{forum.slug}/registration/{token}").get_data(as_text=True)
    assert "You asked for erasure on" in manage

    sign_in(client, organiser)
    desk = client.get(f"/forums/{forum.slug}/registrations").get_data(as_text=True)
    assert "1 person asks to be erased" in desk
    assert LINH["name"] in desk
    assert f"/forums/{forum.slug}/privacy/erase/" in desk


def test_asking_for_erasure_from_the_account(client, past_forum, create_user, db, create_registration):
    from forumops.core.outbox import OutboxMessage
    from forumops.privacy.models import ErasureRequest

    forum, _people, _clusters = past_forum
    user = create_user(email="mai@example.org", name="Mai Tran")
    create_registration(forum, user=user, name="Mai Tran", email="mai@example.org", **PUBLIC, notify=False)
    db.session.commit()
    sign_in(client, user)
    assert "Ask for erasure" in client.get("/account/").get_data(as_text=True)
    assert client.post("/account/erasure", data={}).status_code == 422
    assert client.post("/account/erasure", data={"confirm": "y"}).status_code == 302
    request = db.session.scalar(select(ErasureRequest))
    assert (request.via, request.forum_id) == ("account", forum.id)
    assert db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.to_address == "mai@example.org"))


def test_forms_need_their_csrf_token(app, past_forum, organiser, db):
    from forumops.privacy.models import ErasureRequest

    forum, people, _clusters = past_forum
    registration, token = people["linh"]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        assert client.post(f"/forums/{forum.slug}/registration/{token}/erasure",
                           data={"confirm": "y"}).status_code == 400
        sign_in(client, organiser)
        assert client.post(f"/forums/{forum.slug}/privacy/erase/{registration.id}",
                           data={"confirm": "y"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(type(registration), registration.id).erased_at is None
    assert db.session.scalar(select(func.count(ErasureRequest.id))) == 0


# --- erasing -----------------------------------------------------------------------------------------

def _outputs(client, forum) -> dict[str, str]:
    """Every page and file that shows participants, as text. Searches are typed in lower case and in part,
    so the query shown back on the page is not mistaken for a hit."""
    slug = forum.slug
    report_pdf = client.get(f"/forums/{slug}/report.pdf")
    assert report_pdf.status_code == 200
    outputs = {
        "desk": client.get(f"/forums/{slug}/registrations").get_data(as_text=True),
        "desk search": client.get(f"/forums/{slug}/registrations?q=nguyen-phuong").get_data(as_text=True),
        "desk search by email": client.get(f"/forums/{slug}/registrations?q=linh%40example")
        .get_data(as_text=True),
        "csv": client.get(f"/forums/{slug}/registrations.csv").get_data(as_text=True),
        "badges page": client.get(f"/forums/{slug}/badges").get_data(as_text=True),
        "check-in search": client.get(f"/forums/{slug}/checkin", query_string={"q": "nguyen"}).get_data(as_text=True),
        "attendance report": client.get(f"/forums/{slug}/attendance").get_data(as_text=True),
        "attendance csv": client.get(f"/forums/{slug}/attendance.csv").get_data(as_text=True),
        "cluster assignment": client.get(f"/forums/{slug}/clusters/assign").get_data(as_text=True),
        "report": client.get(f"/forums/{slug}/report").get_data(as_text=True),
        "report pdf": " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(report_pdf.data)).pages),
        "follow-up": client.get(f"/forums/{slug}/followup").get_data(as_text=True),
        "follow-up csv": client.get(f"/forums/{slug}/followup.csv").get_data(as_text=True),
        "outbox": client.get(f"/forums/{slug}/outbox").get_data(as_text=True),
    }
    badges = client.post(f"/forums/{slug}/badges.pdf", data={"who": "confirmed", "layout": "a4-8"})
    outputs["badges pdf"] = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(badges.data)).pages)
    return outputs


def _counts(forum) -> dict:
    from forumops.agenda.queries import list_clusters
    from forumops.outcomes.queries import _participation
    from forumops.registration import queries
    from forumops.registration.attendance import day_counts
    from forumops.registration.attendance_report import attendance_grid, group_tables, present_by_cluster

    grid = attendance_grid(forum)
    participation, organisations = _participation(forum, list_clusters(forum), present_by_cluster(grid))
    return {"status": queries.status_counts(forum), "participation": participation, "organisations": organisations,
            "days": [day_counts(forum, day) for day in (forum.start_date, forum.end_date)],
            "attendance report": group_tables(grid, grid.columns)}


def test_erasing_removes_the_person_from_every_output_and_keeps_the_counts(
        client, past_forum, organiser, create_user, db):
    from forumops.accounts.models import User, UserSession
    from forumops.core.outbox import OutboxMessage, queue_mail
    from forumops.followup.models import ActionPlan
    from forumops.followup.operations import create_plan
    from forumops.registration.models import Registration

    forum, people, _clusters = past_forum
    registration, token = people["linh"]
    user = create_user(email=LINH["email"], name=LINH["name"])  # she signed up with the same address
    registration.user_id = user.id
    create_plan(forum, {"title": "Women's cooperative export plan", "registration_id": registration.id})
    queue_mail(LINH["email"], "Your place", f"Dear {LINH['name']}, your link ...", forum_id=forum.id,
               registration_id=registration.id)  # as every registration's mail is linked
    db.session.commit()
    linh_browser = client.application.test_client()
    sign_in(linh_browser, user)
    assert linh_browser.get("/account/").status_code == 200

    sign_in(client, organiser)
    before = _outputs(client, forum)
    assert LINH["name"] in before["desk"]
    assert LINH["name"] in before["csv"]
    assert LINH["name"] in before["follow-up"]
    assert LINH["name"] in before["badges pdf"]
    assert LINH["name"] in before["check-in search"]
    counts_before = _counts(forum)
    rows_before = len(list(csv.reader(io.StringIO(before["csv"]))))

    refused = client.post(f"/forums/{forum.slug}/privacy/erase/{registration.id}", data={})
    assert refused.status_code == 302
    assert db.session.get(Registration, registration.id).erased_at is None
    response = client.post(f"/forums/{forum.slug}/privacy/erase/{registration.id}", data={"confirm": "y"})
    assert response.status_code == 302

    after = _outputs(client, forum)
    for name, text in after.items():
        for secret in (LINH["name"], "Linh", LINH["email"], "Project officer", "Halal only", "Step-free"):
            assert secret not in text, f"{secret!r} is still in the {name}"
    assert "Somchai Jaidee" in after["desk"]
    assert "Somchai Jaidee" in after["badges pdf"]
    assert len(list(csv.reader(io.StringIO(after["csv"])))) == rows_before
    assert _counts(forum) == counts_before

    db.session.expire_all()
    erased = db.session.get(Registration, registration.id)
    assert erased.name == "Erased participant"
    assert erased.email.endswith("@erased.invalid")
    assert (erased.job_title, erased.dietary_needs, erased.accessibility_needs, erased.answers) == ("", "", "", {})
    assert erased.consent_photos is False
    assert erased.user_id is None
    assert erased.erased_at is not None
    assert (erased.status, erased.country, erased.gender) == ("confirmed", "VN", "woman")
    assert erased.checked_in_at is not None
    assert erased.organisation is not None
    assert client.get(f"/forums/{forum.slug}/registration/{token}").status_code == 404
    assert client.get(f"/forums/{forum.slug}/registrations/{registration.id}/badge.pdf").status_code == 404
    plan = db.session.scalar(select(ActionPlan))
    assert (plan.owner_name, plan.owner_email, plan.links) == ("Erased participant", "", [])
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        func.lower(OutboxMessage.to_address) == LINH["email"])) == 0
    account = db.session.get(User, user.id)
    assert account.is_disabled
    assert account.name == "Erased participant"
    assert account.email != LINH["email"]
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == user.id)) == 0
    # her copied session cookie no longer signs anyone in
    signed_out = linh_browser.get("/account/")
    assert signed_out.status_code == 302
    assert "/account/signin" in signed_out.headers["Location"]
    # erasing twice changes nothing
    assert client.post(f"/forums/{forum.slug}/privacy/erase/{registration.id}",
                       data={"confirm": "y"}).status_code == 302


def test_an_account_with_other_uses_survives_and_an_upcoming_place_is_freed(
        client, create_forum, organiser, create_user, add_role, db, create_registration):
    from forumops.accounts.models import User, UserSession
    from forumops.registration import seats
    from forumops.registration.models import Registration

    forum = create_forum("acf-soon", status="registration_open", organiser=organiser)
    seats.settings_for(forum).capacity = 1
    facilitator = create_user(email="ben@example.org", name="Dr Ben")
    other = create_forum("acf-other", organiser=organiser)
    add_role(other, facilitator, "facilitator")
    first, _token = create_registration(forum, user=facilitator, name="Dr Ben", email="ben@example.org", **PUBLIC,
                                        notify=False)
    waiting, _token = create_registration(forum, name="Next Inline", email="next@example.org", **PUBLIC, notify=False)
    db.session.commit()
    sign_in(client.application.test_client(), facilitator)
    assert (first.status, waiting.status) == ("confirmed", "waitlisted")

    sign_in(client, organiser)
    client.post(f"/forums/acf-soon/privacy/erase/{first.id}", data={"confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Registration, first.id).status == "cancelled"  # the forum is still to come
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    ben = db.session.get(User, facilitator.id)
    assert (ben.name, ben.is_disabled) == ("Dr Ben", False)  # a facilitator elsewhere keeps the account
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == ben.id)) == 1


# --- retention ----------------------------------------------------------------------------------------

def test_purge_anonymises_forums_past_their_retention_dry_run_first(app, past_forum, create_forum, db,
                                                                    create_registration):
    from forumops.registration.models import Registration

    forum, _people, _clusters = past_forum
    forum.retention_days = 30  # ended 39 days ago: past
    kept = create_forum("acf-kept", start_date=forum.start_date, end_date=forum.end_date, retention_days=60)
    create_registration(kept, name="Kept Person", email="kept@example.org", **PUBLIC, notify=False)
    db.session.commit()
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["forumops", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "acf-past" in dry.output
    assert "would anonymise 3 registration(s)" in dry.output
    assert "acf-kept" not in dry.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.erased_at.is_not(None))) == 0

    real = runner.invoke(args=["forumops", "purge"])
    assert real.exit_code == 0
    assert "anonymised 3 registration(s)" in real.output
    db.session.expire_all()
    names = dict(db.session.execute(select(Registration.email, Registration.name)).all())
    assert names.get("kept@example.org") == "Kept Person"
    assert sorted(n for n in names.values() if n != "Kept Person") == ["Erased participant"] * 3

    again = runner.invoke(args=["forumops", "purge"])
    assert again.exit_code == 0
    assert "anonymised 0 registration(s)" in again.output


def test_the_retention_period_is_on_the_forum_form(client, create_forum, organiser, db):
    from forumops.forums.models import Forum

    forum = create_forum("acf-form", organiser=organiser)
    sign_in(client, organiser)
    page = client.get("/forums/acf-form/edit").get_data(as_text=True)
    assert "Keep participants&#39; data for (days)" in page or "Keep participants' data for (days)" in page
    data = {"title": forum.title, "slug": forum.slug, "start_date": "2027-04-14", "end_date": "2027-04-15",
            "timezone": "Asia/Jakarta", "mode": "hybrid", "retention_days": "365"}
    assert client.post("/forums/acf-form/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Forum, forum.id).retention_days == 365
    assert client.post("/forums/acf-form/edit", data=data | {"retention_days": "-1"}).status_code == 422
    assert client.post("/forums/acf-form/edit", data=data | {"retention_days": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Forum, forum.id).retention_days is None


def test_a_registration_made_with_someone_elses_address_neither_reads_nor_wipes_their_plan(
        client, past_forum, organiser, db, create_registration):
    """Nobody verifies the address a registration is made with: only plans linked to the registration
    itself are its owner's. An organisation's plan whose contact is victim@ stays out of the impostor's
    download, and erasing the impostor leaves it whole."""
    from forumops.followup.models import ActionPlan
    from forumops.followup.operations import create_plan
    from forumops.privacy import operations as privacy

    forum, _people, _clusters = past_forum
    from forumops.core.outbox import OutboxMessage

    plan, link = create_plan(forum, {"title": "Rural Foundation seed bank", "organisation": "Rural Foundation",
                                     "owner_name": "Vichai Victim", "owner_email": "vichai@example.org"})
    assert link  # his reporting link is queued to him
    impostor, token = create_registration(forum, name="Not Vichai", email="vichai@example.org", **PUBLIC, notify=False)
    db.session.commit()
    download = client.get(f"/forums/{forum.slug}/registration/{token}/my-data.json").get_data(as_text=True)
    assert "Rural Foundation seed bank" not in download
    assert "Vichai Victim" not in download
    privacy.erase_registration(forum, impostor)
    db.session.commit()
    kept = db.session.get(ActionPlan, plan.id)
    assert (kept.owner_name, kept.owner_email) == ("Vichai Victim", "vichai@example.org")
    mail = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.forum_id == forum.id,
                                                                   OutboxMessage.to_address == "vichai@example.org"))
    assert any(link in body for body in mail)  # his reporting link still reaches him


def test_an_erased_account_loses_its_own_mail_and_no_one_elses(past_forum, create_user, create_forum,
                                                               organiser, db):
    """The account's own mail (a password reset: no forum) goes with it; another forum's mail to the same
    address stays (it may be another person's registration there: addresses are not verified)."""
    from forumops.core.outbox import OutboxMessage, queue_mail
    from forumops.privacy import operations as privacy

    forum, people, _clusters = past_forum
    registration, _token = people["dara"]
    user = create_user(email="dara@example.org", name="Dara Sok")
    registration.user_id = user.id
    other = create_forum("other-forum", organiser=organiser)
    queue_mail("dara@example.org", "Reset your password", "Hello Dara Sok, reset link ...")
    queue_mail("dara@example.org", "Your place", "Dear Dara, ...", forum_id=other.id)
    db.session.commit()
    outcome = privacy.erase_registration(forum, registration)
    db.session.commit()
    assert outcome.account_erased
    left = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == "dara@example.org"))
    assert sorted(left) == ["Your place"]


def test_an_account_with_nothing_else_is_closed_by_its_owner(client, create_user, db):
    """No registration, no role: the account holds only a name and an address, so its owner may erase it
    at once (with the tick); every session ends, so a copied cookie stops working too."""
    from forumops.accounts.models import User

    user = create_user(email="somchai@example.org", name="Somchai Jaidee")
    copied = client.application.test_client()
    sign_in(copied, user)
    sign_in(client, user)
    page = client.get("/account/erasure").get_data(as_text=True)
    assert "Close my account" in page
    refused = client.post("/account/erasure", data={})
    assert refused.status_code == 422
    assert "Tick the box to confirm that you want your account closed." in refused.get_data(as_text=True)
    response = client.post("/account/erasure", data={"confirm": "y"}, follow_redirects=True)
    assert "Your account is closed and your name and email address are erased." in response.get_data(as_text=True)
    db.session.expire_all()
    closed = db.session.get(User, user.id)
    assert closed.is_disabled
    assert closed.email != "somchai@example.org"
    assert "Somchai" not in closed.name
    assert copied.get("/account/").status_code == 302  # signed out everywhere


def test_an_organisers_account_is_not_closed_from_the_account_page(client, create_user, create_forum, db):
    from forumops.accounts.models import User

    organiser = create_user(email="mai@example.org", name="Mai Tran")
    create_forum("acf-kept", organiser=organiser)
    sign_in(client, organiser)
    page = client.get("/account/erasure").get_data(as_text=True)
    assert "Close my account" not in page
    assert "write to them" in page
    assert client.post("/account/erasure", data={"confirm": "y"}).status_code == 422
    db.session.expire_all()
    assert db.session.get(User, organiser.id).email == "mai@example.org"


def test_the_public_form_suggests_only_organisations_that_are_public_already(client, db, create_forum):
    """The registration form's organisation suggestions never list the whole directory: an entry known only
    from someone's registration would tell every visitor that someone from it registered somewhere. Public
    already: partners of forums that are not drafts, and the organisations a published report lists (a
    confirmed registrant who agreed to be listed)."""
    from forumops.forums.operations import add_partner
    from forumops.outcomes.operations import publish_report
    from forumops.privacy.queries import forget_public_organisation_names
    from forumops.registration.seats import cancel, register

    held = {"start_date": date(2017, 3, 9), "end_date": date(2017, 3, 10)}  # reports follow the forum
    reported = create_forum(slug="reported", status="concluded", **held)
    unreported = create_forum(slug="unreported", status="concluded", **held)
    draft = create_forum(slug="draft", status="draft", **held)
    forum = create_forum(slug="open", status="registration_open")
    add_partner(forum, "Asia Foundation", "partner")
    add_partner(draft, "Unannounced Donor Trust", "partner")

    def listed(where, email, organisation):
        return register(where, {"email": email, "name": "Somchai Rakdee", "country": "TH", "consent_privacy": True,
                                "organisation": organisation, "list_publicly": True})[0]

    listed(reported, "malee@example.org", "Thai Fair Trade Network")  # in the published report
    register(reported, {"email": "somchai@example.org", "name": "Somchai Rakdee", "country": "TH",
                        "consent_privacy": True, "organisation": "Battambang Weavers' Group"})  # not listed
    cancel(reported, listed(reported, "dara@example.org", "Khmer Youth Radio"))  # listed, but not a participant
    listed(unreported, "noy@example.org", "Lao Farmers Union")  # its forum's report is not published
    listed(draft, "aung@example.org", "Yangon Draft Collective")
    listed(forum, "linh@example.org", "Hanoi Early Bird Union")  # the report does not exist yet
    publish_report(reported, None)
    publish_report(draft, None)  # a draft forum's report stays with its organisers
    db.session.commit()
    forget_public_organisation_names()
    page = client.get("/forums/open/register").get_data(as_text=True)
    suggestions = page.split('<datalist id="organisation-names">', 1)[1].split("</datalist>", 1)[0]
    assert suggestions.count("<option") == 2, suggestions
    assert '<option value="Asia Foundation">' in suggestions
    assert '<option value="Thai Fair Trade Network">' in suggestions


def test_the_erase_box_shows_where_others_wrote_the_name(client, past_forum, organiser, db):
    """Erasure cannot rewrite other people's words, so the organiser is shown where they name the person
    (accents and case ignored), with links to edit them; her own plan goes with the erasure and is not listed."""
    from forumops.agenda.operations import create_item
    from forumops.clusters.operations import open_notes, save_notes
    from forumops.followup.operations import create_plan
    from tests.conftest import sign_in

    forum, people, clusters = past_forum
    linh, _token = people["linh"]
    somchai, _token = people["somchai"]
    notes = open_notes(clusters[0], title="Day 1")
    save_notes(notes, {"summary": "LINH NGUYEN-PHUONG proposed a savings group.",
                       "findings": ["Markets are far."]}, notes.version, organiser)
    quiet = open_notes(clusters[1], title="Day 1")
    save_notes(quiet, {"summary": "No names here."}, quiet.version, organiser)
    create_item(forum, {"day": forum.start_date, "start": time(9), "end": time(10), "title": "Case study",
                        "people": [{"role": "speaker", "name": "Linh Nguyen-Phuong"}]})
    create_item(forum, {"day": forum.start_date, "start": time(11), "end": time(12), "title": "Panel"})
    create_plan(forum, {"title": "Rural savings", "registration_id": somchai.id,
                        "objective": "With advice from Linh Nguyen-Phuong."}, send_link=False)
    create_plan(forum, {"title": "Linh's own plan", "registration_id": linh.id}, send_link=False)
    db.session.commit()
    sign_in(client, organiser)
    page = client.get(f"/forums/{forum.slug}/registrations/{linh.id}").get_data(as_text=True)
    box = page.split('id="erase"', 1)[1]
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', box.split("</ul>", 1)[0])
    assert [where for _url, where in listed] == [
        "Facilitation notes: Rural development (Day 1)", "Programme: Case study", "Action plan: Rural savings"]
    assert listed[0][0] == f"/forums/{forum.slug}/clusters/{clusters[0].id}/notes/{notes.id}/edit"
    other = client.get(f"/forums/{forum.slug}/registrations/{people['dara'][0].id}").get_data(as_text=True)
    assert 'class="notice mentions"' not in other


def test_an_erased_account_keeps_no_role_offered_to_its_address(create_user, create_forum, db):
    from forumops.forums import invitations
    from forumops.forums.models import RoleInvitation
    from forumops.privacy.operations import anonymise_account

    organiser = create_user(email="mai@example.org")
    forum = create_forum(slug="offers", organiser=organiser)
    person = create_user(email="ben@example.org", name="Dr Ben")
    invitations.invite(forum, "Ben@Example.org", "facilitator", organiser)
    invitations.invite(forum, "someone-else@example.org", "facilitator", organiser)
    db.session.commit()
    anonymise_account(person)
    db.session.commit()
    left = db.session.scalars(select(RoleInvitation.email)).all()
    assert left == ["someone-else@example.org"]  # only another address's offer stays


def test_attendance_goes_with_a_deleted_registration_and_stays_counted_after_erasure(past_forum, db):
    """Erasing anonymises the registration in place, so its days and sessions stay counted like its check-in
    time (README, Privacy: "Kept, for the counts"), with no name left on them; a registration row that is
    deleted (an undone import, a deleted forum) takes them along by the foreign keys' ON DELETE CASCADE."""
    from forumops.privacy.operations import erase_registration
    from forumops.registration.models import DayAttendance, Registration, SessionAttendance

    forum, people, _clusters = past_forum
    linh, somchai = people["linh"][0], people["somchai"][0]

    def rows(model, registration) -> int:
        return db.session.scalar(select(func.count(model.id)).where(model.registration_id == registration.id))

    assert (rows(DayAttendance, linh), rows(SessionAttendance, linh)) == (2, 1)
    erase_registration(forum, linh)
    db.session.commit()
    assert (rows(DayAttendance, linh), rows(SessionAttendance, linh)) == (2, 1)
    assert db.session.get(Registration, linh.id).name == "Erased participant"

    db.session.delete(somchai)
    db.session.commit()
    assert (rows(DayAttendance, somchai), rows(SessionAttendance, somchai)) == (0, 0)
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 2 + 2  # Linh's and Dara's days remain
