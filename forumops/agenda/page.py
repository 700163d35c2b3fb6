"""The public programme's days as HTML, cached per worker.

Keyed by queries.programme_version(): a change made through any worker changes the key, so nothing is ever
served stale and nothing needs invalidating (feeds.py likewise).
"""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from ..core.cache import BoundedCache
from . import queries

_days_cache: BoundedCache[Markup] = BoundedCache(maxsize=64)


def days_html(forum) -> Markup:
    key = (queries.programme_version(forum), str(get_locale()))

    def build() -> Markup:  # plain rows, as the feeds read them: loading them as ORM objects cost more than Jinja
        items = queries.programme_items(forum, page=True)
        return Markup(render_template("agenda/_days.html", forum=forum, days=queries.group_by_day(forum, items)))

    return _days_cache.get_or_build(key, build)


def clear() -> None:
    """Forget every rendered programme (as a worker's first request finds it)."""
    _days_cache.clear()
