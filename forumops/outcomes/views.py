"""Outcome report pages and downloads: HTTP only. Load, check, act through operations/queries, render."""

from __future__ import annotations

import logging

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..core import charts, permissions
from ..core.cache import BoundedCache
from ..core.http import absolute_url, as_download
from ..core.views import ForumView
from ..evaluations.labels import score_bands
from . import csvio, operations, queries
from .forms import PublishForm, ReportForm
from .models import OutcomeReport

log = logging.getLogger(__name__)


# Rendered PDFs per worker, keyed by the report's whole plain data (ReportData is frozen, hashable and
# compared field by field): the data is read on every request, so a change anywhere gives a new key and
# nothing is ever served stale, while a report downloaded many times is laid out once (a large forum's
# takes seconds).
_pdf_cache: BoundedCache[bytes] = BoundedCache(maxsize=16)


def _report_url(forum) -> str:
    return absolute_url("outcomes.report", slug=forum.slug)


class _ReportView(ForumView):
    """The report is public once published (with its forum); before that only organisers see it, and
    everyone else is told there is no such page."""

    permission = "forum.view"

    def visible_report(self, forum) -> tuple[OutcomeReport | None, bool]:
        report = queries.get_report(forum)
        editor = permissions.can(current_user, "forum.edit", forum)
        if not editor and not (report is not None and report.is_published):
            abort(404)
        return report, editor


def _charts(data) -> dict[str, str]:
    """The participation's charts by breakdown, and each chosen evaluation question's as "evaluation-<its id>"."""
    series = [_("Registered"), _("Attended")]
    drawn: dict[str, str] = {
        b.key: charts.bar_chart_svg(b.title, b.chart_rows(), series[:2 if b.with_attended else 1], f"chart-{b.key}",
                                    others_label=_("Others"))
        for b in data.participation.breakdowns if b.rows}
    for question in (q for survey in data.evaluations for q in survey.questions):
        drawn[f"evaluation-{question.id}"] = charts.bar_chart_svg(
            question.text, question.rows, [_("Answers")], f"chart-question-{question.id}", others_label=_("Others"),
            bands=score_bands() if question.kind == "nps" else ())  # as the results page draws it
    return drawn


def _report_page(forum, report, editor: bool, publish_error: str = ""):
    data = queries.report_data(forum, report, _report_url(forum))
    return render_template("outcomes/report.html", forum=forum, data=data, charts=_charts(data),
                           can_edit=editor, publish_form=PublishForm(), publish_error=publish_error)


class ReportView(_ReportView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    def get(self, forum):
        report, editor = self.visible_report(forum)
        return _report_page(forum, report, editor)


class ReportPdfView(_ReportView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    def get(self, forum):
        from ..core.fonts import FontsMissing
        from . import pdf  # reportlab and the fonts load on first use, not at start-up

        report, _editor = self.visible_report(forum)
        data = queries.report_data(forum, report, _report_url(forum))
        try:
            # the headings and labels are in the reader's language
            body = _pdf_cache.get_or_build((data, str(get_locale())), lambda: pdf.render_report(data))
        except FontsMissing:
            log.exception("outcome report PDF for %s: fonts missing", forum.slug)
            abort(503)
        response = Response(body, mimetype="application/pdf")
        return as_download(response, f"{forum.slug}-report.pdf", inline=True)


class RecommendationsCsvView(ForumView):
    permission = "forum.edit"

    def get(self, forum):
        data = queries.report_data(forum, queries.get_report(forum))
        response = Response(csvio.recommendations_csv(data), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-recommendations.csv")


def _form_for(report: OutcomeReport | None) -> ReportForm:
    if report is None:
        return ReportForm(formdata=None, data={"version": "0"})
    return ReportForm(formdata=None, data={
        "version": str(report.version), "title": report.title, "executive_summary": report.executive_summary,
        "conclusions": report.conclusions, "acknowledgements": report.acknowledgements,
        "authors": "\n".join(report.authors or []), "editors": "\n".join(report.editors or [])})


class EditView(ForumView):
    permission = "forum.edit"

    def page(self, forum, form: ReportForm, status: int = 200, theirs: OutcomeReport | None = None):
        report = queries.get_report(forum)
        data = queries.report_data(forum, report)
        return render_template("outcomes/edit.html", forum=forum, form=form, report=report, data=data,
                               theirs=theirs, publish_form=PublishForm()), status

    def get(self, forum):
        return self.page(forum, _form_for(queries.get_report(forum)))

    def post(self, forum):
        form = ReportForm()
        if not form.validate_on_submit():
            return self.page(forum, form, 422)
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = -1
        operations.save_report(forum, form.data, version, current_user)
        flash(_("Report saved."), "success")
        return redirect(url_for("outcomes.report", slug=forum.slug))

    def refused(self, error, forum):
        """The form again with what this editor typed; when someone saved meanwhile, their version beside it."""
        form = ReportForm()
        form.add_error(error.field, error.message)
        if isinstance(error, operations.ReportConflict):
            form.version.data = str(error.report.version)  # saving again keeps this editor's text
            return self.page(forum, form, 409, theirs=error.report)
        return self.page(forum, form, 422)


class PublishView(ForumView):
    permission = "forum.edit"

    def post(self, forum):
        action = request.form.get("action")
        if not PublishForm().validate_on_submit():
            flash(_("The form expired. Please try again."), "error")
        elif action == "publish":
            operations.publish_report(forum, current_user)
            if forum.is_public:
                flash(_("The report is published: anyone can read it and download the PDF."), "success")
            else:
                flash(_("The report is marked published, but the forum is still a draft: nobody else sees it until "
                        "you publish the forum."), "warning")
        elif action == "unpublish":
            operations.unpublish_report(forum, current_user)
            flash(_("The report is back to a preview that only organisers see."), "success")
        else:
            flash(_("Choose whether to publish or unpublish the report."), "error")
        return redirect(url_for("outcomes.report", slug=forum.slug))

    def refused(self, error, forum):
        """Said beside the button, on the report it is about."""
        return _report_page(forum, queries.get_report(forum), True, error.message), 409
