"""The CSV of a survey's answers: one row per sheet, one column per question; named surveys say who, anonymous
ones carry no key, no date and no groups; every cell safe from formula injection."""

from __future__ import annotations

import csv
import io
import re

import pytest


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(organiser=organiser)


ITEMS = (("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
         ("multiple", "What helped?", ["Talks", "Visits", "Groups"]),
         ("long", "What should change?"))


def download(client, forum, survey) -> tuple[str, list[list[str]]]:
    response = client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data.decode("utf-8-sig")
    return body, list(csv.reader(io.StringIO(body)))


def test_an_anonymous_csv_has_no_key_no_date_and_no_groups(
        client, login, organiser, forum, create_survey, create_response, create_registration):
    survey = create_survey(forum, items=ITEMS, anonymous=True)
    rating, helped, change = survey.items
    person, _token = create_registration(forum, status="confirmed", name="Nguyễn Phương Linh",
                                         email="linh@example.org")
    sent = create_response(survey, {rating: 4, helped: [0, 2], change: "More time"}, registration=person,
                           gender="woman", country="VN", category="civil_society")
    for _ in range(4):  # five sheets: the file can be had
        create_response(survey, {rating: 3})
    login(organiser)
    body, rows = download(client, forum, survey)
    assert rows[0] == ["How useful was the forum?", "What helped?", "What should change?"]
    assert ["4", "Talks; Groups", "More time"] in rows[1:]
    assert len(rows) == 6
    assert sent.id not in body
    assert "Nguyễn Phương Linh" not in body
    assert "linh@example.org" not in body
    assert all(str(person.id) not in row for row in rows[1:])
    assert not re.search(r"\d{4}-\d{2}-\d{2}", body)  # no day it was sent
    assert "Viet Nam" not in body
    assert "woman" not in body.lower()


def test_a_named_csv_says_who_answered_and_when(
        client, login, organiser, forum, create_survey, create_response, create_registration):
    survey = create_survey(forum, items=ITEMS, anonymous=False)
    rating, helped, _change = survey.items
    person, _token = create_registration(forum, status="confirmed", name="Nguyễn Phương Linh", country="VN")
    sent = create_response(survey, {rating: 5, helped: [1]}, registration=person)
    login(organiser)
    _body, rows = download(client, forum, survey)
    assert rows[0][:5] == ["Name", "Organisation", "Country", "Category", "Date sent"]
    assert rows[1][0] == "Nguyễn Phương Linh"
    assert rows[1][2:5] == ["Viet Nam", "Civil-society representative", sent.submitted_on.isoformat()]
    assert rows[1][5:] == ["5", "Visits", ""]


def test_a_cell_a_spreadsheet_would_run_is_neutralised(
        client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, items=[("long", "=HYPERLINK(\"http://evil\")"), ("short", "Anything else?")],
                           anonymous=False)
    why, other = survey.items
    create_response(survey, {why: "=1+1", other: "@SUM(A1)"})
    login(organiser)
    _body, rows = download(client, forum, survey)
    assert rows[0][5].startswith("'=")
    assert rows[1][-2:] == ["'=1+1", "'@SUM(A1)"]


def test_a_tests_rows_say_their_round(client, login, organiser, forum, create_survey, create_response):
    survey = create_survey(forum, kind="test", anonymous=False,
                           items=[("single", "Which is a cooperative?", ["A", "B"])])
    [question] = survey.items
    create_response(survey, {question: 0}, phase="before")
    create_response(survey, {question: 1}, phase="after")
    login(organiser)
    _body, rows = download(client, forum, survey)
    assert rows[0][5:] == ["Round", "Which is a cooperative?"]
    assert sorted(row[5:] for row in rows[1:]) == [["After (second round)", "B"], ["Before (first round)", "A"]]


def test_the_csv_is_for_organisers_only(client, login, forum, create_user, create_survey):
    survey = create_survey(forum)
    login(create_user(email="someone@example.org"))
    assert client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results.csv").status_code == 403


def test_an_anonymous_survey_with_fewer_than_five_sheets_gives_no_file(
        client, login, organiser, forum, create_survey, create_response):
    """Four sheets: a row would be one person's answers as good as named, so the download is refused."""
    survey = create_survey(forum, items=ITEMS, anonymous=True)
    rating, _helped, change = survey.items
    create_response(survey, {rating: 2, change: "The only Timorese delegate's story"})
    for _ in range(3):
        create_response(survey, {rating: 4})
    login(organiser)
    response = client.get(f"/forums/{forum.slug}/surveys/{survey.id}/results.csv", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Results appear once 5 people have answered" in html
    assert "Timorese delegate" not in html
    create_response(survey, {rating: 5})  # the fifth
    body, rows = download(client, forum, survey)
    assert "The only Timorese delegate" in body
    assert len(rows) == 6

