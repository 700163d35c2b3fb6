"""A before-and-after test's gain: per question, per person, and on average.

The pairing rule: the gain is computed only on the people who sent the test in both rounds, "before" and
"after". Someone who answered one round only is counted apart and changes no share, score or gain; nor does a
sheet that names nobody (an anonymous test cannot be paired at all).

Scoring: a question counts when it has a right choice (`SurveyItem.correct`, an index among its options); one
without is left out of every score and listed as not scored. A question left unanswered counts as not right.

This module is the computation alone: `compute_gain`, a pure function over plain rows. Reading those rows is
evaluations.gain_queries (three queries for one or several tests); showing the figures, on the page and in the
CSV, is evaluations.gain_format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
