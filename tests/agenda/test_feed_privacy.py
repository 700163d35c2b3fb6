"""What the calendar feeds give away (issue 18, item 7): a deleted item stays in every feed so subscribed
calendars drop it, but as its UID, SEQUENCE and STATUS:CANCELLED alone (with the DTSTAMP RFC 5545 requires):
no title, time, room, people or description. Cancelled items keep theirs (the public programme shows them)."""

from __future__ import annotations

import re
from datetime import time

import pytest
import vobject
from icalendar import Calendar

from tests.conftest import sign_in
from tests.html_forms import elements

SECRET_BITS = ("Restructuring the secretariat", "Boardroom 3", "Dr Hidden Person", "Confidential agenda",
               "Unannounced Donors", "MSME development")
# RFC 5545 3.6.1: UID and DTSTAMP are required in every VEVENT; DTSTART only without a METHOD (the feeds say
# METHOD:PUBLISH). SEQUENCE and STATUS are what makes a subscribed calendar drop its copy.
BARE_PROPERTIES = {"UID", "DTSTAMP", "SEQUENCE", "STATUS"}


@pytest.fixture
def deleted_item(create_user, create_forum, create_item, create_cluster, add_role, db):
    """A published forum with a kept item, a cancelled one and a deleted one full of things no longer public;
    Linh, a participant whose own feed holds them all."""
    from forumops.agenda.operations import set_status

    organiser = create_user(email="mai@example.org")
    linh = create_user(email="linh@example.org", name="Linh")
    forum = create_forum("acf", title="ASEAN Community Forum", organiser=organiser)
    add_role(forum, linh, "participant")
    cluster = create_cluster(forum, "MSME development")
    create_item(forum, "Opening session")
    cancelled = create_item(forum, "Field visit", start=time(14), end=time(15))
    gone = create_item(forum, "Restructuring the secretariat", start=time(11), end=time(12), type="breakout",
                       room="Boardroom 3", description="Confidential agenda", cluster_id=cluster.id,
                       people=[{"role": "speaker", "name": "Dr Hidden Person", "organisation": "Unannounced Donors"},
                               {"role": "rapporteur", "user_id": linh.id}])
    set_status(cancelled, "cancelled")
    set_status(gone, "deleted")
    db.session.commit()
    return forum, linh, gone


def _event(body: bytes, uid: str):
    return next(e for e in Calendar.from_ical(body).walk("VEVENT") if str(e["UID"]) == uid)


def _assert_bare(body: bytes, gone) -> None:
    event = _event(body, gone.uid)
    assert set(event.keys()) == BARE_PROPERTIES, sorted(event.keys())
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == gone.sequence >= 1
    text = body.decode()
    for bit in SECRET_BITS:
        assert bit not in text, bit
    # an independent parser reads it too (vobject is what many calendar servers use)
    parsed = vobject.readOne(text)
    bare = next(e for e in parsed.vevent_list if e.uid.value == gone.uid)
    assert bare.status.value == "CANCELLED"
    assert not hasattr(bare, "summary")


def test_the_public_feed_keeps_only_the_uid_sequence_and_status_of_a_deleted_item(client, deleted_item):
    """The finding: a deleted item stayed in the public feed with its title, room and people."""
    _forum, _linh, gone = deleted_item
    body = client.get("/forums/acf/agenda.ics").data
    _assert_bare(body, gone)
    titles = {str(e.get("SUMMARY", "(no title)")): str(e["STATUS"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert titles == {"Opening session": "CONFIRMED", "Field visit": "CANCELLED", "(no title)": "CANCELLED"}


def test_a_deleted_items_own_calendar_file_is_bare_too(client, deleted_item):
    _forum, _linh, gone = deleted_item
    response = client.get(f"/forums/acf/agenda/{gone.id}.ics")
    assert response.status_code == 200
    _assert_bare(response.data, gone)
    assert str(Calendar.from_ical(response.data)["X-WR-CALNAME"]) == "ASEAN Community Forum"


def test_the_personal_feed_keeps_only_the_uid_sequence_and_status_of_a_deleted_item(app, deleted_item):
    _forum, linh, gone = deleted_item
    browser = app.test_client()
    sign_in(browser, linh)
    page = browser.post("/forums/acf/agenda/mine", follow_redirects=True).get_data(as_text=True)
    token = re.search(r"/agenda/feed/([\w-]+)\.ics", page).group(1)
    body = app.test_client().get(f"/forums/acf/agenda/feed/{token}.ics").data
    _assert_bare(body, gone)
    assert "Opening session" in body.decode()


def test_the_emailed_programme_is_bare_too(deleted_item):
    """The registration emails attach the public calendar: the same renderer, the same bare event."""
    from forumops.agenda.feeds import public_calendar

    forum, _linh, gone = deleted_item
    _etag, body = public_calendar(forum, links_allowed=True)
    _assert_bare(body, gone)


# --- feed tokens: stored as their hash, shown once -------------------------------------------------------

def _feed_token(page: str) -> str:
    return re.search(r"/agenda/feed/([\w-]+)\.ics", page).group(1)


def test_a_feed_token_is_stored_only_as_its_hash(app, db, deleted_item):
    """The finding: calendar feed tokens were stored as they are, so a database read (a backup, a leaked
    dump) yielded working feed addresses; every other private link keeps only its hash."""
    from sqlalchemy import select

    from forumops.agenda.models import CalendarFeed
    from forumops.core.tokens import hash_token

    _forum, linh, _gone = deleted_item
    browser = app.test_client()
    sign_in(browser, linh)
    token = _feed_token(browser.post("/forums/acf/agenda/mine").get_data(as_text=True))
    stored = db.session.execute(select(CalendarFeed.__table__)).one()._asdict()
    assert stored["token_hash"] == hash_token(token)
    assert token not in repr(stored)  # no column holds the address
    assert app.test_client().get(f"/forums/acf/agenda/feed/{stored['token_hash']}.ics").status_code == 404


def test_the_address_is_shown_once_and_a_new_one_breaks_the_old(app, deleted_item):
    _forum, linh, _gone = deleted_item
    browser = app.test_client()
    sign_in(browser, linh)
    first = browser.get("/forums/acf/agenda/mine").get_data(as_text=True)
    assert "Create my calendar address" in first
    assert "/agenda/feed/" not in first
    made = browser.post("/forums/acf/agenda/mine")
    page = made.get_data(as_text=True)
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    assert "Your calendar address is ready." in page
    assert "shown only this once" in page
    token = _feed_token(page)
    later = browser.get("/forums/acf/agenda/mine").get_data(as_text=True)
    assert token not in later
    assert "/agenda/feed/" not in later
    assert "You made your private calendar address on" in later
    assert "Make a new address (the old one stops working)" in later
    remade = browser.post("/forums/acf/agenda/mine").get_data(as_text=True)
    assert "A new calendar address is ready; the old one no longer works." in remade
    calendar_app = app.test_client()
    assert calendar_app.get(f"/forums/acf/agenda/feed/{token}.ics").status_code == 404
    assert calendar_app.get(f"/forums/acf/agenda/feed/{_feed_token(remade)}.ics").status_code == 200


def test_the_address_shown_once_wraps_and_has_a_copy_button(app, deleted_item):
    _forum, linh, _gone = deleted_item
    browser = app.test_client()
    sign_in(browser, linh)
    page = browser.post("/forums/acf/agenda/mine").get_data(as_text=True)
    # a one-line box cut the address off on a phone: a readonly box of several lines wraps it, selectable
    box = next(t for t in elements(page, "textarea") if t.attrs.get("id") == "feed-url")
    assert box.text.endswith(f"/forums/acf/agenda/feed/{_feed_token(page)}.ics")
    assert int(box.attrs["rows"]) >= 3
    assert "readonly" in box.attrs
    button = next(b for b in elements(page, "button") if b.text == "Copy address")
    assert button.attrs["data-copy"] == "feed-url"
    assert "hidden" in button.attrs
    status = next(s for s in elements(page, "span") if s.attrs.get("aria-live") == "polite")
    assert status.attrs["data-copied"] == "Copied"
    assert any(s.attrs.get("src", "").startswith("/static/js/copy.js") for s in elements(page, "script"))
    assert elements(page, "title")[0].text == "My programme in my calendar · ASEAN Community Forum · ForumOps"


@pytest.fixture
def database_before_hashing(tmp_path):
    """A SQLite database at the revision before feed tokens were hashed, as an upgraded site has it."""
    from flask_migrate import upgrade

    from config import TestingConfig
    from forumops import create_app

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'before.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="cc5e0ed4591b")  # the revision before feed tokens were hashed
    return app, Config.SQLALCHEMY_DATABASE_URI


def test_a_feed_address_made_before_the_migration_still_works_after_it(database_before_hashing):
    """Subscribed calendars keep the address they were given: the migration hashes each stored token in
    place, so the token in that address still finds its feed; the database no longer holds it."""
    from datetime import date, datetime

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from forumops.core.tokens import hash_token, new_token

    app, url = database_before_hashing
    tokens = [new_token(), new_token()]
    engine = create_engine(url)
    now = datetime(2026, 12, 1, 8, 0)
    with engine.begin() as conn:
        for n in (1, 2):
            conn.execute(text("INSERT INTO users (id, email, name, password_hash, is_admin, is_disabled, created_at, "
                              "updated_at) VALUES (:id, :email, 'Linh', 'x', false, false, :now, :now)"),
                         {"id": n, "email": f"person{n}@example.org", "now": now})
        conn.execute(text(
            "INSERT INTO forums (id, title, slug, start_date, end_date, timezone, mode, status, venue_name, "
            "venue_address, venue_city, venue_country, online_link, background, rationale, objectives, "
            "expected_outputs, target_participants, themes, programme_outline, created_at, updated_at) "
            "VALUES (1, 'ASEAN Community Forum', 'acf', :start, :end, 'Asia/Jakarta', 'hybrid', 'published', "
            "'', '', '', '', '', '', '', '[]', '', '', '[]', '', :now, :now)"),
            {"start": date(2027, 4, 14), "end": date(2027, 4, 15), "now": now})
        for n, token in enumerate(tokens, start=1):
            conn.execute(text("INSERT INTO forum_members (forum_id, user_id, role) VALUES (1, :n, 'participant')"),
                         {"n": n})
            conn.execute(text("INSERT INTO calendar_feeds (id, forum_id, user_id, token, created_at) "
                              "VALUES (:n, 1, :n, :token, :now)"), {"n": n, "token": token, "now": now})
    with app.app_context():
        upgrade()
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, token_hash FROM calendar_feeds")).all())
    engine.dispose()
    assert stored == {1: hash_token(tokens[0]), 2: hash_token(tokens[1])}
    calendar_app = app.test_client()
    for token in tokens:
        response = calendar_app.get(f"/forums/acf/agenda/feed/{token}.ics")
        assert response.status_code == 200
        assert response.data.startswith(b"BEGIN:VCALENDAR")
        assert "ASEAN Community Forum (my programme)" in response.get_data(as_text=True)
    assert calendar_app.get(f"/forums/acf/agenda/feed/{hash_token(tokens[0])}.ics").status_code == 404
