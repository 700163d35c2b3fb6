"""The kinds of support inside a sentence are written as words, not as labels (walk 23, finding 15): "Offered to 5
registrations: travel and accommodation.", "Thank you: you accepted travel.", "Offered again, as it had been
declined: accommodation." (the messages after the desk's offers and the person's answers)."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)


@pytest.fixture
def mai(app, training):
    client = app.test_client()
    sign_in(client, training.mai)
    return client


def test_an_offer_made_again_says_which_kinds_in_words(mai, training, create_support):
    registration = training.sopheak.registration
    create_support(registration, "travel", status="accepted", amount=450, currency="USD")
    create_support(registration, "accommodation", status="declined")
    mai.post(f"/forums/{SLUG}/travel/support/registrations/{registration.id}",
             data={"kinds": ["travel", "accommodation"], "amount_travel": "450", "currency_travel": "USD",
                   "currency_accommodation": "USD"})
    page = mai.get(f"/forums/{SLUG}/registrations/{registration.id}").get_data(as_text=True)
    assert "Offered to Sok Sopheak: accommodation." in page
    assert "Offered again, as it had been declined: accommodation." in page
    assert "Still accepted, as its amount did not change: travel." in page
