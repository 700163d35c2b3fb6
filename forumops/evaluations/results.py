"""A survey's results as plain data: for each question its distribution, mean, median and recommendation score,
broken down by gender, country, category and cluster under the small-group rule; its free-text answers; and the
response rate. The results page, the CSV, the outcome report's chapter and the dashboard all read this.

Read in a fixed number of queries, whatever the number of answers: the numbers come from the counts kept by
group when each sheet was sent (evaluations.tally: a sheet keeps no group), and are rolled up here. Dimension
"gender" counts everyone once, so the overall numbers are its groups added up.

The small-group rule (MIN_GROUP): in a breakdown, a group is shown on its own only where at least 5 people
answered that question in it; the smaller groups are merged into one "other". In an anonymous survey no group of
fewer than 5 is ever shown, nor can one be worked out: when the small groups add up to 1 to 4 answers, the
smallest shown groups are folded into "other" until it has 5 (everyone minus the groups shown would otherwise be
the hidden group's answers), and when nothing is left but "other" the dimension shows no breakdown. An anonymous
survey's question that fewer than 5 answered shows no numbers at all (`shown`), on the results page or in the
report. Free-text answers are listed, never broken down, in an order that says nothing of who wrote them or when.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import func, select

from ..core.numbers import percent_of
from ..extensions import db
from .models import (
    DIMENSIONS,
    SCALES,
    TEXT_KINDS,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyRespondentCount,
    SurveyResponse,
    SurveyValueCount,
)
from .rates import RoundRate, round_rate

MIN_GROUP = 5
OTHER = None  # the key of the merged group of a breakdown


def too_few_to_show(survey: Survey, sheets: int) -> bool:
    """An anonymous survey (round) with fewer than MIN_GROUP sheets sent: nothing anyone wrote is shown or
    exported (no free text, no quote, no row of the CSV), as one or two sheets are as good as named."""
    return survey.anonymous and sheets < MIN_GROUP


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
    """One question's results. `shown` False: an anonymous survey's question fewer than MIN_GROUP answered, whose
    numbers are withheld (the summary is empty, no breakdown): nobody shows them, nor ticks it for the report."""

    item: SurveyItem
    summary: Summary
    breakdowns: dict[str, tuple[Group, ...]]  # dimension -> its groups, largest first, "other" last
    texts: tuple[TextAnswer, ...] = ()
    shown: bool = True


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    phase: str
    questions: tuple[QuestionResult, ...]

    @cached_property
    def counted(self) -> RoundRate:
        """How many the survey asks and how many of them sent their answers in this round (evaluations.rates):
        read when asked for (two or three queries), as the counting (evaluations.numbers) has no use for it."""
        return round_rate(self.survey, self.phase)

    @property
    def asked(self) -> int:
        return self.counted.asked

    @property
    def responded(self) -> int:
        return self.counted.responded

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
              anonymous: bool) -> tuple[Group, ...]:
    """One dimension's groups under the small-group rule (a pure function). `groups`: key -> value -> count;
    `answered`: key -> how many answered in the group. Groups under MIN_GROUP are merged into "other" so nobody is
    singled out. Anonymous: "other" is shown only with at least MIN_GROUP answers, the smallest groups folded into
    it until it has them. Named: "other" always holds two groups or more (one alone would be that group in all
    but name), the smallest shown group folded in with a lone small one. No breakdown when only "other" is left:
    it would be everyone."""
    shown: list[str] = []
    small: list[str] = []
    for key in sorted(groups, key=lambda k: (-answered.get(k, 0), k)):
        (shown if answered.get(key, 0) >= MIN_GROUP else small).append(key)
    if anonymous:
        while shown and 0 < sum(answered.get(key, 0) for key in small) < MIN_GROUP:
            small.append(shown.pop())  # the smallest shown group: the hidden ones can no longer be subtracted
    elif len(small) == 1 and shown:
        small.append(shown.pop())
    if not shown:
        return ()
    result = [Group(key, summarise(item, groups[key], answered[key])) for key in shown]
    merged_answered = sum(answered.get(key, 0) for key in small)
    if merged_answered:
        merged: dict[int, int] = defaultdict(int)
        for key in small:
            for value, count in groups[key].items():
                merged[value] += count
        result.append(Group(OTHER, summarise(item, dict(merged), merged_answered), members=len(small)))
    return tuple(result)


def survey_results(survey: Survey, phase: str = "") -> SurveyResults:
    """Everything the results page shows of one survey (of one round of a test), in four queries: its items, the
    counts by group, how many of each group answered each question, and the texts. The response rate is read only
    when asked for (SurveyResults.counted)."""
    items = [item for item in survey.items if item.is_question]
    V, C, R, A = SurveyValueCount, SurveyRespondentCount, SurveyResponse, SurveyAnswer

    counts = db.session.execute(
        select(V.item_id, V.dimension, V.group_key, V.number, V.n)
        .where(V.survey_id == survey.id, V.phase == phase)).all()
    respondents = db.session.execute(
        select(C.item_id, C.dimension, C.group_key, C.n)
        .where(C.survey_id == survey.id, C.phase == phase)).all()
    where = (R.survey_id == survey.id, R.phase == phase)
    texts = db.session.execute(
        select(A.item_id, A.response_id, A.text, A.quoted).join(R, R.id == A.response_id)
        .where(*where, A.text.is_not(None), A.text != "").order_by(A.item_id, A.response_id)).all()

    # question -> dimension -> group key -> value -> count, and question -> dimension -> group key -> answered
    values: dict[int, dict[str, dict[str, dict[int, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict)))
    answered: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for item_id, dimension, key, number, count in counts:
        values[item_id][dimension][key][number] = count
    for item_id, dimension, key, count in respondents:
        answered[item_id][dimension][key] = count
    written: dict[int, list[TextAnswer]] = defaultdict(list)
    for item_id, response_id, text, quoted in texts:
        written[item_id].append(TextAnswer(response_id, text or "", quoted))

    questions = [_question(item, values[item.id], answered[item.id], tuple(written.get(item.id, ())),
                           survey.anonymous) for item in items]
    return SurveyResults(survey, phase, tuple(questions))


def _question(item: SurveyItem, values: dict[str, dict[str, dict[int, int]]], answered: dict[str, dict[str, int]],
              texts: tuple[TextAnswer, ...], anonymous: bool) -> QuestionResult:
    """One question's results from its counts by group ("gender" counts everyone once: the overall numbers)."""
    total_answered = sum(answered["gender"].values())
    if anonymous and total_answered < MIN_GROUP:
        return QuestionResult(item, summarise(item, {}, 0), {}, texts, shown=False)
    totals: dict[int, int] = defaultdict(int)
    for group in values["gender"].values():
        for value, count in group.items():
            totals[value] += count
    breakdowns = {} if item.kind in TEXT_KINDS else {
        dimension: breakdown(item, values[dimension], answered[dimension], anonymous) for dimension in DIMENSIONS}
    return QuestionResult(item, summarise(item, dict(totals), total_answered), breakdowns, texts)


def withheld_questions(survey: Survey, phase: str = "") -> set[int]:
    """The questions of an anonymous survey whose numbers are withheld in this round, fewer than MIN_GROUP having
    answered them (one query; none in a named survey): the report's chapter cannot show them."""
    if not survey.anonymous:
        return set()
    C = SurveyRespondentCount
    enough = set(db.session.scalars(
        select(C.item_id).where(C.survey_id == survey.id, C.phase == phase, C.dimension == "gender")
        .group_by(C.item_id).having(func.sum(C.n) >= MIN_GROUP)))
    return {item.id for item in survey.items if item.is_question} - enough
