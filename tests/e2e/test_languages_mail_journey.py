"""A Vietnamese phone registers in Vietnamese and receives Vietnamese mail; Mai writes to a bilingual forum's
participants in English and Vietnamese, and checks both versions before sending.

The catalogues may still be empty here: what the pages and mail say is compared with what the Vietnamese
catalogue gives for the English (flask_babel.force_locale), so the journey holds before and after the
translators' work is merged; the page's language is read from its `lang` attributes, and the dates from
Babel's Vietnamese month words.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect
from sqlalchemy import select

from forumops.core.languages import language_name
from forumops.registration.mail import MAIL_SUBJECTS
from forumops.registration.models import Registration

from .conftest import PHONE_VIEWPORT, VIEWPORT, sign_in

SLUG = "acf-2027-languages"
TITLE = "ASEAN Community Forum 2027"


def vi(message: str, **values) -> str:
    """The English message as the Vietnamese catalogue has it."""
    with force_locale("vi"):
        return gettext(message, **values)


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def no_sideways_scroll(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{where} scrolls sideways: {width}px wide"


@pytest.fixture
def forum(create_forum, create_user, db):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(SLUG, status="registration_open", title=TITLE, mode="in_person", organiser=mai,
                         timezone="Asia/Ho_Chi_Minh", venue_city="Hà Nội", venue_country="VN")
    forum.languages = ["en", "vi"]
    db.session.commit()
    return forum


def test_a_vietnamese_phone_registers_in_vietnamese_and_receives_vietnamese_mail(new_page, shot, db, forum,
                                                                                   deliver_mail, live_server):
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="vi-VN")
    phone.goto(f"/forums/{SLUG}/register")
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    expect(phone.get_by_role("heading", name=vi("Register"), level=1)).to_be_visible()
    phone.locator("#name").fill("Nguyễn Phương Linh")
    phone.locator("#email").fill("linh@example.org")
    phone.locator("#country").select_option("VN")
    phone.locator("#consent_privacy").check()
    no_sideways_scroll(phone, "the Vietnamese form")
    phone.get_by_role("button", name=vi("Register")).click()
    expect(phone.get_by_role("heading", name=vi("Check your email"), level=1)).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "vi")

    [mail] = [m for m in deliver_mail() if m["To"] == "linh@example.org"]
    assert mail["Subject"] == vi(MAIL_SUBJECTS["received"], forum=TITLE)
    body = body_of(mail)
    assert vi("Your place at %(forum)s is confirmed.", forum=TITLE) in body
    assert "14 tháng 4, 2027" in body  # the forum's dates with the month in Vietnamese words
    assert db.session.scalar(select(Registration.language)) == "vi"

    # Her private page, from the link in the mail: her emails are in Tiếng Việt, and she can choose another.
    link = re.search(rf"{re.escape(live_server.url)}/forums/{SLUG}/registration/\S+", body).group(0)
    phone.goto(link)
    choice = phone.get_by_label(vi("Emails in"))
    expect(choice).to_have_value("vi")
    expect(phone.locator("#mail_language option[value=th]")).to_have_attribute("lang", "th")
    phone.locator(".mail-language").scroll_into_view_if_needed()
    shot("languages-01-emails-in-phone", target=phone)
    no_sideways_scroll(phone, "the private page")
    choice.select_option("en")
    phone.get_by_role("button", name=vi("Save the language")).click()
    expect(phone.get_by_role("status").first).to_contain_text(vi("Your emails will be written in %(language)s.",
                                                                  language=language_name("en", "vi")))
    db.session.rollback()  # a new transaction: it sees what the browser's request committed
    assert db.session.scalar(select(Registration.language)) == "en"


def test_mai_writes_in_english_and_vietnamese_and_previews_both(page: Page, new_page, shot, db, forum,
                                                                create_registration):
    create_registration(forum, name="Nguyễn Phương Linh", email="linh@example.org", language="vi", notify=False)
    create_registration(forum, name="Ana Reyes", email="ana@example.org", language="en", notify=False)
    sign_in(page, "Mai", "mai@example.org")
    page.goto(f"/forums/{SLUG}/messages/new")
    page.get_by_label("Subject", exact=True).fill("Room change for {forum}")
    page.get_by_label("Message", exact=True).fill("Dear {name},\n\nWe meet in room 3 on {dates}.")
    page.get_by_label("Subject in Vietnamese").fill("Đổi phòng: {forum}")
    page.get_by_label("Message in Vietnamese").fill("Kính gửi {name},\n\nChúng ta họp ở phòng 3, {dates}.")
    expect(page.get_by_label("Message in Vietnamese")).to_have_attribute("lang", "vi")
    page.get_by_role("button", name="Preview", exact=True).click()
    preview = page.locator("#preview")
    expect(preview.locator(".preview-version")).to_have_count(2)
    expect(preview.locator(".preview-version[lang=vi]")).to_contain_text("Chúng ta họp ở phòng 3, 14 tháng 4")
    expect(preview.locator(".preview-version[lang=en]")).to_contain_text("We meet in room 3 on 14 April 2027")
    shot("languages-02-composer-versions-desktop")
    phone = new_page(viewport=PHONE_VIEWPORT, storage_state=page.context.storage_state())
    phone.goto(f"/forums/{SLUG}/messages/new")
    phone.get_by_label("Subject in Vietnamese").scroll_into_view_if_needed()
    shot("languages-03-composer-versions-phone", target=phone)
    no_sideways_scroll(phone, "the composer")

    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Room change for")
    page.get_by_text("The message as written").click()
    expect(page.locator(".message-version")).to_have_count(2)
    assert page.viewport_size == VIEWPORT
    shot("languages-04-message-versions-desktop")
