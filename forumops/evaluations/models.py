"""Surveys, their questions, who answered, the answers, and feedback on programme items.

A survey is an evaluation (answered once, after or near the end) or a before-and-after test (the same knowledge
questions answered in two rounds: "before" until `after_opens_at`, "after" from then on). Its questions are
`SurveyItem`s in one ordered list, sections among them; their texts have versions in the forum's other languages
(forums.versions kinds SURVEY and SURVEY_ITEM).

Who answered and what they answered are kept apart:
- `SurveyResponder` is one row per person asked who opened the survey (per round): their unsent draft, kept so
  they can save and come back, and whether they sent it. It is what stops a second answer.
- `SurveyResponse` is one sent answer sheet. In a named survey it carries the registration; in an anonymous one
  it carries nothing that leads back to the person: no registration, no time finer than the day, no language, no
  group, a random id (and on SQLite no rowid, so the order rows were written in says nothing either). The draft,
  which did link to the person, is deleted from the responder row in the same transaction.
- The breakdowns by gender, country, category and cluster are counted apart, when a sheet is sent (named or
  anonymous alike, evaluations.tally): `SurveyValueCount` holds how many in each group gave each value to each
  question, `SurveyRespondentCount` how many in each group answered each question. Counts link to no sheet and
  to no person, and each dimension is counted on its own, so no row puts a gender, a country and a category
  together; like the sheets, they have no rowid on SQLite (a count row's would say when its group first answered).

What this does not protect against, plainly: someone who can read the database itself (not the pages, not the
CSV). On PostgreSQL every row version carries the id of the transaction that wrote it (`xmin`), and the
responder row flipped to "sent", the anonymous sheet, its answers and the counts it added to are written in one
transaction: reading xmin links an anonymous sheet to the person who sent it until those rows are written again,
and the write-ahead log keeps the same link for as long as it is kept. Writing them in separate transactions
does not help: a sheet written without the flip can be counted twice, a flip without the sheet loses answers,
and the transaction ids' order still pairs them. Only sending sheets in batches, long after they were written,
would; ForumOps does not. Likewise a group of one person in a count (the only participant from one country)
shows that person's numbers to a reader of the table, as it would to anyone adding up the breakdowns: the
results pages hide such groups (results.py), the table cannot. Anonymity here is towards the organisers'
pages, exports and reports, not towards a database administrator.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, one_of, utcnow
from ..extensions import db

SURVEY_KINDS = ("evaluation", "test")  # a test is answered twice, before and after, and has right answers
# who is asked: every confirmed participant, those who attended at least one day, one cluster, one category
AUDIENCES = ("confirmed", "attended", "cluster", "category")
# an evaluation's answers have no round; a test's are "before" or "after"
PHASES = ("", "before", "after")
# the kinds of item in a survey; "section" is a heading with a text, not a question
ITEM_KINDS = ("section", "rating", "agreement", "single", "multiple", "short", "long", "nps")
QUESTION_KINDS = ITEM_KINDS[1:]
SCALES = {"rating": (1, 5), "agreement": (1, 5), "nps": (0, 10)}  # kind -> (lowest, highest) number answered
CHOICE_KINDS = ("single", "multiple")  # the answer is one option's index, or several
TEXT_KINDS = ("short", "long")
TEXT_LIMITS = {"short": 300, "long": 5000}  # characters an answer may have
# what the results are broken down by: a group key is the registration's gender, country or category code, or the
# cluster's id as text; "" when the person gave none or was in none
DIMENSIONS = ("gender", "country", "category", "cluster")


def new_response_id() -> str:
    """A random id for a sent answer sheet (128 bits): nothing about when, or whose, it was."""
    return secrets.token_hex(16)


class Survey(db.Model):
    """One survey of a forum. Not open until `opens_at` is set and reached; closed from `closes_at` on."""

    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint(one_of("kind", SURVEY_KINDS), name="kind_known"),
                      CheckConstraint(one_of("audience", AUDIENCES), name="audience_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="evaluation")
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")  # shown above the questions (Markdown)
    anonymous: Mapped[bool] = mapped_column(default=True)
    audience: Mapped[str] = mapped_column(String(12), default="confirmed")
    # the cluster (its id) or the category (its code) asked, for those audiences; else None
    audience_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"),
                                                            nullable=True)
    audience_category: Mapped[str] = mapped_column(String(24), default="")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # None: not yet published
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # None: open until closed
    after_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # a test's second round
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    items: Mapped[list[SurveyItem]] = relationship(
        back_populates="survey", order_by="SurveyItem.position", cascade="all, delete-orphan")

    @property
    def is_test(self) -> bool:
        return self.kind == "test"

    def phase_at(self, now: datetime) -> str:
        """The round answers sent at `now` belong to: "" for an evaluation; "before" or "after" for a test."""
        if not self.is_test:
            return ""
        return "after" if self.after_opens_at is not None and now >= self.after_opens_at else "before"

    def is_open_at(self, now: datetime) -> bool:
        """Whether answers are taken at `now`: opened, and not yet closed."""
        return (self.opens_at is not None and self.opens_at <= now
                and (self.closes_at is None or now < self.closes_at))


class SurveyItem(db.Model):
    """A question of a survey, or a section heading between them, in its place.

    - rating: 1 to 5, `options` holds the labels of its two ends ([lowest, highest]);
    - agreement: 1 (strongly disagree) to 5 (strongly agree);
    - single, multiple: `options` holds the choices, an answer is their index; in a test, `correct` is the index of
      the right choice of a single-choice question;
    - short, long: text;
    - nps: 0 to 10, "how likely are you to recommend";
    - section: `text` is its heading, `help` the words under it.
    """

    __tablename__ = "survey_items"
    __table_args__ = (CheckConstraint(one_of("kind", ITEM_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    correct: Mapped[int | None] = mapped_column(nullable=True)  # a test's right choice (single choice)
    position: Mapped[int] = mapped_column(default=0)
    in_report: Mapped[bool] = mapped_column(default=False)  # shown in the outcome report's evaluation chapter

    survey: Mapped[Survey] = relationship(back_populates="items")

    @property
    def is_question(self) -> bool:
        return self.kind != "section"


class SurveyResponder(db.Model):
    """Someone asked who opened a survey (in one round): their draft until they send it, then only the fact that
    they did (`submitted`). One row per survey, registration and round: a second answer has nowhere to go."""

    __tablename__ = "survey_responders"
    __table_args__ = (UniqueConstraint("survey_id", "registration_id", "phase",
                                       name="uq_survey_responders_survey_id_registration_id_phase"),
                      CheckConstraint(one_of("phase", PHASES), name="phase_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(8), default="")
    draft: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # {item id (str): answer as typed}
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    submitted: Mapped[bool] = mapped_column(default=False)


class SurveyResponse(db.Model):
    """One sent answer sheet. `registration_id` only in a named survey; in an anonymous one nothing here leads
    back to the person (see the module's docstring). `submitted_on` is a day, never a time."""

    __tablename__ = "survey_responses"
    __table_args__ = (CheckConstraint(one_of("phase", PHASES), name="phase_known"),
                      Index("ix_survey_responses_survey_id_phase", "survey_id", "phase"),
                      {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_response_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(8), default="")
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    submitted_on: Mapped[date] = mapped_column(Date)  # in the forum's time zone

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer to one question. A number (a rating, a score, a choice's index) or a text; a multiple-choice
    question has one row per choice ticked (`choice` = `number` = its index; 0 for every other kind).
    `quoted`: the organisers picked this text for the outcome report."""

    __tablename__ = "survey_answers"
    __table_args__ = ({"sqlite_with_rowid": False},)

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"),
                                             primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("survey_items.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)
    choice: Mapped[int] = mapped_column(primary_key=True, default=0, autoincrement=False)
    number: Mapped[int | None] = mapped_column(nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    quoted: Mapped[bool] = mapped_column(default=False)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


def _count_table_args() -> tuple:
    """What both count tables declare besides their columns: known rounds and dimensions, and (SQLite) no rowid."""
    return (CheckConstraint(one_of("phase", PHASES), name="phase_known"),
            CheckConstraint(one_of("dimension", DIMENSIONS), name="dimension_known"),
            {"sqlite_with_rowid": False})


class _GroupCount:
    """The key both count tables share: a question of a survey, in one round, and one group of one dimension
    (gender, country, category, cluster); `n` is how many."""

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    phase: Mapped[str] = mapped_column(String(8), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("survey_items.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)
    dimension: Mapped[str] = mapped_column(String(8), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column()


class SurveyValueCount(_GroupCount, db.Model):
    """How many people of one group gave one value (a point of a scale, a choice's index) to one question, in one
    round: added to when a sheet is sent, in its transaction (evaluations.tally). Linked to no sheet."""

    __tablename__ = "survey_value_counts"
    __table_args__ = _count_table_args()

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class SurveyRespondentCount(_GroupCount, db.Model):
    """How many people of one group answered one question (whatever they answered), in one round: added to as
    `SurveyValueCount` is. A multiple-choice answer counts once here, once per choice there."""

    __tablename__ = "survey_respondent_counts"
    __table_args__ = _count_table_args()


class SessionFeedback(db.Model):
    """A participant's rating (1 to 5) of one programme item they attended, and what they had to say about it.
    One per person and item; they may change it. Presenters and organisers read it without names."""

    __tablename__ = "session_feedback"
    __table_args__ = (UniqueConstraint("agenda_item_id", "registration_id",
                                       name="uq_session_feedback_agenda_item_id_registration_id"),
                      CheckConstraint("rating BETWEEN 1 AND 5", name="rating_on_scale"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
