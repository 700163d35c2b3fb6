"""Programme-change notices: one digest per affected person, never one email per edit (issue 17, item 3).

The forum has a plenary, and breakouts of two clusters; changes are made through the agenda's own operations,
as the organiser's forms make them, and the digests read from a real SMTP server.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from forumops.agenda import operations as agenda
from forumops.clusters.operations import assign_registration
from forumops.communications import changes
from forumops.communications.models import Announcement
from forumops.communications.operations import opt_out
from forumops.core.database import write_intent
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage
from forumops.core.views import FormError
from tests.communications.conftest import run_in_two_workers
from tests.conftest import count_queries, send_queued_mail


def edit(forum, item, **fields):
    """Change an item as the organiser's edit form does (every field sent again, some changed)."""
    local_start, local_end = agenda.to_local(forum, item.start_at), agenda.to_local(forum, item.end_at)
    data = {"day": local_start.date(), "start": local_start.time(), "end": local_end.time(), "title": item.title,
            "type": item.type, "room": item.room.name if item.room else "", "cluster_id": item.cluster_id,
            "description": item.description,
            "people": [{"user_id": p.user_id, "name": p.name, "role": p.role} for p in item.people], **fields}
    return agenda.update_item(forum, item, data)


@pytest.fixture
def programme(db, create_forum, create_cluster, create_item, create_registration, create_user):
    """Who is who: Linh in MSME, Sopheak in Women's empowerment, Ben in MSME who also speaks at a Women's
    empowerment breakout, Hana confirmed in no cluster, Wan waitlisted in MSME."""
    forum = create_forum(title="ASEAN Community Forum", mode="hybrid")
    msme, women = create_cluster(forum, "MSME"), create_cluster(forum, "Women's empowerment")
    ben_account = create_user(email="ben@example.org", name="Dr Ben")

    def person(name, cluster=None, status="confirmed", user=None):
        registration, _token = create_registration(forum, name=name, notify=False, status=status, user=user)
        if cluster is not None:
            assign_registration(cluster, registration)
        return registration

    people = {"linh": person("Nguyễn Phương Linh", msme), "sopheak": person("Sopheak", women),
              "ben": person("Dr Ben", msme, user=ben_account), "hana": person("Hana"),
              "wan": person("Wan", msme, status="waitlisted")}
    items = {
        "opening": create_item(forum, "Opening plenary", type="plenary", room="Main hall"),
        "msme": create_item(forum, "Access to finance", start=time(10), end=time(11), type="breakout",
                            room="Room 1", cluster_id=msme.id),
        "women": create_item(forum, "Women in trade", start=time(10), end=time(11), type="breakout",
                             room="Room 2", cluster_id=women.id),
        "panel": create_item(forum, "Cooperatives panel", start=time(11), end=time(12), type="breakout",
                             room="Room 3", cluster_id=women.id,
                             people=[{"user_id": ben_account.id, "role": "speaker"}]),
    }
    db.session.commit()
    return forum, people, items


def turn_on(forum, mode="button", delay=30):
    notices = changes.save_settings(forum, mode, delay, actor=None)
    return notices


def digests_by_address(smtp_server):
    send_queued_mail()
    return {message["To"]: message.get_body().get_content() for message in smtp_server.messages}


def test_each_person_gets_one_digest_of_exactly_their_changes(db, programme, smtp_server):
    forum, people, items = programme
    turn_on(forum)
    db.session.commit()
    edit(forum, items["msme"], room="Room 4")  # MSME's breakout moves
    edit(forum, items["panel"], start=time(11, 30), end=time(12, 30))  # Ben's panel, in the other cluster
    edit(forum, items["panel"], title="Cooperatives and trade panel")  # a second edit of it: still one email
    db.session.commit()

    result = changes.send_change_notices(forum, actor=None)
    db.session.commit()
    assert (result.changes, result.people) == (2, 3)
    received = digests_by_address(smtp_server)
    assert len(smtp_server.messages) == 3  # one email per person, whatever the number of edits
    assert set(received) == {people["linh"].email, people["sopheak"].email, people["ben"].email}
    linh, sopheak, ben = (received[people[key].email] for key in ("linh", "sopheak", "ben"))
    assert "Access to finance (MSME)" in linh
    assert "Room changed: it was Room 1." in linh
    assert "Cooperatives" not in linh
    assert "Cooperatives and trade panel (Women's empowerment)" in sopheak
    assert "Access to finance" not in sopheak
    assert "Time changed: it was" in sopheak
    assert "New title: it was “Cooperatives panel”." in sopheak
    assert "Access to finance" in ben
    assert "Cooperatives and trade panel" in ben
    assert "Opening plenary" not in linh + sopheak + ben  # unchanged items are not listed
    # Hana (no cluster) and Wan (waitlisted) heard nothing
    assert people["hana"].email not in received
    assert people["wan"].email not in received


def test_a_plenary_change_reaches_everyone_confirmed(db, programme, smtp_server):
    forum, people, items = programme
    turn_on(forum)
    agenda.set_status(items["opening"], "cancelled")
    db.session.commit()
    changes.send_change_notices(forum, actor=None)
    db.session.commit()
    received = digests_by_address(smtp_server)
    assert set(received) == {people[key].email for key in ("linh", "sopheak", "ben", "hana")}
    assert all("Opening plenary" in body and "Cancelled." in body for body in received.values())


def test_an_edit_put_back_or_a_new_description_is_no_change(db, programme):
    forum, _people, items = programme
    notices = turn_on(forum)
    edit(forum, items["msme"], room="Room 4")
    edit(forum, items["msme"], room="Room 1")
    edit(forum, items["women"], description="Bring your export figures.")
    db.session.commit()
    assert changes.pending_changes(forum, notices) == []


def test_added_and_removed_items_are_changes_and_titles_cannot_become_placeholders(db, programme, create_item,
                                                                                   smtp_server):
    forum, people, items = programme
    turn_on(forum)
    create_item(forum, "Evening reception for {name}", start=time(18), end=time(19), type="meal")
    agenda.set_status(items["women"], "deleted")
    db.session.commit()
    changes.send_change_notices(forum, actor=None)
    db.session.commit()
    hana = digests_by_address(smtp_server)[people["hana"].email]
    assert "Evening reception for {name}" in hana
    assert "New in the programme." in hana
    sopheak = digests_by_address(smtp_server)[people["sopheak"].email]
    assert "Women in trade (Women's empowerment)" in sopheak
    assert "Removed from the programme." in sopheak


def test_notifying_twice_sends_nothing_the_second_time(db, programme, smtp_server, client, login, create_user,
                                                       add_role):
    forum, _people, items = programme
    mai = create_user(email="mai@example.org", name="Mai")
    add_role(forum, mai, "organiser")
    login(mai)
    turn_on(forum)
    edit(forum, items["msme"], room="Room 4")
    db.session.commit()
    url = f"/forums/{forum.slug}/messages/automatic/changes/notify"
    first = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "The changes were sent to 2 people." in first
    second = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Nothing to announce" in second
    send_queued_mail()
    assert len(smtp_server.messages) == 2
    assert db.session.scalar(select(func.count(Announcement.id)).where(Announcement.source == "programme_change")) == 1


def test_the_delay_mode_waits_for_the_programme_to_be_left_alone(db, programme, smtp_server):
    forum, people, items = programme
    turn_on(forum, "delay", delay=30)
    edit(forum, items["msme"], room="Room 4")
    db.session.commit()
    edited = utcnow()
    assert changes.send_due_change_notices(edited + timedelta(minutes=29)) == 0
    db.session.commit()
    edit(forum, items["msme"], start=time(10, 15), end=time(11, 15))  # another edit: the delay starts again
    db.session.commit()
    assert changes.send_due_change_notices(utcnow() + timedelta(minutes=20)) == 0
    assert changes.send_due_change_notices(utcnow() + timedelta(minutes=31)) == 2  # Linh and Ben
    db.session.commit()
    assert changes.send_due_change_notices(utcnow() + timedelta(minutes=90)) == 0
    db.session.commit()
    received = digests_by_address(smtp_server)
    assert set(received) == {people["linh"].email, people["ben"].email}
    assert "Room changed" in received[people["linh"].email]
    assert "Time changed" in received[people["linh"].email]


def test_nothing_goes_from_a_draft_forum(db, programme, smtp_server):
    forum, _people, items = programme
    turn_on(forum, "delay", delay=5)
    edit(forum, items["opening"], room="Ballroom")
    forum.status = "draft"
    db.session.commit()
    assert changes.send_due_change_notices(utcnow() + timedelta(hours=1)) == 0
    with pytest.raises(FormError, match="draft forum"):
        changes.send_change_notices(forum, actor=None)
    db.session.rollback()
    send_queued_mail()
    assert smtp_server.messages == []


def test_people_who_opted_out_get_no_digest(db, programme, smtp_server):
    forum, people, items = programme
    turn_on(forum)
    opt_out(forum, people["hana"].id)
    edit(forum, items["opening"], room="Ballroom")
    db.session.commit()
    assert changes.send_change_notices(forum, actor=None).people == 3
    db.session.commit()
    assert people["hana"].email not in digests_by_address(smtp_server)


def test_the_page_shows_the_pending_change_and_a_preview_of_a_digest(db, programme, client, login, create_user,
                                                                    add_role):
    forum, people, items = programme
    mai = create_user(email="mai@example.org", name="Mai")
    add_role(forum, mai, "organiser")
    login(mai)
    response = client.post(f"/forums/{forum.slug}/messages/automatic/changes",
                           data={"mode": "button", "delay_minutes": "30"})
    assert response.status_code == 302
    edit(forum, items["msme"], room="Room 4")
    db.session.commit()
    page = client.get(f"/forums/{forum.slug}/messages/automatic?person={people['linh'].id}").get_data(as_text=True)
    assert "1 change not yet announced" in page
    assert "2 people concerned" in page
    assert "The email Nguyễn Phương Linh would get" in page
    assert "Room changed: it was Room 1." in page
    other = client.get(f"/forums/{forum.slug}/messages/automatic?person={people['hana'].id}").get_data(as_text=True)
    assert "Hana is not concerned by these changes" in other
    assert "1 programme change not yet announced" in client.get(f"/forums/{forum.slug}/").get_data(as_text=True)


@pytest.mark.parametrize(("value", "message"), [
    ("-5", "Choose a delay from 5 to 1,440 minutes."),
    ("soon", "Enter the delay as a whole number of minutes, such as 30."),
])
def test_a_bad_delay_is_named_next_to_the_field_and_kept(db, programme, client, login, create_user, add_role,
                                                         value, message):
    forum, _people, _items = programme
    mai = create_user(email="mai@example.org", name="Mai")
    add_role(forum, mai, "organiser")
    login(mai)
    response = client.post(f"/forums/{forum.slug}/messages/automatic/changes",
                           data={"mode": "delay", "delay_minutes": value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="delay_minutes-error"' in page
    assert message in page
    assert f'value="{value}"' in page
    assert changes.settings_of(forum) is None


def test_a_quota_refuses_the_whole_digest_and_keeps_the_changes_pending(app, db, programme):
    forum, _people, items = programme
    notices = turn_on(forum, "delay", delay=5)
    edit(forum, items["opening"], room="Ballroom")
    db.session.commit()
    old = app.config["MAIL_FORUM_QUOTA"]
    app.config["MAIL_FORUM_QUOTA"] = 3
    try:
        assert changes.send_due_change_notices(utcnow() + timedelta(minutes=10)) == 0
        db.session.commit()
    finally:
        app.config["MAIL_FORUM_QUOTA"] = old
    assert "This forum may write to 3 people" in notices.blocked_reason
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "announcement")) == 0
    assert len(changes.pending_changes(forum, notices)) == 1


@pytest.mark.commits
def test_two_workers_at_once_send_the_digests_once(app, db, programme):
    """Two workers run the delay job at the same moment (threads released by a barrier, real commits): the
    forum lock makes the second find nothing pending."""
    forum, _people, items = programme
    turn_on(forum, "delay", delay=5)
    edit(forum, items["opening"], room="Ballroom")
    db.session.commit()
    later = utcnow() + timedelta(minutes=10)
    results, errors = run_in_two_workers(app, lambda: changes.send_due_change_notices(later))
    assert errors == []
    assert sorted(results) == [0, 4]
    db.session.rollback()
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "announcement")) == 4


def test_the_page_reads_a_fixed_number_of_queries_however_many_people_and_changes(db, programme, client, login,
                                                                                   create_user, add_role,
                                                                                   create_registration, create_item):
    forum, _people, items = programme
    mai = create_user(email="mai@example.org", name="Mai")
    add_role(forum, mai, "organiser")
    login(mai)
    turn_on(forum)
    edit(forum, items["msme"], room="Room 4")
    db.session.commit()
    path = f"/forums/{forum.slug}/messages/automatic"
    few = count_queries(db, lambda: client.get(path))
    for n in range(15):
        create_registration(forum, name=f"Person {n}", notify=False, status="confirmed")
        create_item(forum, f"Side event {n}", start=time(13), end=time(14), type="side_event")
    edit(forum, items["women"], room="Room 5")
    db.session.commit()
    many = count_queries(db, lambda: client.get(path))
    assert many == few


# --- the job, forum by forum ---------------------------------------------------------------------------------

def small_forum(create_forum, create_item, create_registration, slug: str, day, **fields):
    """A forum on `day` with one plenary and one confirmed person, notices in "after 5 minutes" mode and the
    plenary moved (a change pending)."""
    forum = create_forum(slug=slug, title=f"Forum {slug}", start_date=day, end_date=day, **fields)
    item = create_item(forum, "Opening plenary", day=day, type="plenary", room="Main hall")
    person, _token = create_registration(forum, name=f"Person of {slug}", notify=False, status="confirmed")
    turn_on(forum, "delay", delay=5)
    edit(forum, item, room="Ballroom")
    return forum, person


def test_one_forums_error_does_not_stop_the_other_forums_digests(db, programme, create_forum, create_item,
                                                                  create_registration, smtp_server, monkeypatch,
                                                                  caplog):
    """The first forum's digests hit a database error: rolled back, logged with the traceback, kept on its
    settings for its organisers; the next forum's digests go in the same run, and the first's once fixed."""
    from sqlalchemy import text

    from forumops.extensions import db as database

    broken, broken_person = small_forum(create_forum, create_item, create_registration, "broken",
                                        programme[0].start_date)
    forum, people, items = programme
    turn_on(forum, "delay", delay=5)
    edit(forum, items["opening"], room="Ballroom")
    db.session.commit()
    real = changes.digests

    def failing(of_forum, found):
        if of_forum.slug == "broken":
            database.session.execute(text("SELECT no_such_column FROM forums"))
        return real(of_forum, found)

    monkeypatch.setattr(changes, "digests", failing)
    later = utcnow() + timedelta(minutes=10)
    with write_intent():  # as the worker's job runs: the job, then one commit
        assert changes.send_due_change_notices(later) == 4  # everyone confirmed in the programme's forum
        db.session.commit()

    assert broken_person.email not in digests_by_address(smtp_server)
    assert len(smtp_server.messages) == 4
    assert "An unexpected error stopped it (" in changes.settings_of(broken).blocked_reason
    assert any(record.exc_info and "broken" in record.getMessage() for record in caplog.records)
    assert changes.settings_of(forum).blocked_reason == ""

    monkeypatch.undo()
    with write_intent():
        assert changes.send_due_change_notices(later + timedelta(minutes=1)) == 1
        db.session.commit()
    assert broken_person.email in digests_by_address(smtp_server)
    assert changes.settings_of(broken).blocked_reason == ""


def test_the_job_locks_only_forums_with_digests_due_and_leaves_forums_that_are_over(db, create_forum, create_item,
                                                                                    create_registration,
                                                                                    monkeypatch, smtp_server):
    """Every minute the job looks at every forum in "after N minutes" mode: it takes a forum's lock (on SQLite
    the database's write lock) only for one whose digests are due, and a forum whose last day is past in its
    own zone is not looked at at all."""
    today = utcnow().date()
    due, due_person = small_forum(create_forum, create_item, create_registration, "due", today + timedelta(days=7))
    waiting, _person = small_forum(create_forum, create_item, create_registration, "waiting",
                                   today + timedelta(days=7))
    changes.save_settings(waiting, "delay", 60, actor=None)  # its delay is not over yet
    over, _person = small_forum(create_forum, create_item, create_registration, "over", today - timedelta(days=2))
    db.session.commit()
    real, locked = changes.lock_forum, []
    monkeypatch.setattr(changes, "lock_forum", lambda forum_id: locked.append(forum_id) or real(forum_id))

    assert changes.send_due_change_notices(utcnow() + timedelta(minutes=10)) == 1
    db.session.commit()

    assert locked == [due.id]
    assert set(digests_by_address(smtp_server)) == {due_person.email}
    assert len(changes.pending_changes(over, changes.settings_of(over))) == 1  # its change was never sent
