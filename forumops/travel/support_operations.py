"""Writes of support and sponsorship: the organisers offer what they fund to a registration (singly or to many at
once), change it, withdraw it or set its status; the person accepts or declines an offer. They flush, never commit.

The rules, in one place:
- only a confirmed registration whose data is not erased is offered anything;
- offering a kind again changes the offer: an accepted one stays accepted unless its money (amount or currency)
  changes, when it is offered again and waits for the person's answer; a declined one is offered again;
- in bulk, a kind the person already accepted is left as it is (a bulk offer never undoes an acceptance);
- the person answers an offer once, and only while it is offered: declining is undone by the organisers alone
  (support_answers.py: the person's side).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import insert, update

from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.models import utcnow
from ..core.text import search_key
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .labels import SUPPORT_KIND_LABELS
from .models import SUPPORT_KINDS, SUPPORT_STATUSES, Support, TravelSettings
from .queries import supports_of, travel_settings
from .support_queries import supports_of_many

# what became of one kind when it was offered (Offered.changes)
NEW = "new"  # offered for the first time
UPDATED = "updated"  # still offered, its terms changed
UNCHANGED = "unchanged"  # offered again as it was
KEPT_ACCEPTED = "kept_accepted"  # accepted, and its money did not change: it stays accepted
REOFFERED = "reoffered"  # accepted, but its amount or currency changed: offered again, waiting for an answer
OFFERED_AGAIN = "offered_again"  # declined before, offered again

# why a bulk offer left a registration out (labels: support_views.SKIP_REASONS)
NOT_CONFIRMED = "not_confirmed"
ERASED = "erased"
ALREADY_ACCEPTED = "already_accepted"


@dataclass(frozen=True)
class Terms:
    """What is offered: the kinds, each at its own amount (per diem: a day's) and currency, and a note. A kind
    without an amount: the organisers pay it directly (a ticket, a room), or per diem at the forum's rate; never
    another kind's amount (a per diem of USD 450 a day because the fare was typed for travel)."""

    kinds: tuple[str, ...]
    amounts: Mapping[str, Decimal | None] = field(default_factory=dict)  # by kind
    currencies: Mapping[str, str] = field(default_factory=dict)  # by kind; none or empty: the forum's
    note: str = ""


@dataclass
class BulkOutcome:
    """What a bulk offer did: who got it, who was left out and why, and whose already accepted kinds were left as
    they were while they got the others."""

    given: list[Registration] = field(default_factory=list)
    skipped: list[tuple[Registration, str]] = field(default_factory=list)  # (registration, NOT_CONFIRMED | ...)
    kept: list[tuple[Registration, list[str]]] = field(default_factory=list)  # (registration, kinds kept accepted)


def why_not_offerable(registration: Registration) -> str | None:
    """Why nothing may be offered to this registration (NOT_CONFIRMED, ERASED), or None when it may."""
    if registration.erased_at is not None:
        return ERASED
    if registration.status != "confirmed":
        return NOT_CONFIRMED
    return None


def _money(kind: str, terms: Terms, settings: TravelSettings) -> tuple[Decimal | None, str]:
    """The amount and currency one kind is offered at: what was typed for it, in the currency typed beside it
    (else the forum's); else per diem at the forum's rate, in the forum's currency; the currency only beside an
    amount."""
    amount, currency = terms.amounts.get(kind), terms.currencies.get(kind) or ""
    if amount is None and kind == "per_diem":
        amount, currency = settings.per_diem_rate, settings.currency
    if amount is None:
        return None, ""
    return Decimal(amount).quantize(Decimal("0.01")), (currency or settings.currency or "USD").upper()


def _same_money(row: Support, amount: Decimal | None, currency: str) -> bool:
    old = None if row.amount is None else Decimal(row.amount).quantize(Decimal("0.01"))
    return old == amount and (row.currency or "") == currency


def _offer_kind(row: Support | None, amount: Decimal | None, currency: str, note: str, now: datetime,
                keep_accepted: bool) -> tuple[str, dict | None]:
    """What becomes of one kind offered (NEW, UPDATED, ...), and the row's values after it (None: left as it is).
    `keep_accepted`: an accepted kind is not touched."""
    if row is None:
        return NEW, {"status": "offered", "amount": amount, "currency": currency, "note": note, "offered_at": now,
                     "answered_at": None}
    if row.status == "accepted" and keep_accepted:
        return KEPT_ACCEPTED, None
    same_money = _same_money(row, amount, currency)
    outcome = UNCHANGED if same_money and row.note == note else UPDATED
    if row.status == "accepted":
        outcome = KEPT_ACCEPTED if same_money else REOFFERED
    elif row.status == "declined":
        outcome = OFFERED_AGAIN
    values = {"status": row.status, "amount": amount, "currency": currency, "note": note,
              "offered_at": row.offered_at, "answered_at": row.answered_at}
    if outcome in (REOFFERED, OFFERED_AGAIN) or (outcome == UPDATED and not same_money):
        values["offered_at"] = now  # the person answers this offer, not the one before it
    if outcome in (REOFFERED, OFFERED_AGAIN):
        values.update(status="offered", answered_at=None)
    return outcome, values


def _save_offers(offers: list[tuple[int, str, Support | None, dict]]) -> None:
    """Write what _offer_kind decided, (registration id, kind, the row or None, its values) each: the new rows in
    one INSERT and the changed ones in one UPDATE, each run for many rows, however many people are offered."""
    new = [{"registration_id": registration_id, "kind": kind, **values}
           for registration_id, kind, row, values in offers if row is None]
    changed = [(row, values) for _registration_id, _kind, row, values in offers if row is not None]
    if new:
        db.session.execute(insert(Support), new)
    if changed:
        db.session.execute(update(Support), [{"id": row.id, **values} for row, values in changed])
        for row, _values in changed:
            db.session.expire(row)  # read again from the database when next used


def _check_kinds(kinds) -> tuple[str, ...]:
    chosen = tuple(kind for kind in SUPPORT_KINDS if kind in set(kinds))
    if not chosen:
        raise FormError(_("Tick at least one kind of support."), "kinds")
    return chosen


def _check_amounts(terms: Terms) -> None:
    for kind in terms.kinds:
        amount = terms.amounts.get(kind)
        if amount is not None and amount < 0:
            raise FormError(_("The amount cannot be negative."), f"amount_{kind}")  # support_forms' field


def offer_support(forum: Forum, registration: Registration, terms: Terms,
                  now: datetime | None = None) -> dict[str, str]:
    """Offer the kinds in `terms` to one registration, or change what is offered; returns what became of each kind
    (NEW, UPDATED, UNCHANGED, KEPT_ACCEPTED, REOFFERED, OFFERED_AGAIN). Refuses (FormError) a registration that is
    not confirmed or is erased, no kind ticked, a negative amount."""
    kinds = _check_kinds(terms.kinds)
    _check_amounts(terms)
    lock_forum(forum.id)
    reason = why_not_offerable(registration)
    if reason == ERASED:
        raise FormError(_("This registration's personal data is erased: nothing can be offered to it."))
    if reason == NOT_CONFIRMED:
        raise FormError(_("Only confirmed registrations can be offered support: confirm %(name)s first.",
                          name=registration.name))
    now = now or utcnow()
    settings = travel_settings(forum)
    existing = supports_of(registration)
    changes, offers = {}, []
    for kind in kinds:
        amount, currency = _money(kind, terms, settings)
        changes[kind], values = _offer_kind(existing.get(kind), amount, currency, terms.note, now,
                                            keep_accepted=False)
        if values is not None:  # always, when accepted kinds are not kept
            offers.append((registration.id, kind, existing.get(kind), values))
    _save_offers(offers)
    return changes


def offer_in_bulk(forum: Forum, registrations: list[Registration], terms: Terms,
                  now: datetime | None = None) -> BulkOutcome:
    """Offer the same kinds, amounts, currencies and note to many registrations, all in this transaction. A
    registration not confirmed, erased, or that already accepted every kind ticked is skipped (with why); a kind it
    already accepted is left as it is while it gets the others. Refuses no kind ticked and a negative amount."""
    kinds = _check_kinds(terms.kinds)
    _check_amounts(terms)
    lock_forum(forum.id)
    now = now or utcnow()
    settings = travel_settings(forum)
    outcome, offers = BulkOutcome(), []
    rows_by_registration = supports_of_many([r.id for r in registrations])
    for registration in sorted(registrations, key=lambda r: (search_key(r.name), r.id)):
        reason = why_not_offerable(registration)
        existing = rows_by_registration.get(registration.id, {})
        accepted = [kind for kind in kinds if kind in existing and existing[kind].status == "accepted"]
        if reason is None and len(accepted) == len(kinds):
            reason = ALREADY_ACCEPTED
        if reason is not None:
            outcome.skipped.append((registration, reason))
            continue
        for kind in kinds:
            amount, currency = _money(kind, terms, settings)
            _outcome, values = _offer_kind(existing.get(kind), amount, currency, terms.note, now, keep_accepted=True)
            if values is not None:
                offers.append((registration.id, kind, existing.get(kind), values))
        outcome.given.append(registration)
        if accepted:
            outcome.kept.append((registration, accepted))
    _save_offers(offers)
    return outcome


def _existing(registration: Registration, kind: str) -> Support:
    row = supports_of(registration).get(kind)
    if row is None:
        raise FormError(_("%(kind)s is not offered to %(name)s (any more).", kind=SUPPORT_KIND_LABELS[kind],
                          name=registration.name))
    return row


def withdraw_support(forum: Forum, registration: Registration, kind: str) -> None:
    """The organisers take back one kind of support, whatever its status: the row is deleted (no row: not
    funded). Refuses a kind that is not offered."""
    lock_forum(forum.id)
    db.session.delete(_existing(registration, kind))
    db.session.flush()


def set_support_status(forum: Forum, registration: Registration, kind: str, status: str,
                       now: datetime | None = None) -> Support:
    """The organisers set an offer's status themselves (the person answered by email, or changed their mind):
    accepted or declined records when; offered waits for the person's answer again."""
    if status not in SUPPORT_STATUSES:
        raise FormError(_("Choose offered, accepted or declined."), "status")
    lock_forum(forum.id)
    if registration.erased_at is not None:
        raise FormError(_("This registration's personal data is erased: nothing can be offered to it."))
    row = _existing(registration, kind)
    if row.status != status:
        row.status = status
        row.answered_at = None if status == "offered" else (now or utcnow())
    db.session.flush()
    return row
