"""The notes pages, one set for every owner: a cluster's notes (a breakout's facilitation notes, several per
cluster: /clusters/<id>/notes/<notes id>/...) and a programme item's session notes (a plenary's, a panel's, one
per item: /sessions/<item id>/notes/...). The same views, forms, templates and operations serve both; NotesOwner
says whose notes a request is about: its URLs, its scope for core.permissions and its attendance. HTTP only."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..agenda.labels import ITEM_TYPE_LABELS
from ..agenda.models import AgendaItem, Cluster
from ..core import permissions
from ..core.views import ForumView
from ..core.workers import BASE_SCRIPTS, static_urls, worker_response
from ..documents.queries import levels_for, list_documents
from ..extensions import db
from ..forums.models import Forum
from . import notes as notes_text
from . import operations, queries
from .forms import NotesForm, ReviewForm, notes_form_data
from .models import ClusterNotes
from .notes import empty_content

# what -> (endpoint of a cluster's notes, endpoint of a session's notes)
ENDPOINTS = {"read": ("notes", "session_notes"), "edit": ("edit_notes", "session_edit_notes"),
             "autosave": ("autosave_notes", "session_autosave_notes"),
             "discard": ("discard_draft", "session_discard_draft"),
             "history": ("notes_history", "session_notes_history"), "status": ("notes_status", "session_notes_status"),
             "worker": ("notes_worker", "session_notes_worker")}
# what the editor loads besides base.html's scripts, kept by its service worker (templates/clusters/notes_sw.js)
EDITOR_FILES = ("js/autosave.js", "img/favicon.svg")


@dataclass(frozen=True)
class NotesOwner:
    """Whose notes a page is about: a cluster, or a programme item (exactly one is set)."""

    forum: Forum
    cluster: Cluster | None = None
    item: AgendaItem | None = None

    @property
    def is_session(self) -> bool:
        return self.item is not None

    @property
    def scope(self) -> dict:
        """What core.permissions.can() is given, so the owner's own staff or rapporteurs count."""
        return {"item": self.item} if self.item is not None else {"cluster": self.cluster}

    @property
    def name(self) -> str:
        return self.item.title if self.item is not None else self.cluster.name if self.cluster is not None else ""

    @property
    def eyebrow(self) -> str:
        """What the pages name above the notes' title: the cluster, or the session's kind ("Plenary", "Panel")."""
        if self.item is not None:
            return str(ITEM_TYPE_LABELS.get(self.item.type, ""))
        return self.name

    @property
    def page_url(self) -> str:
        """The owner's own page: the programme item's, or the cluster's."""
        if self.item is not None:
            return url_for("agenda.item", slug=self.forum.slug, item_id=self.item.id)
        assert self.cluster is not None
        return url_for("clusters.page", slug=self.forum.slug, cluster_id=self.cluster.id)

    def url(self, what: str, notes: ClusterNotes | None = None, **values) -> str:
        """The address of one notes page ("read", "edit", "autosave", "discard", "history", "status")."""
        cluster_endpoint, session_endpoint = ENDPOINTS[what]
        if self.item is not None:
            return url_for(f"clusters.{session_endpoint}", slug=self.forum.slug, session_id=self.item.id, **values)
        assert self.cluster is not None
        assert notes is not None
        return url_for(f"clusters.{cluster_endpoint}", slug=self.forum.slug, cluster_id=self.cluster.id,
                       notes_id=notes.id, **values)

    def device_key(self, notes: ClusterNotes) -> str:
        """What names these notes in a device's store of unsent text (static/js/autosave.js): the forum, the cluster
        and the notes, or the forum and the session (whose notes may not exist yet)."""
        if self.item is not None:
            return f"forum-{self.forum.id}/session-{self.item.id}"
        assert self.cluster is not None
        return f"forum-{self.forum.id}/cluster-{self.cluster.id}/notes-{notes.id}"

    def can(self, action: str) -> bool:
        """May the signed-in person do this notes action on this owner's notes?"""
        return permissions.can(current_user, action, self.forum, **self.scope)

    def attendee_names(self, ids) -> dict[int, str]:
        """A cluster's ticked participants by id (a session's notes tick nobody: see attendance_count)."""
        return queries.attendee_names(self.cluster, ids) if self.cluster is not None else {}

    def attendance_count(self) -> int | None:
        """How many were scanned in at a session's door; None for a cluster (its notes tick who came)."""
        return queries.session_attendance_count(self.item) if self.item is not None else None

    def _target(self) -> tuple[str, int]:
        """The owner as a documents target: ("item", id) or ("cluster", id)."""
        if self.item is not None:
            return "item", self.item.id
        assert self.cluster is not None
        return "cluster", self.cluster.id

    def papers(self) -> list:
        """The documents attached to the owner that this reader may open (a cluster's input papers, a session's
        materials)."""
        kind, target = self._target()
        return list_documents(self.forum, levels_for(current_user, self.forum), target_kind=kind,
                              target_ids=[target])

    @property
    def papers_target(self) -> str:
        """documents.new's target for this owner: "item-12" or "cluster-3"."""
        return "-".join(map(str, self._target()))


def _unsaved_session_notes(item: AgendaItem) -> ClusterNotes:
    """What a session's notes look like before anyone saved or typed: never added to the database (a GET writes
    nothing); the first save or autosave creates them (operations.open_session_notes)."""
    return ClusterNotes(session_item_id=item.id, title=item.title, content=empty_content(), version=0,
                        status="draft", review_comment="")


class NotesView(ForumView):
    """A notes page: the owner is loaded through the forum (another forum's cluster or item is a 404, so is a
    break or a breakout item for session notes) and the permission is checked with the owner's scope."""

    def scope_for_request(self, forum, kwargs):
        if "cluster_id" in kwargs:
            cluster = db.session.scalar(select(Cluster).where(Cluster.forum_id == forum.id,
                                                              Cluster.id == kwargs.pop("cluster_id")))
            owner = NotesOwner(forum, cluster=cluster) if cluster is not None else None
        else:
            item = queries.get_session_item(forum, kwargs.pop("session_id"))
            owner = NotesOwner(forum, item=item) if item is not None else None
        if owner is None:
            abort(404)
        kwargs["owner"] = owner
        return owner.scope

    def load(self, owner: NotesOwner, notes_id: int | None, create: bool = False) -> ClusterNotes:
        """The notes the URL names; a session's are found by its item (made on a write, shown empty on a read)."""
        if owner.item is not None:
            if create:
                return operations.open_session_notes(owner.item)
            return queries.find_session_notes(owner.item) or _unsaved_session_notes(owner.item)
        assert owner.cluster is not None
        notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.cluster_id == owner.cluster.id,
                                                             ClusterNotes.id == notes_id))
        if notes is None:
            abort(404)
        return notes


def _notes_form(owner: NotesOwner, data=None) -> NotesForm:
    form = NotesForm(formdata=None, data=data) if data is not None else NotesForm()
    if owner.cluster is not None:
        form.attendance.choices = [(r.id, r.name) for r in queries.cluster_participants(owner.cluster)]
    return form


class NotesReadView(NotesView):
    permission = "forum.view"

    def get(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id)
        if notes.id is None:  # a session's notes nobody has started: its writers start them, others find nothing
            if owner.can("notes.write"):
                return redirect(owner.url("edit"))
            abort(404)
        needed = {"published": "forum.view", "draft": "notes.write"}.get(notes.status, "notes.read_submitted")
        if not owner.can(needed):
            abort(404 if not current_user.is_authenticated else 403)
        review_form = ReviewForm()
        if owner.is_session:
            review_form.comment.label.text = _("Comment for the rapporteurs")
        return render_template(
            "clusters/notes.html", forum=forum, owner=owner, notes=notes,
            content=notes_text.without_conflict_marker(notes.content),
            attendees=owner.attendee_names(notes.content.get("attendance", [])),
            attendance_count=owner.attendance_count(),
            can_write=owner.can("notes.write"), can_review=owner.can("notes.review"), review_form=review_form)


class NotesEditView(NotesView):
    permission = "notes.write"

    def render(self, forum, owner: NotesOwner, notes, form, status=200, conflict=None, draft=None):
        return render_template(
            "clusters/notes_edit.html", forum=forum, owner=owner, notes=notes, form=form, conflict=conflict,
            draft=draft, review_form=ReviewForm(), papers=owner.papers(), papers_target=owner.papers_target,
            attendance_count=owner.attendance_count(),
            can_manage=permissions.can(current_user, "documents.manage", forum)), status

    def get(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id)
        draft = queries.draft_of(notes, current_user.id) if notes.id is not None else None
        if draft is not None and draft.content != notes.content:
            form = _notes_form(owner, notes_form_data(draft.content, draft.base_version))
            return self.render(forum, owner, notes, form, draft=draft)
        return self.render(forum, owner, notes, _notes_form(owner, notes_form_data(notes.content, notes.version)))

    def post(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id, create=True)
        form = _notes_form(owner)
        if not form.validate_on_submit():
            return self.render(forum, owner, notes, form, 422)
        self.on_refusal(form, lambda: self.render(forum, owner, self.load(owner, notes_id), form, 422))
        try:
            operations.save_notes(notes, form.raw(), form.base_version(), current_user)
        except operations.NotesConflict as conflict:
            # show both texts side by side; the form keeps this editor's text on the current version, with
            # the other's list entries added (a summary of theirs is shown read-only beside the field, never
            # pasted into it), so saving again drops no finding or recommendation of theirs
            names = owner.attendee_names(None)
            merged = notes_text.merge_content(conflict.notes.content, conflict.submitted)
            form = _notes_form(owner, notes_form_data(merged, conflict.notes.version))
            with_attendance = not owner.is_session
            return self.render(forum, owner, notes, form, 409, conflict={
                "theirs": notes_text.as_text(conflict.notes.content, names, with_attendance),
                "yours": notes_text.as_text(conflict.submitted, names, with_attendance),
                "their_summary": notes_text.summary_left_out(conflict.notes.content, merged),
                "by": conflict.notes.updated_by.name if conflict.notes.updated_by else "",
                "at": conflict.notes.updated_at})
        flash(_("Notes saved (version %(n)d).", n=notes.version), "success")
        return redirect(owner.url("edit", notes))


class NotesWorkerView(NotesView):
    """The editor's service worker: served from under the notes' address, its scope the editor page alone, so that
    the editor this person opened (and no other page) opens again offline. Who may have it: who may edit."""

    permission = "notes.write"

    def get(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id)
        return worker_response("clusters/notes_sw.js", owner.url("edit", notes),
                               # a copy per editor: a worker drops its prefix's older copies when it starts, and
                               # one person may keep several editors of a forum (a cluster's and a plenary's)
                               static_urls(*BASE_SCRIPTS, *EDITOR_FILES),
                               f"forumops-notes-{forum.slug}-{owner.device_key(notes)}-",
                               autosave=owner.url("autosave", notes))


class NotesAutosaveView(NotesView):
    """Called by static/js/autosave.js as the facilitator or rapporteur types; keeps their own draft only."""

    permission = "notes.write"

    def post(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id, create=True)
        form = _notes_form(owner)
        if not form.validate_on_submit():
            return jsonify(saved=False, errors=form.errors), 422
        draft = operations.autosave_draft(notes, form.raw(), form.base_version(), current_user)
        return jsonify(saved=True, saved_at=draft.saved_at.isoformat(), stale=form.base_version() != notes.version)


class NotesDiscardDraftView(NotesView):
    permission = "notes.write"

    def post(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id)
        if ReviewForm().validate_on_submit() and notes.id is not None:
            operations.discard_draft(notes, current_user)
            flash(_("Your unsaved draft is discarded; you see the saved notes."), "success")
        return redirect(owner.url("edit", notes))


STATUS_MESSAGES = {"submitted": lambda owner: _("Submitted to the organisers for review."),
                   "returned": lambda owner: _("Returned to the rapporteurs with your comment.") if owner.is_session
                   else _("Returned to the facilitators with your comment."),
                   "approved": lambda owner: _("Approved."),
                   "published": lambda owner: _("Published: the public can read these notes."),
                   "unpublished": lambda owner: _("No longer public.")}


class NotesStatusView(NotesView):
    permission = "notes.write"
    REVIEW_EVENTS = ("returned", "approved", "published", "unpublished")

    def post(self, forum, owner: NotesOwner, event: str, notes_id: int | None = None):
        if event in self.REVIEW_EVENTS and not owner.can("notes.review"):
            abort(403)
        notes = self.load(owner, notes_id, create=event == "submitted")
        form = ReviewForm()
        back = owner.url("read", notes)
        self.on_refusal(None, lambda: redirect(back))
        if form.validate_on_submit():
            operations.change_notes_status(notes, event, current_user, form.comment.data or "")
            flash(STATUS_MESSAGES[event](owner), "success")
        return redirect(back)


class NotesHistoryView(NotesView):
    permission = "notes.write"

    def get(self, forum, owner: NotesOwner, notes_id: int | None = None):
        notes = self.load(owner, notes_id)
        revisions = queries.revisions(notes) if notes.id is not None else []
        by_version = {r.version: r for r in revisions}
        saves = [r.version for r in revisions if r.event == "saved"]  # by default: the last content change
        a = request.args.get("a", type=int, default=saves[-2] if len(saves) > 1 else (saves[0] if saves else 0))
        b = request.args.get("b", type=int, default=saves[-1] if saves else 0)
        names = owner.attendee_names(None)
        with_attendance = not owner.is_session
        old = notes_text.as_text(by_version[a].content, names, with_attendance) if a in by_version else ""
        new = notes_text.as_text(by_version[b].content, names, with_attendance) if b in by_version else ""
        return render_template("clusters/history.html", forum=forum, owner=owner, notes=notes,
                               revisions=revisions, a=a, b=b, diff=notes_text.diff_lines(old, new))


class SessionNotesIndexView(ForumView):
    """The organisers' list of the programme's sessions with a rapporteur or notes, each with its notes' state."""

    permission = "notes.review"

    def get(self, forum):
        return render_template("clusters/sessions.html", forum=forum,
                               sessions=queries.session_notes_overview(forum))
