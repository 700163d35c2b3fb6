"""The organisers' page choosing what the outcome report's evaluation chapter shows of one survey: each question
with its chart and a tick "Show in the outcome report", each free-text answer with a tick "Quote in the report".
One POST saves every tick. HTTP only."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core import charts
from ..core.views import ForumView, or_404
from .chapter_forms import ChapterForm, parse_quote_keys, quote_key
from .chapter_operations import save_chapter
from .chapter_queries import chapter_choice
from .labels import ITEM_KIND_LABELS, TOO_FEW_TO_SHOW, question_chart_rows
from .queries import find_survey


class ChapterView(ForumView):
    permission = "evaluations.manage"

    def page(self, forum, survey, form: ChapterForm, posted: bool = False, status: int = 200):
        choice = chapter_choice(survey)
        questions, texts = choice.questions, choice.texts
        if posted:  # a refused POST: the ticks as sent
            shown, quoted = set(form.questions.data or []), {quote_key(*key) for key in
                                                             parse_quote_keys(form.quotes.data)}
        else:
            shown = {q.item.id for q in questions if q.item.in_report}
            quoted = {quote_key(response_id, item_id) for response_id, item_id in choice.quoted}
        drawn = {q.item.id: charts.bar_chart_svg(
            q.item.text, question_chart_rows(q.item.kind, q.item.options or [], [bar.count for bar in q.summary.bars]),
            [_("Answers")], f"chart-{q.item.id}", others_label=_("Others")) for q in questions}
        return render_template("evaluations/chapter/choose.html", forum=forum, survey=survey, results=choice,
                               questions=questions, texts=texts, shown=shown, quoted=quoted, charts=drawn,
                               form=form, quote_key=quote_key, kind_labels=ITEM_KIND_LABELS,
                               too_few_message=TOO_FEW_TO_SHOW), status

    def get(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        return self.page(forum, survey, ChapterForm(formdata=None))

    def post(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        form = ChapterForm()
        if not form.validate_on_submit():
            return self.page(forum, survey, form, posted=True, status=422)
        save_chapter(survey, form.questions.data or [], parse_quote_keys(form.quotes.data))
        flash(_("Saved: the outcome report’s evaluation chapter shows what is ticked here."), "success")
        return redirect(url_for("evaluations.chapter", slug=forum.slug, survey_id=survey.id))
