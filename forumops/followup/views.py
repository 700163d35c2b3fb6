"""Follow-up pages: HTTP only. Organisers' dashboard, plans, settings, exports and series pages
("forum.edit"); owners' progress report form, by private link ("forum.view" + token) or by account."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.browser import link_mail_refused
from ..agenda.queries import list_clusters
from ..core.views import ForumView, kept_text_fields, or_404
from ..organisations.queries import organisation_names, visible_to
from . import links, operations, queries, reports
from .forms import (
    EXPIRED,
    BareForm,
    PlanForm,
    SettingsForm,
    plan_form_data,
    report_data,
    report_form_data,
    report_form_for,
)
from .labels import (
    ACHIEVEMENT_LABELS,
    CHALLENGE_LABELS,
    INDICATOR_KIND_LABELS,
    OUTCOME_LABELS,
    OWNER_KIND_LABELS,
    PLAN_STATUS_LABELS,
)

LABELS = dict(PLAN_STATUS_LABELS=PLAN_STATUS_LABELS, CHALLENGE_LABELS=CHALLENGE_LABELS,
              ACHIEVEMENT_LABELS=ACHIEVEMENT_LABELS, OUTCOME_LABELS=OUTCOME_LABELS,
              INDICATOR_KIND_LABELS=INDICATOR_KIND_LABELS, OWNER_KIND_LABELS=OWNER_KIND_LABELS)


class _OrganiserView(ForumView):
    permission = "forum.edit"

    def load_plan(self, forum, plan_id: int):
        return or_404(queries.get_plan(forum, plan_id))


# --- plans ----------------------------------------------------------------------------------------

def _plan_form(forum, data=None, formdata=None, plan=None) -> PlanForm:
    kwargs = {"registrations": queries.confirmed_registrations(forum), "clusters": list_clusters(forum)}
    if request.method == "POST" and formdata is None:
        return PlanForm(**kwargs)
    return PlanForm(formdata=None, data=data or {}, **kwargs)


def _render_plan_form(forum, form, plan=None, offer=None, status=200):
    return render_template(
        "followup/plan_form.html", forum=forum, form=form, plan=plan, offer=offer,
        offers=queries.cluster_actions(forum) if plan is None else [],
        names=organisation_names(visible=visible_to(current_user)),
        public=forum.is_public, **LABELS), status


class PlanNewView(_OrganiserView):
    def get(self, forum):
        offer = queries.find_action(forum, request.args.get("source"))
        data: dict[str, Any] = {"send_link": True}
        if offer is not None:
            data.update(title=offer.what, source=offer.key, cluster_id=str(offer.cluster_id),
                        activities=[{"text": offer.what, "end_date": _date(offer.due)}])
            if offer.who in set(organisation_names(visible=visible_to(current_user))):
                data["organisation"] = offer.who
            else:
                data["owner_name"] = offer.who
        return _render_plan_form(forum, _plan_form(forum, data), offer=offer)

    def post(self, forum):
        form = _plan_form(forum)
        offer = queries.find_action(forum, form.source.data)
        self.on_refusal(form, lambda: _render_plan_form(forum, form, offer=offer, status=422))
        if form.validate_on_submit():
            plan, token = operations.create_plan(forum, form.data_for_operations(), current_user,
                                                 send_link=bool(form.send_link.data))
            if token and forum.is_public:
                flash(_("Plan saved. %(name)s has been emailed a private link to report progress.",
                        name=plan.owner_name), "success")
            elif token:
                flash(_("Plan saved. The email with %(name)s's private link will be sent when the forum is "
                        "announced.", name=plan.owner_name), "success")
            else:
                flash(_("Plan saved."), "success")
            return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))
        return _render_plan_form(forum, form, offer=offer, status=422)


def _date(value: str):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _latest_values(plan) -> dict:
    latest = {}
    for report in plan.reports:  # oldest first: the latest value wins
        for value in report.values:
            latest[value.indicator_id] = value
    return latest


class PlanView(_OrganiserView):
    def get(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        newest = max(plan.links, key=lambda link: link.created_at) if plan.links else None
        return render_template("followup/plan.html", forum=forum, plan=plan, latest=_latest_values(plan),
                               today=operations.local_today(forum), current_link=links.current_link(plan),
                               newest_link=newest, settings=queries.get_settings(forum), organiser=True,
                               review_form=BareForm(), **LABELS)


class ReviewReportView(_OrganiserView):
    """The organisers have read a report: the owner can no longer correct it (they send a new one)."""

    def post(self, forum, plan_id: int, report_id: int):
        plan = self.load_plan(forum, plan_id)
        report = or_404(next((r for r in plan.reports if r.id == report_id), None))
        if not BareForm().validate_on_submit():
            flash(str(EXPIRED), "error")
        else:
            reports.review_report(report, current_user)
            flash(_("Marked as reviewed: %(name)s can no longer correct this report.", name=plan.owner_name),
                  "success")
        return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id) + f"#report-{report.id}")


class PlanEditView(_OrganiserView):
    def get(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        return _render_plan_form(forum, _plan_form(forum, plan_form_data(plan)), plan=plan)

    def post(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        form = _plan_form(forum)
        self.on_refusal(form, lambda: _render_plan_form(forum, form, plan=plan, status=422))
        if form.validate_on_submit():
            operations.update_plan(forum, plan, form.data_for_operations())
            flash(_("Plan saved."), "success")
            return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))
        return _render_plan_form(forum, form, plan=plan, status=422)


class PlanLinkView(_OrganiserView):
    """Replace the owner's private links with a new one, emailed (the earlier ones say "replaced")."""

    def post(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        self.on_refusal(None, lambda: redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan_id)))
        if not BareForm().validate_on_submit():
            flash(str(EXPIRED), "error")
        else:
            links.replace_links(forum, plan, actor=current_user)
            flash(_("A new private link is on its way to %(email)s. Earlier links no longer work.",
                    email=plan.owner_email) if forum.is_public else
                  _("A new private link to %(email)s will be sent when the forum is announced. Earlier links no "
                    "longer work.", email=plan.owner_email), "success")
        return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))


class SettingsView(_OrganiserView):
    def render(self, forum, form, status=200):
        return render_template("followup/settings.html", forum=forum, form=form), status

    def get(self, forum):
        settings = queries.get_settings(forum)
        return self.render(forum, SettingsForm(formdata=None, obj=settings))

    def post(self, forum):
        form = SettingsForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            data = {name: form[name].data for name in operations.SETTINGS_FIELDS}
            data.update(challenge_preset=form.challenge_preset.data,
                        challenge_categories=form.challenge_categories.data or [])
            operations.update_settings(forum, data)
            flash(_("Follow-up settings saved."), "success")
            return redirect(url_for("followup.dashboard", slug=forum.slug))
        return self.render(forum, form, 422)


# --- owners: the progress report and its correction ---------------------------------------------

class _ReportBase(ForumView):
    """The owner's form; subclasses find the plan (by token or by account) and name the URLs. With a
    `report_id`, the form corrects that report instead of sending a new one."""

    permission = "forum.view"
    via = "link"

    def find(self, forum, kwargs):
        """(plan, state, link): state is open, expired or replaced; link the PlanLink used, if any."""
        raise NotImplementedError

    def url(self, forum, plan, kwargs, report_id: int | None = None) -> str:
        raise NotImplementedError

    def correcting(self, forum, plan, kwargs):
        report_id = kwargs.get("report_id")
        if report_id is None:
            return None
        return or_404(next((r for r in plan.reports if r.id == report_id), None))

    def form(self, forum, plan, **kwargs):
        return report_form_for(plan, queries.get_settings(forum).challenge_categories, **kwargs)

    def render(self, forum, plan, form=None, status=200, state="open", kwargs=None, report=None, kept=False):
        kwargs = kwargs or {}
        if form is None and state == "open":
            form = self.form(forum, plan, formdata=None, data=report_form_data(report) if report else {})
        correctable = (reports.correctable_report(forum, plan) if state in ("open", "closed") and report is None
                       else None)
        return render_template(
            "followup/report.html", forum=forum, plan=plan, form=form, state=state, latest=_latest_values(plan),
            action=self.url(forum, plan, kwargs, report.id if report else None),
            report_url=self.url(forum, plan, kwargs), correcting=report, correctable=correctable,
            correct_url=self.url(forum, plan, kwargs, correctable.id) if correctable else "",
            kept=self.kept(forum, plan) if kept else [], token=kwargs.get("token"),
            today=operations.local_today(forum), **LABELS), status

    def kept(self, forum, plan) -> list[tuple[str, str]]:
        """What a refused report carried, under its fields' labels, for the owner to copy."""
        labels = {field.name: str(field.label.text) for field in self.form(forum, plan, formdata=None)}
        return [(labels.get(name, name), value) for name, value in kept_text_fields()]

    def get(self, forum, **kwargs):
        plan, state, _link = self.find(forum, kwargs)
        report = self.correcting(forum, plan, kwargs) if state == "open" else None
        if state == "open" and plan.is_closed and report is None:
            state = "closed"
        if report is not None:
            reason = reports.correction_refused(plan, report, operations.local_today(forum))
            if reason:
                flash(reports.CorrectionClosed(reason).message, "error")
                return redirect(self.url(forum, plan, kwargs))
        status = {"expired": 410, "replaced": 410}.get(state, 200)
        return self.render(forum, plan, status=status, state=state, kwargs=kwargs, report=report)

    def post(self, forum, **kwargs):
        plan, state, link = self.find(forum, kwargs)
        if state != "open":
            return self.render(forum, plan, status=410, state=state, kwargs=kwargs, kept=True)
        report = self.correcting(forum, plan, kwargs)
        if plan.is_closed and report is None:
            return self.render(forum, plan, status=409, state="closed", kwargs=kwargs, kept=True)
        form = self.form(forum, plan)
        self.page = plan, form, report
        if form.validate_on_submit():
            user = current_user if current_user.is_authenticated else None
            if report is None:
                reports.submit_report(forum, plan, report_data(form, plan), user=user, via=self.via, link=link)
            else:
                reports.correct_report(forum, plan, report, report_data(form, plan), user=user, via=self.via,
                                       link=link)
            flash(_("Thank you: your correction is saved. The organisers see it, and the version it replaces.")
                  if report else
                  _("Thank you: your progress report is saved. The organisers can see it now."), "success")
            return redirect(self.url(forum, plan, kwargs))
        return self.render(forum, plan, form, status=422, kwargs=kwargs, report=report)

    def refused(self, error, forum, **kwargs):
        """A plan closed meanwhile: its page, with what was typed to copy. A correction no longer allowed: the
        form again as a new report. Anything else: the form with the message beside its field."""
        plan, form, report = self.page
        if isinstance(error, reports.PlanClosed):
            return self.render(forum, plan, status=409, state="closed", kwargs=kwargs, kept=True)
        if isinstance(error, reports.CorrectionClosed):  # the form comes back as a new report, typed text kept
            form.add_error(None, error.message + " " + _("Send it as a new report instead: what you typed "
                                                           "is kept in the form."))
            return self.render(forum, plan, form, status=409, kwargs={**kwargs, "report_id": None})
        form.add_error(error.field, error.message)
        return self.render(forum, plan, form, status=422, kwargs=kwargs, report=report)


class ReportView(_ReportBase):
    """The private link from the email: no account needed. An expired or replaced link says so and offers
    to email the link that works now."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, kwargs):
        link = or_404(links.find_link(forum, kwargs.get("token")))
        plan = queries.get_plan(forum, link.plan_id)
        return plan, links.link_state(link), link

    def url(self, forum, plan, kwargs, report_id=None) -> str:
        if report_id is not None:
            return url_for("followup.correct", slug=forum.slug, token=kwargs["token"], report_id=report_id)
        return url_for("followup.report", slug=forum.slug, token=kwargs["token"])


class ReportNewLinkView(ForumView):
    """From an expired or replaced link's page: email a working link to the address the organisers have on
    file (never shown), a few times per window (accounts.operations.link_mail_throttled)."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def post(self, forum, token: str):
        link = or_404(links.find_link(forum, token))
        back = url_for("followup.report", slug=forum.slug, token=token)
        if not BareForm().validate_on_submit():
            flash(str(EXPIRED), "error")
        elif links.link_state(link) == "open":
            return redirect(back)  # it works: nothing to send
        elif not link_mail_refused([f"plan:{link.plan_id}"], scope="plan_link"):  # refused: it says why
            links.email_current_link(forum, link.plan)
            flash(_("If we have an email address for this plan, a link that works is on its way. It may take a few "
                    "minutes to arrive; check your spam folder too."), "success")
        return redirect(back)


class MyPlansView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "account.manage"

    def get(self, forum):
        plans = queries.plans_of_user(forum, current_user)
        return render_template("followup/mine.html", forum=forum, plans=plans, today=operations.local_today(forum),
                               **LABELS)


class MyReportView(_ReportBase):
    """The same form through the owner's account (their registration for the forum is linked to it)."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"
    via = "account"

    def find(self, forum, kwargs):
        plan = or_404(queries.plan_of_user(forum, current_user, kwargs.get("plan_id")))
        return queries.get_plan(forum, plan.id), "open", None

    def url(self, forum, plan, kwargs, report_id=None) -> str:
        if report_id is not None:
            return url_for("followup.correct_mine", slug=forum.slug, plan_id=plan.id, report_id=report_id)
        return url_for("followup.report_mine", slug=forum.slug, plan_id=plan.id)
