"""Support and sponsorship, the person's side: their registration page (by the private link or their account) shows
what is offered (kind, amount, currency, note, status) with Accept and Decline; each answer is theirs alone (the
link or the account decides, never an id), is asked with the form's token, and is given once."""

from __future__ import annotations

import re

import pytest

from forumops.travel.queries import supports_of
from tests.conftest import sign_in
from tests.travel.support_fixtures import SLUG, training_fixture  # noqa: F401  (the `training` fixture)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _by_link(person) -> str:
    return f"/forums/{SLUG}/registration/{person.token}"


def _answer_by_link(client, person, kind, answer, **data):
    return client.post(f"{_by_link(person)}/support/{kind}", data={"answer": answer, **data})


@pytest.fixture
def offered(training, create_support):
    registration = training.sopheak.registration
    create_support(registration, "travel", amount=450, currency="USD", note="Economy return from Phnom Penh")
    create_support(registration, "per_diem", amount=30, currency="USD")
    create_support(registration, "accommodation")
    return training


def test_the_person_sees_what_is_offered_on_their_page(client, offered):
    page = _text(client.get(_by_link(offered.sopheak)))
    panel = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', page, re.S).group(0)
    assert "Support offered to you" in panel
    for words in ("Travel", "450.00\u00a0USD", "Economy return from Phnom Penh", "Per diem", "30.00\u00a0USD a day",
                  "Accommodation", "The organisers arrange and pay it directly."):
        assert words in panel, words
    assert panel.count(">Accept</button>") == 3
    assert panel.count(">Decline</button>") == 3
    assert "If you decline, only the organisers can offer it to you again." in panel
    assert panel.index("Travel") < panel.index("Accommodation") < panel.index("Per diem")  # SUPPORT_KINDS order


def test_the_registration_summary_leads_to_the_offers(app, client, offered):
    page = _text(client.get(_by_link(offered.sopheak)))
    summary = re.search(r'<div class="card registration-summary".*?</div>', page, re.S).group(0)
    assert '<a href="#support">Support offered to you</a> <span class="meta">(3 wait for your answer)</span>' in summary
    account = app.test_client()
    sign_in(account, offered.sopheak_user)
    home = _text(account.get(f"/forums/{SLUG}/"))
    assert f'<a href="/forums/{SLUG}/my-registration#support">Support offered to you</a>' in home


def test_nothing_offered_shows_no_panel(client, training):
    page = _text(client.get(_by_link(training.linh)))
    assert "Support offered to you" not in page
    assert 'id="support"' not in page


def test_accepting_and_declining_by_the_private_link(client, offered):
    answer = _answer_by_link(client, offered.sopheak, "travel", "accept")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"{_by_link(offered.sopheak)}#support")
    page = _text(client.get(answer.headers["Location"]))
    assert "Thank you: you accepted travel." in page
    assert "You accepted this offer." in page
    _answer_by_link(client, offered.sopheak, "accommodation", "decline")
    page = _text(client.get(_by_link(offered.sopheak)))
    assert "You declined accommodation. If you change your mind, write to the organisers." in page
    assert {k: s.status for k, s in supports_of(offered.sopheak.registration).items()} == {
        "travel": "accepted", "accommodation": "declined", "per_diem": "offered"}
    # the person cannot take a decline back: only the organisers can offer it again
    again = _answer_by_link(client, offered.sopheak, "accommodation", "accept")
    assert "You answered this offer already." in _text(client.get(again.headers["Location"]))
    assert supports_of(offered.sopheak.registration)["accommodation"].status == "declined"


def test_accepting_through_the_account(app, offered):
    client = app.test_client()
    sign_in(client, offered.sopheak_user)
    page = _text(client.get(f"/forums/{SLUG}/my-registration"))
    assert f'action="/forums/{SLUG}/my-registration/support/per_diem"' in page
    answer = client.post(f"/forums/{SLUG}/my-registration/support/per_diem", data={"answer": "accept"})
    assert answer.headers["Location"].endswith(f"/forums/{SLUG}/my-registration#support")
    assert supports_of(offered.sopheak.registration)["per_diem"].status == "accepted"


def test_a_person_cannot_answer_anothers_offer(app, client, offered, create_user, create_registration):
    linh = offered.linh  # offered nothing
    answer = _answer_by_link(client, linh, "travel", "decline")
    assert "This offer was withdrawn by the organisers." in _text(client.get(answer.headers["Location"]))
    # an account without a registration, or with another one, reaches only its own
    stranger = app.test_client()
    sign_in(stranger, create_user(email="stranger@example.org"))
    assert stranger.post(f"/forums/{SLUG}/my-registration/support/travel", data={"answer": "decline"}
                         ).status_code == 404
    assert client.post(f"/forums/{SLUG}/registration/not-a-real-token/support/travel",
                       data={"answer": "decline"}).status_code == 404
    assert client.post(f"{_by_link(offered.sopheak)}/support/lodging", data={"answer": "accept"}).status_code == 404
    assert supports_of(offered.sopheak.registration)["travel"].status == "offered"


def test_an_answer_needs_the_forms_token(csrf_app, offered):
    client = csrf_app.test_client()
    refused = _answer_by_link(client, offered.sopheak, "travel", "accept")
    assert refused.status_code == 400
    assert supports_of(offered.sopheak.registration)["travel"].status == "offered"
    page = _text(client.get(_by_link(offered.sopheak)))
    token = re.search(r'id="offer-travel".*?name="csrf_token" value="([^"]+)"', page, re.S).group(1)
    shown = re.search(r'id="offer-travel".*?name="shown" value="([^"]+)"', page, re.S).group(1)
    assert _answer_by_link(client, offered.sopheak, "travel", "accept", csrf_token=token,
                           shown=shown).status_code == 303
    assert supports_of(offered.sopheak.registration)["travel"].status == "accepted"


def test_an_offer_changed_while_the_page_was_open_asks_again(client, offered, db):
    page = _text(client.get(_by_link(offered.sopheak)))
    shown = re.search(r'id="offer-travel".*?name="shown" value="([^"]+)"', page, re.S).group(1)
    supports_of(offered.sopheak.registration)["travel"].amount = 380
    db.session.commit()
    answer = _answer_by_link(client, offered.sopheak, "travel", "accept", shown=shown)
    page = _text(client.get(answer.headers["Location"]))
    assert "The organisers changed this offer while you were reading it." in page
    assert "380.00\u00a0USD" in page
    assert supports_of(offered.sopheak.registration)["travel"].status == "offered"


def test_a_cancelled_registration_reads_its_offers_but_cannot_answer(client, offered, db):
    offered.sopheak.registration.status = "cancelled"
    db.session.commit()
    page = _text(client.get(_by_link(offered.sopheak)))
    assert "Travel" in page
    assert ">Accept</button>" not in page
    assert "cannot be answered now" in page
    answer = _answer_by_link(client, offered.sopheak, "travel", "accept")
    assert "offers of support cannot be answered" in _text(client.get(answer.headers["Location"]))
    assert supports_of(offered.sopheak.registration)["travel"].status == "offered"


def test_the_offers_come_first_and_stand_out_while_they_wait(client, offered, db):
    from forumops.travel.queries import travel_settings

    travel_settings(offered.forum).form_open = True  # the travel form's panel is on the page too
    db.session.commit()
    page = _text(client.get(_by_link(offered.sopheak)))
    offers = page.index('id="support"')
    assert page.index('class="card registration-summary"') < offers  # under the summary of the registration
    assert offers < page.index(">Your travel details</h2>")  # before the travel form they lead to
    assert offers < page.index("Change your answers") < page.index("Cancel my registration")
    assert 'class="card support-offers support-offers-waiting"' in page
    assert "3 offers wait for your answer: please accept or decline each." in page
    for kind in ("travel", "accommodation", "per_diem"):
        _answer_by_link(client, offered.sopheak, kind, "accept")
    page = _text(client.get(_by_link(offered.sopheak)))
    assert 'class="card support-offers" id="support"' in page  # nothing waits: it no longer stands out
    assert "wait for your answer" not in page
    assert page.index('id="support"') < page.index("Cancel my registration")


def _flashes_at_the_top(page: str) -> str:
    found = re.search(r'<main[^>]*>\s*(<div class="flashes" role="status" aria-live="polite">.*?</div>)?', page, re.S)
    return found.group(1) or ""


def test_the_message_after_an_answer_is_beside_the_offers(client, offered):
    answer = _answer_by_link(client, offered.sopheak, "travel", "accept")
    assert answer.headers["Location"].endswith("#support")  # the browser shows the offers...
    page = _text(client.get(answer.headers["Location"]))
    panel = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', page, re.S).group(0)
    assert "Thank you: you accepted travel." in panel  # ... so the message is there, not out of sight at the top
    assert "Thank you: you accepted travel." not in _flashes_at_the_top(page)
    assert page.count("Thank you: you accepted travel.") == 1
    refused = _answer_by_link(client, offered.sopheak, "travel", "decline")  # answered already
    page = _text(client.get(refused.headers["Location"]))
    panel = re.search(r'<section class="card support-offers[^"]*" id="support".*?</section>', page, re.S).group(0)
    assert "You answered this offer already." in panel
    assert "You answered this offer already." not in _flashes_at_the_top(page)
