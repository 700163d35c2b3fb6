"""Staff invited by email, through the browser: Mai invites Dr Ben to facilitate the MSME cluster and Siti
(who already has an account) to be its rapporteur; the emails reach a real SMTP server; Ben opens his link
on a phone, creates his account from it, accepts, lands on the cluster's notes and saves findings; Siti
signs in from hers; a link used twice grants nothing more.

The forum and cluster are made with factories; everything after that goes through the UI and the mail.
"""

from __future__ import annotations

import re
from datetime import date
from email.message import EmailMessage

from playwright.sync_api import Page, expect

from tests.conftest import TEST_PASSWORD

from .conftest import PHONE_VIEWPORT, VIEWPORT, sign_in

SLUG = "acf-2017"
TITLE = "ASEAN Community Forum 2017"
CLUSTER = "MSME development"
MAI = ("Mai Tran", "mai@example.org")
BEN = ("Dr Ben Quinones", "ben@example.org")
SITI = ("Siti Rahmawati", "siti@example.org")
FINDINGS = "CSOs already pursue the goals of the SME action plan"


def invitation_link(deliver_mail, address: str, base_url: str) -> tuple[EmailMessage, str]:
    (message,) = [m for m in deliver_mail() if m["To"] == address]
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"{re.escape(base_url)}/invitations/[A-Za-z0-9_-]{{43,}}", body)
    assert found, f"no accept link in the email:\n{body}"
    return message, found.group(0)


def both_widths(page: Page, shot, name: str) -> None:
    """A screenshot at desktop and at phone width of what the page shows now."""
    shot(f"{name}-desktop", page)
    page.set_viewport_size(PHONE_VIEWPORT)
    shot(f"{name}-phone", page)
    page.set_viewport_size(VIEWPORT)


def test_mai_invites_ben_who_accepts_from_the_email_and_saves_findings(
        page: Page, new_page, shot, db, create_user, create_forum, deliver_mail, live_server):
    from forumops.clusters.models import ClusterAssignment
    from forumops.clusters.operations import create_cluster

    mai = create_user(email=MAI[1], name=MAI[0])
    create_user(email=SITI[1], name=SITI[0])
    forum = create_forum(slug=SLUG, title=TITLE, status="concluded", organiser=mai,
                         start_date=date(2017, 3, 9), end_date=date(2017, 3, 10), timezone="Asia/Singapore")
    cluster_id = create_cluster(forum, CLUSTER, "How civil society works with small enterprises.").id
    db.session.commit()
    db.session.rollback()  # the test thread holds no transaction while the live server writes

    # 1. Mai invites Ben (no account yet) as facilitator and Siti (has one) as rapporteur.
    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/clusters/{cluster_id}/edit")
    for (name, email), role in ((BEN, "Facilitator"), (SITI, "Rapporteur")):
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Their name (optional)").fill(name)
        page.get_by_label("Role").select_option(label=role)
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {email}")
    expect(page.get_by_label("Name", exact=True)).to_have_value(CLUSTER)  # the cluster's own field untouched
    waiting = page.get_by_role("region", name="Invitations waiting for an answer")
    expect(waiting).to_contain_text(f"{BEN[1]} ({BEN[0]}) · Facilitator")
    expect(waiting).to_contain_text(f"{SITI[1]} ({SITI[0]}) · Rapporteur")
    both_widths(page, shot, "invitation-01-cluster-edit")
    assert db.session.query(ClusterAssignment).count() == 0  # nobody has the role yet
    db.session.rollback()

    # 2. The email says who invites Ben, to what, what it means, and holds the link.
    message, link = invitation_link(deliver_mail, BEN[1], live_server.url)
    assert message["Subject"] == f"{MAI[0]} invites you to the {CLUSTER} cluster of {TITLE}"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Hello {BEN[0]}," in body
    assert "as facilitator" in body
    assert "facilitation notes" in body

    # 3. Ben opens it on his phone: no account yet, so he creates one right there.
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Invitation to the {CLUSTER} cluster of {TITLE}")
    expect(phone.get_by_role("main")).to_contain_text(f"{MAI[0]} invites you ({BEN[1]})")
    expect(phone.get_by_label("Full name")).to_have_value(BEN[0])
    shot("invitation-02-accept-new-account-phone", phone)
    phone.set_viewport_size(VIEWPORT)
    shot("invitation-02-accept-new-account-desktop", phone)
    phone.set_viewport_size(PHONE_VIEWPORT)
    phone.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    phone.get_by_label("Repeat the password").fill("not the same")
    phone.get_by_role("button", name="Create my account and accept").click()
    expect(phone.get_by_role("main")).to_contain_text("The two passwords differ.")
    phone.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    phone.get_by_label("Repeat the password").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Create my account and accept").click()

    # 4. He lands on the cluster's notes, opens them, types findings and saves.
    expect(phone).to_have_url(re.compile(rf"/forums/{SLUG}/clusters/{cluster_id}#notes-h$"))
    expect(phone.get_by_role("status")).to_contain_text(
        f"You are now facilitator of the {CLUSTER} cluster of {TITLE}.")
    phone.get_by_role("button", name="Open notes").click()
    phone.get_by_label("Key findings").fill(FINDINGS)
    phone.get_by_role("button", name="Save notes").click()
    expect(phone.locator(".flashes")).to_contain_text("Notes saved (version 1)")

    # 5. Next morning he starts from the forum's page: "What is yours here" lists his cluster, the notes'
    #    state and a button straight into the editor, where his findings are waiting.
    phone.goto(f"/forums/{SLUG}/")
    mine = phone.locator(".home-staff")
    expect(mine).to_contain_text(CLUSTER)
    expect(mine).to_contain_text("Draft")
    mine.get_by_role("link", name=re.compile("^Write the notes")).click()
    expect(phone.get_by_label("Key findings")).to_have_value(re.compile(re.escape(FINDINGS.splitlines()[0])))
    shot("invitation-04a-forum-home-phone", phone)

    # and /clusters lists his cluster and the notes' state (not a 403).
    phone.goto(f"/forums/{SLUG}/clusters")
    expect(phone.get_by_role("heading", name="Your clusters")).to_be_visible()
    expect(phone.get_by_role("link", name=f"Write the notes: {CLUSTER}")).to_be_visible()
    shot("invitation-04-my-clusters-phone", phone)

    # 6. The link again: already accepted, nothing granted twice.
    phone.goto(link)
    expect(phone.get_by_role("main")).to_contain_text("already been accepted")
    shot("invitation-05-already-accepted-phone", phone)

    # 7. Siti opens hers signed out: she signs in from the page and comes back to accept.
    _message, siti_link = invitation_link(deliver_mail, SITI[1], live_server.url)
    siti = new_page()
    siti.goto(siti_link)
    expect(siti.get_by_role("main")).to_contain_text(f"An account already uses {SITI[1]}")
    siti.get_by_role("link", name="Sign in to accept").click()
    siti.get_by_label("Email address").fill(SITI[1])
    siti.get_by_label("Password").fill(TEST_PASSWORD)
    siti.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(siti.get_by_role("button", name="Accept: become rapporteur")).to_be_visible()
    shot("invitation-03-accept-signed-in-desktop", siti)
    siti.set_viewport_size(PHONE_VIEWPORT)
    shot("invitation-03-accept-signed-in-phone", siti)
    siti.get_by_role("button", name="Accept: become rapporteur").click()
    expect(siti).to_have_url(re.compile(rf"/forums/{SLUG}/clusters/{cluster_id}#notes-h$"))

    # 8. The team page invites the same way: Mai invites Linh as a participant (desktop and phone).
    page.goto(f"/forums/{SLUG}/team")
    page.get_by_label("Email address").fill("linh@example.org")
    page.get_by_label("Role", exact=True).select_option(label="Participant")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to linh@example.org")
    both_widths(page, shot, "invitation-07-team")

    # 9. Siti, still signed in, opens Linh's link: it names the address it is for and offers to sign out.
    _message, linh_link = invitation_link(deliver_mail, "linh@example.org", live_server.url)
    siti.set_viewport_size(VIEWPORT)
    siti.goto(linh_link)
    expect(siti.get_by_role("heading", level=1)).to_have_text("This invitation is for another address")
    expect(siti.get_by_role("main")).to_contain_text("This invitation was sent to linh@example.org")
    shot("invitation-06-another-account-desktop", siti)
    siti.get_by_role("button", name="Sign out and continue").click()
    expect(siti).to_have_url(linh_link)
    expect(siti.get_by_role("heading", name="Create your account to accept")).to_be_visible()

    roles = sorted((a.user.email, a.role) for a in db.session.query(ClusterAssignment).all())
    assert roles == [(BEN[1], "facilitator"), (SITI[1], "rapporteur")]
    db.session.rollback()
