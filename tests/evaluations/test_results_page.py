"""The organisers' results page: response rate, each question's chart and table, mean, median and recommendation
score, free text, breakdowns under the small-group rule, a test's rounds, and constant queries."""

from __future__ import annotations

import html as markup
import re

import pytest

from tests.conftest import count_queries

ITEMS = (
    {"kind": "section", "text": "The programme"},
    ("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
    ("single", "Which day helped most?", ["Day one", "Day two"]),
    ("nps", "Would you recommend the forum to a colleague?"),
    ("long", "What should change next time?"),
)


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(organiser=organiser)


def page_of(client, forum, survey, **args) -> str:
    response = client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_page_shows_the_rate_each_question_with_chart_and_table_and_the_texts(
        client, login, organiser, forum, create_survey, create_response, create_registration):
    survey = create_survey(forum, anonymous=False, items=ITEMS)  # named: four answers are shown
    _section, rating, day, nps, change = survey.items
    people = [create_registration(forum, status="confirmed")[0] for _ in range(8)]
    for person, (score, answer) in zip(people, ((10, 4), (9, 5), (7, 4), (3, 2)), strict=False):
        create_response(survey, {rating: answer, day: 1, nps: score, change: f"More field visits {score}"},
                        registration=person, country="VN")
    login(organiser)
    html = page_of(client, forum, survey)
    text = text_of(html)
    assert "4 of the 8 people asked answered." in text
    assert "50%" in text  # the response rate
    assert "<h2 id=\"section-" in html
    assert "The programme" in text
    assert html.count('role="img"') == 3  # a chart for the rating, the choice and the score; none for the text
    assert "Mean 3.8" in text
    assert "Median 4.0" in text
    assert "5 – Very useful 1 25%" in text  # the table beside the chart: label, count, share
    assert "Day two 4 100%" in text
    assert "Recommendation score: 25" in text  # 2 promoters, 1 passive, 1 detractor of 4
    assert "2 promoters (9–10), 1 passives (7–8), 1 detractors (0–6)" in text
    assert "More field visits 3" in text
    assert "More field visits 10" in text
    assert "Download the answers (CSV)" in text


def test_a_breakdown_names_its_groups_and_hides_small_ones_in_an_anonymous_survey(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=True)
    [question] = survey.items
    for _ in range(5):
        create_response(survey, {question: 5}, country="LA", gender="woman")
    for _ in range(5):
        create_response(survey, {question: 4}, country="TH", gender="man")
    for _ in range(3):
        create_response(survey, {question: 4}, country="KH", gender="")
    login(organiser)
    by_country = text_of(page_of(client, forum, survey, by="country"))
    assert "Lao People's Democratic Republic 5 5.0" in by_country  # the group, how many answered, their mean
    assert "Cambodia" not in by_country
    assert "Thailand" not in by_country  # folded in with Cambodia's three: they cannot be worked out
    assert "Other (2 groups) 8 4.0" in by_country
    assert "not shown" not in by_country  # no count of hidden answers to subtract either
    by_gender = text_of(page_of(client, forum, survey, by="gender"))
    assert "Man 5 4.0" in by_gender  # of two groups of five, the one named last joins "other"
    assert "Other (2 groups) 8 4.6" in by_gender
    assert "Not stated" not in by_gender  # three people: too few to show


def test_the_one_woman_among_six_men_has_no_breakdown_to_give_her_away(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=True, items=[("single", "Come again?", ["Yes", "No", "Maybe"])])
    [question] = survey.items
    for _ in range(6):
        create_response(survey, {question: 0}, gender="man")
    create_response(survey, {question: 2}, gender="woman")
    login(organiser)
    by_gender = text_of(page_of(client, forum, survey, by="gender"))
    assert "Maybe 1 14%" in by_gender  # everyone's answers
    assert "Man" not in by_gender
    assert "No group can be shown apart: groups under 5 answers are merged so nobody is singled out." in by_gender
    assert "not shown" not in by_gender


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_an_anonymous_survey_answered_by_fewer_than_five_shows_no_numbers(
        client, login, organiser, forum, create_survey, create_response, people, shown):
    survey = create_survey(forum, anonymous=True, items=ITEMS)
    _section, rating, day, nps, change = survey.items
    for n in range(people):
        create_response(survey, {rating: 4, day: 1, nps: 9, change: f"Words {n}"})
    login(organiser)
    html = page_of(client, forum, survey)
    text = text_of(html)
    assert (html.count('role="img"') == 3) is shown
    assert ("Mean 4" in text) is shown
    assert ("Recommendation score:" in text) is shown
    assert "Fewer than 5 people answered this question" not in text  # said once for the survey, not per question
    assert ("Words 0" in text) is shown  # four sheets: nothing anyone wrote either, as good as named
    assert ("Results appear once 5 people have answered, so nobody’s answers can be told apart." in text) is not shown


def test_a_named_survey_merges_small_groups_into_other(
        client, login, organiser, forum, create_survey, create_response, create_cluster):
    survey = create_survey(forum, anonymous=False, items=[("single", "Which day?", ["One", "Two"])])
    [question] = survey.items
    cluster = create_cluster(forum, "Women empowerment")
    for n in range(6):
        create_response(survey, {question: 0}, cluster_id=cluster.id, category="civil_society" if n else "")
    create_response(survey, {question: 1}, category="media")
    create_response(survey, {question: 1}, category="government")
    login(organiser)
    by_cluster = text_of(page_of(client, forum, survey, by="cluster"))
    # "other" holding the two without a cluster alone would name them: Women empowerment joins it, and "other"
    # is then everyone, so there is no breakdown by cluster
    assert "No cluster" not in by_cluster
    assert "Women empowerment" not in by_cluster
    assert "Other (1 group)" not in by_cluster
    assert "No group can be shown apart" in by_cluster
    by_category = text_of(page_of(client, forum, survey, by="category"))
    assert "Civil-society representative 5" in by_category  # a category by its label
    assert "Other (3 groups) 3" in by_category


def test_a_test_shows_each_round_on_its_own(client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, kind="test", anonymous=False,
                           items=[("single", "Which is a cooperative?", ["A", "B"])])
    [question] = survey.items
    create_response(survey, {question: 0}, phase="before")
    for _ in range(3):
        create_response(survey, {question: 1}, phase="after")
    login(organiser)
    before = text_of(page_of(client, forum, survey, round="before"))
    after = text_of(page_of(client, forum, survey, round="after"))
    assert "Before (first round)" in before
    assert "A 1 100%" in before
    assert "B 3 100%" in after


def test_another_forums_survey_is_not_found(client, login, organiser, forum, create_forum, create_survey):
    elsewhere = create_survey(create_forum())
    login(organiser)
    assert client.get(f"/forums/{forum.slug}/surveys/{elsewhere.id}/results").status_code == 404
    assert client.get(f"/forums/{forum.slug}/surveys/{elsewhere.id}/results.csv").status_code == 404


def test_user_text_is_escaped(client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, items=[("long", "<b>Why?</b>")], anonymous=False)
    [question] = survey.items
    create_response(survey, {question: "<script>alert(1)</script>"})
    login(organiser)
    html = page_of(client, forum, survey)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>Why?</b>" not in html


@pytest.mark.parametrize("by", ["", "cluster"])
def test_the_page_is_read_in_the_same_number_of_queries_however_many_answers(
        client, login, organiser, forum, create_survey, create_response, db, by):
    survey = create_survey(forum, items=ITEMS)
    _section, rating, day, nps, change = survey.items
    login(organiser)
    path = f"/forums/{forum.slug}/surveys/{survey.id}/results"

    def answer(n):
        create_response(survey, {rating: 1 + n % 5, day: n % 2, nps: n % 11, change: f"Reason {n}"},
                        country=("VN", "TH", "KH")[n % 3], gender=("woman", "man")[n % 2])

    def read():
        return count_queries(db, lambda: client.get(path, query_string={"by": by} if by else {}))

    answer(0)
    one = read()
    for n in range(1, 30):
        answer(n)
    assert read() == one
    assert read() < one  # nothing changed: the numbers are kept, only the count of sheets is read


def test_a_new_answer_shows_at_once(client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False)
    [question] = survey.items
    create_response(survey, {question: 2})
    login(organiser)
    assert "1 answer" in text_of(page_of(client, forum, survey))
    create_response(survey, {question: 4})
    text = text_of(page_of(client, forum, survey))
    assert "2 answers" in text
    assert "Mean 3.0" in text  # a mean always with one decimal


def test_a_multiple_choice_says_its_shares_add_up_to_more_than_all(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False, items=[("multiple", "What helped?", ["Talks", "Visits"])])
    [question] = survey.items
    create_response(survey, {question: [0, 1]})
    create_response(survey, {question: [1]})
    login(organiser)
    text = text_of(page_of(client, forum, survey))
    assert "Talks 1 50%" in text
    assert "Visits 2 100%" in text
    assert "add up to more than 100 %." in text


def test_the_survey_counts_people_asked_in_words_of_its_own(client, login, organiser, forum, create_survey):
    """"Asked" is the invitation letters' "date requested" in several languages: the survey's says "People asked"."""
    survey = create_survey(forum)
    login(organiser)
    html = page_of(client, forum, survey)
    assert "<dt>People asked</dt>" in html
    assert "<dt>Asked</dt>" not in html


def test_when_every_group_is_merged_into_other_the_page_says_so(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False)
    [question] = survey.items
    for country in ("VN", "TH", "KH", "LA", "MM", "PH"):
        create_response(survey, {question: 4}, country=country)
    login(organiser)
    html = page_of(client, forum, survey, by="country")
    assert "No group can be shown apart: groups under 5 answers are merged so nobody is singled out." in text_of(html)
    assert "results-breakdown" not in html  # no one-row table of "Other"


def test_a_tests_results_mark_the_right_choice(client, login, organiser, forum, create_survey, create_response):
    question = {"kind": "single", "text": "Which is a cooperative?", "options": ["A bank", "A member-owned enterprise"],
                "correct": 1}
    survey = create_survey(forum, kind="test", anonymous=False, items=[question])
    [question] = survey.items
    create_response(survey, {question: 1}, phase="before")
    login(organiser)
    text = text_of(page_of(client, forum, survey, round="before"))
    assert "A member-owned enterprise ✓ right answer 1 100%" in text
    assert "A bank ✓" not in text
    assert text.count("right answer") == 1


def test_the_recommendation_chart_names_detractors_passives_and_promoters(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, anonymous=False, items=[("nps", "Would you recommend the forum?")])
    [question] = survey.items
    for score in (3, 8, 10):
        create_response(survey, {question: score})
    login(organiser)
    html = page_of(client, forum, survey)
    start = html.index('class="chart"')
    chart = html[start:html.index("</svg>", start)]
    drawn = chart[chart.index('class="chart-bars"'):]
    assert drawn.index("Detractors (0–6)") < drawn.index(">6<") < drawn.index("Passives (7–8)") \
        < drawn.index(">8<") < drawn.index("Promoters (9–10)")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart).group(1)
    assert "Detractors (0–6): 0 – Not at all likely: 0 answers;" in markup.unescape(desc)


def test_a_chart_of_many_choices_sums_the_rest_under_others_in_the_readers_language(
        client, login, organiser, forum, create_survey, create_response, create_registration):
    choices = [f"Choice {n}" for n in range(14)]
    survey = create_survey(forum, anonymous=False, items=[("single", "Which session?", choices)])
    [question] = survey.items
    for n in range(14):
        create_response(survey, {question: n},
                        registration=create_registration(forum, status="confirmed", notify=False)[0])
    login(organiser)
    page = client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results",
                      headers={"Accept-Language": "vi"}).get_data(as_text=True)
    chart = page.split(f'id="chart-{question.id}', 1)[1].split("</svg>", 1)[0]
    assert "Khác (3)" in chart
    assert "Others" not in chart


def test_a_text_question_counts_the_answers_it_lists_after_an_erasure(
        client, login, organiser, forum, create_survey, create_response, create_registration, db):
    from forumops.privacy.operations import erase_registration

    survey = create_survey(forum, anonymous=False, items=[("long", "What should change next time?")])
    [question] = survey.items
    people = [create_registration(forum, status="confirmed", notify=False)[0] for _ in range(3)]
    for n, person in enumerate(people):
        create_response(survey, {question: f"Idea {n}"}, registration=person)
    erase_registration(forum, people[0])  # their words are deleted, their sheet stays
    db.session.commit()
    login(organiser)
    text = text_of(page_of(client, forum, survey))
    assert "Idea 0" not in text
    assert "2 answers" in text
    assert "3 answers" not in text
