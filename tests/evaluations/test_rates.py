"""Response rates and shares, the same on every page: who counts as having answered (people asked whose answers
are sent, so a rate never passes 100%), and one rounding (halves up) for every percentage and score."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from forumops.core.numbers import one_decimal, percent_of, tenths
from forumops.evaluations.gain_format import percent
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
    assert "100%" in page
    assert "200%" not in page
    assert "1 more answer sheet, from someone no longer asked" in page


def test_one_of_eight_is_13_percent_on_every_page(client, organiser, forum, create_survey, create_response,
                                                 create_registration, db):
    question = {"kind": "rating", "text": "Useful?", "options": ["No", "Yes"], "in_report": True}
    survey = create_survey(forum, anonymous=False, items=[question])
    people = [create_registration(forum, status="confirmed")[0] for _ in range(8)]
    create_response(survey, {survey.items[0]: 4}, registration=people[0])
    sign_in(client, organiser)
    results_page = client.get(f"/forums/acf/surveys/{survey.id}/results").get_data(as_text=True)
    assert "<dd>13%</dd>" in results_page
    surveys_page = client.get("/forums/acf/surveys").get_data(as_text=True)
    assert "1 of 8 (13%)" in surveys_page
    dashboard = client.get("/forums/acf/followup").get_data(as_text=True)
    assert "1 of 8 <span class=\"meta-inline\">(13%)</span>" in dashboard
    assert "1 of 8 (13%)" in _pdf_text(client.get("/forums/acf/followup.pdf").get_data())
    report = client.get("/forums/acf/report").get_data(as_text=True)
    assert "1 answered (13%)" in report
    assert "1 answered (13%)" in _pdf_text(client.get("/forums/acf/report.pdf").get_data())
    assert survey_results(survey).rate == 13
    assert percent(1, 8) == "13%"  # a test's gain page


def test_halves_round_up_for_shares_and_the_recommendation_score():
    assert [percent_of(part, 8) for part in (1, 3, 5)] == [13, 38, 63]  # 12.5, 37.5, 62.5
    assert percent_of(1, 0) is None
    nps = SurveyItem(kind="nps", text="Recommend?", options=[])
    summary = summarise(nps, {10: 5, 8: 3}, 8)  # 62.5% promoters, no detractors
    assert summary.score == 63


def test_23_of_40_is_58_percent_on_every_page(client, organiser, forum, create_survey, create_response,
                                              create_registration, db):
    """A float share 0.575 rounds to 57: every page counts the percentage from the two counts instead."""
    question = {"kind": "rating", "text": "Useful?", "options": ["No", "Yes"], "in_report": True}
    survey = create_survey(forum, anonymous=False, items=[question])
    people = [create_registration(forum, status="confirmed", notify=False)[0] for _ in range(40)]
    for person in people[:23]:
        create_response(survey, {survey.items[0]: 4}, registration=person)
    sign_in(client, organiser)
    assert "<dd>58%</dd>" in client.get(f"/forums/acf/surveys/{survey.id}/results").get_data(as_text=True)
    assert "23 answered (58%)" in client.get(f"/forums/acf/surveys/{survey.id}/report").get_data(as_text=True)
    dashboard = client.get("/forums/acf/followup").get_data(as_text=True)
    assert "23 of 40 <span class=\"meta-inline\">(58%)</span>" in dashboard
    assert "23 of 40 (58%)" in _pdf_text(client.get("/forums/acf/followup.pdf").get_data())
    assert "23 answered (58%)" in client.get("/forums/acf/report").get_data(as_text=True)
    assert "23 answered (58%)" in _pdf_text(client.get("/forums/acf/report.pdf").get_data())


def test_a_score_of_23_of_40_is_58_percent_on_the_gain_page_and_in_its_csv(client, organiser, forum, create_survey,
                                                                           create_response, create_registration):
    questions = [{"kind": "single", "text": f"Question {n}", "options": ["Right", "Wrong"], "correct": 0}
                 for n in range(40)]
    test = create_survey(forum, items=questions, title="Readiness test", kind="test", anonymous=False)
    person, _token = create_registration(forum, name="Chea Sophal", status="confirmed", notify=False)
    create_response(test, {item: 0 if n < 23 else 1 for n, item in enumerate(test.items)}, registration=person,
                    phase="before")
    create_response(test, {item: 0 for item in test.items}, registration=person, phase="after")
    sign_in(client, organiser)
    page = client.get(f"/forums/acf/surveys/{test.id}/gain").get_data(as_text=True)
    assert "23 / 40 <span class=\"meta\">(58%)</span>" in page
    csv_text = client.get(f"/forums/acf/surveys/{test.id}/gain.csv").get_data().decode("utf-8-sig")
    assert csv_text.splitlines()[1].split(",")[-3:] == ["58", "100", "43"]  # 42.5 points -> 43


def test_a_mean_of_13_over_4_reads_3_3_on_every_page(client, organiser, forum, create_survey, create_response,
                                                    create_registration):
    """3.25 is exact in binary, so Python's round() gives 3.2: every page rounds halves up instead."""
    question = {"kind": "rating", "text": "Useful?", "options": ["No", "Yes"], "in_report": True}
    survey = create_survey(forum, anonymous=False, items=[question])
    for rating in (3, 3, 3, 4):
        create_response(survey, {survey.items[0]: rating},
                        registration=create_registration(forum, status="confirmed", notify=False)[0])
    sign_in(client, organiser)
    for address in (f"/forums/acf/surveys/{survey.id}/results", f"/forums/acf/surveys/{survey.id}/report",
                    "/forums/acf/report"):
        page = client.get(address).get_data(as_text=True)
        assert "Mean 3.3" in page, address
        assert "Mean 3.2" not in page, address
    assert "Mean 3.3" in _pdf_text(client.get("/forums/acf/report.pdf").get_data())


def test_tenths_round_halves_up():
    assert [tenths(value) for value in (3.25, 2.675, -1.25, 4.0, None)] == [3.3, 2.7, -1.3, 4.0, None]
    assert one_decimal(4) == "4.0"
    assert percent_of(23, 40) == 58


def test_an_erased_person_is_no_longer_asked_so_the_rate_stays_true(client, organiser, forum, create_survey,
                                                                    create_response, create_registration, db):
    from forumops.privacy.operations import erase_registration

    survey = create_survey(forum, anonymous=False)
    people = [create_registration(forum, status="confirmed", notify=False)[0] for _ in range(3)]
    for person in people:
        create_response(survey, {survey.items[0]: 4}, registration=person)
    forum.start_date, forum.end_date = date(2024, 4, 14), date(2024, 4, 15)  # after the forum: stays confirmed
    erase_registration(forum, people[0])
    assert people[0].status == "confirmed"
    db.session.commit()
    [rate] = survey_rates(forum)
    assert (rate.rounds[0].responded, rate.rounds[0].asked) == (2, 2)
    sign_in(client, organiser)
    page = client.get(f"/forums/acf/surveys/{survey.id}/results").get_data(as_text=True)
    assert "<dd>100%</dd>" in page
    assert "no longer asked" in page  # their sheet still counts in the results, not in the rate
