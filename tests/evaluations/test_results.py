"""A survey's results: distributions, mean, median and recommendation score, the small-group rule at 4 and 5
people, the response rate, and constant queries."""

from __future__ import annotations

import pytest

from forumops.evaluations.results import MIN_GROUP, survey_results
from tests.conftest import count_queries


@pytest.fixture
def forum(create_forum):
    return create_forum()


def test_a_scale_question_gives_its_distribution_mean_and_median(forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False)  # named: four answers are shown
    [question] = survey.items
    for rating in (5, 4, 4, 2):
        create_response(survey, {question: rating}, gender="female", country="VN", category="civil_society")
    [result] = survey_results(survey).questions
    assert [bar.count for bar in result.summary.bars] == [0, 1, 0, 2, 1]
    assert result.summary.answered == 4
    assert result.summary.mean == pytest.approx(3.75)
    assert result.summary.median == 4


def test_the_recommendation_score_is_promoters_minus_detractors(forum, create_survey, create_response):
    survey = create_survey(forum, items=[("nps", "Would you recommend this forum to a colleague?")])
    [question] = survey.items
    for score in (10, 9, 9, 8, 3):  # 3 promoters, 1 passive, 1 detractor of 5
        create_response(survey, {question: score})
    [result] = survey_results(survey).questions
    assert result.summary.score == 40
    assert result.summary.median == 9


def test_multiple_choice_counts_each_person_once_in_answered(forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False, items=[("multiple", "What helped?", ["Talks", "Visits", "Groups"])])
    [question] = survey.items
    create_response(survey, {question: [0, 2]})
    create_response(survey, {question: [2]})
    [result] = survey_results(survey).questions
    assert result.summary.answered == 2
    assert [bar.count for bar in result.summary.bars] == [1, 0, 2]
    assert result.summary.mean is None


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_group_of_five_beside_a_lone_group_of_four_gives_no_breakdown(forum, create_survey, create_response,
                                                                         anonymous):
    survey = create_survey(forum, anonymous=anonymous)
    [question] = survey.items
    for _ in range(MIN_GROUP):
        create_response(survey, {question: 5}, country="VN")
    for _ in range(MIN_GROUP - 1):
        create_response(survey, {question: 3}, country="KH")
    [result] = survey_results(survey).questions
    # anonymous: Viet Nam shown beside "everyone" would give Cambodia's four away; named: "other" would be Cambodia
    # in all but name. Viet Nam folded in, "other" is everyone: no breakdown at all
    assert result.breakdowns["country"] == ()


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_lone_small_group_takes_the_smallest_shown_one_into_other(forum, create_survey, create_response,
                                                                    anonymous):
    """TH 6, VN 5, KH 4: "other" holding Cambodia alone would name it by elimination, so Viet Nam joins it."""
    survey = create_survey(forum, anonymous=anonymous)
    [question] = survey.items
    for country, people in (("TH", 6), ("VN", MIN_GROUP), ("KH", MIN_GROUP - 1)):
        for _ in range(people):
            create_response(survey, {question: 4}, country=country)
    [result] = survey_results(survey).questions
    groups = result.breakdowns["country"]
    assert [(group.key, group.summary.answered) for group in groups] == [("TH", 6), (None, 9)]
    assert groups[-1].members == 2


def test_in_a_named_survey_two_small_groups_make_other_beside_the_shown_ones(forum, create_survey,
                                                                            create_response):
    survey = create_survey(forum, anonymous=False)
    [question] = survey.items
    for country, people in (("VN", MIN_GROUP), ("KH", 2), ("LA", 1)):
        for _ in range(people):
            create_response(survey, {question: 4}, country=country)
    [result] = survey_results(survey).questions
    groups = result.breakdowns["country"]
    assert [(group.key, group.summary.answered) for group in groups] == [("VN", MIN_GROUP), (None, 3)]
    assert groups[-1].members == 2


def test_two_groups_of_five_are_both_shown_in_an_anonymous_survey(forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=True)
    [question] = survey.items
    for n in range(2 * MIN_GROUP):
        create_response(survey, {question: 5 if n % 2 else 3}, country=("VN", "KH")[n % 2])
    [result] = survey_results(survey).questions
    assert [(group.key, group.summary.answered) for group in result.breakdowns["country"]] == [("KH", 5), ("VN", 5)]


def test_the_one_woman_among_six_men_cannot_be_worked_out_by_subtraction(forum, create_survey, create_response):
    """6 men and 1 woman: with the men shown, everyone's numbers minus theirs would be hers. The men are folded
    into "other" with her, and "other" alone is everyone: no breakdown by gender; the other dimensions too."""
    survey = create_survey(forum, anonymous=True, items=[("single", "Come again?", ["Yes", "No", "Maybe"])])
    [question] = survey.items
    for _ in range(6):
        create_response(survey, {question: 0}, gender="man", country="VN")
    create_response(survey, {question: 2}, gender="woman", country="VN")
    [result] = survey_results(survey).questions
    assert [bar.count for bar in result.summary.bars] == [6, 0, 1]  # everyone, as seven answered
    assert result.breakdowns["gender"] == ()
    assert [group.key for group in result.breakdowns["country"]] == ["VN"]  # all seven: says nothing of her


def test_smallest_groups_are_folded_until_other_has_five(forum, create_survey, create_response):
    """VN 8, TH 6, KH 5 and one from Laos: Laos alone would be everyone minus the three shown, so the smallest
    shown group (KH) joins "other" (6 answers); VN and TH stay."""
    survey = create_survey(forum, anonymous=True)
    [question] = survey.items
    for country, people in (("VN", 8), ("TH", 6), ("KH", 5), ("LA", 1)):
        for _ in range(people):
            create_response(survey, {question: 4}, country=country)
    [result] = survey_results(survey).questions
    groups = result.breakdowns["country"]
    assert [(group.key, group.summary.answered) for group in groups] == [("VN", 8), ("TH", 6), (None, 6)]
    assert groups[-1].members == 2


def test_small_groups_merged_into_other_are_shown_once_they_make_five(forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=True)
    [question] = survey.items
    for country in ("KH", "KH", "LA", "LA", "MM", "VN", "VN", "VN", "VN", "VN"):
        create_response(survey, {question: 4}, country=country)
    [result] = survey_results(survey).questions
    vietnam, other = result.breakdowns["country"]
    assert vietnam.key == "VN"
    assert other.is_other
    assert other.members == 3
    assert other.summary.answered == 5


@pytest.mark.parametrize(("people", "shown"), [(MIN_GROUP - 1, False), (MIN_GROUP, True)])
def test_an_anonymous_question_fewer_than_five_answered_shows_no_numbers(forum, create_survey, create_response,
                                                                         people, shown):
    survey = create_survey(forum, anonymous=True)
    [question] = survey.items
    for _ in range(people):
        create_response(survey, {question: 2})
    [result] = survey_results(survey).questions
    assert result.shown is shown
    assert result.summary.answered == (people if shown else 0)
    assert sum(bar.count for bar in result.summary.bars) == (people if shown else 0)
    assert bool(result.breakdowns) is shown


def test_free_text_is_listed_and_never_broken_down(forum, create_survey, create_response):
    survey = create_survey(forum, items=[("long", "What should change next time?")])
    [question] = survey.items
    create_response(survey, {question: "More time for the field visit"}, country="LA")
    [result] = survey_results(survey).questions
    assert [answer.text for answer in result.texts] == ["More time for the field visit"]
    assert result.breakdowns == {}


def test_the_response_rate_counts_those_asked(forum, create_survey, create_response, create_registration):
    survey = create_survey(forum)
    [question] = survey.items
    people = [create_registration(forum, status="confirmed")[0] for _ in range(4)]
    create_registration(forum, status="cancelled")
    create_response(survey, {question: 4}, registration=people[0])
    results = survey_results(survey)
    assert (results.asked, results.responded, results.rate) == (4, 1, 25)


def test_results_are_read_in_the_same_number_of_queries_however_many_answers(
        forum, create_survey, create_response, db):
    survey = create_survey(forum, items=[("rating", "Useful?", ["No", "Yes"]), ("long", "Why?"),
                                         ("single", "Which day?", ["1", "2"])])
    rating, why, day = survey.items

    def read():
        db.session.expire_all()
        return count_queries(db, lambda: survey_results(db.session.get(type(survey), survey.id)))

    create_response(survey, {rating: 4, why: "Good", day: 1}, country="VN")
    few = read()
    for n in range(12):
        create_response(survey, {rating: 1 + n % 5, why: f"Reason {n}", day: n % 2}, country=("VN", "TH")[n % 2])
    assert read() == few


def test_each_value_is_labelled_with_the_ends_of_its_scale():
    from forumops.evaluations.labels import question_chart_rows, value_labels

    assert value_labels("rating", ["Not useful", "Very useful"]) == ["1 – Not useful", "2", "3", "4",
                                                                     "5 – Very useful"]
    assert value_labels("agreement", [])[0] == "Strongly disagree"
    nps = value_labels("nps", [])
    assert (len(nps), nps[0], nps[-1]) == (11, "0 – Not at all likely", "10 – Extremely likely")
    assert [row.values for row in question_chart_rows("single", ["Yes", "No"], [3, 1])] == [(3,), (1,)]
