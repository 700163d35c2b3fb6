"""What clusters tell core and the stages before them, which must not import them: who is staff or member
of a cluster and who is rapporteur or audience of a programme item's notes (core.permissions), and who is in
which cluster (core.hooks: the agenda's personal feed, registration's private page, calendar, badges and
attendance report)."""

from __future__ import annotations

from flask_login import current_user

from ..agenda.models import AgendaItem, Cluster
from ..core import hooks, permissions
from ..forums.models import Forum
from .assignment import assigned_cluster
from .queries import (
    cluster_ids_of,
    find_session_notes,
    get_session_item,
    is_audience_of,
    is_member_of,
    is_staff_of,
    is_staff_of_forum,
    is_staff_of_items_cluster,
    item_people_roles,
    memberships_of_forum,
    ticked_attendance,
)

hooks.clusters_of_person.answer(cluster_ids_of)
hooks.cluster_of_registration.answer(assigned_cluster)
hooks.cluster_memberships.answer(memberships_of_forum)
hooks.cluster_attendance.answer(ticked_attendance)


@permissions.register_roles("cluster")
def _cluster_roles(user, cluster: Cluster) -> set[str]:
    staff, member = is_staff_of(cluster, user.id), is_member_of(cluster, user.id)
    return {role for role, held in ((permissions.CLUSTER_STAFF, staff), (permissions.CLUSTER_MEMBER, member)) if held}


@hooks.panel("agenda.item")
def _session_notes_panel(forum: Forum, item_id: int) -> hooks.Panel | None:
    """On a programme item's page: its notes for those who may read them (everyone once published), and the way in
    for its rapporteurs."""
    item = get_session_item(forum, item_id)
    if item is None:
        return None
    notes = find_session_notes(item)
    may = {action: permissions.can(current_user, action, forum, item=item)
           for action in ("notes.write", "notes.read_submitted")}
    readable = notes is not None and (notes.status == "published" or may["notes.write"]
                                      or (notes.status != "draft" and may["notes.read_submitted"]))
    if not readable and not may["notes.write"]:
        return None
    return hooks.Panel("clusters/_item_notes.html", {"notes": notes if readable else None, "item_id": item.id,
                                                      "can_write": may["notes.write"]})


@permissions.register_roles("item")
def _item_roles(user, item: AgendaItem) -> set[str]:
    on_item = item_people_roles(item, user.id)
    held = {permissions.ITEM_AUDIENCE} if is_audience_of(item, user.id) else set()
    if "rapporteur" in on_item:
        held.add(permissions.ITEM_RAPPORTEUR)
    if on_item - {"rapporteur"} or is_staff_of_items_cluster(item, user.id):
        # chair, moderator, speaker, panellist, discussant, resource person; a breakout's cluster's staff
        held.add(permissions.ITEM_PRESENTER)
    return held


@permissions.register_principal(permissions.FORUM_CLUSTER_STAFF)  # they may open /clusters
def _forum_cluster_staff(user, forum: Forum) -> bool:
    return is_staff_of_forum(forum, user)
