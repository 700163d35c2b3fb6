"""The composer's "please evaluate": {survey_link}, each recipient's own private link to the survey the message names
in its "has not yet answered the survey" filter (never another one; people it does not ask read that none is open
for them), that filter to remind only those, and the built-in "Please evaluate" message, which cannot go without
a survey chosen."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forumops.communications.defaults import default_templates
from forumops.communications.operations import send_announcement
from forumops.communications.recipients import RecipientFilters, count_recipients, find_recipients
from forumops.core.outbox import OutboxMessage
from forumops.evaluations.answer_operations import send_answers


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



def compose(client, forum, **fields):
    data = {"subject": "Please evaluate {forum}", "body": "Dear {name}: {survey_link}", "status": "confirmed",
            "when": "now", "action": "preview", **fields}
    return client.post(f"/forums/{forum.slug}/messages/new", data=data)


def announced(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "announcement")))


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_the_link_leads_to_the_survey_named_even_before_it_opens_never_another(app, db, forum, people, survey,
                                                                              create_survey):
    coming = create_survey(forum, title="Training evaluation", audience="category",
                           audience_category="civil_society", opens_at=datetime.now(UTC) + timedelta(days=1))
    with app.test_request_context():  # `survey` is open and first in the list; the message names `coming`
        send_announcement(forum, "Please evaluate", "Dear {name}: {survey_link}", [people["Linh"][0]], actor=None,
                          filters=RecipientFilters(survey_pending=coming.id).as_dict())
    db.session.commit()
    [mail] = announced(db)
    link = re.search(r"Dear Linh: (\S+)", mail.body_text).group(1)
    assert urlsplit(link).path.endswith(f"/surveys/{coming.id}")


def test_the_preview_fills_the_link_of_the_survey_chosen(client, login, mai, forum, people, survey, create_survey):
    other = create_survey(forum, title="Government only", audience="category", audience_category="government")
    login(mai)
    page = compose(client, forum, survey_pending=str(survey.id)).get_data(as_text=True)
    assert "Dear Linh: [their link to the survey, made when the message is sent]" in page
    # the first survey asks Linh, the one chosen here does not: the preview says what she would read
    chosen_other = compose(client, forum, survey_pending=str(other.id), status="").get_data(as_text=True)
    assert "Dear Dara: [their link to the survey, made when the message is sent]" in chosen_other


def test_a_message_with_the_link_must_choose_a_published_survey(db, client, login, mai, forum, people, survey,
                                                               create_survey):
    login(mai)
    response = compose(client, forum, action="send")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose the survey that {survey_link} leads to." in error_beside(page, "survey_pending")
    assert "Dear {name}: {survey_link}" in page  # what was typed is kept
    draft = create_survey(forum, title="Not ready", opens_at=None)
    page = compose(client, forum, action="send", survey_pending=str(draft.id)).get_data(as_text=True)
    assert "not published yet" in error_beside(page, "survey_pending")
    assert announced(db) == []  # nothing went


def test_the_built_in_please_evaluate_message_goes_only_with_its_survey_chosen(db, client, login, mai, forum,
                                                                               people, survey):
    default = next(d for d in default_templates(forum) if d.key == "evaluate")
    login(mai)
    refused = compose(client, forum, subject=default.subject, body=default.body, action="send")
    assert refused.status_code == 422
    assert "Choose the survey that {survey_link} leads to." in error_beside(refused.get_data(as_text=True),
                                                                           "survey_pending")
    sent = compose(client, forum, subject=default.subject, body=default.body, action="send",
                   survey_pending=str(survey.id))
    assert sent.status_code == 302
    assert sorted(m.to_address for m in announced(db)) == [
        "linh@example.org", "sopheak@example.org"]  # those asked who have not answered: Dara is not asked
    assert all("(no survey is open for you)" not in m.body_text for m in announced(db))


def _chosen_survey(page: str) -> str:
    start = page.index('name="survey_pending"')
    select = page[start:page.index("</select>", start)]
    found = re.search(r'<option selected value="([^"]*)">', select)
    return found.group(1) if found else ""


def test_the_built_in_please_evaluate_message_starts_on_the_survey_open_now(client, login, mai, forum, survey,
                                                                           create_survey):
    """Its one open survey is chosen under "Has not yet answered the survey"; with several open, the evaluation
    opened last (a test open beside it is not what "please evaluate" asks for); with none open, none."""
    login(mai)
    new = f"/forums/{forum.slug}/messages/new?default=evaluate"
    assert _chosen_survey(client.get(new).get_data(as_text=True)) == str(survey.id)
    now = datetime.now(UTC)
    later = create_survey(forum, title="Training evaluation", opens_at=now - timedelta(minutes=5))
    create_survey(forum, title="Knowledge test", kind="test", opens_at=now - timedelta(minutes=1))
    create_survey(forum, title="Closed one", opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    create_survey(forum, title="Not published", opens_at=None)
    assert _chosen_survey(client.get(new).get_data(as_text=True)) == str(later.id)
    assert _chosen_survey(client.get(f"/forums/{forum.slug}/messages/new").get_data(as_text=True)) == ""


def test_with_no_survey_open_please_evaluate_chooses_none(client, login, mai, forum, create_survey):
    create_survey(forum, opens_at=datetime.now(UTC) + timedelta(days=2))
    login(mai)
    assert _chosen_survey(client.get(f"/forums/{forum.slug}/messages/new?default=evaluate")
                          .get_data(as_text=True)) == ""
