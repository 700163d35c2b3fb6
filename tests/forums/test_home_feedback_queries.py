"""The signed-in home ("my forums") shows one card per forum; the feedback section of each (organisers: how many
ratings; presenters: their sessions) is read for every card at once, so four forums cost what one costs."""

from __future__ import annotations

from flask import g

from forumops.agenda.models import AgendaPerson
from forumops.core import permissions
from forumops.evaluations import feedback_hooks
from tests.conftest import count_queries


def test_my_forums_feedback_sections_read_in_queries_that_do_not_grow_with_the_forums(
        app, db, create_user, create_forum, create_item, create_registration, create_feedback):
    mai = create_user(email="mai@example.org", name="Mai")
    linh = create_user(email="linh@example.org", name="Linh")
    forums = []

    def forum_with_feedback(slug: str) -> None:
        forum = create_forum(slug=slug, organiser=mai)
        item = create_item(forum, title=f"Panel of {slug}")
        db.session.add(AgendaPerson(item_id=item.id, role="speaker", user_id=linh.id))
        db.session.commit()
        registration, _token = create_registration(forum, status="confirmed")
        create_feedback(item, registration)
        forums.append(forum)

    def cards(user) -> tuple[int, list]:
        """The feedback section of every card, as the home draws them in one request (the roles, which every
        card reads anyway, loaded first)."""
        with app.test_request_context("/"):
            g.pop("evaluations_home_feedback", None)  # the test's app context outlives a request's: a new request
            for forum in forums:
                permissions.forum_roles(user, forum)
            sections: list = []
            queries = count_queries(db, lambda: sections.extend(
                feedback_hooks._feedback_section(forum, user) for forum in forums))
            return queries, sections

    forum_with_feedback("first")
    one = {"organiser": cards(mai)[0], "presenter": cards(linh)[0]}
    for slug in ("second", "third", "fourth"):
        forum_with_feedback(slug)
    (organiser_queries, organiser), (presenter_queries, presenter) = cards(mai), cards(linh)
    assert {"organiser": organiser_queries, "presenter": presenter_queries} == one
    assert [section.context["ratings"] for section in organiser] == [1, 1, 1, 1]
    assert [[item.title for item in section.context["presented"]] for section in presenter] == [
        [f"Panel of {slug}"] for slug in ("first", "second", "third", "fourth")]
    assert all(not section.context["organiser"] for section in presenter)
