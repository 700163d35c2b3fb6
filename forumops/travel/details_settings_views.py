"""The organisers' Travel page: the travel form's settings, the hotels, and how many the form concerns and have
sent it, with the way to send it and to remind those who have not (the composer, prefilled). HTTP only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.forms import Form
from ..core.phones import phone_shown as shown_phone
from ..core.views import ForumView, or_404
from . import details_operations as operations
from .details_forms import SettingsForm, hotel_form
from .details_queries import form_counts
from .labels import FORM_AUDIENCE_LABELS
from .queries import find_hotel, forum_hotels, travel_settings

PERMISSION = "travel.manage"
DIRECTIONS = ("up", "down")


def _overview_url(forum, anchor: str = "") -> str:
    return url_for("travel.overview", slug=forum.slug) + (f"#{anchor}" if anchor else "")


def render_overview(forum, settings_form=None, new_hotel=None, status=200):
    """The Travel page; with a form refused, that form as typed, its messages beside its fields."""
    settings = travel_settings(forum)
    if settings_form is None:
        settings_form = SettingsForm(formdata=None, obj=settings)
    return render_template(
        "travel/overview.html", forum=forum, settings=settings, settings_form=settings_form,
        counts=form_counts(forum, settings), hotels=forum_hotels(forum), shown_phone=shown_phone,
        FORM_AUDIENCE_LABELS=FORM_AUDIENCE_LABELS,
        new_hotel=new_hotel or hotel_form(forum, formdata=None)), status


class OverviewView(ForumView):
    """The page, and saving its settings."""

    permission = PERMISSION

    def get(self, forum):
        return render_overview(forum)

    def post(self, forum):
        form = SettingsForm()
        self.on_refusal(form, lambda: render_overview(forum, settings_form=form, status=422))
        if not form.validate_on_submit():
            return render_overview(forum, settings_form=form, status=422)
        settings = operations.save_settings(forum, form.data)
        flash(_("The travel form is open: people it concerns can send their details.") if settings.form_open
              else _("Settings saved. The travel form is closed."), "success")
        return redirect(_overview_url(forum))


class HotelsView(ForumView):
    """Adding a hotel (the list is on the Travel page)."""

    permission = PERMISSION

    def post(self, forum):
        form = hotel_form(forum)
        self.on_refusal(form, lambda: render_overview(forum, new_hotel=form, status=422))
        if not form.validate_on_submit():
            return render_overview(forum, new_hotel=form, status=422)
        hotel = operations.add_hotel(forum, form.data)
        flash(_("%(name)s is added to the hotels.", name=hotel.name), "success")
        return redirect(_overview_url(forum, "hotels"))


class HotelView(ForumView):
    """One hotel's name, address and phone."""

    permission = PERMISSION

    def render(self, forum, hotel, form, status=200):
        return render_template("travel/hotel.html", forum=forum, hotel=hotel, form=form), status

    def get(self, forum, hotel_id: int):
        hotel = or_404(find_hotel(forum, hotel_id))
        form = hotel_form(forum, formdata=None, obj=hotel)
        form.phone.data = shown_phone(hotel.phone) if hotel.phone else ""
        return self.render(forum, hotel, form)

    def post(self, forum, hotel_id: int):
        hotel = or_404(find_hotel(forum, hotel_id))
        form = hotel_form(forum)
        self.on_refusal(form, lambda: self.render(forum, hotel, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, hotel, form, 422)
        operations.update_hotel(hotel, form.data)
        flash(_("%(name)s is saved.", name=hotel.name), "success")
        return redirect(_overview_url(forum, "hotels"))


class RemoveHotelView(ForumView):
    permission = PERMISSION

    def post(self, forum, hotel_id: int):
        hotel = or_404(find_hotel(forum, hotel_id))
        if Form().validate_on_submit():
            name = hotel.name
            moved = operations.remove_hotel(forum, hotel)
            flash(_("%(name)s is removed from the hotels.", name=name) + (" " + ngettext(
                "%(num)d person had it as their hotel and has none now.",
                "%(num)d people had it as their hotel and have none now.", moved) if moved else ""), "success")
        return redirect(_overview_url(forum, "hotels"))


class MoveHotelView(ForumView):
    permission = PERMISSION

    def post(self, forum, hotel_id: int, direction: str):
        hotel = or_404(find_hotel(forum, hotel_id))
        if direction not in DIRECTIONS:
            abort(404)
        if Form().validate_on_submit():
            operations.move_hotel(forum, hotel, direction)
        return redirect(_overview_url(forum, "hotels"))
