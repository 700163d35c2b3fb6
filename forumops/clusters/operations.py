"""Cluster writes."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..core.text import clean_line, clean_text
from ..core.views import FormError
from ..extensions import db
from ..forums.models import Forum
from .models import Cluster, ClusterAssignment


def create_cluster(forum: Forum, name: str, description: str = "") -> Cluster:
    name = clean_line(name)
    if db.session.scalar(select(Cluster.id).where(Cluster.forum_id == forum.id, Cluster.name == name)):
        raise FormError(_("This forum already has a cluster called “%(name)s”.", name=name), field="name")
    position = db.session.scalar(select(func.coalesce(func.max(Cluster.position), -1))
                                 .where(Cluster.forum_id == forum.id)) + 1
    cluster = Cluster(forum_id=forum.id, name=name, description=clean_text(description), position=position)
    db.session.add(cluster)
    db.session.flush()
    return cluster


def assign(cluster: Cluster, user: User, role: str = "participant") -> ClusterAssignment:
    """Put a person in a cluster; a participant is in one cluster of a forum at a time."""
    if role == "participant":
        for other in db.session.scalars(
            select(ClusterAssignment).join(Cluster).where(
                Cluster.forum_id == cluster.forum_id, ClusterAssignment.user_id == user.id,
                ClusterAssignment.role == "participant", ClusterAssignment.cluster_id != cluster.id)
        ):
            db.session.delete(other)
    assignment = db.session.scalar(select(ClusterAssignment).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.user_id == user.id))
    if assignment is None:
        assignment = ClusterAssignment(cluster_id=cluster.id, user_id=user.id, role=role)
        db.session.add(assignment)
    else:
        assignment.role = role
    db.session.flush()
    return assignment
