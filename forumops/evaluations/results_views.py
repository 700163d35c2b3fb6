"""The organisers' results of a survey: the page (charts, tables, breakdowns, free text, response rate) and the
CSV of its answers."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from ..core import charts
from ..core.http import as_download
from ..core.models import utcnow
from ..core.views import ForumView, or_404
from .labels import (
    DIMENSION_LABELS,
    ITEM_KIND_LABELS,
    ROUND_LABELS,
    TOO_FEW_TO_SHOW,
    question_chart_rows,
    score_bands,
)
from .queries import find_survey
from .results import too_few_to_show
from .results_csv import answer_sheets, answers_csv, shown_sheets
from .results_page import chosen_dimension, results_page

ROUNDS = ("before", "after")


def chosen_round(survey, value: str | None) -> str:
    """The round whose results are shown: "" for an evaluation; for a test the one asked for in the address,
    else the round answers are taken in now."""
    if not survey.is_test:
        return ""
    return value if value in ROUNDS else survey.phase_at(utcnow())


def question_chart(question) -> str:
    """A question's bars as an accessible SVG chart (the page shows the same numbers in a table beside it); a 0 to
    10 score's bars in its detractors, passives and promoters."""
    item = question.item
    counts = [bar.count for bar in question.numbers.summary.bars]
    return charts.bar_chart_svg(item.text, question_chart_rows(item.kind, item.options or [], counts), [_("Answers")],
                                f"chart-{item.id}", others_label=_("Others"),
                                bands=score_bands() if item.kind == "nps" else ())


class ResultsView(ForumView):
    permission = "evaluations.manage"

    def get(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        phase = chosen_round(survey, request.args.get("round"))
        dimension = chosen_dimension(request.args.get("by"))
        page = results_page(forum, survey, phase, dimension)
        chapter_url = url_for("evaluations.chapter", slug=forum.slug, survey_id=survey.id)
        return render_template("evaluations/results/page.html", forum=forum, survey=survey, page=page,
                               charts={question.item.id: question_chart(question)
                                       for _heading, questions in page.parts for question in questions
                                       if question.values},
                               dimensions=DIMENSION_LABELS, kinds=ITEM_KIND_LABELS, rounds=ROUNDS,
                               round_labels=ROUND_LABELS, chapter_url=chapter_url,
                               too_few=too_few_to_show(survey, page.sheets), too_few_message=TOO_FEW_TO_SHOW)


class ResultsCsvView(ForumView):
    permission = "evaluations.manage"

    def get(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        items = list(survey.items)
        sheets = shown_sheets(survey, answer_sheets(survey))  # read whole here: the stream only writes it out
        if sheets is None:  # an anonymous survey with fewer than 5 sheets: no file with one person's row in it
            flash(str(TOO_FEW_TO_SHOW), "error")
            return redirect(url_for("evaluations.results", slug=forum.slug, survey_id=survey.id))
        response = Response(stream_with_context(answers_csv(survey, items, sheets)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-survey-{survey.id}-answers-{date.today().isoformat()}.csv")
