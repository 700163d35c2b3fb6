"""A session's recommendations join the plenary synthesis as a cluster's do: offered once its notes are approved,
merged with a cluster's into one forum recommendation that remembers both sources and their words."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from forumops.clusters import synthesis
from forumops.clusters.models import ForumRecommendation

PAGE = "/forums/acf/recommendations"
OPENING = "Give civil society a standing seat at ASEAN ministerial meetings."
CLUSTER = "Improve MSMEs' access to regional markets."


def rec(text, addressee="ASEAN Secretariat", priority="high"):
    return {"text": text, "addressee": addressee, "priority": priority}


@pytest.fixture
def setup(create_user, create_forum, create_cluster, create_item, create_notes, create_session_notes, login):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="acf", organiser=mai, start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    msme = create_cluster(forum, "MSME development")
    cluster_notes = create_notes(msme, [rec(CLUSTER)])
    opening = create_item(forum, "Opening plenary", time(9), time(10), type="plenary")
    panel = create_item(forum, "Panel on youth", time(10), time(11), type="panel")
    session_notes = create_session_notes(opening, [rec(OPENING, "ASEAN Member States")])
    create_session_notes(panel, [rec("A panel idea nobody approved yet.")], status="submitted")
    login(mai)
    return {"forum": forum, "msme": msme, "cluster_notes": cluster_notes, "opening": opening,
            "session_notes": session_notes}


def test_an_approved_sessions_recommendations_are_offered_after_the_clusters(client, setup):
    page = client.get(PAGE).get_data(as_text=True)
    assert "From the clusters and sessions" in page
    assert page.index("MSME development") < page.index(CLUSTER.replace("'", "&#39;")) < page.index(
        "Opening plenary") < page.index(OPENING)
    assert "A panel idea" not in page  # submitted, not approved
    groups = synthesis.cluster_recommendations(setup["forum"])
    assert [(g.name, g.is_session) for g in groups] == [("MSME development", False), ("Opening plenary", True)]


def test_a_session_and_a_cluster_recommendation_merge_into_one_that_keeps_both_sources(client, setup, db):
    picks = [f"{setup['cluster_notes'].id}:0", f"{setup['session_notes'].id}:0"]
    assert client.post(f"{PAGE}/merge", data={"pick": picks}).status_code == 302
    [merged] = db.session.scalars(select(ForumRecommendation))
    assert merged.text == f"{CLUSTER}\n\n{OPENING}"
    assert merged.addressee == "ASEAN Secretariat; ASEAN Member States"
    sources = {(s.cluster_id, s.notes_id, s.original_text) for s in merged.sources}
    assert sources == {(setup["msme"].id, setup["cluster_notes"].id, CLUSTER),
                       (None, setup["session_notes"].id, OPENING)}
    result = client.get(PAGE).get_data(as_text=True).split('id="forum-recs-heading"')[1]
    assert "MSME development:" in result
    assert "Opening plenary:" in result  # the session is named as the source, not "a cluster since removed"
    client.post(f"{PAGE}/{merged.id}/status", data={"status": "adopted"})
    report = client.get("/forums/acf/report").get_data(as_text=True).split('id="recommendations-h"')[1]
    assert "From: MSME development and Opening plenary" in report


def test_a_deleted_sessions_recommendations_are_no_longer_offered(client, setup, db):
    from forumops.agenda.operations import set_status

    set_status(setup["opening"], "deleted")
    db.session.commit()
    assert OPENING not in client.get(PAGE).get_data(as_text=True)
    response = client.post(f"{PAGE}/merge", data={"pick": [f"{setup['session_notes'].id}:0"]})
    assert response.status_code == 422  # not available any more, even by its id
