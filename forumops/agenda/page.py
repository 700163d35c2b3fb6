"""The public programme's days as HTML, cached per worker at two levels; nothing ever needs invalidating.

- The whole of the days, keyed by queries.programme_version() (one query on every request): while nothing changes,
  a request reads no rows and renders nothing.
- Each day's section, keyed by exactly what it shows: the day's plain rows themselves (agenda.data.ItemData, which
  hold every title, time, type, room, cluster, cancelled state, description's Markdown source and person's role,
  shown name, title and organisation), the day's place among the days, and what the template takes besides (the
  locale, the forum's time zone, the reader's own zone if they chose one, and the calendar links' prefix). After
  an edit the rows are read again and only the
  days whose rows differ are rendered: 500 items took 12-14 ms to render, a day of 100 a fifth of that.

Nothing person-specific is in the days: what differs for organisers and signed-in people is outside them
(templates/agenda/programme.html), except the items' materials, which show what the reader may open: the
days are keyed by those visibilities (documents.queries.levels_for: public; participants; organisers), three
variants at most, so an organisers-only file never reaches another reader's page. The materials' own version
is part of queries.programme_version(), and each material's plain data part of its day's key.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from flask import current_app, url_for
from flask_babel import get_locale
from markupsafe import Markup

from ..core.cache import BoundedCache
from ..core.i18n import times_elsewhere
from ..documents.queries import by_target, list_documents
from ..forums.versions import Versions, fallback_marker
from . import queries
from .translations import cluster_name_ids, localise_items

# per worker: a handful of forums' current versions, in each locale
_days_cache: BoundedCache[Markup] = BoundedCache(maxsize=64)
# per worker: a few forums' days in each locale, with room for the versions an edit leaves behind
_day_cache: BoundedCache[Markup] = BoundedCache(maxsize=512)


class _Shown:
    """A key made of plain data, hashed once: a day's rows are hashed when the key is made, not again on each of
    the cache's dictionary operations. Two keys are equal only when all their data is."""

    __slots__ = ("parts", "_hash")

    def __init__(self, *parts):
        self.parts = parts
        self._hash = hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return isinstance(other, _Shown) and self._hash == other._hash and self.parts == other.parts


def days_html(forum, versions: Versions, viewer_zone: str | None = None, levels: tuple[str, ...] = ("public",)) \
        -> Markup:
    """The programme's days, each a <section>; empty when nothing is on the programme yet. Titles, descriptions
    and cluster names are the reader's language's versions where the forum has them (agenda.translations). With a
    viewer_zone, each slot also shows its time there where the clock differs from the forum's. Each item lists the
    materials of the visibilities in `levels` (what the reader may open)."""
    marker = fallback_marker(versions.main, versions.reader) if versions.declared else ""
    setting = (str(get_locale()), forum.timezone, url_for("agenda.programme", slug=forum.slug) + "/", marker,
               viewer_zone)
    return _days_cache.get_or_build((queries.programme_version(forum), setting, levels, versions.key),
                                    lambda: _render_days(forum, setting, versions, levels))


def _render_days(forum, setting: tuple[str, str, str, str, str | None], versions: Versions,
                 levels: tuple[str, ...]) -> Markup:
    # plain rows, as the feeds read them: loading them as ORM objects cost more than Jinja
    items = queries.programme_items(forum, page=True)
    items = localise_items(items, versions, cluster_name_ids(forum) if versions.declared else {})
    days = queries.group_by_day(forum, items)
    materials = by_target(list_documents(forum, levels, target_kind="item", versions=versions))
    sections = []
    for number, (day, rows) in enumerate(days, 1):
        shown = tuple(tuple(row) for row in rows)
        day_materials = {item.id: tuple(materials[item.id]) for row in rows for item in row if item.id in materials}
        materials_key = tuple((item_id, tuple(d.plain() for d in found)) for item_id, found in day_materials.items())
        sections.append(_day_cache.get_or_build(
            _Shown(setting, number, day, shown, materials_key),
            partial(render_day, number, day, shown, *setting[1:], day_materials)))
    return Markup("\n").join(sections)


def render_day(number: int, day: date, rows: tuple, zone: str, ics_prefix: str, marker: str = "",
               viewer_zone: str | None = None, materials: dict | None = None) -> Markup:
    """One day's section, from nothing but its arguments and the locale (gettext, dates and the type and role
    labels, which the app's context processor gives per locale). `marker` is said beside an item shown in the
    forum's main language for want of a version in the reader's."""
    context: dict = {}
    current_app.update_template_context(context)
    labels = {name: context[name] for name in ("ITEM_TYPE_LABELS", "PERSON_ROLE_LABELS", "VISIBILITY_SHORT")}
    template = current_app.jinja_env.get_template("agenda/_day.html")
    return Markup(template.render(number=number, day=day, rows=rows, zone=zone, ics_prefix=ics_prefix,
                                  marker=marker, viewer_zone=viewer_zone, times_elsewhere=times_elsewhere,
                                  materials=materials or {},
                                  **labels))


def clear() -> None:
    """Forget every rendered programme and day (as a worker's first request finds it)."""
    _days_cache.clear()
    _day_cache.clear()
