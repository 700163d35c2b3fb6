"""Where the message after an action is shown: at the top of the page, or inside the panel the answer jumps to.

An action in a panel far down a page (accepting an offer, saving the organisers' answers) redirects to page#panel,
so the browser scrolls to the panel and the usual message at the top of the page is out of sight, on a phone most
of all. Such a view says where its messages go (`flashes_placed_at`); the panel draws them with
`_macros/flashes.html`'s placed_flashes(place), and the top of the page draws only the others. A message placed in
a panel the page did not draw (the panel is gone since) is shown at the foot of the page, never lost.
"""

from __future__ import annotations

from flask import g, get_flashed_messages, session

_MARK = "@"  # category@place: a flashed message's category names the panel it is shown in


def flashes_placed_at(place: str, url: str) -> str:
    """Show the messages flashed so far inside the panel whose id is `place` on the page at `url`; returns
    url#place, the address to redirect to."""
    pending = session.get("_flashes")
    if pending:
        session["_flashes"] = [(category if _MARK in category else f"{category}{_MARK}{place}", message)
                               for category, message in pending]
    return f"{url}#{place}"


def _messages() -> list[tuple[str, str, str]]:
    """This request's messages as (category, place, message); place "" for the top of the page."""
    found = []
    pairs: list[tuple[str, str]] = get_flashed_messages(with_categories=True)  # type: ignore[assignment]  # pairs
    for category, message in pairs:
        kind, _mark, place = category.partition(_MARK)
        found.append((kind, place, message))
    return found


def flashes_at(place: str = "") -> list[tuple[str, str]]:
    """The messages to show in the panel `place` ("": at the top of the page), as (category, message); a panel
    that asks claims them, so they are not repeated at the page's foot."""
    if place:
        g.setdefault("flash_places_drawn", set()).add(place)
    return [(kind, message) for kind, at, message in _messages() if at == place]


def flashes_not_drawn() -> list[tuple[str, str]]:
    """The messages placed in panels this page did not draw: the foot of the page shows them."""
    drawn = g.get("flash_places_drawn", set())
    return [(kind, message) for kind, at, message in _messages() if at and at not in drawn]
