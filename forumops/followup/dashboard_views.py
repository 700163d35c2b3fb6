"""The organisers' follow-up dashboard (plans by status, progress, the evaluations' response rates and gains) and
its CSV and PDF exports, all under the same filters read from the query string. HTTP only."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from ..agenda.queries import list_clusters
from ..core.http import absolute_url, as_download
from ..core.reference import country_name
from ..evaluations.gain_format import percent, points
from ..evaluations.labels import ROUND_LABELS
from ..evaluations.rates import survey_rates
from . import operations, queries
from .forms import FilterForm
from .views import LABELS, _OrganiserView


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
            export_args={k: v for k, v in request.args.items() if v}, evaluations=survey_rates(forum),
            percent=percent, points=points, round_labels=ROUND_LABELS, **LABELS)


class ExportCsvView(_OrganiserView):
    def get(self, forum):
        from .export import export_plans

        _form, filters = _filters(forum, list_clusters(forum))
        body = export_plans(queries.build_summary(forum, filters, operations.local_today(forum)))
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        # the forum's day, not the server's: a forum in Bangkok exporting at 06:00 is already on the next day
        return as_download(response, f"{forum.slug}-followup-{operations.local_today(forum).isoformat()}.csv")


class ExportPdfView(_OrganiserView):
    def get(self, forum):
        from .pdf import render_followup  # reportlab and the fonts load on first use

        _form, filters = _filters(forum, list_clusters(forum))
        summary = queries.build_summary(forum, filters, operations.local_today(forum))
        response = Response(render_followup(summary, absolute_url("forums.detail", slug=forum.slug),
                                            evaluations=survey_rates(forum)), mimetype="application/pdf")
        return as_download(response, f"{forum.slug}-followup.pdf", inline=True)
