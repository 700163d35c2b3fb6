"""The organisers' before-and-after page: the gain per question and per person from answers sent through the
factories, the pairing rule in words, the CSV (safe from formulas), a 404 for an evaluation or another forum's
test, and a page whose queries do not grow with the people."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from forumops.evaluations.gain_queries import survey_gain
from tests.conftest import count_queries, sign_in

QUESTIONS = [{"kind": "single", "text": "What share of ASEAN firms are MSMEs?", "options": ["Over 95%", "About half"],
              "correct": 0},
             {"kind": "single", "text": "Which body certifies organic rice in Laos?", "options": ["DoA", "MoIC"],
              "correct": 1},
             {"kind": "single", "text": "Which session did you like best?", "options": ["Morning", "Afternoon"]}]


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="training-2027", organiser=organiser)


@pytest.fixture
def knowledge_test(forum, create_survey):
    return create_survey(forum, items=QUESTIONS, title="MSME export readiness test", kind="test", anonymous=False)


@pytest.fixture
def answered(forum, knowledge_test, create_registration, create_response):
    """Linh 0 -> 2 right, Sophal 1 -> 1, and Aung who answered before only (all right)."""
    first, second, third = knowledge_test.items
    people = {}
    for name in ("Nguyễn Phương Linh", "Chea Sophal", "Aung Min"):
        people[name], _token = create_registration(forum, name=name, notify=False, status="confirmed")
    linh, sophal, aung = people.values()
    create_response(knowledge_test, {first: 1, second: 0}, registration=linh, phase="before")
    create_response(knowledge_test, {first: 0, second: 1, third: 1}, registration=linh, phase="after")
    create_response(knowledge_test, {first: 0}, registration=sophal, phase="before")
    create_response(knowledge_test, {first: 0, second: 0}, registration=sophal, phase="after")
    create_response(knowledge_test, {first: 0, second: 1}, registration=aung, phase="before")
    return people


def gain_url(forum, survey, suffix=""):
    return f"/forums/{forum.slug}/surveys/{survey.id}/gain{suffix}"


def test_the_page_shows_the_gain_per_question_and_per_person(client, organiser, forum, knowledge_test, answered):
    sign_in(client, organiser)
    page = client.get(gain_url(forum, knowledge_test))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Answered only before: 1, only after: 0" in html
    assert "Only people who answered the test in both rounds" in html
    # question 1: 1 of 2 right before, 2 of 2 after: +50 points; question 2: 0 of 2, then 1 of 2: +50
    assert html.count("+50 points") == 2
    assert "1 of 2" in html
    assert "2 of 2" in html
    # Linh 0/2 -> 2/2 (+100) first; Sophal 1/2 -> 1/2 (0); Aung answered once and is not listed
    assert html.index("Nguyễn Phương Linh") < html.index("Chea Sophal")
    assert "Aung Min" not in html
    assert "+100 points" in html
    assert "Not scored: no right answer set" in html
    assert "Which session did you like best?" in html
    assert "+50" in html.split("Average gain")[1][:200]
    people = html.split('id="gain-people-heading"')[1]
    # the per-person table is named for screen readers, and scrolls on its own on a narrow screen
    assert ('<div class="table-scroll" tabindex="0" role="region" aria-label="Each person’s score before and after, '
            'and their gain in percentage points">') in people.split("<table")[0]  # a keyboard can scroll it
    assert "Each person’s score before and after, and their gain in percentage points</caption>" in people


def test_the_csv_lists_each_person_with_formulas_kept_as_text(client, organiser, forum, knowledge_test,
                                                              create_registration, create_response):
    first, second, _third = knowledge_test.items
    tricky, _token = create_registration(forum, name="=HYPERLINK(\"http://evil.example\")", notify=False,
                                         status="confirmed")
    create_response(knowledge_test, {first: 0, second: 1}, registration=tricky, phase="before")
    create_response(knowledge_test, {first: 1}, registration=tricky, phase="after")
    sign_in(client, organiser)
    response = client.get(gain_url(forum, knowledge_test, ".csv"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(codecs.BOM_UTF8)
    header, row = list(csv.reader(io.StringIO(body[len(codecs.BOM_UTF8):].decode("utf-8"))))
    assert header[0] == "Name"
    assert header[-1] == "Gain (percentage points)"
    assert row[0].startswith("'=HYPERLINK")
    assert row[2:] == ["2", "0", "2", "100", "0", "-100"]  # whole, as the page shows them; a negative gain a number


def test_an_evaluation_or_another_forums_test_is_not_found(client, organiser, forum, knowledge_test, create_forum,
                                                           create_survey, create_user):
    sign_in(client, organiser)
    evaluation = create_survey(forum, title="End-of-forum evaluation")
    assert client.get(gain_url(forum, evaluation)).status_code == 404
    assert client.get(gain_url(forum, evaluation, ".csv")).status_code == 404
    elsewhere = create_forum(slug="elsewhere", organiser=organiser)
    assert client.get(gain_url(elsewhere, knowledge_test)).status_code == 404
    stranger = create_user(email="stranger@example.org")
    client.post("/account/signout")
    sign_in(client, stranger)
    assert client.get(gain_url(forum, knowledge_test)).status_code == 403


def test_an_anonymous_test_says_it_cannot_be_paired(client, organiser, forum, create_survey, create_response):
    anonymous = create_survey(forum, items=QUESTIONS, title="Anonymous quiz", kind="test", anonymous=True)
    first = anonymous.items[0]
    create_response(anonymous, {first: 0}, phase="before")
    create_response(anonymous, {first: 0}, phase="after")
    sign_in(client, organiser)
    html = client.get(gain_url(forum, anonymous)).get_data(as_text=True)
    assert "This test is anonymous" in html
    assert "2 answer sheets name nobody." in html
    assert "Nobody has answered both rounds yet." in html


def test_the_page_reads_in_constant_queries_as_people_grow(client, organiser, forum, knowledge_test, db,
                                                          create_registration, create_response):
    first, second, _third = knowledge_test.items

    def add_people(count, start):
        for n in range(start, start + count):
            registration, _token = create_registration(forum, name=f"Person {n}", notify=False, status="confirmed")
            create_response(knowledge_test, {first: n % 2, second: 1}, registration=registration, phase="before")
            create_response(knowledge_test, {first: 0, second: 1}, registration=registration, phase="after")

    sign_in(client, organiser)
    url = gain_url(forum, knowledge_test)
    add_people(2, 0)
    few = count_queries(db, lambda: client.get(url))
    add_people(12, 2)
    many = count_queries(db, lambda: client.get(url))
    assert few == many
    assert survey_gain(knowledge_test).paired == 14
