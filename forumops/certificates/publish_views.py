"""Who receives the certificate, and publishing it: the rule and the people (each with their days and their
certificate), the confirm page that states the rule and exactly how many certificates publishing issues, a new
certificate for someone whose certificate was revoked, and unpublishing. HTTP only."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core.views import ForumView, or_404
from ..registration.attendance import forum_days
from . import operations, queries
from .forms import ButtonForm, PublishForm, RecipientsForm

PERMISSION = "certificates.manage"
NAMES_SHOWN = 200  # the confirm page names this many of those it issues to, then says how many more


def _recipients_form(forum, template, posted: bool) -> RecipientsForm:
    if posted:
        form = RecipientsForm()
    else:
        people = queries.candidates(forum, template)
        form = RecipientsForm(formdata=None, rule=template.rule if template else "days",
                              min_days=template.min_days if template else 1,
                              picked=[p.registration_id for p in people if p.picked],
                              excluded=[p.registration_id for p in people if p.excluded])
    total = len(forum_days(forum))
    form.min_days.choices = [(n, ngettext("%(num)d day of %(total)d", "%(num)d days of %(total)d", n, total=total))
                             for n in range(1, total + 1)]
    return form


def rule_text(template, days_total: int) -> str:
    """The saved rule in words, as the confirm page states it."""
    if template is not None and template.rule == "picked":
        return _("Only the people ticked “Give”")
    n = template.min_days if template is not None else 1
    return ngettext("Everyone who attended at least %(num)d day of %(total)d",
                    "Everyone who attended at least %(num)d days of %(total)d", n, total=days_total)


class RecipientsView(ForumView):
    """Who receives a certificate (the rule, the hand-picked, the left out), each confirmed person with their
    days attended and what they get; "Save and publish…" saves the rule on screen and asks to confirm."""

    permission = PERMISSION

    def render(self, forum, form, status: int = 200):
        template = queries.get_template(forum)
        people = queries.candidates(forum, template)
        return render_template(
            "certificates/recipients.html", forum=forum, form=form, template=template, people=people,
            days_total=len(forum_days(forum)), eligible=sum(1 for p in people if p.eligible),
            issued=sum(1 for p in people if p.issued_id is not None and not p.revoked),
            beyond_rule=sum(1 for p in people if p.beyond_rule),
            picked=set(form.picked.data or []), excluded=set(form.excluded.data or []),
            unconfirmed=queries.unconfirmed_holders(forum),
            button_form=ButtonForm()), status

    def get(self, forum):
        return self.render(forum, _recipients_form(forum, queries.get_template(forum), posted=False))

    def post(self, forum):
        form = _recipients_form(forum, queries.get_template(forum), posted=True)
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.save_recipients(forum, form.rule.data, form.min_days.data or 0, form.picked.data or [],
                                   form.excluded.data or [])
        if form.publish.data:  # publish what is on screen: saved now, then confirmed with its exact count
            return redirect(url_for("certificates.publish", slug=forum.slug))
        flash(_("Saved who receives a certificate."), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class PublishView(ForumView):
    """The confirm page: the rule, exactly whom publishing issues a certificate to, and what stops it; its button
    issues those certificates and opens the downloads, refused if that changed since the page was drawn."""

    permission = PERMISSION

    def render(self, forum, form: PublishForm | None = None, refusal: str = "", status: int = 200):
        plan = operations.plan_publishing(forum)
        form = form or PublishForm(formdata=None)
        form.expected.data, form.batch.data = len(plan.new), plan.batch  # what this page shows, sent back
        return render_template(
            "certificates/publish.html", forum=forum, plan=plan, form=form, refusal=refusal,
            rule=rule_text(plan.template, len(forum_days(forum))), names_shown=NAMES_SHOWN), status

    def get(self, forum):
        return self.render(forum)

    def refused(self, error, forum):
        return self.render(forum, refusal=error.message, status=422)

    def post(self, forum):
        form = PublishForm()
        if not form.validate_on_submit():
            return self.render(forum, form, _("The form expired: check the list again, then confirm."), 422)
        outcome = operations.publish(forum, current_user, confirmed=(form.expected.data, form.batch.data))
        flash(ngettext("Published: %(num)d certificate issued now; %(holding)d people can download theirs.",
                       "Published: %(num)d certificates issued now; %(holding)d people can download theirs.",
                       outcome.issued, holding=outcome.holding), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class ReissueView(ForumView):
    """A new certificate for one person whose certificate was revoked (a button on their row)."""

    permission = PERMISSION

    def post(self, forum, registration_id: int):
        or_404(queries.registrations_by_ids(forum, [registration_id]).get(registration_id))  # this forum's only
        back = url_for("certificates.recipients", slug=forum.slug, _anchor=f"person-{registration_id}")
        self.on_refusal(None, lambda: redirect(back))
        if ButtonForm().validate_on_submit():
            issued = operations.reissue(forum, registration_id, current_user)
            template = queries.get_template(forum)
            flash(_("A new certificate is issued to %(name)s, with a new code; the revoked one stays revoked.",
                    name=issued.holder_name) + ("" if template is not None and template.published else " " + _(
                        "It downloads once the certificate is published.")), "success")
        return redirect(back)


class UnpublishView(ForumView):
    permission = PERMISSION

    def post(self, forum):
        if ButtonForm().validate_on_submit():
            operations.unpublish(forum)
            flash(_("Unpublished: people can no longer download their certificates. Those already issued stay "
                    "valid until you revoke them."), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))
