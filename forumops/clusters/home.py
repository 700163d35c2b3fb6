"""What clusters add to a person's home on a forum (see core.home): the clusters someone facilitates or
reports on, with the state of their notes, and the organisers' notes waiting for review."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..core import home
from ..extensions import db
from ..forums.models import Forum
from .models import Cluster, ClusterAssignment, ClusterNotes

STAFF_ROLES = ("facilitator", "rapporteur")


def staff_clusters(forum: Forum, user) -> list[dict]:
    """The clusters this account facilitates or reports on, each with its notes (two queries in all)."""
    rows = db.session.execute(select(Cluster.id, Cluster.name, ClusterAssignment.role).join(
        ClusterAssignment, ClusterAssignment.cluster_id == Cluster.id).where(
        Cluster.forum_id == forum.id, ClusterAssignment.user_id == user.id,
        ClusterAssignment.role.in_(STAFF_ROLES)).order_by(Cluster.position, Cluster.id)).all()
    if not rows:
        return []
    notes: dict[int, list] = {}
    for note in db.session.execute(select(ClusterNotes.id, ClusterNotes.cluster_id, ClusterNotes.title,
                                          ClusterNotes.status).where(
            ClusterNotes.cluster_id.in_([row.id for row in rows])).order_by(ClusterNotes.id)):
        notes.setdefault(note.cluster_id, []).append(note)
    return [{"id": row.id, "name": row.name, "role": row.role, "notes": [
        {"title": n.title, "status": n.status,
         "read_url": url_for("clusters.notes", slug=forum.slug, cluster_id=row.id, notes_id=n.id),
         "edit_url": url_for("clusters.edit_notes", slug=forum.slug, cluster_id=row.id, notes_id=n.id)}
        for n in notes.get(row.id, [])],
        "url": url_for("clusters.page", slug=forum.slug, cluster_id=row.id)} for row in rows]


@home.section
def _staff_section(forum: Forum, user) -> home.HomeSection | None:
    clusters = staff_clusters(forum, user)
    if not clusters:
        return None
    return home.HomeSection("staff", _("Your clusters"), "clusters/_home_section.html", {"clusters": clusters},
                            order=20)


@home.todo
def _notes_todos(forum: Forum) -> list[home.Todo]:
    waiting = db.session.scalar(select(func.count(ClusterNotes.id)).join(Cluster).where(
        Cluster.forum_id == forum.id, ClusterNotes.status == "submitted")) or 0
    if not waiting:
        return []
    return [home.Todo(ngettext("%(num)d set of cluster notes waits for your review",
                               "%(num)d sets of cluster notes wait for your review", waiting), waiting,
                      url_for("clusters.index", slug=forum.slug))]
