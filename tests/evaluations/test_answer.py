"""A participant answering a survey through their private link or their account: one answer per person (per
round of a test), save and come back, bad input kept beside its question, closing time, and nobody answering
for someone else."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from forumops.evaluations import answer_operations
from forumops.evaluations.models import SurveyAnswer, SurveyResponder, SurveyResponse

ITEMS = [
    ("section", "About the forum"),
    {"kind": "rating", "text": "How useful was the forum?", "options": ["Not useful", "Very useful"],
     "required": True},
    ("agreement", "The sessions were well facilitated."),
    ("nps", "How likely are you to recommend it to a colleague?"),
    ("single", "Which day helped most?", ["Day one", "Day two"]),
    ("multiple", "What helped?", ["Talks", "Visits", "Groups"]),
    ("short", "One word for the forum"),
    ("long", "What should change?"),
]


@pytest.fixture
def forum(create_forum):
    return create_forum()


@pytest.fixture
def person(forum, create_registration):
    return create_registration(forum, status="confirmed", name="Nguyễn Phương Linh", email="linh@example.org")


@pytest.fixture
def survey(forum, create_survey):
    return create_survey(forum, items=ITEMS)


def _url(forum, survey, token):
    return f"/forums/{forum.slug}/registration/{token}/surveys/{survey.id}"


def _names(survey):
    return {item.kind: f"q-{item.id}" for item in survey.items if item.kind != "section"}


def _full(survey, **changes):
    names = _names(survey)
    data = {names["rating"]: "4", names["agreement"]: "5", names["nps"]: "9", names["single"]: "1",
            names["multiple"]: ["0", "2"], names["short"]: "Inspiring", names["long"]: "More time for visits."}
    data.update({names[kind]: value for kind, value in changes.items()})
    return data


def _sheets(db, survey):
    return db.session.scalar(select(func.count()).select_from(SurveyResponse)
                             .where(SurveyResponse.survey_id == survey.id))


def test_the_page_shows_every_kind_accessibly(client, forum, survey, person):
    page = client.get(_url(forum, survey, person[1]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<h2 class="survey-section"' in html
    assert "About the forum" in html
    assert html.count("<fieldset") == 5  # rating, agreement, nps, single, multiple
    assert "1 = Not useful" in html
    assert "5 = Very useful" in html
    assert "Strongly disagree" in html
    assert "Neither agree nor disagree" in html
    assert "Not at all likely" in html
    assert "Extremely likely" in html
    assert html.count('type="checkbox"') == 3
    assert 'maxlength="5000"' in html
    assert 'maxlength="300"' in html
    assert "(required)" in html


def test_enter_in_an_answer_saves_rather_than_sends(client, forum, survey, person):
    """Enter in a text field (a phone's Go key) presses the form's first submit button: it must be Save."""
    html = client.get(_url(forum, survey, person[1])).get_data(as_text=True)
    form = html[html.index('<form method="post"'):]
    form = form[:form.index("</form>")]
    first = re.search(r'<button type="submit"[^>]*>', form).group(0)
    assert 'value="save"' in first
    assert form.index("Save and come back later") < form.index("Send my answers")


def test_a_sent_answer_is_counted_once_and_a_second_send_is_refused(client, db, forum, survey, person):
    url = _url(forum, survey, person[1])
    first = client.post(url, data={**_full(survey), "action": "send"})
    assert first.status_code == 303
    assert "You have sent your answers" in client.get(url).get_data(as_text=True)
    again = client.post(url, data={**_full(survey, short="Twice"), "action": "send"})  # a second tab
    assert again.status_code == 409
    assert "You have already sent your answers" in again.get_data(as_text=True)
    assert _sheets(db, survey) == 1
    late_draft = client.post(url, data={**_full(survey), "action": "save"})  # an old tab's "Save"
    assert late_draft.status_code == 409
    assert "You have already sent your answers" in late_draft.get_data(as_text=True)
    answers = {(a.item_id, a.choice): (a.number, a.text) for a in db.session.scalars(select(SurveyAnswer))}
    names = {item.kind: item.id for item in survey.items}
    assert answers[(names["rating"], 0)] == (4, None)
    assert answers[(names["short"], 0)] == (None, "Inspiring")
    assert {choice for item, choice in answers if item == names["multiple"]} == {0, 2}


def test_the_flip_decides_even_when_both_requests_passed_the_checks(db, forum, survey, person):
    """Two sends that both got past every check before either wrote (two tabs at once): the conditional UPDATE of
    the responder row lets only one write its sheet."""
    registration = person[0]
    now = datetime.now(UTC)
    answer_operations.send_answers(forum, survey, registration, {str(survey.items[1].id): "3"}, now)
    with pytest.raises(answer_operations.AlreadySent):
        answer_operations.send_answers(forum, survey, registration, {str(survey.items[1].id): "5"}, now)
    assert _sheets(db, survey) == 1


def test_save_and_come_back_brings_the_draft_back(client, db, forum, survey, person):
    url = _url(forum, survey, person[1])
    saved = client.post(url, data={**_full(survey, long="Half a thought"), "action": "save"})
    assert saved.status_code == 303
    assert _sheets(db, survey) == 0
    html = client.get(url).get_data(as_text=True)
    assert "Half a thought</textarea>" in html
    rating = _names(survey)["rating"]
    assert f'name="{rating}" value="4" checked' in html
    assert "Your draft from" in html
    responder = db.session.scalar(select(SurveyResponder))
    assert responder.draft_saved_at is not None
    assert not responder.submitted


@pytest.mark.parametrize(("change", "message"), [
    ({"rating": ""}, "This question needs an answer."),
    ({"rating": "6"}, "Choose a value from 1 to 5."),
    ({"nps": "11"}, "Choose a value from 0 to 10."),
    ({"single": "7"}, "Choose from the answers listed."),
    ({"multiple": ["1", "9"]}, "Choose from the answers listed."),
    ({"long": "x" * 5001}, "Use at most 5000 characters"),
    ({"short": "y" * 301}, "Use at most 300 characters"),
])
def test_bad_input_is_shown_at_its_question_and_everything_typed_is_kept(client, db, forum, survey, person, change,
                                                                         message):
    page = client.post(_url(forum, survey, person[1]), data={**_full(survey, **change), "action": "send"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert message in html
    [kind] = change
    name = _names(survey)[kind]
    assert f'id="{name}-error"' in html  # the message sits at its question
    assert "More time for visits.</textarea>" in html or kind == "long"
    assert 'value="Inspiring"' in html or kind == "short"
    assert _sheets(db, survey) == 0
    assert db.session.scalar(select(SurveyResponder.submitted)) in (None, False)


def test_a_second_tabs_send_shows_what_it_typed_read_only(client, db, forum, survey, person):
    url = _url(forum, survey, person[1])
    client.post(url, data={**_full(survey), "action": "send"})
    again = client.post(url, data={**_full(survey, short="Typed in the other tab", single="0",
                                            multiple=["1", "2"], agreement="2"), "action": "send"})
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "You have already sent your answers" in html
    unsent = html[html.index("What you typed on this page (not sent)"):]
    assert "Typed in the other tab" in unsent
    assert "Day one" in unsent  # a choice by its words, not its number
    assert "Visits; Groups" in unsent
    assert "Disagree" in unsent
    assert "<input" not in unsent  # read only: nothing more to send
    assert "<textarea" not in unsent
    assert _sheets(db, survey) == 1
    assert "What you typed on this page" not in client.get(url).get_data(as_text=True)


def test_a_tests_round_instructions_go_once_sent_or_closed(client, forum, create_survey, person):
    survey = create_survey(forum, kind="test", items=[("single", "2 + 2?", ["3", "4"])])
    url = _url(forum, survey, person[1])
    assert "answer as you know now" in client.get(url).get_data(as_text=True)
    client.post(url, data={f"q-{survey.items[0].id}": "1", "action": "send"})
    assert "answer as you know now" not in client.get(url).get_data(as_text=True)
    closed = create_survey(forum, kind="test", items=[("single", "2 + 2?", ["3", "4"])],
                           opens_at=datetime.now(UTC) - timedelta(days=2),
                           closes_at=datetime.now(UTC) - timedelta(days=1))
    page = client.get(_url(forum, closed, person[1])).get_data(as_text=True)
    assert "answers are no longer taken" in page
    assert "answer as you know now" not in page


def test_an_answer_at_closing_time_is_refused_and_the_draft_is_kept(client, db, forum, create_survey, person,
                                                                    monkeypatch):
    closes = datetime(2027, 4, 16, 9, 0, tzinfo=UTC)
    survey = create_survey(forum, items=ITEMS, opens_at=closes - timedelta(days=2), closes_at=closes)
    url = _url(forum, survey, person[1])
    monkeypatch.setattr("forumops.evaluations.answer_views.utcnow", lambda: closes - timedelta(minutes=1))
    client.post(url, data={**_full(survey, long="Draft words"), "action": "save"})
    monkeypatch.setattr("forumops.evaluations.answer_views.utcnow", lambda: closes)  # exactly at closing time
    page = client.post(url, data={**_full(survey, long="Sent too late"), "action": "send"})
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert "This survey is closed" in html
    assert "Sent too late</textarea>" in html  # what they typed is on the page
    assert _sheets(db, survey) == 0
    responder = db.session.scalar(select(SurveyResponder))
    assert responder.draft[_names(survey)["long"].removeprefix("q-")] == "Draft words"
    assert not responder.submitted


def test_nobody_answers_for_someone_else(client, forum, create_forum, create_survey, create_registration, survey,
                                         person):
    other_forum = create_forum()
    elsewhere = create_survey(other_forum)
    assert client.get(f"/forums/{forum.slug}/registration/not-a-link/surveys/{survey.id}").status_code == 404
    assert client.get(_url(forum, elsewhere, person[1])).status_code == 404  # another forum's survey
    cancelled = create_registration(forum, status="cancelled")
    assert client.get(_url(forum, survey, cancelled[1])).status_code == 404  # not asked
    # the account's page answers only for the account's own registration
    assert client.get(f"/forums/{forum.slug}/my-registration/surveys/{survey.id}").status_code in (302, 401)


def test_the_signed_in_page_answers_as_the_account(client, forum, survey, create_user, create_registration, login):
    user = create_user(email="mai@example.org")
    registration, _token = create_registration(forum, user=user, status="confirmed", email="mai@example.org")
    login(user)
    url = f"/forums/{forum.slug}/my-registration/surveys/{survey.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={**_full(survey), "action": "send"}).status_code == 303
    assert "You have sent your answers" in client.get(url).get_data(as_text=True)


def test_a_test_is_answered_once_per_round(db, forum, create_survey, person):
    start = datetime.now(UTC) - timedelta(hours=2)
    survey = create_survey(forum, kind="test", opens_at=start, after_opens_at=start + timedelta(hours=1),
                           items=[("single", "2 + 2?", ["3", "4"])])
    typed = {str(survey.items[0].id): "1"}
    answer_operations.send_answers(forum, survey, person[0], typed, start + timedelta(minutes=5))
    answer_operations.send_answers(forum, survey, person[0], typed, start + timedelta(minutes=70))
    with pytest.raises(answer_operations.AlreadySent):
        answer_operations.send_answers(forum, survey, person[0], typed, start + timedelta(minutes=90))
    assert sorted(db.session.scalars(select(SurveyResponse.phase))) == ["after", "before"]


def test_before_answers_are_not_filed_as_after_when_the_round_moves_on(client, db, forum, create_survey, person):
    survey = create_survey(forum, kind="test", anonymous=False, items=[("single", "2 + 2?", ["3", "4"])])
    url = _url(forum, survey, person[1])
    page = client.get(url).get_data(as_text=True)
    assert '<input type="hidden" name="round" value="before">' in page  # the round it shows
    survey.after_opens_at = datetime.now(UTC) - timedelta(seconds=1)  # the organiser starts the end round
    db.session.commit()
    response = client.post(url, data={f"q-{survey.items[0].id}": "1", "round": "before", "action": "send"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The end-of-training round has started while you were answering" in page
    assert 'value="1" checked' in page  # what was typed is kept, on the page of the round open now
    assert '<input type="hidden" name="round" value="after">' in page
    assert _sheets(db, survey) == 0
    assert client.post(url, data={f"q-{survey.items[0].id}": "1", "round": "after", "action": "send"}) \
        .status_code == 303
    assert list(db.session.scalars(select(SurveyResponse.phase))) == ["after"]


def test_a_before_pages_save_is_not_kept_as_the_after_rounds_draft(client, db, forum, create_survey, person):
    survey = create_survey(forum, kind="test", anonymous=False, items=[("single", "2 + 2?", ["3", "4"]),
                                                                       ("short", "Why?")])
    url = _url(forum, survey, person[1])
    choice, why = (f"q-{item.id}" for item in survey.items)
    survey.after_opens_at = datetime.now(UTC) - timedelta(seconds=1)  # the end round starts while she types
    db.session.commit()
    response = client.post(url, data={choice: "0", why: "A guess", "round": "before", "action": "save"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "so your answers were not saved" in page
    assert 'value="A guess"' in page  # what she typed is kept on the page of the round open now
    assert '<input type="hidden" name="round" value="after">' in page
    assert db.session.scalar(select(func.count()).select_from(SurveyResponder)) == 0  # no draft in either round


def test_answers_typed_under_anonymity_are_not_sent_once_the_survey_is_named(client, db, forum, survey, person):
    url = _url(forum, survey, person[1])
    page = client.get(url).get_data(as_text=True)
    assert "Your answers are anonymous" in page
    assert '<input type="hidden" name="privacy" value="anonymous">' in page
    survey.anonymous = False  # the organiser makes it named before anyone sent
    db.session.commit()
    response = client.post(url, data={**_full(survey), "privacy": "anonymous", "action": "send"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "your answers would now be kept with your name, not anonymously as the page said" in page
    assert "Your answers are kept with your name" in page  # the page now says what sending means
    assert "More time for visits.</textarea>" in page
    assert 'value="Inspiring"' in page
    assert '<input type="hidden" name="privacy" value="named">' in page
    assert _sheets(db, survey) == 0
    assert client.post(url, data={**_full(survey), "privacy": "named", "action": "send"}).status_code == 303
    assert db.session.scalar(select(SurveyResponse.registration_id)) == person[0].id  # she sent it, knowing


def test_a_sheet_with_nothing_answered_is_refused(client, db, forum, create_survey, person):
    survey = create_survey(forum, items=[("short", "One word for the forum"), ("long", "What should change?")])
    url = _url(forum, survey, person[1])
    response = client.post(url, data={f"q-{survey.items[0].id}": "  ", "action": "send"})
    assert response.status_code == 422
    assert "Answer at least one question before you send" in response.get_data(as_text=True)
    assert _sheets(db, survey) == 0
    assert db.session.scalar(select(SurveyResponder.submitted)) in (None, False)  # not counted as answered


def test_the_registration_page_lists_the_open_surveys_and_their_state(client, forum, survey, person,
                                                                      create_survey):
    create_survey(forum, title="Closed one", closes_at=datetime.now(UTC) - timedelta(minutes=1))
    manage = f"/forums/{forum.slug}/registration/{person[1]}"
    html = client.get(manage).get_data(as_text=True)
    assert "Surveys for you" in html
    assert "End-of-forum evaluation" in html
    assert "not started" in html
    assert "Closed one" not in html
    assert _url(forum, survey, person[1]) in html
    client.post(_url(forum, survey, person[1]), data={**_full(survey), "action": "save"})
    assert "draft saved" in client.get(manage).get_data(as_text=True)
    client.post(_url(forum, survey, person[1]), data={**_full(survey), "action": "send"})
    assert ">sent<" in client.get(manage).get_data(as_text=True)


def test_the_home_on_the_forum_lists_the_survey_through_the_account(client, forum, survey, create_user,
                                                                    create_registration, login):
    user = create_user(email="sopheak@example.org")
    create_registration(forum, user=user, status="confirmed", email="sopheak@example.org")
    login(user)
    html = client.get(f"/forums/{forum.slug}/").get_data(as_text=True)
    assert "Surveys for you" in html
    assert f"/forums/{forum.slug}/my-registration/surveys/{survey.id}" in html


def test_the_page_is_in_the_persons_language_with_the_organisers_versions(client, db, forum, person, create_survey):
    from forumops.forums.versions import SURVEY, SURVEY_ITEM, save_versions

    forum.languages = ["en", "vi"]
    survey = create_survey(forum, items=[("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
                                         ("single", "Which day?", ["Day one", "Day two"])])
    rating, single = survey.items
    texts = {(SURVEY, survey.id, "title"): "Đánh giá cuối diễn đàn",
             (SURVEY_ITEM, rating.id, "text"): "Diễn đàn hữu ích như thế nào?",
             (SURVEY_ITEM, rating.id, "option.0"): "Không hữu ích", (SURVEY_ITEM, rating.id, "option.1"): "Rất hữu ích",
             (SURVEY_ITEM, single.id, "option.0"): "Ngày một"}  # the second choice has no version yet
    save_versions(forum, "vi", texts)
    db.session.commit()
    html = client.get(_url(forum, survey, person[1]) + "?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Đánh giá cuối diễn đàn" in html
    assert "Diễn đàn hữu ích như thế nào?" in html
    assert "1 = Không hữu ích" in html
    assert "Ngày một" in html
    assert "Day two" in html  # each choice in its own version, the one without in the original: none moves
    assert 'lang="en"' in html  # the question with no version is marked as English
    # each choice carries its own language, not its question's: the Vietnamese one is not marked English
    assert "<span>Ngày một</span>" in html
    assert '<span lang="en">Day two</span>' in html
    assert '<span>1 = Không hữu ích</span>' in html


def test_the_page_and_the_panel_read_the_same_number_of_queries_however_many_questions(client, db, forum, person,
                                                                                        create_survey):
    from tests.conftest import count_queries

    small = create_survey(forum, items=ITEMS[:3])
    large = create_survey(forum, items=ITEMS * 5)
    for survey in (small, large):  # the test's session keeps what a first request loaded: warm both alike
        client.get(_url(forum, survey, person[1]))
    counts = [count_queries(db, lambda s=s: client.get(_url(forum, s, person[1]))) for s in (small, large)]
    assert counts[0] == counts[1]
    manage = f"/forums/{forum.slug}/registration/{person[1]}"
    client.get(manage)  # warm, as above: a first request reads what the process then keeps
    before = count_queries(db, lambda: client.get(manage))
    for _ in range(3):
        create_survey(forum, items=ITEMS)
    assert count_queries(db, lambda: client.get(manage)) == before


def test_the_page_writes_times_as_the_app_does_with_the_zone_named(client, db, forum, create_survey, person):
    """A short date and the 24-hour clock, in every language: no seconds, no raw offset, no 12-hour clock."""
    survey = create_survey(forum, items=ITEMS, opens_at=datetime.now(UTC) - timedelta(days=1),
                           closes_at=datetime(2027, 4, 30, 10, 0, tzinfo=UTC))
    forum.languages = ["en", "km"]
    person[0].language = "km"
    db.session.commit()
    html = client.get(_url(forum, survey, person[1])).get_data(as_text=True)
    assert 'lang="km"' in html
    assert "17:00 (Asia/Jakarta)" in html
    assert "17:00:00" not in html
    assert "+0700" not in html
    assert "PM" not in html


def test_a_send_refused_as_closed_says_closed_once_and_keeps_what_was_typed(client, forum, create_survey, person):
    closed = create_survey(forum, items=ITEMS, opens_at=datetime.now(UTC) - timedelta(days=2),
                           closes_at=datetime.now(UTC) - timedelta(hours=1))
    html = client.post(_url(forum, closed, person[1]), data={**_full(closed, long="Too late"), "action": "send"}
                       ).get_data(as_text=True)
    assert "This survey is closed" in html  # the refusal at the top
    assert "This survey closed on" not in html  # not said a second time in the notice under it
    assert "What you wrote is still below" in html
    assert "Too late</textarea>" in html
    shown = client.get(_url(forum, closed, person[1])).get_data(as_text=True)
    assert "This survey closed on" in shown  # only visiting it: the notice says so, with the time
    assert re.search(r"closed on \d+ \w+ \d{4}, \d\d:\d\d \(Asia/Jakarta\)", shown)


def test_the_answering_pages_messages_ship_in_the_participants_languages():
    """Its flash messages ("your answers are sent") reach participants: the module is translated for them."""
    from forumops.core.languages import PARTICIPANT_SOURCES

    assert "forumops/evaluations/answer_views.py" in PARTICIPANT_SOURCES
