"""The organisers' record of what was sent: every message with its recipients' state, retries, cancelling a
scheduled one, saved templates; and the administrator's quota for one forum."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..agenda.queries import list_clusters
from ..core.forms import Form
from ..core.i18n import format_day
from ..core.reference import country_name
from ..core.views import ForumView, or_404
from ..registration.labels import CATEGORY_LABELS, MODE_LABELS, STATUS_LABELS
from . import operations, queries
from .defaults import default_templates
from .forms import YES_NO_ANY, QuotaForm
from .placeholders import fill_forum_level, forum_values
from .recipients import RecipientFilters
from .views import PERMISSION


def describe_filters(forum, filters: RecipientFilters) -> list[str]:
    """Whom a message was written to, in words ("Status: Confirmed", ...); empty when it went to everyone."""
    yes_no = {value: str(label) for value, label in YES_NO_ANY}
    clusters = {c.id: c.name for c in list_clusters(forum)} if filters.cluster else {}
    parts = [
        (_("Status"), str(STATUS_LABELS.get(filters.status, "")) if filters.status else ""),
        (_("Attendance"), str(MODE_LABELS.get(filters.mode, "")) if filters.mode else ""),
        (_("Cluster"), clusters.get(filters.cluster, _("a cluster since removed")) if filters.cluster else ""),
        (_("Category"), str(CATEGORY_LABELS.get(filters.category, "")) if filters.category else ""),
        (_("Country"), country_name(filters.country) if filters.country else ""),
        (_("Checked in"), yes_no.get(filters.checked_in, "") if filters.checked_in else ""),
        (_("Has an action plan"), yes_no.get(filters.has_plan, "") if filters.has_plan else ""),
        (_("Registered on or after"), format_day(filters.registered_from)),
        (_("Registered before"), format_day(filters.registered_before)),
    ]
    return [f"{name}: {value}" for name, value in parts if value]


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
            rows=[row for row in rows if row.state == shown_state] if shown_state else rows, shown_state=shown_state,
            filters=describe_filters(forum, RecipientFilters.from_mapping(announcement.filters or {})), form=Form(),
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
                               forum_default=config["ANNOUNCEMENT_FORUM_QUOTA"],
                               account_quota=config["ANNOUNCEMENT_ACCOUNT_QUOTA"],
                               hours=config["ANNOUNCEMENT_QUOTA_HOURS"], quota=operations.forum_quota(forum),
                               used=operations.recipients_sent(forum=forum)), status

    def post(self, forum):
        form = QuotaForm()
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.set_recipient_quota(forum, form.recipient_quota.data)
        flash(_("This forum's limit is saved."), "success")
        return redirect(url_for("communications.limits", slug=forum.slug))
