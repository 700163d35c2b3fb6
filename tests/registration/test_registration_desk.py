"""The organisers' registration desk: list, counts, filters, bulk and single decisions, settings,
custom questions, invitation codes, and who may see any of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forumops.clusters.operations import create_cluster
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage
from forumops.registration import seats, setup
from forumops.registration.models import InvitationCode, Question, Registration
from tests.conftest import count_queries


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Organiser")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open",
                        organiser=organiser, mode="hybrid")


@pytest.fixture
def desk(client, login, organiser, forum):
    """The organiser, signed in."""
    login(organiser)
    return client


def status_of(db, email):
    return db.session.scalar(select(Registration.status).where(Registration.email == email))


def page(response) -> str:
    return response.get_data(as_text=True)


def names_listed(html: str) -> list[str]:
    return re.findall(r'<a href="/forums/acf/registrations/\d+"><strong>([^<]+)</strong>', html)


@pytest.fixture
def people(db, forum, create_registration):
    """Five registrations of different kinds; the forum needs approval from here on."""
    women = create_cluster(forum, "Women's economic empowerment")
    msme = create_cluster(forum, "MSME development")
    create_registration(forum, email="linh@example.org", name="Nguyễn Phương Linh",
                        organisation="Vietnam Women's Union", cluster_preferences=[women.id, msme.id], notify=False)
    create_registration(forum, email="somchai@example.org", name="สมชาย ใจดี", organisation="Thai Fair Trade",
                        country="TH", category="government", attendance_mode="online", cluster_preferences=[msme.id],
                        notify=False)
    settings = seats.settings_for(forum)
    settings.approval_required = True
    db.session.commit()
    create_registration(forum, email="dara@example.org", name="Dara Sok", organisation="Cambodian Farmers",
                        country="KH", notify=False)
    create_registration(forum, email="budi@example.org", name="Budi Santoso", country="ID", category="media",
                        notify=False)
    create_registration(forum, email="ana@example.org", name="Ana Reyes", organisation="ASKI Philippines", country="PH",
                        cluster_preferences=[women.id], notify=False)
    return {"women": women, "msme": msme}


# --- the list ---------------------------------------------------------------------------------

def test_desk_lists_everyone_with_counts_at_the_top(desk, people, db):
    linh = db.session.scalar(select(Registration).where(Registration.email == "linh@example.org"))
    linh.checked_in_at = utcnow()
    db.session.commit()
    html = page(desk.get("/forums/acf/registrations"))
    assert "Status: Registration open" in html  # the forum's own status labels are not shadowed
    counts = html.split('class="desk-counts"')[1].split("</ul>")[0]
    assert re.search(r'<span class="count">5</span> registered in all', counts)
    assert re.search(r'<span class="count">3</span> Awaiting approval', counts)
    assert re.search(r'<span class="count">2</span> Confirmed', counts)
    assert re.search(r"in person 1,\s+online 1", counts)
    assert re.search(r'<span class="count">1</span> checked in', counts)
    assert names_listed(html) == ["Nguyễn Phương Linh", "สมชาย ใจดี", "Dara Sok", "Budi Santoso", "Ana Reyes"]
    assert "Vietnam Women&#39;s Union" in html
    assert "Viet Nam" in html
    assert "Government" in html
    assert html.count('type="checkbox" name="ids"') == 5


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "nguyen"}, ["Nguyễn Phương Linh"]),  # accents and tone marks optional
    ({"q": "fair trade"}, ["สมชาย ใจดี"]),  # the organisation
    ({"q": "SOMCHAI@example"}, ["สมชาย ใจดี"]),  # the email, any case
    ({"q": "ใจดี"}, ["สมชาย ใจดี"]),
    ({"status": "pending"}, ["Dara Sok", "Budi Santoso", "Ana Reyes"]),
    ({"country": "KH"}, ["Dara Sok"]),
    ({"category": "media"}, ["Budi Santoso"]),
    ({"mode": "online"}, ["สมชาย ใจดี"]),
    ({"status": "pending", "country": "PH"}, ["Ana Reyes"]),
    ({"q": "nobody"}, []),
])
def test_filters(desk, people, query, expected):
    assert names_listed(page(desk.get("/forums/acf/registrations", query_string=query))) == expected


def test_filter_by_preferred_cluster(desk, people):
    women, msme = people["women"].id, people["msme"].id
    assert names_listed(page(desk.get(f"/forums/acf/registrations?cluster={women}"))) == [
        "Nguyễn Phương Linh", "Ana Reyes"]
    assert names_listed(page(desk.get(f"/forums/acf/registrations?cluster={msme}"))) == [
        "Nguyễn Phương Linh", "สมชาย ใจดี"]


def test_unknown_filter_values_are_ignored_not_an_error(desk, people):
    response = desk.get("/forums/acf/registrations?status=bogus&cluster=abc&country=%00&mode=walking&q=" + "x" * 500)
    assert response.status_code == 200
    assert len(names_listed(page(response))) == 5  # each value not on offer is dropped
    response = desk.get("/forums/acf/registrations?status=bogus&cluster=99999&country=ZZ")
    assert response.status_code == 200
    assert len(names_listed(page(response))) == 5


def test_filtered_view_offers_approving_all_shown(desk, people, db):
    html = page(desk.get("/forums/acf/registrations?status=pending"))
    assert "Approve all 3 shown" in html
    ids = re.findall(r'<input type="hidden" name="ids" value="(\d+)">', html)
    desk.post("/forums/acf/registrations/bulk", data={"action": "approve", "ids": ids, "back": "status=pending"})
    assert db.session.scalar(select(func.count()).where(Registration.status == "pending")) == 0


# --- bulk and single decisions ---------------------------------------------------------------------

def test_bulk_approve_and_reject_ignore_another_forums_ids(desk, people, db, create_forum, create_user,
                                                           create_registration):
    other_forum = create_forum(slug="other", organiser=create_user())
    seats.settings_for(other_forum).approval_required = True
    stranger = create_registration(other_forum, email="stranger@example.org", notify=False)[0]
    dara, budi = (db.session.scalar(select(Registration.id).where(Registration.email == e))
                  for e in ("dara@example.org", "budi@example.org"))
    response = desk.post("/forums/acf/registrations/bulk", data={
        "action": "approve", "ids": [str(dara), str(stranger.id), "not-a-number"], "back": "status=pending&x=1"})
    assert response.status_code == 302
    assert response.location.endswith("/forums/acf/registrations?status=pending")
    assert status_of(db, "dara@example.org") == "confirmed"
    assert status_of(db, "stranger@example.org") == "pending"  # another forum's registration is untouched
    flashed = page(desk.get(response.location))
    assert "Approved 1: 1 confirmed, 0 on the waiting list." in flashed
    desk.post("/forums/acf/registrations/bulk", data={"action": "reject", "ids": [str(budi), str(stranger.id)]})
    assert status_of(db, "budi@example.org") == "rejected"
    assert status_of(db, "stranger@example.org") == "pending"
    rejected_mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "budi@example.org"))
    assert rejected_mail is not None


def test_bulk_approve_respects_capacity_and_reports_skipped(desk, forum, people, db):
    seats.settings_for(forum).capacity = 3
    db.session.commit()
    ids = [str(i) for i in db.session.scalars(select(Registration.id).order_by(Registration.id))]
    response = desk.post("/forums/acf/registrations/bulk", data={"action": "approve", "ids": ids})
    html = page(desk.get(response.location))
    assert "Approved 3: 1 confirmed, 2 on the waiting list." in html
    assert "2 left unchanged: only pending or rejected registrations can be approved." in html
    assert [status_of(db, e) for e in ("dara@example.org", "budi@example.org", "ana@example.org")] == [
        "confirmed", "waitlisted", "waitlisted"]


def test_bulk_without_ticks_or_action_explains(desk, people, db):
    nothing = desk.post("/forums/acf/registrations/bulk", data={"action": "approve"})
    assert "Tick at least one registration first." in page(desk.get(nothing.location))
    no_action = desk.post("/forums/acf/registrations/bulk", data={"action": "delete", "ids": ["1"]})
    assert "Choose approve or reject." in page(desk.get(no_action.location))
    assert db.session.scalar(select(func.count()).where(Registration.status == "pending")) == 3


def test_bulk_needs_the_csrf_token(csrf_app, desk, people, db):
    dara = db.session.scalar(select(Registration.id).where(Registration.email == "dara@example.org"))
    response = desk.post("/forums/acf/registrations/bulk", data={"action": "approve", "ids": [str(dara)]})
    assert response.status_code == 400
    assert status_of(db, "dara@example.org") == "pending"


def test_detail_shows_every_answer_labelled_and_decides(desk, forum, db, create_registration):
    sector = setup.add_question(forum, {"label": "Which sector do you work in?", "kind": "single_choice",
                                             "options": ["Agriculture", "MSME"]})
    topics = setup.add_question(forum, {"label": "Topics you care about", "kind": "multiple_choice",
                                             "options": ["Trade", "Gender", "Climate"]})
    db.session.commit()
    seats.settings_for(forum).approval_required = True
    registration = create_registration(forum, email="dara@example.org", name="Dara Sok", dietary_needs="Halal",
                                       answers={str(sector.id): "MSME", str(topics.id): ["Trade", "Climate"],
                                                "999": "Old"}, notify=False)[0]
    url = f"/forums/acf/registrations/{registration.id}"
    html = page(desk.get(url))
    assert "Which sector do you work in?</dt>" in html
    assert "<dd>MSME</dd>" in html
    assert "Topics you care about</dt>" in html
    assert "Trade; Climate" in html
    assert "Removed question (999)" in html
    assert "Halal" in html
    assert registration.checkin_code in html
    assert "/approve" in html
    assert "/reject" in html
    assert "/cancel" in html
    response = desk.post(url + "/approve")
    assert response.status_code == 302
    assert status_of(db, "dara@example.org") == "confirmed"
    assert "Dara Sok is confirmed." in page(desk.get(response.location))
    desk.post(url + "/approve")  # twice: nothing changes, and it says so
    assert "Nothing changed: this registration is confirmed." in page(desk.get(url))
    desk.post(url + "/cancel")
    assert status_of(db, "dara@example.org") == "cancelled"
    assert desk.post(url + "/delete").status_code == 404


def test_another_forums_registration_is_404(desk, db, create_forum, create_user, create_registration):
    other = create_forum(slug="other", organiser=create_user())
    stranger = create_registration(other, email="stranger@example.org", notify=False)[0]
    assert desk.get(f"/forums/acf/registrations/{stranger.id}").status_code == 404
    assert desk.post(f"/forums/acf/registrations/{stranger.id}/reject").status_code == 404
    assert status_of(db, "stranger@example.org") == "confirmed"




@pytest.mark.parametrize("path", ["/forums/acf/registrations", "/forums/acf/registrations.csv",
                                  "/forums/acf/registrations?q=org&cluster=1"])
def test_query_count_does_not_grow_with_registrations(desk, forum, db, path, create_registration):
    clusters = [create_cluster(forum, f"Cluster {n}") for n in range(3)]
    setup.add_question(forum, {"label": "Why?", "kind": "short_text"})

    def add(n, offset):
        for i in range(n):
            create_registration(forum, email=f"p{offset + i}@example.org", name=f"Person {offset + i}",
                                organisation=f"Org {(offset + i) % 7}", cluster_preferences=[clusters[i % 3].id],
                                notify=False)

    add(3, 0)
    few = count_queries(db, lambda: desk.get(path))
    add(40, 100)
    many = count_queries(db, lambda: desk.get(path))
    assert many == few


# --- settings, questions, invitation codes -----------------------------------------------------------

def test_more_places_promote_the_waiting_list_in_order(desk, forum, db, create_registration):
    seats.settings_for(forum).capacity = 1
    db.session.commit()
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        create_registration(forum, email=email, notify=False)
    assert [status_of(db, e) for e in ("a@example.org", "b@example.org", "c@example.org")] == [
        "confirmed", "waitlisted", "waitlisted"]
    form = page(desk.get("/forums/acf/registrations/settings"))
    assert 'name="capacity" type="number" value="1"' in form
    response = desk.post("/forums/acf/registrations/settings", data={
        "capacity": "2", "capacity_in_person": "", "capacity_online": "", "privacy_notice": "We keep data a year.",
        "public_categories": ["civil_society", "government", "observer", "media"]})
    assert response.status_code == 302
    assert "1 person moved up from the waiting list" in page(desk.get(response.location))
    assert [status_of(db, e) for e in ("a@example.org", "b@example.org", "c@example.org")] == [
        "confirmed", "confirmed", "waitlisted"]
    assert db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.to_address == "b@example.org")
                             .order_by(OutboxMessage.id.desc())).startswith("A place opened up")
    settings = seats.settings_for(forum)
    assert settings.capacity == 2
    assert settings.privacy_notice == "We keep data a year."


def test_settings_bad_input_is_explained_and_kept(desk, forum, db):
    response = desk.post("/forums/acf/registrations/settings", data={
        "capacity": "-5", "capacity_in_person": "lots", "approval_required": "y", "privacy_notice": "Draft\x00"})
    html = page(response)
    assert response.status_code == 422
    assert "Number must be between 0 and 100000." in html
    assert 'value="-5"' in html
    assert "Not a valid integer value" in html
    assert 'value="lots"' in html
    assert "invisible control characters" in html
    assert seats.settings_for(forum).approval_required is False


def test_questions_add_reorder_remove(desk, forum, db):
    for label in ("First question", "Second question", "Third question"):
        assert desk.post("/forums/acf/registrations/questions",
                         data={"label": label, "kind": "short_text"}).status_code == 302

    def order():
        return list(db.session.scalars(select(Question.label).order_by(Question.position, Question.id)))

    third = db.session.scalar(select(Question.id).where(Question.label == "Third question"))
    first = db.session.scalar(select(Question.id).where(Question.label == "First question"))
    desk.post(f"/forums/acf/registrations/questions/{third}/up")
    assert order() == ["First question", "Third question", "Second question"]
    desk.post(f"/forums/acf/registrations/questions/{first}/down")
    assert order() == ["Third question", "First question", "Second question"]
    desk.post(f"/forums/acf/registrations/questions/{first}/remove")
    assert order() == ["Third question", "Second question"]
    html = page(desk.get("/forums/acf/registrations/questions"))
    assert html.index("Third question") < html.index("Second question")
    assert "Third question" in page(desk.get("/forums/acf/register"))  # on the public form
    assert desk.post(f"/forums/acf/registrations/questions/{third}/sideways").status_code == 404
    assert desk.post("/forums/acf/registrations/questions/999999/up").status_code == 404


def test_choice_question_needs_options_and_keeps_input(desk, forum, db):
    response = desk.post("/forums/acf/registrations/questions",
                         data={"label": "Your sector", "kind": "single_choice", "options": "Only one"})
    html = page(response)
    assert response.status_code == 422
    assert "at least two options" in html
    assert 'value="Your sector"' in html
    assert "Only one" in html
    ok = desk.post("/forums/acf/registrations/questions", data={
        "label": "Your sector", "kind": "single_choice", "options": "Agriculture\r\n\r\nMSME\n", "required": "y"})
    assert ok.status_code == 302
    question = db.session.scalar(select(Question))
    assert question.options == ["Agriculture", "MSME"]
    assert question.required


def test_invitation_codes_are_created_and_listed_with_use(desk, forum, db, create_registration):
    html = page(desk.get("/forums/acf/registrations/invitations"))
    assert "codes are not asked for" in html
    response = desk.post("/forums/acf/registrations/invitations",
                         data={"count": "3", "max_uses": "2", "note": "Government delegations"})
    assert response.status_code == 302
    codes = db.session.scalars(select(InvitationCode)).all()
    assert len(codes) == 3
    assert {c.max_uses for c in codes} == {2}
    seats.settings_for(forum).invitation_only = True
    db.session.commit()
    create_registration(forum, email="gov@example.org", invitation_code=codes[0].code, notify=False)
    html = page(desk.get("/forums/acf/registrations/invitations"))
    assert all(c.code in html for c in codes)
    assert "Government delegations" in html
    assert "1 of 2" in html
    assert html.count("0 of 2") == 2
    assert "codes are not asked for" not in html
    bad = desk.post("/forums/acf/registrations/invitations", data={"count": "100000", "max_uses": "x"})
    assert bad.status_code == 422
    assert "Between 1 and 500." in page(bad)
    assert 'value="100000"' in page(bad)
    assert db.session.scalar(select(func.count(InvitationCode.id))) == 3


# --- who may use the desk ----------------------------------------------------------------------------

DESK_PAGES = ["/forums/acf/registrations", "/forums/acf/registrations.csv", "/forums/acf/registrations/import",
              "/forums/acf/registrations/settings", "/forums/acf/registrations/questions",
              "/forums/acf/registrations/invitations"]


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", "login"), ("participant", 403), ("facilitator", 403), ("other_organiser", 403),
    ("organiser", 200), ("admin", 200),
])
def test_only_this_forums_organisers_and_admins_use_the_desk(app, forum, organiser, create_user, create_forum,
                                                             add_role, db, role, expected, create_registration):
    from tests.conftest import sign_in

    people = {"anonymous": None, "organiser": organiser, "admin": create_user(is_admin=True)}
    people["participant"] = create_user()
    add_role(forum, people["participant"], "participant")
    people["facilitator"] = create_user()
    add_role(forum, people["facilitator"], "facilitator")
    people["other_organiser"] = create_user()
    create_forum(slug="theirs", organiser=people["other_organiser"])
    registration = create_registration(forum, email="linh@example.org", notify=False)[0]
    client = app.test_client()
    if people[role] is not None:
        sign_in(client, people[role])
    pages = DESK_PAGES + [f"/forums/acf/registrations/{registration.id}"]
    for url in pages:
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, url
            assert "/account/signin" in response.location, url
        else:
            assert response.status_code == expected, url
    posts = {"/forums/acf/registrations/bulk": {"action": "reject", "ids": [str(registration.id)]},
             f"/forums/acf/registrations/{registration.id}/reject": {},
             f"/forums/acf/registrations/{registration.id}/category": {"category": "organiser_staff"},
             "/forums/acf/registrations/settings": {"capacity": "0"}}
    for url, data in posts.items():
        response = client.post(url, data=data)
        if expected != 200:
            assert response.status_code == (302 if expected == "login" else 403), url
    if expected != 200:
        assert status_of(db, "linh@example.org") == "confirmed"
        assert db.session.scalar(select(Registration.category)) == "civil_society"  # no staff badge by POST
        assert seats.settings_for(forum).capacity is None
