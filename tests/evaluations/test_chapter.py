"""Choosing what the outcome report's evaluation chapter shows of a survey: its questions (not its sections, not its
text questions) each with a chart and a tick, its free-text answers each with a tick; one POST saves them all, and
ids of another survey never change anything."""

from __future__ import annotations

import pytest

from forumops.evaluations.models import SurveyAnswer, SurveyItem
from forumops.extensions import db as _db

ITEMS = [("section", "ABOUT THE FORUM SECTION"), ("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
         ("single", "Which day was best?", ["Day one", "Day two"]), ("long", "What should change next year?")]


@pytest.fixture
def survey(mai, create_forum, create_survey, create_response):
    forum = create_forum(slug="acf", organiser=mai)
    survey = create_survey(forum, items=ITEMS)
    _section, rating, single, text = survey.items
    create_response(survey, {rating: 5, single: 1, text: "Longer breaks between the panels."})
    create_response(survey, {rating: 4, single: 0, text: "More time for the clusters."})
    for _ in range(3):  # five answers: an anonymous survey's questions can be shown
        create_response(survey, {rating: 3, single: 0})
    return survey


@pytest.fixture
def other(create_user, create_forum, create_survey, create_response):
    """Another forum's survey, answered: nothing posted to the first forum's page may touch it."""
    forum = create_forum(slug="other", organiser=create_user(email="other@example.org"))
    survey = create_survey(forum, items=[("rating", "Their question"), ("long", "Their text question")])
    rating, text = survey.items
    response = create_response(survey, {rating: 3, text: "Their answer"})
    return survey, response


def items_of(survey) -> dict[str, SurveyItem]:
    return {item.text: item for item in survey.items}


def quoted_texts() -> set[str]:
    return {answer.text for answer in _db.session.query(SurveyAnswer).filter_by(quoted=True)}


def answer_key(survey, text: str) -> str:
    answer = _db.session.query(SurveyAnswer).filter_by(text=text).one()
    return f"{answer.response_id}:{answer.item_id}"


def test_the_page_offers_each_question_with_its_chart_and_each_answer_to_quote(client, login, mai, survey):
    login(mai)
    page = client.get(f"/forums/acf/surveys/{survey.id}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    items = items_of(survey)
    for text in ("How useful was the forum?", "Which day was best?"):
        assert f'name="questions" value="{items[text].id}"' in html
        assert f'id="chart-{items[text].id}"' in html  # its chart, drawn
    assert html.count('name="questions"') == 2  # not the section heading, not the text question
    assert "ABOUT THE FORUM SECTION" not in html
    assert html.count('name="quotes"') == 2
    assert "Longer breaks between the panels." in html
    assert "More time for the clusters." in html
    assert "Quotes are shown without names." in html
    assert "pick answers that do not identify who wrote them" in html


def test_one_post_saves_every_tick_and_unticking_removes_them(client, login, mai, survey):
    login(mai)
    items = items_of(survey)
    url = f"/forums/acf/surveys/{survey.id}/report"
    answer = answer_key(survey, "Longer breaks between the panels.")
    response = client.post(url, data={"questions": [items["How useful was the forum?"].id], "quotes": [answer]})
    assert response.status_code == 302
    _db.session.expire_all()
    assert [item.text for item in survey.items if item.in_report] == ["How useful was the forum?"]
    assert quoted_texts() == {"Longer breaks between the panels."}
    html = client.get(url).get_data(as_text=True)
    assert f'value="{items["How useful was the forum?"].id}" checked' in html
    assert f'value="{answer}" checked' in html

    assert client.post(url, data={}).status_code == 302  # nothing ticked: nothing shown
    _db.session.expire_all()
    assert not any(item.in_report for item in survey.items)
    assert quoted_texts() == set()


def test_ids_of_another_forums_survey_are_ignored(client, login, mai, survey, other):
    login(mai)
    their_survey, their_response = other
    their_rating, their_text = their_survey.items
    ours = items_of(survey)["How useful was the forum?"]
    response = client.post(f"/forums/acf/surveys/{survey.id}/report", data={
        "questions": [ours.id, their_rating.id], "quotes": [f"{their_response.id}:{their_text.id}", "nonsense"]})
    assert response.status_code == 302
    _db.session.expire_all()
    assert ours.in_report
    assert not their_rating.in_report
    assert quoted_texts() == set()
    # their survey through this forum's address is not found, and nothing changes
    assert client.post(f"/forums/acf/surveys/{their_survey.id}/report",
                       data={"questions": [their_rating.id]}).status_code == 404
    _db.session.expire_all()
    assert not their_rating.in_report


def test_a_question_id_that_is_not_a_number_is_refused_and_nothing_saved(client, login, mai, survey):
    login(mai)
    items = items_of(survey)
    response = client.post(f"/forums/acf/surveys/{survey.id}/report",
                           data={"questions": [items["Which day was best?"].id, "1 OR 1=1"]})
    assert response.status_code == 422
    _db.session.expire_all()
    assert not any(item.in_report for item in survey.items)


def test_without_the_csrf_token_nothing_is_saved(csrf_app, client, login, mai, survey):
    login(mai)
    items = items_of(survey)
    response = client.post(f"/forums/acf/surveys/{survey.id}/report",
                           data={"questions": [items["Which day was best?"].id]})
    assert response.status_code == 400  # the app's CSRF guard refuses it before the view
    _db.session.expire_all()
    assert not any(item.in_report for item in survey.items)


def test_saving_a_tests_chapter_keeps_the_quotes_of_the_round_not_shown(client, login, mai, create_forum,
                                                                         create_survey, create_response):
    """A test's choice page lists the "after" round's answers only: saving it leaves the "before" round's ticks
    as they were, as nobody saw them there."""
    forum = create_forum(slug="acf", organiser=mai)
    test = create_survey(forum, kind="test", title="Knowledge test", items=[("long", "What is a value chain?")],
                         anonymous=False)  # a test is always named
    [question] = test.items
    create_response(test, {question: "Before: a market."}, phase="before")
    create_response(test, {question: "After: every step from farm to buyer."}, phase="after")
    _db.session.query(SurveyAnswer).filter_by(text="Before: a market.").update({"quoted": True})
    _db.session.commit()
    login(mai)
    page = client.get(f"/forums/acf/surveys/{test.id}/report").get_data(as_text=True)
    assert "After: every step from farm to buyer." in page
    assert "Before: a market." not in page
    after = answer_key(test, "After: every step from farm to buyer.")
    assert client.post(f"/forums/acf/surveys/{test.id}/report", data={"quotes": [after]}).status_code == 302
    _db.session.expire_all()
    assert quoted_texts() == {"Before: a market.", "After: every step from farm to buyer."}


def test_an_anonymous_question_fewer_than_five_answered_cannot_be_ticked(client, login, mai, create_forum,
                                                                         create_survey, create_response):
    forum = create_forum(slug="small", organiser=mai)
    survey = create_survey(forum, anonymous=True, items=ITEMS)
    _section, rating, single, _text = survey.items
    for n in range(4):
        create_response(survey, {rating: 2 + n % 2, single: n % 2})
    login(mai)
    url = f"/forums/small/surveys/{survey.id}/report"
    html = client.get(url).get_data(as_text=True)
    assert 'name="questions"' not in html
    assert html.count("Fewer than 5 people answered this question") == 2
    assert 'id="chart-' not in html

    response = client.post(url, data={"questions": [rating.id, single.id]})  # ticked all the same
    assert response.status_code == 302
    _db.session.expire_all()
    assert not any(item.in_report for item in survey.items)


def test_an_anonymous_survey_with_fewer_than_five_sheets_offers_no_quote(client, login, mai, create_forum,
                                                                          create_survey, create_response):
    forum = create_forum(slug="few", organiser=mai)
    survey = create_survey(forum, anonymous=True, items=ITEMS)
    _section, rating, _single, text = survey.items
    create_response(survey, {rating: 2, text: "Only I could have written this."})
    for _ in range(3):
        create_response(survey, {rating: 4})
    login(mai)
    url = f"/forums/few/surveys/{survey.id}/report"
    html = client.get(url).get_data(as_text=True)
    assert "Only I could have written this." not in html
    assert 'name="quotes"' not in html
    assert "Results appear once 5 people have answered, so nobody’s answers can be told apart." in html

    assert client.post(url, data={"quotes": [answer_key(survey, "Only I could have written this.")]}).status_code == 302
    _db.session.expire_all()
    assert quoted_texts() == set()  # a quote posted all the same is not taken
