"""Access audit, issue 9 point 2: what tests/core/test_access.py (route by role) cannot see.

* An organiser of forum A puts forum B's ids and tokens into A's URLs: every such URL, enumerated
  from app.url_map, is a 404 and B's data is unchanged; with B's slug, every organisers' route is
  403 or 404.
* A participant changes ids or tokens to reach another participant's registration, badge, calendar
  feed, cluster notes or follow-up plan, and fails.
* Extra fields posted alongside a normal form (status, forum_id, user_id, role, capacity, is_admin,
  checked_in_at) have no effect on the database.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from forumops.core import permissions
from tests.conftest import TEST_PASSWORD, sign_in, sign_up

# Values for URL arguments that are not ids: they must be valid, so only the id decides the answer.
PLAIN_ARGUMENTS = {"action": "approve", "event": "submitted", "direction": "up", "day": "2027-04-14",
                   "filename": "css/app.css", "change": "revoke", "language": "th", "support_kind": "travel"}
# Extra fields someone might add to a form to give themselves more than the form offers.
EXTRA_FIELDS = {"status": "confirmed", "forum_id": "0", "user_id": "0", "role": "organiser", "capacity": "0",
                "is_admin": "y", "checked_in_at": "2027-04-14T08:00:00", "id": "1", "created_by_id": "0",
                "approval_required": "", "registration_id": "0", "email_verified": "y"}
RESEARCHER = {"organisation": "Mekong Institute", "job_title": "Researcher"}  # what every registrant here typed


@dataclass
class World:
    """One forum with everything a URL can point at, and the people in it."""

    forum: object
    organiser: object
    people: dict  # name -> User
    registrations: dict  # name -> Registration
    tokens: dict  # name -> private manage token
    ids: dict = field(default_factory=dict)  # URL argument name -> an id of this forum's object
    secrets: dict = field(default_factory=dict)  # endpoint -> a token of this forum


def build_world(db, create_user, create_forum, create_registration, slug: str, who: str) -> World:
    from forumops.agenda import operations as agenda
    from forumops.clusters import synthesis
    from forumops.clusters.operations import (
        add_staff,
        assign_registration,
        change_notes_status,
        create_cluster,
        invite_staff,
        open_notes,
        save_notes,
    )
    from forumops.followup import operations as followup
    from forumops.followup.reports import submit_report
    from forumops.forums.models import ForumMember, ForumPartner
    from forumops.forums.operations import add_partner
    from forumops.outcomes.operations import report_for
    from forumops.registration import setup as registration_setup

    organiser = create_user(email=f"organiser-{who}@example.org", name=f"Organiser {who.upper()}")
    forum = create_forum(slug, status="registration_open", organiser=organiser, title=f"Forum {who.upper()}",
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), mode="hybrid")
    forum.languages = ["en", "th"]  # its Thai translation page exists, for the attacker to try
    people = {name: create_user(email=f"{name}-{who}@example.org", name=f"{name.title()} {who.upper()}")
              for name in ("alice", "bruno")}
    clusters = {"alice": create_cluster(forum, f"Cluster one {who}"), "bruno": create_cluster(forum, f"Two {who}")}
    registrations, tokens = {}, {}
    for name, user in people.items():
        registrations[name], tokens[name] = create_registration(forum, user=user, name=user.name, email=user.email,
                                                                **RESEARCHER, notify=False)
        assign_registration(clusters[name], registrations[name], choice_rank=1)
    staff = create_user(email=f"facilitator-{who}@example.org", name=f"Facilitator {who.upper()}")
    assignment = add_staff(clusters["alice"], staff, "facilitator")
    notes = {}
    for name, cluster in clusters.items():
        notes[name] = open_notes(cluster, title=f"Notes of {name}")
        save_notes(notes[name], {"summary": f"Private summary of {name}'s cluster in {who}.", "recommendations": [
            {"text": f"Recommendation from {name} in {who}.", "addressee": "ASEAN", "priority": "high"}]},
            notes[name].version, organiser)
    change_notes_status(notes["bruno"], "submitted", organiser)
    change_notes_status(notes["bruno"], "approved", organiser)
    recommendation = synthesis.merge_recommendations(forum, [(notes["bruno"].id, 0)])
    item = agenda.create_item(forum, {"day": date(2027, 4, 14), "start": time(9), "end": time(10),
                                      "title": f"Opening of {who}", "room": f"Hall {who}", "people": []})
    room_id = item.room_id
    question = registration_setup.add_question(forum, {"label": "Why?", "kind": "short_text"})
    add_partner(forum, f"Partner of {who}", "organiser")
    plans = {}
    for name, registration in registrations.items():
        plans[name] = followup.create_plan(forum, {
            "title": f"Plan of {name} {who}", "objective": "", "registration_id": registration.id,
            "organisation": "", "owner_name": "", "owner_email": "", "country": "", "cluster_id": None,
            "status": "not_started", "report_every_days": None, "activities": [], "indicators": []},
            organiser, send_link=True)
    feeds = {name: agenda.make_feed_link(forum, user.id) for name, user in people.items()}  # their tokens
    report = submit_report(forum, plans["alice"][0], {"plan_status": "on_track",
                                                     "narrative": f"Progress of alice in {who}."})
    invitation = invite_staff(forum, clusters["alice"], f"invitee-{who}@example.org", f"Invitee {who}", "rapporteur",
                              organiser)
    report_for(forum)
    from forumops.communications.operations import save_template, send_announcement
    from forumops.core.outbox import OutboxMessage

    announcement = send_announcement(forum, f"News of {who}", "Dear {name}", list(registrations.values()),
                                     actor=organiser)
    template = save_template(forum, f"Template of {who}", "Hello", "Dear {name}", organiser)
    from forumops.registration.csvio import Invitee
    from forumops.registration.imports import queue_import

    waiting_import = queue_import(forum, [Invitee(2, f"Invitee of {who}", f"listed-{who}@example.org")], organiser)
    message_id, mailed = db.session.execute(select(OutboxMessage.id, OutboxMessage.body_text).where(
        OutboxMessage.registration_id == registrations["alice"].id, OutboxMessage.kind == "announcement")).one()
    unsubscribe = re.search(r"/unsubscribe/([\w-]+)", mailed).group(1)
    import io

    from forumops.documents.operations import add_files
    from forumops.documents.targets import Target
    from tests.conftest import pdf_bytes

    document = add_files(forum, Target("forum", None, "", ""), [(io.BytesIO(pdf_bytes(2)), f"briefing-{who}.pdf")],
                         {"visibility": "organisers"}, organiser).added[0]
    from forumops.certificates import operations as certificates
    from forumops.certificates.issuing import issue
    from forumops.certificates.letters import operations as letters
    from forumops.registration.models import DayAttendance
    from tests.certificates.letter_fixtures import letter_settings
    from tests.pdf_images import logo_png

    signatory = certificates.add_signatory(forum, {"name": f"Signatory {who}"},
                                           (io.BytesIO(logo_png()), f"signature-{who}.png"))
    db.session.add(DayAttendance(forum_id=forum.id, registration_id=registrations["alice"].id, day=date(2027, 4, 14)))
    registrations["alice"].status = "confirmed"
    certificates.save_design(forum, {"title": "Certificate", "body": "{name} attended {forum}.",
                                     "signatories": [signatory.id]}, [])
    certificates.publish(forum, organiser)  # alice's certificate (she attended a day); bruno has none
    letters.save_settings(forum, letter_settings(signatory.id))
    letter = letters.submit_request(forum, registrations["alice"], {
        "purpose": "visa", "passport_name": f"ALICE {who.upper()}", "nationality": "TH", "passport_number": "",
        "birth_date": None, "authority_name": "", "authority_address": "", "language": "en"})
    letters.approve(forum, letter, organiser, letters.request_version(letter))
    paper = issue(registrations["alice"], "certificate", holder_name=people["alice"].name, language="en", details={},
                  by_id=organiser.id)
    from forumops.evaluations.models import Survey, SurveyItem

    survey = Survey(forum_id=forum.id, title=f"Test of {who}", kind="test", anonymous=False,  # a test has every page
                    opens_at=datetime.now(UTC) - timedelta(hours=1),
                    items=[SurveyItem(kind="single", text="Which?", options=["This", "That"], correct=0)])
    db.session.add(survey)
    from forumops.travel.models import Hotel

    hotel = Hotel(forum_id=forum.id, name=f"Hotel of {who}")
    db.session.add(hotel)
    from forumops.core.uploads import store_upload
    from forumops.registration.models import AnswerFile

    db.session.add(AnswerFile(registration_id=registrations["alice"].id, question_id=question.id, filename="cv.pdf",
                              stored_file_id=store_upload(io.BytesIO(pdf_bytes()), f"cv-{who}.pdf").id))
    db.session.flush()
    partner_id = db.session.scalar(select(ForumPartner.id).where(ForumPartner.forum_id == forum.id))
    member_id = db.session.scalar(select(ForumMember.id).where(ForumMember.forum_id == forum.id,
                                                               ForumMember.user_id == people["alice"].id))
    db.session.commit()
    world = World(forum, organiser, people, registrations, tokens)
    world.ids = {"item_id": item.id, "room_id": room_id, "registration_id": registrations["alice"].id,
                 "question_id": question.id, "cluster_id": clusters["alice"].id, "notes_id": notes["alice"].id,
                 "assignment_id": assignment.id, "recommendation_id": recommendation.id,
                 "plan_id": plans["alice"][0].id, "partner_id": partner_id, "member_id": member_id,
                 "invitation_id": invitation.id, "report_id": report.id, "announcement_id": announcement.id,
                 "template_id": template.id, "import_id": waiting_import.id, "message_id": message_id,
                 "document_id": document.id, "version_id": document.versions[0].id, "request_id": letter.id,
                 "paper_id": paper.id, "signatory_id": signatory.id, "session_id": item.id,
                 "survey_id": survey.id, "survey_item_id": survey.items[0].id, "hotel_id": hotel.id}
    world.secrets = {"feed": feeds["alice"], "plan": plans["alice"][1], "registration": tokens["alice"],
                     "unsubscribe": unsubscribe}
    world.extra = {"clusters": clusters, "notes": notes, "plans": plans, "feeds": feeds, "staff": staff}
    return world


@pytest.fixture
def worlds(db, create_user, create_forum, create_registration):
    return (build_world(db, create_user, create_forum, create_registration, "forum-a", "a"),
            build_world(db, create_user, create_forum, create_registration, "forum-b", "b"))


def client_for(app, user):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _token_for(endpoint: str, world: World) -> str:
    if endpoint == "agenda.personal_feed":
        return world.secrets["feed"]
    if endpoint.startswith("followup."):
        return world.secrets["plan"]
    if endpoint.startswith("communications."):
        return world.secrets["unsubscribe"]
    return world.secrets["registration"]


def url_of(app, rule, slug: str, world: World) -> str:
    values = {}
    for argument in rule.arguments - set(rule.defaults or {}):
        if argument == "slug":
            values[argument] = slug
        elif argument == "token":
            values[argument] = _token_for(rule.endpoint, world)
        elif argument in world.ids:
            values[argument] = world.ids[argument]
        else:
            values[argument] = PLAIN_ARGUMENTS[argument]
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def rules_pointing_at_objects(app):
    """Rules under /forums/<slug>/ that name an object by id or private token."""
    return [rule for rule in app.url_map.iter_rules()
            if "slug" in rule.arguments and set(rule.arguments) & (set(build_ids_names()) | {"token"})]


def build_ids_names():
    return ("item_id", "room_id", "registration_id", "question_id", "cluster_id", "notes_id", "assignment_id",
            "recommendation_id", "plan_id", "partner_id", "member_id", "invitation_id", "report_id",
            "announcement_id", "template_id", "import_id", "message_id", "document_id", "version_id", "request_id",
            "session_id", "survey_id", "survey_item_id", "hotel_id")


def method_of(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def open_rule(client, rule, url: str, **kwargs):
    """GET where the rule has one, else POST; a GET that only says "use POST" (405) is posted too."""
    response = client.open(url, method=method_of(rule), **kwargs)
    if response.status_code == 405 and "POST" in rule.methods:
        response = client.post(url, **kwargs)
    return response


def snapshot(db, forum_id: int) -> dict:
    """Everything of one forum an attacker could change, as plain values."""
    rows = {}
    connection = db.session.connection()  # the test's transaction: what every request committed into it
    for table in db.metadata.sorted_tables:
        if "forum_id" in table.c:
            rows[table.name] = sorted(
                (tuple(str(v) for k, v in row._mapping.items() if k not in ("updated_at", "last_seen_at")))
                for row in connection.execute(table.select().where(table.c.forum_id == forum_id)))
    from forumops.clusters.models import ClusterNotes

    rows["notes"] = sorted((n.id, n.status, n.version, str(n.content)) for n in db.session.scalars(
        select(ClusterNotes)))
    return rows


# --- an organiser of one forum and another forum's data ----------------------------------------------


def test_rules_with_ids_are_enumerated_from_the_url_map(app):
    endpoints = {rule.endpoint for rule in rules_pointing_at_objects(app)}
    # the kinds of object the issue names are all among them; new rules with ids join automatically
    assert {"registration.detail", "registration.manage", "registration.my_badge", "registration.badge_one",
            "registration.checkin_person", "agenda.edit_item", "agenda.personal_feed", "clusters.notes",
            "clusters.edit_recommendation", "followup.plan", "followup.report"} <= endpoints
    for rule in rules_pointing_at_objects(app):
        assert set(rule.arguments) <= {"slug", "token", *build_ids_names(), *PLAIN_ARGUMENTS}, \
            f"{rule.rule}: teach the audit what {set(rule.arguments)} should hold"


def test_anothers_ids_in_my_forums_urls_are_404_and_change_nothing(app, db, worlds):
    mine, theirs = worlds
    before = snapshot(db, theirs.forum.id)
    attacker = client_for(app, mine.organiser)
    failures = []
    for rule in rules_pointing_at_objects(app):
        url = url_of(app, rule, mine.forum.slug, theirs)
        response = open_rule(attacker, rule, url, data={"confirm": "y", "text": "changed", "comment": "x"})
        if response.status_code != 404:
            failures.append(f"{rule.endpoint} {url}: {response.status_code}")
    assert failures == []
    db.session.expire_all()
    assert snapshot(db, theirs.forum.id) == before

    # the same ids under their own forum do exist: the 404s above are about ownership, not typos
    owner = client_for(app, theirs.organiser)
    for rule in rules_pointing_at_objects(app):
        # documents.open_by_link: the world's document is organisers-only, which a private link never opens (the
        # link's own cases: tests/documents/test_documents_private_link.py)
        # evaluations.answer_mine, .rate, registration.answer_file_mine: the organiser has no registration of their
        # own to answer, rate or send a file with
        if method_of(rule) == "GET" and rule.endpoint not in ("followup.report_mine", "followup.correct_mine",
                                                              "documents.open_by_link", "evaluations.answer_mine",
                                                              "evaluations.rate_mine",
                                                              "registration.answer_file_mine"):
            url = url_of(app, rule, theirs.forum.slug, theirs)
            assert owner.get(url).status_code != 404, url


def test_anothers_ids_in_my_forums_form_bodies_change_nothing(app, db, worlds):
    """Ids that travel in a form body rather than the URL: check-in code, cluster move, merge, badges."""
    mine, theirs = worlds
    before = snapshot(db, theirs.forum.id)
    attacker = client_for(app, mine.organiser)
    alice = theirs.registrations["alice"]
    attacker.post("/forums/forum-a/checkin", data={"code": alice.checkin_code})
    moved = attacker.post("/forums/forum-a/clusters/move", data={
        "registration_id": alice.id, "cluster_id": theirs.extra["clusters"]["bruno"].id})
    assert moved.status_code == 404
    attacker.post("/forums/forum-a/clusters/move", data={
        "registration_id": mine.registrations["alice"].id, "cluster_id": theirs.extra["clusters"]["bruno"].id})
    merged = attacker.post("/forums/forum-a/recommendations/merge",
                           data={"pick": f"{theirs.extra['notes']['bruno'].id}:0"})
    assert merged.status_code == 422
    badges = attacker.post("/forums/forum-a/badges.pdf", data={
        "who": "chosen", "layout": "a6", "ids": [str(r.id) for r in theirs.registrations.values()]})
    assert "Alice B" not in badges.get_data(as_text=True)
    db.session.expire_all()
    assert snapshot(db, theirs.forum.id) == before
    assert alice.checked_in_at is None


def test_anothers_forum_slug_is_refused_on_every_organisers_route(app, worlds):
    mine, theirs = worlds
    attacker = client_for(app, mine.organiser)
    failures = []
    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments:
            continue
        view = app.view_functions[rule.endpoint]
        permission = getattr(getattr(view, "view_class", None), "permission", None)
        if permission is None or permissions.RULES[permission] & {permissions.ANONYMOUS, permissions.SIGNED_IN}:
            continue  # public and personal routes decide per object; the participant tests below cover them
        url = url_of(app, rule, theirs.forum.slug, theirs)
        response = open_rule(attacker, rule, url)
        if response.status_code not in (403, 404):
            failures.append(f"{rule.endpoint} {url}: {response.status_code}")
    assert failures == []


# --- a participant and another participant's things ----------------------------------------------------


def _altered(token: str) -> list[str]:
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    return [flipped, token[:-1], token + "x", token.upper(), token.lower()]


def test_a_private_link_opens_only_its_own_registration(app, db, worlds):
    from forumops.core.tokens import hash_token

    mine, theirs = worlds
    alice_token = theirs.tokens["alice"]
    anonymous = client_for(app, None)
    page = anonymous.get(f"/forums/forum-b/registration/{alice_token}").get_data(as_text=True)
    assert "Alice B" in page
    assert "Bruno B" not in page
    guesses = [*_altered(alice_token), hash_token(alice_token), str(theirs.registrations["bruno"].id)]
    for guess in guesses:
        for path in (f"/forums/forum-b/registration/{guess}", f"/forums/forum-b/registration/{guess}/badge.pdf",
                     f"/forums/forum-b/registration/{guess}/certificate.pdf"):
            assert anonymous.get(path).status_code == 404, path
        assert anonymous.post(f"/forums/forum-b/registration/{guess}/cancel", data={"confirm": "y"}).status_code \
            == 404
        assert anonymous.post(f"/forums/forum-b/registration/{guess}", data={"name": "Changed"}).status_code == 404
    # a real token is good only under its own forum
    for path in (f"/forums/forum-a/registration/{alice_token}",
                 f"/forums/forum-a/registration/{alice_token}/badge.pdf"):
        assert anonymous.get(path).status_code == 404
    db.session.expire_all()
    assert {r.status for r in theirs.registrations.values()} == {"confirmed"}
    assert theirs.registrations["bruno"].name == "Bruno B"


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, check=True).stdout.decode()


def test_a_participant_reaches_only_their_own_registration_and_badge(app, db, worlds):
    mine, theirs = worlds
    alice, bruno = theirs.people["alice"], theirs.people["bruno"]
    bruno_registration = theirs.registrations["bruno"]
    client = client_for(app, alice)
    page = client.get("/forums/forum-b/my-registration").get_data(as_text=True)
    assert "Alice B" in page
    assert "Bruno B" not in page
    badge = client.get("/forums/forum-b/my-registration/badge.pdf")
    assert badge.status_code == 200
    text = pdf_text(badge.get_data())
    assert "Alice" in text
    assert "Bruno" not in text
    # the organisers' routes by id are closed to her, whoever's id she puts in
    for registration in theirs.registrations.values():
        for path in (f"/forums/forum-b/registrations/{registration.id}/badge.pdf",
                     f"/forums/forum-b/registrations/{registration.id}"):
            assert client.get(path).status_code == 403, path
        assert client.post(f"/forums/forum-b/checkin/{registration.id}").status_code == 403
    # in a forum where she is not registered, there is nothing of hers (nor of anyone else)
    assert client.get("/forums/forum-a/my-registration").status_code == 404
    assert client.get("/forums/forum-a/my-registration/badge.pdf").status_code == 404
    # an edit naming Bruno's registration, email or account changes her own registration only
    response = client.post("/forums/forum-b/my-registration", data={
        "name": "Alice Edited", "email": bruno.email, "country": "TH", "category": "civil_society",
        "attendance_mode": "in_person", "consent_privacy": "y", **EXTRA_FIELDS,
        "registration_id": str(bruno_registration.id), "user_id": str(bruno.id), "id": str(bruno_registration.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (bruno_registration.name, bruno_registration.country, bruno_registration.email) == (
        "Bruno B", "VN", bruno.email)
    assert (theirs.registrations["alice"].name, theirs.registrations["alice"].email) == ("Alice Edited", alice.email)


def test_a_calendar_feed_token_opens_only_its_own_feed(app, worlds):
    mine, theirs = worlds
    alice_token = theirs.extra["feeds"]["alice"]
    anonymous = client_for(app, None)
    assert anonymous.get(f"/forums/forum-b/agenda/feed/{alice_token}.ics").status_code == 200
    for guess in [*_altered(alice_token), str(theirs.people["bruno"].id)]:
        assert anonymous.get(f"/forums/forum-b/agenda/feed/{guess}.ics").status_code == 404, guess
    assert anonymous.get(f"/forums/forum-a/agenda/feed/{alice_token}.ics").status_code == 404
    # her page offers her own feed, never Bruno's
    page = client_for(app, theirs.people["alice"]).get("/forums/forum-b/agenda").get_data(as_text=True)
    assert theirs.extra["feeds"]["bruno"] not in page


def test_a_participant_cannot_read_or_change_cluster_notes_by_changing_ids(app, db, worlds):
    mine, theirs = worlds
    clusters, notes = theirs.extra["clusters"], theirs.extra["notes"]
    before = snapshot(db, theirs.forum.id)
    client = client_for(app, theirs.people["alice"])
    pairs = [(clusters["alice"].id, notes["alice"].id),  # her own cluster's draft: not hers to read
             (clusters["bruno"].id, notes["bruno"].id),  # another cluster's approved notes
             (clusters["alice"].id, notes["bruno"].id), (clusters["bruno"].id, notes["alice"].id)]  # mixed
    for cluster_id, notes_id in pairs:
        base = f"/forums/forum-b/clusters/{cluster_id}/notes/{notes_id}"
        assert client.get(base).status_code in (403, 404), base
        assert "Private summary" not in client.get(base).get_data(as_text=True)
        for suffix in ("/edit", "/history"):
            assert client.get(base + suffix).status_code in (403, 404), base + suffix
        for suffix in ("/edit", "/autosave", "/discard-draft", "/submitted", "/approved", "/published"):
            response = client.post(base + suffix, data={"version": "1", "summary": "Overwritten"})
            assert response.status_code in (403, 404), base + suffix
    # a facilitator of one cluster cannot reach another cluster's notes by its ids either
    facilitator = client_for(app, theirs.extra["staff"])
    bruno_notes = f"/forums/forum-b/clusters/{clusters['bruno'].id}/notes/{notes['bruno'].id}"
    assert facilitator.post(bruno_notes + "/edit", data={"version": "2", "summary": "x"}).status_code in (403, 404)
    mixed = f"/forums/forum-b/clusters/{clusters['alice'].id}/notes/{notes['bruno'].id}"
    assert facilitator.post(mixed + "/edit", data={"version": "2", "summary": "x"}).status_code == 404
    db.session.expire_all()
    assert snapshot(db, theirs.forum.id) == before


def test_a_participant_reports_only_on_their_own_plan(app, worlds):
    mine, theirs = worlds
    client = client_for(app, theirs.people["alice"])
    bruno_plan = theirs.extra["plans"]["bruno"][0]
    assert client.get(f"/forums/forum-b/followup/mine/{bruno_plan.id}").status_code == 404
    assert client.post(f"/forums/forum-b/followup/mine/{bruno_plan.id}",
                       data={"plan_status": "done", "narrative": "x"}).status_code == 404
    page = client.get("/forums/forum-b/followup/mine").get_data(as_text=True)
    assert "Plan of alice b" in page
    assert "Plan of bruno b" not in page


# --- extra posted fields are ignored --------------------------------------------------------------------


def _settings(db, forum):
    from forumops.registration.models import RegistrationSettings

    settings = db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.forum_id == forum.id))
    return settings.capacity, settings.approval_required, settings.invitation_only


def _roles(db, user):
    from forumops.forums.models import ForumMember

    return sorted((m.forum_id, m.role) for m in db.session.scalars(select(ForumMember).where(
        ForumMember.user_id == user.id)))


def test_extra_fields_on_the_registration_form_are_ignored(app, db, worlds):
    from forumops.registration import setup
    from forumops.registration.models import Registration

    mine, theirs = worlds
    setup.update_settings(theirs.forum, {"approval_required": True, "capacity": 100})
    db.session.commit()
    settings_before = _settings(db, theirs.forum)
    bruno = theirs.people["bruno"]
    client = client_for(app, None)
    response = client.post("/forums/forum-b/register", data={
        "name": "Mallory", "email": "mallory@example.org", "country": "TH", "category": "civil_society",
        "attendance_mode": "in_person", "consent_privacy": "y", **EXTRA_FIELDS,
        "forum_id": str(mine.forum.id), "user_id": str(bruno.id)})
    assert response.status_code == 302
    db.session.expire_all()
    mallory = db.session.scalar(select(Registration).where(Registration.email == "mallory@example.org"))
    assert mallory.forum_id == theirs.forum.id
    assert mallory.status == "pending"  # approval required: posting status=confirmed does not skip it
    assert mallory.user_id is None
    assert mallory.checked_in_at is None
    assert _settings(db, theirs.forum) == settings_before
    assert _roles(db, bruno) == [(theirs.forum.id, "participant")]
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.forum_id == mine.forum.id)) == 2


def test_extra_fields_on_a_registration_edit_by_private_link_are_ignored(app, db, worlds):
    mine, theirs = worlds
    registration = theirs.registrations["alice"]
    before = (registration.status, registration.forum_id, registration.user_id, registration.email,
              registration.checkin_code, registration.checked_in_at, registration.consent_privacy)
    client = client_for(app, None)
    response = client.post(f"/forums/forum-b/registration/{theirs.tokens['alice']}", data={
        "name": "Alice Renamed", "email": "other@example.org", "country": "KH", "category": "government",
        "attendance_mode": "online", "consent_privacy": "y", **EXTRA_FIELDS, "status": "rejected",
        "forum_id": str(mine.forum.id), "user_id": str(theirs.people["bruno"].id), "checkin_code": "AAAA"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (registration.name, registration.country, registration.category) == ("Alice Renamed", "KH", "government")
    assert (registration.status, registration.forum_id, registration.user_id, registration.email,
            registration.checkin_code, registration.checked_in_at, registration.consent_privacy) == before
    assert _settings(db, theirs.forum)[0] is None


def test_extra_fields_on_the_forum_edit_are_ignored(app, db, worlds):
    from forumops.forums.models import Forum

    mine, theirs = worlds
    client = client_for(app, theirs.organiser)
    page = client.get("/forums/forum-b/edit").get_data(as_text=True)
    assert "Forum B" in page
    response = client.post("/forums/forum-b/edit", data={
        "title": "Forum B renamed", "slug": "forum-b", "start_date": "2027-04-14", "end_date": "2027-04-15",
        "timezone": "Asia/Bangkok", "mode": "hybrid", **EXTRA_FIELDS, "status": "archived",
        "created_by_id": str(mine.organiser.id), "retention_days": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    db.session.expire_all()
    forum = db.session.get(Forum, theirs.forum.id)
    assert forum.title == "Forum B renamed"
    assert forum.status == "registration_open"
    assert forum.created_by_id == theirs.organiser.id
    assert not theirs.organiser.is_admin
    assert _roles(db, mine.organiser) == [(mine.forum.id, "organiser")]


def test_extra_fields_on_the_account_page_are_ignored(app, db, worlds):
    mine, theirs = worlds
    alice = theirs.people["alice"]
    client = client_for(app, alice)
    response = client.post("/account/", data={
        "current_password": TEST_PASSWORD, "password": "a new long passphrase", "confirm": "a new long passphrase",
        **EXTRA_FIELDS, "email": "admin@example.org", "name": "Administrator"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (alice.is_admin, alice.email, alice.name) == (False, "alice-b@example.org", "Alice B")
    assert _roles(db, alice) == [(theirs.forum.id, "participant")]


def test_extra_fields_on_a_team_invite_are_ignored(app, db, worlds, create_user):
    mine, theirs = worlds
    newcomer = create_user(email="newcomer@example.org", name="Newcomer")
    client = client_for(app, theirs.organiser)
    response = client.post("/forums/forum-b/team", data={
        "email": "newcomer@example.org", **EXTRA_FIELDS, "role": "participant", "forum_id": str(mine.forum.id),
        "user_id": str(theirs.organiser.id)})
    assert response.status_code == 302
    db.session.expire_all()
    from forumops.forums.models import RoleInvitation

    # an invitation to their own forum, for the role the form offers; nothing granted before it is accepted
    [offered] = db.session.scalars(select(RoleInvitation).where(RoleInvitation.email == "newcomer@example.org"))
    assert (offered.forum_id, offered.role, offered.cluster_id) == (theirs.forum.id, "participant", None)
    assert _roles(db, newcomer) == []
    assert not newcomer.is_admin
    assert _roles(db, theirs.organiser) == [(theirs.forum.id, "organiser")]


# --- an account's email address is not proof of owning it ------------------------------------------------
# Anyone may sign up with any address (it stays unconfirmed, but may sign in), so an account named after
# someone else's email must not open the registration that person made with the private link, nor be
# attached to one they make later.


def _signup(app, email: str):
    client = app.test_client()
    sign_up(client, email, name="Mallory", sign_in_after=True)
    return client


def test_an_account_with_someones_email_does_not_open_their_earlier_registration(app, db, worlds, create_registration):
    from forumops.registration.models import Registration

    mine, theirs = worlds
    victim, token = create_registration(theirs.forum, name="Victim Person", email="victim@example.org", **RESEARCHER,
                                        notify=False)
    db.session.commit()
    mallory = _signup(app, "victim@example.org")
    assert mallory.get("/forums/forum-b/my-registration").status_code == 404
    assert mallory.get("/forums/forum-b/my-registration/badge.pdf").status_code == 404
    assert mallory.post("/forums/forum-b/my-registration/cancel", data={"confirm": "y"}).status_code == 404
    assert "Victim Person" not in mallory.get("/forums/forum-b/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, victim.id).status == "confirmed"
    # the private link still works for the person who registered
    assert "Victim Person" in app.test_client().get(f"/forums/forum-b/registration/{token}").get_data(as_text=True)


def test_an_account_with_someones_email_is_not_attached_to_their_later_registration(app, db, worlds,
                                                                                    create_registration):
    from forumops.accounts.models import User

    mine, theirs = worlds
    mallory = _signup(app, "victim@example.org")
    victim, _token = create_registration(theirs.forum, name="Victim Person", email="victim@example.org", **RESEARCHER,
                                         notify=False)  # signed out, by link
    db.session.commit()
    assert victim.user_id is None
    assert mallory.get("/forums/forum-b/my-registration").status_code == 404
    squatter = db.session.scalar(select(User).where(User.email == "victim@example.org"))
    assert _roles(db, squatter) == []  # no participant role from someone else's registration


def test_an_account_with_someones_email_cannot_export_or_erase_their_registration(app, db, worlds, create_registration):
    from forumops.privacy.models import ErasureRequest

    mine, theirs = worlds
    victim, _token = create_registration(theirs.forum, name="Victim Person", email="victim@example.org", **RESEARCHER,
                                         notify=False)
    db.session.commit()
    mallory = _signup(app, "victim@example.org")
    export = mallory.get("/account/my-data.json")
    assert export.status_code == 200
    assert "Victim Person" not in export.get_data(as_text=True)
    mallory.post("/account/erasure", data={"confirm": "y"})
    assert db.session.scalar(select(func.count(ErasureRequest.id)).where(
        ErasureRequest.registration_id == victim.id)) == 0
