"""Writing to participants, in the browser.

Mai writes to the confirmed online participants of the women's empowerment cluster: she narrows the filters
and watches the count follow, previews the message for two people, and sends. Phương Linh reads it in the
email she received and, from its private link, on her own registration page. Screenshots of the composer and
the message's page at desktop and phone width go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027-messages"
MEETING = "https://meet.example.org/acf-2027-women"


@pytest.fixture
def forum(create_forum, create_user, create_registration, create_cluster, db):
    from forumops.clusters.operations import assign_registration

    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(SLUG, status="registration_open", title="ASEAN Community Forum 2027", mode="hybrid",
                         organiser=mai, venue_name="Jakarta Convention Center", venue_city="Jakarta",
                         online_link=MEETING)
    women = create_cluster(forum, "Women's empowerment")
    msme = create_cluster(forum, "MSME development")
    people = {
        "linh": create_registration(forum, name="Nguyễn Phương Linh", email="linh@example.org",
                                    attendance_mode="online", notify=False)[0],
        "sopheak": create_registration(forum, name="Sopheak Chan", email="sopheak@example.org", country="KH",
                                       attendance_mode="online", notify=False)[0],
        "in_person": create_registration(forum, name="Siti Rahma", email="siti@example.org", country="ID",
                                         notify=False)[0],
        "other_cluster": create_registration(forum, name="Ben Santos", email="ben@example.org", country="PH",
                                             attendance_mode="online", notify=False)[0],
        "waiting": create_registration(forum, name="Aung Min", email="aung@example.org", country="MM",
                                       attendance_mode="online", status="waitlisted", notify=False)[0],
    }
    for key in ("linh", "sopheak", "in_person", "waiting"):
        assign_registration(women, people[key])
    assign_registration(msme, people["other_cluster"])
    db.session.commit()
    return forum, women


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_mai_writes_to_one_clusters_online_participants_and_linh_reads_it(page: Page, new_page, shot, forum,
                                                                          inbox, live_server, deliver_mail):
    forum, women = forum
    sign_in(page, "Mai", "mai@example.org")
    page.goto(f"/forums/{SLUG}/messages")
    page.get_by_role("main").get_by_role("link", name="Write a message").first.click()
    expect(page.get_by_role("heading", name="Write to participants")).to_be_visible()

    # the count follows the filters as they change (no button needed with JavaScript)
    count = page.locator("[data-recipient-count]")
    expect(count).to_contain_text("4 people match")
    expect(page.get_by_role("button", name="Update count")).to_be_hidden()
    page.get_by_label("Attendance").select_option(label="Online")
    expect(count).to_contain_text("3 people match")
    page.get_by_label("Cluster", exact=True).select_option(label="Women's empowerment")
    expect(count).to_contain_text("2 people match")

    page.get_by_label("Subject").fill("Room change for the {cluster} breakout")
    page.get_by_role("textbox", name="Message", exact=True).fill(
        "Dear {name},\n\nThe women's empowerment breakout moves online for the afternoon. Join here: "
        "{online_link}\n\nYour registration: {private_link}")

    # preview for two people
    page.get_by_label("Preview for", exact=True).select_option(label="Nguyễn Phương Linh <linh@example.org>")
    page.get_by_role("button", name="Preview", exact=True).click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Dear Nguyễn Phương Linh,")
    expect(preview).to_contain_text(f"Join here: {MEETING}")
    # anyone can be found to preview for: the list follows what is typed (Enter finds, it does not send)
    expect(page.get_by_role("button", name="Find", exact=True)).to_be_hidden()
    page.get_by_label("Find a person to preview for").fill("sopheak")
    page.get_by_label("Find a person to preview for").press("Enter")
    expect(page.get_by_label("Preview for", exact=True).locator("option")).to_have_text(
        ["Sopheak Chan <sopheak@example.org>"])
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(preview).to_contain_text("Dear Sopheak Chan,")
    expect(page.get_by_label("Subject")).to_have_value("Room change for the {cluster} breakout")  # kept
    shot("communications-01-composer-desktop")
    with_phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    with_phone.context.add_cookies(page.context.cookies())
    with_phone.goto(f"/forums/{SLUG}/messages/new?default=online")
    shot("communications-02-composer-phone", target=with_phone)

    # send: the message's page accounts for every recipient
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("on its way to 2 people")
    deliver_mail()  # the live server's worker has sent it: the page then shows it sent
    page.reload()
    expect(page.locator(".recipients-table tbody tr")).to_have_count(2)
    expect(page.locator(".recipients-table")).to_contain_text("Sent")
    shot("communications-03-message-desktop")
    with_phone.goto(page.url)
    shot("communications-04-message-phone", target=with_phone)

    # Phương Linh reads it in her mail, then on her own page from the private link it carries
    received = {m["To"]: m for m in inbox.messages}
    assert set(received) == {"linh@example.org", "sopheak@example.org"}
    mail = received["linh@example.org"]
    assert mail["Subject"] == "Room change for the Women's empowerment breakout"
    assert MEETING in body_of(mail)
    private_link = re.search(rf"{re.escape(live_server.url)}/forums/{SLUG}/registration/[\w-]+", body_of(mail)).group(0)
    linh = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    linh.goto(private_link)
    messages = linh.locator(".received-messages")
    expect(messages).to_contain_text("Messages from the organisers")
    expect(messages).to_contain_text("Room change for the Women's empowerment breakout")
    expect(messages).to_contain_text("Dear Nguyễn Phương Linh,")
    messages.scroll_into_view_if_needed()
    shot("communications-05-linh-private-page-phone", target=linh)
