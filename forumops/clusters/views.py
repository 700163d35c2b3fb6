"""Cluster pages: the list, a cluster's page, its edit page and staff, opening a session's notes. HTTP only.
The notes pages themselves serve clusters and programme items alike (notes_views.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..agenda.models import Cluster
from ..agenda.queries import list_clusters
from ..agenda.translations import localise_cluster
from ..core import permissions
from ..core.views import ForumView, or_404
from ..documents.queries import levels_for, list_documents
from ..extensions import db
from ..forums import invitations
from ..forums.versions import versions_for
from . import operations, queries
from .forms import STAFF_ROLE_TITLES, ClusterForm, ReviewForm, StaffForm


class ClustersView(ForumView):
    """Organisers list and add clusters; a facilitator or rapporteur sees their own, with their notes."""

    permission = "clusters.view"
    write_permission = "clusters.manage"

    def render(self, forum, form, status=200):
        return render_template("clusters/list.html", forum=forum, form=form,
                               clusters=list_clusters(forum)), status

    def get(self, forum):
        if not permissions.can(current_user, "clusters.manage", forum):
            return render_template("clusters/mine.html", forum=forum,
                                   clusters=queries.clusters_for_staff(forum, current_user))
        return self.render(forum, ClusterForm())

    def post(self, forum):
        form = ClusterForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            cluster = operations.create_cluster(forum, form.name.data, form.description.data)
            operations.update_cluster(cluster, form.data)
            flash(_("Cluster “%(name)s” added.", name=cluster.name), "success")
            return redirect(url_for("clusters.index", slug=forum.slug))
        return self.render(forum, form, 422)


class ClusterScopedView(ForumView):
    """A view of one cluster: loaded through the forum (another forum's cluster is a 404), and the
    permission is checked with the user's role in that cluster."""

    def scope_for_request(self, forum, kwargs):
        cluster = db.session.scalar(select(Cluster).where(Cluster.forum_id == forum.id,
                                                          Cluster.id == kwargs["cluster_id"]))
        if cluster is None:
            abort(404)
        del kwargs["cluster_id"]
        kwargs["cluster"] = cluster
        return {"cluster": cluster}


class ClusterPageView(ClusterScopedView):
    permission = "forum.view"

    def get(self, forum, cluster):
        can_write = permissions.can(current_user, "notes.write", forum, cluster=cluster)
        can_read = permissions.can(current_user, "notes.read_submitted", forum, cluster=cluster)
        visible = [n for n in queries.list_notes(cluster)
                   if n.status == "published" or (can_read and n.status != "draft") or can_write]
        versions = versions_for(forum)  # the cluster's texts in the reader's language, where the forum has them
        return render_template(
            "clusters/cluster.html", forum=forum, cluster=cluster, notes=visible, can_write=can_write,
            title=versions.of_forum(forum, "title"), shown=localise_cluster(cluster, versions), versions=versions,
            staff=queries.list_staff(cluster), sessions=queries.breakout_items(cluster) if can_write else [],
            can_manage=permissions.can(current_user, "clusters.manage", forum),
            papers=input_papers(forum, cluster, versions))


def input_papers(forum, cluster, versions=None) -> list:
    """The cluster's input papers this reader may open (documents attached to it)."""
    return list_documents(forum, levels_for(current_user, forum), target_kind="cluster", target_ids=[cluster.id],
                          versions=versions)


class ClusterEditView(ClusterScopedView):
    permission = "clusters.manage"

    def render(self, forum, cluster, form, staff_form, status=200):
        return render_template("clusters/edit.html", forum=forum, cluster=cluster, form=form,
                               staff_form=staff_form, staff=queries.list_staff(cluster),
                               invitations=invitations.open_invitations(forum, cluster.id),
                               role_labels=STAFF_ROLE_TITLES), status

    def get(self, forum, cluster):
        form = ClusterForm(data={"name": cluster.name, "description": cluster.description,
                                 "guiding_questions": "\n".join(cluster.guiding_questions or []),
                                 "capacity": cluster.capacity, "room": cluster.room})
        return self.render(forum, cluster, form, StaffForm(prefix="staff"))

    def post(self, forum, cluster):
        if "staff-email" in request.form:  # the invitation form (its own prefix: no id shared with the cluster form)
            staff_form = StaffForm(prefix="staff")
            self.on_refusal(staff_form, lambda: self.render(forum, cluster, ClusterForm(formdata=None, obj=cluster),
                                                            staff_form, 422))
            if staff_form.validate_on_submit():
                invitation = operations.invite_staff(forum, cluster, staff_form.email.data,
                                                     staff_form.name.data or "", staff_form.role.data, current_user)
                role = operations.STAFF_ROLE_LABELS[invitation.role]
                flash(_("Invitation to %(email)s saved: it will be sent when the forum is announced. They become "
                        "%(role)s once they accept it from the email.", email=invitation.email, role=role)
                      if invitations.mail_waits(invitation) else
                      _("Invitation sent to %(email)s. They become %(role)s once they accept it from the email.",
                        email=invitation.email, role=role), "success")
                return redirect(url_for("clusters.edit", slug=forum.slug, cluster_id=cluster.id))
            return self.render(forum, cluster, ClusterForm(formdata=None, obj=cluster), staff_form, 422)
        form = ClusterForm()
        if form.validate_on_submit():
            operations.update_cluster(cluster, form.data)
            flash(_("Cluster saved."), "success")
            return redirect(url_for("clusters.page", slug=forum.slug, cluster_id=cluster.id))
        return self.render(forum, cluster, form, StaffForm(prefix="staff"), 422)


class StaffRemoveView(ClusterScopedView):
    permission = "clusters.manage"

    def post(self, forum, cluster, assignment_id: int):
        if ReviewForm().validate_on_submit() and operations.remove_staff(cluster, assignment_id):
            flash(_("Removed from the cluster."), "success")
        return redirect(url_for("clusters.edit", slug=forum.slug, cluster_id=cluster.id))


class StaffInvitationView(ClusterScopedView):
    permission = "clusters.manage"

    def post(self, forum, cluster, invitation_id: int, change: str):
        invitation = or_404(invitations.get_invitation(forum, invitation_id, cluster.id))
        self.on_refusal(None, lambda: redirect(url_for("clusters.edit", slug=forum.slug, cluster_id=cluster.id)))
        if ReviewForm().validate_on_submit():
            flash(invitations.apply_change(invitation, change, current_user), "success")
        return redirect(url_for("clusters.edit", slug=forum.slug, cluster_id=cluster.id))


class NotesCreateView(ClusterScopedView):
    permission = "notes.write"

    def post(self, forum, cluster):
        item = None
        item_id = request.form.get("item_id", type=int)
        if item_id:
            item = or_404(next((i for i in queries.breakout_items(cluster) if i.id == item_id), None))
        notes = operations.open_notes(cluster, item, request.form.get("title", ""))
        return redirect(url_for("clusters.edit_notes", slug=forum.slug, cluster_id=cluster.id, notes_id=notes.id))
