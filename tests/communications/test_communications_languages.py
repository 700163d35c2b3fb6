"""Messages in several languages: the composer's versions per forum language, each person getting theirs (else
the main one), the whole email in the version's language, and ForumOps' own texts in every reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from forumops.communications import changes
from forumops.communications.automatic import new_settings, send_if_due
from forumops.communications.models import Announcement, MessageTemplate
from forumops.communications.operations import send_announcement
from forumops.communications.recipients import RecipientFilters, find_recipients
from forumops.core.outbox import OutboxMessage
from tests.conftest import count_queries

FOOTER = "You receive this because you registered for %(forum)s."


def footer_in(language: str) -> str:
    with force_locale(language):
        return gettext(FOOTER, forum="ASEAN Community Forum")


@pytest.fixture
def bilingual(forum, db):
    """The forum in English first, then Vietnamese."""
    forum.languages = ["en", "vi"]
    db.session.commit()
    return forum


def compose(client, forum, **fields):
    data = {"subject": "Room change for {forum}", "body": "Dear {name},\n\nWe meet in room 3, {dates}.",
            "subject_vi": "Đổi phòng: {forum}", "body_vi": "Kính gửi {name},\n\nChúng ta họp ở phòng 3, {dates}.",
            "status": "confirmed", "when": "now", "action": "send", **fields}
    return client.post(f"/forums/{forum.slug}/messages/new", data=data)


def mail_to(db, address: str) -> OutboxMessage:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == address,
                                                          OutboxMessage.kind == "announcement"))


def test_each_person_gets_the_version_in_their_language(db, client, login, mai, bilingual, create_registration,
                                                       deliver_mail):
    create_registration(bilingual, name="Linh", email="linh@example.org", language="vi", notify=False)
    create_registration(bilingual, name="Ana", email="ana@example.org", language="en", notify=False)
    create_registration(bilingual, name="Som", email="som@example.org", language="th", notify=False)  # no Thai one
    login(mai)
    assert compose(client, bilingual).status_code == 302
    mails = {mail["To"]: mail for mail in deliver_mail()}
    vietnamese = mails["linh@example.org"].get_body(preferencelist=("plain",)).get_content()
    assert mails["linh@example.org"]["Subject"] == "Đổi phòng: ASEAN Community Forum"
    assert "Kính gửi Linh" in vietnamese
    assert "tháng" in vietnamese
    assert footer_in("vi") in vietnamese
    english = mails["ana@example.org"].get_body(preferencelist=("plain",)).get_content()
    assert mails["ana@example.org"]["Subject"] == "Room change for ASEAN Community Forum"
    assert "Dear Ana" in english
    assert "April" in english
    assert footer_in("en") in english
    assert mails["som@example.org"]["Subject"] == "Room change for ASEAN Community Forum"  # the main version
    announcement = db.session.scalar(select(Announcement))
    assert announcement.versions == {"vi": {"subject": "Đổi phòng: {forum}",
                                            "body": "Kính gửi {name},\n\nChúng ta họp ở phòng 3, {dates}."}}


def test_the_messages_page_lists_its_versions(db, client, login, mai, bilingual, create_registration):
    create_registration(bilingual, language="vi", notify=False)
    login(mai)
    compose(client, bilingual)
    announcement = db.session.scalar(select(Announcement))
    page = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert '<span lang="vi">Tiếng Việt</span>' in page
    assert "Chúng ta họp ở phòng 3" in page
    assert "We meet in room 3" in page


def test_the_preview_and_the_test_send_show_each_version(db, client, login, mai, bilingual, create_registration,
                                                         deliver_mail):
    person, _token = create_registration(bilingual, name="Linh", language="vi", notify=False)
    login(mai)
    page = compose(client, bilingual, action="preview", preview_for=str(person.id)).get_data(as_text=True)
    assert "Dear Linh" in page
    assert "Kính gửi Linh" in page
    compose(client, bilingual, action="test", preview_for=str(person.id))
    subjects = sorted(mail["Subject"] for mail in deliver_mail() if mail["To"] == "mai@example.org")
    assert subjects == ["[Test] Room change for ASEAN Community Forum", "[Test] Đổi phòng: ASEAN Community Forum"]


def test_a_version_left_empty_sends_the_main_one(db, client, login, mai, bilingual, create_registration):
    create_registration(bilingual, email="linh@example.org", language="vi", notify=False)
    login(mai)
    assert compose(client, bilingual, subject_vi="", body_vi="").status_code == 302
    assert mail_to(db, "linh@example.org").subject == "Room change for ASEAN Community Forum"
    assert db.session.scalar(select(Announcement)).versions == {}


def test_a_half_written_version_or_a_bad_placeholder_in_it_is_refused_beside_it(db, client, login, mai, bilingual,
                                                                               create_registration):
    create_registration(bilingual, language="vi", notify=False)
    login(mai)
    response = compose(client, bilingual, body_vi="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Write both the subject and the message in Vietnamese" in page  # named as the page's language names it
    assert 'value="Đổi phòng: {forum}"' in page  # what was typed is kept
    response = compose(client, bilingual, body_vi="Kính gửi {nmae}")
    assert response.status_code == 422
    assert 'id="body_vi-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Announcement)) is None


def test_a_forum_in_one_language_offers_no_versions(client, login, mai, forum):
    login(mai)
    page = client.get("/forums/acf/messages/new").get_data(as_text=True)
    assert 'name="subject_vi"' not in page
    forum.languages = ["en", "vi"]
    assert 'name="subject_vi"' in client.get("/forums/acf/messages/new").get_data(as_text=True)


def test_saved_templates_keep_their_versions(db, client, login, mai, bilingual):
    login(mai)
    compose(client, bilingual, action="save_template", template_name="Rooms")
    template = db.session.scalar(select(MessageTemplate))
    assert template.versions["vi"]["subject"] == "Đổi phòng: {forum}"
    page = client.get(f"/forums/acf/messages/new?template={template.id}").get_data(as_text=True)
    assert "Chúng ta họp ở phòng 3" in page


def test_sending_in_several_languages_does_not_grow_queries_with_the_recipients(db, bilingual, mai,
                                                                              create_registration):
    """Each language's values and footer are worked out once, whoever reads it: the recipients come loaded
    (as the composer loads them), and the queries stay those of one language."""
    for number in range(12):
        create_registration(bilingual, language=("vi", "en", "km")[number % 3], notify=False)
    versions = {"vi": {"subject": "Tin: {forum}", "body": "Kính gửi {name}, {dates} {cluster}"}}

    def send(size):
        people = find_recipients(bilingual, RecipientFilters())[:size]
        return count_queries(db, lambda: send_announcement(bilingual, "News: {forum}", "Dear {name}, {dates} {cluster}",
                                                           people, actor=mai, versions=versions))

    send(3)  # the first loads the organiser's account, expired by the commits above
    assert send(3) == send(12)


def test_default_automatic_messages_are_written_in_each_persons_language(db, forum, mai, create_registration):
    create_registration(forum, email="linh@example.org", language="vi")
    create_registration(forum, email="ana@example.org", language="en")
    message = new_settings(forum, "before")  # the default texts, left as they are
    message.is_enabled = True
    db.session.add(message)
    db.session.commit()
    send_if_due(forum, message, datetime(2027, 4, 12, 3, tzinfo=UTC))
    vietnamese = mail_to(db, "linh@example.org")
    assert footer_in("vi") in vietnamese.body_text
    assert "tháng 4" in vietnamese.body_text  # {dates} in the default reminder's subject and text
    assert "April" in mail_to(db, "ana@example.org").body_text


def test_programme_change_digests_are_written_in_each_persons_language(db, forum, mai, create_registration,
                                                                       create_item):
    create_registration(forum, email="linh@example.org", language="vi")
    create_registration(forum, email="ana@example.org", language="en")
    changes.save_settings(forum, "button", 30, mai)
    create_item(forum, title="Opening plenary")
    changes.send_change_notices(forum, mai)
    with force_locale("vi"):
        vietnamese_subject = gettext("Programme changes: {forum}").replace("{forum}", "ASEAN Community Forum")
    assert mail_to(db, "linh@example.org").subject == vietnamese_subject
    assert footer_in("vi") in mail_to(db, "linh@example.org").body_text
    assert mail_to(db, "ana@example.org").subject == "Programme changes: ASEAN Community Forum"
