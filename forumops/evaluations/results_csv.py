"""A survey's answers as CSV: one row per sent answer sheet, one column per question, headed by its text (a
multiple choice's ticked choices joined with "; ", a single choice's words, a scale's number, a text as written).
Spreadsheet-safe as every export (registration.csvio.neutralise): UTF-8 with a byte-order mark, no cell a
spreadsheet could run as a formula; written a line at a time, so a large survey's file streams.

A named survey's rows start with who sent them: name, organisation, country, category, the day it was sent.

An anonymous survey's rows carry nothing that leads back to a person: no sheet id, no registration, no day (the
day someone answered can be matched with the days they checked in), and no group columns either: gender,
country and category side by side on one row single out the only woman from Timor-Leste among government
delegates as surely as her name would, and the file, unlike the results page, has no small-group rule to protect
her. The groups are for the page's breakdowns, which merge groups under five. The rows are in the order of the
sheets' random ids, which says nothing of who answered or when. Until 5 sheets are sent there is no file at all
(results.too_few_to_show): one or two rows would be as good as named.

A test's rows say which round (before or after) they were sent in; its two rounds are separate sheets with
nothing linking one person's "before" to their "after" in an anonymous test.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.reference import country_name
from ..extensions import db
from ..organisations.models import Organisation
from ..registration.csvio import neutralise
from ..registration.labels import CATEGORY_LABELS
from ..registration.models import Registration
from .labels import ROUND_LABELS
from .models import CHOICE_KINDS, Survey, SurveyAnswer, SurveyItem, SurveyResponse
from .results import too_few_to_show


@dataclass
class Sheet:
    """One sent answer sheet: its round, who sent it (named surveys only) and its answers by item id (a number,
    a text, or a multiple choice's ticked indexes)."""

    phase: str
    person: tuple[str, str, str, str, str] | None  # name, organisation, country, category, day sent
    answers: dict[int, list[int | str]] = field(default_factory=dict)


def answer_sheets(survey: Survey) -> list[Sheet]:
    """Every sheet sent to the survey, in both rounds of a test, with its answers (two queries). Named: by day
    sent and name; anonymous: by the sheets' random ids (an order that says nothing), and no person."""
    R, A = SurveyResponse, SurveyAnswer
    if survey.anonymous:
        rows = db.session.execute(select(R.id, R.phase).where(R.survey_id == survey.id).order_by(R.id)).all()
        sheets = {response_id: Sheet(phase, None) for response_id, phase in rows}
    else:
        named = db.session.execute(
            select(R.id, R.phase, R.submitted_on, Registration.name, Organisation.name, Registration.country,
                   Registration.category)
            .outerjoin(Registration, Registration.id == R.registration_id)
            .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
            .where(R.survey_id == survey.id).order_by(R.phase, R.submitted_on, Registration.name, R.id)).all()
        categories = {code: str(label) for code, label in CATEGORY_LABELS.items()}
        sheets = {response_id: Sheet(phase, (name or "", organisation or "", country_name(country, "en"),
                                             categories.get(category or "", category or ""), sent.isoformat()))
                  for response_id, phase, sent, name, organisation, country, category in named}
    answers = db.session.execute(
        select(A.response_id, A.item_id, A.number, A.text).join(R, R.id == A.response_id)
        .where(R.survey_id == survey.id).order_by(A.response_id, A.item_id, A.choice))
    for response_id, item_id, number, text in answers:
        sheet = sheets.get(response_id)
        if sheet is not None:
            sheet.answers.setdefault(item_id, []).append(text if text is not None else (number or 0))
    return list(sheets.values())


def shown_sheets(survey: Survey, sheets: list[Sheet]) -> list[Sheet] | None:
    """The sheets the file holds, or None when it is refused: an anonymous survey with fewer than
    results.MIN_GROUP sheets, whose rows would each be one person's answers as good as named. (A test, the only
    kind with two rounds, is always named.)"""
    return None if too_few_to_show(survey, len(sheets)) else sheets


def cell(item: SurveyItem, values: Sequence[int | str]) -> str:
    """One answer as the file writes it: a choice's words (several joined with "; "), a number, a text."""
    if item.kind in CHOICE_KINDS:
        options = item.options or []
        return "; ".join(options[value] if isinstance(value, int) and 0 <= value < len(options) else str(value)
                         for value in values)
    return "; ".join(str(value) for value in values)


def _line(cells: Sequence[object]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow([neutralise(value) for value in cells])
    return buffer.getvalue().encode("utf-8")


def answers_csv(survey: Survey, items: Sequence[SurveyItem], sheets: Sequence[Sheet]) -> Iterator[bytes]:
    """The file, a line at a time: the headings, then one line per sheet (a pure renderer: rows in)."""
    questions = [item for item in items if item.is_question]
    headings: list[str] = []
    if not survey.anonymous:
        headings += [_("Name"), _("Organisation"), _("Country"), _("Category"), _("Date sent")]
    if survey.is_test:
        headings.append(_("Round"))
    headings += [item.text for item in questions]
    yield codecs.BOM_UTF8 + _line(headings)
    for sheet in sheets:
        cells: list[object] = list(sheet.person or ()) if not survey.anonymous else []
        if survey.is_test:
            cells.append(str(ROUND_LABELS.get(sheet.phase, sheet.phase)))
        cells += [cell(item, sheet.answers.get(item.id, ())) for item in questions]
        yield _line(cells)

