"""The organisers' support and sponsorship: everyone offered something (filters, counts, totals), one
registration's support (offer, change, withdraw, set its status; its form is also the desk panel's), and the same
terms offered to many registrations ticked at the desk. HTTP only: reads in support_queries.py, writes in
support_operations.py."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectField

from ..core.flashes import flashes_placed_at
from ..core.forms import Form
from ..core.i18n import format_list
from ..core.i18n import lazy_gettext as _l
from ..core.numbers import money
from ..core.text import search_key
from ..core.views import ForumView, or_404
from ..registration import queries as registration_queries
from . import support_mail
from . import support_operations as operations
from . import support_queries as queries
from .labels import SUPPORT_KIND_LABELS, SUPPORT_KIND_WORDS, SUPPORT_STATUS_LABELS
from .models import SUPPORT_KINDS, SUPPORT_STATUSES
from .queries import supports_of, travel_settings
from .support_forms import (
    SUGGESTED_CURRENCIES,
    BulkOfferForm,
    SupportStatusForm,
    forums_currency,
    fresh_terms_form,
    terms_form,
)

PERMISSION = "travel.manage"
SKIP_REASONS = {
    operations.NOT_CONFIRMED: _l("not confirmed"),
    operations.ERASED: _l("personal data erased"),
    operations.ALREADY_ACCEPTED: _l("already accepted"),
}
NAMED_AT_MOST = 10  # a flash message names this many people, then says how many more


def page_context(forum) -> dict:
    """What every support template is given besides its own: the labels, the forum's currency and per-diem rate,
    and how an amount reads."""
    settings = travel_settings(forum)
    return {"SUPPORT_KIND_LABELS": SUPPORT_KIND_LABELS, "SUPPORT_STATUS_LABELS": SUPPORT_STATUS_LABELS,
            "SUPPORT_KINDS": SUPPORT_KINDS, "money": money, "default_currency": settings.currency,
            "per_diem_rate": money(settings.per_diem_rate, settings.currency),
            "SUGGESTED_CURRENCIES": SUGGESTED_CURRENCIES}


def ordered_supports(registration) -> list:
    """The registration's support rows in SUPPORT_KINDS order."""
    supports = supports_of(registration)
    return [supports[kind] for kind in SUPPORT_KINDS if kind in supports]


def _names(people: list[str]) -> str:
    shown = people[:NAMED_AT_MOST]
    if len(people) > len(shown):
        shown.append(ngettext("%(num)d more", "%(num)d more", len(people) - len(shown)))
    return format_list(shown)


def _kinds(kinds) -> str:
    """The kinds as a sentence names them, never at its start: "travel and accommodation"."""
    return format_list([str(SUPPORT_KIND_WORDS[kind]) for kind in kinds])


# --- everyone offered something ---------------------------------------------------------------------------------

class SupportFilterForm(Form):
    class Meta:
        csrf = False  # a GET search

    kind = SelectField(_l("Kind"))
    status = SelectField(_l("Status"))


class SupportPageView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        form = SupportFilterForm(request.args)
        anything = [("", str(_l("Any")))]
        form.kind.choices = anything + [(k, str(SUPPORT_KIND_LABELS[k])) for k in SUPPORT_KINDS]
        form.status.choices = anything + [(s, str(SUPPORT_STATUS_LABELS[s])) for s in SUPPORT_STATUSES]
        form.validate()
        for name in ("kind", "status"):
            if form[name].errors:  # a value not on offer is dropped, never an error page
                form[name].data, form[name].errors = "", []
        kind, status = form.kind.data or "", form.status.data or ""
        totals = queries.accepted_totals(forum)
        return render_template(
            "travel/support/index.html", forum=forum, form=form, kind=kind, status=status,
            people=queries.funded_people(forum, kind, status), counts=queries.support_counts(forum),
            not_confirmed=queries.no_longer_confirmed(forum),
            totals=totals, currency_totals=queries.currency_totals(totals), **page_context(forum))


# --- one registration --------------------------------------------------------------------------------------------

def _detail_url(forum, registration) -> str:
    """The registration at the desk, at its support panel, which shows the messages flashed so far
    (core.flashes: the top of the page is out of sight there)."""
    return flashes_placed_at("support", url_for("registration.detail", slug=forum.slug,
                                                registration_id=registration.id))


def _say_what_changed(registration, changes: dict[str, str]) -> None:
    """Flash what offering did, kind by kind: offered, offered again, kept accepted, back to offered."""
    def of(*outcomes):
        return [kind for kind, outcome in changes.items() if outcome in outcomes]

    offered = of(operations.NEW, operations.UPDATED, operations.UNCHANGED, operations.OFFERED_AGAIN)
    if offered:
        flash(_("Offered to %(name)s: %(kinds)s. They accept or decline it on their registration page.",
                name=registration.name, kinds=_kinds(offered)), "success")
    if of(operations.OFFERED_AGAIN):
        flash(ngettext("Offered again, as it had been declined: %(kinds)s.",
                       "Offered again, as they had been declined: %(kinds)s.", len(of(operations.OFFERED_AGAIN)),
                       kinds=_kinds(of(operations.OFFERED_AGAIN))), "success")
    if of(operations.KEPT_ACCEPTED):
        flash(ngettext("Still accepted, as its amount did not change: %(kinds)s.",
                       "Still accepted, as their amounts did not change: %(kinds)s.",
                       len(of(operations.KEPT_ACCEPTED)), kinds=_kinds(of(operations.KEPT_ACCEPTED))), "success")
    if of(operations.REOFFERED):
        flash(_("The amount of %(kinds)s changed, so it is offered again: %(name)s had accepted it and now answers "
                "again.", kinds=_kinds(of(operations.REOFFERED)), name=registration.name), "warning")


def _say_who_is_told(forum, told: list) -> None:
    """Flash who is emailed about their offers (and that it waits while the forum is a draft)."""
    if not told:
        return
    held = support_mail.held(forum)
    if len(told) == 1:
        who = told[0].name
        flash(_("The email to %(who)s goes once the forum is announced.", who=who) if held
              else _("%(who)s is told by email.", who=who), "success")
    else:
        flash(ngettext("The emails to %(num)d person go once the forum is announced.",
                       "The emails to %(num)d people go once the forum is announced.", len(told)) if held
              else ngettext("%(num)d person is told by email.", "%(num)d people are told by email.", len(told)),
              "success")


class RegistrationSupportView(ForumView):
    """One registration's support: the page the desk panel's form falls back to when it is refused."""

    permission = PERMISSION

    def render(self, forum, registration, form, status=200):
        return render_template(
            "travel/support/registration.html", forum=forum, registration=registration, form=form,
            supports=ordered_supports(registration), status_form=SupportStatusForm(formdata=None),
            offerable=operations.why_not_offerable(registration) is None, **page_context(forum)), status

    def get(self, forum, registration_id: int):
        registration = or_404(registration_queries.get_registration(forum, registration_id))
        return self.render(forum, registration, fresh_terms_form(forum))

    def post(self, forum, registration_id: int):
        registration = or_404(registration_queries.get_registration(forum, registration_id))
        form = terms_form(forum)
        self.on_refusal(form, lambda: self.render(forum, registration, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, registration, form, 422)
        before = support_mail.terms_of([registration.id])
        changes = operations.offer_support(forum, registration, form.terms(travel_settings(forum).currency))
        _say_what_changed(registration, changes)
        if form.telling:
            _say_who_is_told(forum, support_mail.tell_about_offers(forum, [registration], before, current_user))
        return redirect(_detail_url(forum, registration), 303)


class WithdrawSupportView(ForumView):
    permission = PERMISSION

    def post(self, forum, registration_id: int, support_kind: str):
        registration = or_404(registration_queries.get_registration(forum, registration_id))
        self.on_refusal(None, lambda: redirect(_detail_url(forum, registration), 303))
        if Form().validate_on_submit():
            operations.withdraw_support(forum, registration, support_kind)
            flash(_("%(kind)s is withdrawn: it is no longer offered to %(name)s.",
                    kind=SUPPORT_KIND_LABELS[support_kind], name=registration.name), "success")
        return redirect(_detail_url(forum, registration), 303)


class SupportStatusView(ForumView):
    permission = PERMISSION

    def post(self, forum, registration_id: int, support_kind: str):
        registration = or_404(registration_queries.get_registration(forum, registration_id))
        self.on_refusal(None, lambda: redirect(_detail_url(forum, registration), 303))
        form = SupportStatusForm()
        if form.validate_on_submit():
            operations.set_support_status(forum, registration, support_kind, form.status.data)
            flash(_("%(kind)s for %(name)s: %(status)s.", kind=SUPPORT_KIND_LABELS[support_kind],
                    name=registration.name, status=SUPPORT_STATUS_LABELS[form.status.data]), "success")
        else:
            flash(_("Choose offered, accepted or declined."), "error")
        return redirect(_detail_url(forum, registration), 303)


# --- many at once, from the desk ---------------------------------------------------------------------------------

def _desk_url(forum, back: str) -> str:
    """The desk's list with the filters it was left with (its own path: `back` only adds its query)."""
    args = [(key, value) for key, value in parse_qsl(back or "") if value]
    return url_for("registration.desk", slug=forum.slug) + ("?" + urlencode(args) if args else "")


class BulkOfferView(ForumView):
    """The registrations ticked at the desk arrive here (its "Offer support…" button); the organisers choose the
    kinds, amount, currency and note, see who would be left out and why, and confirm."""

    permission = PERMISSION

    def render(self, forum, form, chosen, status=200):
        existing = queries.supports_of_many([r.id for r in chosen])
        rows = [(r, operations.why_not_offerable(r), existing.get(r.id, {}))
                for r in sorted(chosen, key=lambda r: (search_key(r.name), r.id))]
        return render_template("travel/support/bulk.html", forum=forum, form=form, rows=rows,
                               SKIP_REASONS=SKIP_REASONS, desk_url=_desk_url(forum, form.back.data),
                               **page_context(forum)), status

    def post(self, forum):
        form = terms_form(forum, BulkOfferForm)
        ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        chosen = registration_queries.registrations_by_ids(forum, ids)
        if not chosen:
            flash(_("Tick at least one registration first."), "error")
            return redirect(_desk_url(forum, form.back.data), 303)
        if form.step.data != "confirm":  # just arrived from the desk: the terms are still to choose
            forums_currency(form, forum)
            form.tell.data = True
            return self.render(forum, form, chosen)
        self.on_refusal(form, lambda: self.render(forum, form, chosen, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, chosen, 422)
        before = support_mail.terms_of([registration.id for registration in chosen])
        outcome = operations.offer_in_bulk(forum, chosen, form.terms(travel_settings(forum).currency))
        told = support_mail.tell_about_offers(forum, outcome.given, before, current_user) if form.telling else []
        kinds = _kinds(form.terms("").kinds)
        if outcome.given:
            flash(ngettext("Offered to %(num)d registration: %(kinds)s.",
                           "Offered to %(num)d registrations: %(kinds)s.", len(outcome.given), kinds=kinds),
                  "success")
        if outcome.kept:
            flash(_("Already accepted, left as they were: %(who)s.", who=_names(
                [f"{r.name} ({_kinds(accepted)})" for r, accepted in outcome.kept])), "success")
        if outcome.skipped:
            flash(ngettext("%(num)d registration left out: %(who)s.", "%(num)d registrations left out: %(who)s.",
                           len(outcome.skipped), who=_names(
                               [f"{r.name} ({SKIP_REASONS[why]})" for r, why in outcome.skipped])), "warning")
        _say_who_is_told(forum, told)
        return redirect(url_for("travel.support", slug=forum.slug), 303)
