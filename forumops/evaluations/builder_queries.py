"""Reads for building surveys: the organisers' list (state, who is asked, how many answered) in a fixed number of
queries, one survey with its items, what has been answered, and a survey's texts in a reader's language.

`survey_texts(forum, survey, language)` is the one place the answering and results pages read a survey's title,
intro and every item's text, help and choices in a language: the forum's version where it has one, else the main
language's original (forums.versions), in one query however many items there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from ..clusters.models import ClusterAssignment
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import SURVEY, SURVEY_ITEM, Shown, Versions, versions_for
from ..registration.models import DayAttendance, Registration
from .models import Survey, SurveyAnswer, SurveyItem, SurveyResponse

SURVEY_STATES = ("draft", "scheduled", "open", "closed")


def option_field(index: int) -> str:
    """Where the version of an item's choice (or a rating's end label) is kept: "option.0", "option.1"."""
    return f"option.{index}"


def survey_state_of(survey: Survey, now: datetime | None = None) -> str:
    """When the survey takes answers, one of SURVEY_STATES: draft (no opening time yet), scheduled (it opens
    later), open, closed."""
    now = now or utcnow()
    if survey.opens_at is None:
        return "draft"
    if survey.closes_at is not None and now >= survey.closes_at:
        return "closed"
    if now < survey.opens_at:
        return "scheduled"
    return "open"


@dataclass(frozen=True)
class SurveyRow:
    """One line of the organisers' surveys page."""

    survey: Survey
    state: str
    asked: int
    responses: int  # sent answer sheets (for a test: the "before" round)
    responses_after: int  # a test's "after" round; 0 for an evaluation
    questions: int


def list_surveys(forum: Forum, now: datetime | None = None) -> list[SurveyRow]:
    """The forum's surveys in their order with their state, how many each asks and how many answered: four queries
    whatever the number of surveys and people (who is asked is counted here from one read of the forum's
    confirmed registrations, as evaluations.audience defines it)."""
    surveys = list(db.session.scalars(select(Survey).where(Survey.forum_id == forum.id)
                                      .options(selectinload(Survey.items)).order_by(Survey.position, Survey.id)))
    if not surveys:
        return []
    counts: dict[tuple[int, str], int] = {
        (survey_id, phase): count for survey_id, phase, count in db.session.execute(
            select(SurveyResponse.survey_id, SurveyResponse.phase, func.count())
            .where(SurveyResponse.survey_id.in_([s.id for s in surveys]))
            .group_by(SurveyResponse.survey_id, SurveyResponse.phase))}
    asked = _asked_counts(forum, surveys)
    return [SurveyRow(s, survey_state_of(s, now), asked[s.id],
                      counts.get((s.id, "before" if s.is_test else ""), 0), counts.get((s.id, "after"), 0),
                      sum(1 for item in s.items if item.is_question)) for s in surveys]


def _asked_counts(forum: Forum, surveys: list[Survey]) -> dict[int, int]:
    """How many people each survey asks (evaluations.audience's rule), from two queries for them all."""
    people = db.session.execute(
        select(Registration.id, Registration.category,
               exists().where(DayAttendance.registration_id == Registration.id))
        .where(Registration.forum_id == forum.id, Registration.status == "confirmed")).all()
    members: dict[int, set[int]] = defaultdict(set)
    if any(s.audience == "cluster" for s in surveys):
        for registration_id, cluster_id in db.session.execute(
                select(ClusterAssignment.registration_id, ClusterAssignment.cluster_id)
                .join(Registration, Registration.id == ClusterAssignment.registration_id)
                .where(Registration.forum_id == forum.id)):
            if cluster_id is not None and registration_id is not None:
                members[cluster_id].add(registration_id)
    counts = {}
    for survey in surveys:
        if survey.audience == "attended":
            counts[survey.id] = sum(1 for _id, _category, attended in people if attended)
        elif survey.audience == "cluster":
            cluster = members.get(survey.audience_cluster_id or 0, set())
            counts[survey.id] = sum(1 for registration_id, _c, _a in people if registration_id in cluster)
        elif survey.audience == "category":
            counts[survey.id] = sum(1 for _id, category, _a in people if category == survey.audience_category)
        else:
            counts[survey.id] = len(people)
    return counts




def get_item(survey: Survey, item_id: int) -> SurveyItem | None:
    """One of the survey's items (another survey's id is not found)."""
    return next((item for item in survey.items if item.id == item_id), None)


def has_responses(survey: Survey) -> bool:
    """Whether anyone has sent an answer sheet (one query)."""
    return db.session.scalar(select(exists().where(SurveyResponse.survey_id == survey.id))) or False


def answered_item_ids(survey: Survey) -> set[int]:
    """The ids of the survey's items that have at least one answer counted (one query)."""
    return set(db.session.scalars(select(SurveyAnswer.item_id).distinct()
                                  .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
                                  .where(SurveyItem.survey_id == survey.id)))


def item_has_answers(item: SurveyItem) -> bool:
    """Whether anyone answered this item (one query)."""
    return db.session.scalar(select(exists().where(SurveyAnswer.item_id == item.id))) or False


# --- a survey's texts in a language, for the answering and results pages ---------------------------------------


@dataclass(frozen=True)
class ItemTexts:
    """An item's words as a reader reads them. `options` are a choice question's choices, or a rating's two end
    labels (lowest, highest), in the same order as the item's stored options: an answer's index points into both."""

    text: Shown
    help: Shown
    options: tuple[Shown, ...]


@dataclass(frozen=True)
class SurveyTexts:
    title: Shown
    intro: Shown
    items: dict[int, ItemTexts]  # by item id

    def of(self, item: SurveyItem) -> ItemTexts:
        """The texts of one item of the survey."""
        return self.items[item.id]


def survey_texts(forum: Forum, survey: Survey, language: str | None = None) -> SurveyTexts:
    """The survey's title, intro and each item's text, help and options in `language` (the page's language by
    default): the forum's version where there is an up-to-date one, else the main language's text, each a
    forums.versions.Shown that says which language it is in (for `lang=` and the "Shown in English" marker).
    One query for the versions, none when the reader reads the main language; the items must be loaded
    (find_survey loads them)."""
    return texts_in(versions_for(forum, language), survey)


def texts_in(versions: Versions, survey: Survey) -> SurveyTexts:
    """survey_texts with the versions already read (a page that reads them for other texts too)."""
    items = {}
    for item in survey.items:
        items[item.id] = ItemTexts(
            versions.pick(SURVEY_ITEM, item.id, "text", item.text),
            versions.pick(SURVEY_ITEM, item.id, "help", item.help),
            tuple(versions.pick(SURVEY_ITEM, item.id, option_field(index), option)
                  for index, option in enumerate(item.options or [])))
    return SurveyTexts(versions.pick(SURVEY, survey.id, "title", survey.title),
                       versions.pick(SURVEY, survey.id, "intro", survey.intro), items)


def surveys_with_items(forum: Forum) -> list[Survey]:
    """The forum's surveys with their items, in order (the translation page lists their texts): two queries."""
    return list(db.session.scalars(select(Survey).where(Survey.forum_id == forum.id)
                                   .options(selectinload(Survey.items)).order_by(Survey.position, Survey.id)))
