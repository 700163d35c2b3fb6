"""Support and sponsorship, the state changes: an offer to a confirmed registration only; the person accepts or
declines it once; offering again keeps an acceptance unless the money changes (then the person answers again), and
offers a declined kind again; withdrawing deletes it; a bulk offer gives the same terms to many in one go and says
who was left out and why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forumops.core.errors import FormError
from forumops.travel import support_operations as ops
from forumops.travel.models import Support
from forumops.travel.queries import supports_of
from forumops.travel.support_answers import answer_offer, terms_key
from tests.travel.support_fixtures import training_fixture  # noqa: F401  (the `training` fixture)


def _offer(training, who="sopheak", *kinds, amount=None, currency="", **terms):
    """Offer these kinds (travel by default), each at `amount` in `currency`."""
    kinds = kinds or ("travel",)
    return ops.offer_support(training.forum, getattr(training, who).registration, ops.Terms(
        kinds=kinds, amounts=dict.fromkeys(kinds, amount), currencies=dict.fromkeys(kinds, currency), **terms))


def _row(training, kind="travel", who="sopheak") -> Support:
    return supports_of(getattr(training, who).registration)[kind]


def test_an_offer_is_made_to_a_confirmed_registration_and_waits_for_the_answer(training, db):
    changes = _offer(training, "sopheak", "travel", "accommodation", amount=Decimal("450"), currency="usd",
                     note="Economy return from Phnom Penh")
    assert changes == {"travel": ops.NEW, "accommodation": ops.NEW}
    travel = _row(training)
    assert (travel.status, travel.amount, travel.currency, travel.note) == (
        "offered", Decimal("450.00"), "USD", "Economy return from Phnom Penh")
    assert travel.offered_at is not None
    assert travel.answered_at is None


def test_amounts_default_to_the_forums_currency_and_per_diem_to_its_rate(training, db):
    _offer(training, "sopheak", "travel", "per_diem")
    assert (_row(training).amount, _row(training).currency) == (None, "")  # the organisers buy the ticket
    assert (_row(training, "per_diem").amount, _row(training, "per_diem").currency) == (Decimal("30.00"), "USD")
    _offer(training, "linh", "visa_fee", amount=Decimal("25"))
    assert _row(training, "visa_fee", "linh").currency == "USD"


@pytest.mark.parametrize("status", ["pending", "waitlisted", "rejected", "cancelled"])
def test_only_a_confirmed_registration_can_be_offered_support(training, db, status):
    training.linh.registration.status = status
    with pytest.raises(FormError, match="Only confirmed registrations can be offered support"):
        _offer(training, "linh")
    assert db.session.query(Support).count() == 0


def test_an_erased_registration_cannot_be_offered_support(training, db):
    from forumops.core.models import utcnow

    training.linh.registration.erased_at = utcnow()
    with pytest.raises(FormError, match="personal data is erased"):
        _offer(training, "linh")


def test_a_negative_amount_and_no_kind_are_refused(training, db):
    with pytest.raises(FormError) as refused:
        _offer(training, amount=Decimal("-1"))
    assert refused.value.field == "amount_travel"
    with pytest.raises(FormError) as refused:
        ops.offer_support(training.forum, training.sopheak.registration, ops.Terms(kinds=()))
    assert refused.value.field == "kinds"
    assert db.session.query(Support).count() == 0


def test_the_person_accepts_or_declines_once(training, db):
    _offer(training, "sopheak", "travel", "accommodation")
    registration = training.sopheak.registration
    answer_offer(training.forum, registration, "travel", accept=True)
    answer_offer(training.forum, registration, "accommodation", accept=False)
    assert (_row(training).status, _row(training, "accommodation").status) == ("accepted", "declined")
    assert _row(training).answered_at is not None
    assert _row(training, "accommodation").answered_at is not None
    with pytest.raises(FormError, match="You answered this offer already"):
        answer_offer(training.forum, registration, "accommodation", accept=True)  # declining is not undone here
    assert _row(training, "accommodation").status == "declined"


def test_an_offer_changed_while_the_person_read_it_is_not_answered(training, db):
    _offer(training, amount=Decimal("450"))
    shown = terms_key(_row(training))
    _offer(training, amount=Decimal("380"))  # the organisers found a cheaper fare meanwhile
    with pytest.raises(FormError, match="changed this offer while you were reading it"):
        answer_offer(training.forum, training.sopheak.registration, "travel", accept=True, shown=shown)
    assert _row(training).status == "offered"
    answer_offer(training.forum, training.sopheak.registration, "travel", accept=True,
                 shown=terms_key(_row(training)))
    assert _row(training).status == "accepted"


def test_reoffering_an_accepted_kind_keeps_it_accepted_unless_its_amount_changes(training, db):
    _offer(training, amount=Decimal("450"), note="Economy return")
    answer_offer(training.forum, training.sopheak.registration, "travel", accept=True)
    answered = _row(training).answered_at
    # the same money, a new note: still accepted
    assert _offer(training, amount=Decimal("450.00"), note="Economy return, VN 956") == {"travel": ops.KEPT_ACCEPTED}
    assert (_row(training).status, _row(training).note, _row(training).answered_at) == (
        "accepted", "Economy return, VN 956", answered)
    # another amount: offered again, waiting for the person's answer
    assert _offer(training, amount=Decimal("520"), note="Economy return, VN 956") == {"travel": ops.REOFFERED}
    assert (_row(training).status, _row(training).amount, _row(training).answered_at) == (
        "offered", Decimal("520.00"), None)


def test_a_changed_currency_is_a_changed_amount(training, db):
    _offer(training, amount=Decimal("450"), currency="USD")
    answer_offer(training.forum, training.sopheak.registration, "travel", accept=True)
    assert _offer(training, amount=Decimal("450"), currency="EUR") == {"travel": ops.REOFFERED}
    assert _row(training).status == "offered"


def test_a_declined_offer_can_be_offered_again(training, db):
    _offer(training)
    answer_offer(training.forum, training.sopheak.registration, "travel", accept=False)
    assert _offer(training) == {"travel": ops.OFFERED_AGAIN}
    assert (_row(training).status, _row(training).answered_at) == ("offered", None)


def test_organisers_set_the_status_and_withdraw(training, db):
    _offer(training, "sopheak", "travel", "visa_fee")
    registration = training.sopheak.registration
    ops.set_support_status(training.forum, registration, "travel", "accepted")  # he said yes by email
    assert _row(training).status == "accepted"
    assert _row(training).answered_at is not None
    ops.set_support_status(training.forum, registration, "travel", "offered")
    assert _row(training).status == "offered"
    assert _row(training).answered_at is None
    ops.withdraw_support(training.forum, registration, "visa_fee")
    assert set(supports_of(registration)) == {"travel"}
    with pytest.raises(FormError, match="is not offered"):
        ops.withdraw_support(training.forum, registration, "visa_fee")
    with pytest.raises(FormError, match="This offer was withdrawn"):
        answer_offer(training.forum, registration, "visa_fee", accept=True)


def test_a_bulk_offer_gives_the_same_terms_and_says_who_was_left_out(training, db):
    _offer(training, "linh", "travel")
    answer_offer(training.forum, training.linh.registration, "travel", accept=True)
    registrations = [training.sopheak.registration, training.linh.registration, training.dara.registration]
    outcome = ops.offer_in_bulk(training.forum, registrations,
                                ops.Terms(kinds=("travel",), amounts={"travel": Decimal("400")},
                                          currencies={"travel": "USD"}))
    assert [r.name for r in outcome.given] == ["Sok Sopheak"]
    assert [(r.name, why) for r, why in outcome.skipped] == [("Dara Chan", ops.NOT_CONFIRMED),
                                                             ("Nguyễn Phương Linh", ops.ALREADY_ACCEPTED)]
    # an acceptance is never undone by a bulk offer, even at another amount
    assert (_row(training, who="linh").status, _row(training, who="linh").amount) == ("accepted", None)
    assert _row(training).amount == Decimal("400.00")
    assert supports_of(training.dara.registration) == {}


def test_a_bulk_offer_keeps_accepted_kinds_and_gives_the_others(training, db):
    _offer(training, "linh", "travel")
    answer_offer(training.forum, training.linh.registration, "travel", accept=True)
    outcome = ops.offer_in_bulk(training.forum, [training.linh.registration],
                                ops.Terms(kinds=("travel", "accommodation")))
    assert [r.name for r in outcome.given] == ["Nguyễn Phương Linh"]
    assert [(r.name, kinds) for r, kinds in outcome.kept] == [("Nguyễn Phương Linh", ["travel"])]
    assert (_row(training, who="linh").status, _row(training, "accommodation", "linh").status) == (
        "accepted", "offered")


def test_a_bulk_offer_takes_the_same_statements_for_twelve_people_as_for_two(training, db, create_registration,
                                                                             create_support):
    """Offering travel and accommodation to a whole delegation: the new offers go in one INSERT (run for many
    rows), the changed ones in one UPDATE per kind of change, however many people are ticked."""
    from tests.conftest import count_queries

    def people(number: int, start: int) -> list:
        found = []
        for index in range(start, start + number):
            registration, _token = create_registration(training.forum, status="confirmed", notify=False,
                                                       name=f"Person {index}", email=f"p{index}@example.org")
            create_support(registration, "travel", amount=300, currency="USD")  # one kind offered before
            found.append(registration)
        return found

    from forumops.registration.queries import registrations_by_ids

    terms = ops.Terms(kinds=("travel", "accommodation"), amounts={"travel": Decimal("400")},
                      currencies={"travel": "USD"})
    created = people(14, 0)  # loaded as the desk's ticks load them (the factories' commits expired them)
    two, twelve = (registrations_by_ids(training.forum, [r.id for r in group]) for group in (created[:2], created[2:]))
    few = count_queries(db, lambda: ops.offer_in_bulk(training.forum, two, terms))
    many = count_queries(db, lambda: ops.offer_in_bulk(training.forum, twelve, terms))
    assert many == few
    assert all(supports_of(r)["accommodation"].status == "offered" for r in two + twelve)
    assert {supports_of(r)["travel"].amount for r in two + twelve} == {Decimal("400.00")}
