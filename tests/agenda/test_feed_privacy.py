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
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == gone.sequence >= 1
    text = body.decode()
    for bit in SECRET_BITS:
        assert bit not in text, bit
    # an independent parser reads it too (vobject is what many calendar servers use)
    parsed = vobject.readOne(text)
    bare = next(e for e in parsed.vevent_list if e.uid.value == gone.uid)
    assert bare.status.value == "CANCELLED" and not hasattr(bare, "summary")


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
