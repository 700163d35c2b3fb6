"""What answering keeps about the person: an anonymous sheet nothing leads back from (looked at with SQL, column by
column), a named one kept with the registration; a person's data export lists their drafts and named answers;
erasure deletes their responder rows, unlinks their named answers and deletes their words there, leaving anonymous
ones as they were; a draft is never written onto a sent row; the sheet's day is the forum's."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import null, select, text, update

from forumops.evaluations import answer_operations
from forumops.evaluations.answer_operations import AlreadySent, save_draft, send_answers
from forumops.evaluations.models import SurveyAnswer, SurveyResponder, SurveyResponse
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
    send_answers(forum, survey, registration, _typed(survey, "More field visits"), datetime.now(UTC))
    db.session.commit()

    [sheet] = _rows(db, "survey_responses")
    answers = _rows(db, "survey_answers")
    assert set(sheet) == {"id", "survey_id", "phase", "registration_id", "submitted_on"}  # no group, no language
    assert sheet["registration_id"] is None
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


def test_no_row_puts_the_persons_groups_together_with_an_answer(db, forum, person, create_survey):
    """Her gender, country, category and cluster are in the breakdowns' counts, each on a row of its own, and no
    count row names a sheet: nothing joins them back together, or to what she answered."""
    registration, _token, cluster = person
    survey = _survey(create_survey, forum, anonymous=True)
    send_answers(forum, survey, registration, _typed(survey, "More field visits"), datetime.now(UTC))
    db.session.commit()
    [sheet] = _rows(db, "survey_responses")
    hers = {"female", "VN", "civil_society"}

    for table in db.inspect(db.engine).get_table_names():
        if table in ("registrations", "alembic_version"):
            continue
        for row in _rows(db, table):
            values = {str(value) for value in row.values()}
            assert not hers <= values, (table, row)  # never her three groups on one row
            if table.startswith("survey_") and table.endswith("_counts"):
                assert sheet["id"] not in values, (table, row)
    for table in ("survey_value_counts", "survey_respondent_counts"):
        rows = _rows(db, table)
        assert rows
        assert not {"response_id", "registration_id", "gender", "country", "category"} & set(rows[0])
        keys = {(row["dimension"], row["group_key"]) for row in rows}
        assert keys == {("gender", "female"), ("country", "VN"), ("category", "civil_society"),
                        ("cluster", str(cluster.id))}


@pytest.mark.parametrize("table", ["survey_responses", "survey_answers", "survey_value_counts",
                                   "survey_respondent_counts"])
def test_no_table_of_answers_or_counts_keeps_the_order_rows_were_written_in(db, table):
    """On SQLite an ordinary table numbers its rows as they are written (rowid): a sheet's rowid would match the
    order people sent, and a count row's the order groups first answered. The migrations build these tables
    without one. (PostgreSQL has no rowid; what its rows' order and transaction ids could tell a database reader
    is stated in the README's "What anonymity does not cover".)"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a rowid is SQLite's")
    [definition] = db.session.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
                                      {"name": table}).scalars()
    assert definition.rstrip().upper().endswith("WITHOUT ROWID")


def test_the_sheet_is_dated_by_the_day_it_was_sent_in_the_forums_zone(db, create_forum, create_registration,
                                                                      create_survey):
    forum = create_forum(timezone="Asia/Bangkok")
    registration, _token = create_registration(forum, status="confirmed")
    sent_at = datetime(2030, 3, 9, 20, 30, tzinfo=UTC)  # 03:30 on the 10th in Bangkok
    survey = create_survey(forum, opens_at=sent_at - timedelta(days=1))
    send_answers(forum, survey, registration, {str(survey.items[0].id): "4"}, sent_at)
    db.session.commit()
    assert db.session.scalar(select(SurveyResponse.submitted_on)) == date(2030, 3, 10)


def test_a_draft_saved_while_the_answers_are_sent_is_refused_and_not_written(db, forum, person, create_survey,
                                                                            monkeypatch):
    """A Save racing a Send (another tab): the Send flips the row after the Save has read it unsent. The Save's
    conditional UPDATE then changes nothing and the person is told: no draft lands on the sent row beside the
    registration."""
    registration = person[0]
    survey = _survey(create_survey, forum, anonymous=True)
    save_draft(survey, registration, _typed(survey, "first words"), datetime.now(UTC))  # the row exists, unsent
    db.session.commit()
    read_row = answer_operations._responder

    def read_then_sent_elsewhere(*args):
        row = read_row(*args)  # read unsent...
        db.session.execute(update(SurveyResponder).values(submitted=True, draft=null(), draft_saved_at=None)
                           .execution_options(synchronize_session=False))  # ...then the other tab's Send
        return row

    monkeypatch.setattr(answer_operations, "_responder", read_then_sent_elsewhere)
    with pytest.raises(AlreadySent):
        save_draft(survey, registration, _typed(survey, "late words"), datetime.now(UTC))
    db.session.flush()
    [row] = _rows(db, "survey_responders")
    assert row["submitted"] in (True, 1)
    assert row["draft"] is None
    assert row["draft_saved_at"] is None


def test_a_named_answer_keeps_the_registration(db, forum, person, create_survey):
    registration = person[0]
    survey = _survey(create_survey, forum, anonymous=False)
    send_answers(forum, survey, registration, _typed(survey), datetime.now(UTC))
    db.session.commit()
    assert db.session.scalar(select(SurveyResponse.registration_id)) == registration.id


def test_my_data_lists_my_draft_and_my_named_answers_but_no_anonymous_one(client, db, forum, person, create_survey):
    registration, token, _cluster = person
    named = _survey(create_survey, forum, anonymous=False)
    anonymous = _survey(create_survey, forum, anonymous=True)
    drafted = _survey(create_survey, forum, anonymous=True)
    send_answers(forum, named, registration, _typed(named, "Named words"), datetime.now(UTC))
    send_answers(forum, anonymous, registration, _typed(anonymous, "Anonymous words"), datetime.now(UTC))
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
    send_answers(forum, named, registration, _typed(named, "Named words of Linh"), datetime.now(UTC))
    send_answers(forum, anonymous, registration, _typed(anonymous, "Anonymous words"), datetime.now(UTC))
    save_draft(drafted, registration, _typed(drafted, "Unsent words"), datetime.now(UTC))
    db.session.execute(update(SurveyAnswer).where(SurveyAnswer.text.is_not(None)).values(quoted=True))
    db.session.commit()
    before = {row["id"]: row for row in _rows(db, "survey_responses")}

    erase_registration(forum, registration)
    db.session.commit()

    assert db.session.scalars(select(SurveyResponder)).all() == []
    after = {row["id"]: row for row in _rows(db, "survey_responses")}
    assert set(after) == set(before)  # still counted in the results
    assert all(row["registration_id"] is None for row in after.values())
    texts = [row["text"] for row in _rows(db, "survey_answers") if row["text"] is not None]
    assert texts == ["Anonymous words"]  # the named sheet's words (quoted or not) are gone, its rating kept
    assert len(_rows(db, "survey_answers")) == 3


def test_erased_words_leave_the_results_page_though_its_numbers_were_kept(client, login, db, forum, person,
                                                                         create_survey, create_user, add_role):
    registration = person[0]
    named = _survey(create_survey, forum, anonymous=False)
    send_answers(forum, named, registration, _typed(named, "Named words of Linh"), datetime.now(UTC))
    db.session.execute(update(SurveyAnswer).where(SurveyAnswer.text.is_not(None)).values(quoted=True))
    db.session.commit()
    organiser = create_user(email="mai@example.org")
    add_role(forum, organiser, "organiser")
    login(organiser)
    results = f"/forums/{forum.slug}/surveys/{named.id}/results"
    assert "Named words of Linh" in client.get(results).get_data(as_text=True)  # counted, and kept between views

    erase_registration(forum, registration)
    db.session.commit()
    assert "Named words of Linh" not in client.get(results).get_data(as_text=True)
