"""Creating and editing forums and concept notes, partners, team, and bad input."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.forums.models import Forum, ForumMember, ForumPartner
from forumops.organisations.models import Organisation
from tests.conftest import count_queries

VALID = {
    "title": "ASEAN Community Forum 2027", "slug": "acf-2027", "series": "ASEAN Foundation civil society engagement",
    "edition": "2", "start_date": "2027-04-14", "end_date": "2027-04-15", "timezone": "Asia/Jakarta",
    "mode": "hybrid", "venue_name": "ASEAN Secretariat", "venue_address": "Jl. Sisingamangaraja 70A",
    "venue_city": "Jakarta", "venue_country": "ID", "online_link": "https://meet.example.org/acf",
    "background": "Fifty **civil-society** organisations meet.\n\n<script>alert(1)</script>",
    "rationale": "", "objectives": "Share practice\n2. Build alliances\n- Recommend to ASEAN",
    "expected_outputs": "A report with [recommendations](javascript:alert(1)).", "target_participants": "",
    "themes": "Women's empowerment\nRural development\nMSME development", "programme_outline": "",
}


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_organiser_creates_forum_with_concept_note(client, create_user, login, db):
    user = create_user(email="mai@example.org")
    login(user)
    response = client.post("/forums/new", data=VALID)
    assert response.status_code == 302
    assert response.headers["Location"] == "/forums/acf-2027/"
    forum = db.session.scalar(select(Forum))
    assert forum.status == "draft"
    assert forum.objectives == ["Share practice", "Build alliances", "Recommend to ASEAN"]
    assert forum.themes == ["Women's empowerment", "Rural development", "MSME development"]
    assert forum.series.name == "ASEAN Foundation civil society engagement"
    assert forum.edition == 2
    assert db.session.scalar(select(ForumMember.role).where(ForumMember.user_id == user.id)) == "organiser"

    page = client.get("/forums/acf-2027/").get_data(as_text=True)
    assert "<strong>civil-society</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "only its organisers can see" in page


def test_published_forum_is_public(client, create_user, login, db):
    login(create_user())
    client.post("/forums/new", data=VALID)
    client.post("/forums/acf-2027/status", data={"status": "published"})
    anonymous = client.application.test_client()
    page = anonymous.get("/forums/acf-2027/").get_data(as_text=True)
    assert "ASEAN Community Forum 2027" in page
    assert page.index("Share practice") < page.index("Build alliances") < page.index("Recommend to ASEAN")
    assert "ASEAN Community Forum 2027" in anonymous.get("/forums/").get_data(as_text=True)


def _post_bad(client, db, **changes):
    data = {**VALID, **changes}
    response = client.post("/forums/new", data=data)
    assert response.status_code == 422
    assert count(db, Forum) == 0  # nothing saved half-way
    return response.get_data(as_text=True)


def test_bad_input_gets_field_messages_and_keeps_input(client, create_user, login, db):
    login(create_user())
    page = _post_bad(client, db, end_date="2027-04-13")
    assert "The end date is before the start date." in page
    assert 'value="ASEAN Community Forum 2027"' in page  # what was typed is kept
    assert "Fifty **civil-society** organisations meet." in page

    page = _post_bad(client, db, timezone="Asia/Atlantis")
    assert "“Asia/Atlantis” is not a time zone we know" in page
    assert 'value="Asia/Atlantis"' in page

    page = _post_bad(client, db, title="x" * 201)
    assert "Use at most 200 characters." in page

    page = _post_bad(client, db, slug="Not A Slug!")
    assert "Use lower-case letters a-z, digits and single hyphens" in page

    page = _post_bad(client, db, title="Forum\x07 with a bell")
    assert "invisible control characters" in page

    page = _post_bad(client, db, online_link="javascript:alert(1)")
    assert "Enter a full web address starting with https://" in page

    page = _post_bad(client, db, start_date="not a date")
    assert 'aria-invalid="true"' in page


def test_taken_slug_is_a_clear_message(client, create_user, login, create_forum, db):
    create_forum(slug="acf-2027")
    login(create_user())
    response = client.post("/forums/new", data=VALID)
    assert response.status_code == 422
    assert "Another forum already uses the short name “acf-2027”" in response.get_data(as_text=True)
    assert count(db, Forum) == 1


def test_edit_keeps_lists_and_refuses_another_forums_slug(client, create_user, login, create_forum, db):
    organiser = create_user()
    forum = create_forum(slug="acf-2027", organiser=organiser, objectives=["One", "Two"])
    create_forum(slug="taken")
    login(organiser)
    form = client.get("/forums/acf-2027/edit").get_data(as_text=True)
    assert "One\nTwo" in form
    response = client.post("/forums/acf-2027/edit", data={**VALID, "slug": "taken", "title": "Renamed"})
    assert "Another forum already uses" in response.get_data(as_text=True)
    db.session.refresh(forum)
    assert forum.title == "ASEAN Community Forum"  # unchanged
    response = client.post("/forums/acf-2027/edit", data={**VALID, "title": "Renamed"})
    assert response.status_code == 302
    db.session.refresh(forum)
    assert forum.title == "Renamed"


def test_names_are_stored_nfc(client, create_user, login, db):
    login(create_user())
    decomposed = "Die\u0302\u0303n \u0111a\u0300n Nguye\u0302\u0303n"  # Vietnamese typed decomposed (NFD)
    client.post("/forums/new", data={**VALID, "title": decomposed})
    forum = db.session.scalar(select(Forum))
    assert forum.title == "Diễn đàn Nguyễn"


def test_partners_are_added_from_the_directory_without_duplicates(client, create_user, login, create_forum, db):
    organiser = create_user()
    create_forum(slug="acf-2027", organiser=organiser)
    login(organiser)
    client.post("/forums/acf-2027/partners", data={"name": "ASEAN Foundation", "acronym": "", "type": "donor",
                                                  "country": "ID", "role": "organiser"})
    client.post("/forums/acf-2027/partners", data={"name": "  asean   FOUNDATION ", "type": "donor",
                                                  "country": "ID", "role": "funder"})
    assert count(db, Organisation) == 1
    assert count(db, ForumPartner) == 2
    again = client.post("/forums/acf-2027/partners", data={"name": "ASEAN Foundation", "type": "donor",
                                                          "country": "ID", "role": "funder"})
    assert "already listed in this role" in again.get_data(as_text=True)
    page = client.application.test_client().get("/forums/acf-2027/").get_data(as_text=True)
    assert "Organiser" in page
    assert "Funder" in page
    assert "ASEAN Foundation" in page

    partner = db.session.scalar(select(ForumPartner).where(ForumPartner.role == "funder"))
    client.post(f"/forums/acf-2027/partners/{partner.id}/remove")
    assert count(db, ForumPartner) == 1


def test_another_forums_partner_cannot_be_removed_through_this_forum(client, create_user, login, create_forum, db):
    mine = create_user()
    create_forum(slug="mine", organiser=mine)
    other = create_forum(slug="theirs")
    from forumops.forums.operations import add_partner

    partner = add_partner(other, "Fair Trade Laos Association", "partner", country="LA")
    db.session.commit()
    login(mine)
    client.post(f"/forums/mine/partners/{partner.id}/remove")
    assert count(db, ForumPartner) == 1  # fetched through the forum: another forum's partner is untouched


def test_team_invitation_and_last_organiser_stays(client, create_user, login, create_forum, db):
    organiser = create_user(email="mai@example.org")
    create_user(email="ben@example.org", name="Dr Ben")
    create_forum(slug="acf-2027", organiser=organiser)
    login(organiser)
    response = client.post("/forums/acf-2027/team", data={"email": "ben@example.org", "role": "facilitator"},
                           follow_redirects=True)
    assert "Invitation sent to ben@example.org" in response.get_data(as_text=True)
    assert count(db, ForumMember) == 1  # granted only when Ben accepts (tests/forums/test_invitations.py)
    unknown = client.post("/forums/acf-2027/team", data={"email": "nobody@example.org", "role": "organiser"},
                          follow_redirects=True)
    assert "Invitation sent to nobody@example.org" in unknown.get_data(as_text=True)  # they can sign up from it
    own = db.session.scalar(select(ForumMember).where(ForumMember.user_id == organiser.id))
    refused = client.post(f"/forums/acf-2027/team/{own.id}/remove", follow_redirects=True)
    assert "A forum needs at least one organiser" in refused.get_data(as_text=True)
    assert count(db, ForumMember) == 1


def test_one_user_organises_one_forum_and_attends_another(client, create_user, login, create_forum, add_role):
    user = create_user()
    create_forum(slug="organised", title="The One I Run", organiser=user)
    other = create_forum(slug="attended", title="The One I Attend")
    add_role(other, user, "participant")
    login(user)
    assert client.get("/forums/organised/edit").status_code == 200
    assert client.get("/forums/attended/edit").status_code == 403
    page = client.get("/forums/").get_data(as_text=True)
    assert "The One I Run" in page
    assert "The One I Attend" in page


def test_status_lifecycle(client, create_user, login, create_forum, db):
    organiser = create_user()
    forum = create_forum(slug="acf-2027", organiser=organiser, status="draft")
    login(organiser)
    for status in ("published", "registration_open", "registration_closed", "concluded", "archived"):
        assert client.post("/forums/acf-2027/status", data={"status": status}).status_code == 302
        db.session.refresh(forum)
        assert forum.status == status
    bad = client.post("/forums/acf-2027/status", data={"status": "deleted"})
    assert bad.status_code == 422
    assert "Not a valid choice" in bad.get_data(as_text=True)


def test_forum_page_query_count_does_not_grow_with_partners(client, create_forum, db, app):

    from forumops.forums.operations import add_partner

    forum = create_forum(slug="acf-2027")

    def queries_for_page():
        return count_queries(db, lambda: _ok(client.get("/forums/acf-2027/")))

    add_partner(forum, "Org 0", "partner")
    db.session.commit()
    few = queries_for_page()
    for i in range(1, 30):
        add_partner(forum, f"Org {i}", "co_organiser" if i % 2 else "partner", country="VN")
    db.session.commit()
    assert queries_for_page() == few


def test_error_messages_quoting_user_input_are_escaped(client, create_user, login, db):
    login(create_user())
    page = client.post("/forums/new", data={**VALID, "timezone": "<b>x</b><img src=x>"}).get_data(as_text=True)
    assert "<img src=x>" not in page
    assert "&lt;img src=x&gt;" in page
    assert "/forums/&lt;short name&gt;/" in page  # a translated hint with angle brackets is text too


def _ok(response):
    assert response.status_code == 200
    return response


def test_tentative_programme_keeps_one_line_per_entry(client, create_forum, db):
    """An outline typed one line per entry shows one line per entry, not one run-on paragraph (issue 14)."""
    create_forum(slug="outline", programme_outline=(
        "**Day 1**\n08.00-09.00 Registration\n09.00-09.30 Opening session\n12.00 Group photo\n\n"
        "- Lunch\n- Breakouts\n\n<b>kept as text</b>"))
    page = client.get("/forums/outline/").get_data(as_text=True)
    section = page[page.index('id="programme"'):]
    assert ("<p><strong>Day 1</strong><br>\n08.00-09.00 Registration<br>\n09.00-09.30 Opening session<br>\n"
            "12.00 Group photo</p>") in section
    assert "<li>Lunch</li>" in section
    assert "&lt;b&gt;kept as text&lt;/b&gt;" in section
