"""What the results page shows of a survey, as plain data: the numbers of evaluations.numbers (kept between
requests), and the words around them (each value's label and share, each group's name, the recommendation
score's three parts).

The response rate's "asked" is read fresh on every request (registrations change without any answer arriving);
the labels are applied when the page is drawn, in the reader's language, so the kept numbers are the same for
everyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..agenda.models import Cluster
from ..core.numbers import one_decimal, percent_of
from ..core.reference import country_name
from ..extensions import db
from ..forums.models import Forum
from ..registration.labels import CATEGORY_LABELS, GENDER_LABELS
from .labels import value_labels
from .models import SCALES, TEXT_KINDS, Survey, SurveyItem
from .numbers import QuestionNumbers, survey_numbers
from .rates import round_rate
from .results import DIMENSIONS, Group, Summary

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




def value_rows(item: SurveyItem, summary: Summary) -> list[ValueRow]:
    """Each value of a question with its label, how many gave it, and its share of those who answered."""
    labels = value_labels(item.kind, item.options or [])
    right = item.correct if item.survey.is_test and item.kind == "single" else None
    return [ValueRow(label, bar.count, percent_of(bar.count, summary.answered), index == right)
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
            shares = tuple(percent_of(bar.count, summary.answered) or 0 for bar in summary.bars)
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


@dataclass(frozen=True)
class ResultsPage:
    survey: Survey
    phase: str
    asked: int
    responded: int  # of those asked, how many answered (the rate's numerator)
    sheets: int  # answer sheets in the results, with those of people no longer asked
    parts: list[tuple[SurveyItem | None, list[QuestionView]]]  # (section heading or None, its questions)
    dimension: str  # the breakdown chosen, "" for none

    @property
    def rate(self) -> int | None:
        return percent_of(self.responded, self.asked)


def results_page(forum: Forum, survey: Survey, phase: str, dimension: str) -> ResultsPage:
    """The page's data: the kept numbers (or counted now), the response rate, and, for a breakdown, the groups
    with their names. Constant queries: the count of sheets, those asked, and the clusters' names when needed
    (plus survey_results' four when the numbers are counted)."""
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
        drawn = found.shown and item.kind not in TEXT_KINDS
        parts[-1][1].append(QuestionView(
            item, number, found, value_rows(item, found.summary) if drawn else [],
            score_parts(found.summary) if drawn and item.kind == "nps" else None, groups))
    if not parts[0][1]:
        parts.pop(0)
    counted = round_rate(survey, phase)
    return ResultsPage(survey, phase, counted.asked, counted.responded, numbers.sheets, parts, dimension)


def chosen_dimension(value: str | None) -> str:
    """The breakdown asked for in the address, or none when it names no dimension."""
    return value if value in DIMENSIONS else ""
