"""The organisers' record of what was sent: every message with its recipients' state, retries, cancelling a
scheduled one, saved templates; and the administrator's quota for one forum."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..agenda.queries import list_clusters
from ..core.forms import Form
from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l
from ..core.reference import country_name
from ..core.views import ForumView, or_404
from ..evaluations.queries import forum_surveys
from ..registration.labels import CATEGORY_LABELS, STATUS_LABELS
from . import operations, queries
from .defaults import default_templates
from .forms import QuotaForm
from .placeholders import fill_forum_level, forum_values
from .recipients import RecipientFilters
from .versions import all_versions
from .views import PERMISSION

# who a status filter picks, as the start of "Sent to: ..."
WHO_BY_STATUS = {
    "": _l("everyone registered"),
    "confirmed": _l("confirmed participants"),
    "pending": _l("people awaiting approval"),
    "waitlisted": _l("people on the waiting list"),
    "rejected": _l("people not accepted"),
    "cancelled": _l("people who cancelled"),
}


def describe_recipients(forum, filters: RecipientFilters) -> str:
    """Whom a message was written to, as words that follow "Sent to:" ("confirmed participants, online, from
    Viet Nam"): the status says who, each other filter narrows it."""
    clusters = {c.id: c.name for c in list_clusters(forum)} if filters.cluster else {}
    surveys = {s.id: s.title for s in forum_surveys(forum)} if filters.survey_pending else {}
    narrowed = [
        {"online": _("online"), "in_person": _("in person")}.get(filters.mode, ""),
        _("in the cluster %(name)s", name=clusters.get(filters.cluster, _("a cluster since removed")))
        if filters.cluster else "",
        _("taking part as %(category)s", category=CATEGORY_LABELS.get(filters.category) or filters.category)
        if filters.category else "",
        _("from %(country)s", country=country_name(filters.country)) if filters.country else "",
        {"yes": _("checked in"), "no": _("not checked in")}.get(filters.checked_in, ""),
        {"yes": _("with an action plan"), "no": _("without an action plan")}.get(filters.has_plan, ""),
        {"yes": _("with a certificate of attendance"), "no": _("without a certificate of attendance")}.get(
            filters.has_certificate, ""),
        _("who have not yet answered the survey %(title)s", title=surveys.get(filters.survey_pending,
                                                                              _("a survey since removed")))
        if filters.survey_pending else "",
        {"concerned": _("whom the travel form concerns"),
         "pending": _("whom the travel form concerns who have not sent it")}.get(filters.travel_form, ""),
        _("registered on or after %(day)s", day=format_day(filters.registered_from))
        if filters.registered_from else "",
        _("registered before %(day)s", day=format_day(filters.registered_before))
        if filters.registered_before else "",
    ]
    who = WHO_BY_STATUS.get(filters.status) or STATUS_LABELS.get(filters.status) or filters.status
    return ", ".join([str(who), *(part for part in narrowed if part)])


class MessagesView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        summaries = queries.list_announcements(forum)
        shared = forum_values(forum)
        subjects = {s.announcement.id: fill_forum_level(s.announcement.subject, shared) for s in summaries}
        return render_template("communications/index.html", forum=forum, summaries=summaries, subjects=subjects,
                               templates=queries.list_templates(forum), defaults=default_templates(forum))


class MessageView(ForumView):
    permission = PERMISSION

    def get(self, forum, announcement_id):
        announcement = or_404(queries.get_announcement(forum, announcement_id))
        rows = queries.recipient_rows(announcement)
        shown_state = request.args.get("state", "")
        if shown_state not in queries.STATES:
            shown_state = ""
        counts = {state: sum(1 for row in rows if row.state == state) for state in queries.STATES}
        return render_template(
            "communications/message.html", forum=forum, announcement=announcement, counts=counts,
            subject=fill_forum_level(announcement.subject, forum_values(forum)),
            versions=all_versions(forum, announcement.subject, announcement.body, announcement.versions),
            rows=[row for row in rows if row.state == shown_state] if shown_state else rows, shown_state=shown_state,
            recipients=describe_recipients(forum, RecipientFilters.from_mapping(announcement.filters or {})),
            form=Form(),
            retrying=sum(1 for row in rows if row.state == "queued" and row.attempts))


class RetryView(ForumView):
    permission = PERMISSION

    def post(self, forum, announcement_id):
        announcement = or_404(queries.get_announcement(forum, announcement_id))
        if Form().validate_on_submit():
            retried = operations.retry_failed(announcement)
            flash(ngettext("%(num)d email is queued to be sent again.", "%(num)d emails are queued to be sent again.",
                           retried) if retried else _("No email of this message is waiting for a retry."),
                  "success" if retried else "info")
        return redirect(url_for("communications.message", slug=forum.slug, announcement_id=announcement.id))


class CancelView(ForumView):
    permission = PERMISSION

    def post(self, forum, announcement_id):
        announcement = or_404(queries.get_announcement(forum, announcement_id))
        if Form().validate_on_submit():
            self.on_refusal(None, lambda: redirect(url_for("communications.message", slug=forum.slug,
                                                             announcement_id=announcement.id)))
            operations.cancel_scheduled(announcement)
            flash(_("The message is cancelled: nobody will receive it."), "success")
        return redirect(url_for("communications.message", slug=forum.slug, announcement_id=announcement.id))


class DeleteTemplateView(ForumView):
    permission = PERMISSION

    def post(self, forum, template_id):
        template = or_404(queries.get_template(forum, template_id))
        if Form().validate_on_submit():
            operations.delete_template(forum, template.id)
            flash(_("The template “%(name)s” is deleted.", name=template.name), "success")
        return redirect(url_for("communications.messages", slug=forum.slug))


class LimitsView(ForumView):
    """The administrator raises (or lowers) how many people one forum may write to per window."""

    permission = "admin"

    def get(self, forum):
        form = QuotaForm(formdata=None, data={"recipient_quota": operations.forum_quota_override(forum)})
        return self.render(forum, form)

    def render(self, forum, form, status=200):
        config = current_app.config
        return render_template("communications/limits.html", forum=forum, form=form,
                               forum_default=config["MAIL_FORUM_QUOTA"],
                               account_quota=config["MAIL_ACCOUNT_QUOTA"],
                               hours=config["MAIL_QUOTA_HOURS"], quota=operations.forum_quota(forum),
                               used=operations.recipients_sent(forum=forum)), status

    def post(self, forum):
        form = QuotaForm()
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.set_recipient_quota(forum, form.recipient_quota.data)
        flash(_("This forum's limit is saved."), "success")
        return redirect(url_for("communications.limits", slug=forum.slug))
