"""Reads of the participants' side of surveys: the open surveys that ask a person, where they stand with each
(not started, a draft saved, sent), and a survey's texts in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, select

from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import SURVEY, Shown, Versions, versions_for
from ..registration.models import Registration
from .audience import asked_statement, asks
from .builder_queries import texts_in
from .models import Survey, SurveyAnswer, SurveyItem, SurveyResponder, SurveyResponse
from .queries import find_survey, forum_surveys

ANSWER_STATES = ("new", "draft", "sent")  # not started, a draft saved, sent


def linkable_survey(forum: Forum, survey_id: int | None) -> Survey | None:
    """The survey a message's {survey_link} leads to: the one the message names (its "has not yet answered"
    filter), once published (an opening time set, even one to come); never another (one query, none without
    an id)."""
    if not survey_id:
        return None
    survey = find_survey(forum, survey_id, with_items=False)
    return survey if survey is not None and survey.opens_at is not None else None


def survey_for_links(forum: Forum, survey_id: int | None) -> tuple[Survey | None, set[int]]:
    """linkable_survey, and the registrations it asks (None and nobody: no such published survey)."""
    survey = linkable_survey(forum, survey_id)
    return survey, (asked_ids(survey) if survey is not None else set())


def pending_statement(survey: Survey, now: datetime) -> Select:
    """SELECT the ids of the registrations the survey asks who have not sent their answers for the round open at
    `now`: whom a reminder goes to (the composer's "has not yet answered" filter)."""
    sent = exists().where(SurveyResponder.survey_id == survey.id, SurveyResponder.registration_id == Registration.id,
                          SurveyResponder.phase == survey.phase_at(now), SurveyResponder.submitted.is_(True))
    return asked_statement(survey).where(~sent)


def asked_ids(survey: Survey) -> set[int]:
    """The ids of every registration the survey asks (one query), for a page or a message about many."""
    return set(db.session.scalars(asked_statement(survey)))


def asking(surveys: list[Survey], registration: Registration) -> list[Survey]:
    """Those of `surveys` that ask this registration: one query for them all (evaluations.audience.asks)."""
    if not surveys or registration.status != "confirmed" or registration.erased_at is not None:
        return []
    found = set(db.session.scalars(select(Survey.id).where(
        Survey.id.in_([survey.id for survey in surveys]), Registration.id == registration.id, asks())))
    return [survey for survey in surveys if survey.id in found]


def responder_of(survey: Survey, registration: Registration, phase: str) -> SurveyResponder | None:
    """The person's row for this survey and round: their draft, or that they sent it (None: never opened)."""
    return db.session.scalar(select(SurveyResponder).where(
        SurveyResponder.survey_id == survey.id, SurveyResponder.registration_id == registration.id,
        SurveyResponder.phase == phase))


def answer_state_of(responder: SurveyResponder | None) -> str:
    """Where the person stands with one round of a survey: one of ANSWER_STATES."""
    if responder is None:
        return "new"
    if responder.submitted:
        return "sent"
    return "draft" if responder.draft_saved_at is not None else "new"


@dataclass(frozen=True)
class MySurvey:
    """An open survey that asks the person, as their panel lists it."""

    survey: Survey
    title: Shown
    phase: str  # the round open now ("" for an evaluation)
    state: str  # ANSWER_STATES


def my_surveys(forum: Forum, registration: Registration, now: datetime) -> list[MySurvey]:
    """The open surveys asking this person, each with the round open now and where they stand in it: three
    queries (the surveys, who they ask, the person's rows), and one for the titles when the page's language
    has versions."""
    surveys = asking(forum_surveys(forum, open_at=now), registration)
    if not surveys:
        return []
    rows = {(row.survey_id, row.phase): row for row in db.session.scalars(select(SurveyResponder).where(
        SurveyResponder.registration_id == registration.id,
        SurveyResponder.survey_id.in_([survey.id for survey in surveys])))}
    versions = versions_for(forum)
    found = []
    for survey in surveys:
        phase = survey.phase_at(now)
        found.append(MySurvey(survey, versions.pick(SURVEY, survey.id, "title", survey.title), phase,
                              answer_state_of(rows.get((survey.id, phase)))))
    return found


@dataclass(frozen=True)
class ShownItem:
    """A question (or a section) with its texts in the reader's language."""

    item: SurveyItem
    text: Shown
    help: Shown
    options: list[Shown]  # the choices, or a rating's two labelled ends, each in the reader's language where
    # written, each knowing its own language (a choice may fall back to the original when the question did not)


@dataclass(frozen=True)
class ShownSurvey:
    survey: Survey
    title: Shown
    intro: Shown
    items: list[ShownItem]
    versions: Versions


def shown_survey(forum: Forum, survey: Survey) -> ShownSurvey:
    """The survey as the reader sees it: its questions in order, each text in the page's language where the
    organisers wrote a version (one query for the versions, one for the items)."""
    versions = versions_for(forum)
    texts = texts_in(versions, survey)
    items = [ShownItem(item, texts.of(item).text, texts.of(item).help, list(texts.of(item).options))
             for item in survey.items]
    return ShownSurvey(survey, texts.title, texts.intro, items, versions)


def survey_data_of(registration: Registration) -> list[dict]:
    """What the person's own data export lists of surveys (two queries): each survey they opened, with their
    unsent draft, and the answers of every NAMED sheet they sent. Anonymous sheets lead to nobody, so they
    cannot be listed as anyone's."""
    surveys: dict[int, dict] = {}

    def entry(survey: Survey) -> dict:
        return surveys.setdefault(survey.id, {"survey": survey.title, "anonymous": survey.anonymous,
                                              "opened": [], "answers_sent": []})

    for responder, survey in db.session.execute(select(SurveyResponder, Survey).join(
            Survey, Survey.id == SurveyResponder.survey_id).where(SurveyResponder.registration_id == registration.id)
            .order_by(Survey.id, SurveyResponder.phase)):
        entry(survey)["opened"].append({
            "round": responder.phase, "sent": responder.submitted, "draft": responder.draft,
            "draft_saved_at": responder.draft_saved_at.isoformat() if responder.draft_saved_at else None})
    rows = db.session.execute(select(SurveyResponse, SurveyAnswer, SurveyItem, Survey)
                              .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
                              .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
                              .join(Survey, Survey.id == SurveyResponse.survey_id)
                              .where(SurveyResponse.registration_id == registration.id)
                              .order_by(Survey.id, SurveyResponse.phase, SurveyItem.position, SurveyAnswer.choice))
    sheets: dict[str, dict] = {}
    for response, answer, item, survey in rows:
        if response.id not in sheets:
            sheets[response.id] = {"round": response.phase, "sent_on": response.submitted_on.isoformat(),
                                   "answers": []}
            entry(survey)["answers_sent"].append(sheets[response.id])
        options = item.options or []
        shown = answer.text if answer.text is not None else (
            options[answer.number] if item.kind in ("single", "multiple") and answer.number is not None
            and 0 <= answer.number < len(options) else answer.number)
        sheets[response.id]["answers"].append({"question": item.text, "answer": shown})
    return list(surveys.values())
