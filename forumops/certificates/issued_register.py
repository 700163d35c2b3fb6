"""Reads for the organisers' register of every certificate and letter issued for a forum.

A page costs two queries however many papers the forum holds: the light columns of all of them (to filter by
kind and status, search names accent-insensitively as the desk does, and count), then the full rows of the one
page shown, with who issued and who revoked each, and the registration's name and status (a cancelled one is
flagged). The CSV reads the matching rows in one query. Names are searched as printed (a letter's passport name)
and as registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..core.text import search_key
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .issued_labels import REVOKED, VALID
from .models import ISSUED_KINDS, IssuedDocument

PAGE_SIZE = 50
STATUSES = (VALID, REVOKED)


@dataclass(frozen=True)
class IssuedFilters:
    """What the register shows: a kind, a status, words of the holder's name (accents optional); "" for any."""

    q: str = ""
    kind: str = ""
    status: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.kind or self.status)

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (the pager, the CSV link), the empty ones left out."""
        return {name: value for name, value in (("q", self.q), ("kind", self.kind), ("status", self.status)) if value}


@dataclass(frozen=True)
class IssuedRow:
    """One paper as the register and its CSV show it."""

    paper: IssuedDocument
    issued_by: str  # the account's name; "" when issued by no account (or the account is gone)
    revoked_by: str
    person: str = ""  # the registration's name (a letter prints the passport name: paper.holder_name)
    registration_status: str = ""

    @property
    def status(self) -> str:
        return REVOKED if self.paper.revoked_at is not None else VALID

    @property
    def registration_cancelled(self) -> bool:
        """Issued to a registration cancelled since, and still valid: the organisers may want to revoke it."""
        return self.registration_status == "cancelled" and self.paper.revoked_at is None


@dataclass
class IssuedCounts:
    """The forum's papers, all of them, whatever the filters: by kind and revoked."""

    total: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ISSUED_KINDS, 0))
    revoked: int = 0


@dataclass(frozen=True)
class IssuedPage:
    rows: list[IssuedRow]
    page: int
    pages: int
    matching: int  # papers the filters match, on every page
    counts: IssuedCounts


def _named(words: list[str], *names: str) -> bool:
    """Whether every word searched is in the name printed or the registration's (accents optional)."""
    key = " ".join(search_key(name) for name in names)
    return all(word in key for word in words)


def _matches(filters: IssuedFilters, kind: str, revoked_at: datetime | None, names: tuple[str, str],
             words: list[str]) -> bool:
    if filters.kind and kind != filters.kind:
        return False
    if filters.status and (REVOKED if revoked_at is not None else VALID) != filters.status:
        return False
    return _named(words, *names)


def _newest_first(query):
    return query.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())


def _full_rows(where) -> list[IssuedRow]:
    issuer, revoker = aliased(User), aliased(User)
    query = (select(IssuedDocument, issuer.name, revoker.name, Registration.name, Registration.status)
             .outerjoin(issuer, issuer.id == IssuedDocument.issued_by_id)
             .outerjoin(revoker, revoker.id == IssuedDocument.revoked_by_id)
             .outerjoin(Registration, Registration.id == IssuedDocument.registration_id).where(*where))
    return [IssuedRow(paper, issued_by or "", revoked_by or "", person or "", status or "")
            for paper, issued_by, revoked_by, person, status in db.session.execute(_newest_first(query))]


def list_issued(forum: Forum, filters: IssuedFilters, page: int = 1, per_page: int = PAGE_SIZE) -> IssuedPage:
    """One page of the forum's papers that match the filters, newest first, and the forum's counts."""
    light = db.session.execute(_newest_first(select(
        IssuedDocument.id, IssuedDocument.kind, IssuedDocument.revoked_at, IssuedDocument.holder_name,
        Registration.name).outerjoin(Registration, Registration.id == IssuedDocument.registration_id)
        .where(IssuedDocument.forum_id == forum.id))).all()
    counts = IssuedCounts(total=len(light))
    words = search_key(filters.q).split()
    matching = []
    for paper_id, kind, revoked_at, printed, person in light:
        counts.by_kind[kind] = counts.by_kind.get(kind, 0) + 1
        counts.revoked += revoked_at is not None
        if _matches(filters, kind, revoked_at, (printed, person or ""), words):
            matching.append(paper_id)
    pages = max(1, -(-len(matching) // per_page))
    page = min(max(1, page), pages)
    shown = matching[(page - 1) * per_page:page * per_page]
    rows = _full_rows([IssuedDocument.forum_id == forum.id, IssuedDocument.id.in_(shown)]) if shown else []
    return IssuedPage(rows=rows, page=page, pages=pages, matching=len(matching), counts=counts)


def list_issued_for_export(forum: Forum, filters: IssuedFilters) -> list[IssuedRow]:
    """Every paper of the forum that matches the filters, newest first (the register's CSV)."""
    where = [IssuedDocument.forum_id == forum.id]
    if filters.kind:
        where.append(IssuedDocument.kind == filters.kind)
    if filters.status == VALID:
        where.append(IssuedDocument.revoked_at.is_(None))
    elif filters.status == REVOKED:
        where.append(IssuedDocument.revoked_at.is_not(None))
    words = search_key(filters.q).split()
    return [row for row in _full_rows(where) if _named(words, row.paper.holder_name, row.person)]


def get_issued(forum: Forum, paper_id: int) -> IssuedRow | None:
    """One paper of this forum (another forum's id is not found), with who issued and revoked it."""
    rows = _full_rows([IssuedDocument.forum_id == forum.id, IssuedDocument.id == paper_id])
    return rows[0] if rows else None
