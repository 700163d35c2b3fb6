"""The public programme's cached days (agenda/page.py): an edit shows at once, only its own day is rendered again,
and the cached page is byte for byte the page rendered from nothing."""

from __future__ import annotations

from datetime import date, time

import pytest
from flask_babel import refresh

from forumops.agenda import operations, page
from forumops.clusters.operations import create_cluster, update_cluster

PATH = "/forums/acf/agenda"
DAY_ONE, DAY_TWO = date(2027, 4, 14), date(2027, 4, 15)


@pytest.fixture
def programme(create_forum, create_user, db):
    """Two days: Linh (an account) chairs a cluster's breakout in Hall A on day one; a plenary on day two."""
    forum = create_forum(slug="acf", start_date=DAY_ONE, end_date=DAY_TWO, timezone="Asia/Ho_Chi_Minh")
    linh = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    cluster = create_cluster(forum, "Women empowerment")
    breakout = operations.create_item(forum, {
        "day": DAY_ONE, "start": time(14), "end": time(15), "type": "breakout", "title": "Breakout: finance",
        "cluster_id": cluster.id, "room": "Hall A", "description": "Bring **your** questions.",
        "people": [{"role": "chair", "user_id": linh.id},
                   {"role": "speaker", "name": "Datuk Saifuddin Abdullah", "organisation": "GMM"}]})
    plenary = operations.create_item(forum, {
        "day": DAY_TWO, "start": time(9), "end": time(10), "type": "plenary", "title": "Closing plenary"})
    db.session.commit()
    return {"forum": forum, "linh": linh, "cluster": cluster, "breakout": breakout, "plenary": plenary}


def fields(forum, item) -> dict:
    """The item's current values, as operations.update_item takes them."""
    local_start, local_end = operations.to_local(forum, item.start_at), operations.to_local(forum, item.end_at)
    return {"day": local_start.date(), "start": local_start.time(), "end": local_end.time(), "title": item.title,
            "type": item.type, "description": item.description, "room": item.room, "is_online": item.is_online,
            "cluster_id": item.cluster_id}


def uncached(client, **headers) -> bytes:
    page.clear()
    return client.get(PATH, headers=headers).data


def edit_title(item, forum, db, title):
    operations.update_item(forum, item, fields(forum, item) | {"title": title})
    db.session.commit()


def test_every_kind_of_change_shows_at_once_and_as_rendered_from_nothing(client, programme, db):
    forum, breakout, linh, cluster = programme["forum"], programme["breakout"], programme["linh"], programme["cluster"]
    first = client.get(PATH).get_data(as_text=True)
    assert "Breakout: finance" in first
    assert "Nguyễn Phương Linh" in first
    assert "Hall A" in first
    assert "Women empowerment" in first
    assert "<strong>your</strong>" in first
    assert "item-cancelled" not in first

    def change(do, gone: str, shown: str):
        do()
        db.session.commit()
        body = client.get(PATH).data
        text = body.decode()
        assert shown in text
        assert gone not in text
        assert body == uncached(client)  # the same bytes as a page rendered with every cache empty
        client.get(PATH)  # and warm again for the next change

    change(lambda: edit_title(breakout, forum, db, "Breakout: inclusive finance"), "Breakout: finance<",
           "Breakout: inclusive finance<")
    change(lambda: setattr(linh, "name", "Nguyễn Thị Phương Linh"), "Nguyễn Phương Linh", "Nguyễn Thị Phương Linh")
    change(lambda: setattr(breakout.room, "name", "Hall B"), "Hall A", "Hall B")  # rooms keep no updated_at
    change(lambda: update_cluster(cluster, {"name": "Gender equality"}), "Women empowerment", "Gender equality")
    notes = {"description": "Bring *your* notes."}
    change(lambda: operations.update_item(forum, breakout, fields(forum, breakout) | notes),
           "<strong>your</strong>", "<em>your</em> notes")
    change(lambda: operations.set_status(breakout, "cancelled"), 'class="item item-breakout"',
           'class="item item-breakout item-cancelled"')
    change(lambda: operations.set_status(breakout, "confirmed"), "item-cancelled", 'class="item item-breakout"')


def test_an_edit_renders_only_its_own_day_again(client, programme, db, monkeypatch):
    forum, breakout = programme["forum"], programme["breakout"]
    client.get(PATH)
    rendered = []
    render = page.render_day
    monkeypatch.setattr(page, "render_day",
                        lambda number, day, *rest: rendered.append(day) or render(number, day, *rest))

    edit_title(breakout, forum, db, "Breakout: inclusive finance")
    after = client.get(PATH).data
    assert rendered == [DAY_ONE]  # day two, unchanged, came from the cache
    assert b"Breakout: inclusive finance" in after
    assert b"Closing plenary" in after

    rendered.clear()
    assert client.get(PATH).data == after
    assert rendered == []
    assert uncached(client) == after
    assert rendered == [DAY_ONE, DAY_TWO]


def test_a_day_is_kept_per_language_and_a_moved_day_is_not_mistaken_for_another(client, programme, db):
    forum, breakout = programme["forum"], programme["breakout"]

    def visit(language: str) -> str:
        refresh()  # the requests share this test's app context, where Flask-Babel keeps the first request's locale
        return client.get(PATH, headers={"Accept-Language": language}).get_data(as_text=True)

    english, vietnamese = visit("en"), visit("vi")
    assert "Wednesday, 14 April 2027" in english  # day before month, as the region writes English
    assert "Wednesday" not in vietnamese
    assert visit("en") == english
    assert visit("vi") == vietnamese

    # the breakout moves to day two: day one is gone, day two becomes the first day (id day-1) and holds both
    operations.update_item(forum, breakout, fields(forum, breakout) | {"day": DAY_TWO})
    db.session.commit()
    moved = visit("en")
    assert "14 April" not in moved
    assert '<h2 id="day-1">Thursday, 15 April 2027</h2>' in moved
    assert 'id="day-2"' not in moved
    assert "Breakout: finance" in moved
    refresh()
    assert moved.encode() == uncached(client, **{"Accept-Language": "en"})


def test_a_programme_emptied_says_it_is_not_published_yet(client, programme, db):
    assert b"not published yet" not in client.get(PATH).data
    for item in (programme["breakout"], programme["plenary"]):
        operations.set_status(item, "deleted")
    db.session.commit()
    emptied = client.get(PATH).get_data(as_text=True)
    assert "The programme is not published yet." in emptied
    assert "PDF programme" not in emptied
