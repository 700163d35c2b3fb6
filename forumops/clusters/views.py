"""Cluster pages (a first part: list and add; facilitation comes with the clusters issue)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core.views import FormError, ForumView
from . import operations, queries
from .forms import ClusterForm


class ClustersView(ForumView):
    permission = "clusters.manage"

    def render(self, forum, form, status=200):
        return render_template("clusters/list.html", forum=forum, form=form,
                               clusters=queries.list_clusters(forum)), status

    def get(self, forum):
        return self.render(forum, ClusterForm())

    def post(self, forum):
        form = ClusterForm()
        if form.validate_on_submit():
            try:
                cluster = operations.create_cluster(forum, form.name.data, form.description.data)
            except FormError as error:
                form.add_error(error.field, error.message)
            else:
                flash(_("Cluster “%(name)s” added.", name=cluster.name), "success")
                return redirect(url_for("clusters.index", slug=forum.slug))
        return self.render(forum, form, 422)
