"""Cluster reads."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..forums.models import Forum
from .models import Cluster, ClusterAssignment


def list_clusters(forum: Forum) -> list[Cluster]:
    return list(db.session.scalars(select(Cluster).where(Cluster.forum_id == forum.id)
                                   .order_by(Cluster.position, Cluster.id)))


def cluster_ids_of(forum: Forum, user_id: int) -> set[int]:
    """The clusters this person is in (as participant or facilitator) in this forum."""
    return set(db.session.scalars(
        select(ClusterAssignment.cluster_id).join(Cluster)
        .where(Cluster.forum_id == forum.id, ClusterAssignment.user_id == user_id)))
