"""The before-and-after gain as a pure computation, with numbers worked out by hand: only people who answered
both rounds are paired, one round alone changes nothing, a question without a right choice is not scored, and a
question left unanswered is not right."""

from __future__ import annotations

import pytest

from forumops.evaluations.gain import AnswerRow, KnowledgeQuestion, Person, compute_gain

Q1 = KnowledgeQuestion(1, "What does MSME stand for?", correct=0, options=3)
Q2 = KnowledgeQuestion(2, "Which ministry registers cooperatives?", correct=1, options=3)
Q3 = KnowledgeQuestion(3, "Which topic was new to you?", correct=None, options=3)  # no right choice set
QUESTIONS = (Q1, Q2, Q3)
PEOPLE = {1: Person(1, "Bounmy Phommachanh", "Lao Women's Union"), 2: Person(2, "Aye Aye Thant", "MSME Network"),
          3: Person(3, "Chea Sophal", ""), 4: Person(4, "Dao Thi Hoa", ""), 5: Person(5, "Ei Mon", "")}


def sheet(person: int | None, phase: str, answers: dict[int, int], sheet_id: str = "") -> list[AnswerRow]:
    response_id = sheet_id or f"{person}-{phase}"
    if not answers:
        return [AnswerRow(response_id, person, phase, None, None)]
    return [AnswerRow(response_id, person, phase, item, choice) for item, choice in answers.items()]


# Paired people (both rounds):
#   1: before Q1 right, Q2 wrong      -> 1/2; after Q1 right, Q2 right   -> 2/2; gain +50 points
#   2: before Q1 wrong, Q2 unanswered -> 0/2; after Q1 right, Q2 wrong   -> 1/2; gain +50 points
#   3: before Q1 right, Q2 right      -> 2/2; after Q1 right, Q2 blank   -> 1/2; gain -50 points
# Q1: right before 2 of 3, after 3 of 3: +33.3 points. Q2: 1 of 3 before, 1 of 3 after: 0 points.
# Average gain: (50 + 50 - 50) / 3 = 16.7 points, the mean of the questions' gains as well.
PAIRED = [*sheet(1, "before", {1: 0, 2: 0, 3: 2}), *sheet(1, "after", {1: 0, 2: 1, 3: 1}),
          *sheet(2, "before", {1: 1}), *sheet(2, "after", {1: 0, 2: 0}),
          *sheet(3, "before", {1: 0, 2: 1}), *sheet(3, "after", {1: 0})]
# 4 answered only before (all right), 5 only after (all wrong)
ONE_ROUND = [*sheet(4, "before", {1: 0, 2: 1}), *sheet(5, "after", {1: 2, 2: 2})]


def test_the_gain_per_question_is_computed_on_people_who_answered_both_rounds():
    report = compute_gain(QUESTIONS, PAIRED + ONE_ROUND, PEOPLE)
    first, second = report.questions
    assert (first.before_right, first.after_right, first.paired) == (2, 3, 3)
    assert first.before_share == pytest.approx(2 / 3)
    assert first.after_share == 1
    assert first.gain_points == pytest.approx(100 / 3)
    assert (second.before_right, second.after_right) == (1, 1)
    assert second.gain_points == 0


def test_each_person_has_a_score_before_and_after_largest_gain_first():
    report = compute_gain(QUESTIONS, PAIRED + ONE_ROUND, PEOPLE)
    assert [(p.name, p.before, p.after, p.out_of) for p in report.people] == [
        ("Aye Aye Thant", 0, 1, 2), ("Bounmy Phommachanh", 1, 2, 2), ("Chea Sophal", 2, 1, 2)]
    assert [p.gain_points for p in report.people] == [50, 50, -50]
    assert report.people[1].organisation == "Lao Women's Union"
    assert report.average_gain == pytest.approx(50 / 3)


def test_someone_who_answered_only_once_is_counted_apart_and_changes_no_gain():
    with_them = compute_gain(QUESTIONS, PAIRED + ONE_ROUND, PEOPLE)
    without_them = compute_gain(QUESTIONS, PAIRED, PEOPLE)
    assert (with_them.only_before, with_them.only_after) == (1, 1)
    assert (without_them.only_before, without_them.only_after) == (0, 0)
    assert with_them.questions == without_them.questions
    assert with_them.people == without_them.people
    assert with_them.average_gain == without_them.average_gain
    assert with_them.paired == 3


def test_a_question_without_a_right_choice_is_left_out_of_scores_and_listed():
    report = compute_gain(QUESTIONS, PAIRED, PEOPLE)
    assert [q.item_id for q in report.questions] == [1, 2]
    assert report.not_scored == (Q3,)
    assert all(person.out_of == 2 for person in report.people)
    # a right choice outside the options is no right choice either
    assert not KnowledgeQuestion(9, "Broken", correct=5, options=3).is_scored


def test_a_sheet_sent_with_nothing_answered_counts_as_all_wrong():
    report = compute_gain((Q1, Q2), [*sheet(1, "before", {}), *sheet(1, "after", {1: 0, 2: 1})], PEOPLE)
    [person] = report.people
    assert (person.before, person.after, person.gain_points) == (0, 2, 100)


def test_sheets_that_name_nobody_are_never_paired():
    answers = [*sheet(None, "before", {1: 0}, "a"), *sheet(None, "after", {1: 0}, "b"), *PAIRED]
    report = compute_gain(QUESTIONS, answers, PEOPLE)
    assert report.unnamed == 2
    assert report.paired == 3
    assert report.questions == compute_gain(QUESTIONS, PAIRED, PEOPLE).questions


def test_nobody_paired_gives_no_shares_and_no_average():
    report = compute_gain(QUESTIONS, ONE_ROUND, PEOPLE)
    assert report.people == ()
    assert report.average_gain is None
    assert all(q.before_share is None and q.gain_points is None for q in report.questions)
