"""Cluster assignment pages: who is in which cluster, the automatic pass, and moves by hand."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.views import ForumView
from . import assignment


def render_assign_page(forum, plan: assignment.Plan | None = None, error: str | None = None,
                       only_unassigned: bool = True, status: int = 200):
    """The assignment page: the overview, and a proposed plan or an error when there is one."""
    return render_template("clusters/assign.html", forum=forum, overview=assignment.assignment_overview(forum),
                           plan=plan, error=error, only_unassigned=only_unassigned), status


class AssignView(ForumView):
    """GET: each cluster's capacity, fill and members, and who is in none. POST: the automatic pass."""

    permission = "clusters.manage"

    def get(self, forum):
        return render_assign_page(forum)

    def post(self, forum):
        only_unassigned = request.form.get("scope", "unassigned") != "everyone"
        plan = assignment.auto_assign(forum, only_unassigned=only_unassigned)
        return render_assign_page(forum, plan=plan, only_unassigned=only_unassigned)


class MoveView(ForumView):
    """One person into another cluster (or out of any, cluster_id 0): a plain form per row, no script."""

    permission = "clusters.manage"

    def post(self, forum):
        registration_id = request.form.get("registration_id", type=int)
        cluster_id = request.form.get("cluster_id", type=int)
        registration, cluster = assignment.move(forum, registration_id, cluster_id)
        if cluster is None:
            flash(_("%(person)s is in no cluster now.", person=registration.name), "success")
        else:
            flash(_("%(person)s moved to “%(cluster)s”.", person=registration.name, cluster=cluster.name), "success")
        return redirect(url_for("clusters.assign", slug=forum.slug, _anchor=f"person-{registration_id}"), 303)

    def refused(self, error, forum):
        if isinstance(error, assignment.NotInForum):
            abort(404)  # another forum's registration or cluster (or none) is not acknowledged
        return render_assign_page(forum, error=error.message, status=422)
