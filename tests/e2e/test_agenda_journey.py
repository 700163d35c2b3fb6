"""The agenda journey of issue 3, through the browser only: an organiser pastes last year's programme,
makes and fixes a room conflict, and a participant takes the programme into her calendar.

The forum and the two people are made with the factory fixtures; everything after that goes through the UI.
The database is only read at the end to confirm what the UI did.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "sse-2015"
TITLE = "Solidarity Economy Forum"
ZONE = "Asia/Kuala_Lumpur"
ORGANISER = ("Mai Tran", "mai@example.org")
PARTICIPANT = ("Nguyễn Phương Linh", "linh@example.org")

# The programme of the 2015 forum as it sits in the seed page (/work/shared/seeds/001_*.txt), non-breaking
# spaces after the times and all: what an organiser copies out of last year's web page.
SEED_PROGRAMME = (
    "08.00-09.00\u00a0\u00a0\u00a0 Registration/Coffee\n"
    "\n"
    "09.00-09.30\u00a0\u00a0\u00a0 Opening Session\n"
    "\n"
    "Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM\n"
    "\n"
    "Brief Speech by Ms Elaine Tan (ASEAN Foundation)\n"
    "\n"
    "Address by the Chairman of ASEAN CPR, Dato Hasnudin Hamzah\n"
    "\n"
    "09.30-11.00\u00a0\u00a0\u00a0\u00a0 Panel: Solidarity-based Community Enterprises for ASEAN: "
    "Opportunities, possibilities & challenges\n"
    "\n"
    "Dr Benjamin Quinones, Jr. (ASEC Chair)\n"
    "\n"
    "Pak Bambang Ismawan (ASEC Indonesia)\n"
    "\n"
    "ILO Representative (Mr. Roberto di Meglio or Jurgen Schwettmann)\n"
    "\n"
    "Panel Moderator: Datuk Dr Denison Jayasooria (ASEC Deputy Chair)\n"
    "\n"
    "11.00-12.00\u00a0\u00a0\u00a0 Open forum\n"
    "\n"
    "12.00\u00a0\u00a0\u00a0\u00a0Group photo\n"
    "\n"
    "12.00-13.00\u00a0\u00a0\u00a0 Lunch\n"
    "\n"
    "13.00-14.30\u00a0\u00a0\u00a0 Case Study presentations by:\n"
    "\n"
    "1) Mr. Rolly Victoria, Alalay Sa Kaunlaran Inc. (ASKI) Philippines\u00a0(Mainstreaming financial "
    "inclusion thru scale up of microfinance);\n"
    "\n"
    "(2) Mr. Shigeru Tanaka, Deputy Secretary General, PARC, Japan (Inter-people cooperation in "
    "building solidarity in conflict-affected territories);\n"
    "\n"
    "3) Dr Jun E Tan, ISIS, Malaysia (Community Economy in Malaysia addressing poverty and low income "
    "(Social entrepreneurship, Social enterprise, solidarity economy )\n"
    "\n"
    "14.30-15.00\u00a0\u00a0 Open forum\n"
    "\n"
    "15.00-15.15\u00a0\u00a0\u00a0 Coffee/tea break\n"
    "\n"
    "15.15-16.00\u00a0\u00a0\u00a0 Proposal for ASEAN Community cooperation for the development of "
    "value chains of solidarity-based community enterprises, as a South-south & triangular cooperation "
    "of ASEC, ASEAN, GMM, and ILO in line with the Sustainable Development Goals agenda. (Included in "
    "the proposal is the ILO SSE Academy 2016 in Asia and the International Conference on Social & "
    "Solidarity Finance 2016 also in Asia)\n"
    "\n"
    "Panel & Discussion.\n"
    "\n"
    "16.00-17.00\u00a0\u00a0 Discussion/adoption of the proposal\n"
    "\n"
    "17.00-17.30\u00a0\u00a0 Closing session: Setting the agenda for 2015 and beyond for SSE in ASEAN\n"
    "\n"
    "Launch of ASEAN Solidarity Economy Council\n"
)
# The builder's time column once the paste is saved ("12.00 Group photo" gets the default 15 minutes).
PASTED_TIMES = [
    "08:00–09:00", "09:00–09:30", "09:30–11:00", "11:00–12:00", "12:00–12:15", "12:00–13:00",
    "13:00–14:30", "14:30–15:00", "15:00–15:15", "15:15–16:00", "16:00–17:00", "17:00–17:30",
]
CONFERENCE_ROOM = "Conference Room"
SIDE_MEETING = "Side meeting"
ROOM_CLASH = (f"{CONFERENCE_ROOM} is booked for “Open forum” and “{SIDE_MEETING}” at the same time.")


def watch(page: Page, dialogs: list[str], errors: list[str]) -> Page:
    """Record any JavaScript dialog (and dismiss it) and any uncaught page error."""

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def flash(page: Page):
    return page.get_by_role("status")


def builder_row(page: Page, times: str, title: str):
    return page.locator(".builder-table tbody tr").filter(has_text=times).filter(has_text=title)


def item_form_fields(page: Page):
    """The "When and where" part of the item form (the people rows have a Title field of their own)."""
    return page.get_by_role("group", name="When and where")


def save_item(page: Page) -> None:
    page.get_by_role("button", name="Save item").click()


def conflicts_panel(page: Page):
    return page.get_by_role("region", name=re.compile(r"^Conflicts"))


def unfold(ics: str) -> str:
    """RFC 5545 content lines unfolded (a CRLF followed by a space continues the line)."""
    return ics.replace("\r\n ", "").replace("\r\n\t", "")


def parsed_events(ics: str) -> list[tuple[datetime, datetime, str]]:
    """(start, end in UTC, summary) of every event, sorted, read by vobject: a parser independent of the
    one that wrote the feed."""
    import vobject

    calendar = vobject.readOne(ics)
    return sorted((event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC), event.summary.value)
                  for event in calendar.vevent_list)


@pytest.fixture
def base_url_is_the_live_server(live_app, live_server, monkeypatch):
    """Absolute links (feeds, webcal://) are built on BASE_URL: point it at the server the browser uses."""
    monkeypatch.setitem(live_app.config, "BASE_URL", live_server.url)
    return live_server.url


def test_organiser_pastes_the_programme_fixes_a_clash_participant_subscribes(
        page: Page, new_page, shot, db, create_user, create_forum, add_role, base_url_is_the_live_server):
    dialogs: list[str] = []
    errors: list[str] = []
    watch(page, dialogs, errors)

    mai = create_user(email=ORGANISER[1], name=ORGANISER[0])
    linh = create_user(email=PARTICIPANT[1], name=PARTICIPANT[0])
    forum = create_forum(slug=SLUG, title=TITLE, organiser=mai, start_date=date(2015, 4, 25),
                         end_date=date(2015, 4, 25), timezone=ZONE)
    add_role(forum, linh, "participant")

    # 1. Mai signs in and goes from the forum page to the programme builder.
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.get_by_role("navigation", name="Manage this forum").get_by_role("link", name="Programme").click()
    expect(page.get_by_role("heading", name="Programme builder", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing on this day yet.")).to_be_visible()

    # 2. Paste last year's programme, preview it, save it.
    page.get_by_role("link", name="Paste a programme").click()
    expect(page.get_by_role("heading", name="Paste a programme", level=1)).to_be_visible()
    page.get_by_label("Programme", exact=True).fill(SEED_PROGRAMME)
    expect(page.get_by_role("button", name="Save these items")).to_have_count(0)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_role("table")).to_be_visible()
    rows = preview.locator("tbody tr")
    expect(rows).to_have_count(len(PASTED_TIMES))
    expect(rows.first).to_contain_text("Registration/Coffee")
    expect(rows.first).to_contain_text("08:00–09:00")
    expect(rows.last).to_contain_text("Closing session")
    expect(rows.last).to_contain_text("17:00–17:30")
    expect(preview.locator("tr.has-error")).to_have_count(0)
    expect(page.get_by_label("Programme", exact=True)).to_have_value(re.compile(r"^08\.00-09\.00"))
    shot("agenda-01-paste-preview")
    page.get_by_role("button", name="Save these items").click()

    expect(page.get_by_role("heading", name="Programme builder", level=1)).to_be_visible()
    expect(flash(page)).to_contain_text(f"{len(PASTED_TIMES)} item(s) added to the programme.")
    expect(page.locator(".builder-table tbody td.nowrap")).to_have_text(PASTED_TIMES)
    expect(page.locator(".builder-table tbody tr").first).to_contain_text("Registration/Coffee")
    expect(page.locator(".builder-table tbody tr").last).to_contain_text("Closing session")
    expect(conflicts_panel(page)).to_contain_text("No room, person or break conflicts.")

    # 3a. Put the first open forum in the Conference Room.
    builder_row(page, "11:00–12:00", "Open forum").get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Edit programme item", level=1)).to_be_visible()
    when = item_form_fields(page)
    expect(when.get_by_label("Title", exact=True)).to_have_value("Open forum")
    expect(when.get_by_label("Starts")).to_have_value("11:00")
    when.get_by_label("Room", exact=True).fill(CONFERENCE_ROOM)
    save_item(page)
    expect(flash(page)).to_contain_text("“Open forum” saved.")
    expect(builder_row(page, "11:00–12:00", "Open forum")).to_contain_text(CONFERENCE_ROOM)

    # 3b. A side meeting in the same room at the same time: a warning, not a refusal.
    page.get_by_role("link", name="Add an item", exact=True).click()
    expect(page.get_by_role("heading", name="New programme item", level=1)).to_be_visible()
    when = item_form_fields(page)
    expect(when.get_by_label("Day")).to_have_value("2015-04-25")
    when.get_by_label("Starts").fill("11:30")
    when.get_by_label("Ends").fill("12:30")
    when.get_by_label("Title", exact=True).fill(SIDE_MEETING)
    when.get_by_label("Type").select_option(label="Side event")
    when.get_by_label("Room", exact=True).fill(CONFERENCE_ROOM)
    save_item(page)
    expect(flash(page)).to_contain_text(f"“{SIDE_MEETING}” added.")
    expect(flash(page)).to_contain_text(f"Warning: {ROOM_CLASH}")
    panel = conflicts_panel(page)
    expect(panel).to_contain_text("Conflicts (1)")
    expect(panel.locator("li.conflict-room")).to_have_text(re.compile(re.escape(ROOM_CLASH)))
    side = builder_row(page, "11:30–12:30", SIDE_MEETING)
    open_forum = builder_row(page, "11:00–12:00", "Open forum")
    for row in (side, open_forum):
        expect(row).to_have_class(re.compile(r"\bhas-warning\b"))
        expect(row.get_by_role("note")).to_contain_text(f"Warning: {ROOM_CLASH}")
    expect(page.locator(".builder-table tbody tr.has-warning")).to_have_count(2)
    shot("agenda-02-builder-with-conflict")

    # 3c. Fix it: the side meeting moves to another room.
    side.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Edit programme item", level=1)).to_be_visible()
    when = item_form_fields(page)
    expect(when.get_by_label("Room", exact=True)).to_have_value(CONFERENCE_ROOM)
    when.get_by_label("Room", exact=True).fill("Meeting Room 2")
    save_item(page)
    expect(flash(page)).to_contain_text(f"“{SIDE_MEETING}” saved.")
    expect(flash(page)).not_to_contain_text("Warning")
    expect(conflicts_panel(page)).to_contain_text("No room, person or break conflicts.")
    expect(conflicts_panel(page)).not_to_contain_text(CONFERENCE_ROOM)
    expect(page.locator(".builder-table tbody tr.has-warning")).to_have_count(0)
    expect(page.get_by_text("Warning:")).to_have_count(0)
    expect(builder_row(page, "11:30–12:30", SIDE_MEETING)).to_contain_text("Meeting Room 2")
    shot("agenda-03-builder-after-fix")

    # 4. Phương Linh, a participant, reads the programme and downloads it.
    linh_page = watch(new_page(), dialogs, errors)
    sign_in(linh_page, *PARTICIPANT)
    linh_page.goto(f"/forums/{SLUG}/agenda")
    expect(linh_page.get_by_role("heading", name="Programme", level=1)).to_be_visible()
    expect(linh_page.get_by_text(f"All times are in {ZONE}")).to_be_visible()
    expect(linh_page.get_by_role("navigation", name="Manage this forum")).to_have_count(0)
    expect(linh_page.locator("article.item h3")).to_have_count(len(PASTED_TIMES) + 1)
    expect(linh_page.locator("article.item").filter(has_text=SIDE_MEETING)).to_contain_text("Meeting Room 2")
    shot("agenda-04-public-programme", target=linh_page)

    with linh_page.expect_download() as download_info:
        linh_page.get_by_role("link", name="Download calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}.ics"
    ics = unfold(download.path().read_text(encoding="utf-8"))
    assert ics.startswith("BEGIN:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == len(PASTED_TIMES) + 1
    assert f"DTSTART;TZID={ZONE}:20150425T080000" in ics
    assert f"SUMMARY:{SIDE_MEETING}" in ics
    assert f"TZID:{ZONE}" in ics  # the VTIMEZONE travels with the feed
    events = parsed_events(ics)
    utc = lambda hour, minute: datetime(2015, 4, 25, hour, minute, tzinfo=UTC)  # noqa: E731
    assert events[0] == (utc(0, 0), utc(1, 0), "Registration/Coffee")  # 08:00-09:00 at UTC+08:00
    assert (utc(3, 30), utc(4, 30), SIDE_MEETING) in events  # 11:30-12:30

    subscribe = linh_page.get_by_role("link", name="Subscribe in your calendar")
    expect(subscribe).to_have_attribute(
        "href", f"webcal://{urlsplit(base_url_is_the_live_server).netloc}/forums/{SLUG}/agenda.ics")

    # Her own programme in her calendar: a private address.
    linh_page.get_by_role("link", name="My own programme in my calendar").click()
    expect(linh_page.get_by_role("heading", name="My programme in my calendar", level=1)).to_be_visible()
    linh_page.get_by_role("button", name="Create my calendar address").click()
    expect(flash(linh_page)).to_contain_text("Your calendar address is ready.")
    expect(linh_page.get_by_text("This private address is shown only this once.")).to_be_visible()
    webcal = linh_page.get_by_role("link", name="Subscribe in my calendar app")
    expect(webcal).to_have_attribute("href", re.compile(rf"^webcal://.+/forums/{SLUG}/agenda/feed/[^/]+\.ics$"))
    feed_url = "http://" + webcal.get_attribute("href").removeprefix("webcal://")
    expect(linh_page.get_by_label("Or copy this private address into your calendar:")).to_have_value(feed_url)
    # "Copy address" puts it on the clipboard and says so beside the button
    linh_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    linh_page.bring_to_front()  # the clipboard is written only from the focused window (Mai's page was opened too)
    linh_page.get_by_role("button", name="Copy address").click()
    expect(linh_page.locator(".copy-status")).to_have_text("Copied")
    assert linh_page.evaluate("navigator.clipboard.readText()") == feed_url
    response = linh_page.request.get(feed_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    feed = unfold(response.text())
    assert feed.startswith("BEGIN:VCALENDAR")
    assert f"X-WR-CALNAME:{TITLE} (my programme)" in feed
    assert feed.count("BEGIN:VEVENT") == len(PASTED_TIMES) + 1  # every item is plenary here
    for summary in ("Registration/Coffee", "Opening Session", "Open forum", "Closing session", SIDE_MEETING):
        assert f"SUMMARY:{summary}" in feed
    assert parsed_events(feed) == events  # the same items at the same times as the whole programme
    # The address is private but needs no session: a calendar app has no cookies.
    signed_out = new_page()
    anonymous = signed_out.request.get(feed_url)
    assert anonymous.status == 200
    assert anonymous.text().count("BEGIN:VEVENT") == len(PASTED_TIMES) + 1
    # Shown once: only its hash is kept, so the page offers a new address instead of the old one.
    linh_page.goto(f"/forums/{SLUG}/agenda/mine")
    expect(linh_page.get_by_role("button", name="Make a new address (the old one stops working)")).to_be_visible()
    assert feed_url.rsplit("/", 1)[1] not in linh_page.content()

    # 5. The public programme on a phone.
    phone = watch(new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True), dialogs, errors)
    phone.goto(f"/forums/{SLUG}/agenda")
    expect(phone.get_by_text(f"All times are in {ZONE}")).to_be_visible()
    shot("agenda-05-public-programme-phone", target=phone)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_VIEWPORT["width"], f"the phone page scrolls sideways: {page_width}px wide"

    assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.agenda.models import AgendaItem, CalendarFeed

    db.session.expire_all()
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.forum_id == forum.id)
                               .order_by(AgendaItem.start_at, AgendaItem.id)).all()
    assert len(items) == len(PASTED_TIMES) + 1
    assert {item.status for item in items} == {"confirmed"}
    rooms = {item.title: item.room.name if item.room else None for item in items}
    assert rooms[SIDE_MEETING] == "Meeting Room 2"
    first_open_forum = next(item for item in items if item.title == "Open forum")
    assert first_open_forum.room.name == CONFERENCE_ROOM
    assert items[0].title == "Registration/Coffee"
    assert items[0].type == "registration"
    from forumops.core.tokens import hash_token

    feed_row = db.session.scalar(select(CalendarFeed).where(CalendarFeed.forum_id == forum.id))
    token = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    assert feed_row.user_id == linh.id
    assert feed_row.token_hash == hash_token(token)
