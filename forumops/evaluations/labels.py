"""The words of the evaluations, in one place: what each kind of survey and of question is called, who a survey
asks, the rounds of a test, the points of the fixed scales, and the labels of a question's values as its chart
and its table show them (one definition for the builder, the results page, the CSV, the outcome report's
chapter, the dashboard and the answering page: templates get these from their view, never re-declare them)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from ..core.charts import FILLS, PASSIVE_FILL, Band, ChartRow
from ..core.i18n import lazy_gettext as _l
from .models import AUDIENCES, ITEM_KINDS, PHASES, SCALES, SURVEY_KINDS

SURVEY_KIND_LABELS = {
    "evaluation": _l("Evaluation: answered once"),
    "test": _l("Before-and-after test: the same questions at the start and the end of a training"),
}
AUDIENCE_LABELS = {"confirmed": _l("Everyone confirmed"), "attended": _l("Those who attended at least one day"),
                   "cluster": _l("The members of one cluster"), "category": _l("People of one category")}
ITEM_KIND_LABELS = {
    "section": _l("Section heading"),
    "rating": _l("Rating from 1 to 5"),
    "agreement": _l("Agreement (strongly disagree to strongly agree)"),
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "short": _l("Short text"),
    "long": _l("Long text"),
    "nps": _l("Recommendation score from 0 to 10"),
}
# a test's two rounds ("" is an evaluation's only one, named by nothing)
ROUND_LABELS = {"": "", "before": _l("Before (first round)"), "after": _l("After (second round)")}
AGREEMENT = (_l("Strongly disagree"), _l("Disagree"), _l("Neither agree nor disagree"), _l("Agree"),
             _l("Strongly agree"))
NPS_ENDS = (_l("Not at all likely"), _l("Extremely likely"))
DIMENSION_LABELS = {"gender": _l("By gender"), "country": _l("By country"), "category": _l("By category"),
                    "cluster": _l("By cluster")}
# an anonymous survey with fewer than results.MIN_GROUP (5) sheets: what its results, CSV and quotes say instead
TOO_FEW_TO_SHOW = _l("Results appear once 5 people have answered, so nobody’s answers can be told apart.")
assert set(SURVEY_KIND_LABELS) == set(SURVEY_KINDS)
assert set(AUDIENCE_LABELS) == set(AUDIENCES)
assert set(ITEM_KIND_LABELS) == set(ITEM_KINDS)
assert set(ROUND_LABELS) == set(PHASES)


def value_labels(kind: str, options: Sequence[str]) -> list[str]:
    """The label of each value a question of this kind can be given, in order: a rating's points with its two
    ends named ("1 – Not useful", "2", ... "5 – Very useful"), the agreement scale's five words, 0 to 10 with
    the recommendation's two ends named, a choice question's choices. `options` as the item keeps them (in the
    reader's language where a version exists)."""
    if kind == "agreement":
        return [str(label) for label in AGREEMENT]
    if kind in SCALES:
        low, high = SCALES[kind]
        ends = list(options[:2]) if kind == "rating" else [str(end) for end in NPS_ENDS]
        labels = [str(value) for value in range(low, high + 1)]
        if len(ends) == 2:
            labels[0], labels[-1] = f"{low} – {ends[0]}", f"{high} – {ends[1]}"
        return labels
    return list(options)


def question_chart_rows(kind: str, options: Sequence[str], counts: Sequence[int]) -> list[ChartRow]:
    """A question's bars as core.charts and pdf.charts draw them: one row per value, with how many gave it."""
    return [ChartRow(label, (count,)) for label, count in zip(value_labels(kind, options), counts, strict=True)]


def score_bands() -> list[Band]:
    """A 0 to 10 recommendation's three groups, as its charts name and colour them (rows 0 to 10): the results
    page's, the report's web page's and its PDF's alike."""
    return [Band(_("Detractors (0–6)"), 0, 6, FILLS[1]),
            Band(_("Passives (7–8)"), 7, 8, PASSIVE_FILL),
            Band(_("Promoters (9–10)"), 9, 10, FILLS[0])]
