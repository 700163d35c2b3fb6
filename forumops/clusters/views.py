"""Cluster pages and facilitation notes: HTTP only."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
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
from . import notes as notes_text
from . import operations, queries
from .forms import STAFF_ROLE_TITLES, ClusterForm, NotesForm, ReviewForm, StaffForm, notes_form_data
from .models import ClusterNotes


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


class _NotesView(ClusterScopedView):
    def load(self, cluster, notes_id) -> ClusterNotes:
        notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.cluster_id == cluster.id,
                                                             ClusterNotes.id == notes_id))
        if notes is None:
            abort(404)
        return notes


class NotesReadView(_NotesView):
    permission = "forum.view"

    def get(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        needed = {"published": "forum.view", "draft": "notes.write"}.get(notes.status, "notes.read_submitted")
        if not permissions.can(current_user, needed, forum, cluster=cluster):
            abort(404 if not current_user.is_authenticated else 403)
        return render_template(
            "clusters/notes.html", forum=forum, cluster=cluster, notes=notes,
            content=notes_text.without_conflict_marker(notes.content),
            attendees=queries.attendee_names(cluster, notes.content.get("attendance", [])),
            can_write=permissions.can(current_user, "notes.write", forum, cluster=cluster),
            can_review=permissions.can(current_user, "notes.review", forum, cluster=cluster),
            review_form=ReviewForm())


def _notes_form(cluster, data=None):
    form = NotesForm(formdata=None, data=data) if data is not None else NotesForm()
    form.attendance.choices = [(r.id, r.name) for r in queries.cluster_participants(cluster)]
    return form


class NotesEditView(_NotesView):
    permission = "notes.write"

    def render(self, forum, cluster, notes, form, status=200, conflict=None, draft=None):
        return render_template(
            "clusters/notes_edit.html", forum=forum, cluster=cluster, notes=notes, form=form, conflict=conflict,
            draft=draft, review_form=ReviewForm(), papers=input_papers(forum, cluster),
            can_manage=permissions.can(current_user, "documents.manage", forum)), status

    def get(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        draft = queries.draft_of(notes, current_user.id)
        if draft is not None and draft.content != notes.content:
            form = _notes_form(cluster, notes_form_data(draft.content, draft.base_version))
            return self.render(forum, cluster, notes, form, draft=draft)
        return self.render(forum, cluster, notes, _notes_form(cluster, notes_form_data(notes.content, notes.version)))

    def post(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        form = _notes_form(cluster)
        if not form.validate_on_submit():
            return self.render(forum, cluster, notes, form, 422)
        self.on_refusal(form, lambda: self.render(forum, cluster, notes, form, 422))
        try:
            operations.save_notes(notes, form.raw(), form.base_version(), current_user)
        except operations.NotesConflict as conflict:
            # show both texts side by side; the form keeps this editor's text on the current version, with
            # the other's list entries added (a summary of theirs is shown read-only beside the field, never
            # pasted into it), so saving again drops no finding or recommendation of theirs
            names = queries.attendee_names(cluster, None)
            merged = notes_text.merge_content(conflict.notes.content, conflict.submitted)
            form = _notes_form(cluster, notes_form_data(merged, conflict.notes.version))
            return self.render(forum, cluster, notes, form, 409, conflict={
                "theirs": notes_text.as_text(conflict.notes.content, names),
                "yours": notes_text.as_text(conflict.submitted, names),
                "their_summary": notes_text.summary_left_out(conflict.notes.content, merged),
                "by": conflict.notes.updated_by.name if conflict.notes.updated_by else "",
                "at": conflict.notes.updated_at})
        flash(_("Notes saved (version %(n)d).", n=notes.version), "success")
        return redirect(url_for("clusters.edit_notes", slug=forum.slug, cluster_id=cluster.id, notes_id=notes.id))


class NotesAutosaveView(_NotesView):
    """Called by static/js/autosave.js as the facilitator types; keeps their own draft only."""

    permission = "notes.write"

    def post(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        form = _notes_form(cluster)
        if not form.validate_on_submit():
            return jsonify(saved=False, errors=form.errors), 422
        draft = operations.autosave_draft(notes, form.raw(), form.base_version(), current_user)
        return jsonify(saved=True, saved_at=draft.saved_at.isoformat(), stale=form.base_version() != notes.version)


class NotesDiscardDraftView(_NotesView):
    permission = "notes.write"

    def post(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        if ReviewForm().validate_on_submit():
            operations.discard_draft(notes, current_user)
            flash(_("Your unsaved draft is discarded; you see the saved notes."), "success")
        return redirect(url_for("clusters.edit_notes", slug=forum.slug, cluster_id=cluster.id, notes_id=notes.id))


class NotesStatusView(_NotesView):
    permission = "notes.write"
    REVIEW_EVENTS = ("returned", "approved", "published", "unpublished")

    def post(self, forum, cluster, notes_id: int, event: str):
        notes = self.load(cluster, notes_id)
        if event in self.REVIEW_EVENTS and not permissions.can(current_user, "notes.review", forum, cluster=cluster):
            abort(403)
        form = ReviewForm()
        back = url_for("clusters.notes", slug=forum.slug, cluster_id=cluster.id, notes_id=notes.id)
        self.on_refusal(None, lambda: redirect(back))
        if form.validate_on_submit():
            operations.change_notes_status(notes, event, current_user, form.comment.data or "")
            flash({"submitted": _("Submitted to the organisers for review."),
                   "returned": _("Returned to the facilitators with your comment."),
                   "approved": _("Approved."), "published": _("Published: the public can read these notes."),
                   "unpublished": _("No longer public.")}[event], "success")
        return redirect(back)


class NotesHistoryView(_NotesView):
    permission = "notes.write"

    def get(self, forum, cluster, notes_id: int):
        notes = self.load(cluster, notes_id)
        revisions = queries.revisions(notes)
        by_version = {r.version: r for r in revisions}
        saves = [r.version for r in revisions if r.event == "saved"]  # by default: the last content change
        a = request.args.get("a", type=int, default=saves[-2] if len(saves) > 1 else (saves[0] if saves else 0))
        b = request.args.get("b", type=int, default=saves[-1] if saves else 0)
        names = queries.attendee_names(cluster, None)
        old = notes_text.as_text(by_version[a].content, names) if a in by_version else ""
        new = notes_text.as_text(by_version[b].content, names) if b in by_version else ""
        return render_template("clusters/history.html", forum=forum, cluster=cluster, notes=notes,
                               revisions=revisions, a=a, b=b, diff=notes_text.diff_lines(old, new))
