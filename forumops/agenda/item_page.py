"""One programme item's public page: what the programme shows of it, in the reader's language, and the materials
the reader may open. A fixed number of queries, however many people and materials the item has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.i18n import in_zone
from ..documents.queries import DocumentData, list_documents
from ..forums.models import Forum
from ..forums.versions import Versions
from .data import ItemData
from .models import AgendaItem
from .queries import programme_items
from .translations import cluster_name_ids, localise_items


@dataclass(frozen=True)
class ItemPage:
    item: ItemData  # in the reader's language where the forum has a version (agenda.translations)
    day: date  # in the forum's zone
    materials: tuple[DocumentData, ...]  # those of the visibilities the reader may open


def item_page(forum: Forum, item_id: int, versions: Versions, levels: tuple[str, ...]) -> ItemPage | None:
    """The item as the public programme shows it (confirmed or cancelled; None when deleted or another forum's),
    with its materials of the visibilities in `levels` (documents.queries.levels_for)."""
    found = programme_items(forum, only=AgendaItem.id == item_id, page=True)  # the programme's two row queries
    if not found:
        return None
    item = localise_items(found, versions, cluster_name_ids(forum) if versions.declared else {})[0]
    materials = list_documents(forum, levels, target_kind="item", target_ids=(item_id,), versions=versions)
    return ItemPage(item=item, day=in_zone(item.start, forum.timezone).date(), materials=tuple(materials))
