"""What documents may be attached to in the agenda (documents.targets): a programme item, a cluster."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..documents.targets import Target, register_target
from ..extensions import db
from .models import AgendaItem, Cluster


@register_target("item")
def _items(forum, ids) -> dict[int | None, Target]:
    rows = db.session.execute(select(AgendaItem.id, AgendaItem.title).where(
        AgendaItem.forum_id == forum.id, AgendaItem.id.in_([i for i in ids if i is not None]),
        AgendaItem.status != "deleted"))
    programme = url_for("agenda.programme", slug=forum.slug)
    return {item_id: Target("item", item_id, title, f"{programme}#item-{item_id}") for item_id, title in rows}


@register_target("cluster")
def _clusters(forum, ids) -> dict[int | None, Target]:
    rows = db.session.execute(select(Cluster.id, Cluster.name).where(
        Cluster.forum_id == forum.id, Cluster.id.in_([i for i in ids if i is not None])))
    return {cluster_id: Target("cluster", cluster_id, name,
                               url_for("clusters.page", slug=forum.slug, cluster_id=cluster_id))
            for cluster_id, name in rows}
