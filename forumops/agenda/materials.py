"""What documents may be attached to in the agenda (documents.targets): a programme item, a cluster; and the
items' public materials for the PDF programme."""

from __future__ import annotations

from dataclasses import replace

from flask import url_for
from sqlalchemy import select

from ..core.http import absolute_url
from ..documents.queries import by_target, list_documents
from ..documents.targets import Target, register_target
from ..extensions import db
from ..forums.versions import Versions
from .data import ItemData
from .models import AgendaItem, Cluster


@register_target("item")
def _items(forum, ids) -> dict[int | None, Target]:
    rows = db.session.execute(select(AgendaItem.id, AgendaItem.title).where(
        AgendaItem.forum_id == forum.id, AgendaItem.id.in_([i for i in ids if i is not None]),
        AgendaItem.status != "deleted"))
    return {item_id: Target("item", item_id, title, url_for("agenda.item", slug=forum.slug, item_id=item_id))
            for item_id, title in rows}


@register_target("cluster")
def _clusters(forum, ids) -> dict[int | None, Target]:
    rows = db.session.execute(select(Cluster.id, Cluster.name).where(
        Cluster.forum_id == forum.id, Cluster.id.in_([i for i in ids if i is not None])))
    return {cluster_id: Target("cluster", cluster_id, name,
                               url_for("clusters.page", slug=forum.slug, cluster_id=cluster_id))
            for cluster_id, name in rows}


def with_public_materials(forum, items: tuple[ItemData, ...], versions: Versions) -> tuple[ItemData, ...]:
    """The items with their public materials (title, absolute link, type and size) for the PDF programme, which
    is the same for every reader: one query for them all."""
    materials = by_target(list_documents(forum, ("public",), target_kind="item", versions=versions))
    if not materials:
        return items
    return tuple(replace(item, materials=tuple(
        (d.title, absolute_url("documents.open", slug=forum.slug, document_id=d.id) if d.kind == "file" else d.url,
         ", ".join(part for part in (d.type_label, d.size_label) if part)) for d in materials[item.id]))
        if item.id in materials else item for item in items)
