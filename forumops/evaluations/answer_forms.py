"""The answering form: its questions come from the survey, so it is read and checked here by hand rather than
declared as WTForms fields; the (empty) FlaskForm carries the CSRF token.

What was typed is kept as typed ({item id (str): text, or a list of texts for several ticks}), so a refused
page shows it again and a draft brings it back; `check_answers` turns it into numbers and texts, or says what
is wrong beside each question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from ..core.text import clean_line, clean_text, has_control_characters
from .models import CHOICE_KINDS, SCALES, TEXT_LIMITS, SurveyItem

Typed = dict[str, Any]  # item id (str) -> a text, or a list of texts (multiple choice)
Answer = int | list[int] | str  # a number on a scale or a choice's index; ticked indexes; a text


class AnswerForm(FlaskForm):
    """No fields of its own: the CSRF token. The questions are read with typed_answers."""


def field_name(item: SurveyItem) -> str:
    """The name of a question's input(s) on the page."""
    return f"q-{item.id}"


def typed_answers(items: list[SurveyItem], formdata: MultiDict) -> Typed:
    """What the page posted for each question, as typed (nothing for a question left alone)."""
    typed: Typed = {}
    for item in items:
        if not item.is_question:
            continue
        name = field_name(item)
        if item.kind == "multiple":
            ticked = [value for value in formdata.getlist(name) if value != ""]
            if ticked:
                typed[str(item.id)] = ticked
        else:
            value = formdata.get(name, "")
            if value.strip():
                typed[str(item.id)] = value
    return typed


def from_draft(draft: Mapping | None) -> Typed:
    """A saved draft as typed answers (only the shapes a draft can hold: texts and lists of texts)."""
    typed: Typed = {}
    for key, value in (draft or {}).items():
        if isinstance(value, list):
            typed[str(key)] = [str(v) for v in value]
        elif isinstance(value, str | int):
            typed[str(key)] = str(value)
    return typed


def _number(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def _check(item: SurveyItem, value: Any) -> tuple[Answer | None, str]:
    """One question's answer, or the message beside it."""
    if item.kind in SCALES:
        low, high = SCALES[item.kind]
        number = _number(value, low, high) if isinstance(value, str) else None
        return (number, "") if number is not None else (
            None, _("Choose a value from %(low)d to %(high)d.", low=low, high=high))
    if item.kind in CHOICE_KINDS:
        values = value if isinstance(value, list) else [value]
        if item.kind == "single" and len(values) != 1:
            return None, _("Choose one answer.")
        chosen = [_number(v, 0, len(item.options or []) - 1) for v in values]
        if any(index is None for index in chosen):
            return None, _("Choose from the answers listed.")
        indexes = sorted({index for index in chosen if index is not None})
        return (indexes[0] if item.kind == "single" else indexes), ""
    if not isinstance(value, str):
        return None, _("Write your answer as text.")
    if has_control_characters(value):
        return None, _("This contains invisible control characters. Please retype it rather than pasting.")
    text = clean_line(value) if item.kind == "short" else clean_text(value)
    limit = TEXT_LIMITS[item.kind]
    if len(text) > limit:
        return None, _("Use at most %(max)d characters (this has %(length)d).", max=limit, length=len(text))
    return text, ""


def check_answers(items: list[SurveyItem], typed: Typed, *, sending: bool) -> tuple[dict[int, Answer], dict[int, str]]:
    """The answers as they are kept ({item id: answer}) and the problems ({item id: message}). `sending`: a
    required question left empty is a problem too (a draft may leave anything for later)."""
    answers: dict[int, Answer] = {}
    problems: dict[int, str] = {}
    for item in items:
        if not item.is_question:
            continue
        value = typed.get(str(item.id))
        if value in (None, "", []):
            if sending and item.required:
                problems[item.id] = _("This question needs an answer.")
            continue
        answer, problem = _check(item, value)
        if problem:
            problems[item.id] = problem
        elif answer not in ("", None):
            answers[item.id] = answer
    return answers, problems
