"""The public calendar of a forum, rendered once per version of the programme and shared by the
calendar view and the registration emails that attach it."""

from __future__ import annotations

from ..core.cache import BoundedCache
from ..core.http import absolute_url
from ..forums.models import Forum
from . import ical, queries

_public_feeds: BoundedCache[tuple[str, bytes]] = BoundedCache(maxsize=64)


def public_calendar(forum: Forum) -> tuple[str, bytes]:
    """(strong ETag, iCalendar bytes) of the whole public programme, cancelled items included."""
    url = absolute_url("agenda.programme", slug=forum.slug)

    def build() -> tuple[str, bytes]:
        items = queries.programme_items(forum, ("confirmed", "cancelled", "deleted"), url)
        programme = queries.programme_data(forum, items, url)
        return ical.etag_for(programme), ical.render_calendar(programme)

    return _public_feeds.get_or_build((queries.programme_version(forum), url), build)


def clear() -> None:
    _public_feeds.clear()
