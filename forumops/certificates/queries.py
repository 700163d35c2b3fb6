"""Reads of the certificates stage: the forum's certificate and signatories, who is eligible (a constant number
of queries however many people), the programme's hours per day, and the certificates issued."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from ..agenda.data import HOURS_TYPES
from ..agenda.models import AgendaItem
from ..extensions import db
from ..forums.models import Forum
from ..organisations.models import Organisation
from ..registration.attendance import days_attended_statement, forum_days
from ..registration.models import DayAttendance, Registration
from .letters.models import LetterRequest
from .models import CertificateChoice, CertificateTemplate, IssuedDocument, PaperSignatory

CERTIFICATE = "certificate"  # IssuedDocument.kind


def get_template(forum: Forum) -> CertificateTemplate | None:
    """The forum's certificate, or None before an organiser writes it."""
    return db.session.scalar(select(CertificateTemplate).where(CertificateTemplate.forum_id == forum.id))


def list_signatories(forum: Forum) -> list[PaperSignatory]:
    """The forum's signatories in their order, their signature files loaded."""
    return list(db.session.scalars(
        select(PaperSignatory).where(PaperSignatory.forum_id == forum.id)
        .options(selectinload(PaperSignatory.signature_file))
        .order_by(PaperSignatory.position, PaperSignatory.id)))


def get_signatory(forum: Forum, signatory_id: int) -> PaperSignatory | None:
    """One of this forum's signatories (another forum's id is not found)."""
    return db.session.scalar(select(PaperSignatory).where(PaperSignatory.forum_id == forum.id,
                                                          PaperSignatory.id == signatory_id)
                             .options(selectinload(PaperSignatory.signature_file)))


def letters_signed_by(forum: Forum, signatory_id: int) -> int:
    """How many of the forum's invitation letters issued and not revoked this signatory signed (one query; a
    letter keeps its signatory's id with its text, letters.paper)."""
    signed = db.session.scalars(
        select(LetterRequest.letter).join(IssuedDocument, IssuedDocument.id == LetterRequest.issued_id)
        .where(LetterRequest.forum_id == forum.id, IssuedDocument.revoked_at.is_(None)))
    return sum(1 for letter in signed if (letter or {}).get("signatory_id") == signatory_id)


def chosen_signatories(forum: Forum, template: CertificateTemplate) -> list[PaperSignatory]:
    """The signatories the certificate names, in the forum's order (one removed since is left out)."""
    chosen = set(template.signatory_ids or [])
    return [person for person in list_signatories(forum) if person.id in chosen]


def partners_with_logos(forum: Forum) -> list[tuple[int, str]]:
    """(organisation id, name) of the forum's partners that have a logo, each once, in the forum's order: the
    partners' logos a certificate or a letter may print."""
    found: dict[int, str] = {}
    for partner in forum.partners:
        if partner.organisation.logo is not None:
            found.setdefault(partner.organisation_id, partner.organisation.name)
    return list(found.items())


# --- who receives one ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A confirmed registration as the recipients' page shows it, and whether the rule gives them a certificate."""

    registration_id: int
    name: str
    organisation: str
    country: str
    language: str
    days: int  # days of the forum they were checked in
    picked: bool
    excluded: bool
    eligible: bool
    issued_id: int | None = None  # their certificate, once issued
    revoked: bool = False

    @property
    def beyond_rule(self) -> bool:
        """They hold a valid certificate the current rule no longer gives them (the rule was tightened since, or
        they were left out): shown, for the organiser to revoke or keep; never revoked automatically."""
        return self.issued_id is not None and not self.revoked and not self.eligible


def is_eligible(template: CertificateTemplate | None, days: int, picked: bool, excluded: bool) -> bool:
    """The rule: attended at least `min_days` of the forum's days, or hand-picked; never when excluded."""
    if template is None or excluded:
        return False
    return picked if template.rule == "picked" else days >= template.min_days


def candidates(forum: Forum, template: CertificateTemplate | None) -> list[Candidate]:
    """Every confirmed, not erased registration by name, with their days attended, the organisers' choices, their
    certificate if issued, and whether the rule gives them one: three queries, whatever the number of people."""
    days = days_attended_statement(forum).subquery()
    rows = db.session.execute(
        select(Registration.id, Registration.name, Organisation.name, Registration.country, Registration.language,
               func.coalesce(days.c.n, 0))
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .outerjoin(days, days.c.registration_id == Registration.id)
        .where(Registration.forum_id == forum.id, Registration.status == "confirmed",
               Registration.erased_at.is_(None))
        .order_by(func.lower(Registration.name), Registration.id)).all()
    choices: dict[str, set[int]] = {"picked": set(), "excluded": set()}
    if template is not None:
        for registration_id, choice in db.session.execute(
                select(CertificateChoice.registration_id, CertificateChoice.choice)
                .where(CertificateChoice.template_id == template.id)):
            choices[choice].add(registration_id)
    issued = issued_by_registration(forum)
    found = []
    for registration_id, name, organisation, country, language, count in rows:
        picked, excluded = registration_id in choices["picked"], registration_id in choices["excluded"]
        paper = issued.get(registration_id)
        found.append(Candidate(registration_id, name, organisation or "", country or "", language or "", int(count),
                               picked, excluded, is_eligible(template, int(count), picked, excluded),
                               paper[0] if paper else None, bool(paper and paper[1])))
    return found


def issued_by_registration(forum: Forum) -> dict[int, tuple[int, bool]]:
    """registration id -> (its certificate's id, revoked?): the latest certificate of each person (one query)."""
    found: dict[int, tuple[int, bool]] = {}
    for registration_id, issued_id, revoked_at in db.session.execute(
            select(IssuedDocument.registration_id, IssuedDocument.id, IssuedDocument.revoked_at)
            .where(IssuedDocument.forum_id == forum.id, IssuedDocument.kind == CERTIFICATE)
            .order_by(IssuedDocument.id)):
        found[registration_id] = (issued_id, revoked_at is not None)
    return found


def registrations_by_ids(forum: Forum, ids: Iterable[int]) -> dict[int, Registration]:
    """This forum's registrations of these ids (one query)."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.forum_id == forum.id, Registration.id.in_(wanted))).unique()}


def days_of(forum: Forum, registration_ids: Iterable[int]) -> dict[int, list[date]]:
    """registration id -> the forum's days they were checked in, in order (one query for the forum)."""
    wanted = set(registration_ids)
    found: dict[int, list[date]] = {}
    for registration_id, day in db.session.execute(
            select(DayAttendance.registration_id, DayAttendance.day)
            .where(DayAttendance.forum_id == forum.id, DayAttendance.day >= forum.start_date,
                   DayAttendance.day <= forum.end_date).order_by(DayAttendance.day)):
        if registration_id in wanted:
            found.setdefault(registration_id, []).append(day)
    return found


def session_hours(forum: Forum) -> dict[date, float]:
    """Hours of programme on each of the forum's days, in its time zone: the time covered by its confirmed
    sessions, parallel ones counted once, breaks, meals, registration, the group photo and side events left out.
    A day without sessions is absent (one query)."""
    zone = ZoneInfo(forum.timezone or "UTC")
    spans: dict[date, list[tuple[datetime, datetime]]] = {}
    for start, end in db.session.execute(
            select(AgendaItem.start_at, AgendaItem.end_at).where(
                AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
                AgendaItem.type.in_(sorted(HOURS_TYPES))).order_by(AgendaItem.start_at)):
        local = start.astimezone(zone)
        spans.setdefault(local.date(), []).append((start, end))
    days = set(forum_days(forum))
    hours: dict[date, float] = {}
    for day, intervals in spans.items():
        if day not in days:
            continue
        covered, reach = 0.0, None
        for start, end in intervals:  # in order of start: add what each adds beyond the reach so far
            if reach is None or start >= reach:
                covered += (end - start).total_seconds()
                reach = end
            elif end > reach:
                covered += (end - reach).total_seconds()
                reach = end
        hours[day] = covered / 3600
    return hours


# --- issued certificates -----------------------------------------------------------------------------------

def certificate_of(forum: Forum, registration_id: int) -> IssuedDocument | None:
    """The person's certificate (the latest, revoked or not), or None."""
    return db.session.scalar(select(IssuedDocument).where(
        IssuedDocument.forum_id == forum.id, IssuedDocument.registration_id == registration_id,
        IssuedDocument.kind == CERTIFICATE).order_by(IssuedDocument.id.desc()).limit(1))


def published_certificate_of(forum: Forum, registration_id: int) -> IssuedDocument | None:
    """The person's certificate if the forum's certificate is published (downloads open), else None: one query."""
    return db.session.scalar(
        select(IssuedDocument).join(CertificateTemplate, CertificateTemplate.forum_id == IssuedDocument.forum_id)
        .where(IssuedDocument.forum_id == forum.id, IssuedDocument.registration_id == registration_id,
               IssuedDocument.kind == CERTIFICATE, CertificateTemplate.published_at.is_not(None))
        .order_by(IssuedDocument.id.desc()).limit(1))


def issued_certificates(forum: Forum) -> list[IssuedDocument]:
    """Every certificate of the forum still valid (not revoked), by holder's name (one query)."""
    return list(db.session.scalars(select(IssuedDocument).where(
        IssuedDocument.forum_id == forum.id, IssuedDocument.kind == CERTIFICATE, IssuedDocument.revoked_at.is_(None))
        .order_by(func.lower(IssuedDocument.holder_name), IssuedDocument.id)))


def _downloadable():
    """The certificates that download now: issued, not revoked, the forum's certificate published and the
    holder's registration still confirmed (a select of IssuedDocument rows, to narrow further)."""
    holder = aliased(Registration)  # never correlated with a Registration of the query it is used in
    return (select(IssuedDocument.registration_id)
            .join(CertificateTemplate, CertificateTemplate.forum_id == IssuedDocument.forum_id)
            .join(holder, holder.id == IssuedDocument.registration_id)
            .where(IssuedDocument.kind == CERTIFICATE, IssuedDocument.revoked_at.is_(None),
                   CertificateTemplate.published_at.is_not(None), holder.status == "confirmed"))


def has_certificate(registration_id_column):
    """An SQL condition: this registration's certificate downloads now (the composer's recipient filter, so
    "your certificate is ready" reaches only those who find it ready: see holders)."""
    return _downloadable().where(IssuedDocument.registration_id == registration_id_column).exists()


def holders(forum: Forum) -> set[int]:
    """Registration ids of the people whose certificate downloads now: issued, not revoked, the forum's
    certificate published, their registration confirmed (one query; the composer's {certificate_link})."""
    return set(db.session.scalars(_downloadable().where(IssuedDocument.forum_id == forum.id)))


def unconfirmed_holders(forum: Forum) -> list[tuple[IssuedDocument, str]]:
    """The certificates still valid of people whose registration is no longer confirmed (cancelled since, say),
    with that status, by name: theirs no longer downloads, and the organisers see why (one query)."""
    return [(paper, status) for paper, status in db.session.execute(
        select(IssuedDocument, Registration.status)
        .join(Registration, Registration.id == IssuedDocument.registration_id)
        .where(IssuedDocument.forum_id == forum.id, IssuedDocument.kind == CERTIFICATE,
               IssuedDocument.revoked_at.is_(None), Registration.status != "confirmed",
               Registration.erased_at.is_(None))
        .order_by(func.lower(IssuedDocument.holder_name), IssuedDocument.id))]


def certificate_anchor(registration_id: int) -> str:
    """Where a person's private page shows their certificate (its section's id), for a link straight to it."""
    return f"#certificate-{registration_id}"
