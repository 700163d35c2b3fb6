"""Issue 18, item 1, through the browser: Linh signs up, is told to check her email, signs in before confirming
and meets the banner and the "confirm first" page when she tries to make a forum; an old link tells her it has
expired and sends a new one; the email's link confirms her address, and she creates her forum.

Mail reaches a real SMTP server (the `inbox` fixture); the database is written once, to age one link.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, VIEWPORT, sign_in

NAME = "Nguyễn Phương Linh"
EMAIL = "linh.nguyen@example.org"
PASSWORD = "lotus pond at dawn 2027"
SLUG = "mekong-water-2027"
TITLE = "Mekong Water Dialogue 2027"


def confirmation_links(inbox, base_url: str) -> list[str]:
    """Every address-confirmation link mailed to Linh, oldest first."""
    links = []
    for message in inbox.messages:
        if message["To"] == EMAIL:
            body = message.get_body(preferencelist=("plain",)).get_content()
            links += re.findall(rf"{re.escape(base_url)}/account/verify/[A-Za-z0-9_-]{{43}}", body)
    return links


def both_widths(page: Page, shot, name: str) -> None:
    shot(f"{name}-desktop", page)
    page.set_viewport_size(PHONE_VIEWPORT)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"{name}: the phone page scrolls sideways ({width}px)"
    shot(f"{name}-phone", page)
    page.set_viewport_size(VIEWPORT)


def test_linh_signs_up_confirms_her_address_from_the_email_and_creates_a_forum(
        page: Page, shot, db, inbox, live_server):
    from forumops.accounts.models import EmailVerification, User
    from forumops.core.models import utcnow
    from forumops.forums.models import Forum

    status = page.get_by_role("status")

    # 1. Sign up: "check your email", whatever the address; the email holds the link.
    page.goto("/account/signup")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    expect(status).to_contain_text(f"We have sent a message to {EMAIL}.")
    both_widths(page, shot, "address-01-check-your-email")
    assert inbox.wait_for(lambda box: len(confirmation_links(box, live_server.url)) == 1)
    (first_link,) = confirmation_links(inbox, live_server.url)

    # 2. Signed in before confirming: the banner on every page; a forum needs a confirmed address.
    sign_in(page, NAME, EMAIL, PASSWORD)
    banner = page.get_by_role("region", name="Confirm your email address")
    expect(banner).to_contain_text(f"We sent a link to {EMAIL}")
    expect(banner.get_by_role("button", name="Email me a new link")).to_be_visible()
    both_widths(page, shot, "address-02-banner")
    page.get_by_role("banner").get_by_role("link", name="New forum").click()
    expect(page.get_by_role("heading", name="Confirm your email address", level=1)).to_be_visible()
    expect(page.get_by_text("not create a forum or accept a role")).to_be_visible()
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(1)  # no banner twice
    both_widths(page, shot, "address-03-confirm-first")

    # 3. The link has aged past its 48 hours: the page says so and sends a new one.
    row = db.session.query(EmailVerification).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page.goto(first_link)
    expect(page.get_by_role("heading", name="This link has expired", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing was changed")).to_be_visible()
    both_widths(page, shot, "address-04-link-expired")
    page.get_by_role("button", name="Email me a new link").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    expect(status).to_contain_text(f"A new link is on its way to {EMAIL}.")
    # the mail worker sends it a moment after the page answers: wait for it (bounded) rather than race it
    assert inbox.wait_for(lambda box: len(confirmation_links(box, live_server.url)) == 2)
    first, second = confirmation_links(inbox, live_server.url)
    assert first == first_link
    assert second != first_link

    # 4. The new link names the account; its button confirms. The banner is gone and the forum can be made.
    page.goto(second)
    expect(page.get_by_text(f"Confirm that {EMAIL} is the address of the ForumOps account of {NAME}.")).to_be_visible()
    both_widths(page, shot, "address-05-confirm-link")
    page.get_by_role("button", name="Confirm my address").click()
    expect(status).to_contain_text(f"Thank you: {EMAIL} is confirmed.")
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(0)
    page.get_by_role("banner").get_by_role("link", name="New forum").click()
    expect(page.get_by_role("heading", name="New forum", level=1)).to_be_visible()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Short name").fill(SLUG)
    page.get_by_label("Start date").fill("2027-05-10")
    page.get_by_label("End date").fill("2027-05-11")
    page.get_by_label("Time zone").fill("Asia/Bangkok")
    page.get_by_role("radio", name=re.compile(r"^In person")).check()
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(status).to_contain_text("Forum created as a draft")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # 5. Used once: the link says so.
    page.goto(second)
    expect(page.get_by_role("heading", name="This link has been used already", level=1)).to_be_visible()

    # 6. A new address is asked for with the password, and waits for its own link; the old one holds meanwhile.
    page.goto("/account/")
    address = page.get_by_role("region", name="Email address")
    address.get_by_label("New email address").fill("linh@womens-union.example.org")
    address.get_by_label("Current password").fill("not my password")
    address.get_by_role("button", name="Send a confirmation link").click()
    expect(address.get_by_label("Current password")).to_have_accessible_description(
        re.compile("That is not your current password."))
    expect(address.get_by_label("New email address")).to_have_value("linh@womens-union.example.org")
    address.get_by_label("Current password").fill(PASSWORD)
    address.get_by_role("button", name="Send a confirmation link").click()
    expect(status).to_contain_text(f"Until then your address stays {EMAIL}.")
    expect(page.get_by_text("Waiting for you to confirm linh@womens-union.example.org")).to_be_visible()
    both_widths(page, shot, "address-06-change-waiting")

    db.session.rollback()
    user = db.session.query(User).filter_by(email=EMAIL).one()
    assert user.is_verified
    assert db.session.query(Forum).filter_by(slug=SLUG).one().created_by_id == user.id
