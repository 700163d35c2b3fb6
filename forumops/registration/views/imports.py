"""The organisers' view of an import the worker writes (registration.imports): its progress, what it gave,
and "OK" once they have read it. The upload itself is desk.ImportView. HTTP only."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...core.views import ForumView, or_404
from .. import imports
from ..forms import ActionForm

PERMISSION = "registration.manage"


class ImportStatusView(ForumView):
    """/registrations/imports/<id>: the import's progress; ?format=json for the page's script."""

    permission = PERMISSION

    def get(self, forum, import_id: int):
        job = or_404(imports.get_import(forum, import_id))
        if request.args.get("format") == "json":
            response = jsonify(state=job.state, written=job.written, total=job.total, summary=imports.summary(job))
            response.headers["Cache-Control"] = "no-store"
            return response
        return render_template("registration/desk/import_status.html", forum=forum, job=job,
                               summary=imports.summary(job), form=ActionForm())


class AcknowledgeImportView(ForumView):
    """"OK": the organisers have read how a finished import went; the desk stops showing it."""

    permission = PERMISSION

    def post(self, forum, import_id: int):
        job = or_404(imports.get_import(forum, import_id))
        if ActionForm().validate_on_submit():
            imports.acknowledge(job)
        else:
            flash(_("Your session expired. Press OK again."), "error")
        return redirect(url_for("registration.desk", slug=forum.slug))
