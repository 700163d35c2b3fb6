"""The programme's texts in the forum's other languages: what the translation page lists (items' titles and
descriptions, clusters' names, descriptions and guiding questions), and the programme's plain data with each
text chosen for the reader (forums.versions)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import get_locale

from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_of
from ..forums.models import Forum
from ..forums.translatable import Block, Group, Translatable, lines, register_texts
from ..forums.versions import CLUSTER, ITEM, Versions
from .data import ItemData
from .models import Cluster
from .queries import list_clusters, list_items


@register_texts
def _programme_texts(forum: Forum) -> list[Group]:
    zone = ZoneInfo(forum.timezone)
    blocks = []
    for item in list_items(forum, ("confirmed",)):
        when = format_datetime(item.start_at.astimezone(zone), "EEE d MMM, HH:mm", locale=get_locale())
        texts = [Translatable(ITEM, item.id, "title", str(_l("Title")), item.title)]
        if item.description:
            texts.append(Translatable(ITEM, item.id, "description", str(_l("Description")), item.description,
                                      long=True, max_length=20000))
        blocks.append(Block(f"{when} · {item.title}", tuple(texts)))
    clusters = []
    for cluster in list_clusters(forum):
        texts = [Translatable(CLUSTER, cluster.id, "name", str(_l("Name")), cluster.name, max_length=200)]
        if cluster.description:
            texts.append(Translatable(CLUSTER, cluster.id, "description", str(_l("Description")),
                                      cluster.description, long=True, max_length=20000))
        if cluster.guiding_questions:
            texts.append(Translatable(CLUSTER, cluster.id, "guiding_questions", str(_l("Guiding questions")),
                                      lines(cluster.guiding_questions), long=True, max_length=10000))
        clusters.append(Block(cluster.name, tuple(texts)))
    return [Group("programme", str(_l("Programme")), tuple(blocks), order=30),
            Group("clusters", str(_l("Clusters")), tuple(clusters), order=40)]


def cluster_name_ids(forum: Forum) -> dict[str, int]:
    """Each cluster's id by its name, for plain rows that carry only the name (agenda.data.ItemData.cluster)."""
    return {cluster.name: cluster.id for cluster in list_clusters(forum)}


def localise_items(items: tuple[ItemData, ...], versions: Versions, clusters: dict[str, int]) -> tuple[ItemData, ...]:
    """The items with each title, description and cluster name in the reader's language where it has a
    version; `language` and `description_language` name the language the title and the description are
    shown in when it is not the reader's (for lang= and the marker)."""
    if not versions.declared:
        if language_of(versions.main).code == language_of(versions.reader).code:
            return items
        return tuple(item if item.deleted else replace(item, language=versions.main,
                                                       description_language=versions.main) for item in items)
    chosen = []
    for item in items:
        if item.deleted:
            chosen.append(item)
            continue
        title = versions.pick(ITEM, item.id, "title", item.title)
        description = versions.pick(ITEM, item.id, "description", item.description)
        cluster = versions.pick(CLUSTER, clusters[item.cluster], "name", item.cluster) \
            if item.cluster in clusters else None
        chosen.append(replace(item, title=title.text, description=description.text,
                              cluster=cluster.text if cluster else item.cluster,
                              language=versions.main if title.fell_back else "",
                              description_language=versions.main if description.fell_back else ""))
    return tuple(chosen)


def localise_cluster(cluster: Cluster, versions: Versions) -> dict:
    """A cluster's name, description and guiding questions as the reader sees them (forums.versions.Shown)."""
    return {name: versions.pick(CLUSTER, cluster.id, name, getattr(cluster, name))
            for name in ("name", "description", "guiding_questions")}
