"""Reads of support and sponsorship: everyone offered something (filtered by kind and status), the counts per
kind and status, the accepted amounts' totals per currency, all of people still confirmed (a cancelled person's
accepted travel is not in the budget), and apart those whose registration is no longer confirmed. Each is a
fixed number of queries, however many people are funded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import distinct, func, select

from ..core.text import search_key
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .lists_queries import listed_condition
from .models import SUPPORT_KINDS, SUPPORT_STATUSES, Support


def supports_of_many(registration_ids: list[int]) -> dict[int, dict[str, Support]]:
    """Every support of these registrations, in one query: {registration id: {kind: row}}."""
    found: dict[int, dict[str, Support]] = {}
    if not registration_ids:
        return found
    for row in db.session.scalars(select(Support).where(Support.registration_id.in_(registration_ids))):
        found.setdefault(row.registration_id, {})[row.kind] = row
    return found


@dataclass(frozen=True)
class Funded:
    """One person offered support, with every kind offered to them (in SUPPORT_KINDS order)."""

    registration: Registration
    supports: tuple[Support, ...]

    @property
    def by_kind(self) -> dict[str, Support]:
        """Their offers by kind."""
        return {support.kind: support for support in self.supports}


def funded_people(forum: Forum, kind: str = "", status: str = "") -> list[Funded]:
    """Everyone confirmed offered something at this forum, by name as people read it (core.text.search_key);
    with `kind` and/or `status`, only those with an offer of that kind in that status (each shown with all their
    offers). One query."""
    matching = select(Support.registration_id)
    if kind:
        matching = matching.where(Support.kind == kind)
    if status:
        matching = matching.where(Support.status == status)
    return _funded(select(Registration, Support).join(Support, Support.registration_id == Registration.id)
                   .where(listed_condition(forum), Registration.id.in_(matching)))


def no_longer_confirmed(forum: Forum) -> list[Funded]:
    """The people offered something whose registration is no longer confirmed (cancelled, back on the waiting
    list...): out of the counts, totals and list, shown apart for the organisers to withdraw. One query."""
    return _funded(select(Registration, Support).join(Support, Support.registration_id == Registration.id)
                   .where(Registration.forum_id == forum.id, Registration.status != "confirmed",
                          Registration.erased_at.is_(None)))


def _funded(query) -> list[Funded]:
    rows = db.session.execute(query.order_by(Registration.id)).unique().all()
    people: dict[int, tuple[Registration, list[Support]]] = {}
    for registration, support in rows:
        people.setdefault(registration.id, (registration, []))[1].append(support)
    return sorted((Funded(registration, tuple(sorted(supports, key=lambda s: SUPPORT_KINDS.index(s.kind))))
                   for registration, supports in people.values()),
                  key=lambda funded: (search_key(funded.registration.name), funded.registration.id))


@dataclass(frozen=True)
class SupportCounts:
    """How many offers there are of each kind in each status, and how many people have any."""

    by_kind: dict[str, dict[str, int]]  # kind -> status -> offers (0 for none)
    people: int

    def of_status(self, status: str) -> int:
        """Offers in this status, of every kind."""
        return sum(statuses[status] for statuses in self.by_kind.values())

    @property
    def total(self) -> int:
        """Every offer, of every kind and status."""
        return sum(sum(statuses.values()) for statuses in self.by_kind.values())


def support_counts(forum: Forum) -> SupportCounts:
    """The offers per kind and status at this forum, and the people offered anything, of those still confirmed.
    Two queries."""
    by_kind = {kind: dict.fromkeys(SUPPORT_STATUSES, 0) for kind in SUPPORT_KINDS}
    of_forum = Support.registration_id.in_(select(Registration.id).where(listed_condition(forum)))
    for kind, status, number in db.session.execute(
            select(Support.kind, Support.status, func.count(Support.id)).where(of_forum)
            .group_by(Support.kind, Support.status)):
        by_kind[kind][status] = number
    people = db.session.scalar(select(func.count(distinct(Support.registration_id))).where(of_forum)) or 0
    return SupportCounts(by_kind, people)


@dataclass(frozen=True)
class Total:
    """The accepted amounts of one kind in one currency (per diem: the day's rates added up)."""

    kind: str
    currency: str
    amount: Decimal
    people: int


def accepted_totals(forum: Forum) -> list[Total]:
    """The accepted offers' amounts added up per kind and currency, in SUPPORT_KINDS then currency order, of those
    still confirmed (offers without an amount are not counted). One query."""
    rows = db.session.execute(
        select(Support.kind, Support.currency, func.sum(Support.amount), func.count(Support.id))
        .join(Registration, Registration.id == Support.registration_id)
        .where(listed_condition(forum), Support.status == "accepted", Support.amount.is_not(None))
        .group_by(Support.kind, Support.currency))
    totals = [Total(kind, currency, Decimal(str(amount)).quantize(Decimal("0.01")), number)
              for kind, currency, amount, number in rows]
    return sorted(totals, key=lambda t: (SUPPORT_KINDS.index(t.kind), t.currency))


def currency_totals(totals: list[Total]) -> list[tuple[str, Decimal]]:
    """What the one-off kinds (travel, accommodation, visa fee) add up to per currency: per diem is a day's rate,
    so it is left out of these sums and shown on its own."""
    sums: dict[str, Decimal] = {}
    for total in totals:
        if total.kind != "per_diem":
            sums[total.currency] = sums.get(total.currency, Decimal("0")) + total.amount
    return sorted(sums.items())
