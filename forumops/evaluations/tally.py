"""Counting a sent answer sheet into the breakdowns, apart from the sheet: how many of each group gave each value
to each question (SurveyValueCount) and how many of each group answered it (SurveyRespondentCount).

A sheet keeps no group of its author (an anonymous sheet would then lead back to them: gender, country,
category and cluster together name one person among a forum's registrations). The groups go only into these
counts, one dimension per row and with no sheet id, in the transaction that writes the sheet: named and
anonymous surveys alike, so the results read one kind of count. Flushes (two statements), never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.database import count_up
from ..core.hooks import cluster_of_registration
from ..forums.models import Forum
from ..registration.models import Registration
from .answer_forms import Answer
from .models import DIMENSIONS, SurveyRespondentCount, SurveyValueCount

GROUP_KEYS = ["survey_id", "phase", "item_id", "dimension", "group_key"]


@dataclass(frozen=True)
class Groups:
    """The groups a sheet is counted in: the person's as they were when they sent it ("" for none)."""

    gender: str = ""
    country: str = ""
    category: str = ""
    cluster_id: int | None = None

    def keys(self) -> dict[str, str]:
        """Each dimension's group key: the codes as they are, the cluster's id as text."""
        cluster = str(self.cluster_id) if self.cluster_id is not None else ""
        keys = {"gender": self.gender, "country": self.country, "category": self.category, "cluster": cluster}
        return {dimension: keys[dimension] for dimension in DIMENSIONS}


def groups_of(forum: Forum, registration: Registration) -> Groups:
    """The person's groups as they are now (their cluster: one query)."""
    cluster = cluster_of_registration(forum, registration)
    return Groups(registration.gender or "", registration.country or "", registration.category or "",
                  cluster.id if cluster is not None else None)


def numbers_of(answer: Answer) -> list[int]:
    """The values an answer counts for: a number, each ticked choice, nothing for a text."""
    if isinstance(answer, list):
        return answer
    return [] if isinstance(answer, str) else [answer]


def count_sheet(survey_id: int, phase: str, groups: Groups, answers: dict[int, Answer]) -> None:
    """Add one sheet's answers ({item id: a number, choices or a text}) to the counts of each of its groups."""
    answered = [(item_id, answer) for item_id, answer in answers.items() if answer != []]
    keys = groups.keys()
    respondents = [{"survey_id": survey_id, "phase": phase, "item_id": item_id, "dimension": dimension,
                    "group_key": key} for item_id, _answer in answered for dimension, key in keys.items()]
    values = [{"survey_id": survey_id, "phase": phase, "item_id": item_id, "dimension": dimension,
               "group_key": key, "number": number}
              for item_id, answer in answered for number in sorted(set(numbers_of(answer)))
              for dimension, key in keys.items()]
    count_up(SurveyRespondentCount, respondents, GROUP_KEYS)
    count_up(SurveyValueCount, values, [*GROUP_KEYS, "number"])
