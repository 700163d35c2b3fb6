"""08:00 at the ASEAN Community Forum, and the venue's Wi-Fi drops (issue 24). Mai's colleague Dara scans at the
door on her phone, Mai at a laptop on the other side of the hall; both opened the check-in desk while the network
was up, so each device keeps the list. Offline they scan 50 badges between them, ten people at both desks (they
went round). A code the desk does not know says "not on this desk's list"; someone cancelled on the server
meanwhile is still on Dara's copy of the list. Nothing claims "checked in" before the server has it. When the
network returns each desk sends what it took: the server keeps one arrival per person, the earliest (exactly 40),
Mai's desk is told of the ten Dara had already checked in, and Dara is told of the cancelled code.

The codes are typed into the scan field, as a QR scanner types them (no camera). Server rules in detail:
tests/registration/test_offline_desk.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027"
ZONE = "Asia/Jakarta"
MAI = ("Mai Tran", "mai@example.org")
DARA = ("Dara Sok", "dara@example.org")
PEOPLE = 41  # 40 scanned, and one cancelled while the desks are offline


@pytest.fixture
def forum(create_user, create_forum, create_registration, add_role, db):
    from forumops.core.i18n import day_in_zone

    today = day_in_zone(ZONE)
    mai = create_user(name=MAI[0], email=MAI[1])
    forum = create_forum(SLUG, status="registration_open", title="ASEAN Community Forum 2027", organiser=mai,
                         start_date=today, end_date=today + timedelta(days=1), timezone=ZONE, mode="in_person")
    add_role(forum, create_user(name=DARA[0], email=DARA[1]), "organiser")
    people = []
    for n in range(PEOPLE):
        registration = create_registration(forum, name=f"Nguyễn Thị Participant {n:02d}", email=f"p{n}@example.org",
                                           notify=False)[0]
        people.append((registration.id, registration.checkin_code, registration.name))
    return forum, people


def open_desk(page: Page, who: tuple[str, str]) -> None:
    sign_in(page, *who)
    page.goto(f"/forums/{SLUG}/checkin")
    expect(page.locator("#desk-list-state")).to_contain_text(f"{PEOPLE} people on this desk’s list are kept")
    # the worker keeps the desk's page for opening offline
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    expect(page.locator("#desk-connection")).to_have_text("Online")


def scan(page: Page, code: str) -> None:
    field = page.get_by_label("Check-in code")
    field.fill(code)
    field.press("Enter")


def test_two_desks_offline_scan_fifty_badges_and_catch_up_to_forty_arrivals(new_page, shot, forum, db):
    from forumops.registration import seats
    from forumops.registration.models import DayAttendance, Registration

    forum, people = forum
    dara, mai = new_page(viewport=PHONE_VIEWPORT), new_page()
    errors: list[str] = []
    for page in (dara, mai):
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_desk(page, DARA if page is dara else MAI)
    shot("offline-desk-online-390", dara)

    # the Wi-Fi drops; Dara's phone even reloads the desk: it opens from the device
    for page in (dara, mai):
        page.context.set_offline(True)
        expect(page.locator("#desk-connection")).to_have_text("Offline")
    dara.reload()
    expect(dara.get_by_role("heading", name="Check-in desk")).to_be_visible()
    expect(dara.locator("#desk-connection")).to_have_text("Offline")
    expect(dara.locator("#desk-list-state")).to_contain_text(f"{PEOPLE} people")

    # someone cancels on the server meanwhile; Dara's list still has them
    cancelled_id, cancelled_code, cancelled_name = people[40]
    seats.cancel(forum, db.session.get(Registration, cancelled_id), notify=False)
    db.session.commit()

    # Dara scans 0-24 first, then Mai 15-39: ten people at both desks, Dara's arrival the earlier
    for page, chosen in ((dara, people[0:25]), (mai, people[15:40])):
        for _rid, code, name in chosen:
            scan(page, code)
            result = page.locator("#checkin-result")
            expect(result).to_contain_text("Recorded on this device — will be sent")
            expect(result).to_contain_text(name)
    expect(mai.locator("#checkin-result")).not_to_contain_text("Checked in")
    scan(dara, cancelled_code)
    scan(mai, "ZZZZ-2222-XXXX")  # not a code of this forum
    expect(mai.locator("#checkin-result")).to_contain_text("Not on this desk’s list")
    expect(mai.locator("#checkin-result")).to_contain_text("ZZZZ2222XXXX")
    scan(mai, people[39][1])  # a second scan at the same desk is not a second arrival
    expect(mai.locator("#checkin-result")).to_contain_text("Already recorded on this device at")
    # the name search works offline too, folding accents as the server's does
    mai.get_by_label("Name", exact=True).fill("nguyen participant 38")
    mai.get_by_role("button", name="Search").click()
    mai.get_by_role("button", name=f"Check in {people[38][2]}").click()
    expect(mai.locator("#checkin-result")).to_contain_text("Already recorded on this device at")
    expect(mai.locator("#checkin-result")).to_contain_text(people[38][2])
    expect(dara.locator("#desk-connection")).to_have_text("Offline · 26 arrivals waiting to send")
    expect(dara.locator(".desk-counts-note")).to_contain_text("arrivals waiting to send are not in them yet")
    expect(mai.locator("#desk-connection")).to_have_text("Offline · 26 arrivals waiting to send")
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 0  # nothing reached the server yet
    shot("offline-desk-waiting-390", dara)
    shot("offline-desk-waiting-1280", mai)
    dara.get_by_label("Name", exact=True).fill("NGUYEN THI")
    dara.get_by_role("button", name="Search").click()
    expect(dara.locator("[data-local-matches] tbody tr")).to_have_count(41)
    shot("offline-desk-search-390", dara)

    # the network returns: Dara's phone first, then Mai's laptop; each sends what it took
    dara.context.set_offline(False)
    expect(dara.locator("#desk-connection")).to_have_text("Online")
    expect(dara.locator(".desk-log-summary")).to_contain_text("26 arrivals sent at")
    expect(dara.locator("#checkin-result")).to_contain_text("Not checked in: this registration was cancelled.")
    expect(dara.locator(".desk-log-list li")).to_have_count(1)
    expect(dara.locator(".desk-log-list")).to_contain_text(cancelled_name)
    expect(dara.locator(".checkin-counts")).to_contain_text("In today25")  # the server's counts once it has them
    expect(dara.locator(".desk-counts-note")).to_be_hidden()
    mai.context.set_offline(False)
    expect(mai.locator("#desk-connection")).to_have_text("Online")
    expect(mai.locator(".desk-log-summary")).to_contain_text("26 arrivals sent at")
    told = mai.locator(".desk-log-list li")
    expect(told).to_have_count(11)  # the ten Dara took first, and the unknown code
    expect(told.filter(has_text="by another desk")).to_have_count(10)
    expect(told.filter(has_text="no registration of this forum has this code")).to_contain_text("ZZZZ2222XXXX")
    expect(mai.locator(".checkin-counts")).to_contain_text("In today40")
    shot("offline-desk-synced-390", dara)
    shot("offline-desk-synced-1280", mai)

    db.session.rollback()  # a fresh transaction sees what the desks committed
    rows = db.session.execute(select(DayAttendance.registration_id, DayAttendance.device, DayAttendance.arrived_at)
                              .where(DayAttendance.forum_id == forum.id)).all()
    assert len(rows) == 40  # 50 scans, 10 at both desks
    devices = {rid: device for rid, device, _at in rows}
    dara_device = devices[people[0][0]]
    assert {devices[rid] for rid, _code, _name in people[15:25]} == {dara_device}  # the earlier desk's
    assert {devices[rid] for rid, _code, _name in people[25:40]} != {dara_device}
    assert cancelled_id not in devices
    from forumops.core.i18n import in_zone

    first_overlap = next(at for rid, _device, at in rows if rid == people[15][0])
    expect(told.filter(has_text=people[15][2])).to_contain_text(
        f"Already checked in at {in_zone(first_overlap, ZONE).strftime('%H:%M')} by another desk")

    # Signing out wipes the desk's copy; an arrival that has not reached the server is not lost without asking
    mai.context.set_offline(True)
    scan(mai, people[0][1])  # Dara took this one first, but Mai's desk cannot know yet
    expect(mai.locator("#desk-connection")).to_have_text("Offline · 1 arrival waiting to send")
    mai.once("dialog", lambda dialog: dialog.dismiss())  # she stays, and it waits
    with mai.expect_event("dialog") as asked:
        mai.get_by_role("button", name="Sign out").click()
    assert asked.value.message.startswith("1 arrival taken offline at the check-in desk has not reached the server")
    mai.context.set_offline(False)
    expect(told.filter(has_text=people[0][2])).to_contain_text("by another desk")
    expect(mai.locator("#desk-connection")).to_have_text("Online")
    mai.get_by_role("button", name="Sign out").click()
    expect(mai.get_by_role("status").first).to_contain_text("You are signed out.")
    assert "forumops-desk" not in mai.evaluate("indexedDB.databases().then(found => found.map(d => d.name))")
    assert mai.evaluate("caches.keys()") == []
    assert mai.evaluate("localStorage.getItem('forumops-desk')") is None
    assert not opens_offline(mai)
    db.session.rollback()
    assert db.session.scalar(select(func.count(DayAttendance.id)).where(DayAttendance.forum_id == forum.id)) == 40

    # Dara's phone keeps its copy until the forum is over: the next page opened after its last day forgets it
    assert dara.evaluate(STORED_LISTS) == [SLUG]
    dara.clock.set_fixed_time(forum_end(forum) + timedelta(minutes=1))
    dara.goto("/")
    # done when the device no longer remembers the forum's end (the last step: an interrupted wipe is done again)
    assert dara.evaluate(FORUM_FORGOTTEN, SLUG)
    assert dara.evaluate(STORED_LISTS) == []
    assert dara.evaluate("caches.keys()") == []
    assert not opens_offline(dara)
    assert errors == []


# waits in the page (its own timers run under the fixed clock), at most 10 s, until the device no longer remembers
# the forum's end: the last step of forgetting its list, worker and kept pages (a wipe cut short is done again)
FORUM_FORGOTTEN = """async (slug) => {
  for (let tries = 0; tries < 100; tries += 1) {
    const kept = JSON.parse(localStorage.getItem("forumops-desk")) || {};
    if (!(kept.ends || {})[slug]) { return true; }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return false;
}"""

STORED_LISTS = """() => new Promise(resolve => {
  const request = indexedDB.open("forumops-desk");
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("lists")) { db.close(); resolve([]); return; }
    const keys = db.transaction("lists").objectStore("lists").getAllKeys();
    keys.onsuccess = () => { db.close(); resolve(keys.result); };
  };
})"""


def opens_offline(page: Page) -> bool:
    """Whether the desk still opens with the network gone (its worker and kept page still on the device)."""
    from playwright.sync_api import Error

    page.context.set_offline(True)
    try:
        page.goto(f"/forums/{SLUG}/checkin")
        return page.get_by_role("heading", name="Check-in desk").is_visible()
    except Error:  # the browser's own "no connection": nothing kept
        return False
    finally:
        page.context.set_offline(False)


def forum_end(forum):
    from forumops.registration.desk_list import forum_ends_at

    return forum_ends_at(forum)


def test_without_javascript_the_desk_is_the_form_it_was(new_page, forum, db):
    _forum, people = forum
    page = new_page(viewport=PHONE_VIEWPORT, java_script_enabled=False)
    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/checkin")
    expect(page.locator("#desk-connection")).to_be_hidden()
    scan(page, people[0][1])
    expect(page.locator("#checkin-result")).to_contain_text("Checked in for today")
    expect(page.locator("#checkin-result")).to_contain_text(people[0][2])
    expect(page.locator(".checkin-counts")).to_contain_text("In today1")


def test_a_server_out_of_reach_on_venue_wifi_is_met_like_offline(new_page, forum, db):
    """The phone still shows Wi-Fi (the browser says "online") but nothing reaches the server: the scan is kept
    on the device, and sent once the server answers again."""
    from forumops.registration.models import DayAttendance

    _forum, people = forum
    page = new_page(viewport=PHONE_VIEWPORT)
    open_desk(page, MAI)
    page.route("**/checkin", lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    page.route("**/checkin/sync", lambda route: route.abort())
    scan(page, people[5][1])
    expect(page.locator("#checkin-result")).to_contain_text("Recorded on this device — will be sent")
    expect(page.locator("#desk-connection")).to_have_text("Server not reachable · 1 arrival waiting to send")
    page.unroute("**/checkin")
    page.unroute("**/checkin/sync")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # or the next try, every 30 s
    expect(page.locator("#checkin-result")).to_contain_text("Checked in: received by the server")
    expect(page.locator("#desk-connection")).to_have_text("Online")
    db.session.rollback()
    assert db.session.scalar(select(DayAttendance.registration_id)) == people[5][0]
