"""Bulk approval at the registration desk: one tick selects every registration shown (issue 14, smaller)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from forumops.registration import seats, setup
from forumops.registration.models import Registration

from .conftest import PHONE_VIEWPORT, sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")


@pytest.fixture
def forum(create_user, create_forum, db):
    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(slug="acf", status="registration_open", organiser=organiser,
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    setup.update_settings(forum, {"approval_required": True})
    for n in range(4):
        seats.register(forum, {"name": f"Person {n}", "email": f"p{n}@example.org", "country": "VN",
                                    "consent_privacy": True}, notify=False)
    db.session.commit()
    return forum


def test_select_all_ticks_every_row_and_approves_them(page: Page, new_page, shot, forum, db):
    sign_in(page, *ORGANISER)
    page.goto("/forums/acf/registrations")
    select_all = page.get_by_role("checkbox", name="Select all 4 shown")
    rows = page.get_by_role("checkbox", name="Select Person")

    select_all.check()
    for n in range(4):
        expect(rows.nth(n)).to_be_checked()
    rows.nth(0).uncheck()  # one cleared: the header box is no longer fully ticked
    assert select_all.evaluate("box => box.indeterminate")
    assert not select_all.is_checked()
    select_all.check()
    shot("desk-select-all")
    phone = new_page(viewport=PHONE_VIEWPORT)  # on a phone the table's header row is hidden: the box is not in it
    sign_in(phone, *ORGANISER)
    phone.goto("/forums/acf/registrations")
    expect(phone.get_by_role("checkbox", name="Select all 4 shown")).to_be_visible()
    shot("desk-select-all-phone", target=phone)
    page.get_by_role("button", name="Approve", exact=True).click()

    expect(page.get_by_role("status").first).to_contain_text("4")
    db.session.expire_all()
    assert set(db.session.scalars(select(Registration.status))) == {"confirmed"}


def test_without_javascript_the_header_box_is_not_offered(new_page, forum):
    page = new_page(java_script_enabled=False)
    sign_in(page, *ORGANISER)
    page.goto("/forums/acf/registrations")
    expect(page.get_by_role("checkbox", name="Select Person 0")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Select all 4 shown")).to_be_hidden()
