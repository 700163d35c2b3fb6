"""Support and sponsorship, the organisers' pages: the offers and the form on one registration at the desk, bad
input refused at its field with what was typed kept and nothing saved, the desk's "Offer support…" carrying the
ticked registrations to the bulk page, and the support page's filters, counts and totals in a fixed number of
queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from forumops.travel.models import Support
from forumops.travel.queries import supports_of
from tests.conftest import count_queries, sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)

SUPPORT = f"/forums/{SLUG}/travel/support"


@pytest.fixture
def mai(app, training):
    client = app.test_client()
    sign_in(client, training.mai)
    return client


def _text(response) -> str:
    return response.get_data(as_text=True)


def _offer_url(registration) -> str:
    return f"{SUPPORT}/registrations/{registration.id}"


def test_the_desk_shows_a_registrations_support_and_offers_it(mai, training, db):
    registration = training.sopheak.registration
    detail = f"/forums/{SLUG}/registrations/{registration.id}"
    page = _text(mai.get(detail))
    assert "Support and sponsorship" in page
    assert "Nothing is offered to Sok Sopheak." in page
    for label in ("Travel", "Accommodation", "Per diem", "Visa fee"):  # the kinds, as checkboxes
        assert re.search(rf'<input[^>]*type="checkbox"[^>]*value="[a-z_]+"[^>]*>\s*<label[^>]*>{label}</label>', page)
    assert 'value="USD"' in page  # the forum's currency, filled in
    answer = mai.post(_offer_url(registration), data={
        "kinds": ["travel", "per_diem"], "currency_travel": "USD", "currency_per_diem": "USD",
        "note": "Economy return from Phnom Penh"})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"{registration.id}#support")
    page = _text(mai.get(detail))
    assert "Offered to Sok Sopheak: travel and per diem." in page
    assert "Economy return from Phnom Penh" in page
    assert "30.00\u00a0USD a day" in page  # per diem at the forum's rate
    assert page.count("badge-support-offered") == 2


def test_the_desk_changes_sets_the_status_of_and_withdraws_an_offer(mai, training, create_support, db):
    registration = training.sopheak.registration
    create_support(registration, "travel", status="accepted", amount=450, currency="USD")
    detail = f"/forums/{SLUG}/registrations/{registration.id}"
    mai.post(_offer_url(registration), data={"kinds": ["travel"], "amount_travel": "520", "currency_travel": "USD"})
    page = _text(mai.get(detail))
    assert "The amount of travel changed, so it is offered again: Sok Sopheak had accepted it" in page
    assert supports_of(registration)["travel"].status == "offered"
    mai.post(f"{_offer_url(registration)}/travel/status", data={"status": "accepted"})
    assert "Travel for Sok Sopheak: Accepted." in _text(mai.get(detail))
    assert supports_of(registration)["travel"].status == "accepted"
    mai.post(f"{_offer_url(registration)}/travel/withdraw")
    assert "Travel is withdrawn: it is no longer offered to Sok Sopheak." in _text(mai.get(detail))
    assert supports_of(registration) == {}


def test_a_pending_registration_has_no_offer_form(mai, training, db):
    registration = training.dara.registration
    page = _text(mai.get(f"/forums/{SLUG}/registrations/{registration.id}"))
    assert "Only confirmed registrations can be offered support." in page
    assert f'action="{_offer_url(registration)}"' not in page
    refused = mai.post(_offer_url(registration), data={"kinds": ["travel"], "currency_travel": "USD"})
    assert refused.status_code == 422
    assert "Only confirmed registrations can be offered support: confirm Dara Chan first." in _text(refused)
    assert db.session.query(Support).count() == 0


@pytest.mark.parametrize(("amount", "currency", "field", "message"), [
    ("-20", "USD", "amount_travel", "The amount cannot be negative."),
    ("four hundred", "USD", "amount_travel", "Write the amount as a number"),
    ("27.505", "USD", "amount_travel", "Use at most two decimal places."),
    ("1500000.50", "VND", "amount_travel", "Write a whole amount: VND has no decimal places."),
    ("450", "XYZ", "currency_travel", "Unknown currency: write its three-letter ISO 4217 code"),
    ("450", "dollars", "currency_travel", "Unknown currency"),
])
def test_bad_input_is_refused_at_its_field_with_what_was_typed_kept(mai, training, db, amount, currency, field,
                                                                    message):
    registration = training.sopheak.registration
    refused = mai.post(_offer_url(registration), data={
        "kinds": ["travel", "accommodation"], "amount_travel": amount, "currency_travel": currency,
        "note": "Economy return"})
    assert refused.status_code == 422
    page = _text(refused)
    error = re.search(rf'<p class="error-message" id="{field}-error">([^<]*)</p>', page)
    assert error
    assert message in error.group(1)
    assert f'value="{amount}"' in page
    assert 'value="Economy return"' in page
    assert re.search(r'<input checked[^>]*value="travel"|<input[^>]*value="travel"[^>]*checked', page)
    assert re.search(r'value="accommodation"[^>]*checked|checked[^>]*value="accommodation"', page)
    assert not re.search(r'value="visa_fee"[^>]*checked|checked[^>]*value="visa_fee"', page)
    assert db.session.query(Support).count() == 0


def test_an_amount_is_checked_in_the_currency_it_is_saved_in(mai, training, db):
    """An empty currency means the forum's: in a forum that counts in dong, 27.50 is refused as it is when VND is
    typed, rather than saved as VND 27.50."""
    from forumops.travel.queries import travel_settings

    travel_settings(training.forum).currency = "VND"
    db.session.commit()
    registration = training.sopheak.registration
    refused = mai.post(_offer_url(registration), data={"kinds": ["travel"], "amount_travel": "27.50",
                                                         "currency_travel": ""})
    assert refused.status_code == 422
    error = re.search(r'<p class="error-message" id="amount_travel-error">([^<]*)</p>', _text(refused))
    assert "Write a whole amount: VND has no decimal places." in error.group(1)
    assert db.session.query(Support).count() == 0
    mai.post(_offer_url(registration), data={"kinds": ["travel"], "amount_travel": "1 500 000", "currency_travel": ""})
    assert (supports_of(registration)["travel"].amount, supports_of(registration)["travel"].currency) == (
        Decimal("1500000"), "VND")


def test_a_per_diem_at_the_forums_rate_keeps_the_forums_currency(mai, training, db):
    """No amount typed: per diem is the forum's 30.00 a day, which is in US dollars whatever currency is typed."""
    registration = training.sopheak.registration
    mai.post(_offer_url(registration), data={"kinds": ["per_diem"], "amount_per_diem": "", "currency_per_diem": "EUR"})
    per_diem = supports_of(registration)["per_diem"]
    assert (per_diem.amount, per_diem.currency) == (Decimal("30.00"), "USD")


def test_money_reads_the_same_on_the_support_page_and_the_per_diem_sheet(mai, training, create_support,
                                                                         create_travel, app):
    """One way to write money: the code after the amount, the digits as the reader's language writes them."""
    from datetime import datetime

    from forumops.core.languages import written_in
    from forumops.core.numbers import money

    create_support(training.linh.registration, "per_diem", status="accepted", amount=40, currency="USD")
    create_travel(training.linh.registration, arrival=datetime(2027, 6, 8, 8), departure=datetime(2027, 6, 10, 18))
    assert "40.00\u00a0USD a day" in _text(mai.get(SUPPORT))
    sheet = _text(mai.get(f"/forums/{SLUG}/travel/lists/per-diem"))
    assert "40.00\u00a0USD" in sheet
    assert "120.00\u00a0USD" in sheet
    with app.test_request_context(), written_in("vi"):
        assert money(Decimal("1234.5"), "USD") == "1.234,50\u00a0USD"
        assert money(Decimal("1500000"), "VND") == "1.500.000\u00a0VND"


def test_no_kind_ticked_is_refused_at_the_kinds(mai, training, db):
    refused = mai.post(_offer_url(training.sopheak.registration), data={"currency_travel": "USD"})
    assert refused.status_code == 422
    assert re.search(r'id="kinds-error">Tick at least one kind of support.', _text(refused))
    assert db.session.query(Support).count() == 0


def test_an_amount_reads_as_typed_in_the_usual_ways(mai, training, db):
    registration = training.sopheak.registration
    mai.post(_offer_url(registration), data={"kinds": ["visa_fee"], "amount_visa_fee": "27,50",
                                             "currency_visa_fee": "usd"})
    mai.post(_offer_url(registration), data={"kinds": ["accommodation"], "amount_accommodation": "1 500 000",
                                             "currency_accommodation": "VND"})
    supports = supports_of(registration)
    assert (supports["visa_fee"].amount, supports["visa_fee"].currency) == (Decimal("27.50"), "USD")
    assert (supports["accommodation"].amount, supports["accommodation"].currency) == (Decimal("1500000"), "VND")


def _desk_bulk_form(page: str) -> str:
    return re.search(r'<form method="post" action="[^"]*/registrations/bulk" class="bulk-form">.*?</form>',
                     page, re.S).group(0)


def test_the_desk_offers_support_to_the_ticked_registrations(mai, training, create_support, db):
    create_support(training.linh.registration, "travel", status="accepted")
    desk = _text(mai.get(f"/forums/{SLUG}/registrations?status=confirmed"))
    bulk_form = _desk_bulk_form(desk)
    button = re.search(r'<button type="submit" formaction="([^"]+)"[^>]*>Offer support…</button>', bulk_form)
    assert button
    assert button.group(1) == f"{SUPPORT}/offer"
    ids = [training.sopheak.registration.id, training.linh.registration.id, training.dara.registration.id]
    # the desk's button carries the ticked ids to the travel page: nothing is offered yet
    arrived = mai.post(button.group(1), data={"ids": ids, "back": "status=confirmed"})
    assert arrived.status_code == 200
    page = _text(arrived)
    assert "3 registrations ticked." in page
    assert "left out: not confirmed" in page  # Dara, said before anything is done
    assert page.count('name="ids"') == 3
    assert db.session.query(Support).count() == 1
    # the organisers choose the terms and confirm
    done = mai.post(f"{SUPPORT}/offer", data={"ids": ids, "step": "confirm", "kinds": ["travel", "accommodation"],
                                              "back": "status=confirmed"},
                    follow_redirects=True)
    page = _text(done)
    assert "Offered to 2 registrations: travel and accommodation." in page
    assert "Already accepted, left as they were: Nguyễn Phương Linh (travel)." in page
    assert "1 registration left out: Dara Chan (not confirmed)." in page
    assert {k: s.status for k, s in supports_of(training.linh.registration).items()} == {
        "travel": "accepted", "accommodation": "offered"}
    assert set(supports_of(training.sopheak.registration)) == {"travel", "accommodation"}


def test_a_bulk_offer_refused_keeps_the_ticked_and_the_typed(mai, training, db):
    ids = [training.sopheak.registration.id, training.linh.registration.id]
    refused = mai.post(f"{SUPPORT}/offer", data={"ids": ids, "step": "confirm", "kinds": ["per_diem"],
                                                 "amount_per_diem": "-5", "currency_per_diem": "USD"})
    assert refused.status_code == 422
    page = _text(refused)
    assert "The amount cannot be negative." in page
    assert 'value="-5"' in page
    assert page.count('name="ids"') == 2
    assert db.session.query(Support).count() == 0


def test_nobody_ticked_goes_back_to_the_desk_saying_so(mai, training):
    answer = mai.post(f"{SUPPORT}/offer", data={"back": "status=confirmed"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/registrations?status=confirmed")
    assert "Tick at least one registration first." in _text(mai.get(answer.headers["Location"]))


def test_another_forums_registration_is_not_found(mai, training, create_forum, create_registration, create_user):
    other = create_forum(slug="another", organiser=create_user(email="someone@example.org"))
    theirs, _token = create_registration(other, status="confirmed", notify=False)
    assert mai.get(_offer_url(theirs)).status_code == 404
    assert mai.post(_offer_url(theirs), data={"kinds": ["travel"]}).status_code == 404
    answer = mai.post(f"{SUPPORT}/offer", data={"ids": [theirs.id], "step": "confirm", "kinds": ["travel"]})
    assert answer.status_code == 303  # not ticked here: nothing to offer
    assert supports_of(theirs) == {}


def test_the_support_page_counts_totals_and_filters(mai, training, create_support, db):
    create_support(training.sopheak.registration, "travel", status="accepted", amount=450, currency="USD")
    create_support(training.sopheak.registration, "per_diem", status="accepted", amount=30, currency="USD")
    create_support(training.linh.registration, "travel", status="accepted", amount=120, currency="USD")
    create_support(training.linh.registration, "accommodation", status="declined", amount=200, currency="USD")
    create_support(training.linh.registration, "visa_fee", status="accepted", amount=600000, currency="VND")
    page = _text(mai.get(SUPPORT))
    assert "2 people are offered support." in page
    assert re.search(r"Travel</th>\s*<td class=\"num\">0</td><td class=\"num\"><a [^>]*>2</a>", page)
    totals = re.search(r'<table class="table report-numbers support-totals">.*?</table>', page, re.S).group(0)
    assert re.search(r"Travel</th><td class=\"num\">2</td>\s*<td[^>]*>570.00\u00a0USD</td>", totals)  # 450 + 120
    assert "30.00\u00a0USD a day" in totals
    assert "Accommodation" not in totals  # declined: not counted
    assert "600,000\u00a0VND" in totals
    assert re.search(r"Travel, accommodation and visa fees</th><td[^>]*>570.00\u00a0USD<", totals)
    declined = _text(mai.get(SUPPORT, query_string={"kind": "accommodation", "status": "declined"}))
    assert "1 person." in declined
    assert "Nguyễn Phương Linh" in declined
    assert "Sok Sopheak" not in declined
    odd = mai.get(SUPPORT, query_string={"kind": "<script>", "status": "lost"})
    assert odd.status_code == 200
    assert "2 people." in _text(odd)


def test_a_cancelled_persons_support_leaves_the_totals_and_the_list_and_is_shown_apart(mai, training,
                                                                                      create_support, db):
    """Sopheak accepted travel, then cancelled: his 450 USD is no longer in the budget, nor he among those offered
    support, but the organisers see that his offers still stand, to withdraw them."""
    sopheak = training.sopheak.registration
    create_support(sopheak, "travel", status="accepted", amount=450, currency="USD")
    create_support(training.linh.registration, "travel", status="accepted", amount=120, currency="USD")
    sopheak.status = "cancelled"
    db.session.commit()
    page = _text(mai.get(SUPPORT))
    totals = re.search(r'<table class="table report-numbers support-totals">.*?</table>', page, re.S).group(0)
    assert re.search(r"Travel</th><td class=\"num\">1</td>\s*<td[^>]*>120.00\u00a0USD</td>", totals)
    assert "1 person is offered support." in page
    assert re.search(r"Travel</th>\s*<td class=\"num\">0</td><td class=\"num\"><a [^>]*>1</a>", page)
    listed = re.findall(r'<td data-label="Name"><a [^>]*><strong>([^<]+)</strong>', page)
    assert listed == ["Nguyễn Phương Linh"]
    apart = re.search(r'<section[^>]*id="not-confirmed".*?</section>', page, re.S).group(0)
    assert "Sok Sopheak" in apart
    assert "Cancelled" in apart
    assert f"/registrations/{sopheak.id}#support" in apart


def test_the_support_page_lists_names_in_reading_order(mai, training, create_registration, create_support):
    for name in ("Zaw Min", "sok dara", "Đặng Minh"):
        registration, _token = create_registration(training.forum, status="confirmed", name=name, notify=False)
        create_support(registration, "travel")
    create_support(training.linh.registration, "travel")
    page = _text(mai.get(SUPPORT))
    listed = re.findall(r'<td data-label="Name"><a [^>]*><strong>([^<]+)</strong>', page)
    assert listed == ["Đặng Minh", "Nguyễn Phương Linh", "sok dara", "Zaw Min"]


def test_the_support_page_and_the_desk_panel_take_the_same_queries_for_many_people(
        mai, training, create_registration, create_support, db):
    def pages():
        mai.get(SUPPORT)
        mai.get(f"/forums/{SLUG}/registrations/{training.sopheak.registration.id}")

    pages()  # caches warmed
    create_support(training.sopheak.registration, "travel", status="accepted", amount=450, currency="USD")
    few = count_queries(db, pages)  # after a commit, as below
    for number in range(12):
        registration, _token = create_registration(training.forum, name=f"Participant {number}", status="confirmed",
                                                   notify=False)
        for kind in ("travel", "accommodation", "per_diem"):
            create_support(registration, kind, status=("offered", "accepted")[number % 2], amount=number,
                           currency=("USD", "THB")[number % 2])
    many = count_queries(db, pages)
    assert many == few
    assert "14 people." not in _text(mai.get(SUPPORT))
    assert "13 people." in _text(mai.get(SUPPORT))


def test_the_desk_says_how_many_are_offered_support(mai, training, create_support):
    assert "offered support" not in _text(mai.get(f"/forums/{SLUG}/registrations"))
    create_support(training.sopheak.registration, "travel", status="accepted")
    create_support(training.linh.registration, "travel")
    desk = _text(mai.get(f"/forums/{SLUG}/registrations"))
    assert "2 people are offered support." in desk
    assert "Their offers: 1 accepted, 1 waiting for an answer, 0 declined." in desk  # offers, not people
    assert f'href="{SUPPORT}"' in desk


def test_what_organisers_and_people_type_is_shown_as_text(app, mai, training, create_support):
    create_support(training.sopheak.registration, "travel", note='<img src=x onerror="alert(1)">')
    training.sopheak.registration.name = "<b>Sopheak</b>"
    from forumops.extensions import db

    db.session.commit()
    pages = [_text(mai.get(SUPPORT)),
             _text(mai.get(f"/forums/{SLUG}/registrations/{training.sopheak.registration.id}")),
             _text(app.test_client().get(f"/forums/{SLUG}/registration/{training.sopheak.token}"))]
    for page in pages[1:]:
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    for page in pages:
        assert "<img src=x" not in page
        assert "<b>Sopheak</b>" not in page
