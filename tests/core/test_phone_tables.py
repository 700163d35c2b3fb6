"""On a phone the organisers' tables fold into one card per row and their column headings are hidden
(static/css/site.css): every value then carries its column's name (data-label), shown above it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


class _Tables(HTMLParser):
    """Each folding table (class "table") as (column headings, rows of (data-label, has a control) per cell)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[list[tuple[str | None, bool]]]]] = []
        self._depth = 0  # inside a folding table
        self._in_head = False
        self._th: list[str] | None = None
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "table" in (a.get("class") or "").split():
            self.tables.append(([], []))
            self._depth = 1
        elif not self._depth:
            return
        if tag == "thead":
            self._in_head = True
        elif tag == "th" and self._in_head:
            self._th = []
        elif tag == "tr" and not self._in_head:
            self.tables[-1][1].append([])
        elif tag == "td":
            self._cell = [a.get("data-label"), False]
            self.tables[-1][1][-1].append(self._cell)
        elif tag in ("input", "button", "select") and self._cell is not None:
            self._cell[1] = True

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "table":
            self._depth = 0
        elif tag == "thead":
            self._in_head = False
        elif tag == "th" and self._th is not None:
            self.tables[-1][0].append(" ".join("".join(self._th).split()))
            self._th = None
        elif tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._th is not None:
            self._th.append(data)


def assert_every_value_is_named(html: str) -> int:
    """Every cell holding a value is labelled with its column's heading; returns how many were checked."""
    parser = _Tables()
    parser.feed(html)
    checked = 0
    for headings, rows in parser.tables:
        for row in rows:
            for heading, (label, has_control) in zip(headings, row, strict=False):
                if has_control and label is None:
                    continue  # a tick box or a button: named by its own label
                assert label == heading, (headings, row)
                checked += 1
    return checked


def test_the_phone_layout_shows_each_cells_label():
    folded = CSS.read_text().split("@media (max-width: 48rem)")[1].split("\n}")[0]
    assert re.search(r"\.table td\[data-label\]::before\s*\{\s*content:\s*attr\(data-label\)", folded)


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai)


def test_the_organisers_tables_name_every_value(client, login, mai, forum, create_registration,
                                                create_announcement):
    linh, _t = create_registration(forum, name="Linh", notify=True)
    announcement = create_announcement(forum, [linh], source="auto_before")
    login(mai)
    for path in ("/forums/acf/messages", f"/forums/acf/messages/{announcement.id}", "/forums/acf/outbox",
                 "/forums/acf/registrations", "/forums/acf/badges", "/forums/acf/team"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert assert_every_value_is_named(response.get_data(as_text=True)) >= 2, path
    # a cell with nothing to say is empty, so the phone layout hides it rather than show a name over nothing
    message = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert '<td data-label="Details"></td>' in message


def test_an_empty_cell_is_not_shown_on_a_phone():
    folded = CSS.read_text().split("@media (max-width: 48rem)")[1].split("\n}")[0]
    assert re.search(r"\.table td\[data-label\]:empty\s*\{\s*display:\s*none", folded)
