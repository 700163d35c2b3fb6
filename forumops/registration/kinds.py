"""What each kind of registration question stores and how an answer reads: phone numbers in international form
(E.164, parsed by the `phonenumbers` library, Google's libphonenumber metadata), numbers, dates and times as
plain JSON values, and which conditional questions an answer set shows. Pure functions: no request, no database
(the reader's language only, where a date, a number or a country is written out)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from flask_babel import format_decimal
from flask_babel import gettext as _

from ..core.files import max_file_bytes
from ..core.i18n import format_day
from ..core.phones import parse_phone, phone_shown  # noqa: F401  (this stage reads them from here)
from ..core.reference import country_name
from .models import ANSWERLESS_KINDS, CHOICE_QUESTION_KINDS, PRIVATE_QUESTION_KINDS

PHONE_MAX = 40  # characters typed: the longest international number with spaces and an extension fits
ANSWER_FILE_MAX_BYTES = 10 * 1024 * 1024  # a scanned passport or a letter; a forum's documents may be larger


def answer_file_limit() -> int:
    """The largest file accepted as an answer: ANSWER_FILE_MAX_BYTES, or the site's limit when it is lower."""
    return min(ANSWER_FILE_MAX_BYTES, max_file_bytes())


class Conditional(Protocol):
    """A question as conditions see it (a Question row or the form's QuestionText)."""

    @property
    def id(self) -> int: ...

    @property
    def shown_if_question_id(self) -> int | None: ...

    @property
    def shown_if_values(self) -> Sequence[str]: ...


def condition_holds(answer: object, values: Iterable[str]) -> bool:
    """An earlier question's answer is one of `values` (for a multiple choice: one of its choices is)."""
    wanted = set(values)
    if isinstance(answer, list | tuple):
        return any(str(one) in wanted for one in answer)
    return answer is not None and str(answer) in wanted


def shown_ids(questions: Sequence[Conditional], answers: Mapping[str, object]) -> set[int]:
    """The ids of the questions these answers show: those without a condition, and those whose earlier question
    is shown and answered with one of the given values. A condition on a question not among `questions` (removed)
    no longer hides anything."""
    by_id = {question.id: question for question in questions}
    decided: dict[int, bool] = {}

    def shown(question: Conditional, seen: frozenset[int]) -> bool:
        if question.id not in decided:
            earlier = by_id.get(question.shown_if_question_id or 0)
            if earlier is None or earlier.id in seen:  # no condition, or a loop nobody can have built: shown
                decided[question.id] = True
            else:
                decided[question.id] = shown(earlier, seen | {question.id}) and condition_holds(
                    answers.get(str(earlier.id)), question.shown_if_values or ())
        return decided[question.id]

    return {question.id for question in questions if shown(question, frozenset())}


def is_private(question) -> bool:
    """Answers left out of a CSV export unless the organiser ticks them: phone numbers and files, and whatever
    organisers alone fill."""
    return question.kind in PRIVATE_QUESTION_KINDS or bool(question.organisers_only)


def takes_answer(question) -> bool:
    """Not a heading: the question has an answer to store and to show."""
    return question.kind not in ANSWERLESS_KINDS


def can_be_condition(question) -> bool:
    """A question another one may be shown on: a choice or yes/no question that participants answer."""
    return question.kind in CHOICE_QUESTION_KINDS and not question.organisers_only


# --- numbers -----------------------------------------------------------------------------------------------------

def number_value(value: Decimal) -> int | float:
    """A typed number as JSON keeps it: a whole number as an int, any other as a float."""
    if value == value.to_integral_value() and abs(value) < 2 ** 53:
        return int(value)
    return float(value)


def is_finite_number(value: Decimal) -> bool:
    """Not NaN nor infinite, and within what JSON's numbers (floats) hold."""
    return value.is_finite() and math.isfinite(float(value))


def number_shown(value: object) -> str:
    """A number in the reader's language ("1,500", "2.5")."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    return format_decimal(value, "#,##0.##########")


# --- answers as people read them ---------------------------------------------------------------------------------

def is_blank(value: object) -> bool:
    """No answer given (nothing typed, nothing chosen)."""
    return value is None or value == "" or value == []


def answer_text(kind: str, value: object, labels: Mapping[str, str] | None = None) -> str:
    """An answer as a page shows it in the reader's language: a date with its month as a word, a phone number in
    international form, a country by its name, a choice by its label (`labels`: stored value -> label)."""
    if is_blank(value):
        return ""
    if kind == "date":
        try:
            return format_day(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if kind == "phone":
        return phone_shown(str(value))
    if kind == "country":
        return country_name(str(value))
    if kind == "number":
        return number_shown(value)
    if kind == "yes_no" and labels is None:
        return {"yes": _("Yes"), "no": _("No")}.get(str(value), str(value))
    if isinstance(value, list | tuple):
        return "; ".join((labels or {}).get(str(one), str(one)) for one in value)
    return (labels or {}).get(str(value), str(value))


def answer_cell(kind: str, value: object) -> str:
    """An answer as a CSV cell: dates ISO (a spreadsheet sorts them), phones international, countries by their
    English name as the export's country column, choices by their stored values."""
    if is_blank(value):
        return ""
    if kind == "phone":
        return phone_shown(str(value))
    if kind == "country":
        return country_name(str(value), "en")
    if isinstance(value, list | tuple):
        return "; ".join(str(one) for one in value)
    return str(value)


@dataclass(frozen=True)
class ShownAnswer:
    """One answer on a page: its question, the answer as read (a file's name, with `url` to download it), and
    whether the question was asked at all (a condition the person's answers did not meet, said in `why_not`)."""

    label: str
    text: str
    url: str = ""
    asked: bool = True
    why_not: str = ""


def why_not_asked(question, by_id: Mapping[int, Any], answers: Mapping[str, object], shown: set[int]) -> str:
    """Why a conditional question was not asked, as the desk says it: the answer given to the question it depends
    on ("not asked: they answered “No” to “Do you need a visa?”"), none given, or that question not asked either."""
    earlier = by_id.get(question.shown_if_question_id or 0)
    if earlier is None:
        return ""
    if earlier.id not in shown:
        return _("not asked: “%(question)s” was not asked either", question=earlier.label)
    answer = answers.get(str(earlier.id))
    if is_blank(answer):
        return _("not asked: “%(question)s” was not answered", question=earlier.label)
    return _("not asked: they answered “%(answer)s” to “%(question)s”", answer=answer_text(earlier.kind, answer),
             question=earlier.label)


def shown_answers(questions: Sequence, answers: Mapping[str, object] | None,
                  file_urls: Mapping[int, str]) -> list[ShownAnswer]:
    """The participant's answers to the forum's questions, in the form's order (headings are no answers), then any
    answers to questions removed since; the organisers' own questions are not among them (their form shows them)."""
    answers = answers or {}
    asked = [question for question in questions if not question.organisers_only]
    shown = shown_ids(asked, answers)
    known = {str(question.id) for question in questions}
    by_id = {question.id: question for question in asked}
    found = [ShownAnswer(question.label, answer_text(question.kind, answers.get(str(question.id))),
                         file_urls.get(question.id, ""), question.id in shown,
                         "" if question.id in shown else why_not_asked(question, by_id, answers, shown))
             for question in asked if takes_answer(question)]
    return found + [ShownAnswer(_("Removed question (%(id)s)", id=key), answer_text("", value))
                    for key, value in answers.items() if key not in known]
