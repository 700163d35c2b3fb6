"""A survey's results as plain data: for each question its distribution, mean, median and recommendation score,
broken down by gender, country, category and cluster under the small-group rule; its free-text answers; and the
response rate. The results page, the CSV, the outcome report's chapter and the dashboard all read this.

Read in a fixed number of queries, whatever the number of answers: the numbers are counted by the database,
grouped by question, value and the respondent's groups, and rolled up here.

The small-group rule (MIN_GROUP): in a breakdown, a group is shown on its own only where at least 5 people
answered that question in it; the smaller groups are merged into one "other". In an anonymous survey a group of
fewer than 5, "other" included, is never shown. Free-text answers are listed, never broken down, in an order
that says nothing of who wrote them or when.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from ..core.numbers import percent_of
from ..extensions import db
from .models import SCALES, TEXT_KINDS, Survey, SurveyAnswer, SurveyItem, SurveyResponse
from .rates import round_rate

MIN_GROUP = 5
DIMENSIONS = ("gender", "country", "category", "cluster")
OTHER = None  # the key of the merged group of a breakdown


@dataclass(frozen=True)
class Bar:
    """One value of a question (a point of its scale, or a choice) and how many gave it."""

    value: int
    count: int


@dataclass(frozen=True)
class Summary:
    """A question's answers (of everyone, or of one group): how many answered, the bars, and for a scale its mean
    and median (None for choices), and for a 0 to 10 question the recommendation score (promoters' percentage
    minus detractors')."""

    answered: int
    bars: tuple[Bar, ...]
    mean: float | None = None
    median: float | None = None
    score: int | None = None


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: `key` is the registration's gender, country or category code, or the cluster's
    id as text ("" when the person gave none or was in none); None for the merged "other"."""

    key: str | None
    summary: Summary
    members: int = 1  # how many groups were merged into "other"

    @property
    def is_other(self) -> bool:
        return self.key is OTHER


@dataclass(frozen=True)
class TextAnswer:
    response_id: str
    text: str
    quoted: bool


@dataclass(frozen=True)
class QuestionResult:
    item: SurveyItem
    summary: Summary
    breakdowns: dict[str, tuple[Group, ...]]  # dimension -> its groups, largest first, "other" last
    hidden: dict[str, int]  # dimension -> answers in groups too small to show (anonymous surveys)
    texts: tuple[TextAnswer, ...] = ()


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    phase: str
    asked: int
    responded: int  # of those asked, how many sent their answers in this round (evaluations.rates)
    questions: tuple[QuestionResult, ...]

    @property
    def rate(self) -> int | None:
        """Those asked who answered as a whole percentage (core.numbers); None when nobody is asked."""
        return percent_of(self.responded, self.asked)


def summarise(item: SurveyItem, counts: dict[int, int], answered: int) -> Summary:
    """The summary of one question from how many gave each value (a pure function)."""
    if item.kind in SCALES:
        low, high = SCALES[item.kind]
        values = range(low, high + 1)
    else:
        values = range(len(item.options))
    bars = tuple(Bar(value, counts.get(value, 0)) for value in values)
    if item.kind not in SCALES or not answered:
        return Summary(answered, bars)
    total = sum(bar.count for bar in bars)
    mean = sum(bar.value * bar.count for bar in bars) / total if total else None
    score = None
    if item.kind == "nps" and total:
        promoters = sum(bar.count for bar in bars if bar.value >= 9)
        detractors = sum(bar.count for bar in bars if bar.value <= 6)
        score = percent_of(promoters - detractors, total)
    return Summary(answered, bars, mean, _median(bars, total), score)


def _median(bars: tuple[Bar, ...], total: int) -> float | None:
    if not total:
        return None
    expanded_at = [(total - 1) // 2, total // 2]  # the middle one, or the two middle ones
    found: list[int] = []
    seen = 0
    for bar in bars:
        for position in expanded_at:
            if seen <= position < seen + bar.count:
                found.append(bar.value)
        seen += bar.count
    return sum(found) / len(found)


def breakdown(item: SurveyItem, groups: dict[str, dict[int, int]], answered: dict[str, int],
              anonymous: bool) -> tuple[tuple[Group, ...], int]:
    """One dimension's groups under the small-group rule, and how many answers it does not show (a pure
    function). `groups`: key -> value -> count; `answered`: key -> how many answered in the group."""
    shown: list[str] = []
    small: list[str] = []
    for key in sorted(groups, key=lambda k: (-answered.get(k, 0), k)):
        (shown if answered.get(key, 0) >= MIN_GROUP else small).append(key)
    result = [Group(key, summarise(item, groups[key], answered[key])) for key in shown]
    hidden = 0
    if small:
        merged: dict[int, int] = defaultdict(int)
        for key in small:
            for value, count in groups[key].items():
                merged[value] += count
        merged_answered = sum(answered.get(key, 0) for key in small)
        if anonymous and merged_answered < MIN_GROUP:
            hidden = merged_answered
        elif merged_answered:
            result.append(Group(OTHER, summarise(item, dict(merged), merged_answered), members=len(small)))
    return tuple(result), hidden


def survey_results(survey: Survey, phase: str = "") -> SurveyResults:
    """Everything the results page shows of one survey (of one round of a test), in six queries or seven: the
    counts, who answered each question, the texts, and the response rate (evaluations.rates.round_rate)."""
    items = [item for item in survey.items if item.is_question]
    R, A = SurveyResponse, SurveyAnswer
    where = (R.survey_id == survey.id, R.phase == phase)
    group_columns = (R.gender, R.country, R.category, R.cluster_id)

    counts = db.session.execute(
        select(A.item_id, A.number, *group_columns, func.count())
        .join(R, R.id == A.response_id).where(*where, A.number.is_not(None))
        .group_by(A.item_id, A.number, *group_columns)).all()
    respondents = db.session.execute(
        select(A.item_id, *group_columns, func.count(func.distinct(A.response_id)))
        .join(R, R.id == A.response_id).where(*where)
        .group_by(A.item_id, *group_columns)).all()
    texts = db.session.execute(
        select(A.item_id, A.response_id, A.text, A.quoted).join(R, R.id == A.response_id)
        .where(*where, A.text.is_not(None), A.text != "").order_by(A.item_id, A.response_id)).all()

    # question -> dimension -> group key -> value -> count, and question -> dimension -> group key -> answered
    values: dict[int, dict[str, dict[str, dict[int, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int))))
    answered: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for item_id, number, gender, country, category, cluster_id, count in counts:
        for dimension, key in zip(DIMENSIONS, _keys(gender, country, category, cluster_id), strict=True):
            values[item_id][dimension][key][number or 0] += count
    for item_id, gender, country, category, cluster_id, count in respondents:
        for dimension, key in zip(DIMENSIONS, _keys(gender, country, category, cluster_id), strict=True):
            answered[item_id][dimension][key] += count
    written: dict[int, list[TextAnswer]] = defaultdict(list)
    for item_id, response_id, text, quoted in texts:
        written[item_id].append(TextAnswer(response_id, text or "", quoted))

    questions = []
    for item in items:
        total_answered = sum(answered[item.id]["gender"].values())
        totals: dict[int, int] = defaultdict(int)
        for group in values[item.id]["gender"].values():
            for value, count in group.items():
                totals[value] += count
        breakdowns, hidden = {}, {}
        if item.kind not in TEXT_KINDS:
            for dimension in DIMENSIONS:
                breakdowns[dimension], hidden[dimension] = breakdown(
                    item, values[item.id][dimension], answered[item.id][dimension], survey.anonymous)
        questions.append(QuestionResult(item, summarise(item, dict(totals), total_answered), breakdowns, hidden,
                                        tuple(written.get(item.id, ()))))
    counted = round_rate(survey, phase)  # the response rate as every page shows it (evaluations.rates)
    return SurveyResults(survey, phase, counted.asked, counted.responded, tuple(questions))


def _keys(gender: str, country: str, category: str, cluster_id: int | None) -> tuple[str, str, str, str]:
    return gender or "", country or "", category or "", str(cluster_id) if cluster_id is not None else ""

