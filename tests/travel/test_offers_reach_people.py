"""Participants are told that support is offered to them (walk 23, finding 1): the travel form, which the
travel-form email leads to, shows the offers still waiting at its top with Accept and Decline."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forumops.core.outbox import OutboxMessage
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
    assert "Thank you: you accepted Travel." in page
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
    assert "You declined Travel." in offers
    assert "Visa fee" in offers
