"""The outbox as organisers read it: on a desktop an address stays whole while the subject column wraps; on a
phone, where the column headings are hidden, each value is named."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from forumops.core.outbox import queue_mail

from .conftest import PHONE_VIEWPORT, sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")
ADDRESSES = ("chan.sophal@example.org", "somsri.jaidee@example.org", "tran.minh.duc@example.org")


@pytest.fixture
def forum(create_user, create_forum, db):
    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(slug="acf", title="ASEAN Community Forum 2027: From Recommendations to Results",
                         status="registration_open", organiser=organiser, start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 15))
    for address in ADDRESSES:
        queue_mail(address, f"Venue note for {forum.title}", "Dear participant,\n\nSee you.", forum_id=forum.id)
    db.session.commit()
    return forum


LINES_OF_ADDRESSES = """() => [...document.querySelectorAll('.outbox .outbox-to')].map(cell => {
  const range = document.createRange(); range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })"""


def test_addresses_stay_whole_and_each_value_is_named_on_a_phone(page: Page, new_page, shot, forum):
    sign_in(page, *ORGANISER)
    page.goto("/forums/acf/outbox")
    assert page.evaluate(LINES_OF_ADDRESSES) == [1, 1, 1]  # the subject column wraps instead
    shot("outbox-desktop")

    phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(phone, *ORGANISER)
    phone.goto("/forums/acf/outbox")
    labels = phone.evaluate("""() => [...document.querySelector('.outbox tbody tr').cells].map(
        cell => getComputedStyle(cell, '::before').content)""")
    assert labels == ['"Created"', '"To"', '"Subject and text"', '"Status"', '"Attempts"']
    shot("outbox-phone", target=phone)
