"""Telling people their certificate is ready (issue 21, item 2): the composer's "has a certificate" filter, its
built-in "Your certificate is ready" message, and {certificate_link}, each holder's own private page at their
certificate (people without one read that they have none)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from forumops.certificates import operations
from forumops.communications.defaults import default_templates
from forumops.communications.recipients import RecipientFilters, count_recipients, find_recipients
from forumops.core.outbox import OutboxMessage
from forumops.extensions import db


def _published(training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()


def test_the_filter_picks_those_holding_a_certificate(training):
    _published(training)
    holders = find_recipients(training.forum, RecipientFilters(has_certificate="yes"))
    assert [r.name for r in holders] == ["Nguyễn Phương Linh", "Sopheak Chan"]
    assert count_recipients(training.forum, RecipientFilters(has_certificate="no")) == 1  # Dara


def test_the_built_in_message_goes_to_those_holding_one(client, login, training):
    default = next(d for d in default_templates(training.forum) if d.key == "certificate")
    assert default.filters == {"status": "confirmed", "has_certificate": "yes"}
    assert "{certificate_link}" in default.body
    _published(training)
    login(training.organiser)
    page = client.get("/forums/hanoi-training/messages/new?default=certificate").get_data(as_text=True)
    assert "Your certificate of attendance for {forum}" in page
    assert re.search(r'<option selected value="yes">', page.split('name="has_certificate"')[1].split("</select>")[0])
    assert "2 people" in page


def test_the_certificate_link_opens_the_holder_s_own_page_at_their_certificate(app, client, training):
    from forumops.communications.operations import send_announcement

    _published(training)
    people = [training.people[key].registration for key in ("linh", "dara")]
    with app.test_request_context():
        send_announcement(training.forum, "Certificates", "Dear {name}: {certificate_link}", people, actor=None)
    db.session.commit()
    bodies = {m.to_address: m.body_text for m in db.session.query(OutboxMessage).filter_by(kind="announcement")}
    assert "Dear Dara Sok: (no certificate of attendance has been issued to you)" in bodies["dara@example.org"]
    link = re.search(r"Dear Nguyễn Phương Linh: (\S+)", bodies["linh@example.org"]).group(1)
    linh = training.people["linh"].registration
    address = urlsplit(link)
    assert address.path.startswith("/forums/hanoi-training/registration/")
    assert address.fragment == f"certificate-{linh.id}"
    page = client.get(address.path).get_data(as_text=True)
    assert f'id="certificate-{linh.id}"' in page
    assert "Download your certificate (PDF)" in page


def test_nobody_is_told_their_certificate_is_ready_while_downloads_are_closed(client, login, training):
    _published(training)
    operations.unpublish(training.forum)
    db.session.commit()
    assert count_recipients(training.forum, RecipientFilters(has_certificate="yes")) == 0
    login(training.organiser)
    page = client.get("/forums/hanoi-training/messages/new?default=certificate").get_data(as_text=True)
    assert "2 people" not in page
