"""What clusters add to a person's home on a forum (see core.home): the clusters someone facilitates or
reports on and the sessions (plenaries, panels) whose rapporteur they are, with the state of their notes, and the
organisers' notes waiting for review."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..agenda.models import AgendaItem, Cluster
from ..core import home
from ..extensions import db
from ..forums.models import Forum
from .models import ClusterNotes
from .queries import clusters_for_staff, sessions_for_rapporteur


@home.section
def _staff_section(forum: Forum, user) -> home.HomeSection | None:
    clusters = clusters_for_staff(forum, user)
    if not clusters:
        return None
    return home.HomeSection("staff", _("Your clusters"), "clusters/_home_section.html", {"clusters": clusters},
                            order=20)


@home.section
def _rapporteur_section(forum: Forum, user) -> home.HomeSection | None:
    sessions = sessions_for_rapporteur(forum, user)
    if not sessions:
        return None
    return home.HomeSection("sessions", _("Your session notes"), "clusters/_home_sessions.html",
                            {"sessions": sessions}, order=21)


@home.todo
def _session_notes_todos(forum: Forum) -> list[home.Todo]:
    waiting = db.session.scalar(select(func.count(ClusterNotes.id)).join(
        AgendaItem, AgendaItem.id == ClusterNotes.session_item_id).where(
        AgendaItem.forum_id == forum.id, AgendaItem.status != "deleted", ClusterNotes.status == "submitted")) or 0
    if not waiting:
        return []
    return [home.Todo(ngettext("%(num)d set of session notes waits for your review",
                               "%(num)d sets of session notes wait for your review", waiting), waiting,
                      url_for("clusters.session_notes_index", slug=forum.slug))]


@home.todo
def _notes_todos(forum: Forum) -> list[home.Todo]:
    waiting = db.session.scalar(select(func.count(ClusterNotes.id)).join(Cluster).where(
        Cluster.forum_id == forum.id, ClusterNotes.status == "submitted")) or 0
    if not waiting:
        return []
    return [home.Todo(ngettext("%(num)d set of cluster notes waits for your review",
                               "%(num)d sets of cluster notes wait for your review", waiting), waiting,
                      url_for("clusters.index", slug=forum.slug))]
