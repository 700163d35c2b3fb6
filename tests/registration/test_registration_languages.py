"""A registration's language: the one its form was filled in, changed by the participant on their private page,
and every email to them written in it, the forum's main language and English behind it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from forumops.accounts.models import User
from forumops.registration import seats
from forumops.registration.mail import MAIL_SUBJECTS
from forumops.registration.models import Registration


@pytest.fixture
def forum(create_forum, create_user):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open",
                        organiser=create_user(email="mai@example.org"), mode="hybrid",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


def form(**overrides):
    return {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "country": "VN",
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y", **overrides}


def expected_subject(language: str, kind: str = "received", forum: str = "ASEAN Community Forum") -> str:
    """The subject as the language's catalogue has it (the English until the translators' work is merged)."""
    with force_locale(language):
        return gettext(MAIL_SUBJECTS[kind], forum=forum)


def body_of(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def private_link(mail) -> str:
    return re.search(r"/forums/acf/registration/(\S+)", body_of(mail)).group(1)


def test_a_vietnamese_registration_stores_vi_and_its_mail_is_vietnamese(client, forum, db, deliver_mail):
    response = client.post("/forums/acf/register", data=form(), headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert response.status_code == 302
    assert db.session.scalar(select(Registration.language)) == "vi"
    [mail] = deliver_mail()
    assert mail["Subject"] == expected_subject("vi")
    assert "14 tháng 4, 2027" in body_of(mail)  # the forum's dates, month in Vietnamese words
    assert "April" not in body_of(mail)


def test_a_khmer_registration_is_mailed_in_khmer_with_english_where_untranslated(client, forum, db, deliver_mail):
    client.post("/forums/acf/register", data=form(), headers={"Accept-Language": "km"})
    assert db.session.scalar(select(Registration.language)) == "km"  # a participant's language: stored as is
    [mail] = deliver_mail()
    assert mail["Subject"] == expected_subject("km")
    assert "មេសា" in body_of(mail)  # April, in Khmer
    with force_locale("km"):
        assert gettext("Your check-in code at the registration desk:") in body_of(mail)


def test_a_browser_in_no_shipped_language_registers_in_english(client, forum, db, deliver_mail):
    client.post("/forums/acf/register", data=form(), headers={"Accept-Language": "de-DE,fr;q=0.8"})
    assert db.session.scalar(select(Registration.language)) == "en"
    assert "14 April 2027" in body_of(deliver_mail()[0])


def test_the_desk_and_imports_register_in_the_forums_main_language(forum, db, create_registration):
    forum.languages = ["vi", "en"]
    db.session.commit()
    registration, _token = create_registration(forum, notify=False)  # seats.register, as the desk and imports
    assert registration.language == "vi"


def test_an_unknown_stored_language_gets_the_forums_main_language(forum, db, create_registration, deliver_mail):
    forum.languages = ["vi", "en"]
    db.session.commit()
    registration, _token = create_registration(forum, notify=False)
    registration.language = "xx"  # written by an older version, or by hand
    db.session.commit()
    seats.cancel(forum, registration)
    db.session.commit()
    [mail] = deliver_mail()
    assert mail["Subject"] == expected_subject("vi", "cancelled")


def test_a_forum_whose_main_language_is_unknown_writes_english(forum, db, create_registration, deliver_mail):
    forum.languages = ["xx"]
    db.session.commit()
    create_registration(forum, language="zz")
    [mail] = deliver_mail()
    assert mail["Subject"] == expected_subject("en")
    assert "14 April 2027" in body_of(mail)


def test_the_participant_changes_the_language_of_their_emails(client, forum, db, deliver_mail):
    client.post("/forums/acf/register", data=form(), headers={"Accept-Language": "en"})
    token = private_link(deliver_mail()[0])
    page = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert re.search(r'<option lang="vi" value="vi">Tiếng Việt</option>', page)  # each named in itself
    assert re.search(r'<option lang="en" selected value="en">English</option>', page)

    response = client.post(f"/forums/acf/registration/{token}/language", data={"mail_language": "vi"})
    assert response.status_code == 302
    assert db.session.scalar(select(Registration.language)) == "vi"
    client.post(f"/forums/acf/registration/{token}/cancel", data={"confirm": "y"})
    cancelled = deliver_mail()[-1]
    assert cancelled["Subject"] == expected_subject("vi", "cancelled")
    with force_locale("vi"):
        assert gettext("Your registration for %(forum)s is cancelled; if someone is waiting for a place, it is "
                       "theirs now. You are welcome to register again while registration is open.",
                       forum="ASEAN Community Forum") in " ".join(body_of(cancelled).split())


def test_an_unknown_language_is_refused_beside_the_field_and_nothing_changes(client, forum, db, deliver_mail):
    client.post("/forums/acf/register", data=form(), headers={"Accept-Language": "th"})
    token = private_link(deliver_mail()[0])
    response = client.post(f"/forums/acf/registration/{token}/language", data={"mail_language": "xx"})
    assert response.status_code == 422
    assert "Choose one of the languages listed." in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration.language)) == "th"


def test_the_desk_shows_the_language_of_a_persons_emails(client, forum, db, login, create_registration):
    registration, _token = create_registration(forum, language="vi", notify=False)
    login(db.session.scalar(select(User).where(User.email == "mai@example.org")))
    page = client.get(f"/forums/acf/registrations/{registration.id}").get_data(as_text=True)
    assert '<span lang="vi">Tiếng Việt</span>' in page
