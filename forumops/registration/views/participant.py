"""A participant's own registration, through the private link from their email or through their account:
the page to change or cancel it, their programme as a calendar, replacing a link they fear was seen,
adding a registration made signed out to their account. An old or mistyped link says what happened."""

from __future__ import annotations

from typing import NoReturn, Protocol

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.browser import link_mail_refused
from ...agenda import ical
from ...agenda import queries as agenda_queries
from ...agenda.queries import list_clusters
from ...core import hooks
from ...core.http import absolute_url, as_download
from ...core.languages import language_name, page_language
from ...core.views import ForumView, or_404
from ...forums.models import Forum
from ...forums.versions import CLUSTER
from .. import answers, home, links, queries, seats
from ..forms import (
    CancelForm,
    LinkAccountForm,
    MailLanguageForm,
    ReplaceLinkForm,
    ResendLinkForm,
    SendCurrentLinkForm,
)
from ..models import Registration
from .answers import AcceptsAnswerFiles, answer_file_url
from .public import registration_form


def _link_page(forum, token) -> NoReturn:
    """An old or mistyped private link: say what happened and how to get a working one, never a bare 404."""
    replaced = queries.find_replaced(forum, token) is not None
    abort(make_response(render_template(
        "registration/link_not_open.html", forum=forum, token=token, replaced=replaced,
        send_form=SendCurrentLinkForm(), resend_form=ResendLinkForm()), 410 if replaced else 404))


class SendCurrentLinkView(ForumView):
    """From a replaced link's page: email the link that works now to the registered address (never shown)."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def post(self, forum, token):
        registration = queries.find_replaced(forum, token) or queries.find_by_token(forum, token)
        if registration is None:
            _link_page(forum, token)
        # the same budget as ResendLinkView's: one inbox, one count
        if SendCurrentLinkForm().validate_on_submit() and not link_mail_refused([f"email:{registration.email}"]):
            links.email_current_link(forum, registration)
            flash(_("We have emailed the current link to the address this registration was made with."), "success")
        return redirect(url_for("forums.detail", slug=forum.slug))


class _RegistrationPage(Protocol):
    """What the calendar and cancel mixins take from the view they are mixed into (ManageView through the
    private link, MyRegistrationView through the account). Stubs on the mixins themselves would come first
    in the method order and hide the real ones."""

    def find(self, forum: Forum, token: str | None) -> Registration: ...

    def render(self, forum: Forum, registration: Registration, token: str | None, form=None, status: int = 200,
               cancel_form=None, language_form=None): ...

    def urls(self, forum: Forum, token: str | None) -> dict[str, str]: ...


class _CalendarBase:
    """The person's own programme as a calendar file: plenary, their cluster's breakouts, their roles; with the
    meeting links when they are confirmed online."""

    def get(self: _RegistrationPage, forum, token=None):
        registration = self.find(forum, token)
        cluster = hooks.cluster_of_registration(forum, registration)
        url = absolute_url("agenda.programme", slug=forum.slug)
        items = agenda_queries.personal_items(forum, registration.user_id or 0, {cluster.id} if cluster else set(),
                                              url)
        programme = agenda_queries.programme_data(
            forum, items, url, calendar_name=_("%(forum)s (my programme)", forum=forum.title),
            links_allowed=queries.joins_online(forum, registration))
        response = Response(ical.render_calendar(programme), mimetype="text/calendar")
        return as_download(response, f"{forum.slug}-mine.ics")


def _change_message(registration, change) -> str:
    mode = _("online") if registration.attendance_mode == "online" else _("in person")
    if change.seat_given:
        return _("Your changes are saved and your place %(mode)s is confirmed. We have emailed you the details.",
                 mode=mode)
    if change.status == "waitlisted":
        return _("Your changes are saved. There is no free place %(mode)s yet: you are still on the waiting "
                 "list and will get a place automatically if one opens up.", mode=mode)
    return _("Your changes are saved.")


class _ManageBase(AcceptsAnswerFiles):
    permission = "forum.view"

    def find(self, forum, token):
        raise NotImplementedError

    def urls(self, forum, token):
        raise NotImplementedError

    def render(self, forum, registration, token, form=None, status=200, cancel_form=None, language_form=None):
        settings = queries.get_settings(forum)
        form = form or registration_form(forum, settings, registration)
        urls = self.urls(forum, token)
        mine = home.my_summary(forum, registration, urls, signed_in="replace" not in urls)
        versions = form.versions  # the forum's texts in the reader's language (forums.versions)
        cluster = mine["cluster"]
        file_urls = {question_id: answer_file_url(forum, token, question_id) for question_id in form.stored_files}
        return render_template(
            "registration/manage.html", forum=forum, registration=registration, form=form, settings=settings,
            title=versions.of_forum(forum, "title"), versions=versions,
            cluster_name=versions.pick(CLUSTER, cluster.id, "name", cluster.name) if cluster else None,
            cancel_form=cancel_form or CancelForm(), urls=urls, clusters=list_clusters(forum),
            mine=mine, private_link=token,  # documents/_participant_panel.html opens files through the link
            panels=hooks.panels_for("registration.manage", forum, registration),  # privacy: data, erasure
            first_panels=hooks.panels_for("registration.manage_top", forum, registration),  # offers to answer
            replace_form=ReplaceLinkForm() if "replace" in urls else None,
            language_form=language_form or MailLanguageForm(formdata=None, mail_language=registration.language),
            names=hooks.organisation_suggestions(), file_urls=file_urls,
            link_form=LinkAccountForm() if "link" in urls
            and seats.can_link_to_account(registration, current_user) else None), status

    def get(self, forum, token=None):
        return self.render(forum, self.find(forum, token), token)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        settings = queries.get_settings(forum)
        form = registration_form(forum, settings, registration)
        form.email.data = registration.email  # the email is the registration's identity here
        self.on_refusal(form, lambda: self.render(forum, registration, token, form, 422))
        if form.validate_on_submit():
            with answers.judged_answer_files(form.answer_files()) as judged:  # before the forum lock
                change = seats.update_registration(forum, registration,
                                                   {**form.data_for_operations(), "answer_files": judged})
            flash(_change_message(registration, change), "success")
            return redirect(self.urls(forum, token)["manage"])  # the link they hold keeps working
        return self.render(forum, registration, token, form, 422)


class ManageView(_ManageBase):
    """The private link from the email: no account needed."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, token):
        return queries.find_by_token(forum, token) or _link_page(forum, token)

    def urls(self, forum, token):
        return {"manage": url_for("registration.manage", slug=forum.slug, token=token),
                "replace": url_for("registration.replace_link", slug=forum.slug, token=token),
                "calendar": url_for("registration.my_calendar", slug=forum.slug, token=token),
                "cancel": url_for("registration.cancel", slug=forum.slug, token=token),
                "badge": url_for("registration.my_badge", slug=forum.slug, token=token),
                "data": url_for("privacy.manage_data", slug=forum.slug, token=token),
                "erasure": url_for("privacy.manage_erasure", slug=forum.slug, token=token),
                "link": url_for("registration.link_account", slug=forum.slug, token=token),
                "announcements": url_for("communications.resubscribe", slug=forum.slug, token=token),
                "language": url_for("registration.mail_language", slug=forum.slug, token=token)}


class LinkAccountView(ManageView):
    """Signed in, with the private link: put a registration made signed out into the account."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    takes_answer_files = False  # a button: the plain form's limit
    defers_write_lock = False  # its operation writes without judging files first

    permission = "account.manage"

    def get(self, forum, token=None):
        abort(405)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        self.on_refusal(None, lambda: redirect(self.urls(forum, token)["manage"]))
        if LinkAccountForm().validate_on_submit():
            seats.link_to_account(forum, registration, current_user)
            flash(_("Your registration is now in your account."), "success")
            return redirect(url_for("registration.mine", slug=forum.slug))
        return redirect(self.urls(forum, token)["manage"])


class ReplaceLinkView(ManageView):
    """The person fears their link was seen by someone else: every link they hold stops, a new one is emailed."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    takes_answer_files = False  # a button: the plain form's limit
    defers_write_lock = False  # its operation writes without judging files first

    def get(self, forum, token=None):
        abort(405)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        if not ReplaceLinkForm().validate_on_submit():
            return redirect(self.urls(forum, token)["manage"])
        new_token = links.replace_links(forum, registration)
        flash(_("Your private link is replaced: earlier links no longer open your registration. We have emailed "
                "you the new one; this page is already on it."), "success")
        return redirect(url_for("registration.manage", slug=forum.slug, token=new_token))


class MyRegistrationView(_ManageBase):
    """The same page through the participant's account."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def find(self, forum, token):
        return or_404(queries.registration_of_user(forum, current_user))

    def urls(self, forum, token):
        return home.account_urls(forum)


class _MailLanguageMixin:
    """The language of the person's emails, the same through the private link or the account."""

    takes_answer_files = False  # one choice: the plain form's limit
    defers_write_lock = False  # its operation writes without judging files first

    def get(self, forum, token=None):
        abort(405)

    def post(self: _RegistrationPage, forum, token=None):
        registration = self.find(forum, token)
        language_form = MailLanguageForm()

        def again():
            return self.render(forum, registration, token, language_form=language_form, status=422)

        self.on_refusal(language_form, again)  # type: ignore[attr-defined]  # ForumView's, mixed in below
        if not language_form.validate_on_submit():
            return again()
        seats.set_mail_language(registration, language_form.mail_language.data)
        flash(_("Your emails will be written in %(language)s.",
                language=language_name(registration.language, page_language())),
              "success")
        return redirect(self.urls(forum, token)["manage"])


class _CancelMixin:
    """Cancelling, the same through the private link or the account: it needs the confirmation tick."""

    takes_answer_files = False  # a tick: the plain form's limit
    defers_write_lock = False  # its operation writes without judging files first

    def get(self, forum, token=None):
        abort(405)

    def post(self: _RegistrationPage, forum, token=None):
        registration = self.find(forum, token)
        cancel_form = CancelForm()
        if not cancel_form.validate_on_submit():
            return self.render(forum, registration, token, cancel_form=cancel_form, status=422)
        seats.cancel(forum, registration)
        flash(_("Your registration is cancelled. Thank you for letting us know."), "success")
        return redirect(self.urls(forum, token)["manage"])


class MailLanguageView(_MailLanguageMixin, ManageView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too


class MailLanguageMineView(_MailLanguageMixin, MyRegistrationView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too


class CancelView(_CancelMixin, ManageView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    pass


class MyCalendarView(_CalendarBase, ManageView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    pass


class MyCalendarMineView(_CalendarBase, MyRegistrationView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    pass


class CancelMineView(_CancelMixin, MyRegistrationView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    pass
