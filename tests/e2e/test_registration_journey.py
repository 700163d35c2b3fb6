"""The registration journey, through the browser: a participant registers on her phone, is told to check
her email (the answer never says whether an address was registered), receives the confirmation on a real
SMTP server, follows the private link in it and cancels, and the next person on
the waiting list gets her place and an email saying so.

The forum (hybrid, open for registration, one place in all) is made with the factory fixtures and the
operations; everything after that goes through the UI. The database is only read at the end.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from email.message import EmailMessage

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT

SLUG = "acf-2027-registration"
TITLE = "ASEAN Community Forum 2027"
CLUSTERS = ["Women empowerment", "Rural development", "MSME development"]
SECTOR = "Which sector does your organisation work in?"
SECTORS = ["Women's empowerment", "Rural development", "MSME development", "Other"]

LINH = {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
        "job_title": "Project officer", "country": "Viet Nam", "dietary": "Vegetarian"}
SOPHEAK = {"name": "សុខ សុភ័ក្ត្រ", "email": "sopheak@example.org",
           "organisation": "Cambodia Women Entrepreneur Association", "country": "Cambodia"}


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


@pytest.fixture
def forum(create_forum, db):
    """Hybrid, open for registration, one place in all; three clusters, a sector question, a plenary."""
    from forumops.agenda import operations as agenda_ops
    from forumops.clusters.operations import create_cluster
    from forumops.registration import seats, setup

    forum = create_forum(SLUG, status="registration_open", title=TITLE, mode="hybrid",
                         timezone="Asia/Jakarta", venue_city="Jakarta", venue_country="ID")
    for name in CLUSTERS:
        create_cluster(forum, name, "")
    seats.settings_for(forum).capacity = 1
    setup.add_question(forum, {"label": SECTOR, "kind": "single_choice", "required": True,
                                    "options": SECTORS})
    agenda_ops.create_item(forum, {
        "day": date(2027, 4, 14), "start": time(9), "end": time(10), "title": "Plenary opening",
        "type": "opening_session", "room": "Plenary hall", "cluster_id": None, "people": [],
        "description": ""})
    db.session.commit()
    return forum


def mail_to(deliver_mail, address: str) -> list[EmailMessage]:
    return [m for m in deliver_mail() if m["To"] == address]


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def manage_link(message: EmailMessage, base_url: str) -> str:
    found = re.search(rf"{re.escape(base_url)}/forums/{SLUG}/registration/[A-Za-z0-9_-]+", body_of(message))
    assert found, f"no manage link in the email:\n{body_of(message)}"
    return found.group(0)


def fill_registration(page: Page, person: dict, mode: str, sector: str, first_cluster: str | None = None,
                      dietary: str = "") -> None:
    page.get_by_label("Full name").fill(person["name"])
    page.get_by_label("Email address").fill(person["email"])
    page.get_by_label("Organisation", exact=True).fill(person["organisation"])
    if person.get("job_title"):
        page.get_by_label("Job title").fill(person["job_title"])
    page.get_by_label("Country").select_option(label=person["country"])
    page.get_by_label("You take part as").select_option(label="Civil-society representative")
    page.get_by_role("radio", name=mode, exact=True).check()
    if first_cluster:
        page.get_by_label("First choice of cluster").select_option(label=first_cluster)
    if dietary:
        page.get_by_label("Dietary needs").fill(dietary)
    page.get_by_role("group", name=SECTOR).get_by_role("radio", name=sector, exact=True).check()
    page.get_by_label("I have read the privacy notice").check()


def test_participant_registers_on_her_phone_cancels_by_email_link_and_the_next_in_line_is_promoted(
        page: Page, new_page, shot, db, forum, deliver_mail, live_server):
    dialogs: list[str] = []
    errors: list[str] = []

    # 1. Phương Linh registers on her phone: the forum has one place, and she takes it.
    phone = watch(new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True), dialogs, errors)
    phone.goto(f"/forums/{SLUG}/register")
    expect(phone.get_by_role("heading", name="Register", level=1)).to_be_visible()
    fill_registration(phone, LINH, "In person", "Women's empowerment", first_cluster="Women empowerment",
                      dietary=LINH["dietary"])
    shot("registration-01-form-phone", target=phone)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_VIEWPORT["width"], f"the form scrolls sideways on a phone: {page_width}px wide"
    phone.get_by_role("button", name="Register").click()

    # The answer says nothing a stranger typing her address could learn from: check your email.
    expect(phone).to_have_url(re.compile(rf"/forums/{SLUG}/register/sent$"))
    expect(phone.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    expect(flash(phone)).to_contain_text(f"We have sent an email to {LINH['email']}")
    shot("registration-02-check-your-email-phone", target=phone)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_VIEWPORT["width"], f"the answer scrolls sideways: {page_width}px wide"

    # 2. Her confirmation is on the SMTP server: the manage link, her check-in code, the programme (.ics).
    [confirmation] = mail_to(deliver_mail, LINH["email"])
    assert confirmation["Subject"] == f"Your place at {TITLE} is confirmed"
    body = body_of(confirmation)
    assert f"Dear {LINH['name']}," in body
    assert "You will take part in person." in body
    link = manage_link(confirmation, live_server.url)

    # She opens the link from it: her registration, confirmed, with everything she typed.
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Your registration", level=1)).to_be_visible()
    summary = phone.locator(".registration-summary")
    expect(summary).to_contain_text("Confirmed")
    expect(summary).to_contain_text(LINH["name"])
    expect(phone.get_by_label("Full name")).to_have_value(LINH["name"])
    expect(phone.get_by_label("Dietary needs")).to_have_value(LINH["dietary"])
    expect(phone.get_by_label("First choice of cluster")).to_have_value(str(_cluster_id(db, "Women empowerment")))
    checkin_code = summary.locator(".checkin-code").inner_text()
    assert checkin_code in body
    shot("registration-02b-confirmed-phone", target=phone)
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_VIEWPORT["width"], f"the manage page scrolls sideways: {page_width}px wide"
    [ics] = list(confirmation.iter_attachments())
    assert (ics.get_filename(), ics.get_content_type()) == (f"{SLUG}.ics", "text/calendar")
    calendar = ics.get_content()
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "BEGIN:VCALENDAR" in calendar
    assert "SUMMARY:Plenary opening" in calendar

    # 3. Sopheak registers from his laptop to join online: there is no place left, so he waits.
    watch(page, dialogs, errors)
    page.goto(f"/forums/{SLUG}/register")
    expect(page.get_by_role("note")).to_contain_text("All places are taken for now. You can still register")
    fill_registration(page, SOPHEAK, "Online", "MSME development", first_cluster="MSME development")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    shot("registration-02c-check-your-email-desktop")
    [waiting] = mail_to(deliver_mail, SOPHEAK["email"])
    assert waiting["Subject"] == f"You are on the waiting list for {TITLE}"
    assert list(waiting.iter_attachments()) == []
    sopheak_link = manage_link(waiting, live_server.url)
    page.goto(sopheak_link)
    expect(page.locator(".registration-summary")).to_contain_text("On the waiting list")
    expect(page.locator(".registration-summary")).to_contain_text(SOPHEAK["name"])
    expect(page.locator(".checkin-code")).to_have_count(0)

    # 4. Linh cannot come after all: she opens the link from her email on her phone and cancels.
    phone.goto(link)
    expect(phone.locator(".registration-summary")).to_contain_text("Confirmed")
    phone.get_by_role("button", name="Cancel my registration").click()  # without ticking: refused, kept
    expect(phone.get_by_text("Tick the box to confirm that you want to cancel.")).to_be_visible()
    phone.get_by_label("Yes, cancel my registration", exact=False).check()
    phone.get_by_role("button", name="Cancel my registration").click()
    expect(flash(phone)).to_contain_text("Your registration is cancelled. Thank you for letting us know.")
    expect(phone.locator(".registration-summary")).to_contain_text("Cancelled")
    expect(phone.get_by_text("This registration can no longer be changed.")).to_be_visible()
    expect(phone.get_by_role("button", name="Cancel my registration")).to_have_count(0)
    shot("registration-03-cancelled-phone", target=phone)

    # 5. Both emails have arrived by the time the page is back: hers, and his place.
    subjects = [m["Subject"] for m in mail_to(deliver_mail, LINH["email"])]
    assert subjects == [f"Your place at {TITLE} is confirmed", f"Your registration for {TITLE} is cancelled"]
    promoted = mail_to(deliver_mail, SOPHEAK["email"])[1:]
    assert [m["Subject"] for m in promoted] == [f"A place opened up: you are confirmed for {TITLE}"]
    promoted_body = body_of(promoted[0])
    assert f"Dear {SOPHEAK['name']}," in promoted_body
    assert [a.get_filename() for a in promoted[0].iter_attachments()] == [f"{SLUG}.ics"]

    # 6. The promotion email carries a link of its own (only hashes are stored, so a new email needs a new
    #    link), and the link he bookmarked from the first email keeps working: both show his confirmed place.
    page.goto(sopheak_link)
    expect(page.locator(".registration-summary")).to_contain_text("Confirmed")
    page.goto(manage_link(promoted[0], live_server.url))
    expect(page.locator(".registration-summary")).to_contain_text("Confirmed")
    expect(page.locator(".checkin-code")).to_have_count(1)
    expect(page.get_by_role("radio", name="Online", exact=True)).to_be_checked()
    shot("registration-04-promoted-desktop")

    assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.registration.models import Question, Registration

    db.session.rollback()
    db.session.expire_all()
    rows = {r.email: r for r in db.session.scalars(select(Registration).where(Registration.forum_id == forum.id))}
    linh, sopheak = rows[LINH["email"]], rows[SOPHEAK["email"]]
    question = db.session.scalar(select(Question).where(Question.forum_id == forum.id))
    assert linh.status == "cancelled"
    assert linh.decided_at is not None
    assert linh.name == unicodedata.normalize("NFC", LINH["name"])
    assert (linh.country, linh.attendance_mode, linh.dietary_needs, linh.organisation_name) == (
        "VN", "in_person", "Vegetarian", LINH["organisation"])
    assert linh.cluster_preferences == [_cluster_id(db, "Women empowerment")]
    assert linh.answers == {str(question.id): "Women's empowerment"}
    assert linh.checkin_code == checkin_code
    assert sopheak.status == "confirmed"
    assert sopheak.waitlisted_at is None
    assert (sopheak.name, sopheak.country, sopheak.attendance_mode) == (SOPHEAK["name"], "KH", "online")


def _cluster_id(db, name: str) -> int:
    from sqlalchemy import select

    from forumops.agenda.models import Cluster
    from forumops.forums.models import Forum

    return db.session.scalar(select(Cluster.id).join(Forum, Forum.id == Cluster.forum_id)
                             .where(Forum.slug == SLUG, Cluster.name == name))


def test_when_the_database_is_unavailable_nothing_typed_is_lost(page: Page, new_page, shot, create_forum,
                                                                  create_user, db, live_server, monkeypatch):
    """The registration POST meets a locked database (the seat lock not granted in time): a 503 page that
    says nothing was saved, and Back gives the form as she filled it, ready to send again."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from forumops.registration import seats

    create_forum(f"{SLUG}-busy", status="registration_open", title=TITLE, mode="hybrid",
                 organiser=create_user(email="mai@example.org"), start_date=date(2027, 4, 14),
                 end_date=date(2027, 4, 15))

    def locked(*_args, **_kwargs):
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(f"/forums/{SLUG}-busy/register")
    phone.get_by_label("Full name").fill(LINH["name"])
    phone.get_by_label("Email address").fill(LINH["email"])
    phone.get_by_label("Country").select_option(label=LINH["country"])
    phone.get_by_label("Dietary needs").fill(LINH["dietary"])
    phone.get_by_label("I have read the privacy notice").check()
    monkeypatch.setattr(seats, "register", locked)
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your text is safe, but it was not saved")
    expect(phone.get_by_role("main")).to_contain_text("Back")
    shot("registration-05-database-busy-phone", phone)
    monkeypatch.undo()
    phone.go_back()
    expect(phone.get_by_label("Full name")).to_have_value(LINH["name"])
    expect(phone.get_by_label("Email address")).to_have_value(LINH["email"])
    expect(phone.get_by_label("Country")).to_have_value("VN")
    expect(phone.get_by_label("I have read the privacy notice")).to_be_checked()
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    from sqlalchemy import select

    from forumops.registration.models import Registration

    db.session.rollback()
    assert db.session.scalar(select(Registration.name).where(Registration.email == LINH["email"])) == LINH["name"]
