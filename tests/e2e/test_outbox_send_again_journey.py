"""A failed email sent again from the outbox page (issue 17, bad input: "a visible per-recipient failure with a
retry"): Phương Linh's confirmation failed (her mailbox was full for days); Mai presses "Send again" beside it,
the worker delivers it, and the button is gone.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from forumops.core.outbox import OutboxMessage, queue_mail

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027"


def test_mai_sends_a_failed_confirmation_again(page: Page, new_page, db, create_forum, create_user, inbox, shot,
                                               deliver_mail):
    mai = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug=SLUG, title="ASEAN Community Forum", organiser=mai)
    queue_mail("sopheak@example.org", "Registration received", "Thank you.", forum_id=forum.id)
    failed = db.session.get(OutboxMessage, queue_mail("linh@example.org", "Your place is confirmed",
                                                      "Your link: ...", forum_id=forum.id))
    failed.status, failed.attempts, failed.last_error = "failed", 77, "452 4.2.2 Mailbox full"
    db.session.commit()
    deliver_mail()  # Sopheak's mail goes; Linh's stays failed

    sign_in(page, "Mai Tran", "mai@example.org")
    page.goto(f"/forums/{SLUG}/outbox")
    row = page.get_by_role("row").filter(has_text="linh@example.org")
    expect(row).to_contain_text("452 4.2.2 Mailbox full")
    expect(page.get_by_role("row").filter(has_text="sopheak@example.org")).to_contain_text("Sent")
    expect(page.get_by_role("button", name="Send again")).to_have_count(1)
    shot("outbox-send-again-desktop")
    phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(phone, "Mai Tran", "mai@example.org")
    phone.goto(f"/forums/{SLUG}/outbox")
    shot("outbox-send-again-phone", phone)

    row.get_by_role("button", name="Send again to linh@example.org").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The email to linh@example.org is queued to be sent again.")
    received = deliver_mail()
    assert [m["To"] for m in received if m["Subject"] == "Your place is confirmed"] == ["linh@example.org"]
    page.reload()
    expect(page.get_by_role("row").filter(has_text="linh@example.org")).to_contain_text("Sent")
    expect(page.get_by_role("button", name="Send again")).to_have_count(0)
    shot("outbox-sent-again-desktop")
