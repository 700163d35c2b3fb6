"""What clusters tell core and the stages before them, which must not import them: who is staff or member
of a cluster (core.permissions)."""

from __future__ import annotations

from ..agenda.models import Cluster
from ..core import permissions
from ..forums.models import Forum
from .queries import is_member_of, is_staff_of, is_staff_of_forum


@permissions.register_roles("cluster")
def _cluster_roles(user, cluster: Cluster) -> set[str]:
    staff, member = is_staff_of(cluster, user.id), is_member_of(cluster, user.id)
    return {role for role, held in ((permissions.CLUSTER_STAFF, staff), (permissions.CLUSTER_MEMBER, member)) if held}


@permissions.register_principal(permissions.FORUM_CLUSTER_STAFF)  # they may open /clusters
def _forum_cluster_staff(user, forum: Forum) -> bool:
    return is_staff_of_forum(forum, user)
