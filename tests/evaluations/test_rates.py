"""Response rates and shares, the same on every page: who counts as having answered (people asked whose answers
are sent, so a rate never passes 100%), and one rounding (halves up) for every percentage and score."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from forumops.core.numbers import percent_of
from forumops.evaluations.gain import percent
from forumops.evaluations.models import SurveyItem
from forumops.evaluations.rates import survey_rates
from forumops.evaluations.results import summarise, survey_results
from tests.conftest import sign_in


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", organiser=organiser)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_a_cancelled_person_who_answered_does_not_push_the_rate_over_100(client, organiser, forum, create_survey,
                                                                         create_response, create_registration, db):
    survey = create_survey(forum, anonymous=False)  # named: an anonymous survey shows nothing under 5 answers
    [question] = survey.items
    staying, _ = create_registration(forum, status="confirmed")
    leaving, _ = create_registration(forum, status="confirmed")
    create_response(survey, {question: 5}, registration=staying)
    create_response(survey, {question: 2}, registration=leaving)
    leaving.status = "cancelled"
    db.session.commit()
    results = survey_results(survey)
    assert (results.asked, results.responded, results.rate) == (1, 1, 100)
    assert results.questions[0].summary.answered == 2  # the answers still count in the results
    [rate] = survey_rates(forum)
    assert (rate.rounds[0].responded, rate.rounds[0].asked) == (1, 1)
    sign_in(client, organiser)
    page = client.get(f"/forums/acf/surveys/{survey.id}/results").get_data(as_text=True)
    assert "100 %" in page
    assert "200 %" not in page
    assert "1 more answer sheet, from someone no longer asked" in page


def test_one_of_eight_is_13_percent_on_every_page(client, organiser, forum, create_survey, create_response,
                                                 create_registration, db):
    question = {"kind": "rating", "text": "Useful?", "options": ["No", "Yes"], "in_report": True}
    survey = create_survey(forum, anonymous=False, items=[question])
    people = [create_registration(forum, status="confirmed")[0] for _ in range(8)]
    create_response(survey, {survey.items[0]: 4}, registration=people[0])
    sign_in(client, organiser)
    results_page = client.get(f"/forums/acf/surveys/{survey.id}/results").get_data(as_text=True)
    assert "<dd>13 %</dd>" in results_page
    surveys_page = client.get("/forums/acf/surveys").get_data(as_text=True)
    assert "1 of 8 (13 %)" in surveys_page
    dashboard = client.get("/forums/acf/followup").get_data(as_text=True)
    assert "1 of 8 <span class=\"meta-inline\">(13%)</span>" in dashboard
    assert "1 of 8 (13%)" in _pdf_text(client.get("/forums/acf/followup.pdf").get_data())
    report = client.get("/forums/acf/report").get_data(as_text=True)
    assert "1 answered (13 %)" in report
    assert "1 answered (13%)" in _pdf_text(client.get("/forums/acf/report.pdf").get_data())
    assert survey_results(survey).rate == 13
    assert percent(1 / 8) == "13%"  # a test's gain page


def test_halves_round_up_for_shares_and_the_recommendation_score():
    assert [percent_of(part, 8) for part in (1, 3, 5)] == [13, 38, 63]  # 12.5, 37.5, 62.5
    assert percent_of(1, 0) is None
    nps = SurveyItem(kind="nps", text="Recommend?", options=[])
    summary = summarise(nps, {10: 5, 8: 3}, 8)  # 62.5% promoters, no detractors
    assert summary.score == 63
