"""Programme-change notices in the browser (issue 17, item 3): Mai turns notices on, moves the MSME breakout to
another room, sees "1 change not yet announced", previews Phương Linh's digest, presses Notify; Phương Linh's
email says what changed for her, and Sopheak, in another cluster, gets nothing. Mai also turns the reminder on,
with a typo first.

The forum, clusters, items and people are made with the factory fixtures; everything after goes through the UI.
"""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import Page, expect

from forumops.clusters.operations import assign_registration

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027"


@pytest.fixture
def forum(db, create_forum, create_user, add_role, create_cluster, create_item, create_registration):
    mai = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug=SLUG, title="ASEAN Community Forum", organiser=mai, venue_name="Hotel Borobudur",
                         venue_city="Jakarta")
    msme, women = create_cluster(forum, "MSME"), create_cluster(forum, "Women's empowerment")
    create_item(forum, "Opening plenary", type="plenary", room="Main hall")
    create_item(forum, "Access to finance", start=time(10), end=time(11), type="breakout", room="Room 1",
                cluster_id=msme.id)
    create_item(forum, "Women in trade", start=time(10), end=time(11), type="breakout", room="Room 2",
                cluster_id=women.id)
    linh, _token = create_registration(forum, name="Nguyễn Phương Linh", email="linh@example.org", notify=False,
                                       status="confirmed")
    sopheak, _token = create_registration(forum, name="Sopheak", email="sopheak@example.org", notify=False,
                                          status="confirmed", attendance_mode="online")
    assign_registration(msme, linh)
    assign_registration(women, sopheak)
    db.session.commit()
    return forum


def test_mai_moves_a_breakout_and_notifies_only_those_concerned(page: Page, new_page, forum, inbox, shot,
                                                                 deliver_mail):
    sign_in(page, "Mai Tran", "mai@example.org")
    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("navigation", name="Manage this forum").get_by_role("link", name="Messages").click()
    page.get_by_role("navigation", name="Messages").get_by_role("link", name="Automatic messages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Automatic messages and programme changes")

    page.get_by_label("When I press “Notify participants of changes”").check()
    page.get_by_role("button", name="Save how changes are announced").click()
    expect(page.get_by_role("status")).to_contain_text("Programme-change notices saved.")
    expect(page.locator("#changes")).to_contain_text("No change since participants last heard")

    page.goto(f"/forums/{SLUG}/agenda/manage")
    page.get_by_role("link", name="Edit Access to finance").click()
    page.get_by_label("Room", exact=True).fill("Room 4")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("status")).to_contain_text("“Access to finance” saved.")

    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("link", name="1 programme change not yet announced").click()
    changes = page.locator("#changes")
    expect(changes).to_contain_text("1 change not yet announced")
    expect(changes).to_contain_text("1 person concerned")
    expect(changes).to_contain_text("Room changed: it was Room 1.")
    expect(changes.get_by_text("The email Nguyễn Phương Linh would get")).to_be_visible()
    preview = changes.locator(".auto-body")
    expect(preview).to_contain_text("Access to finance (MSME)")
    expect(preview).not_to_contain_text("Women in trade")
    shot("change-notices-desktop")

    phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(phone, "Mai Tran", "mai@example.org")
    phone.goto(f"/forums/{SLUG}/messages/automatic")
    shot("change-notices-phone", phone)

    page.get_by_role("button", name="Notify participants of changes").click()
    expect(page.get_by_role("status")).to_contain_text("The changes were sent to 1 person.")
    expect(page.locator("#changes")).to_contain_text("No change since participants last heard")
    page.get_by_role("button", name="Save how changes are announced").wait_for()

    # the reminder: a typo is named next to the box and kept, then the fix is saved
    reminder = page.locator("#auto-before")
    reminder.get_by_label("Send this reminder").check()
    body = reminder.get_by_label("Message", exact=True)
    typed = body.input_value().replace("{venue}", "{venu}")
    body.fill(typed)
    reminder.get_by_role("button", name="Save").click()
    expect(page.locator("#before-body-error")).to_contain_text("Unknown placeholder: {venu}.")
    expect(body).to_have_value(typed)  # what Mai typed is kept
    expect(reminder.get_by_label("Send this reminder")).to_be_checked()
    shot("automatic-reminder-error")
    body.fill(typed.replace("{venu}", "{venue}"))
    page.locator("#auto-before").get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Reminder saved.")
    expect(page.locator("#auto-before")).to_contain_text("Goes on 12 Apr 2027, 09:00 (Asia/Jakarta)")

    deliver_mail()
    assert [message["To"] for message in inbox.messages] == ["linh@example.org"]
    text = inbox.messages[0].get_body().get_content()
    assert inbox.messages[0]["Subject"] == "Programme changes: ASEAN Community Forum"
    assert "Access to finance (MSME)" in text
    assert "Room changed: it was Room 1." in text
    assert "Women in trade" not in text
