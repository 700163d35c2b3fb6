"""The foundation journey, through the browser only: an organiser signs up, creates a forum,
publishes it, and a signed-out visitor reads its concept note.

Nothing is written to the database directly; it is only read at the end to confirm what the UI did.
"""

from __future__ import annotations

import re
import unicodedata

from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

NAME = "Nguyễn Phương Linh"
EMAIL = "linh.nguyen@example.org"
PASSWORD = "lotus pond at dawn 2027"

TITLE = "ASEAN Community Forum 2027"
SLUG = "acf-2027"
BOLD = "people-centred"
SCRIPT_LINE = "<script>alert(1)</script>"
BACKGROUND = (
    f"The forum brings together civil society, governments and partners for a **{BOLD}** ASEAN.\n"
    "\n"
    f"{SCRIPT_LINE}\n"
)
OBJECTIVES = [
    "Take stock of civil society's contribution to the ASEAN Community Vision 2045",
    "Agree on priorities for the regional dialogue with ASEAN bodies",
    "Build alliances across sectors and borders",
]
THEMES = ["Women's empowerment", "Climate justice", "Digital rights"]


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


def header(page: Page):
    return page.get_by_role("banner")


def sign_out(page: Page) -> None:
    header(page).get_by_role("button", name="Sign out").click()
    expect(flash(page)).to_contain_text("You are signed out.")
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()


def sign_up(page: Page, shot, inbox, base_url: str) -> None:
    """Sign up, confirm the address from the email's link, and sign in."""
    page.goto("/account/signup")
    expect(page.get_by_role("heading", name="Create an account", level=1)).to_be_visible()
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    shot("01-signup-form")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    # the live server's worker sends it in the background: wait for it rather than race it
    assert inbox.wait_for(lambda box: any(m["To"] == EMAIL for m in box.messages))
    (message,) = [m for m in inbox.messages if m["To"] == EMAIL]
    link = re.search(rf"{re.escape(base_url)}/account/verify/\S+", message.get_content()).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my address").click()
    expect(flash(page)).to_contain_text(f"Thank you: {EMAIL} is confirmed.")
    sign_in(page, NAME, EMAIL, PASSWORD)
    expect(header(page).get_by_role("link", name=NAME)).to_be_visible()


def fill_forum_form(page: Page, start: str, end: str) -> None:
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Short name").fill(SLUG)
    page.get_by_label("Start date").fill(start)
    page.get_by_label("End date").fill(end)
    page.get_by_label("Time zone").fill("Asia/Jakarta")
    page.get_by_role("radio", name=re.compile(r"^Hybrid")).check()
    page.get_by_label("City").fill("Jakarta")
    page.get_by_label("Country").select_option(label="Indonesia")
    page.get_by_label("Background").fill(BACKGROUND)
    page.get_by_label("Objectives").fill("\n".join(OBJECTIVES))
    page.get_by_label("Themes or sectors").fill("\n".join(THEMES))


def save_forum(page: Page) -> None:
    page.get_by_role("main").get_by_role("button", name="Save").click()


def assert_not_found_for_visitor(visitor: Page) -> None:
    response = visitor.goto(f"/forums/{SLUG}/")
    assert response is not None
    assert response.status == 404
    expect(visitor.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(visitor.get_by_text(TITLE)).to_have_count(0)


def test_organiser_creates_and_publishes_a_forum_a_visitor_reads_it(page: Page, new_page, shot, db, inbox,
                                                                     live_server):
    dialogs: list[str] = []
    errors: list[str] = []
    watch(page, dialogs, errors)

    # 1. Sign up (and confirm the address from the email), sign out, sign in again.
    sign_up(page, shot, inbox, live_server.url)
    sign_out(page)
    sign_in(page, NAME, EMAIL, PASSWORD)
    expect(header(page).get_by_role("button", name="Sign out")).to_be_visible()

    # 2. New forum from the header nav: first with the end before the start.
    header(page).get_by_role("link", name="New forum").click()
    expect(page.get_by_role("heading", name="New forum", level=1)).to_be_visible()
    fill_forum_form(page, start="2027-04-15", end="2027-04-14")
    save_forum(page)

    end_date = page.get_by_label("End date")
    error_text = "The end date is before the start date."
    expect(end_date).to_have_attribute("aria-invalid", "true")
    expect(end_date).to_have_accessible_description(re.compile(re.escape(error_text)))
    end_field = page.locator(".field").filter(has=end_date)
    expect(end_field.locator(".error-message")).to_have_text(error_text)
    expect(end_field.locator(".error-message")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(f"End date: {error_text}")
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Objectives")).to_have_value("\n".join(OBJECTIVES))
    expect(page.get_by_label("Start date")).to_have_value("2027-04-15")
    expect(page.get_by_role("radio", name=re.compile(r"^Hybrid"))).to_be_checked()
    expect(page.get_by_label("Country")).to_have_value("ID")
    shot("02-forum-form-with-error")

    # 3. Fix the dates and save: a draft.
    page.get_by_label("Start date").fill("2027-04-14")
    page.get_by_label("End date").fill("2027-04-15")
    save_forum(page)
    expect(page).to_have_url(re.compile(rf"/forums/{SLUG}/$"))
    expect(flash(page)).to_contain_text("Forum created as a draft")
    expect(page.get_by_text("This forum is a draft: only its organisers can see this page.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # 4. Meanwhile a signed-out visitor (own cookies) cannot see the draft.
    visitor = watch(new_page(), dialogs, errors)
    assert_not_found_for_visitor(visitor)

    # 5. Publish from the Status page of the manage nav.
    manage_nav = page.get_by_role("navigation", name="Manage this forum")
    manage_nav.get_by_role("link", name=re.compile(r"^Status")).click()
    expect(page.get_by_role("heading", name="Status", level=1)).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"^Published\b")).check()
    page.get_by_role("button", name="Change status").click()
    expect(flash(page)).to_contain_text("Status changed.")
    expect(page.get_by_text("This forum is a draft")).to_have_count(0)
    expect(manage_nav.get_by_role("link", name="Status: Published")).to_be_visible()

    # 6. Signed out, the public page shows the concept note, with the script as harmless text.
    sign_out(page)
    page.goto(f"/forums/{SLUG}/")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Manage this forum")).to_have_count(0)
    expect(page.locator("ol.objectives > li")).to_have_text(OBJECTIVES)
    background = page.locator("section[aria-labelledby=background]")
    expect(background.locator("strong")).to_have_text(BOLD)
    expect(background.get_by_text(SCRIPT_LINE, exact=True)).to_be_visible()
    expect(page.locator("main script")).to_have_count(0)
    expect(page.locator("ul.tags > li")).to_have_text(THEMES)
    # Day and month in either order: the app formats dates for "en" (US order) even for en-GB browsers.
    expect(page.locator(".facts")).to_contain_text(
        re.compile(r"(14 April 2027|April 14, 2027) – (15 April 2027|April 15, 2027)"))
    expect(page.locator(".facts")).to_contain_text("Asia/Jakarta")
    expect(page.locator(".facts")).to_contain_text("Hybrid (in person and online)")
    expect(page.locator(".facts")).to_contain_text("Jakarta, Indonesia")
    shot("03-public-forum-page")

    # 7. The forum list shows it to everyone.
    page.goto("/forums/")
    card = page.locator(".forum-card").filter(has=page.get_by_role("link", name=TITLE))
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Jakarta, Indonesia")
    expect(card).to_contain_text("Published")
    shot("04-forum-list")
    card.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/forums/{SLUG}/$"))

    # 8. The same public page on a phone.
    phone = watch(new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True), dialogs, errors)
    phone.goto(f"/forums/{SLUG}/")
    expect(phone.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    shot("05-public-forum-page-phone", target=phone)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_VIEWPORT["width"], f"the phone page scrolls sideways: {page_width}px wide"

    assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.accounts.models import User
    from forumops.forums.models import Forum

    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert user is not None
    assert user.name == unicodedata.normalize("NFC", NAME)
    forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
    assert forum.status == "published"
    assert forum.objectives == OBJECTIVES
    assert forum.themes == THEMES
    assert (forum.timezone, forum.mode, forum.venue_city, forum.venue_country) == (
        "Asia/Jakarta", "hybrid", "Jakarta", "ID")
    assert SCRIPT_LINE in forum.background  # kept as typed; made harmless on output
