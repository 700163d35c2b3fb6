"""The pages a first-time visitor meets load only some of the stylesheets (core.assets.STYLESHEETS): they must look
exactly as they would with all of them, at phone and desktop width. A class from a sheet they skip fails here.
"""

from __future__ import annotations

import pytest

from forumops.core.assets import ALL_STYLESHEETS, STYLESHEETS

from .conftest import PHONE_VIEWPORT, VIEWPORT

PAGES = {  # endpoint -> a demo page it serves
    "forums.index": "/forums/",
    "forums.detail": "/forums/asean-community-forum-2027",
    "registration.register": "/forums/asean-community-forum-2027/register",
    "agenda.programme": "/forums/asean-community-forum-2017/agenda",
}


@pytest.fixture
def demo(db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()


def test_every_first_visit_page_is_listed_here():
    assert set(PAGES) == set(STYLESHEETS)


@pytest.mark.parametrize("viewport", [PHONE_VIEWPORT, VIEWPORT], ids=["phone", "desktop"])
def test_first_visit_pages_look_the_same_with_every_stylesheet(demo, new_page, viewport):
    page = new_page(viewport=viewport)
    for endpoint, path in PAGES.items():
        response = page.goto(path)
        assert response.status == 200, path
        loaded = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
        skipped = [sheet for sheet in ALL_STYLESHEETS if sheet not in STYLESHEETS[endpoint]]
        assert len(loaded) == len(STYLESHEETS[endpoint]), path
        assert skipped, path
        lean = page.screenshot(full_page=True)
        for sheet in skipped:
            page.add_style_tag(url=f"/static/{sheet}")
        assert page.screenshot(full_page=True) == lean, f"{endpoint} needs {skipped}"
