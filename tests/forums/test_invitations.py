"""Staff roles offered by email: nothing is granted until the owner of the address accepts the link."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forumops.accounts.models import User
from forumops.clusters.models import ClusterAssignment
from forumops.clusters.operations import add_staff, create_cluster, invite_staff, open_notes
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage
from forumops.forums import invitations
from forumops.forums.models import ForumMember, RoleInvitation
from tests.conftest import TEST_PASSWORD, count_queries, sign_in

SLUG = "acf-2027"
LINK = re.compile(r"https?://\S+/invitations/(\S+)")


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug=SLUG, title="ASEAN Community Forum 2027", organiser=mai)


def last_token(db, to: str) -> str:
    """The token in the newest email to this address (from the outbox)."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == to)
                                .order_by(OutboxMessage.id.desc()))
    return LINK.search(message.body_text).group(1)


def roles_of(db, forum, email) -> set[str]:
    return set(db.session.scalars(select(ForumMember.role).join(User, User.id == ForumMember.user_id).where(
        ForumMember.forum_id == forum.id, User.email == email)))


def expire(invitation) -> None:
    """As if it had been sent 15 days ago."""
    invitation.created_at = utcnow() - timedelta(days=15)
    invitation.expires_at = utcnow() - timedelta(days=1)


def invite_ben(db, forum, mai, role="facilitator", name="Dr Ben Quinones"):
    invitation = invitations.invite_to_team(forum, "Ben@Example.org ", role, mai, name)
    db.session.commit()
    return invitation, last_token(db, "ben@example.org")


# --- operations ------------------------------------------------------------------------------------

def test_inviting_grants_nothing_and_emails_who_what_and_the_link(db, forum, mai, create_user, app):
    ben = create_user(email="ben@example.org", name="Dr Ben")
    invitation, token = invite_ben(db, forum, mai)
    assert roles_of(db, forum, "ben@example.org") == set()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ben@example.org"))
    assert message.subject == "Mai Tran invites you to ASEAN Community Forum 2027"
    assert "Hello Dr Ben Quinones," in message.body_text
    assert "Mai Tran invites you to ASEAN Community Forum 2027 as facilitator." in message.body_text
    assert "Facilitators lead the forum's clusters" in message.body_text
    assert f"{app.config['BASE_URL']}/invitations/{token}" in message.body_text
    assert len(token) >= 43  # 32 random bytes
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {invitation.token_hash, invitation.email, invitation.name}
    assert invitation.expires_at - utcnow() > timedelta(days=13)
    invitations.accept(invitation, ben)
    assert roles_of(db, forum, "ben@example.org") == {"facilitator"}


def test_an_invitation_is_accepted_once(db, forum, mai, create_user):
    ben = create_user(email="ben@example.org")
    invitation, _token = invite_ben(db, forum, mai)
    invitations.accept(invitation, ben)
    with pytest.raises(invitations.InvitationUnusable) as twice:
        invitations.accept(invitation, ben)
    assert twice.value.reason == "accepted"
    assert db.session.scalar(select(func.count(ForumMember.id)).where(ForumMember.user_id == ben.id)) == 1


@pytest.mark.parametrize(("spoil", "reason"), [
    (expire, "expired"),
    (invitations.revoke, "revoked"),
])
def test_expired_or_withdrawn_invitations_grant_nothing(db, forum, mai, create_user, spoil, reason):
    ben = create_user(email="ben@example.org")
    invitation, _token = invite_ben(db, forum, mai)
    spoil(invitation)
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept(invitation, ben)
    assert refused.value.reason == reason
    assert roles_of(db, forum, "ben@example.org") == set()


def test_another_account_cannot_accept(db, forum, mai, create_user):
    other = create_user(email="someone.else@example.org")
    invitation, _token = invite_ben(db, forum, mai)
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept(invitation, other)
    assert refused.value.reason == "wrong_account"
    assert roles_of(db, forum, "someone.else@example.org") == set()


def test_a_stranger_who_signed_up_with_the_address_first_gets_no_role(app, db, forum, mai, create_user):
    """Sign-up does not verify addresses: the old add-by-email gave the role to whoever held it."""
    stranger = create_user(email="ben@example.org", name="Not Ben")
    organiser = app.test_client()
    sign_in(organiser, mai)
    organiser.post(f"/forums/{SLUG}/team", data={"email": "ben@example.org", "role": "organiser"})
    assert roles_of(db, forum, "ben@example.org") == set()
    client = app.test_client()
    sign_in(client, stranger)
    assert client.get(f"/forums/{SLUG}/edit").status_code == 403
    assert client.get(f"/forums/{SLUG}/team").status_code == 403


def test_sending_again_kills_the_old_link_and_inviting_twice_renews(db, forum, mai, create_user):
    invitation, old = invite_ben(db, forum, mai)
    invitations.resend(invitation)
    db.session.commit()
    new = last_token(db, "ben@example.org")
    assert invitations.find_by_token(old) is None
    assert invitations.find_by_token(new).id == invitation.id
    again, newest = invite_ben(db, forum, mai)
    assert again.id == invitation.id
    assert invitations.find_by_token(new) is None
    assert db.session.scalar(select(func.count(RoleInvitation.id))) == 1
    assert invitations.find_by_token(newest).id == invitation.id


def test_someone_already_in_the_role_is_not_invited_again(db, forum, mai):
    from forumops.core.errors import FormError

    with pytest.raises(FormError, match="already has this role"):
        invitations.invite_to_team(forum, "mai@example.org", "organiser", mai)


def test_cluster_staff_are_granted_on_acceptance_only(db, forum, mai, create_user):
    cluster = create_cluster(forum, "MSME development")
    invitation = invite_staff(forum, cluster, "ben@example.org", "Dr Ben", "rapporteur", mai)
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == "ben@example.org"))
    assert "the MSME development cluster of ASEAN Community Forum 2027 as rapporteur" in body
    assert "facilitation notes" in body
    ben = create_user(email="ben@example.org")
    assert db.session.scalar(select(ClusterAssignment).where(ClusterAssignment.user_id == ben.id)) is None
    invitations.accept(invitation, ben)
    staff = db.session.scalar(select(ClusterAssignment).where(ClusterAssignment.user_id == ben.id))
    assert (staff.cluster_id, staff.role) == (cluster.id, "rapporteur")
    assert roles_of(db, forum, "ben@example.org") == {"facilitator"}


# --- the team page and the accept page -------------------------------------------------------------

def test_the_team_page_invites_lists_resends_and_withdraws(client, login, db, forum, mai):
    login(mai)
    page = client.post(f"/forums/{SLUG}/team", data={"email": "ben@example.org", "name": "Dr Ben",
                                                     "role": "facilitator"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Invitation sent to ben@example.org" in text
    assert "Invitations waiting for an answer" in text
    assert "ben@example.org</strong> (Dr Ben)" in text
    assert roles_of(db, forum, "ben@example.org") == set()
    invitation = db.session.scalar(select(RoleInvitation))
    first = last_token(db, "ben@example.org")
    resent = client.post(f"/forums/{SLUG}/team/invitations/{invitation.id}/resend", follow_redirects=True)
    assert "the link sent before no longer works" in resent.get_data(as_text=True)
    assert client.get(f"/invitations/{first}").status_code == 404
    second = last_token(db, "ben@example.org")
    withdrawn = client.post(f"/forums/{SLUG}/team/invitations/{invitation.id}/revoke", follow_redirects=True)
    assert "withdrawn" in withdrawn.get_data(as_text=True)
    assert "ben@example.org</strong>" not in withdrawn.get_data(as_text=True)  # no longer waiting
    client.post("/account/signout")
    gone = client.get(f"/invitations/{second}")
    assert gone.status_code == 410
    assert "was withdrawn" in gone.get_data(as_text=True)
    assert "Ask the organiser" in gone.get_data(as_text=True)


def test_signed_in_as_the_address_accept_and_land_on_the_forum(client, login, db, forum, mai, create_user):
    ben = create_user(email="ben@example.org", name="Dr Ben")
    _invitation, token = invite_ben(db, forum, mai)
    login(ben)
    response = client.get(f"/invitations/{token}")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Mai Tran invites you (ben@example.org) to ASEAN Community Forum 2027 as facilitator." in page
    assert "Accept: become facilitator" in page
    accepted = client.post(f"/invitations/{token}")
    assert accepted.headers["Location"].endswith(f"/forums/{SLUG}/")
    landing = client.get(accepted.headers["Location"]).get_data(as_text=True)
    assert "You are now facilitator of ASEAN Community Forum 2027." in landing
    assert roles_of(db, forum, "ben@example.org") == {"facilitator"}
    twice = client.post(f"/invitations/{token}")
    assert twice.status_code == 200
    assert "already been accepted" in twice.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ForumMember.id)).where(ForumMember.user_id == ben.id)) == 1


def test_signed_out_with_an_account_is_asked_to_sign_in_and_comes_back(client, db, forum, mai, create_user):
    create_user(email="ben@example.org", name="Dr Ben")
    _invitation, token = invite_ben(db, forum, mai)
    page = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "An account already uses ben@example.org" in page
    assert f'href="/account/signin?next=/invitations/{token}"' in page
    assert 'href="/account/forgot"' in page or "/account/forgot" in page
    assert 'name="password"' not in page
    signed_in = client.post(f"/account/signin?next=/invitations/{token}",
                            data={"email": "ben@example.org", "password": TEST_PASSWORD})
    assert signed_in.headers["Location"] == f"/invitations/{token}"
    client.post(f"/invitations/{token}")
    assert roles_of(db, forum, "ben@example.org") == {"facilitator"}


def test_signed_out_without_an_account_creates_it_from_the_link(client, db, forum, mai):
    _invitation, token = invite_ben(db, forum, mai)
    page = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "Create your account to accept" in page
    assert 'value="Dr Ben Quinones"' in page
    short = client.post(f"/invitations/{token}", data={"name": "Dr Ben Quinones", "password": "short",
                                                        "confirm": "short"})
    assert short.status_code == 422
    assert "Use between 8 and 128 characters" in short.get_data(as_text=True)
    assert 'value="Dr Ben Quinones"' in short.get_data(as_text=True)  # typed input kept
    assert db.session.scalar(select(User).where(User.email == "ben@example.org")) is None
    done = client.post(f"/invitations/{token}", data={"name": "Dr Ben Quinones", "password": TEST_PASSWORD,
                                                       "confirm": TEST_PASSWORD})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/forums/{SLUG}/")
    assert client.get("/account/").status_code == 200  # signed in
    assert roles_of(db, forum, "ben@example.org") == {"facilitator"}
    ben = db.session.scalar(select(User).where(User.email == "ben@example.org"))
    assert ben.name == "Dr Ben Quinones"


def test_signed_in_as_someone_else_names_the_address_and_offers_to_sign_out(client, login, db, forum, mai,
                                                                            create_user):
    other = create_user(email="linh@example.org", name="Linh")
    _invitation, token = invite_ben(db, forum, mai, role="organiser")
    login(other)
    page = client.get(f"/invitations/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "This invitation was sent to ben@example.org" in text
    assert f'action="/account/signout?next=/invitations/{token}"' in text
    assert "organiser" not in text.split("<main", 1)[1].split("</main>")[0].lower()  # nothing more revealed
    refused = client.post(f"/invitations/{token}")
    assert refused.status_code == 403
    assert roles_of(db, forum, "linh@example.org") == set()
    out = client.post(f"/account/signout?next=/invitations/{token}")
    assert out.headers["Location"] == f"/invitations/{token}"


def test_expired_and_unknown_links_say_what_to_do(client, db, forum, mai):
    invitation, token = invite_ben(db, forum, mai)
    expire(invitation)
    db.session.commit()
    expired = client.get(f"/invitations/{token}")
    assert expired.status_code == 410
    assert "has expired" in expired.get_data(as_text=True)
    refused = client.post(f"/invitations/{token}", data={"name": "Ben", "password": TEST_PASSWORD,
                                                          "confirm": TEST_PASSWORD})
    assert refused.status_code == 410
    assert db.session.scalar(select(User).where(User.email == "ben@example.org")) is None
    unknown = client.get("/invitations/not-a-real-token")
    assert unknown.status_code == 404
    assert "Ask the organiser who invited you to send a new invitation" in unknown.get_data(as_text=True)


def test_accepting_needs_the_csrf_token(csrf_app, db, forum, mai, create_user):
    ben = create_user(email="ben@example.org")
    _invitation, token = invite_ben(db, forum, mai)
    client = csrf_app.test_client()
    sign_in(client, ben)
    assert client.post(f"/invitations/{token}").status_code in (400, 422)
    assert roles_of(db, forum, "ben@example.org") == set()


def test_the_invitation_email_reaches_a_real_smtp_server(client, login, forum, mai, deliver_mail):
    login(mai)
    client.post(f"/forums/{SLUG}/team", data={"email": "ben@example.org", "role": "participant"})
    (message,) = deliver_mail()
    assert message["To"] == "ben@example.org"
    assert LINK.search(message.get_content())


# --- cluster staff -----------------------------------------------------------------------------------

def test_the_cluster_page_invites_and_acceptance_lands_on_its_notes(client, login, db, forum, mai):
    cluster = create_cluster(forum, "MSME development")
    db.session.commit()
    login(mai)
    page = client.post(f"/forums/{SLUG}/clusters/{cluster.id}/edit",
                       data={"staff-email": "ben@example.org", "staff-name": "Dr Ben",
                             "staff-role": "facilitator"}, follow_redirects=True).get_data(as_text=True)
    assert "Invitation sent to ben@example.org. They become facilitator once they accept it" in page
    assert "Invitations waiting for an answer" in page
    assert "ben@example.org</strong> (Dr Ben)" in page
    assert db.session.scalar(select(ClusterAssignment)) is None
    assert page.count('id="name"') == 1
    assert 'id="staff-name"' in page
    token = last_token(db, "ben@example.org")
    client.post("/account/signout")
    done = client.post(f"/invitations/{token}", data={"name": "Dr Ben", "password": TEST_PASSWORD,
                                                       "confirm": TEST_PASSWORD})
    assert done.headers["Location"].endswith(f"/forums/{SLUG}/clusters/{cluster.id}#notes-h")
    notes_page = client.get(f"/forums/{SLUG}/clusters/{cluster.id}").get_data(as_text=True)
    assert "Open notes" in notes_page  # Ben may write them


def test_cluster_invitations_are_resent_and_withdrawn_through_their_cluster(client, login, db, forum, mai):
    cluster = create_cluster(forum, "MSME development")
    other = create_cluster(forum, "Women in business")
    invitation = invite_staff(forum, cluster, "ben@example.org", "", "facilitator", mai)
    db.session.commit()
    login(mai)
    wrong = client.post(f"/forums/{SLUG}/clusters/{other.id}/invitations/{invitation.id}/revoke")
    assert wrong.status_code == 404
    client.post(f"/forums/{SLUG}/clusters/{cluster.id}/invitations/{invitation.id}/revoke")
    db.session.refresh(invitation)
    assert invitation.state == "revoked"


def test_clusters_page_lists_a_facilitators_own_clusters_with_their_notes(client, login, db, forum, mai,
                                                                          create_user, add_role):
    ben = create_user(email="ben@example.org", name="Dr Ben")
    msme = create_cluster(forum, "MSME development")
    create_cluster(forum, "Women in business")
    add_staff(msme, ben, "facilitator")
    notes = open_notes(msme, title="Breakout 1")
    db.session.commit()
    login(ben)
    page = client.get(f"/forums/{SLUG}/clusters")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Your clusters" in text
    assert "MSME development" in text
    assert "Women in business" not in text
    assert f"/clusters/{msme.id}/notes/{notes.id}/edit" in text
    assert "Write the notes: Breakout 1" in text
    assert "Add a cluster" not in text
    login(mai)
    assert "Add a cluster" in client.get(f"/forums/{SLUG}/clusters").get_data(as_text=True)


def test_clusters_for_staff_reads_in_constant_queries(db, forum, create_user):
    from forumops.clusters.queries import clusters_for_staff

    ben = create_user(email="ben@example.org")

    def grow(n):
        for i in range(n):
            cluster = create_cluster(forum, f"Cluster {len(clusters_for_staff(forum, ben))}-{i}")
            add_staff(cluster, ben, "rapporteur")
            open_notes(cluster, title="Day 1")
            open_notes(cluster, title="Day 2") if i % 2 else None
        db.session.commit()

    grow(1)
    clusters_for_staff(forum, ben)  # the transaction begun: only the reads are counted below
    few = count_queries(db, lambda: clusters_for_staff(forum, ben))
    grow(6)
    result = clusters_for_staff(forum, ben)
    assert count_queries(db, lambda: clusters_for_staff(forum, ben)) == few == 2
    assert len(result) == 7
    assert result[0].role == "rapporteur"
    assert [n.status for n in result[0].notes] == ["draft"]


def test_a_participant_of_a_draft_forum_lands_where_they_can_see(client, login, db, create_forum, mai, create_user):
    """Drafts show only to organisers: the forum page would be a 404 right after accepting."""
    draft = create_forum(slug="draft-forum", status="draft", organiser=mai)
    ben = create_user(email="ben@example.org")
    invitations.invite_to_team(draft, "ben@example.org", "participant", mai)
    db.session.commit()
    login(ben)
    accepted = client.post(f"/invitations/{last_token(db, 'ben@example.org')}", follow_redirects=True)
    assert accepted.status_code == 200
    assert "still a draft" in accepted.get_data(as_text=True)
    assert roles_of(db, draft, "ben@example.org") == {"participant"}
