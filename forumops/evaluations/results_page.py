"""What the results page shows of a survey, as plain data: the numbers of results.survey_results, kept between
requests, and the words around them (each value's label and share, each group's name, the recommendation
score's three parts).

The numbers of 2,000 answer sheets take the database and the roll-up about half a second to count, so they are
kept in a small per-process cache (core.cache.BoundedCache) keyed by what they are counted from: the survey (its
id and when it was made, as an id can be used again after a deletion), the round, whether it is anonymous, its
questions' kinds and choices, and how many sheets were sent. A sent sheet is only ever added: never edited, and
deleted only with its whole survey (a new key). So that count changes whenever the numbers can; the answering
pages need not know this cache exists, and nothing is keyed by time. Should sheets ever be deleted one by one
(an erasure), the count still falls, but the key must then also change when one is deleted and another added
between two views. The response rate's "asked" is read fresh on every request (registrations change without
any answer arriving); the labels are applied when the page is drawn, in the reader's language, so the cached
numbers are the same for everyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..agenda.models import Cluster
from ..core.cache import BoundedCache
from ..core.reference import country_name
from ..extensions import db
from ..forums.models import Forum
from ..registration.labels import CATEGORY_LABELS, GENDER_LABELS
from .audience import asked_count
from .labels import value_labels
from .models import SCALES, Survey, SurveyItem, SurveyResponse
from .results import DIMENSIONS, Group, QuestionResult, Summary, TextAnswer, survey_results


@dataclass(frozen=True)
class QuestionNumbers:
    """One question's numbers without the question itself (so they can be kept between requests)."""

    summary: Summary
    breakdowns: dict[str, tuple[Group, ...]]
    hidden: dict[str, int]
    texts: tuple[TextAnswer, ...]


@dataclass(frozen=True)
class SurveyNumbers:
    responded: int
    questions: dict[int, QuestionNumbers]  # item id -> its numbers


_numbers: BoundedCache[SurveyNumbers] = BoundedCache(maxsize=32)




def sent_count(survey: Survey, phase: str) -> int:
    """How many answer sheets were sent to this survey in this round (one query)."""
    return db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.phase == phase)) or 0


def numbers_key(survey: Survey, phase: str, sent: int) -> tuple:
    """Everything the numbers are counted from (see the module's docstring)."""
    return (survey.id, survey.created_at, phase, survey.anonymous, sent,
            tuple((item.id, item.kind, len(item.options or ())) for item in survey.items if item.is_question))


def survey_numbers(survey: Survey, phase: str) -> SurveyNumbers:
    """The survey's numbers in this round: counted once, then kept until an answer sheet arrives."""
    def count() -> SurveyNumbers:
        results = survey_results(survey, phase)
        return SurveyNumbers(results.responded, {question.item.id: _numbers_of(question)
                                                 for question in results.questions})

    return _numbers.get_or_build(numbers_key(survey, phase, sent_count(survey, phase)), count)


def clear_cache() -> None:
    """Forget every kept count (the benchmark's "first request")."""
    _numbers.clear()


def _numbers_of(question: QuestionResult) -> QuestionNumbers:
    return QuestionNumbers(question.summary, question.breakdowns, question.hidden, question.texts)


# --- the words around the numbers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ValueRow:
    label: str
    count: int
    share: int | None  # percent of those who answered the question
    correct: bool = False  # a test's right choice


@dataclass(frozen=True)
class GroupRow:
    label: str
    is_other: bool  # the small groups merged into "Other"
    answered: int
    mean: str  # formatted with one decimal, "" for choices
    score: str  # the recommendation score, "" for other kinds
    shares: tuple[int, ...]  # percent per choice, for choice questions


@dataclass(frozen=True)
class ScoreParts:
    promoters: int
    passives: int
    detractors: int


def percent(part: int, whole: int) -> int | None:
    """A whole percentage, None of nothing."""
    return round(100 * part / whole) if whole else None


def one_decimal(number: float | None) -> str:
    """A mean or median as the page's language writes it, always with one decimal ("3.8", "4.0"): a column of
    means reads alike, and "4" would look like a count."""
    return "" if number is None else format_decimal(round(number, 1), "#,##0.0")


def value_rows(item: SurveyItem, summary: Summary) -> list[ValueRow]:
    """Each value of a question with its label, how many gave it, and its share of those who answered."""
    labels = value_labels(item.kind, item.options or [])
    right = item.correct if item.survey.is_test and item.kind == "single" else None
    return [ValueRow(label, bar.count, percent(bar.count, summary.answered), index == right)
            for index, (label, bar) in enumerate(zip(labels, summary.bars, strict=True))]


def score_parts(summary: Summary) -> ScoreParts:
    """A 0 to 10 question's promoters (9, 10), passives (7, 8) and detractors (0 to 6)."""
    return ScoreParts(sum(bar.count for bar in summary.bars if bar.value >= 9),
                      sum(bar.count for bar in summary.bars if 7 <= bar.value <= 8),
                      sum(bar.count for bar in summary.bars if bar.value <= 6))


def cluster_names(forum: Forum) -> dict[str, str]:
    """The forum's clusters' names by id as text, as the breakdowns key them (one query)."""
    return {str(cluster_id): name for cluster_id, name in db.session.execute(
        select(Cluster.id, Cluster.name).where(Cluster.forum_id == forum.id))}


def group_label(dimension: str, group: Group, clusters: Mapping[str, str]) -> str:
    """A group's name: a gender or a category as registration names it, a country's name, a cluster's name;
    "Not stated" / "No cluster" for none, and "Other (3 groups)" for the merged small groups."""
    if group.is_other:
        return ngettext("Other (%(num)d group)", "Other (%(num)d groups)", group.members)
    key = group.key or ""
    if dimension == "cluster":
        return clusters.get(key, _("No cluster")) if key else _("No cluster")
    if not key:
        return _("Not stated")
    if dimension == "gender":
        return str(GENDER_LABELS.get(key, key))
    if dimension == "category":
        return str(CATEGORY_LABELS.get(key, key))
    return country_name(key)


def group_rows(item: SurveyItem, dimension: str, groups: Sequence[Group],
               clusters: Mapping[str, str]) -> list[GroupRow]:
    """One dimension's groups as the breakdown table shows them: how many answered, the mean (and score) of a
    scale, or the share of each choice."""
    rows = []
    for group in groups:
        summary = group.summary
        shares: tuple[int, ...] = ()
        if item.kind not in SCALES:
            shares = tuple(percent(bar.count, summary.answered) or 0 for bar in summary.bars)
        rows.append(GroupRow(group_label(dimension, group, clusters), group.is_other, summary.answered,
                             one_decimal(summary.mean),
                             "" if summary.score is None else str(summary.score), shares))
    return rows


@dataclass(frozen=True)
class QuestionView:
    """One question as the page draws it."""

    item: SurveyItem
    number: int
    numbers: QuestionNumbers
    values: list[ValueRow]
    score: ScoreParts | None
    groups: list[GroupRow]
    hidden: int


@dataclass(frozen=True)
class ResultsPage:
    survey: Survey
    phase: str
    asked: int
    responded: int
    parts: list[tuple[SurveyItem | None, list[QuestionView]]]  # (section heading or None, its questions)
    dimension: str  # the breakdown chosen, "" for none

    @property
    def rate(self) -> int | None:
        return percent(self.responded, self.asked)


def results_page(forum: Forum, survey: Survey, phase: str, dimension: str) -> ResultsPage:
    """The page's data: the kept numbers (or counted now), the response rate, and, for a breakdown, the groups
    with their names. Constant queries: the count of sheets, those asked, and the clusters' names when needed
    (plus survey_results' six when the numbers are counted)."""
    numbers = survey_numbers(survey, phase)
    clusters = cluster_names(forum) if dimension == "cluster" else {}
    parts: list[tuple[SurveyItem | None, list[QuestionView]]] = [(None, [])]
    number = 0
    for item in survey.items:
        if not item.is_question:
            parts.append((item, []))
            continue
        number += 1
        found = numbers.questions.get(item.id)
        if found is None:
            continue
        groups = group_rows(item, dimension, found.breakdowns.get(dimension, ()), clusters) if dimension else []
        parts[-1][1].append(QuestionView(
            item, number, found, value_rows(item, found.summary) if item.kind not in ("short", "long") else [],
            score_parts(found.summary) if item.kind == "nps" else None, groups, found.hidden.get(dimension, 0)))
    if not parts[0][1]:
        parts.pop(0)
    return ResultsPage(survey, phase, asked_count(survey), numbers.responded, parts, dimension)


def chosen_dimension(value: str | None) -> str:
    """The breakdown asked for in the address, or none when it names no dimension."""
    return value if value in DIMENSIONS else ""
