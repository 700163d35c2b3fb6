"""The public calendar of a forum, rendered once per version of the programme and shared by the
calendar view and the registration emails that attach it."""

from __future__ import annotations

from flask_babel import get_locale

from ..core.cache import BoundedCache
from ..core.http import absolute_url
from ..forums.models import Forum
from . import ical, queries

_public_feeds: BoundedCache[tuple[str, bytes]] = BoundedCache(maxsize=64)


def public_calendar(forum: Forum, links_allowed: bool = False) -> tuple[str, bytes]:
    """(strong ETag, iCalendar bytes) of the whole public programme, cancelled items included.

    `links_allowed` (the email of someone confirmed online, never a public feed): the meeting links go in.
    """
    url = absolute_url("agenda.programme", slug=forum.slug)

    def build() -> tuple[str, bytes]:
        items = queries.programme_items(forum, ("confirmed", "cancelled", "deleted"), url)
        programme = queries.programme_data(forum, items, url, links_allowed=links_allowed)
        return ical.etag_for(programme), ical.render_calendar(programme)

    # the version covers the forum's own link (forum.updated_at) and each session's (the item's updated_at)
    # and the locale: the calendar's own words ("Online", the roles) are in the reader's language
    return _public_feeds.get_or_build((queries.programme_version(forum), url, links_allowed, str(get_locale())),
                                      build)


def clear() -> None:
    """Forget every cached public feed."""
    _public_feeds.clear()
