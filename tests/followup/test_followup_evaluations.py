"""The M&E dashboard's evaluations section (#22 item 4): each survey's response rate against those it asks
(each round of a test), and a test's average gain, read in constant queries however many surveys there are."""

from __future__ import annotations

import pytest

from forumops.clusters.operations import assign_registration, create_cluster
from forumops.evaluations.audience import asked_count
from forumops.evaluations.rates import asked_counts, survey_rates
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


def test_asked_counts_follow_the_audience_rule_for_every_audience(forum, people, create_survey):
    _made, cluster = people
    surveys = [create_survey(forum, title="Everyone"), create_survey(forum, title="Came", audience="attended"),
               create_survey(forum, title="Cluster", audience="cluster", audience_cluster_id=cluster.id),
               create_survey(forum, title="Civil society", audience="category", audience_category="civil_society"),
               create_survey(forum, title="Nobody", audience="category", audience_category="media")]
    counts = asked_counts(forum.id, surveys)
    assert [counts[survey.id] for survey in surveys] == [asked_count(survey) for survey in surveys] == [5, 2, 2, 3, 0]


def test_each_survey_has_its_rate_and_a_test_its_rounds_and_average_gain(forum, people, create_survey,
                                                                          create_response):
    made, _cluster = people
    evaluation = create_survey(forum, title="End-of-forum evaluation")
    create_response(evaluation, {evaluation.items[0]: 5})
    create_response(evaluation, {evaluation.items[0]: 4})
    test = create_survey(forum, items=KNOWLEDGE, title="Readiness test", kind="test", anonymous=False)
    [question] = test.items
    create_response(test, {question: 1}, registration=made[0], phase="before")  # wrong, then right: +100
    create_response(test, {question: 0}, registration=made[0], phase="after")
    create_response(test, {question: 0}, registration=made[1], phase="before")  # right both times: 0
    create_response(test, {question: 0}, registration=made[1], phase="after")
    create_response(test, {question: 1}, registration=made[2], phase="before")  # before only: not counted
    first, second = survey_rates(forum.id)
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
    assert "Before: 1 of 5" in section
    assert "After: 1 of 5" in section
    assert "(20%)" in section
    assert "+100 points" in section
    assert f"/forums/{forum.slug}/surveys/{test.id}/gain" in section


def test_the_dashboard_says_when_there_is_no_survey(client, organiser, forum):
    sign_in(client, organiser)
    html = client.get(f"/forums/{forum.slug}/followup").get_data(as_text=True)
    assert "No surveys yet." in html.split('id="evaluations-heading"')[1]


def test_the_dashboard_reads_in_constant_queries_as_surveys_grow(client, db, organiser, forum, people,
                                                                 create_survey, create_response):
    made, cluster = people

    def add_surveys(start):
        for n in range(start, start + 3):
            test = create_survey(forum, items=KNOWLEDGE, title=f"Test {n}", kind="test", anonymous=False,
                                 audience="cluster", audience_cluster_id=cluster.id)
            create_response(test, {test.items[0]: 1}, registration=made[n % 5], phase="before")
            create_response(test, {test.items[0]: 0}, registration=made[n % 5], phase="after")
            evaluation = create_survey(forum, title=f"Evaluation {n}", audience="category",
                                       audience_category="civil_society")
            create_response(evaluation, {evaluation.items[0]: 3})

    sign_in(client, organiser)
    url = f"/forums/{forum.slug}/followup"
    add_surveys(0)
    few = count_queries(db, lambda: client.get(url))
    add_surveys(3)
    many = count_queries(db, lambda: client.get(url))
    assert few == many
    assert len(survey_rates(forum.id)) == 12
