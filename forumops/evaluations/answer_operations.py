"""Writes of the participants' side of surveys: saving a draft, sending the answers once, and what the privacy
stage needs to forget a person's answers.

Sending is decided by one conditional UPDATE of the person's responder row (`submitted` from false to true):
whichever request flips it writes the answer sheet in the same transaction; any other (a second tab, a double
click) finds nothing to flip and is refused, so nothing is counted twice. Sending takes the survey's lock
(evaluations.locks) first, as the organisers' edits of it do, and checks that the survey is still as the page
showed it: the same round, the same promise about names. These functions flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, null, select, update

from ..core.database import insert_if_absent
from ..core.errors import FormError
from ..core.i18n import day_in_zone
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .answer_forms import Typed, check_answers
from .answer_queries import responder_of
from .locks import lock_survey
from .models import TEXT_KINDS, Survey, SurveyAnswer, SurveyItem, SurveyResponder, SurveyResponse
from .tally import count_sheet, groups_of


class AnswersRefused(FormError):
    """Some answers cannot be taken: `problems` says which ({item id: message}); nothing was written."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_("Some answers need another look: see the messages beside the questions."))
        self.problems = problems


class SurveyClosed(FormError):
    """The survey takes no answers now (closed, or not open yet)."""


class RoundChanged(FormError):
    """A test's round moved on (the organisers started the end-of-training round) while the page showed the
    other: the answers must not be filed under a round the person did not answer."""


def check_round(survey, shown_phase: str | None, now: datetime, *, saving: bool = False) -> None:
    """Refuse answers typed for a round that is no longer the one open (`shown_phase` None: not said, so not
    checked). `saving`: a draft, which would be kept for the other round."""
    if shown_phase is None or survey.phase_at(now) == shown_phase:
        return
    if survey.phase_at(now) == "after" and saving:
        raise RoundChanged(_("The end-of-training round has started while you were answering, so your answers were "
                             "not saved: they were typed for the start-of-training round, which is over. The page "
                             "now shows the end-of-training round, with what you typed: answer as you know now."))
    if survey.phase_at(now) == "after":
        raise RoundChanged(_("The end-of-training round has started while you were answering, so your answers were "
                             "not sent: they would count as the start-of-training round, which is over. The page "
                             "now shows the end-of-training round, with what you typed: answer as you know now, "
                             "and send again."))
    if saving:
        raise RoundChanged(_("The test’s rounds changed while you were answering, so your answers were not saved. "
                             "Check them below and save again."))
    raise RoundChanged(_("The test’s rounds changed while you were answering, so your answers were not sent. "
                         "Check them below and send again."))


class PrivacyChanged(FormError):
    """The organisers made the survey named, or anonymous, while the page said the other: the answers are not
    sent under a promise the person did not read."""


def check_privacy(survey, shown_anonymous: bool | None) -> None:
    """Refuse answers sent from a page that said otherwise about names (`shown_anonymous` None: not said, so
    not checked)."""
    if shown_anonymous is None or shown_anonymous == survey.anonymous:
        return
    if shown_anonymous:
        raise PrivacyChanged(_("The organisers changed this survey while you were answering: your answers would "
                               "now be kept with your name, not anonymously as the page said. They were not sent. "
                               "Everything you typed is below: send it only if you agree."))
    raise PrivacyChanged(_("The organisers changed this survey while you were answering: your answers would now "
                           "be kept without your name. They were not sent. Everything you typed is below: check "
                           "it and send again."))


class NothingAnswered(FormError):
    """A sheet with no answer at all: it would count the person as having answered."""


class AlreadySent(FormError):
    """This person's answers for this survey (and round) were sent before."""


def _check_open(survey, now: datetime) -> None:
    if not survey.is_open_at(now):
        raise SurveyClosed(_("This survey is closed: answers are no longer taken. What you typed was not sent."))


def _responder(survey, registration: Registration, phase: str) -> SurveyResponder:
    """The person's row for this round, made if they never opened it (two requests at once make one row)."""
    insert_if_absent(SurveyResponder, {"survey_id": survey.id, "registration_id": registration.id,
                                       "phase": phase, "submitted": False},
                     ["survey_id", "registration_id", "phase"])
    found = responder_of(survey, registration, phase)
    assert found is not None  # just written, or there already
    return found


def save_draft(survey, registration: Registration, typed: Typed, now: datetime,
               shown_phase: str | None = None) -> None:
    """Keep what the person typed so far, to come back to (checked as a sent answer is, but nothing is
    required yet). Refused once closed, and once sent: one conditional UPDATE (WHERE not yet sent), so a Save
    racing a Send in another tab never writes the draft back onto the sent row. `shown_phase`: the round the
    page showed, refused when the test has moved on (a "before" page's answers are no draft of the "after"
    round)."""
    check_round(survey, shown_phase, now, saving=True)
    _check_open(survey, now)
    _checked, problems = check_answers(list(survey.items), typed, sending=False)
    if problems:
        raise AnswersRefused(problems)
    responder = _responder(survey, registration, survey.phase_at(now))
    saved = db.session.execute(
        update(SurveyResponder).where(SurveyResponder.id == responder.id, SurveyResponder.submitted.is_(False))
        .values(draft=dict(typed), draft_saved_at=now).execution_options(synchronize_session=False))
    if saved.rowcount != 1:  # type: ignore[attr-defined]  # DML: a CursorResult
        raise AlreadySent(_("You have already sent your answers to this survey."))
    db.session.expire(responder)


def send_answers(forum: Forum, survey, registration: Registration, typed: Typed, now: datetime,
                 shown_phase: str | None = None, shown_anonymous: bool | None = None) -> SurveyResponse:
    """Take the person's answers, once per survey and round: checked whole first (nothing is written when any
    answer is refused), then the responder row flips to sent, the answer sheet is written and counted into the
    breakdowns (evaluations.tally), in the same transaction. The sheet keeps the day it was sent (in the forum's
    time zone) and, in a named survey only, the registration; its groups go only into the counts. The draft is
    deleted from the responder row. `shown_phase`: the round the page showed, refused when the test has moved on
    to another (check_round); `shown_anonymous`: whether the page said the answers are anonymous, refused when
    the survey no longer is what it said (check_privacy). A sheet with no answer at all is refused."""
    lock_survey(survey)  # the survey and its questions as they are now, unchanged until the sheet is written
    check_privacy(survey, shown_anonymous)
    check_round(survey, shown_phase, now)
    _check_open(survey, now)
    answers, problems = check_answers(list(survey.items), typed, sending=True)
    if problems:
        raise AnswersRefused(problems)
    if not answers:
        raise NothingAnswered(_("Answer at least one question before you send: an empty sheet would count you as "
                                "having answered."))
    phase = survey.phase_at(now)
    responder = _responder(survey, registration, phase)
    flipped = db.session.execute(
        update(SurveyResponder).where(SurveyResponder.id == responder.id, SurveyResponder.submitted.is_(False))
        .values(submitted=True, draft=null(), draft_saved_at=None)  # null(): SQL NULL, not JSON's
        .execution_options(synchronize_session=False))
    if flipped.rowcount != 1:  # type: ignore[attr-defined]  # DML: a CursorResult
        raise AlreadySent(_("You have already sent your answers to this survey."))
    db.session.expire(responder)
    response = SurveyResponse(survey_id=survey.id, phase=phase, submitted_on=day_in_zone(forum.timezone, now),
                              registration_id=None if survey.anonymous else registration.id)
    for item_id, answer in answers.items():
        if isinstance(answer, list):
            response.answers.extend(SurveyAnswer(item_id=item_id, choice=index, number=index) for index in answer)
        elif isinstance(answer, str):
            response.answers.append(SurveyAnswer(item_id=item_id, text=answer))
        else:
            response.answers.append(SurveyAnswer(item_id=item_id, number=answer))
    db.session.add(response)
    count_sheet(survey.id, phase, groups_of(forum, registration), answers)
    db.session.flush()
    return response


# --- privacy: a person's erasure (privacy.operations.erase_registration calls this) ---------------------------

def forget_answers(registration: Registration) -> None:
    """Erase what links the person to surveys: their responder rows (drafts, and that they answered) are
    deleted, and their named answer sheets are unlinked: kept, as an anonymous sheet is, so the results and
    response rates the organisers already reported stay true, but leading to nobody. Their written answers on
    those sheets (and so any quote of them) are deleted: words can name their writer where numbers cannot. The
    breakdowns' counts link to nobody and stay. Anonymous sheets never pointed at them and are left as they
    are."""
    db.session.execute(delete(SurveyResponder).where(SurveyResponder.registration_id == registration.id)
                       .execution_options(synchronize_session=False))
    theirs = select(SurveyResponse.id).where(SurveyResponse.registration_id == registration.id)
    written = select(SurveyItem.id).where(SurveyItem.kind.in_(TEXT_KINDS))
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(theirs),
                                                  SurveyAnswer.item_id.in_(written))
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Survey).where(Survey.id.in_(theirs.with_only_columns(SurveyResponse.survey_id)))
                       .values(updated_at=utcnow()).execution_options(synchronize_session=False))
    db.session.execute(update(SurveyResponse).where(SurveyResponse.registration_id == registration.id)
                       .values(registration_id=None).execution_options(synchronize_session=False))
