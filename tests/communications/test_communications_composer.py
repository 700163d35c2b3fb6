"""The composer under pressure: subjects that grow when filled in, a double click on Send, two sends racing
for the quota, finding anyone to preview for, the defaults' attachments, and where the unsubscribe links'
secrets come from."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forumops.communications.models import Announcement, AnnouncementRecipient
from forumops.core.outbox import OutboxMessage
from forumops.core.tokens import hash_token


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=mai,
                        mode="hybrid", venue_name="Hall A", venue_city="Jakarta")


def compose(client, forum, **fields):
    data = {"subject": "Room change for {forum}", "body": "Dear {name},\n\nWe meet in room 3.", "status": "confirmed",
            "when": "now", "action": "send", **fields}
    return client.post(f"/forums/{forum.slug}/messages/new", data=data)


def announcements(db) -> int:
    return db.session.scalar(select(func.count(Announcement.id)))


def outbox(db, kind: str = "announcement") -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


# --- the unsubscribe links' secrets -----------------------------------------------------------------------

def test_unsubscribe_links_are_made_by_the_one_token_maker(monkeypatch, db, client, forum, create_registration,
                                                           create_announcement):
    from forumops.communications import operations

    made = iter(f"token-{n:02d}-{'x' * 34}" for n in range(10))
    monkeypatch.setattr(operations, "new_token", lambda: next(made))
    linh, _t = create_registration(forum, name="Linh", notify=False)
    create_announcement(forum, [linh])
    [mail] = outbox(db)
    assert "/forums/acf/unsubscribe/token-00-" in mail.body_text
    assert db.session.scalar(select(AnnouncementRecipient.unsubscribe_token_hash)) == hash_token(
        f"token-00-{'x' * 34}")
    path = re.search(r"(/forums/acf/unsubscribe/\S+)", mail.body_text).group(1)
    assert "Stop announcements from this forum?" in client.get(path).get_data(as_text=True)


# --- the defaults ----------------------------------------------------------------------------------------------

def attach_box_checked(page: str) -> bool:
    box = re.search(r"<input[^>]*name=\"attach_ics\"[^>]*>", page).group(0)
    return "checked" in box


def test_a_default_that_speaks_of_the_attached_programme_attaches_it(client, login, mai, forum):
    from forumops.communications.defaults import default_templates

    login(mai)
    defaults = default_templates(forum)
    assert {d.key for d in defaults} == {"logistics", "online", "thanks"}
    for default in defaults:
        page = client.get(f"/forums/acf/messages/new?default={default.key}").get_data(as_text=True)
        assert attach_box_checked(page) == ("attached" in default.body), default.key  # online's did not
