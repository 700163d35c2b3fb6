"""Issue 18, item 2: a draft forum sends nothing. Its imports, registrations, invitations and plan links wait in
the outbox ("N emails will be sent when the forum is announced"), and announcing it releases exactly those."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.core.outbox import OutboxMessage
from forumops.registration.models import Registration
from tests.importing import invitee_csv, upload_invitees


def _held(db, forum) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.forum_id == forum.id, OutboxMessage.status == "held")) or 0


def test_a_drafts_import_sends_nothing_until_it_is_announced(client, login, create_user, create_forum, db,
                                                             deliver_mail):
    """The finding: a new account made a draft, imported a list with a phishing title, and every row was
    emailed at once. Now the list is registered, nobody is written to, and the organiser is told when they will
    be; announcing the forum sends those emails, each once, and nothing else."""
    mai = create_user(email="mai@example.org", name="Mai")
    draft = create_forum(slug="urgent", title="URGENT: verify your bank account", status="draft", organiser=mai)
    elsewhere = create_forum(slug="other-draft", status="draft", organiser=create_user(email="o@example.org"))
    from forumops.core.outbox import queue_mail

    queue_mail("someone@example.org", "Held elsewhere", "Hello", forum_id=elsewhere.id)  # another draft's mail
    db.session.commit()
    login(mai)

    response = upload_invitees(client, "urgent", invitee_csv(3))

    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.forum_id == draft.id)) == 3
    assert deliver_mail() == []  # the finding: three emails went out at once
    desk = client.get("/forums/urgent/registrations").get_data(as_text=True)
    assert "3 emails will be sent when the forum is announced" in desk
    home = client.get("/forums/urgent/").get_data(as_text=True)
    assert "3 emails will be sent when the forum is announced" in home
    assert "It sends no email until it is announced." in home
    outbox = client.get("/forums/urgent/outbox").get_data(as_text=True)
    assert outbox.count('badge-mail-held">Held') == 3
    assert "3 emails will be sent when the forum is announced" in client.get("/forums/urgent/status").get_data(
        as_text=True)

    response = client.post("/forums/urgent/status", data={"status": "registration_open"}, follow_redirects=True)

    assert "The 3 emails the draft held are on their way." in response.get_data(as_text=True)
    received = deliver_mail()
    assert sorted(message["To"] for message in received) == [f"invitee{i}@example.org" for i in (1, 2, 3)]
    assert all("URGENT" in message["Subject"] for message in received)
    assert _held(db, draft) == 0
    assert _held(db, elsewhere) == 1
    assert deliver_mail() == received  # each sent once
    assert "will be sent when the forum is announced" not in client.get("/forums/urgent/").get_data(as_text=True)


def test_a_drafts_invitations_wait_except_to_organise_it(client, login, create_user, create_forum, create_cluster,
                                                         db, deliver_mail):
    """Organisers prepare a draft together, so an invitation to organise it goes at once; a facilitator's,
    a participant's or a cluster's staff invitation waits for the announcement like the rest of its mail."""
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="draft", status="draft", organiser=mai)
    cluster = create_cluster(forum, "MSME development")
    login(mai)

    organiser = client.post("/forums/draft/team", data={"email": "co@example.org", "role": "organiser"},
                            follow_redirects=True)
    facilitator = client.post("/forums/draft/team", data={"email": "fac@example.org", "role": "facilitator"},
                              follow_redirects=True)
    staff = client.post(f"/forums/draft/clusters/{cluster.id}/edit", data={
        "staff-email": "rap@example.org", "staff-role": "rapporteur"}, follow_redirects=True)

    assert "Invitation sent to co@example.org" in organiser.get_data(as_text=True)
    assert "will be sent when the forum is announced" in facilitator.get_data(as_text=True)
    assert "will be sent when the forum is announced" in staff.get_data(as_text=True)
    assert [message["To"] for message in deliver_mail()] == ["co@example.org"]
    client.post("/forums/draft/status", data={"status": "published"})
    assert sorted(message["To"] for message in deliver_mail()) == ["co@example.org", "fac@example.org",
                                                                   "rap@example.org"]


def test_a_plan_link_from_a_draft_waits(create_user, create_forum, create_plan, db, deliver_mail):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="draft", status="draft", organiser=mai)

    create_plan(forum, {"organisation": "Mekong Youth Network", "owner_name": "Dara",
                        "owner_email": "dara@example.org"}, actor=mai)

    assert deliver_mail() == []
    assert _held(db, forum) == 1
