"""A before-and-after test's gain: per question, per person, and on average.

The pairing rule: the gain is computed only on the people who sent the test in both rounds, "before" and
"after". Someone who answered one round only is counted apart and changes no share, score or gain; nor does a
sheet that names nobody (an anonymous test cannot be paired at all).

Scoring: a question counts when it has a right choice (`SurveyItem.correct`, an index among its options); one
without is left out of every score and listed as not scored. A question left unanswered counts as not right.

`compute_gain` is a pure function over plain rows; `read_gains` reads those rows for one or several tests in
three queries whatever their number of answers, so a page listing every test of a forum stays constant too.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.numbers import share_percent, whole
from ..extensions import db
from ..organisations.models import Organisation
from ..registration.csvio import neutralise
from ..registration.models import Registration
from .models import Survey, SurveyAnswer, SurveyItem, SurveyResponse

ROUNDS = ("before", "after")


# --- the rows the computation reads -----------------------------------------------------------------------

@dataclass(frozen=True)
class KnowledgeQuestion:
    """A question of the test, in its place; `correct` None (or not among its options): not scored."""

    item_id: int
    text: str
    correct: int | None
    options: int = 0  # how many choices it has

    @property
    def is_scored(self) -> bool:
        return self.correct is not None and 0 <= self.correct < self.options


@dataclass(frozen=True)
class AnswerRow:
    """One answer of one sent sheet (or a sheet with no answer at all: item_id and choice None)."""

    response_id: str
    registration_id: int | None  # None: the sheet names nobody
    phase: str
    item_id: int | None
    choice: int | None


@dataclass(frozen=True)
class Person:
    registration_id: int
    name: str
    organisation: str = ""


# --- what it gives ------------------------------------------------------------------------------------------

def _share(right: int, out_of: int) -> float | None:
    return right / out_of if out_of else None


@dataclass(frozen=True)
class QuestionGain:
    """How many of the `paired` people had the question right before and after."""

    item_id: int
    text: str
    before_right: int
    after_right: int
    paired: int

    @property
    def before_share(self) -> float | None:
        return _share(self.before_right, self.paired)

    @property
    def after_share(self) -> float | None:
        return _share(self.after_right, self.paired)

    @property
    def gain_points(self) -> float | None:
        """The after share minus the before share, in percentage points."""
        if not self.paired:
            return None
        return 100 * (self.after_right - self.before_right) / self.paired


@dataclass(frozen=True)
class PersonGain:
    """One person who answered both rounds: right answers before and after, out of the scored questions."""

    registration_id: int
    name: str
    organisation: str
    before: int
    after: int
    out_of: int

    @property
    def before_share(self) -> float | None:
        return _share(self.before, self.out_of)

    @property
    def after_share(self) -> float | None:
        return _share(self.after, self.out_of)

    @property
    def gain_points(self) -> float | None:
        if not self.out_of:
            return None
        return 100 * (self.after - self.before) / self.out_of


@dataclass(frozen=True)
class GainReport:
    questions: tuple[QuestionGain, ...]  # the scored questions, in the test's order
    not_scored: tuple[KnowledgeQuestion, ...]  # questions without a right choice
    people: tuple[PersonGain, ...]  # largest gain first, then by name
    only_before: int  # people who answered the first round only
    only_after: int  # ... the second round only
    unnamed: int = 0  # sheets that name nobody (an anonymous test): never paired

    @property
    def paired(self) -> int:
        return len(self.people)

    @property
    def average_gain(self) -> float | None:
        """The mean of the people's gains, in percentage points (None when nobody answered both rounds)."""
        gains = [person.gain_points for person in self.people if person.gain_points is not None]
        return sum(gains) / len(gains) if gains else None


def compute_gain(questions: Sequence[KnowledgeQuestion], answers: Iterable[AnswerRow],
                 people: Mapping[int, Person]) -> GainReport:
    """The gain of one test from its questions, every answer of its sheets and who the registrations are (a pure
    function). Should a person have sent a round twice, their answers of that round are taken together: a
    question is right when one of its answers is."""
    scored = [question for question in questions if question.is_scored]
    correct = {question.item_id: question.correct for question in scored}
    sent: dict[int, set[str]] = defaultdict(set)  # registration -> the rounds they sent
    right: dict[tuple[int, str], set[int]] = defaultdict(set)  # (registration, round) -> questions right
    unnamed: set[str] = set()
    for row in answers:
        if row.phase not in ROUNDS:
            continue
        if row.registration_id is None:
            unnamed.add(row.response_id)
            continue
        sent[row.registration_id].add(row.phase)
        if row.item_id in correct and row.choice is not None and row.choice == correct[row.item_id]:
            right[(row.registration_id, row.phase)].add(row.item_id)
    paired = sorted(person for person, rounds in sent.items() if len(rounds) == len(ROUNDS))

    question_gains = tuple(
        QuestionGain(question.item_id, question.text,
                     before_right=sum(1 for person in paired if question.item_id in right[(person, "before")]),
                     after_right=sum(1 for person in paired if question.item_id in right[(person, "after")]),
                     paired=len(paired))
        for question in scored)
    person_gains = []
    for registration_id in paired:
        person = people.get(registration_id, Person(registration_id, ""))
        person_gains.append(PersonGain(registration_id, person.name, person.organisation,
                                       before=len(right[(registration_id, "before")]),
                                       after=len(right[(registration_id, "after")]), out_of=len(scored)))
    person_gains.sort(key=lambda p: (-(p.after - p.before), p.name.casefold(), p.registration_id))
    return GainReport(
        questions=question_gains,
        not_scored=tuple(question for question in questions if not question.is_scored),
        people=tuple(person_gains),
        only_before=sum(1 for rounds in sent.values() if rounds == {"before"}),
        only_after=sum(1 for rounds in sent.values() if rounds == {"after"}),
        unnamed=len(unnamed))


# --- reading ----------------------------------------------------------------------------------------------

def read_gains(surveys: Sequence[Survey], with_people: bool = True) -> dict[int, GainReport]:
    """The gain of each of these tests (surveys of another kind are skipped), in three queries whatever their
    number and their answers: the questions, the answers of both rounds, and the people's names (not read when
    `with_people` is False, for a page that shows only the averages)."""
    ids = [survey.id for survey in surveys if survey.is_test]
    if not ids:
        return {}
    questions: dict[int, list[KnowledgeQuestion]] = defaultdict(list)
    for survey_id, item_id, text, correct, options in db.session.execute(
            select(SurveyItem.survey_id, SurveyItem.id, SurveyItem.text, SurveyItem.correct, SurveyItem.options)
            .where(SurveyItem.survey_id.in_(ids), SurveyItem.kind != "section")
            .order_by(SurveyItem.survey_id, SurveyItem.position, SurveyItem.id)):
        questions[survey_id].append(KnowledgeQuestion(item_id, text, correct, len(options or ())))
    R, A = SurveyResponse, SurveyAnswer
    answers: dict[int, list[AnswerRow]] = defaultdict(list)
    for survey_id, response_id, registration_id, phase, item_id, choice in db.session.execute(
            select(R.survey_id, R.id, R.registration_id, R.phase, A.item_id, A.number)
            .outerjoin(A, A.response_id == R.id).where(R.survey_id.in_(ids), R.phase.in_(ROUNDS))):
        answers[survey_id].append(AnswerRow(response_id, registration_id, phase, item_id, choice))
    people: dict[int, Person] = {}
    if with_people:
        answered = select(R.registration_id).where(R.survey_id.in_(ids), R.registration_id.is_not(None))
        for registration_id, name, organisation in db.session.execute(
                select(Registration.id, Registration.name, Organisation.name)
                .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
                .where(Registration.id.in_(answered))):
            people[registration_id] = Person(registration_id, name, organisation or "")
    return {survey_id: compute_gain(questions[survey_id], answers[survey_id], people) for survey_id in ids}


def survey_gain(survey: Survey) -> GainReport:
    """The gain of one test, for its page (three queries)."""
    return read_gains([survey])[survey.id]


# --- showing it -------------------------------------------------------------------------------------------

def percent(share: float | None) -> str:
    """0.6667 -> "67%"; None -> "–" (nobody to count)."""
    shown = share_percent(share)
    return "–" if shown is None else f"{shown}%"


def points(value: float | None) -> str:
    """A gain in percentage points with its sign: "+33", "−50" (a minus sign), "0"; None -> "–"."""
    if value is None:
        return "–"
    rounded = whole(value)
    return f"+{rounded}" if rounded > 0 else f"\u2212{-rounded}" if rounded < 0 else "0"


def direction(value: float | None) -> str:
    """"up", "down" or "same": which way a gain goes once rounded, for its arrow."""
    rounded = whole(value or 0)
    return "up" if rounded > 0 else "down" if rounded < 0 else "same"


def gain_csv(report: GainReport) -> bytes:
    """The per-person table as CSV bytes (UTF-8 with a byte-order mark): every text cell neutralised against
    formula injection (registration.csvio.neutralise); numbers are written as numbers, a negative gain too."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(heading) for heading in (
        _("Name"), _("Organisation"), _("Right before"), _("Right after"), _("Questions scored"),
        _("Score before (%)"), _("Score after (%)"), _("Gain (percentage points)"))])
    for person in report.people:
        writer.writerow([neutralise(person.name), neutralise(person.organisation), person.before, person.after,
                         person.out_of, _rounded(person.before_share, 100), _rounded(person.after_share, 100),
                         _rounded(person.gain_points)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _rounded(value: float | None, scale: int = 1) -> float | str:
    return "" if value is None else round(value * scale, 1)
