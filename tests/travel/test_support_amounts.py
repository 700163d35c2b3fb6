"""A bulk offer's amounts (walk 23, finding 3): each kind ticked has its own amount and currency, so the fare typed
for travel is never a per diem (Ong Siew Lan was offered "Per diem USD 450.00 a day"); the per diem left empty is
the forum's daily rate; an amount typed beside a kind not ticked is a forgotten tick, said at that amount."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from forumops.travel.models import Support
from forumops.travel.queries import supports_of
from tests.conftest import sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)

OFFER = f"/forums/{SLUG}/travel/support/offer"


@pytest.fixture
def mai(app, training):
    client = app.test_client()
    sign_in(client, training.mai)
    return client


def _money(registration) -> dict[str, tuple]:
    return {kind: (row.amount, row.currency) for kind, row in supports_of(registration).items()}


def test_the_bulk_page_asks_an_amount_and_a_currency_beside_each_kind(mai, training):
    page = mai.post(OFFER, data={"ids": [training.sopheak.registration.id]}).get_data(as_text=True)
    kinds = re.search(r'<fieldset[^>]*id="kinds".*?</fieldset>', page, re.S).group(0)
    rows = kinds.split('<div class="support-kind-row">')[1:]
    assert len(rows) == 4
    for kind, label in (("travel", "Travel"), ("accommodation", "Accommodation"), ("per_diem", "Per diem"),
                        ("visa_fee", "Visa fee")):
        row = next(row for row in rows if f'value="{kind}"' in row)
        assert f">{label}</label>" in row
        assert re.search(rf'<input [^>]*aria-label="{label}: amount[^"]*"[^>]*name="amount_{kind}"', row)
        assert re.search(rf'<input [^>]*aria-label="{label}: currency"[^>]*name="currency_{kind}"[^>]*value="USD"', row)
    per_diem = next(row for row in rows if 'value="per_diem"' in row)
    assert ">Amount a day</label>" in per_diem
    assert "Empty: the forum’s rate, 30.00\u00a0USD a day." in per_diem


def test_a_per_diem_is_never_offered_at_the_fare_typed_for_travel(mai, training):
    ids = [training.sopheak.registration.id, training.linh.registration.id]
    mai.post(OFFER, data={"ids": ids, "step": "confirm", "kinds": ["travel", "per_diem"],
                          "amount_travel": "450", "currency_travel": "USD", "currency_per_diem": "USD"})
    for person in (training.sopheak, training.linh):
        assert _money(person.registration) == {"travel": (Decimal("450.00"), "USD"),
                                               "per_diem": (Decimal("30.00"), "USD")}  # the forum's rate


def test_each_kind_is_offered_at_its_own_amount_and_currency(mai, training):
    mai.post(OFFER, data={"ids": [training.sopheak.registration.id], "step": "confirm",
                          "kinds": ["travel", "accommodation", "per_diem"],
                          "amount_travel": "450", "currency_travel": "USD",
                          "amount_accommodation": "1 500 000", "currency_accommodation": "vnd",
                          "amount_per_diem": "40", "currency_per_diem": "USD"})
    assert _money(training.sopheak.registration) == {"travel": (Decimal("450.00"), "USD"),
                                                     "accommodation": (Decimal("1500000.00"), "VND"),
                                                     "per_diem": (Decimal("40.00"), "USD")}


def test_an_amount_beside_a_kind_not_ticked_is_refused_there(mai, training, db):
    refused = mai.post(OFFER, data={"ids": [training.sopheak.registration.id], "step": "confirm",
                                    "kinds": ["accommodation"], "amount_travel": "450", "currency_travel": "USD"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    error = re.search(r'<p class="error-message" id="amount_travel-error">([^<]*)</p>', page).group(1)
    assert error == "Tick Travel to offer it at this amount, or clear the amount."
    assert '<a href="#amount_travel">Travel: amount: Tick Travel' in page  # the error summary names the kind
    assert re.search(r'<input [^>]*name="amount_travel"[^>]*value="450"', page)  # what was typed is kept
    assert db.session.query(Support).count() == 0
