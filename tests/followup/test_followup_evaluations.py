"""The M&E dashboard's evaluations section (#22 item 4): each survey's response rate against those it asks
(each round of a test), and a test's average gain, read in constant queries however many surveys there are."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from forumops.clusters.operations import assign_registration, create_cluster
from forumops.evaluations.audience import asked_statement
from forumops.evaluations.rates import RoundRate, SurveyRate, asked_counts, survey_rates
from forumops.followup.data import FollowupSummary
from forumops.followup.pdf import render_followup
from tests.conftest import count_queries, sign_in

KNOWLEDGE = [{"kind": "single", "text": "What does MSME stand for?", "options": ["Micro, small and medium", "Other"],
              "correct": 0}]


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="training-2027", organiser=organiser)


@pytest.fixture
def people(db, forum, create_registration, create_day_attendance):
    """Five confirmed (three from civil society, two attended, two in the cluster) and one still pending."""
    cluster = create_cluster(forum, "MSME development")
    made = []
    for n, category in enumerate(("civil_society", "civil_society", "civil_society", "government", "observer")):
        registration, _token = create_registration(forum, name=f"Person {n}", notify=False, status="confirmed",
                                                   category=category)
        made.append(registration)
    create_registration(forum, name="Pending Person", notify=False, status="pending", category="civil_society")
    create_day_attendance(made[0], forum.start_date)
    create_day_attendance(made[3], forum.start_date, forum.end_date)
    assign_registration(cluster, made[1])
    assign_registration(cluster, made[4])
    db.session.commit()
    return made, cluster


def _add_surveys(forum, made, cluster, create_survey, create_response, start):
    """Three tests asking the cluster (one person answered both rounds) and three evaluations asking a category."""
    for n in range(start, start + 3):
        test = create_survey(forum, items=KNOWLEDGE, title=f"Test {n}", kind="test", anonymous=False,
                             audience="cluster", audience_cluster_id=cluster.id)
        create_response(test, {test.items[0]: 1}, registration=made[n % 5], phase="before")
        create_response(test, {test.items[0]: 0}, registration=made[n % 5], phase="after")
        evaluation = create_survey(forum, title=f"Evaluation {n}", audience="category",
                                   audience_category="civil_society")
        create_response(evaluation, {evaluation.items[0]: 3})


def test_asked_counts_follow_the_audience_rule_for_every_audience(forum, people, create_survey, db):
    _made, cluster = people
    surveys = [create_survey(forum, title="Everyone"), create_survey(forum, title="Came", audience="attended"),
               create_survey(forum, title="Cluster", audience="cluster", audience_cluster_id=cluster.id),
               create_survey(forum, title="Civil society", audience="category", audience_category="civil_society"),
               create_survey(forum, title="Nobody", audience="category", audience_category="media")]
    counts = asked_counts(forum.id, surveys)
    one_by_one = [len(db.session.scalars(asked_statement(survey)).all()) for survey in surveys]
    assert [counts[survey.id] for survey in surveys] == one_by_one == [5, 2, 2, 3, 0]


def test_each_survey_has_its_rate_and_a_test_its_rounds_and_average_gain(forum, people, create_survey,
                                                                          create_response):
    made, _cluster = people
    evaluation = create_survey(forum, title="End-of-forum evaluation")
    create_response(evaluation, {evaluation.items[0]: 5}, registration=made[3])
    create_response(evaluation, {evaluation.items[0]: 4}, registration=made[4])
    test = create_survey(forum, items=KNOWLEDGE, title="Readiness test", kind="test", anonymous=False)
    [question] = test.items
    create_response(test, {question: 1}, registration=made[0], phase="before")  # wrong, then right: +100
    create_response(test, {question: 0}, registration=made[0], phase="after")
    create_response(test, {question: 0}, registration=made[1], phase="before")  # right both times: 0
    create_response(test, {question: 0}, registration=made[1], phase="after")
    create_response(test, {question: 1}, registration=made[2], phase="before")  # before only: not counted
    first, second = survey_rates(forum)
    assert first.title == "End-of-forum evaluation"
    assert [(r.phase, r.responded, r.asked) for r in first.rounds] == [("", 2, 5)]
    assert first.rounds[0].rate == pytest.approx(0.4)
    assert first.average_gain is None
    assert [(r.phase, r.responded, r.asked) for r in second.rounds] == [("before", 3, 5), ("after", 2, 5)]
    assert second.average_gain == pytest.approx(50)
    assert second.paired == 2


def test_the_dashboard_shows_the_evaluations_section(client, organiser, forum, people, create_survey,
                                                     create_response):
    made, _cluster = people
    create_survey(forum, title="End-of-forum evaluation")
    test = create_survey(forum, items=KNOWLEDGE, title="Readiness test", kind="test", anonymous=False)
    [question] = test.items
    create_response(test, {question: 1}, registration=made[0], phase="before")
    create_response(test, {question: 0}, registration=made[0], phase="after")
    sign_in(client, organiser)
    html = client.get(f"/forums/{forum.slug}/followup").get_data(as_text=True)
    assert html.count('id="evaluations-heading"') == 1
    assert "<title>Follow-up · " in html  # the page's own title, nothing else in it
    section = html.split('id="evaluations-heading"')[1]
    assert "End-of-forum evaluation" in section
    assert "0 of 5" in section
    assert "Before (first round): 1 of 5" in section
    assert "After (second round): 1 of 5" in section
    assert "(20%)" in section
    assert "+100 points" in section
    assert f"/forums/{forum.slug}/surveys/{test.id}/gain" in section
    before_table = section.split("<table")[0]
    # scrolls on its own on a phone, and a keyboard can reach and scroll it
    assert ('<div class="table-scroll" tabindex="0" role="region" '
            'aria-label="Each survey’s response rate, and a test’s average gain">') in before_table
    # the rate counts people asked who answered, not sheets sent
    assert "how many of the people each survey asks have answered it" in before_table
    assert "answer sheets sent" not in html
    assert "Each survey’s response rate, and a test’s average gain</caption>" in section


def test_each_survey_leads_to_its_results_and_the_numbers_say_they_are_not_filtered(client, organiser, forum,
                                                                                    people, create_survey):
    made, cluster = people
    survey = create_survey(forum, title="End-of-forum evaluation")
    sign_in(client, organiser)
    html = client.get(f"/forums/{forum.slug}/followup?cluster={cluster.id}&status=in_progress").get_data(as_text=True)
    section = html.split('id="evaluations-heading"')[1]
    assert f'<a href="/forums/{forum.slug}/surveys/{survey.id}/results">End-of-forum evaluation</a>' in section
    assert ("These numbers are of everyone each survey asks: the dashboard’s filters do not apply to them."
            in section)
    assert client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results").status_code == 200


def test_the_dashboard_says_when_there_is_no_survey(client, organiser, forum):
    sign_in(client, organiser)
    html = client.get(f"/forums/{forum.slug}/followup").get_data(as_text=True)
    assert "No surveys yet." in html.split('id="evaluations-heading"')[1]


def test_the_dashboard_reads_in_constant_queries_as_surveys_grow(client, db, organiser, forum, people,
                                                                 create_survey, create_response):
    made, cluster = people
    sign_in(client, organiser)
    url = f"/forums/{forum.slug}/followup"
    _add_surveys(forum, made, cluster, create_survey, create_response, 0)
    few = count_queries(db, lambda: client.get(url))
    _add_surveys(forum, made, cluster, create_survey, create_response, 3)
    many = count_queries(db, lambda: client.get(url))
    assert few == many
    assert len(survey_rates(forum)) == 12


# --- the dashboard's PDF ------------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    """Every page's text, its whitespace runs made single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_dashboard_pdf_shows_the_evaluations_section(client, organiser, forum, people, create_survey,
                                                         create_response):
    made, _cluster = people
    evaluation = create_survey(forum, title='End-of-forum <b>evaluation</b> & <img src=x>')
    create_response(evaluation, {evaluation.items[0]: 5})
    test = create_survey(forum, items=KNOWLEDGE, title="Readiness test", kind="test", anonymous=False)
    [question] = test.items
    create_response(test, {question: 1}, registration=made[0], phase="before")  # wrong, then right: +100
    create_response(test, {question: 0}, registration=made[0], phase="after")
    create_survey(forum, items=KNOWLEDGE, title="Closing test", kind="test", anonymous=False)
    sign_in(client, organiser)
    response = client.get(f"/forums/{forum.slug}/followup.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.get_data())
    section = text.split("Evaluations", 1)[1]
    assert "End-of-forum <b>evaluation</b> & <img src=x>" in section  # the title as typed, nothing interpreted
    assert "1 of 5 (20%)" in section
    assert "Before (first round): 1 of 5 (20%)" in section
    assert "Response rate: how many of the people each survey asks have answered it." in section
    assert "answer sheets sent" not in text
    assert "After (second round): 1 of 5 (20%)" in section
    assert "+100 points (1 person)" in section
    assert "Before (first round): 0 of 5 (0%)" in section.split("Closing test", 1)[1]
    assert "nobody answered both rounds yet" in section


def test_the_dashboard_pdf_says_when_there_is_no_survey(client, organiser, forum):
    sign_in(client, organiser)
    text = _pdf_text(client.get(f"/forums/{forum.slug}/followup.pdf").get_data())
    assert "No action plans" in text
    assert "No surveys yet." in text.split("Evaluations", 1)[1]


def test_the_renderer_leaves_the_section_out_without_evaluations():
    summary = FollowupSummary(forum_title="Forum", forum_slug="forum", as_of=date(2027, 3, 1))
    assert "Evaluations" not in _pdf_text(render_followup(summary))
    rate = SurveyRate(survey_id=1, title="Trainers' test", kind="test", anonymous=True,
                      rounds=(RoundRate("before", 4, 8), RoundRate("after", 3, 8)), average_gain=-12.5, paired=3)
    text = _pdf_text(render_followup(summary, evaluations=[rate]))
    assert "Trainers' test Before-and-after test · anonymous" in text
    assert "Before (first round): 4 of 8 (50%)" in text
    assert "-13 points (3 people)" in text  # -12.5 rounded away from zero; a minus the font can draw


def test_the_dashboard_pdf_reads_in_constant_queries_as_surveys_grow(client, db, organiser, forum, people,
                                                                     create_survey, create_response):
    made, cluster = people
    _add_surveys(forum, made, cluster, create_survey, create_response, 0)
    sign_in(client, organiser)
    url = f"/forums/{forum.slug}/followup.pdf"
    few = count_queries(db, lambda: client.get(url))
    _add_surveys(forum, made, cluster, create_survey, create_response, 3)
    many = count_queries(db, lambda: client.get(url))
    assert few == many
    assert "Test 5" in _pdf_text(client.get(url).get_data())
