"""The composer under pressure: subjects that grow when filled in, a double click on Send, two sends racing
for the quota, finding anyone to preview for, the defaults' attachments, and where the unsubscribe links'
secrets come from."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from forumops.communications.models import Announcement, AnnouncementRecipient
from forumops.core.outbox import OutboxMessage
from forumops.core.tokens import hash_token
from tests.conftest import count_queries, sign_in


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
    assert {d.key for d in defaults} == {"logistics", "online", "thanks", "certificate", "evaluate", "travel_form",
                                         "travel_reminder"}
    for default in defaults:
        page = client.get(f"/forums/acf/messages/new?default={default.key}").get_data(as_text=True)
        assert attach_box_checked(page) == ("attached" in default.body), default.key  # online's did not


# --- subjects that grow when filled in --------------------------------------------------------------------------

LONG_TITLE = ("ASEAN Community Forum on Sustainable Development and Inclusive Growth in the Mekong Subregion: Voices "
              "of Civil Society, Government and Partners 2027")
LONG_SUBJECT = "{forum}: new room at {venue} for {name}"


@pytest.fixture
def long_forum(create_forum, mai):
    return create_forum(slug="long", title=LONG_TITLE, status="registration_open", organiser=mai, mode="hybrid",
                        venue_name="Grand Ballroom, National Convention Centre",
                        venue_address="Jl. Jenderal Gatot Subroto Kav. 52-53, Senayan, Kebayoran Baru, Jakarta "
                                      "Selatan 12190", venue_city="Jakarta")


@pytest.mark.parametrize("action", ["preview", "test", "send"])
def test_a_subject_too_long_once_filled_in_is_refused_beside_it_and_kept(db, client, login, mai, long_forum,
                                                                         create_registration, action):
    create_registration(long_forum, name="Nguyễn Thị Phương Linh " * 3, notify=False)
    login(mai)
    response = compose(client, long_forum, subject=LONG_SUBJECT, action=action)  # 42 characters as typed
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="subject-error"' in page
    assert "a subject may have at most 300" in page
    assert f'value="{LONG_SUBJECT}"' in page
    assert announcements(db) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_only_the_chosen_peoples_names_count_for_the_subjects_length(db, client, login, mai, long_forum,
                                                                     create_registration):
    """The same subject goes to short names, though someone the filters leave out has a very long one."""
    create_registration(long_forum, name="Linh", notify=False)
    create_registration(long_forum, name="Nguyễn Thị Phương Linh " * 8, status="waitlisted", notify=False)
    login(mai)
    subject = "{forum} for {name}"  # 158 characters with Linh, over 300 with the long name
    assert compose(client, long_forum, subject=subject).status_code == 302
    assert [m.subject for m in outbox(db)] == [f"{LONG_TITLE} for Linh"]
    refused = compose(client, long_forum, subject=subject, status="")  # now the long name is among them
    assert refused.status_code == 422
    assert "a subject may have at most 300" in refused.get_data(as_text=True)


def test_the_operation_refuses_it_for_automatic_messages_too(db, long_forum, create_registration,
                                                             create_announcement):
    from forumops.core.errors import FormError

    linh, _t = create_registration(long_forum, name="Nguyễn Thị Phương Linh " * 3, notify=False)
    with pytest.raises(FormError, match="at most 300") as refused:
        create_announcement(long_forum, [linh], subject=LONG_SUBJECT)
    assert refused.value.field == "subject"


def test_a_test_copy_of_a_subject_that_just_fits_is_sent_shortened(db, client, login, mai, forum,
                                                                   create_registration):
    create_registration(forum, name="Linh", notify=False)
    login(mai)
    subject = "x" * 290 + " {name}"  # 295 characters filled in: it fits, "[Test] " in front of it would not
    response = compose(client, forum, subject=subject, action="test")
    assert response.status_code == 200
    [copy] = outbox(db, kind="service")
    assert copy.to_address == mai.email
    assert len(copy.subject) == 300
    assert copy.subject.startswith("[Test] xxx")
    assert compose(client, forum, subject=subject).status_code == 302
    assert [len(m.subject) for m in outbox(db)] == [295]


# --- a double click on Send, and two sends at once --------------------------------------------------------------

def drawn_form(client, forum, **fields) -> dict[str, str]:
    """The composer's form as the page draws it (its hidden fields included), with these fields typed in."""
    page = client.get(f"/forums/{forum.slug}/messages/new").get_data(as_text=True)
    hidden = dict(re.findall(r'<input[^>]*name="(send_key|csrf_token)"[^>]*value="([^"]*)"', page))
    assert set(hidden) >= {"send_key"}, "the form carries its send key"
    return {"subject": "Room change for {forum}", "body": "Dear {name},\n\nWe meet in room 3.",
            "status": "confirmed", "when": "now", "action": "send", **hidden, **fields}


def test_a_double_click_on_send_writes_to_everyone_once(db, client, login, mai, forum, create_registration):
    for n in range(3):
        create_registration(forum, name=f"P{n}", notify=False)
    login(mai)
    form = drawn_form(client, forum)
    first = client.post("/forums/acf/messages/new", data=form)
    second = client.post("/forums/acf/messages/new", data=form)  # the same form, sent again
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.location == second.location  # both show the one message
    assert announcements(db) == 1
    assert len(outbox(db)) == 3
    page = client.get(second.location).get_data(as_text=True)
    assert "This form was already sent" in page
    assert "It was not sent again" in page
    again = client.post("/forums/acf/messages/new", data=drawn_form(client, forum))  # a new form sends anew
    assert again.status_code == 302
    assert announcements(db) == 2
    assert len(outbox(db)) == 6


def test_a_forged_send_key_counts_as_none(db, client, login, mai, forum, create_registration):
    create_registration(forum, name="Linh", notify=False)
    login(mai)
    assert compose(client, forum, send_key="short").status_code == 302
    assert db.session.scalar(select(Announcement.idempotency_key)) is None


def post_at_once(app, user, forms: list[dict]) -> list:
    """The forms posted to the composer at the same moment, each by its own browser signed in as `user`
    (threads released together; each request its own session and real commit)."""
    clients = [app.test_client() for _form in forms]
    for each in clients:
        sign_in(each, user)
    barrier = threading.Barrier(len(forms), timeout=30)
    answers: list = [None] * len(forms)

    def post(index):
        barrier.wait()
        answers[index] = clients[index].post("/forums/acf/messages/new", data=forms[index])

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.commits
def test_two_clicks_at_the_same_moment_send_once(app, db, client, mai, forum, create_registration):
    for n in range(3):
        create_registration(forum, name=f"P{n}", notify=False)
    sign_in(client, mai)
    form = drawn_form(client, forum)
    answers = post_at_once(app, mai, [form, form])
    assert [answer.status_code for answer in answers] == [302, 302]
    db.session.rollback()
    assert announcements(db) == 1
    assert len(outbox(db)) == 3


@pytest.mark.commits
def test_two_sends_at_the_same_moment_cannot_both_pass_the_quota(app, db, client, mai, forum, create_registration):
    """The forum may write to 3 people; two different messages to the same 3 race for it: one goes."""
    from forumops.communications.operations import set_recipient_quota

    for n in range(3):
        create_registration(forum, name=f"P{n}", notify=False)
    set_recipient_quota(forum, 3)
    db.session.commit()
    sign_in(client, mai)
    forms = [drawn_form(client, forum, subject=f"Message {n}") for n in range(2)]
    answers = post_at_once(app, mai, forms)
    assert sorted(answer.status_code for answer in answers) == [302, 422]
    refused = next(answer for answer in answers if answer.status_code == 422).get_data(as_text=True)
    assert "This forum may write to 3 people" in refused
    db.session.rollback()
    assert announcements(db) == 1
    assert len(outbox(db)) == 3


# --- a preview for anyone -------------------------------------------------------------------------------------

def offered(page: str) -> list[str]:
    """The names "Preview for" offers on the page."""
    select_ = re.search(r'<select[^>]*name="preview_for".*?</select>', page, re.S).group(0)
    return [re.sub(r" &lt;.*", "", label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select_)]


def test_anyone_the_filters_pick_can_be_found_to_preview_for(monkeypatch, db, client, login, mai, forum,
                                                             create_registration):
    from forumops.communications import views

    monkeypatch.setattr(views, "PREVIEW_CHOICES", 2)  # the list offers the first 2 by name (500 in use)
    for name in ("An", "Bình", "Chi"):
        create_registration(forum, name=name, notify=False)
    zed, _t = create_registration(forum, name="Nguyễn Văn Zed", email="zed@example.org", notify=False)
    create_registration(forum, name="Nguyễn Waiting", status="waitlisted", notify=False)
    login(mai)
    page = client.get("/forums/acf/messages/new").get_data(as_text=True)
    assert offered(page) == ["An", "Bình"]
    assert "find anyone else above" in page
    # without JavaScript: "Find" sends the form, and the list holds those the search finds among the chosen
    found = compose(client, forum, action="count", preview_search="nguyen").get_data(as_text=True)
    assert offered(found) == ["Nguyễn Văn Zed"]  # accents ignored; the waitlisted one is not among the chosen
    assert "4 people match these filters." in found  # the count stays the filters'
    assert offered(compose(client, forum, action="count", preview_search="ZED@example").get_data(as_text=True)) \
        == ["Nguyễn Văn Zed"]
    nobody = compose(client, forum, action="count", preview_search="Somchai").get_data(as_text=True)
    assert offered(nobody) == []
    assert "No one the filters pick matches “Somchai”." in nobody
    # with JavaScript: the count endpoint answers the same as the search is typed
    answer = client.get("/forums/acf/messages/count?status=confirmed&preview_search=nguy%E1%BB%85n").get_json()
    assert answer["people"] == [[str(zed.id), "Nguyễn Văn Zed <zed@example.org>"]]
    assert answer["count"] == 4
    preview = compose(client, forum, action="preview", preview_search="zed", preview_for=str(zed.id),
                      body="Dear {name}").get_data(as_text=True)
    assert "Preview for Nguyễn Văn Zed" in preview
    assert "Dear Nguyễn Văn Zed" in preview


def test_finding_a_person_does_not_grow_queries_with_the_forum(db, client, login, mai, forum, create_registration):
    login(mai)

    def find():
        assert client.get("/forums/acf/messages/count?status=confirmed&preview_search=linh").status_code == 200

    create_registration(forum, name="Linh 0", notify=False)
    few = count_queries(db, find)
    for n in range(1, 30):
        create_registration(forum, name=f"Linh {n}", notify=False)
    assert count_queries(db, find) == few
