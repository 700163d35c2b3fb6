"""The forms asking the forum's questions (the fields: question_fields.py): which questions the answers on a form
show, so that a question its condition hides is neither required nor kept, the answers and files a form gives as
stored, and the organisers' own form of their questions about one registration, on its desk page."""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import get_locale
from werkzeug.datastructures import FileStorage
from wtforms import Field, SubmitField

from ..core.forms import Form
from ..core.i18n import lazy_gettext as _l
from .kinds import shown_ids
from .models import ANSWERLESS_KINDS, CHOICE_QUESTION_KINDS
from .question_fields import FileAnswerField, QuestionText, answer_of, question_field, question_text


def condition_hint(question: QuestionText, texts: dict[int, QuestionText]) -> str:
    """'Only if you answered “Yes” to “Do you need a visa?”.', in the reader's words."""
    earlier = texts.get(question.shown_if_question_id or 0)
    if earlier is None:
        return ""
    if earlier.kind == "yes_no":
        labels = {"yes": str(_l("Yes")), "no": str(_l("No"))}
    else:
        labels = dict(zip(earlier.options, earlier.option_labels, strict=True))
    answers = [f"“{labels.get(value, value)}”" for value in question.shown_if_values]
    return str(_l("Only if you answered %(answers)s to “%(question)s”.", question=earlier.label,
                  answers=format_list(answers, style="or", locale=str(get_locale() or "en")) if answers else "—"))


def bind_questions(form, questions: list[QuestionText]) -> list:
    """The questions' bound fields, each told what the page draws beside it: the language of its words, its
    question id, and the earlier question and answers that show it (with a sentence saying so)."""
    texts = {question.id: question for question in questions}
    fields = []
    for question in questions:
        bound = getattr(form, f"q_{question.id}")
        bound.content_lang, bound.shown_marker = question.language, question.marker  # the field macro reads them
        bound.question = question
        bound.shown_if = f"q_{question.shown_if_question_id}" if question.shown_if_question_id in texts else ""
        bound.condition_hint = condition_hint(question, texts) if bound.shown_if else ""
        fields.append(bound)
    return fields


class QuestionAnswers:
    """What a form asking the forum's questions gives (mixed into the registration form and the organisers' form
    of their own questions): the questions its answers show, their answers as stored, the files chosen."""

    # the questions asked (set when the form is built), and the files sent before, by question id (a file input
    # cannot show one: the page names it, and it is kept unless another is chosen)
    question_texts: tuple[QuestionText, ...] = ()
    stored_files: dict[int, str]
    errors: dict

    def field_of(self, question: QuestionText) -> Field:
        """The bound field asking this question."""
        return getattr(self, f"q_{question.id}")

    @property
    def takes_files(self) -> bool:
        """A file question is asked: the form is sent as multipart/form-data."""
        return any(question.kind == "file" for question in self.question_texts)

    def shown_question_ids(self) -> set[int]:
        """The questions the answers on the form show: a conditional one only when its earlier answer is one of
        its values. The server decides this, so a form sent without JavaScript is judged the same."""
        choices = {str(q.id): self.field_of(q).data for q in self.question_texts if q.kind in CHOICE_QUESTION_KINDS}
        return shown_ids(self.question_texts, choices)

    def validate(self, extra_validators=None) -> bool:
        """A question its condition does not show is neither required nor checked: nothing of it is kept."""
        super().validate(extra_validators)  # type: ignore[misc]  # WTForms' Form, after this in the order
        shown = self.shown_question_ids()
        for question in self.question_texts:
            if question.id not in shown:
                self.field_of(question).errors = []
        return not self.errors

    def answers(self) -> dict[str, object]:
        """Each shown question's answer as stored (answer_of), keyed by its id as a string; a date, number, phone,
        country or file left empty is no answer at all (None is not stored)."""
        shown = self.shown_question_ids()
        given = {str(q.id): answer_of(self.field_of(q), self) for q in self.question_texts
                 if q.id in shown and q.kind not in ANSWERLESS_KINDS}
        return {key: value for key, value in given.items() if value is not None}

    def answer_files(self) -> dict[int, FileStorage]:
        """The files chosen now for shown file questions, by question id."""
        shown = self.shown_question_ids()
        uploads = {q.id: field.upload() for q in self.question_texts
                   if q.id in shown and isinstance(field := self.field_of(q), FileAnswerField)}
        return {question_id: upload for question_id, upload in uploads.items() if upload is not None}


class OrganiserAnswersForm(QuestionAnswers, Form):
    """The organisers' own questions about one registration, on its desk page (organiser_answers_form)."""

    page_order = ("q_*",)
    submit = SubmitField(_l("Save the organisers’ answers"))
    phone_region = ""  # a number without "+" is read in the registration's country


def organiser_answers_form(questions, registration, stored_files: dict[int, str]) -> OrganiserAnswersForm:
    """The form of the organisers' own questions (Question.organisers_only) for this registration, filled with
    what they answered (a POST's own values when sent)."""
    texts = [question_text(question) for question in questions if question.organisers_only]

    class RegistrationOrganiserForm(OrganiserAnswersForm):
        pass

    for text in texts:
        setattr(RegistrationOrganiserForm, f"q_{text.id}", question_field(text))
    form = RegistrationOrganiserForm()
    if not form.is_submitted():  # what they answered; once sent, what was sent (an emptied answer stays empty)
        answers = registration.answers or {}
        form.process(data={f"q_{text.id}": answers.get(str(text.id)) for text in texts})
    form.question_texts, form.stored_files = tuple(texts), stored_files
    form.phone_region = registration.country or ""
    form.question_fields = bind_questions(form, texts)
    return form
