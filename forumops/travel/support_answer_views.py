"""A participant accepts or declines what the organisers offer them, from their registration page (the panel of
support_hooks.py), through their private link or their account: the link or the account decides whose offer it
is, never an id in the address. Back to their registration page, saying what was done."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _

from ..core.views import ForumView
from ..registration.own import ByAccount, ByLink
from .labels import SUPPORT_KIND_WORDS
from .support_answers import answer_offer
from .support_forms import AnswerForm

ANSWERS = {"accept": True, "decline": False}


class _AnswerOffer(ForumView):
    """POST only: the offer of `support_kind` made to the person, accepted or declined (the button pressed)."""

    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, token):  # ByLink or ByAccount, mixed in first, says whose registration it is
        raise NotImplementedError

    def registration_url(self, forum, token) -> str:
        raise NotImplementedError

    def post(self, forum, support_kind: str, token=None):
        registration = self.find(forum, token)
        back = self.registration_url(forum, token) + "#support"
        self.on_refusal(None, lambda: redirect(back, 303))
        answer = request.form.get("answer", "")
        form = AnswerForm()
        if answer not in ANSWERS or not form.validate_on_submit():
            flash(_("Your answer was not saved: the page had expired. Answer again below."), "error")
            return redirect(back, 303)
        answer_offer(forum, registration, support_kind, ANSWERS[answer], shown=form.shown.data or None)
        kind = SUPPORT_KIND_WORDS[support_kind]  # inside the sentence: "you accepted travel"
        if ANSWERS[answer]:
            flash(_("Thank you: you accepted %(kind)s.", kind=kind), "success")
        else:
            flash(_("You declined %(kind)s. If you change your mind, write to the organisers.", kind=kind),
                  "success")
        return redirect(back, 303)


class AnswerOfferView(ByLink, _AnswerOffer):
    """By the private link: no account needed."""

    for_participants = True


class AnswerOfferMineView(ByAccount, _AnswerOffer):
    """Through the person's account."""

    for_participants = True
