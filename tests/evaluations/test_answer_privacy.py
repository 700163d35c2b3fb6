"""What answering keeps about the person: an anonymous sheet nothing leads back from (looked at with SQL, column by
column), a named one kept with the registration; a person's data export lists their drafts and named answers;
erasure deletes their responder rows and unlinks their named answers, leaving anonymous ones as they were."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from forumops.evaluations.answer_operations import save_draft, send_answers
from forumops.evaluations.models import SurveyResponder, SurveyResponse
from forumops.privacy.operations import erase_registration


@pytest.fixture
def forum(create_forum):
    return create_forum()


@pytest.fixture
def person(forum, create_registration, create_cluster, db):
    from forumops.clusters.operations import assign_registration

    for _ in range(6):  # her id (7) then matches no survey's, question's, cluster's id or answer in the rows
        create_registration(forum, status="confirmed")
    registration, token = create_registration(forum, status="confirmed", name="Nguyễn Phương Linh",
                                              email="linh@example.org", gender="female")
    cluster = create_cluster(forum, "Rural development")
    assign_registration(cluster, registration)
    db.session.commit()
    return registration, token, cluster


def _survey(create_survey, forum, anonymous):
    return create_survey(forum, anonymous=anonymous, items=[
        ("rating", "How useful was the forum?", ["Not useful", "Very useful"]), ("long", "What should change?")])


def _typed(survey, words="Nguyễn Phương Linh wants more field visits"):
    rating, long = survey.items
    return {str(rating.id): "5", str(long.id): words}


def _rows(db, table):
    return [dict(row._mapping) for row in db.session.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608


def test_an_anonymous_answer_keeps_nothing_that_leads_back_to_the_person(db, forum, person, create_survey):
    registration, _token, cluster = person
    survey = _survey(create_survey, forum, anonymous=True)
    save_draft(survey, registration, _typed(survey, "draft words"), datetime.now(UTC))
    send_answers(forum, survey, registration, _typed(survey, "More field visits"), "vi", datetime.now(UTC))
    db.session.commit()

    [sheet] = _rows(db, "survey_responses")
    answers = _rows(db, "survey_answers")
    assert sheet["registration_id"] is None
    assert (sheet["gender"], sheet["country"], sheet["category"], sheet["cluster_id"]) == (
        "female", "VN", "civil_society", cluster.id)  # the groups the results break down by, copied
    for row in [sheet, *answers]:
        for column, value in row.items():
            assert not isinstance(value, datetime), column
            if isinstance(value, str) and len(value) > 10 and value[:4].isdigit():
                assert ":" not in value, column  # never a time, at most a day
            assert value not in (registration.id, registration.email, registration.name), column
            assert registration.email not in str(value)
    assert date.fromisoformat(str(sheet["submitted_on"])) <= date.today()
    [responder] = _rows(db, "survey_responders")
    assert responder["submitted"] in (True, 1)
    assert responder["draft"] is None
    assert responder["draft_saved_at"] is None


def test_a_named_answer_keeps_the_registration(db, forum, person, create_survey):
    registration = person[0]
    survey = _survey(create_survey, forum, anonymous=False)
    send_answers(forum, survey, registration, _typed(survey), "en", datetime.now(UTC))
    db.session.commit()
    assert db.session.scalar(select(SurveyResponse.registration_id)) == registration.id


def test_my_data_lists_my_draft_and_my_named_answers_but_no_anonymous_one(client, db, forum, person, create_survey):
    registration, token, _cluster = person
    named = _survey(create_survey, forum, anonymous=False)
    anonymous = _survey(create_survey, forum, anonymous=True)
    drafted = _survey(create_survey, forum, anonymous=True)
    send_answers(forum, named, registration, _typed(named, "Named words"), "en", datetime.now(UTC))
    send_answers(forum, anonymous, registration, _typed(anonymous, "Anonymous words"), "en", datetime.now(UTC))
    save_draft(drafted, registration, _typed(drafted, "Unsent words"), datetime.now(UTC))
    db.session.commit()

    data = json.loads(client.get(f"/forums/{forum.slug}/registration/{token}/my-data.json").data)
    surveys = data["registrations"][0]["surveys"]
    body = json.dumps(surveys, ensure_ascii=False)
    assert "Named words" in body
    assert "Unsent words" in body
    assert "Anonymous words" not in body
    [named_entry] = [entry for entry in surveys if entry["answers_sent"]]
    assert named_entry["answers_sent"][0]["answers"][0] == {"question": "How useful was the forum?", "answer": 5}


def test_erasure_deletes_my_rows_unlinks_named_answers_and_leaves_anonymous_ones(db, forum, person, create_survey):
    registration = person[0]
    named = _survey(create_survey, forum, anonymous=False)
    anonymous = _survey(create_survey, forum, anonymous=True)
    drafted = _survey(create_survey, forum, anonymous=True)
    send_answers(forum, named, registration, _typed(named), "en", datetime.now(UTC))
    send_answers(forum, anonymous, registration, _typed(anonymous), "en", datetime.now(UTC))
    save_draft(drafted, registration, _typed(drafted, "Unsent words"), datetime.now(UTC))
    db.session.commit()
    before = {row["id"]: row for row in _rows(db, "survey_responses")}

    erase_registration(forum, registration)
    db.session.commit()

    assert db.session.scalars(select(SurveyResponder)).all() == []
    after = {row["id"]: row for row in _rows(db, "survey_responses")}
    assert set(after) == set(before)  # still counted in the results
    assert all(row["registration_id"] is None for row in after.values())
    assert len(_rows(db, "survey_answers")) == 4
