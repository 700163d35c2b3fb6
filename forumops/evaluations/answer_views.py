"""A participant answering a survey, through the private link from their email or through their account (the
same page): the link decides whose answer it is, so nobody answers for someone else. A survey that does not
ask the person, another forum's survey, or a link that opens no registration: 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _

from ..core.models import utcnow
from ..core.views import or_404
from ..registration.own import ByAccount, ByLink, OwnPage
from . import answer_operations as operations
from . import answer_queries as queries
from .answer_forms import AnswerForm, Typed, field_name, from_draft, typed_answers
from .audience import is_asked
from .labels import AGREEMENT, NPS_ENDS
from .models import SCALES, TEXT_LIMITS
from .queries import find_survey

ACTIONS = ("save", "send")
SHOWN_PRIVACY = {"anonymous": True, "named": False}  # the page's hidden "privacy" field: what it told the person


class _AnswerPage(OwnPage):
    """The survey's questions, the person's draft or what they just typed, and Save / Send."""

    typed: Typed | None = None  # what this request posted, shown again when it is refused


    def urls(self, forum, token, survey_id) -> dict[str, str]:
        return {"page": self.own_url("evaluations.answer", forum, token, survey_id=survey_id),
                "registration": self.registration_url(forum, token)}

    def load(self, forum, token, survey_id):
        """The person and the survey, when the survey asks them; else 404 (never "not for you": it is not
        theirs to know about)."""
        registration = self.find(forum, token)
        survey = or_404(find_survey(forum, survey_id))
        if registration.erased_at is not None or survey.opens_at is None or not is_asked(survey, registration):
            abort(404)
        return registration, survey

    def render(self, forum, registration, survey, token, typed=None, problems=None, message="", status=200):
        now = utcnow()
        phase = survey.phase_at(now)
        responder = queries.responder_of(survey, registration, phase)
        state = queries.answer_state_of(responder)
        # a send or save refused because the answers were sent before (another tab): what it typed is shown, read
        # only, so nothing written is lost
        unsent = typed if typed and state == "sent" else None
        if typed is None:
            typed = from_draft(responder.draft if responder is not None else None)
        return render_template(
            "evaluations/answer/page.html", forum=forum, registration=registration, survey=survey,
            shown=queries.shown_survey(forum, survey), typed=typed, problems=problems or {}, message=message,
            state=state, responder=responder, phase=phase, is_open=survey.is_open_at(now), form=AnswerForm(),
            urls=self.urls(forum, token, survey.id), field_name=field_name, SCALES=SCALES, unsent=unsent,
            AGREEMENT=AGREEMENT, NPS_ENDS=NPS_ENDS, TEXT_LIMITS=TEXT_LIMITS), status

    def get(self, forum, survey_id, token=None):
        registration, survey = self.load(forum, token, survey_id)
        return self.render(forum, registration, survey, token)

    def post(self, forum, survey_id, token=None):
        registration, survey = self.load(forum, token, survey_id)
        self.typed = typed_answers(list(survey.items), request.form)
        action = request.form.get("action")
        form = AnswerForm()
        if action not in ACTIONS or not form.validate_on_submit():
            return self.render(forum, registration, survey, token, self.typed, message=_(
                "Your answers were not sent: the page had expired. They are still below; send them again."),
                status=400)
        now = utcnow()
        page = self.urls(forum, token, survey.id)["page"]
        shown_phase = request.form.get("round")
        if action == "save":
            operations.save_draft(survey, registration, self.typed, now, shown_phase=shown_phase)
            flash(_("Your answers so far are saved. Come back to this page to finish and send them."), "success")
            return redirect(page, 303)
        operations.send_answers(forum, survey, registration, self.typed, now, shown_phase=shown_phase,
                                shown_anonymous=SHOWN_PRIVACY.get(request.form.get("privacy", "")))
        flash(_("Thank you: your answers are sent."), "success")
        return redirect(page, 303)

    def refused(self, error, forum, survey_id, token=None):
        """Every refusal draws the page again with what was typed: the problems beside their questions; a
        closed survey, answers sent before, or a survey changed while the page was open, said at the top (409:
        nothing was counted); a sheet with nothing answered, too (422)."""
        registration, survey = self.load(forum, token, survey_id)
        problems = getattr(error, "problems", None) or {}
        status = 422 if problems or isinstance(error, operations.NothingAnswered) else 409
        return self.render(forum, registration, survey, token, self.typed, problems, error.message, status)


class AnswerView(ByLink, _AnswerPage):
    """By the private link: no account needed."""

    for_participants = True


class AnswerMineView(ByAccount, _AnswerPage):
    """Through the person's account."""

    for_participants = True
