"""Reading a before-and-after test's rows for evaluations.gain's computation: the questions, the answers of both
rounds and who the people are, in three queries for one or several tests whatever their number of answers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from ..extensions import db
from ..organisations.models import Organisation
from ..registration.models import Registration
from .gain import ROUNDS, AnswerRow, GainReport, KnowledgeQuestion, Person, compute_gain
from .models import Survey, SurveyAnswer, SurveyItem, SurveyResponse


def read_gains(surveys: Sequence[Survey], with_people: bool = True) -> dict[int, GainReport]:
    """The gain of each of these tests (surveys of another kind are skipped), in three queries whatever their
    number and their answers: the questions, the answers of both rounds, and the people's names (not read when
    `with_people` is False, for a page that shows only the averages)."""
    ids = [survey.id for survey in surveys if survey.is_test]
    if not ids:
        return {}
    questions: dict[int, list[KnowledgeQuestion]] = defaultdict(list)
    for survey_id, item_id, text, correct, options in db.session.execute(
            select(SurveyItem.survey_id, SurveyItem.id, SurveyItem.text, SurveyItem.correct, SurveyItem.options)
            .where(SurveyItem.survey_id.in_(ids), SurveyItem.kind != "section")
            .order_by(SurveyItem.survey_id, SurveyItem.position, SurveyItem.id)):
        questions[survey_id].append(KnowledgeQuestion(item_id, text, correct, len(options or ())))
    R, A = SurveyResponse, SurveyAnswer
    answers: dict[int, list[AnswerRow]] = defaultdict(list)
    for survey_id, response_id, registration_id, phase, item_id, choice in db.session.execute(
            select(R.survey_id, R.id, R.registration_id, R.phase, A.item_id, A.number)
            .outerjoin(A, A.response_id == R.id).where(R.survey_id.in_(ids), R.phase.in_(ROUNDS))):
        answers[survey_id].append(AnswerRow(response_id, registration_id, phase, item_id, choice))
    people: dict[int, Person] = {}
    if with_people:
        answered = select(R.registration_id).where(R.survey_id.in_(ids), R.registration_id.is_not(None))
        for registration_id, name, organisation in db.session.execute(
                select(Registration.id, Registration.name, Organisation.name)
                .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
                .where(Registration.id.in_(answered))):
            people[registration_id] = Person(registration_id, name, organisation or "")
    return {survey_id: compute_gain(questions[survey_id], answers[survey_id], people) for survey_id in ids}


def survey_gain(survey: Survey) -> GainReport:
    """The gain of one test, for its page (three queries)."""
    return read_gains([survey])[survey.id]
