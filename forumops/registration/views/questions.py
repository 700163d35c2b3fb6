"""The organisers' builder of the registration form's own questions: adding one of any kind (with its bounds, the
earlier answer that shows it, or for organisers only), moving and removing them. HTTP only: the checks and
writes are setup.py's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...core.text import clean_lines
from ...core.views import ForumView
from .. import queries, setup
from ..forms import ActionForm, QuestionForm
from ..kinds import can_be_condition, number_shown
from ..labels import QUESTION_KIND_LABELS
from ..question_fields import plain, question_text
from ..question_forms import condition_hint

PERMISSION = "registration.manage"


def condition_choices(questions) -> list[tuple[str, str]]:
    """Every answer of every question another may be shown on, as the builder's boxes ("12:yes", "Yes")."""
    choices = []
    for question in questions:
        if can_be_condition(question):
            offered = ([("yes", _("Yes")), ("no", _("No"))] if question.kind == "yes_no"
                       else [(option, option) for option in question.options or []])
            choices += [(f"{question.id}:{value}", label) for value, label in offered]
    return choices


def condition_groups(form, questions) -> list[tuple[object, list]]:
    """The builder's boxes grouped under their question, for the page to draw each group as a fieldset."""
    boxes = list(form.shown_if)
    return [(question, [box for box in boxes if box.data.partition(":")[0] == str(question.id)])
            for question in questions if can_be_condition(question)]


def bounds_text(question) -> str:
    """A number question's bounds as the list of questions says them ("from 1 to 10")."""
    low, high = (number_shown(plain(v)) if v is not None else None for v in (question.min_value, question.max_value))
    if low is not None and high is not None:
        return _("from %(min)s to %(max)s", min=low, max=high)
    if low is not None:
        return _("at least %(min)s", min=low)
    return _("at most %(max)s", max=high) if high is not None else ""


class QuestionsView(ForumView):
    permission = PERMISSION

    def render(self, forum, form, status=200):
        questions = queries.list_questions(forum)
        texts = {question.id: question_text(question) for question in questions}
        return render_template("registration/desk/questions.html", forum=forum, form=form, questions=questions,
                               conditions={q.id: condition_hint(texts[q.id], texts) for q in questions},
                               bounds={q.id: bounds_text(q) for q in questions},
                               condition_groups=condition_groups(form, questions),
                               QUESTION_KIND_LABELS=QUESTION_KIND_LABELS), status

    def form(self, forum) -> QuestionForm:
        form = QuestionForm()
        form.shown_if.choices = condition_choices(queries.list_questions(forum))
        return form

    def get(self, forum):
        return self.render(forum, self.form(forum))

    def post(self, forum):
        form = self.form(forum)
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            question = setup.add_question(forum, {
                "label": form.label.data, "help_text": form.help_text.data, "kind": form.kind.data,
                "options": clean_lines(form.options.data), "required": form.required.data,
                "min_value": form.min_value.data, "max_value": form.max_value.data, "shown_if": form.shown_if.data,
                "organisers_only": form.organisers_only.data})
            if question.organisers_only:
                flash(_("Question added for organisers only: fill it on each registration’s page."), "success")
            else:
                flash(_("Question added: it is on the registration form now."), "success")
            return redirect(url_for("registration.questions", slug=forum.slug) + f"#question-{question.id}")
        return self.render(forum, form, 422)


class QuestionActionView(ForumView):
    permission = PERMISSION

    def post(self, forum, question_id: int, action: str):
        if action not in ("up", "down", "remove") or not ActionForm().validate_on_submit():
            abort(404)
        questions = queries.list_questions(forum)
        if question_id not in {q.id for q in questions}:
            abort(404)
        back = url_for("registration.questions", slug=forum.slug) + f"#question-{question_id}"
        self.on_refusal(None, lambda: redirect(back))  # a move that would ask a question before its condition
        if action == "remove":
            freed = [q.label for q in questions if q.shown_if_question_id == question_id]
            setup.remove_question(forum, question_id)
            flash(_("Question removed from the form. Answers already given stay on each registration."), "success")
            for label in freed:
                flash(_("“%(question)s” was asked only on an answer to the question removed: it is now asked of "
                        "everyone. Remove it too if it no longer applies.", question=label), "warning")
        else:
            setup.move_question(forum, question_id, -1 if action == "up" else 1)
        return redirect(back)
