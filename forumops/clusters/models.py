"""Clusters of a forum and the people assigned to them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin
from ..extensions import db


class Cluster(TimestampMixin, db.Model):
    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("forum_id", "name", name="uq_clusters_forum_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    assignments: Mapped[list[ClusterAssignment]] = relationship(back_populates="cluster",
                                                                cascade="all, delete-orphan")


class ClusterAssignment(db.Model):
    """A person in a cluster, as participant or facilitator."""

    __tablename__ = "cluster_assignments"
    __table_args__ = (UniqueConstraint("cluster_id", "user_id", name="uq_cluster_assignments_cluster_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="participant")

    cluster: Mapped[Cluster] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship()
