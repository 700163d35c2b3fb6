"""Plenary synthesis: cluster recommendations gathered into the forum's, through the operations and
the page at /forums/<slug>/recommendations."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.clusters import synthesis
from forumops.clusters.models import ForumRecommendation, RecommendationSource
from forumops.clusters.operations import add_staff, create_cluster
from forumops.core.errors import FormError
from tests.conftest import count_queries

PAGE = "/forums/acf/recommendations"
MARKET = "Improve MSMEs' access to regional markets through the ASEAN single window."
REGULATION = "Make regulation more business-friendly for micro and small enterprises."


def rec(text, addressee="ASEAN Member States", priority="high"):
    return {"text": text, "addressee": addressee, "priority": priority}


@pytest.fixture
def setup(create_user, create_forum, login, db, create_notes):
    organiser = create_user(email="mai@example.org", name="Mai Anh Trần")
    forum = create_forum(slug="acf", title="ASEAN Business and Investment Forum", organiser=organiser,
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    msme = create_cluster(forum, "MSME Development")
    peoples = create_cluster(forum, "People's Forum: Economic Justice")
    db.session.commit()
    msme_notes = create_notes(msme, [rec(MARKET, "ASEAN Secretariat"), rec(REGULATION, "ASEAN Member States",
                                                                           "medium")])
    peoples_notes = create_notes(peoples, [
        rec("Guarantee decent work and social protection for informal workers."),
        rec("Open regional markets fairly to small producers and MSMEs."),
        rec("Involve civil society in the ASEAN Economic Community's monitoring.", priority="low"),
    ], status="published")
    login(organiser)
    return {"forum": forum, "organiser": organiser, "msme": msme, "peoples": peoples,
            "msme_notes": msme_notes, "peoples_notes": peoples_notes}


def page_text(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def all_recommendations(db):
    return list(db.session.scalars(select(ForumRecommendation).order_by(ForumRecommendation.position)))


# --- what is offered ----------------------------------------------------------------------------

def test_page_offers_approved_and_published_recommendations_by_cluster(client, setup, db, create_notes):
    create_notes(setup["msme"], [rec("A draft idea nobody approved yet.")], status="draft")
    create_notes(setup["msme"], [rec("Submitted but not reviewed.")], status="submitted")
    create_notes(setup["peoples"], [rec("Returned for changes.")], status="returned")
    page = page_text(client)
    assert MARKET.replace("'", "&#39;") in page
    assert REGULATION in page
    assert "Guarantee decent work" in page
    assert "Involve civil society" in page
    assert page.index("MSME Development") < page.index(REGULATION) < page.index("Economic Justice")
    assert "ASEAN Secretariat" in page
    assert "High priority" in page
    assert "Low priority" in page
    for hidden in ("A draft idea", "Submitted but not", "Returned for changes"):
        assert hidden not in page


def test_unapproved_notes_cannot_be_merged_even_by_id(client, setup, db, create_notes):
    draft = create_notes(setup["msme"], [rec("A draft idea nobody approved yet.")], status="draft")
    submitted = create_notes(setup["msme"], [rec("Submitted but not reviewed.")], status="submitted")
    response = client.post(f"{PAGE}/merge", data={"pick": [f"{draft.id}:0", f"{submitted.id}:0"]})
    assert response.status_code == 422
    assert "None of the chosen recommendations is available" in response.get_data(as_text=True)
    assert all_recommendations(db) == []


# --- merge --------------------------------------------------------------------------------------

def test_merge_keeps_a_link_to_each_source_cluster_and_its_words(client, setup, db):
    msme_notes, peoples_notes = setup["msme_notes"], setup["peoples_notes"]
    response = client.post(f"{PAGE}/merge", data={"pick": [f"{msme_notes.id}:0", f"{peoples_notes.id}:1"]})
    assert response.status_code == 302
    assert "edit=" in response.headers["Location"]
    [merged] = all_recommendations(db)
    assert merged.text == MARKET + "\n\n" + "Open regional markets fairly to small producers and MSMEs."
    # every cluster's addressee is kept, not only the first one's (issue 14)
    assert merged.addressee == "ASEAN Secretariat; ASEAN Member States"
    assert merged.status == "proposed"
    sources = {(s.cluster_id, s.notes_id, s.original_text) for s in merged.sources}
    assert sources == {(setup["msme"].id, msme_notes.id, MARKET),
                       (setup["peoples"].id, peoples_notes.id, "Open regional markets fairly to small producers "
                                                               "and MSMEs.")}

    # The organiser rewords it; the clusters' own words stay beside it.
    client.post(f"{PAGE}/{merged.id}/edit", data={"text": "Open regional markets to MSMEs.",
                                                  "addressee": "ASEAN Member States"})
    page = page_text(client)
    result = page[page.index("Recommendations of the forum"):]
    assert "Open regional markets to MSMEs." in result
    assert "MSME Development:" in result
    assert "Economic Justice:" in result
    assert "the ASEAN single window" in result
    assert "fairly to small producers" in result
    sources_side = page[:page.index("Recommendations of the forum")]
    assert sources_side.count("Already used in") == 2


def test_add_one_as_it_is(client, setup, db):
    notes = setup["peoples_notes"]
    client.post(f"{PAGE}/merge", data={"single": f"{notes.id}:2", "pick": [f"{notes.id}:0"]})
    [added] = all_recommendations(db)
    assert added.text == "Involve civil society in the ASEAN Economic Community's monitoring."
    assert [(s.cluster_id, s.original_text) for s in added.sources] == [(setup["peoples"].id, added.text)]


def test_identical_texts_are_merged_once(setup, db, create_notes):
    twin = create_notes(setup["peoples"], [rec(REGULATION)], status="approved")
    merged = synthesis.merge_recommendations(setup["forum"], [(setup["msme_notes"].id, 1), (twin.id, 0),
                                                              (twin.id, 0)])
    assert merged.text == REGULATION
    assert len(merged.sources) == 2


def test_merged_addressees_are_each_named_once(setup, db, create_notes):
    notes = create_notes(setup["peoples"], [rec("Fund MSME training.", "ASEAN Secretariat"),
                                            rec("Fund MSME mentoring.", "asean secretariat"),
                                            rec("Fund MSME credit.", "")])
    merged = synthesis.merge_recommendations(setup["forum"], [(setup["msme_notes"].id, 1), (notes.id, 0),
                                                              (notes.id, 1), (notes.id, 2)])
    assert merged.addressee == "ASEAN Member States; ASEAN Secretariat"


def test_addressees_too_long_together_are_refused_clearly(client, setup, db, create_notes):
    notes = create_notes(setup["peoples"], [rec("One.", "a" * 200), rec("Two.", "b" * 200)])
    response = client.post(f"{PAGE}/merge", data={"pick": [f"{notes.id}:0", f"{notes.id}:1"]})
    assert response.status_code == 422
    assert "Together their addressees are longer than 300 characters" in response.get_data(as_text=True)
    assert all_recommendations(db) == []


def test_empty_selection_is_refused_clearly(client, setup, db):
    response = client.post(f"{PAGE}/merge", data={"merge": "1"})
    assert response.status_code == 422
    assert "Choose at least one cluster recommendation." in response.get_data(as_text=True)
    assert all_recommendations(db) == []


def test_too_long_merge_is_refused_and_the_ticks_are_kept(client, setup, db, create_notes):
    long_notes = create_notes(setup["msme"], [rec("a" * 6000), rec("b" * 6000)])
    picks = [f"{long_notes.id}:0", f"{long_notes.id}:1"]
    response = client.post(f"{PAGE}/merge", data={"pick": picks})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "longer than 10000 characters" in page
    assert all(f'value="{pick}" checked' in page for pick in picks)
    assert all_recommendations(db) == []


def test_another_forums_notes_are_ignored(client, setup, create_forum, db, create_notes):
    other = create_forum(slug="other-forum")
    theirs = create_notes(create_cluster(other, "Their cluster"), [rec("Their recommendation.")])
    response = client.post(f"{PAGE}/merge", data={"pick": [f"{theirs.id}:0"]})
    assert response.status_code == 422
    assert all_recommendations(db) == []
    client.post(f"{PAGE}/merge", data={"pick": [f"{theirs.id}:0", f"{setup['msme_notes'].id}:0", "junk", "9:x"]})
    [made] = all_recommendations(db)
    assert made.text == MARKET
    assert [s.notes_id for s in made.sources] == [setup["msme_notes"].id]
    assert "1 of the chosen recommendations were no longer available" in page_text(client)
    with pytest.raises(FormError):
        synthesis.merge_recommendations(setup["forum"], [(theirs.id, 0)])


def test_missing_index_and_odd_content_are_ignored(setup, db, create_notes):
    odd = create_notes(setup["msme"], ["not a dict", {"text": ""}, {"text": None}, rec("Fine one.")])
    assert [r.text for g in synthesis.cluster_recommendations(setup["forum"]) for r in g.recommendations
            if r.notes_id == odd.id] == ["Fine one."]
    with pytest.raises(FormError):
        synthesis.merge_recommendations(setup["forum"], [(odd.id, 0), (odd.id, 7)])


# --- edit, status, order, delete ----------------------------------------------------------------

@pytest.fixture
def three(setup, db):
    notes = setup["peoples_notes"]
    made = [synthesis.merge_recommendations(setup["forum"], [(notes.id, i)]) for i in range(3)]
    db.session.commit()
    return made


def test_edit_changes_wording_and_keeps_sources(client, three, db):
    first = three[0]
    response = client.post(f"{PAGE}/{first.id}/edit", data={"text": "  Decent work for all informal workers. ",
                                                             "addressee": "ASEAN Member States and employers"})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.text == "Decent work for all informal workers."
    assert first.addressee == "ASEAN Member States and employers"
    assert first.sources[0].original_text == "Guarantee decent work and social protection for informal workers."


@pytest.mark.parametrize(("text", "message"), [("   ", "Write the recommendation&#39;s text."),
                                          ("x" * 10_001, "Use at most 10000 characters.")])
def test_bad_wording_is_refused_and_the_input_kept(client, three, db, text, message):
    first = three[0]
    response = client.post(f"{PAGE}/{first.id}/edit", data={"text": text, "addressee": "Kept addressee"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="Kept addressee"' in page
    assert "<details class=\"edit-rec\" open>" in page
    if text.strip():
        assert text in page
    textarea = re.search(rf'<textarea[^>]*id="text-{first.id}"[^>]*>', page).group(0)
    assert "maxlength" not in textarea  # a browser would cut a long paste silently instead of saying so
    db.session.refresh(first)
    assert first.text.startswith("Guarantee decent work")


def test_status_is_recorded(client, three, db):
    for recommendation, status in zip(three, ("adopted", "noted", "rejected"), strict=True):
        assert client.post(f"{PAGE}/{recommendation.id}/status", data={"status": status}).status_code == 302
    assert [r.status for r in all_recommendations(db)] == ["adopted", "noted", "rejected"]
    page = page_text(client)
    assert "badge-rec-adopted" in page
    assert "badge-rec-noted" in page
    assert "badge-rec-rejected" in page


def test_unknown_status_is_refused_clearly(client, three, db):
    response = client.post(f"{PAGE}/{three[0].id}/status", data={"status": "approved-by-acclamation"})
    assert response.status_code == 422
    assert "Choose proposed, adopted, noted or rejected." in response.get_data(as_text=True)
    db.session.refresh(three[0])
    assert three[0].status == "proposed"


def test_reorder(client, three, db):
    first, second, third = three
    client.post(f"{PAGE}/{third.id}/move/up")
    assert [r.id for r in all_recommendations(db)] == [first.id, third.id, second.id]
    client.post(f"{PAGE}/{first.id}/move/down")
    assert [r.id for r in all_recommendations(db)] == [third.id, first.id, second.id]
    client.post(f"{PAGE}/{third.id}/move/up")  # already first: nothing moves
    assert [r.id for r in all_recommendations(db)] == [third.id, first.id, second.id]
    assert client.post(f"{PAGE}/{third.id}/move/sideways").status_code == 404
    page = page_text(client)
    assert page.index(f'id="rec-{third.id}"') < page.index(f'id="rec-{first.id}"') < page.index(f'id="rec-{second.id}"')


def test_delete_renumbers_and_leaves_the_notes(client, setup, three, db):
    response = client.post(f"{PAGE}/{three[1].id}/delete")
    assert response.status_code == 302
    remaining = all_recommendations(db)
    assert [r.id for r in remaining] == [three[0].id, three[2].id]
    assert [r.position for r in remaining] == [0, 1]
    assert db.session.scalar(select(func.count(RecommendationSource.id))) == 2
    db.session.refresh(setup["peoples_notes"])
    assert len(setup["peoples_notes"].content["recommendations"]) == 3


def test_another_forums_recommendation_is_not_found(client, setup, create_forum, db, create_notes):
    other = create_forum(slug="other-forum")
    theirs = synthesis.merge_recommendations(
        other, [(create_notes(create_cluster(other, "Theirs"), [rec("Theirs.")]).id, 0)])
    db.session.commit()
    for action in ("edit", "status", "move/up", "delete"):
        assert client.post(f"{PAGE}/{theirs.id}/{action}", data={"text": "x", "status": "adopted"}).status_code == 404
    db.session.refresh(theirs)
    assert theirs.text == "Theirs."
    assert theirs.status == "proposed"


# --- access, escaping, CSRF, query count --------------------------------------------------------

@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_participants_and_facilitators_are_refused(client, setup, three, create_user, add_role, login, db, role):
    person = create_user(email=f"{role}@example.org")
    add_role(setup["forum"], person, role)
    if role == "facilitator":
        add_staff(setup["msme"], person)
        db.session.commit()
    login(person)
    assert client.get(PAGE).status_code == 403
    notes = setup["msme_notes"]
    assert client.post(f"{PAGE}/merge", data={"pick": [f"{notes.id}:0"]}).status_code == 403
    for action in ("edit", "status", "move/down", "delete"):
        response = client.post(f"{PAGE}/{three[0].id}/{action}", data={"text": "x", "status": "rejected"})
        assert response.status_code == 403
    assert len(all_recommendations(db)) == 3
    assert all_recommendations(db)[0].status == "proposed"


def test_anonymous_is_sent_to_sign_in_and_other_organisers_refused(app, setup, create_user, create_forum):
    from tests.conftest import sign_in

    anonymous = app.test_client()
    response = anonymous.get(PAGE)
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]
    stranger = app.test_client()
    sign_in(stranger, create_user(email="other@example.org"))
    create_forum(slug="theirs", organiser=None)
    assert stranger.get(PAGE).status_code == 403
    admin = app.test_client()
    sign_in(admin, create_user(email="admin@example.org", is_admin=True))
    assert admin.get(PAGE).status_code == 200


def test_user_text_is_shown_as_text(client, setup, db, create_notes):
    notes = create_notes(setup["msme"], [rec("<script>alert('x')</script> and <b>bold</b>", "<i>States</i>")])
    client.post(f"{PAGE}/merge", data={"pick": [f"{notes.id}:0"]})
    [made] = all_recommendations(db)
    client.post(f"{PAGE}/{made.id}/edit", data={"text": "<b>Reworded</b> <img src=x onerror=alert(1)>",
                                                "addressee": "<i>States</i>"})
    page = page_text(client)
    for raw in ("<script>alert", "<b>bold", "<b>Reworded", "<img src=x", "<i>States"):
        assert raw not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page  # cluster side and the source's words
    assert "&lt;b&gt;Reworded&lt;/b&gt;" in page
    assert "&lt;i&gt;States&lt;/i&gt;" in page


def test_posts_need_the_csrf_token(csrf_app, setup, db):
    from tests.conftest import sign_in

    client = csrf_app.test_client()
    sign_in(client, setup["organiser"])
    pick = f"{setup['msme_notes'].id}:0"
    assert client.post(f"{PAGE}/merge", data={"pick": [pick]}).status_code == 400
    assert all_recommendations(db) == []
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(PAGE).get_data(as_text=True)).group(1)
    assert client.post(f"{PAGE}/merge", data={"pick": [pick], "csrf_token": token}).status_code == 302
    assert len(all_recommendations(db)) == 1




def test_query_count_does_not_grow(client, setup, db, create_notes):
    forum = setup["forum"]

    def add(count, offset):
        for n in range(count):
            cluster = create_cluster(forum, f"Cluster {offset + n}")
            db.session.flush()
            notes = create_notes(cluster, [rec(f"Recommendation {offset + n}.{i}") for i in range(3)])
            synthesis.merge_recommendations(forum, [(notes.id, 0), (notes.id, 1), (setup["msme_notes"].id, 0)])
        db.session.commit()

    add(1, 0)
    few = count_queries(db, lambda: client.get(PAGE))
    add(15, 100)
    many = count_queries(db, lambda: client.get(PAGE))
    assert many == few
    assert "Recommendation 114.2" in page_text(client)
