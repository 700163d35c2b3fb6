"""Privacy pages: HTTP only. A person downloads their data and asks for erasure (by their private
link or their account); an organiser erases a registration."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import select

from ..core.http import as_download
from ..core.views import BaseView, ForumView, or_404
from ..extensions import db
from ..forums.models import Forum
from ..registration import queries as registration_queries
from . import operations, queries
from .forms import CloseAccountForm, EraseForm, ErasureRequestForm


def json_download(data: dict, name: str) -> Response:
    """`data` as an indented UTF-8 JSON download named after `name` and today's date."""
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    return as_download(response, f"{name}-{date.today().isoformat()}.json")


def _request_page(form, registrations, status=200, **urls):
    """The "ask for erasure" page: each registration with its open request, and the form if one is left."""
    titles = {f.id: f.title for f in db.session.scalars(
        select(Forum).where(Forum.id.in_({r.forum_id for r in registrations})))} if registrations else {}
    items = [(r, titles[r.forum_id], queries.open_request_for(r)) for r in registrations]
    return render_template("privacy/request.html", form=form, items=items,
                           can_ask=any(pending is None for _r, _t, pending in items), **urls), status


def _by_token(forum: Forum, token: str):
    return or_404(registration_queries.find_by_token(forum, token))


class ManageDataView(ForumView):
    """Everything held about this registration, for the holder of its private link."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum, token):
        registration = _by_token(forum, token)
        return json_download(queries.registration_export(registration), f"{forum.slug}-my-data")


class ManageErasureView(ForumView):
    """Ask the organisers to erase this registration: a page that says what happens, and a tick."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def render(self, forum, token, form, status=200):
        return _request_page(form, [_by_token(forum, token)], status, forum=forum,
                             action=url_for("privacy.manage_erasure", slug=forum.slug, token=token),
                             back=url_for("registration.manage", slug=forum.slug, token=token),
                             download=url_for("privacy.manage_data", slug=forum.slug, token=token))

    def get(self, forum, token):
        return self.render(forum, token, ErasureRequestForm())

    def post(self, forum, token):
        registration = _by_token(forum, token)
        form = ErasureRequestForm()
        if not form.validate_on_submit():
            return self.render(forum, token, form, 422)
        _request, new = operations.request_erasure(forum, registration, "link")
        flash(_("Your request is recorded and the organisers are told. We have emailed you to confirm it.") if new
              else _("You had already asked for erasure: the organisers have your request."), "success")
        return redirect(url_for("registration.manage", slug=forum.slug, token=token))


class AccountDataView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "account.manage"

    def get(self):
        return json_download(queries.account_export(current_user), "forumops-my-data")


class AccountErasureView(BaseView):
    """From the account: ask the organisers of every forum the person registered for to erase them."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def render(self, form, status=200):
        # an account with nothing but its owner's name and address can be closed at once, by its owner
        closable = operations.can_close_account(current_user)
        return _request_page(form, queries.registrations_of(current_user), status, forum=None,
                             action=url_for("privacy.account_erasure"), back=url_for("accounts.account"),
                             download=url_for("privacy.account_data"),
                             close_form=(form if isinstance(form, CloseAccountForm) else CloseAccountForm())
                             if closable else None)

    def get(self):
        return self.render(ErasureRequestForm())

    def post(self):
        registrations = queries.registrations_of(current_user)
        if not registrations:
            return self.close_account()
        form = ErasureRequestForm()
        if not form.validate_on_submit():
            return self.render(form, 422)
        made = sum(operations.request_erasure(db.session.get_one(Forum, r.forum_id), r, "account")[1]
                   for r in registrations)
        flash(_("Your request is recorded and the organisers are told. We have emailed you to confirm it.") if made
              else _("You had already asked for erasure: the organisers have your request."), "success")
        return redirect(url_for("accounts.account"))

    def close_account(self):
        form = CloseAccountForm()
        if not form.validate_on_submit():
            return self.render(form, 422)
        self.on_refusal(form, lambda: self.render(form, 422))
        operations.close_account(current_user)  # its sessions go too: signed out everywhere
        logout_user()
        flash(_("Your account is closed and your name and email address are erased."), "success")
        return redirect(url_for("forums.index"))


class EraseView(ForumView):
    """An organiser erases one registration's personal data (with or without a request)."""

    permission = "registration.manage"

    def post(self, forum, registration_id: int):
        registration = or_404(registration_queries.get_registration(forum, registration_id))
        form = EraseForm()
        if not form.validate_on_submit():
            flash(_("Nothing was erased: tick the box to confirm the erasure."), "error")
            return redirect(url_for("registration.detail", slug=forum.slug, registration_id=registration.id)
                            + "#erase")
        outcome = operations.erase_registration(forum, registration)
        if not outcome.erased:
            flash(_("This registration had already been erased."), "info")
        else:
            message = _("The personal data of registration %(number)d is erased.", number=registration.id)
            if outcome.cancelled:
                message += " " + _("The forum is not over, so the registration is cancelled too.")
            if outcome.account_erased:
                message += " " + _("Their account is erased and signed out everywhere.")
            flash(message, "success")
        return redirect(url_for("registration.desk", slug=forum.slug))
