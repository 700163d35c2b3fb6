"""Building surveys, the organisers' side: the surveys page, starting templates, settings with times in the forum's
zone, the open and close buttons, the texts on the translation page, and who may reach any of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forumops.evaluations.builder_queries import texts_in
from forumops.evaluations.models import Survey
from forumops.forums.versions import SURVEY, SURVEY_ITEM, save_versions, versions_for
from tests.conftest import count_queries, sign_in


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", organiser=organiser, timezone="Asia/Bangkok")


@pytest.fixture
def signed_in(client, organiser):
    sign_in(client, organiser)
    return client


def _settings(survey, **changes):
    data = {"title": survey.title, "intro": survey.intro, "kind": survey.kind,
            "anonymous": "anonymous" if survey.anonymous else "named", "audience": survey.audience,
            "audience_cluster_id": "0", "audience_category": "", "opens_at": "", "closes_at": "",
            "after_opens_at": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize(("start", "kind", "kinds"), [
    ("end_of_forum", "evaluation", ["rating", "rating", "rating", "long", "long", "nps"]),
    ("training", "evaluation", ["section", "rating", "agreement", "section", "rating", "agreement", "multiple",
                                "section", "rating", "agreement", "section", "rating", "single", "section", "long",
                                "short"]),
    ("knowledge_test", "test", ["single", "single", "single"]),
])
def test_a_survey_starts_from_each_template(signed_in, forum, db, start, kind, kinds):
    response = signed_in.post("/forums/acf/surveys", data={"start": start, "title": ""})
    assert response.status_code == 302
    survey = db.session.query(Survey).one()
    assert response.headers["Location"].endswith(f"/forums/acf/surveys/{survey.id}/questions")
    assert survey.kind == kind
    assert [item.kind for item in survey.items] == kinds
    assert survey.opens_at is None  # a draft until opened
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert survey.items[0].text in page
    if kind == "test":
        assert survey.anonymous is False  # the gain per person needs names
        assert all(item.correct is not None for item in survey.items)
        assert "(right answer)" in page
    else:
        ratings = [item for item in survey.items if item.kind == "rating"]
        assert all(len(item.options) == 2 and all(item.options) for item in ratings)


@pytest.mark.parametrize(("start_date", "audience"), [
    (datetime.now(UTC).date() + timedelta(days=30), "confirmed"),  # before the forum: nobody attended a day yet
    (datetime.now(UTC).date() - timedelta(days=30), "attended"),
])
def test_an_evaluation_made_before_the_forum_asks_everyone_confirmed(signed_in, create_forum, organiser, db,
                                                                     create_registration, start_date, audience):
    forum = create_forum(slug="early", organiser=organiser, start_date=start_date,
                         end_date=start_date + timedelta(days=1))
    create_registration(forum, status="confirmed")
    signed_in.post("/forums/early/surveys", data={"start": "end_of_forum", "title": ""})
    survey = db.session.query(Survey).one()
    assert survey.audience == audience
    page = signed_in.get(f"/forums/early/surveys/{survey.id}").get_data(as_text=True)
    if audience == "confirmed":
        assert "1 person asked" in page
        assert "Nobody is asked yet" not in page
    else:
        assert "0 people asked" in page
        assert "Nobody is asked yet" in page


def test_the_training_template_has_its_five_sections(signed_in, forum, db):
    signed_in.post("/forums/acf/surveys", data={"start": "training"})
    sections = [item.text for item in db.session.query(Survey).one().items if item.kind == "section"]
    assert sections == ["Relevance", "Content", "Facilitation", "Logistics", "What to change"]


def test_a_vietnamese_forum_gets_the_template_in_vietnamese(signed_in, create_forum, organiser, db):
    create_forum(slug="hanoi", organiser=organiser, languages=["vi", "en"])
    signed_in.post("/forums/hanoi/surveys", data={"start": "training"})
    sections = [item.text for item in db.session.query(Survey).one().items if item.kind == "section"]
    assert "Điều phối" in sections  # "Facilitation", as the Vietnamese catalogue has it
    assert "Facilitation" not in sections


def test_a_blank_survey_needs_a_title(signed_in, forum, db):
    response = signed_in.post("/forums/acf/surveys", data={"start": "blank", "title": ""})
    assert response.status_code == 422
    assert "Give the survey a title, or start from one of the templates." in response.get_data(as_text=True)
    assert db.session.query(Survey).count() == 0
    signed_in.post("/forums/acf/surveys", data={"start": "blank", "title": "Field visit feedback"})
    assert db.session.query(Survey).one().title == "Field visit feedback"


def test_the_surveys_page_lists_kind_state_audience_and_answers(signed_in, forum, create_survey, create_response,
                                                                create_registration, db):
    now = datetime.now(UTC)
    open_one = create_survey(forum, title="Day one evaluation")
    create_survey(forum, title="Scheduled one", opens_at=now + timedelta(days=2))
    create_survey(forum, title="Closed one", opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    create_survey(forum, title="Drafted one", opens_at=None)
    people = [create_registration(forum, status="confirmed")[0] for _ in range(3)]
    create_response(open_one, {open_one.items[0]: 4}, registration=people[0])
    create_response(open_one, {open_one.items[0]: 5}, registration=people[1])
    page = signed_in.get("/forums/acf/surveys").get_data(as_text=True)
    for title, state in (("Day one evaluation", "Open"), ("Scheduled one", "Scheduled"), ("Closed one", "Closed"),
                         ("Drafted one", "Draft")):
        row = page[page.index(title):].split("</tr>")[0]
        assert f">{state}<" in row
    first = page[page.index("Day one evaluation"):].split("</tr>")[0]
    assert "Everyone confirmed" in first
    assert "3 people" in first
    assert "2 of 3" in first
    assert "(67%)" in first  # the response rate, rounded as every page rounds it


def test_the_surveys_page_keeps_its_queries_as_surveys_grow(signed_in, forum, create_survey, create_response):
    create_survey(forum)
    one = count_queries_of_page(signed_in)
    for _ in range(4):
        survey = create_survey(forum, audience="category", audience_category="government")
        create_response(survey, {survey.items[0]: 3})
    assert count_queries_of_page(signed_in) == one


def count_queries_of_page(client) -> int:
    from forumops.extensions import db

    return count_queries(db, lambda: client.get("/forums/acf/surveys"))


def test_times_are_read_and_shown_in_the_forums_zone(signed_in, forum, create_survey, db):
    survey = create_survey(forum, opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}",
                              data=_settings(survey, opens_at="2027-04-15T09:00", closes_at="2027-04-15T17:30"))
    assert response.status_code == 302
    db.session.refresh(survey)
    assert survey.opens_at == datetime(2027, 4, 15, 2, 0, tzinfo=UTC)  # Bangkok is UTC+7
    assert survey.closes_at == datetime(2027, 4, 15, 10, 30, tzinfo=UTC)
    page = signed_in.get(f"/forums/acf/surveys/{survey.id}").get_data(as_text=True)
    assert 'value="2027-04-15T09:00"' in page
    assert "In the forum’s time zone" in page


def test_a_close_before_the_open_is_refused_at_the_field_with_the_typed_values_kept(signed_in, forum,
                                                                                  create_survey, db):
    survey = create_survey(forum, opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(
        survey, title="Renamed", opens_at="2027-04-15T09:00", closes_at="2027-04-14T09:00"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="closes_at-error"' in page
    assert "The survey must close after it opens." in page
    assert 'value="2027-04-14T09:00"' in page
    assert 'value="Renamed"' in page
    db.session.refresh(survey)
    assert survey.title == "End-of-forum evaluation"
    assert survey.opens_at is None


@pytest.mark.parametrize(("after", "message"), [
    ("2027-04-14T08:00", "The end-of-training round must start after the test opens."),
    ("2027-04-16T08:00", "The end-of-training round must start before the test closes."),
])
def test_the_end_of_training_round_must_fall_inside_the_open_window(signed_in, forum, create_survey, db, after,
                                                                    message):
    survey = create_survey(forum, kind="test", anonymous=False, opens_at=None,
                           items=[{"kind": "single", "text": "Q", "options": ["A", "B"], "correct": 0}])
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(
        survey, opens_at="2027-04-14T09:00", closes_at="2027-04-15T17:00", after_opens_at=after))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="after_opens_at-error"' in page
    assert message in page
    assert f'value="{after}"' in page


def test_a_time_that_cannot_be_read_is_refused_at_its_field(signed_in, forum, create_survey):
    survey = create_survey(forum, opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, opens_at="next week"))
    assert response.status_code == 422
    assert "Enter a day and time, like 2027-04-15 16:00." in response.get_data(as_text=True)


def test_a_test_is_always_named(signed_in, forum, create_survey, db):
    survey = create_survey(forum, opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, kind="test",
                                                                                   anonymous="anonymous"))
    assert response.status_code == 302
    db.session.refresh(survey)
    assert survey.kind == "test"
    assert survey.anonymous is False
    assert "A test is always named" in signed_in.get(response.headers["Location"]).get_data(as_text=True)


def test_once_answered_anonymity_and_kind_stay(signed_in, forum, create_survey, create_response, db):
    survey = create_survey(forum, anonymous=True)
    create_response(survey, {survey.items[0]: 4})
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, anonymous="named"))
    assert response.status_code == 422
    assert "it stays anonymous" in response.get_data(as_text=True)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, kind="test"))
    assert response.status_code == 422
    assert "the survey’s kind cannot change" in response.get_data(as_text=True)
    db.session.refresh(survey)
    assert survey.anonymous is True
    assert survey.kind == "evaluation"


def test_once_answered_who_is_asked_stays(signed_in, forum, create_survey, create_response, create_registration,
                                         db):
    survey = create_survey(forum)
    person, _token = create_registration(forum, status="confirmed")
    create_response(survey, {survey.items[0]: 4}, registration=person)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(
        survey, audience="category", audience_category="government", title="Retitled"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page[page.index('id="audience-error"'):].split("</p>")[0]
    assert "who is asked cannot change" in error
    assert 'value="Retitled"' in page  # what was typed is kept
    db.session.refresh(survey)
    assert (survey.audience, survey.title) == ("confirmed", "End-of-forum evaluation")


def test_no_opening_time_without_a_question(signed_in, forum, create_survey, db):
    survey = create_survey(forum, items=[("section", "Only a heading")], opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, opens_at="2027-04-15T09:00"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Add at least one question before you set an opening time" in page
    assert 'value="2027-04-15T09:00"' in page
    db.session.refresh(survey)
    assert survey.opens_at is None


def test_audience_of_one_cluster_needs_the_cluster(signed_in, forum, create_survey, create_cluster, db):
    survey = create_survey(forum, opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}", data=_settings(survey, audience="cluster"))
    assert response.status_code == 422
    assert "Choose the cluster whose members are asked." in response.get_data(as_text=True)
    cluster = create_cluster(forum, "Trade facilitation")
    signed_in.post(f"/forums/acf/surveys/{survey.id}",
                   data=_settings(survey, audience="cluster", audience_cluster_id=str(cluster.id)))
    db.session.refresh(survey)
    assert survey.audience == "cluster"
    assert survey.audience_cluster_id == cluster.id
    assert "Members of the cluster Trade facilitation" in signed_in.get("/forums/acf/surveys").get_data(as_text=True)


def test_open_close_and_the_end_of_training_round_buttons(signed_in, forum, create_survey, db):
    survey = create_survey(forum, kind="test", anonymous=False, opens_at=None,
                           items=[{"kind": "single", "text": "Q", "options": ["A", "B"], "correct": 0}])
    assert "Draft" in signed_in.get(f"/forums/acf/surveys/{survey.id}").get_data(as_text=True)
    signed_in.post(f"/forums/acf/surveys/{survey.id}/open")
    db.session.refresh(survey)
    now = datetime.now(UTC)
    assert survey.is_open_at(now)
    assert survey.phase_at(now) == "before"
    signed_in.post(f"/forums/acf/surveys/{survey.id}/start-after-round")
    db.session.refresh(survey)
    assert survey.phase_at(datetime.now(UTC)) == "after"
    signed_in.post(f"/forums/acf/surveys/{survey.id}/close")
    db.session.refresh(survey)
    assert not survey.is_open_at(datetime.now(UTC))
    assert ">Closed<" in signed_in.get(f"/forums/acf/surveys/{survey.id}").get_data(as_text=True)


def test_a_survey_without_questions_cannot_be_opened(signed_in, forum, create_survey, db):
    survey = create_survey(forum, items=[("section", "Only a heading")], opens_at=None)
    response = signed_in.post(f"/forums/acf/surveys/{survey.id}/open", follow_redirects=True)
    assert "Add at least one question before you open the survey." in response.get_data(as_text=True)
    db.session.refresh(survey)
    assert survey.opens_at is None


def test_a_participant_is_refused_and_a_stranger_sent_to_sign_in(app, forum, create_survey, create_user, add_role):
    survey = create_survey(forum)
    participant = create_user(email="linh@example.org")
    add_role(forum, participant, "participant")
    urls = ["/forums/acf/surveys", f"/forums/acf/surveys/{survey.id}", f"/forums/acf/surveys/{survey.id}/questions",
            f"/forums/acf/surveys/{survey.id}/questions/{survey.items[0].id}"]
    stranger = app.test_client()
    for url in urls:
        response = stranger.get(url)
        assert response.status_code == 302
        assert "/account/signin" in response.headers["Location"]
    client = app.test_client()
    sign_in(client, participant)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(f"/forums/acf/surveys/{survey.id}/close").status_code == 403


def test_every_form_carries_and_needs_its_csrf_token(csrf_app, forum, organiser, create_survey, db):
    survey = create_survey(forum, opens_at=None)
    client = csrf_app.test_client()
    sign_in(client, organiser)
    for url in ("/forums/acf/surveys", f"/forums/acf/surveys/{survey.id}", f"/forums/acf/surveys/{survey.id}/questions",
                f"/forums/acf/surveys/{survey.id}/questions/{survey.items[0].id}"):
        page = client.get(url).get_data(as_text=True)
        assert page.count("<form method=\"post\"") == page.count('name="csrf_token"'), url
    assert client.post("/forums/acf/surveys", data={"start": "end_of_forum"}).status_code == 400
    client.post(f"/forums/acf/surveys/{survey.id}/open")
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{survey.items[0].id}/delete")
    db.session.refresh(survey)
    assert db.session.query(Survey).count() == 1
    assert survey.opens_at is None
    assert len(survey.items) == 1


def test_the_organisers_find_the_surveys_page_in_their_navigation(signed_in, forum):
    page = signed_in.get("/forums/acf/edit").get_data(as_text=True)
    assert 'href="/forums/acf/surveys"' in page


def test_survey_texts_appear_on_the_translation_page_and_read_back_in_a_language(signed_in, create_forum, organiser,
                                                                                 create_survey, db):
    forum = create_forum(slug="hanoi", organiser=organiser, languages=["en", "vi"])
    survey = create_survey(forum, title="Evaluation", items=[
        ("rating", "How useful was it?", ["Not useful", "Very useful"]),
        ("single", "Which day?", ["Monday", "Tuesday"])])
    rating, choice = survey.items
    page = signed_in.get("/forums/hanoi/translations/vi").get_data(as_text=True)
    for name in (f"v_{SURVEY}_{survey.id}_title", f"v_{SURVEY_ITEM}_{rating.id}_text",
                 f"v_{SURVEY_ITEM}_{rating.id}_option_1", f"v_{SURVEY_ITEM}_{choice.id}_option_0"):
        assert f'name="{name}"' in page, name
    save_versions(forum, "vi", {(SURVEY_ITEM, choice.id, "text"): "Ngày nào?",
                                (SURVEY_ITEM, choice.id, "option.1"): "Thứ Ba"},
                  {(SURVEY_ITEM, choice.id, "text"): "Which day?", (SURVEY_ITEM, choice.id, "option.1"): "Tuesday"})
    db.session.commit()
    texts = texts_in(versions_for(forum, "vi"), survey)
    assert texts.of(choice).text.text == "Ngày nào?"
    assert [str(option) for option in texts.of(choice).options] == ["Monday", "Thứ Ba"]
    assert texts.of(choice).options[0].fell_back  # no Vietnamese for Monday yet: said so
    assert str(texts.title) == "Evaluation"
    assert [str(end) for end in texts_in(versions_for(forum, "en"), survey).of(rating).options] == ["Not useful",
                                                                                           "Very useful"]
    assert count_queries(db, lambda: texts_in(versions_for(forum, "vi"), survey)) == 1


def test_each_starting_templates_hint_is_read_once(signed_in, forum):
    """The hint under a starting template is the radio's description (aria-describedby), outside its label, so a
    screen reader reads it once, not as part of the name and again as the description."""
    import re

    html = signed_in.get("/forums/acf/surveys").get_data(as_text=True)
    hints = re.findall(r'<span class="hint start-hint" id="([^"]+)"', html)
    assert hints
    for hint in hints:
        option = hint.removesuffix("-hint")
        assert f'aria-describedby="{hint}"' in html
        label = re.search(rf'<label for="{option}">(.*?)</label>', html, re.S).group(1)
        assert "start-hint" not in label


def test_opening_before_the_forum_starts_is_warned_beside_open_now(signed_in, forum, create_forum, organiser,
                                                                   create_survey):
    survey = create_survey(forum, opens_at=None)  # the forum starts on 14 April 2027
    html = signed_in.get(f"/forums/acf/surveys/{survey.id}").get_data(as_text=True)
    assert 'aria-describedby="before-forum"' in html
    assert "The forum has not started yet (it starts on 14 April 2027)" in html
    begun = create_forum(slug="begun", organiser=organiser, start_date=datetime.now(UTC).date() - timedelta(days=2),
                         end_date=datetime.now(UTC).date() + timedelta(days=1))
    other = create_survey(begun, opens_at=None)
    assert "The forum has not started yet" not in signed_in.get(f"/forums/begun/surveys/{other.id}").get_data(
        as_text=True)


def test_only_a_tests_settings_offer_the_end_of_training_round(signed_in, forum, create_survey):
    evaluation = create_survey(forum)
    assert "End-of-training round opens at" not in signed_in.get(f"/forums/acf/surveys/{evaluation.id}").get_data(
        as_text=True)
    test = create_survey(forum, kind="test", anonymous=False)
    assert "End-of-training round opens at" in signed_in.get(f"/forums/acf/surveys/{test.id}").get_data(as_text=True)
    refused = signed_in.post(f"/forums/acf/surveys/{evaluation.id}", data=_settings(evaluation, kind="test", title=""))
    assert refused.status_code == 422
    assert "End-of-training round opens at" in refused.get_data(as_text=True)  # the kind chosen, kept
