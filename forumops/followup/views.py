"""Follow-up pages: HTTP only. Organisers' dashboard, plans, settings, exports and series pages
("forum.edit"); owners' progress report form, by private link ("forum.view" + token) or by account."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clusters.queries import list_clusters
from ..core.http import absolute_url, as_download
from ..core.reference import country_name
from ..core.views import FormError, ForumView, kept_text_fields, or_404
from ..organisations.queries import organisation_names
from . import operations, queries
from .forms import (
    EXPIRED,
    BareForm,
    FilterForm,
    PlanForm,
    SettingsForm,
    plan_form_data,
    report_data,
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


# --- dashboard and exports ------------------------------------------------------------------------

def _filters(forum, clusters) -> tuple[FilterForm, queries.PlanFilters]:
    """The dashboard's filters from the query string; a value not on offer is dropped, never an error."""
    form = FilterForm(request.args)
    form.set_choices([(c, country_name(c)) for c in queries.plan_countries(forum)], clusters)
    form.validate()
    for name in ("country", "cluster", "organisation_type", "status"):
        if form[name].errors:
            form[name].data, form[name].errors = "", []
    cluster = form.cluster.data or ""
    return form, queries.PlanFilters(country=form.country.data or "",
                                     cluster_id=int(cluster) if cluster.isdigit() else None,
                                     organisation_type=form.organisation_type.data or "",
                                     status=form.status.data or "")


class DashboardView(_OrganiserView):
    def get(self, forum):
        clusters = list_clusters(forum)
        form, filters = _filters(forum, clusters)
        summary = queries.build_summary(forum, filters, operations.local_today(forum))
        return render_template(
            "followup/dashboard.html", forum=forum, summary=summary, filter_form=form,
            settings=queries.get_settings(forum), previous=queries.previous_edition(forum, current_user),
            export_args={k: v for k, v in request.args.items() if v}, **LABELS)


class ExportCsvView(_OrganiserView):
    def get(self, forum):
        from .export import export_plans

        _form, filters = _filters(forum, list_clusters(forum))
        body = export_plans(queries.build_summary(forum, filters, operations.local_today(forum)))
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-followup-{date.today().isoformat()}.csv")


class ExportPdfView(_OrganiserView):
    def get(self, forum):
        from .pdf import render_followup  # reportlab and the fonts load on first use

        _form, filters = _filters(forum, list_clusters(forum))
        summary = queries.build_summary(forum, filters, operations.local_today(forum))
        response = Response(render_followup(summary, absolute_url("forums.detail", slug=forum.slug)),
                            mimetype="application/pdf")
        return as_download(response, f"{forum.slug}-followup.pdf", inline=True)


# --- plans ----------------------------------------------------------------------------------------

def _plan_form(forum, data=None, formdata=None, plan=None) -> PlanForm:
    kwargs = {"registrations": queries.confirmed_registrations(forum), "clusters": list_clusters(forum)}
    if request.method == "POST" and formdata is None:
        return PlanForm(**kwargs)
    return PlanForm(formdata=None, data=data or {}, **kwargs)


def _render_plan_form(forum, form, plan=None, offer=None, status=200):
    return render_template(
        "followup/plan_form.html", forum=forum, form=form, plan=plan, offer=offer,
        offers=queries.cluster_actions(forum) if plan is None else [], names=organisation_names(),
        public=forum.is_public, **LABELS), status


class PlanNewView(_OrganiserView):
    def get(self, forum):
        offer = queries.find_action(forum, request.args.get("source"))
        data = {"send_link": True}
        if offer is not None:
            data.update(title=offer.what, source=offer.key, cluster_id=str(offer.cluster_id),
                        activities=[{"text": offer.what, "end_date": _date(offer.due)}])
            if offer.who in set(organisation_names()):
                data["organisation"] = offer.who
            else:
                data["owner_name"] = offer.who
        return _render_plan_form(forum, _plan_form(forum, data), offer=offer)

    def post(self, forum):
        form = _plan_form(forum)
        offer = queries.find_action(forum, form.source.data)
        if form.validate_on_submit():
            try:
                plan, token = operations.create_plan(forum, form.data_for_operations(), current_user,
                                                     send_link=bool(form.send_link.data))
            except FormError as error:
                form.add_error(error.field, error.message)
            else:
                if token:
                    flash(_("Plan saved. %(name)s has been emailed a private link to report progress.",
                            name=plan.owner_name), "success")
                else:
                    flash(_("Plan saved."), "success")
                if not forum.is_public:
                    flash(_("The forum is a draft: owners cannot open their links until it is published."), "warning")
                return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))
        return _render_plan_form(forum, form, offer=offer, status=422)


def _date(value: str):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class PlanView(_OrganiserView):
    def get(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        latest = {}
        for report in plan.reports:  # oldest first: the latest value wins
            for value in report.values:
                latest[value.indicator_id] = value
        return render_template("followup/plan.html", forum=forum, plan=plan, latest=latest,
                               today=operations.local_today(forum), link_expired=operations.link_expired(plan),
                               settings=queries.get_settings(forum), **LABELS)


class PlanEditView(_OrganiserView):
    def get(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        return _render_plan_form(forum, _plan_form(forum, plan_form_data(plan)), plan=plan)

    def post(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        form = _plan_form(forum)
        if form.validate_on_submit():
            try:
                operations.update_plan(forum, plan, form.data_for_operations())
            except FormError as error:
                form.add_error(error.field, error.message)
            else:
                flash(_("Plan saved."), "success")
                return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))
        return _render_plan_form(forum, form, plan=plan, status=422)


class PlanLinkView(_OrganiserView):
    """Renew the owner's private link and email it (the earlier one stops working)."""

    def post(self, forum, plan_id: int):
        plan = self.load_plan(forum, plan_id)
        if not BareForm().validate_on_submit():
            flash(str(EXPIRED), "error")
        else:
            try:
                operations.issue_link(forum, plan, "link")
            except FormError as error:
                flash(error.message, "error")
            else:
                flash(_("A new private link is on its way to %(email)s. Earlier links no longer work.",
                        email=plan.owner_email), "success")
        return redirect(url_for("followup.plan", slug=forum.slug, plan_id=plan.id))


class SettingsView(_OrganiserView):
    def render(self, forum, form, status=200):
        return render_template("followup/settings.html", forum=forum, form=form), status

    def get(self, forum):
        settings = queries.get_settings(forum)
        return self.render(forum, SettingsForm(formdata=None, obj=settings))

    def post(self, forum):
        form = SettingsForm()
        if form.validate_on_submit():
            operations.update_settings(forum, {name: form[name].data for name in operations.SETTINGS_FIELDS})
            flash(_("Follow-up settings saved."), "success")
            return redirect(url_for("followup.dashboard", slug=forum.slug))
        return self.render(forum, form, 422)


# --- owners: the progress report ------------------------------------------------------------------

class _ReportBase(ForumView):
    """The owner's form; subclasses find the plan (by token or by account) and name the URLs."""

    permission = "forum.view"
    via = "link"

    def find(self, forum, kwargs):
        raise NotImplementedError

    def action_url(self, forum, plan, kwargs) -> str:
        raise NotImplementedError

    def render(self, forum, plan, form=None, status=200, state="open", kwargs=None):
        latest = {}
        for report in plan.reports:
            for value in report.values:
                latest[value.indicator_id] = value
        if form is None and state == "open":
            form = report_form_for(plan, formdata=None, data={"plan_status": plan.status
                                                                if plan.status != "not_started" else "on_track"})
        return render_template(
            "followup/report.html", forum=forum, plan=plan, form=form, state=state, latest=latest,
            action=self.action_url(forum, plan, kwargs or {}), kept=self.kept(plan) if state != "open" else [],
            token=(kwargs or {}).get("token"), today=operations.local_today(forum), **LABELS), status

    @staticmethod
    def kept(plan) -> list[tuple[str, str]]:
        """What a refused report carried, under its fields' labels, for the owner to copy."""
        labels = {field.name: str(field.label.text) for field in report_form_for(plan, formdata=None)}
        return [(labels.get(name, name), value) for name, value in kept_text_fields()]

    def get(self, forum, **kwargs):
        plan, state = self.find(forum, kwargs)
        if state == "open" and plan.is_closed:
            state = "closed"
        status = 410 if state == "expired" else 200
        return self.render(forum, plan, status=status, state=state, kwargs=kwargs)

    def post(self, forum, **kwargs):
        plan, state = self.find(forum, kwargs)
        if state == "expired":
            return self.render(forum, plan, status=410, state=state, kwargs=kwargs)
        if plan.is_closed:
            return self.render(forum, plan, status=409, state="closed", kwargs=kwargs)
        form = report_form_for(plan)
        if form.validate_on_submit():
            try:
                operations.submit_report(forum, plan, report_data(form, plan),
                                         user=current_user if current_user.is_authenticated else None, via=self.via)
            except operations.PlanClosed:
                return self.render(forum, plan, status=409, state="closed", kwargs=kwargs)
            except FormError as error:
                form.add_error(error.field, error.message)
            else:
                flash(_("Thank you: your progress report is saved. The organisers can see it now."), "success")
                return redirect(self.action_url(forum, plan, kwargs))
        return self.render(forum, plan, form, status=422, kwargs=kwargs)


class ReportView(_ReportBase):
    """The private link from the email: no account needed."""

    def find(self, forum, kwargs):
        plan = or_404(operations.find_by_token(forum, kwargs.get("token")))
        return plan, "expired" if operations.link_expired(plan) else "open"

    def action_url(self, forum, plan, kwargs) -> str:
        return url_for("followup.report", slug=forum.slug, token=kwargs["token"])


class ReportNewLinkView(ForumView):
    """From an expired link's page: email a fresh link to the address the organisers have on file."""

    permission = "forum.view"

    def post(self, forum, token: str):
        plan = or_404(operations.find_by_token(forum, token))
        if not BareForm().validate_on_submit():
            flash(str(EXPIRED), "error")
            return redirect(url_for("followup.report", slug=forum.slug, token=token))
        operations.request_new_link(forum, plan)
        flash(_("If we have an email address for this plan, a new link is on its way. It may take a few minutes "
                "to arrive; check your spam folder too."), "success")
        return redirect(url_for("followup.report", slug=forum.slug, token=token))


class MyPlansView(ForumView):
    permission = "account.manage"

    def get(self, forum):
        plans = queries.plans_of_user(forum, current_user)
        return render_template("followup/mine.html", forum=forum, plans=plans, today=operations.local_today(forum),
                               **LABELS)


class MyReportView(_ReportBase):
    """The same form through the owner's account (their registration for the forum is linked to it)."""

    permission = "account.manage"
    via = "account"

    def find(self, forum, kwargs):
        plan = or_404(queries.plan_of_user(forum, current_user, kwargs.get("plan_id")))
        return queries.get_plan(forum, plan.id), "open"

    def action_url(self, forum, plan, kwargs) -> str:
        return url_for("followup.report_mine", slug=forum.slug, plan_id=plan.id)
