"""A participant accepts or declines what the organisers offer them, from their registration page (the panel of
support_answer_hooks.py) or the top of their travel form, through their private link or their account: the link
or the account decides whose offer it is, never an id in the address. Back to the page they answered on, at the
offers, saying there what was done (core.flashes: the top of the page is out of sight)."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _

from ..core.flashes import flashes_placed_at
from ..registration.own import ByAccount, ByLink, OwnPage
from .labels import SUPPORT_KIND_WORDS
from .queries import supports_of
from .support_answers import answer_offer
from .support_forms import AnswerForm

ANSWERS = {"accept": True, "decline": False}
PANEL = "support"  # the offers' panel id, on the registration page and the travel form alike


class _AnswerOffer(OwnPage):
    """POST only: the offer of `support_kind` made to the person, accepted or declined (the button pressed)."""



    def back(self, forum, token, registration) -> str:
        """The page the person answered on (their travel form says so; else their registration page), at the
        offers, with the messages flashed so far shown there. The travel form draws the offers only while one
        waits for an answer: once none does, its top, where the message is."""
        if request.form.get("from") != "travel":
            return flashes_placed_at(PANEL, self.registration_url(forum, token))
        page = self.own_url("travel.travel_form", forum, token)
        if not any(row.status == "offered" for row in supports_of(registration).values()):
            return page
        return flashes_placed_at(PANEL, page)

    def post(self, forum, support_kind: str, token=None):
        registration = self.find(forum, token)
        # a refusal (answered already, withdrawn, changed meanwhile) is flashed, then placed beside the offers
        self.on_refusal(None, lambda: redirect(self.back(forum, token, registration), 303))
        answer = request.form.get("answer", "")
        form = AnswerForm()
        if answer not in ANSWERS or not form.validate_on_submit():
            flash(_("Your answer was not saved: the page had expired. Answer again below."), "error")
            return redirect(self.back(forum, token, registration), 303)
        answer_offer(forum, registration, support_kind, ANSWERS[answer], shown=form.shown.data or None)
        kind = SUPPORT_KIND_WORDS[support_kind]  # inside the sentence: "you accepted travel"
        if ANSWERS[answer]:
            flash(_("Thank you: you accepted %(kind)s.", kind=kind), "success")
        else:
            flash(_("You declined %(kind)s. If you change your mind, write to the organisers.", kind=kind),
                  "success")
        return redirect(self.back(forum, token, registration), 303)


class AnswerOfferView(ByLink, _AnswerOffer):
    """By the private link: no account needed."""

    for_participants = True


class AnswerOfferMineView(ByAccount, _AnswerOffer):
    """Through the person's account."""

    for_participants = True
