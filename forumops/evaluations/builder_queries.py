"""Reads for building surveys: the organisers' list (state, who is asked, how many answered) in a fixed number of
queries, one survey with its items, what has been answered, and a survey's texts in a reader's language.

`texts_in(versions, survey)` is the one place the answering pages read a survey's title, intro and every item's
text, help and choices in a language: the forum's version where it has one, else the main language's original
(forums.versions), with no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from ..agenda.models import Cluster
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import SURVEY, SURVEY_ITEM, Shown, Versions
from .models import Survey, SurveyAnswer, SurveyItem, SurveyResponse
from .queries import forum_surveys
from .rates import RoundRate, rounds_of

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
    rounds: tuple[RoundRate, ...]  # who is asked and how many of them answered: one round, or a test's two
    questions: int

    @property
    def asked(self) -> int:
        return self.rounds[0].asked


def survey_rows(forum: Forum, now: datetime | None = None) -> list[SurveyRow]:
    """The forum's surveys in their order with their state, how many each asks and how many of them answered
    (evaluations.rates, as every page showing a rate counts it): four or five queries whatever the number of
    surveys and people."""
    surveys = forum_surveys(forum, with_items=True)
    rounds = rounds_of(surveys)
    return [SurveyRow(s, survey_state_of(s, now), rounds[s.id], sum(1 for item in s.items if item.is_question))
            for s in surveys]


def next_position(forum: Forum) -> int:
    """The place of a new survey: after the forum's last (one query)."""
    return (db.session.scalar(select(func.coalesce(func.max(Survey.position), -1))
                              .where(Survey.forum_id == forum.id)) or 0) + 1


def is_cluster_of(forum: Forum, cluster_id: int) -> bool:
    """Whether this cluster id is one of the forum's clusters (one query)."""
    return db.session.scalar(select(Cluster.id).where(Cluster.id == cluster_id, Cluster.forum_id == forum.id)) \
        is not None


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


def texts_in(versions: Versions, survey: Survey) -> SurveyTexts:
    """The survey's title, intro and each item's text, help and options in the versions' language: the forum's
    version where there is an up-to-date one, else the main language's text, each a forums.versions.Shown that
    says which language it is in (for `lang=` and the "Shown in English" marker). No query: `versions` are read
    once by the page (forums.versions.versions_for), and the items must be loaded (find_survey loads them)."""
    items = {}
    for item in survey.items:
        items[item.id] = ItemTexts(
            versions.pick(SURVEY_ITEM, item.id, "text", item.text),
            versions.pick(SURVEY_ITEM, item.id, "help", item.help),
            tuple(versions.pick(SURVEY_ITEM, item.id, option_field(index), option)
                  for index, option in enumerate(item.options or [])))
    return SurveyTexts(versions.pick(SURVEY, survey.id, "title", survey.title),
                       versions.pick(SURVEY, survey.id, "intro", survey.intro), items)
