"""Every person finds what is theirs, in the browser.

Phương Linh registers online for a hybrid forum that needs approval, on her phone, and bookmarks the private
link from her first email. Mai signs in, lands on her home, sees the approval waiting in her to-do and
approves it. Linh's bookmarked link still works and now shows her place confirmed, the meeting link, and a
calendar file with the link in it; the public pages never show the link.
"""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027-home"
TITLE = "ASEAN Community Forum 2027"
MEETING = "https://meet.example.org/acf-2027-plenary"


@pytest.fixture
def forum(create_forum, create_user, db):
    from forumops.agenda import operations as agenda_ops
    from forumops.registration import seats

    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(SLUG, status="registration_open", title=TITLE, mode="hybrid", organiser=mai,
                         timezone="Asia/Jakarta", venue_city="Jakarta", venue_country="ID", online_link=MEETING)
    seats.settings_for(forum).approval_required = True
    agenda_ops.create_item(forum, {"day": date(2027, 4, 14), "start": time(9), "end": time(10),
                                   "title": "Plenary opening", "type": "opening_session", "is_online": True,
                                   "people": [], "description": ""})
    db.session.commit()
    return forum


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_linh_registers_online_mai_approves_from_her_to_do_and_the_bookmarked_link_shows_the_meeting(
        page: Page, new_page, shot, forum, deliver_mail, live_server):
    # 1. Linh registers online on her phone; approval is needed, so she waits, and keeps the first email's link.
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone.goto(f"/forums/{SLUG}/register")
    phone.get_by_label("Full name").fill("Nguyễn Phương Linh")
    phone.get_by_label("Email address").fill("linh@example.org")
    phone.get_by_label("Country").select_option(label="Viet Nam")
    phone.get_by_role("radio", name="Online", exact=True).check()
    phone.get_by_label("I have read the privacy notice").check()
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    expect(phone.get_by_text(MEETING)).to_have_count(0)
    [received] = [m for m in deliver_mail() if m["To"] == "linh@example.org"]
    assert MEETING not in body_of(received)
    bookmarked = re.search(rf"{re.escape(live_server.url)}/forums/{SLUG}/registration/[\w-]+",
                           body_of(received)).group(0)
    phone.goto(bookmarked)
    expect(phone.locator(".registration-summary")).to_contain_text("Awaiting approval")
    expect(phone.get_by_text(MEETING)).to_have_count(0)

    # 2. Mai signs in and lands on her home: the forum, and in its to-do the registration waiting for her.
    sign_in(page, "Mai", "mai@example.org")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Your home", level=1)).to_be_visible()
    todo = page.locator(".home-todo")
    expect(todo).to_contain_text("1 registration waits for your approval")
    shot("home-01-mai-todo-desktop")
    todo.get_by_role("link", name="1 registration waits for your approval").click()
    expect(page).to_have_url(re.compile(rf"/forums/{SLUG}/registrations\?status=pending"))
    page.get_by_role("button", name="Approve the one shown").click()
    expect(page.get_by_role("status").first).to_contain_text("1 confirmed")
    page.goto(f"/forums/{SLUG}/")
    expect(page.locator(".home-todo")).to_contain_text("Nothing waits for you")

    # 3. Linh opens the link she bookmarked: it still works, her place is confirmed, the meeting link is there.
    phone.goto(bookmarked)
    summary = phone.locator(".registration-summary")
    expect(summary).to_contain_text("Confirmed")
    expect(summary.get_by_role("link", name=MEETING)).to_be_visible()
    shot("home-02-linh-confirmed-online-phone", target=phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"her page scrolls sideways on a phone: {width}px"
    with phone.expect_download() as download:
        summary.get_by_role("link", name="Add my programme to my calendar (.ics)").click()
    calendar = download.value.path().read_bytes().decode().replace("\r\n ", "")
    assert "SUMMARY:Plenary opening" in calendar
    assert re.search(rf"CONFERENCE;[^:\r\n]*VALUE=URI:{re.escape(MEETING)}", calendar)

    # 4. The approval email brought the link too; the public pages never show it.
    approval = [m for m in deliver_mail() if m["To"] == "linh@example.org"][-1]
    assert "approved" in approval["Subject"]
    assert MEETING in body_of(approval)
    visitor = new_page()
    for path in (f"/forums/{SLUG}/", f"/forums/{SLUG}/agenda"):
        visitor.goto(path)
        expect(visitor.get_by_text(MEETING)).to_have_count(0)
