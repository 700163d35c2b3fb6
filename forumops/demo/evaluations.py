"""Evaluations in the demo, written through the operations the organisers' and participants' pages use:

- the ASEAN Community Forum 2017 (concluded, with its days of attendance recorded) ran the end-of-forum
  evaluation on its last afternoon, open for two weeks, anonymous; most of those who came answered it; three of
  its questions and two quotes are chosen for the outcome report;
- the Hanoi training (2014) gave a before-and-after knowledge test, named, at the start and at the end.

A forum that has surveys already is left alone, so loading twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select

from ..evaluations.answer_operations import send_answers
from ..evaluations.builder_operations import create_survey, update_item, update_settings
from ..evaluations.chapter_operations import save_chapter
from ..evaluations.models import Survey, SurveyAnswer, SurveyItem
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import DayAttendance, Registration

FORUM = "asean-community-forum-2017"
TRAINING = "local-economic-development-training-hanoi-2014"
ANSWERED_BY = 0.8  # about eight in ten of those who came answered
# what people wrote, cycled (the end-of-forum template's two long questions: most useful, what to change)
MOST_USEFUL = (
    "Meeting other networks working with small enterprises in the region.",
    "The cluster discussion on decent work: practical and honest.",
    "Hearing directly from officials about the ASEAN Community blueprint.",
    "",
    "The women entrepreneurs' stories from Cambodia and Laos.",
    "Learning how CSR networks in Thailand and the Philippines work with companies.",
    "The market-access session: I will use the buyer contacts.",
    "Time to talk with the other unions over lunch.",
    "",
    "The recommendations drafted together on the last afternoon.",
    "Các ví dụ thực tế về chuỗi giá trị.",
)
TO_CHANGE = (
    "More time for the clusters and less for opening speeches.",
    "Share the documents before the forum so we can prepare.",
    "",
    "Interpretation into Vietnamese and Khmer for the plenary would help many of us.",
    "The room for the MSME cluster was too small for 17 people.",
    "Fewer panels in a row after lunch.",
    "",
    "Invite more young people and people with disabilities to speak.",
    "Send the programme in our languages a week before.",
)
# the Hanoi training's own questions, in place of the template's examples: (question, choices, the right one)
TRAINING_QUESTIONS = (
    ("What is local economic development (LED) mainly about?",
     ("Attracting one large foreign investor", "Local actors working together to build the area's economy",
      "Spending the province's budget on roads"), 1),
    ("Which tool maps the steps a product goes through from producer to buyer?",
     ("A value chain analysis", "A balance sheet", "A population census"), 0),
    ("Who should take part in a public–private dialogue on the local economy?",
     ("Government officers only", "Government, businesses and civil society", "Investors only"), 1),
)


def _at(forum: Forum, day, clock: time) -> datetime:
    return datetime.combine(day, clock, ZoneInfo(forum.timezone)).astimezone(UTC)


def _people_who_came(forum: Forum) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.forum_id == forum.id, Registration.status == "confirmed",
        exists().where(DayAttendance.registration_id == Registration.id)).order_by(Registration.id)))


def _has_surveys(forum: Forum) -> bool:
    return db.session.scalar(select(Survey.id).where(Survey.forum_id == forum.id).limit(1)) is not None


def _typed(items: list[SurveyItem], turn: int) -> dict:
    """Someone's answers to an evaluation, varied by their turn, as the answering form would send them."""
    typed: dict = {}
    long_answers = (MOST_USEFUL, TO_CHANGE)
    long_seen = 0
    for index, item in enumerate(items):
        key, spin = str(item.id), turn + index
        if item.kind in ("rating", "agreement"):
            typed[key] = str((5, 4, 4, 5, 3, 4, 2, 5)[spin % 8])
        elif item.kind == "nps":
            typed[key] = str((10, 9, 8, 9, 7, 10, 6, 9, 8)[spin % 9])
        elif item.kind == "single" and item.options:
            typed[key] = str(spin % len(item.options))
        elif item.kind == "multiple" and item.options:
            typed[key] = sorted({str(spin % len(item.options)), str((spin + 2) % len(item.options))})
        elif item.kind == "long":
            choices = long_answers[long_seen % 2]
            typed[key] = choices[turn % len(choices)]
            long_seen += 1
    return typed


def _settle(forum: Forum, survey: Survey, **changes) -> None:
    """Change some of a survey's settings through the organisers' operation (it checks the times, the audience
    and that there are questions), the rest kept as they are."""
    update_settings(forum, survey, {
        "title": survey.title, "intro": survey.intro, "kind": survey.kind, "anonymous": survey.anonymous,
        "audience": survey.audience, "audience_cluster_id": survey.audience_cluster_id,
        "audience_category": survey.audience_category, "opens_at": survey.opens_at, "closes_at": survey.closes_at,
        "after_opens_at": survey.after_opens_at, **changes})


def _load_forum_evaluation(forum: Forum) -> None:
    survey = create_survey(forum, "end_of_forum")
    opens_at = _at(forum, forum.end_date, time(15, 30))
    _settle(forum, survey, audience="attended", opens_at=opens_at, closes_at=opens_at + timedelta(days=14))
    items = list(survey.items)
    people = _people_who_came(forum)
    for turn, person in enumerate(people):
        if turn % 10 >= ANSWERED_BY * 10:
            continue
        send_answers(forum, survey, person, _typed(items, turn), opens_at + timedelta(hours=turn % 40))
    charted = [item.id for item in items if item.kind in ("rating", "agreement", "nps", "single", "multiple")][:3]
    quotes = []
    for words in (MOST_USEFUL[1], TO_CHANGE[3]):  # one answer with each of two things people wrote
        quotes.append(db.session.execute(select(SurveyAnswer.response_id, SurveyAnswer.item_id).join(SurveyItem).where(
            SurveyItem.survey_id == survey.id, SurveyAnswer.text == words)
            .order_by(SurveyAnswer.response_id).limit(1)).one())
    save_chapter(survey, charted, [(response_id, item_id) for response_id, item_id in quotes])


def _choice(question: SurveyItem, right: bool) -> str:
    """The right choice of a test question, or the one after it."""
    correct = question.correct or 0
    return str(correct if right else (correct + 1) % len(question.options))


def _load_training_test(forum: Forum) -> None:
    survey = create_survey(forum, "knowledge_test")
    for item, (question, choices, right) in zip(survey.items, TRAINING_QUESTIONS, strict=True):
        update_item(survey, item, {"kind": "single", "text": question, "help": "", "options": "\n".join(choices),
                                   "correct": right + 1, "required": True})
    opens_at, after_opens_at = _at(forum, forum.start_date, time(8, 0)), _at(forum, forum.end_date, time(14, 0))
    _settle(forum, survey, opens_at=opens_at, after_opens_at=after_opens_at,
            closes_at=_at(forum, forum.end_date, time(18, 0)))
    questions = [item for item in survey.items if item.is_question]
    for turn, person in enumerate(_people_who_came(forum)):
        before = {str(q.id): _choice(q, (turn * 7 + n * 3) % 5 < 2) for n, q in enumerate(questions)}
        after = {str(q.id): _choice(q, (turn + n) % 5 != 0) for n, q in enumerate(questions)}
        send_answers(forum, survey, person, before, opens_at + timedelta(minutes=20))
        if turn % 8 != 7:  # a few left before the end
            send_answers(forum, survey, person, after, after_opens_at + timedelta(minutes=30))


def load_evaluations(forums: dict[str, Forum]) -> None:
    """The demo's surveys and their answers (see the module's docstring)."""
    forum = forums.get(FORUM)
    if forum is not None and not _has_surveys(forum):
        _load_forum_evaluation(forum)
    training = forums.get(TRAINING)
    if training is not None and not _has_surveys(training):
        _load_training_test(training)
    db.session.flush()
