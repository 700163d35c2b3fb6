"""Writes for building surveys: creating one (blank or from a starting template, in the forum's main language),
its settings, opening and closing it, and its items. They flush, never commit; a refusal is a FormError naming the
field. Once people have answered, nothing that would change what their counted answers mean is allowed: a question
with answers is not deleted and keeps its kind, an answered choice question keeps its choices in their places
(rewording them and adding more at the end is fine), and the survey keeps its kind, whether it is anonymous, and
who it asks (the response rate's people). The settings, an item's edit and its deletion take the survey's lock
first (evaluations.locks), as sending answers does, so what they check about answers stays true until they
are saved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..core.errors import FormError
from ..core.languages import written_in
from ..core.models import utcnow
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import SURVEY_ITEM, forget_versions, main_language
from ..registration.attendance import today_at
from ..registration.models import CATEGORIES
from . import builder_queries as queries
from .locks import lock_survey
from .models import AUDIENCES, CHOICE_KINDS, ITEM_KINDS, SURVEY_KINDS, Survey, SurveyItem
from .starting import BLANK, STARTING_TEMPLATES, written_out


def create_survey(forum: Forum, start: str, title: str = "") -> Survey:
    """A new survey at the end of the forum's list: blank (it needs a title), or a copy of a starting template
    written in the forum's main language. It is a draft: nobody is asked until it is opened."""
    title = clean_line(title)
    position = queries.next_position(forum)
    if start == BLANK:
        if not title:
            raise FormError(_("Give the survey a title, or start from one of the templates."), field="title")
        survey = Survey(forum_id=forum.id, title=title, kind="evaluation", anonymous=True, position=position)
        db.session.add(survey)
        db.session.flush()
        return survey
    template = STARTING_TEMPLATES.get(start)
    if template is None:
        raise FormError(_("Choose a template to start from, or a blank survey."), field="start")
    with written_in(main_language(forum)):
        written_title, intro, items = written_out(template)
    # "those who attended at least one day" are nobody before the forum: made earlier, it asks everyone confirmed
    audience = "confirmed" if template.audience == "attended" and today_at(forum) < forum.start_date \
        else template.audience
    survey = Survey(forum_id=forum.id, title=title or written_title, intro=intro, kind=template.kind,
                    anonymous=template.kind != "test", audience=audience, position=position)
    for place, item in enumerate(items):
        survey.items.append(SurveyItem(kind=item.kind, text=item.text, help=item.help, options=item.options,
                                       required=item.required, correct=item.correct, position=place))
    db.session.add(survey)
    db.session.flush()
    return survey


def update_settings(forum: Forum, survey: Survey, data: dict[str, Any]) -> Survey:
    """Save the survey's settings. A test is always named (the gain per person needs to know whose answers are
    whose). Once anyone answered, the kind, anonymity and who is asked stay as they were. The times must make
    sense: it closes after it opens, and a test's end-of-training round opens inside that window; and it opens
    only with a question to answer."""
    lock_survey(survey)
    answered = queries.has_responses(survey)
    kind = data.get("kind", survey.kind)
    if kind not in SURVEY_KINDS:
        raise FormError(_("Choose an evaluation or a test."), field="kind")
    if kind != survey.kind and answered:
        raise FormError(_("People have answered already, so the survey’s kind cannot change: their answers "
                          "were given to it as it is. Make a new survey instead."),
                        field="kind")
    anonymous = bool(data.get("anonymous", survey.anonymous)) and kind != "test"
    if anonymous != survey.anonymous and answered:
        raise FormError(_("People answered this survey anonymously, so it stays anonymous: they were promised "
                          "their names are not kept.") if survey.anonymous else
                        _("People answered this survey with their names kept, so it cannot become anonymous now."),
                        field="anonymous")
    audience = data.get("audience", survey.audience)
    if audience not in AUDIENCES:
        raise FormError(_("Choose who is asked."), field="audience")
    cluster_id = data.get("audience_cluster_id") or None
    category = data.get("audience_category") or ""
    if audience == "cluster" and (not cluster_id or not queries.is_cluster_of(forum, cluster_id)):
        raise FormError(_("Choose the cluster whose members are asked."), field="audience_cluster_id")
    if audience == "category" and category not in CATEGORIES:
        raise FormError(_("Choose the category of people asked."), field="audience_category")
    if answered and (audience, cluster_id if audience == "cluster" else None,
                     category if audience == "category" else "") != (
            survey.audience, survey.audience_cluster_id, survey.audience_category):
        raise FormError(_("People have answered already, so who is asked cannot change: the response rate counts "
                          "those asked who answered, and their answers were given to the survey as it is."),
                        field="audience")
    title = clean_line(data.get("title") or "")
    if not title:
        raise FormError(_("Give the survey a title."), field="title")
    opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
    after_opens_at = data.get("after_opens_at") if kind == "test" else None
    check_times(opens_at, closes_at, after_opens_at)
    if opens_at is not None and not has_questions(survey.items):
        raise FormError(_("Add at least one question before you set an opening time: the survey would open with "
                          "nothing to answer."), field="opens_at")
    survey.title, survey.intro, survey.kind, survey.anonymous = title, clean_text(data.get("intro") or ""), kind, \
        anonymous
    survey.audience = audience
    survey.audience_cluster_id = cluster_id if audience == "cluster" else None
    survey.audience_category = category if audience == "category" else ""
    survey.opens_at, survey.closes_at, survey.after_opens_at = opens_at, closes_at, after_opens_at
    if kind != "test":
        for item in survey.items:
            item.correct = None
    db.session.flush()
    return survey


def check_times(opens_at: datetime | None, closes_at: datetime | None, after_opens_at: datetime | None) -> None:
    """Refuse a close before the open, and an end-of-training round outside the time answers are taken."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise FormError(_("The survey must close after it opens."), field="closes_at")
    if after_opens_at is None:
        return
    if opens_at is None or after_opens_at <= opens_at:
        raise FormError(_("The end-of-training round must start after the test opens."), field="after_opens_at")
    if closes_at is not None and after_opens_at >= closes_at:
        raise FormError(_("The end-of-training round must start before the test closes."), field="after_opens_at")


def has_questions(items: Sequence[SurveyItem]) -> bool:
    """Whether there is something to answer: a survey opens (by its settings' time or "Open now") only then."""
    return any(item.is_question for item in items)


def open_now(survey: Survey, now: datetime | None = None) -> None:
    """Take answers from now on (a closing time already past is cleared, so it does not close at once)."""
    now = now or utcnow()
    if not has_questions(survey.items):
        raise FormError(_("Add at least one question before you open the survey."))
    if survey.opens_at is None or survey.opens_at > now:
        survey.opens_at = now
    if survey.closes_at is not None and survey.closes_at <= now:
        survey.closes_at = None
    if survey.after_opens_at is not None and survey.after_opens_at <= survey.opens_at:
        survey.after_opens_at = None
    db.session.flush()


def close_now(survey: Survey, now: datetime | None = None) -> None:
    """Take no more answers from now on."""
    now = now or utcnow()
    if survey.opens_at is None or survey.opens_at > now:
        raise FormError(_("This survey has not opened, so there is nothing to close."))
    survey.closes_at = now
    db.session.flush()


def start_after_round_now(survey: Survey, now: datetime | None = None) -> None:
    """A test's end-of-training round starts now: answers sent from now on are the "after" round."""
    now = now or utcnow()
    if not survey.is_test:
        raise FormError(_("Only a before-and-after test has an end-of-training round."))
    if not survey.is_open_at(now):
        raise FormError(_("Open the test first: the end-of-training round starts while it is open."))
    survey.after_opens_at = now
    db.session.flush()


# --- items ----------------------------------------------------------------------------------------------------


def _options(kind: str, data: dict[str, Any]) -> list[str]:
    """The options an item of this kind keeps: a choice question's choices, a rating's two end labels."""
    if kind in CHOICE_KINDS:
        return [line for line in (clean_line(raw) for raw in (data.get("options") or "").splitlines()) if line]
    if kind == "rating":
        return [clean_line(data.get("low_label") or ""), clean_line(data.get("high_label") or "")]
    return []


def _checked_item(survey: Survey, data: dict[str, Any]) -> dict[str, Any]:
    """The item's fields as they will be saved, or a FormError beside the field that is wrong."""
    kind = data.get("kind")
    if kind not in ITEM_KINDS:
        raise FormError(_("Choose what kind of item this is."), field="kind")
    text = clean_line(data.get("text") or "")
    if not text:
        raise FormError(_("Write the section’s heading.") if kind == "section" else _("Write the question."),
                        field="text")
    options = _options(kind, data)
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            raise FormError(_("A choice question needs at least two choices, one per line."), field="options")
        seen: set[str] = set()
        for option in options:
            if option.casefold() in seen:
                raise FormError(_("“%(choice)s” is there twice: each choice must be different.", choice=option),
                                field="options")
            seen.add(option.casefold())
    if kind == "rating":
        if not options[0]:
            raise FormError(_("Say what the lowest rating (1) means, like “Not useful”."), field="low_label")
        if not options[1]:
            raise FormError(_("Say what the highest rating (5) means, like “Very useful”."), field="high_label")
    correct = None
    if survey.is_test and kind == "single":
        number = data.get("correct")
        if number is None or not 1 <= number <= len(options):
            raise FormError(_("Say which choice is right: its number, from 1 to %(count)d.", count=len(options)),
                            field="correct")
        correct = number - 1
    return {"kind": kind, "text": text, "help": clean_text(data.get("help") or ""), "options": options,
            "correct": correct, "required": bool(data.get("required")) and kind != "section"}


def add_item(survey: Survey, data: dict[str, Any]) -> SurveyItem:
    """A new item at the end of the survey (adding one never touches what was answered)."""
    fields = _checked_item(survey, data)
    item = SurveyItem(position=max((i.position for i in survey.items), default=-1) + 1, **fields)
    survey.items.append(item)
    db.session.flush()
    return item


def update_item(survey: Survey, item: SurveyItem, data: dict[str, Any], now: datetime | None = None) -> SurveyItem:
    """Save an item's edit. Once it has answers, its kind stays, and a choice question's choices stay in their
    places: rewording one or adding more at the end is fine, removing or reordering them is refused. The last
    question of a survey that is open or set to open stays a question (it would take answers with nothing to
    answer)."""
    lock_survey(survey)
    fields = _checked_item(survey, data)
    if item.is_question and fields["kind"] == "section":
        _check_keeps_a_question(survey, item, now, _(
            "“%(question)s” is the survey’s last question, and the survey is open or set to open, so it cannot "
            "become a section heading: add another question first, or close the survey.", question=item.text),
            field="kind")
    if queries.item_has_answers(item):
        if fields["kind"] != item.kind:
            raise FormError(_("People have answered this question, so its kind cannot change: their answers "
                              "would no longer fit it. Add a new question instead."), field="kind")
        if item.kind in CHOICE_KINDS:
            _check_choices_kept(item.options or [], fields["options"])
    for name, value in fields.items():
        setattr(item, name, value)
    db.session.flush()
    return item


def _check_choices_kept(old: list[str], new: list[str]) -> None:
    """An answer to a choice question is the place of its choice: refuse what moves or removes a place."""
    if len(new) < len(old):
        raise FormError(_("People have answered this question, so its choices cannot be removed: their answers "
                          "point to them. You may reword a choice or add new ones at the end."), field="options")
    for place, option in enumerate(old):
        moved_to = [index for index, typed in enumerate(new) if typed.casefold() == option.casefold()]
        if moved_to and place not in moved_to:
            raise FormError(_("People have answered this question, so its choices must stay in their order: "
                              "“%(choice)s” moved. You may reword a choice or add new ones at the end.",
                              choice=option), field="options")


def delete_item(forum: Forum, survey: Survey, item: SurveyItem, now: datetime | None = None) -> None:
    """Remove an item and its versions in other languages; a question somebody answered stays, and so does the
    last question of a survey that is open or set to open (it would take answers with nothing to answer)."""
    lock_survey(survey)
    if item.is_question and queries.item_has_answers(item):
        raise FormError(_("People have answered “%(question)s”, so it cannot be deleted: their answers would be "
                          "lost from the results.", question=item.text))
    _check_keeps_a_question(survey, item, now, _(
        "“%(question)s” is the survey’s last question, and the survey is open or set to open: add another "
        "question first, or close the survey.", question=item.text))
    survey.items.remove(item)
    db.session.delete(item)
    forget_versions(forum.id, SURVEY_ITEM, [item.id])
    for place, kept in enumerate(survey.items):
        kept.position = place
    db.session.flush()


def _check_keeps_a_question(survey: Survey, item: SurveyItem, now: datetime | None, message: str,
                            field: str | None = None) -> None:
    """Refuse to take `item` from the survey's questions when it is the last and the survey is open or set to
    open."""
    if queries.survey_state_of(survey, now) in ("open", "scheduled") and \
            not has_questions([kept for kept in survey.items if kept is not item]):
        raise FormError(message, field=field)


def move_item(survey: Survey, item: SurveyItem, direction: str) -> None:
    """Swap an item with the one above or below it (answers are kept by question, so this is always safe)."""
    items = list(survey.items)
    place = items.index(item)
    other = place - 1 if direction == "up" else place + 1
    if not 0 <= other < len(items):
        return
    items[place], items[other] = items[other], items[place]
    for position, kept in enumerate(items):
        kept.position = position
    db.session.flush()
    db.session.expire(survey, ["items"])
