"""Participants are told that support is offered to them (walk 23, finding 1): an offer made at the desk, singly or
in bulk, emails each person it asks a new answer of, in their own language, with their private link to answer; the
mail rules hold (the organiser's and the forum's quotas, a draft forum's mail held); and the travel form, which the
travel-form email leads to, shows the offers still waiting at its top with Accept and Decline."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forumops.core.outbox import OutboxMessage
from forumops.travel.models import Support
from forumops.travel.queries import supports_of, travel_settings
from tests.conftest import sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)

SUPPORT = f"/forums/{SLUG}/travel/support"
SUBJECT = "Hanoi Training on Social Enterprise: support offered to you, waiting for your answer"


@pytest.fixture
def mai(app, training):
    client = app.test_client()
    sign_in(client, training.mai)
    return client


def _text(response) -> str:
    return response.get_data(as_text=True)


def _mail(db, address=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if address:
        query = query.where(OutboxMessage.to_address == address)
    return list(db.session.scalars(query))


def _tell_box(page: str) -> str:
    return re.search(r'<input [^>]*id="tell"[^>]*>', page).group(0)


def test_the_desk_offers_to_tell_them_by_email_ticked(mai, training):
    page = _text(mai.get(f"/forums/{SLUG}/registrations/{training.sopheak.registration.id}"))
    assert " checked " in _tell_box(page)
    assert "Tell them by email" in page
    arrived = _text(mai.post(f"{SUPPORT}/offer", data={"ids": [training.sopheak.registration.id]}))
    assert " checked " in _tell_box(arrived)  # the bulk page, as the desk's button opens it


def test_an_offer_tells_the_person_by_email_with_their_private_link(app, mai, training, db):
    registration = training.sopheak.registration
    answer = mai.post(f"{SUPPORT}/registrations/{registration.id}", data={
        "kinds": ["travel", "per_diem"], "note": "Economy return from Phnom Penh",
        "tell": "y"})
    page = _text(mai.get(answer.headers["Location"]))
    panel = re.search(r'<section class="card support-desk" id="support".*?</section>', page, re.S).group(0)
    assert "Sok Sopheak is told by email." in panel
    [mail] = _mail(db)
    assert (mail.to_address, mail.subject) == ("sopheak@example.org", SUBJECT)
    assert mail.kind == "service"  # about their own registration: an opt-out of announcements does not stop it
    assert mail.actor_id == training.mai.id  # counted against Mai's quota and the forum's
    assert mail.registration_id == registration.id
    body = mail.body_text
    assert body.startswith("Dear Sok Sopheak,")
    assert ("for you:\n\n- Travel: the organisers arrange and pay it directly\n  Economy return from Phnom Penh\n"
            "- Per diem: 30.00\u00a0USD a day\n  Economy return from Phnom Penh\n\n"  # the note goes with each kind
            "Please accept or decline each offer") in body  # a list, line by line
    link = re.search(rf"http://[^/\s]+(/forums/{SLUG}/registration/[^\s#]+)#support", body).group(1)
    opened = _text(app.test_client().get(link))  # their own page, by the new private link, no account needed
    offers = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', opened, re.S).group(0)
    assert offers.count(">Accept</button>") == 2
    # the same offer again asks nothing new of him: no second email
    mai.post(f"{SUPPORT}/registrations/{registration.id}", data={
        "kinds": ["travel"], "note": "Economy return from Phnom Penh", "tell": "y"})
    assert len(_mail(db)) == 1


def test_unticked_nobody_is_written_to(mai, training, db):
    mai.post(f"{SUPPORT}/registrations/{training.sopheak.registration.id}",
             data={"kinds": ["travel"]})
    assert set(supports_of(training.sopheak.registration)) == {"travel"}
    assert _mail(db) == []


def test_a_bulk_offer_tells_each_in_their_own_language_what_waits_for_their_answer(mai, training, create_support,
                                                                                   db):
    linh = training.linh.registration
    linh.language = "vi"
    create_support(linh, "travel", status="accepted")
    db.session.commit()
    ids = [training.sopheak.registration.id, linh.id, training.dara.registration.id]
    done = mai.post(f"{SUPPORT}/offer", data={"ids": ids, "step": "confirm", "kinds": ["travel", "per_diem"],
                                              "tell": "y"}, follow_redirects=True)
    assert "2 people are told by email." in _text(done)
    assert _mail(db, "dara@example.org") == []  # pending: offered nothing, told nothing
    [sopheak] = _mail(db, "sopheak@example.org")
    assert "- Travel:" in sopheak.body_text
    assert "- Per diem: 30.00\u00a0USD a day" in sopheak.body_text
    [to_linh] = _mail(db, "linh@example.org")
    assert "- Phụ cấp công tác: 30,00\u00a0USD mỗi ngày" in to_linh.body_text  # per diem, in Vietnamese
    assert "Đi lại" not in to_linh.body_text  # her travel was accepted already: nothing to answer


def test_the_emails_count_against_the_quota_and_a_refusal_offers_nothing(app, mai, training, db):
    ids = [training.sopheak.registration.id, training.linh.registration.id]
    app.config.update(MAIL_ACCOUNT_QUOTA=1)
    try:
        refused = mai.post(f"{SUPPORT}/offer", data={"ids": ids, "step": "confirm", "kinds": ["travel"],
                                                     "note": "Economy return", "tell": "y"})
    finally:
        app.config.update(MAIL_ACCOUNT_QUOTA=5000)
    assert refused.status_code == 422
    page = _text(refused)
    error = re.search(r'<p class="error-message" id="tell-error">([^<]*)</p>', page).group(1)
    assert "Your account may write to 1 people in 24 hours" in error
    assert 'value="Economy return"' in page  # what was typed is kept
    assert db.session.scalar(select(Support.id)) is None  # nothing offered
    assert _mail(db) == []


def test_a_draft_forums_email_waits_until_it_is_announced(mai, training, db):
    training.forum.status = "draft"
    db.session.commit()
    answer = mai.post(f"{SUPPORT}/registrations/{training.sopheak.registration.id}",
                      data={"kinds": ["travel"], "tell": "y"})
    assert "The email to Sok Sopheak goes once the forum is announced." in _text(mai.get(answer.headers["Location"]))
    [mail] = _mail(db)
    assert (mail.status, mail.hold) == ("held", "draft")


@pytest.fixture
def travel_form(training, create_support, db):
    """The travel form open; Sopheak offered travel (waiting) and accommodation (accepted already)."""
    travel_settings(training.forum).form_open = True
    registration = training.sopheak.registration
    create_support(registration, "travel", amount=450, currency="USD", note="Economy return from Phnom Penh")
    create_support(registration, "accommodation", status="accepted")
    db.session.commit()
    return f"/forums/{SLUG}/registration/{training.sopheak.token}"


def test_the_travel_form_shows_the_offers_waiting_at_its_top(client, training, travel_form):
    page = _text(client.get(f"{travel_form}/travel"))
    offers = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', page, re.S).group(0)
    assert page.index('id="support"') < page.index("Arrival date")
    assert "Economy return from Phnom Penh" in offers
    assert "Accommodation" not in offers  # accepted already: nothing to answer
    assert offers.count(">Accept</button>") == offers.count(">Decline</button>") == 1
    assert f'action="{travel_form}/support/travel"' in offers
    assert '<input type="hidden" name="from" value="travel">' in offers
    answer = client.post(f"{travel_form}/support/travel", data={"answer": "accept", "from": "travel"})
    assert answer.headers["Location"].endswith(f"{travel_form}/travel")  # back to the form, at its top
    page = _text(client.get(answer.headers["Location"]))
    assert "Thank you: you accepted travel." in page
    assert 'id="support"' not in page  # nothing waits any more
    assert supports_of(training.sopheak.registration)["travel"].status == "accepted"


def test_the_travel_form_through_the_account_answers_through_it(app, training, travel_form, create_support, db):
    create_support(training.sopheak.registration, "visa_fee", amount=25, currency="USD")
    db.session.commit()
    client = app.test_client()
    sign_in(client, training.sopheak_user)
    mine = f"/forums/{SLUG}/my-registration"
    page = _text(client.get(f"{mine}/travel"))
    assert f'action="{mine}/support/travel"' in page
    answer = client.post(f"{mine}/support/travel", data={"answer": "decline", "from": "travel"})
    assert answer.headers["Location"].endswith(f"{mine}/travel#support")  # the visa fee still waits: at the offers
    page = _text(client.get(answer.headers["Location"]))
    offers = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', page, re.S).group(0)
    assert "You declined travel." in offers
    assert "Visa fee" in offers


def test_the_travel_form_message_tells_them_to_answer_the_offers_there(app, training):
    from forumops.communications.defaults import default_templates

    with app.test_request_context():
        [message] = [template for template in default_templates(training.forum) if template.key == "travel_form"]
    assert "{travel_link}" in message.body
    assert ("If we offer to fund your travel, your accommodation or a per diem, the offer is at the top of the same "
            "page: please accept or decline it there.") in message.body
