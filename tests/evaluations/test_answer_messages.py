"""The composer's "please evaluate": {survey_link}, each recipient's own private link to the open survey (people it
does not ask read that none is open for them), the "has not yet answered the survey" filter to remind only
those, and the built-in "Please evaluate" message."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forumops.communications.defaults import default_templates
from forumops.communications.operations import send_announcement
from forumops.communications.recipients import RecipientFilters, count_recipients, find_recipients
from forumops.core.outbox import OutboxMessage
from forumops.evaluations.answer_operations import send_answers


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(organiser=mai)


@pytest.fixture
def people(forum, create_registration):
    return {name: create_registration(forum, status="confirmed", name=name, email=f"{name.lower()}@example.org",
                                      category="government" if name == "Dara" else "civil_society")
            for name in ("Linh", "Sopheak", "Dara")}


@pytest.fixture
def survey(forum, create_survey):
    """Asks civil society only: Dara (government) is not asked."""
    return create_survey(forum, audience="category", audience_category="civil_society")


def test_the_filter_picks_those_asked_who_have_not_answered(db, forum, people, survey):
    send_answers(forum, survey, people["Linh"][0], {str(survey.items[0].id): "4"}, datetime.now(UTC))
    db.session.commit()
    filters = RecipientFilters(survey_pending=survey.id)
    assert [r.name for r in find_recipients(forum, filters)] == ["Sopheak"]
    assert count_recipients(forum, filters) == 1
    assert count_recipients(forum, RecipientFilters(survey_pending=10 ** 6)) == 0  # no such survey: nobody
    assert RecipientFilters.from_mapping(filters.as_dict()) == filters  # kept with the announcement


def test_each_recipient_gets_their_own_link_to_the_survey(app, client, db, forum, people, survey):
    registrations = [people[name][0] for name in ("Linh", "Dara")]
    with app.test_request_context():
        send_announcement(forum, "Please evaluate", "Dear {name}: {survey_link}", registrations, actor=None,
                          filters=RecipientFilters(survey_pending=survey.id).as_dict())
    db.session.commit()
    bodies = {m.to_address: m.body_text for m in db.session.scalars(select(OutboxMessage))}
    assert "Dear Dara: (no survey is open for you)" in bodies["dara@example.org"]
    link = re.search(r"Dear Linh: (\S+)", bodies["linh@example.org"]).group(1)
    path = urlsplit(link).path
    assert re.fullmatch(rf"/forums/{forum.slug}/registration/[^/]+/surveys/{survey.id}", path)
    page = client.get(path)
    assert page.status_code == 200
    assert "How useful was the forum?" in page.get_data(as_text=True)
    assert client.post(path, data={f"q-{survey.items[0].id}": "5", "action": "send"}).status_code == 303
    assert count_recipients(forum, RecipientFilters(survey_pending=survey.id)) == 1  # Sopheak is left


def test_the_built_in_please_evaluate_message_uses_the_link(client, login, mai, forum, people, survey):
    default = next(d for d in default_templates(forum) if d.key == "evaluate")
    assert "{survey_link}" in default.body
    login(mai)
    page = client.get(f"/forums/{forum.slug}/messages/new?default=evaluate").get_data(as_text=True)
    assert "Please evaluate {forum}" in page
    assert "Has not yet answered the survey" in page

