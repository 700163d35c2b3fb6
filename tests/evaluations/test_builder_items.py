"""The question editor: every kind added and checked, items moved and deleted, and what is refused once people
have answered (so nothing counted changes meaning), wording edits still allowed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forumops.evaluations import answer_operations, builder_operations, locks
from forumops.evaluations.models import ITEM_KINDS, SurveyItem
from tests.conftest import sign_in


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", organiser=organiser)


@pytest.fixture
def client(app, organiser):
    client = app.test_client()
    sign_in(client, organiser)
    return client


def _item(kind, text="A question?", **fields):
    data = {"kind": kind, "text": text, "help": "", "low_label": "", "high_label": "", "options": "", "correct": "",
            "required": ""}
    data.update(fields)
    return data


VALID = {"section": {}, "rating": {"low_label": "Not useful", "high_label": "Very useful"}, "agreement": {},
         "single": {"options": "Yes\nNo"}, "multiple": {"options": "Talks\nVisits\nGroup work"}, "short": {},
         "long": {}, "nps": {}}


def test_every_kind_can_be_added(client, forum, create_survey, db):
    assert set(VALID) == set(ITEM_KINDS)
    survey = create_survey(forum, items=[], opens_at=None)
    for kind, fields in VALID.items():
        response = client.post(f"/forums/acf/surveys/{survey.id}/questions",
                               data=_item(kind, f"The {kind} item", required="y", **fields))
        assert response.status_code == 302, kind
    db.session.refresh(survey)
    assert [item.kind for item in survey.items] == list(ITEM_KINDS)
    by_kind = {item.kind: item for item in survey.items}
    assert by_kind["rating"].options == ["Not useful", "Very useful"]
    assert by_kind["multiple"].options == ["Talks", "Visits", "Group work"]
    assert by_kind["short"].options == []
    assert by_kind["short"].required
    assert not by_kind["section"].required  # a heading asks nothing
    page = client.get(f"/forums/acf/surveys/{survey.id}/questions").get_data(as_text=True)
    assert "1: Not useful … 5: Very useful" in page


@pytest.mark.parametrize(("kind", "fields", "field", "message"), [
    ("rating", {"text": "", "low_label": "a", "high_label": "b"}, "text", "Write the question."),
    ("section", {"text": ""}, "text", "Write the section’s heading."),
    ("rating", {"high_label": "Very useful"}, "low_label", "Say what the lowest rating (1) means"),
    ("rating", {"low_label": "Not useful"}, "high_label", "Say what the highest rating (5) means"),
    ("single", {"options": "Only one"}, "options", "A choice question needs at least two choices, one per line."),
    ("multiple", {"options": "\n \n"}, "options", "A choice question needs at least two choices, one per line."),
    ("multiple", {"options": "Talks\nVisits\ntalks"}, "options", "“talks” is there twice"),
])
def test_bad_input_is_refused_at_its_field_and_kept(client, forum, create_survey, db, kind, fields, field, message):
    survey = create_survey(forum, items=[], opens_at=None)
    data = _item(kind, **{"text": "Typed question kept", **fields})
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    if data["text"]:
        assert 'value="Typed question kept"' in page
    if fields.get("options", "").strip():
        assert fields["options"].split("\n")[0] in page
    assert db.session.query(SurveyItem).count() == 0


@pytest.mark.parametrize("correct", ["", "0", "4"])
def test_a_tests_single_choice_needs_its_right_choice_in_range(client, forum, create_survey, db, correct):
    survey = create_survey(forum, kind="test", anonymous=False, items=[], opens_at=None)
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions",
                           data=_item("single", options="Coal\nSolar\nGas", correct=correct))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="correct-error"' in page
    assert db.session.query(SurveyItem).count() == 0


def test_a_tests_right_choice_is_kept_and_shown(client, forum, create_survey, db):
    survey = create_survey(forum, kind="test", anonymous=False, items=[], opens_at=None)
    client.post(f"/forums/acf/surveys/{survey.id}/questions", data=_item("single", options="Coal\nSolar\nGas",
                                                                         correct="2"))
    assert db.session.query(SurveyItem).one().correct == 1
    page = client.get(f"/forums/acf/surveys/{survey.id}/questions").get_data(as_text=True)
    assert "Solar <strong class=\"survey-correct\">(right answer)</strong>" in page


def test_items_move_up_and_down_and_are_deleted(client, forum, create_survey, db):
    survey = create_survey(forum, items=[("short", "First"), ("short", "Second"), ("short", "Third")])
    first, second, third = survey.items
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{third.id}/move/up")
    db.session.expire_all()
    assert [item.text for item in survey.items] == ["First", "Third", "Second"]
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{first.id}/move/down")
    db.session.expire_all()
    assert [item.text for item in survey.items] == ["Third", "First", "Second"]
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{first.id}/delete")
    db.session.expire_all()
    assert [(item.text, item.position) for item in survey.items] == [("Third", 0), ("Second", 1)]


def test_an_item_is_edited_on_its_own_page(client, forum, create_survey, db):
    survey = create_survey(forum)
    [item] = survey.items
    page = client.get(f"/forums/acf/surveys/{survey.id}/questions/{item.id}").get_data(as_text=True)
    assert 'value="Not useful"' in page
    assert 'value="Very useful"' in page
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{item.id}", data=_item(
        "rating", "How useful was the whole forum?", low_label="Useless", high_label="Essential"))
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.text == "How useful was the whole forum?"
    assert item.options == ["Useless", "Essential"]


def test_an_item_of_another_survey_is_not_found(client, forum, create_survey):
    survey, other = create_survey(forum), create_survey(forum)
    assert client.get(f"/forums/acf/surveys/{survey.id}/questions/{other.items[0].id}").status_code == 404


@pytest.fixture
def answered(forum, create_survey, create_response):
    survey = create_survey(forum, items=[("single", "Which day was best?", ["Monday", "Tuesday", "Wednesday"]),
                                         ("rating", "How useful?", ["Not useful", "Very useful"])])
    choice, rating = survey.items
    create_response(survey, {choice: 1, rating: 4})
    return survey, choice, rating


def test_a_question_with_answers_is_not_deleted(client, answered, db):
    survey, choice, _rating = answered
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{choice.id}/delete", follow_redirects=True)
    assert "so it cannot be deleted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(survey.items) == 2


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "multiple"}, "kind", "its kind cannot change"),
    ({"options": "Monday\nTuesday"}, "options", "its choices cannot be removed"),
    ({"options": "Tuesday\nMonday\nWednesday"}, "options", "its choices must stay in their order"),
])
def test_answered_choices_and_kinds_stay(client, answered, db, fields, field, message):
    survey, choice, _rating = answered
    data = _item("single", "Which day was best?", options="Monday\nTuesday\nWednesday")
    data.update(fields)
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{choice.id}", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    db.session.refresh(choice)
    assert choice.kind == "single"
    assert choice.options == ["Monday", "Tuesday", "Wednesday"]


def test_answered_questions_may_still_be_reworded_and_get_more_choices(client, answered, db):
    survey, choice, rating = answered
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{choice.id}", data=_item(
        "single", "Which day helped you most?", options="Monday (opening)\nTuesday\nWednesday\nThursday"))
    assert response.status_code == 302
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{rating.id}", data=_item(
        "rating", "How useful was it?", low_label="Useless", high_label="Essential"))
    db.session.refresh(choice)
    db.session.refresh(rating)
    assert choice.text == "Which day helped you most?"
    assert choice.options == ["Monday (opening)", "Tuesday", "Wednesday", "Thursday"]
    assert rating.options == ["Useless", "Essential"]


def test_the_last_question_of_an_open_survey_is_not_deleted(client, forum, create_survey, db):
    survey = create_survey(forum, items=[("section", "The forum"), ("rating", "Useful?", ["No", "Yes"])])
    heading, question = survey.items
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{question.id}/delete", follow_redirects=True)
    assert "is the survey’s last question" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [item.text for item in survey.items] == ["The forum", "Useful?"]
    client.post(f"/forums/acf/surveys/{survey.id}/questions/{heading.id}/delete")  # a heading may go
    db.session.expire_all()
    assert [item.text for item in survey.items] == ["Useful?"]
    draft = create_survey(forum, title="Draft", items=[("short", "Why?")], opens_at=None)
    client.post(f"/forums/acf/surveys/{draft.id}/questions/{draft.items[0].id}/delete")  # not open: fine
    db.session.expire_all()
    assert draft.items == []
def test_the_last_question_of_an_open_survey_does_not_become_a_heading(client, forum, create_survey, db):
    survey = create_survey(forum, items=[("section", "The forum"), ("rating", "Useful?", ["No", "Yes"])])
    question = survey.items[1]
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{question.id}",
                           data=_item("section", "Useful?"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="kind-error"' in page
    assert "so it cannot become a section heading" in page
    db.session.refresh(question)
    assert question.kind == "rating"
    draft = create_survey(forum, title="Draft", items=[("short", "Why?")], opens_at=None)
    client.post(f"/forums/acf/surveys/{draft.id}/questions/{draft.items[0].id}", data=_item("section", "Why"))
    db.session.refresh(draft.items[0])
    assert draft.items[0].kind == "section"  # not open: fine


def test_sending_and_every_edit_of_what_is_answered_wait_for_the_same_survey_lock(forum, create_survey, db,
                                                                                   create_registration,
                                                                                   monkeypatch):
    """On PostgreSQL "has this question been answered?" and a sheet being written would interleave: sending,
    the settings, an item's edit and its deletion each take the survey's row lock (evaluations.locks) before
    they check anything. (A real two-connection race is not run here: this checks they share the lock.)"""
    taken = []

    def spy(survey):
        taken.append(survey.id)
        locks.lock_survey(survey)

    for module in (answer_operations, builder_operations):
        monkeypatch.setattr(module, "lock_survey", spy)
    survey = create_survey(forum, items=[("rating", "Useful?", ["No", "Yes"]), ("short", "Why?")])
    rating, why = survey.items
    registration, _token = create_registration(forum, status="confirmed")
    answer_operations.send_answers(forum, survey, registration, {str(rating.id): "4"}, datetime.now(UTC))
    builder_operations.update_item(survey, why, {**_item("long", "Why, at length?")})
    builder_operations.delete_item(forum, survey, why)
    builder_operations.update_settings(forum, survey, {"title": "Renamed", "opens_at": survey.opens_at})
    assert taken == [survey.id] * 4


@pytest.mark.parametrize(("kind", "shown", "not_shown"), [
    ("section", (), ("For a rating", "For a single or multiple choice", 'name="required"')),
    ("rating", ("For a rating", 'name="required"'), ("For a single or multiple choice",)),
    ("single", ("For a single or multiple choice", 'name="required"'), ("For a rating",)),
    ("long", ('name="required"',), ("For a rating", "For a single or multiple choice")),
])
def test_editing_an_item_shows_only_the_fields_of_its_kind(client, forum, create_survey, kind, shown, not_shown):
    survey = create_survey(forum, items=[(kind, "The item", ["A", "B"] if kind in ("rating", "single") else [])],
                           opens_at=None)
    [item] = survey.items
    page = client.get(f"/forums/acf/surveys/{survey.id}/questions/{item.id}").get_data(as_text=True)
    for text in shown:
        assert text in page
    for text in not_shown:
        assert text not in page


def test_changing_the_kind_to_a_choice_then_asks_for_its_choices(client, forum, create_survey):
    survey = create_survey(forum, items=[("short", "Which day?")], opens_at=None)
    [item] = survey.items
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{item.id}", data=_item("single", "Which day?"))
    assert response.status_code == 422
    assert "For a single or multiple choice" in response.get_data(as_text=True)


def test_saved_says_so_beside_the_item_the_page_lands_on(client, forum, create_survey):
    survey = create_survey(forum, items=[("short", "First?"), ("long", "Second?")], opens_at=None)
    first, second = survey.items
    response = client.post(f"/forums/acf/surveys/{survey.id}/questions/{second.id}", data=_item("long", "Reworded?"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?saved={second.id}#item-{second.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    at_item = page[page.index(f'id="item-{second.id}"'):]
    assert at_item.index("Saved.") < at_item.index("</li>")
    assert page.count("Saved.") == 1
    added = client.post(f"/forums/acf/surveys/{survey.id}/questions", data=_item("short", "Third?"))
    assert "?added=" in added.headers["Location"]
    assert "Added." in client.get(added.headers["Location"]).get_data(as_text=True)
