"""The travel form ("your travel details"), through the person's private link or their account (the link or the
account decides whose details these are, never an id in the address), and the organisers' copy of it at the desk
with the arrangements only they write. HTTP only.

A person the form does not concern, or a closed form, gets a page saying so (with what they sent and what the
organisers arranged), never an error; an address that opens no registration is a 404 (registration.own)."""

from __future__ import annotations

from datetime import date, time

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core import hooks
from ..core.flashes import flashes_placed_at
from ..core.i18n import day_in_zone, format_day, format_list
from ..core.phones import phone_shown as shown_phone
from ..core.views import ForumView, or_404
from ..registration.own import ByAccount, ByLink, OwnPage
from ..registration.queries import get_registration
from . import details_operations as operations
from .details_forms import ORGANISER_SHARING_LABELS, organiser_travel_form, travel_form
from .details_queries import FormState, form_state, form_values
from .labels import DETAILS_GROUP_LABELS, ROOM_SHARING_LABELS
from .queries import forum_hotels
from .support_answer_hooks import offers_panel, offers_shown


def checked(forum, form, details=None, organiser: bool = False) -> bool:
    """The form's own checks, then the operation's (dates near the forum, arrival before departure, on the
    person's form hotel nights outside their trip unless already saved in `details`...), all shown at once: each
    problem beside its field, unless WTForms already refused what was typed there."""
    valid = form.validate_on_submit()
    if "csrf_token" in form.errors:  # the page expired: its typing is shown again, nothing else is judged
        return False
    data = form.data_for_operations()
    problems = operations.travel_problems(forum, data)
    if not organiser:
        problems += operations.nights_outside_trip(data, details)
    problems = [problem for problem in problems if not form[problem.field].errors]
    for problem in problems:
        if not form[problem.field].errors:  # one message a field: the first found
            form.add_error(problem.field, problem.message)
    return valid and not problems


def flash_repeated_times(forum, form) -> None:
    """Once saved: a time typed that the clocks pass twice that night is said to be the first of the two."""
    for note in operations.repeated_time_notes(forum, form.data_for_operations()):
        flash(note, "warning")


def shown_details(state: FormState, organiser: bool = False) -> dict:
    """What the read-only parts of the pages need besides the state (templates/travel/_facts.html): the person's
    answers in their own words, or as the organisers read them, with the arrangements."""
    return {"state": state, "details": state.details, "organiser": organiser, "shown_phone": shown_phone,
            "ROOM_SHARING_LABELS": ORGANISER_SHARING_LABELS if organiser else ROOM_SHARING_LABELS}


def waiting_offers(registration) -> hooks.Panel | None:
    """The offers of support still waiting for the person's answer, drawn at the top of their travel form with
    Accept and Decline as their registration page draws them (the email with the form's link may be all they
    read); None when none waits."""
    offers = [offer for offer in offers_shown(registration) if offer.status == "offered"]
    context = offers_panel(registration, offers)
    return hooks.Panel("travel/support/_participant_panel.html", context) if context["waiting"] else None


def change_until(forum, state: FormState) -> date | None:
    """The day until which the person may change what they sent, as the page tells them: the form's deadline
    while it is still to come on the forum's clock (after it, or without one: until the organisers close it)."""
    deadline = state.settings.form_deadline
    return deadline if deadline is not None and deadline >= day_in_zone(forum.timezone) else None


class _TravelFormPage(OwnPage):
    """The person's travel details: the form while it is open and theirs, else a page saying why not."""



    def render(self, forum, registration, state: FormState, token, form=None, message="", status=200):
        if form is None and state.is_open:
            form = travel_form(state.asks_stay, formdata=None, data=form_values(forum, registration, state.details))
        return render_template(
            "travel/form.html", forum=forum, registration=registration, form=form, message=message,
            offers=waiting_offers(registration), private_link=token,  # the offers' buttons post by the link
            change_until=change_until(forum, state), page_url=self.own_url("travel.travel_form", forum, token),
            registration_url=self.registration_url(forum, token), **shown_details(state)), status

    def get(self, forum, token=None):
        registration = self.find(forum, token)
        return self.render(forum, registration, form_state(forum, registration), token)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        state = form_state(forum, registration)
        form = travel_form(state.asks_stay)

        def again(message: str = "", status: int = 422):
            return self.render(forum, registration, state, token, form, message, status)

        if not state.is_open:  # closed (or no longer theirs) while the page was open: what they typed is kept
            return again(_("The organisers have closed the travel form: nothing was saved. Write to them if your "
                           "plans have changed.") if state.concerned else
                         _("The travel form does not concern you: nothing was saved."), 409)
        self.on_refusal(form, again)
        if not checked(forum, form, state.details):
            return again()
        operations.send_travel_details(forum, registration, form.data_for_operations())
        # the page below says until when they can change them (change_until)
        flash(_("Your changes are saved.") if state.sent else _("Thank you: your travel details are sent."), "success")
        flash_repeated_times(forum, form)
        return redirect(self.own_url("travel.travel_form", forum, token), 303)


class TravelFormView(ByLink, _TravelFormPage):
    """By the private link: no account needed."""

    for_participants = True


class TravelFormMineView(ByAccount, _TravelFormPage):
    """Through the person's account."""

    for_participants = True


class DeskTravelView(ForumView):
    """The organisers' copy of one person's travel details, with the arrangements (also drawn on the desk's page of
    the registration, whose form posts here); a refused save is shown here, with what was typed."""

    permission = "travel.manage"

    def render(self, forum, registration, state: FormState, form, status=200):
        return render_template("travel/desk_edit.html", forum=forum, registration=registration, form=form,
                               **shown_details(state, organiser=True)), status

    def load(self, forum, registration_id: int):
        registration = or_404(get_registration(forum, registration_id))
        if registration.erased_at is not None:  # nothing of theirs is kept to write about
            abort(404)
        return registration, form_state(forum, registration)

    def get(self, forum, registration_id: int):
        registration, state = self.load(forum, registration_id)
        form = organiser_travel_form(forum_hotels(forum), formdata=None,
                                     data=form_values(forum, registration, state.details))
        return self.render(forum, registration, state, form)

    def post(self, forum, registration_id: int):
        registration, state = self.load(forum, registration_id)
        form = organiser_travel_form(forum_hotels(forum))
        self.on_refusal(form, lambda: self.render(forum, registration, state, form, 422))
        if not checked(forum, form, organiser=True):
            return self.render(forum, registration, state, form, 422)
        saved = operations.write_travel_details(forum, registration, form.data_for_operations(), form.shown.data)
        flash(_("The travel details of %(name)s are saved.", name=registration.name), "success")
        if saved.kept_theirs:
            flash(_("Some of the details had changed while you were editing; the newer ones are kept: %(fields)s.",
                    fields=format_list(DETAILS_GROUP_LABELS[group[0]] for group in saved.kept_theirs)), "info")
        for warning in saved.warnings:
            flash(warning, "warning")
        flash_repeated_times(forum, form)
        return redirect(flashes_placed_at("travel", url_for("registration.detail", slug=forum.slug,
                                                            registration_id=registration.id)))

    def refused(self, error, forum, registration_id: int):
        """A save that met a newer change to the same fields: the form again, the organiser's typing kept where
        both changed (the newer value said beside it), what is there now elsewhere; saving it again writes it."""
        if not isinstance(error, operations.TravelConflict):
            return super().refused(error)
        registration, state = self.load(forum, registration_id)
        hotels = forum_hotels(forum)
        form = organiser_travel_form(hotels, formdata=None, data=error.values)
        form.shown.data = error.token
        form.add_error(None, error.message)
        for group in error.conflicts:
            form.add_error(group[0], _("Changed meanwhile to: %(theirs)s. What you typed is kept here; save again "
                                       "to keep yours.", theirs=_said(group, error.now, hotels)))
        return self.render(forum, registration, state, form, 409)


def _said(group: tuple[str, ...], values: dict, hotels) -> str:
    """A group of the desk's fields as a sentence reads it: "14 Apr 2027, 22:00", "Riverside Hotel", "nothing"."""
    parts = []
    for name in group:
        value = values.get(name)
        if name == "hotel_id":
            value = next((hotel.name for hotel in hotels if hotel.id == value), "")
        elif name == "room_sharing":
            value = ORGANISER_SHARING_LABELS.get(value or "", "")
        elif isinstance(value, time):
            value = value.strftime("%H:%M")
        elif isinstance(value, date):
            value = format_day(value)
        if value:
            parts.append(str(value))
    return ", ".join(parts) or _("nothing")
