"""The question editor: a survey's items in order with the form to add one, editing one, deleting and moving
them. Plain forms, one item at a time, so it works without JavaScript. HTTP only."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.views import ForumView, or_404
from . import builder_operations as operations
from . import builder_queries as queries
from .builder_forms import ActionForm, ItemForm
from .labels import ITEM_KIND_LABELS
from .queries import find_survey

PERMISSION = "evaluations.manage"


def _item_form(item=None, posted: bool = False) -> ItemForm:
    if posted:
        return ItemForm()
    if item is None:
        return ItemForm(formdata=None)
    ends = list(item.options or []) + ["", ""]
    return ItemForm(formdata=None, kind=item.kind, text=item.text, help=item.help, required=item.required,
                    low_label=ends[0] if item.kind == "rating" else "",
                    high_label=ends[1] if item.kind == "rating" else "",
                    options="\n".join(item.options or []) if item.kind in ("single", "multiple") else "",
                    correct=item.correct + 1 if item.correct is not None else None)


def _back(forum, survey, item=None, done: str = "") -> str:
    """The questions page, at the item when given; `done` ("saved", "added") says so beside it, where the page
    lands (a message at the top of the page would be out of sight)."""
    anchor = f"#item-{item.id}" if item is not None else ""
    args = {done: item.id} if done and item is not None else {}
    return url_for("evaluations.survey_questions", slug=forum.slug, survey_id=survey.id, **args) + anchor


class QuestionsView(ForumView):
    """The survey's items with their buttons, and the form that adds one at the end."""

    permission = PERMISSION

    def render(self, forum, survey, form, status: int = 200):
        return render_template("evaluations/builder/questions.html", forum=forum, survey=survey, form=form,
                               answered=queries.answered_item_ids(survey), kinds=ITEM_KIND_LABELS,
                               state=queries.survey_state_of(survey), action_form=ActionForm(),
                               saved=request.args.get("saved", type=int), added=request.args.get("added", type=int)
                               ), status

    def get(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        return self.render(forum, survey, _item_form())

    def post(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        form = _item_form(posted=True)
        self.on_refusal(form, lambda: self.render(forum, survey, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, survey, form, 422)
        item = operations.add_item(survey, form.data_for_operations())
        return redirect(_back(forum, survey, item, "added"))


class QuestionView(ForumView):
    """One item's form: its kind, words, choices, right choice and whether an answer is required."""

    permission = PERMISSION

    def render(self, forum, survey, item, form, status: int = 200):
        return render_template("evaluations/builder/question.html", forum=forum, survey=survey, item=item,
                               form=form, answered=queries.item_has_answers(item),
                               shown_kind=form.kind.data if form.kind.data in ITEM_KIND_LABELS else item.kind), status

    def get(self, forum, survey_id: int, survey_item_id: int):
        survey = or_404(find_survey(forum, survey_id))
        item = or_404(queries.get_item(survey, survey_item_id))
        return self.render(forum, survey, item, _item_form(item))

    def post(self, forum, survey_id: int, survey_item_id: int):
        survey = or_404(find_survey(forum, survey_id))
        item = or_404(queries.get_item(survey, survey_item_id))
        form = _item_form(posted=True)
        self.on_refusal(form, lambda: self.render(forum, survey, item, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, survey, item, form, 422)
        operations.update_item(survey, item, form.data_for_operations())
        return redirect(_back(forum, survey, item, "saved"))


class DeleteQuestionView(ForumView):
    permission = PERMISSION

    def post(self, forum, survey_id: int, survey_item_id: int):
        survey = or_404(find_survey(forum, survey_id))
        item = or_404(queries.get_item(survey, survey_item_id))
        self.on_refusal(None, lambda: redirect(_back(forum, survey, item)))
        if not ActionForm().validate_on_submit():
            flash(_("The form expired. Press the button again."), "error")
            return redirect(_back(forum, survey, item))
        text = item.text
        operations.delete_item(forum, survey, item)
        flash(_("Deleted: “%(text)s”.", text=text), "success")
        return redirect(_back(forum, survey))


class MoveQuestionView(ForumView):
    permission = PERMISSION

    def post(self, forum, survey_id: int, survey_item_id: int, direction: str):
        survey = or_404(find_survey(forum, survey_id))
        item = or_404(queries.get_item(survey, survey_item_id))
        if direction not in ("up", "down"):
            return or_404(None)
        if not ActionForm().validate_on_submit():
            flash(_("The form expired. Press the button again."), "error")
            return redirect(_back(forum, survey, item))
        operations.move_item(survey, item, direction)
        return redirect(_back(forum, survey, item))
