"""Writes of the certificates stage: the forum's signatories (shared by certificates and letters), the
certificate's design, who receives it, publishing (issuing, all or nothing) and unpublishing. They flush, never
commit; a refusal is a FormError naming its field, and the request is rolled back whole."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import delete, insert

from ..accounts.models import User
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.files import FileRefused, forget_unused, store_upload
from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_name, page_language
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..organisations.models import LOGO_MAX_BYTES
from ..pdf.papers import render_certificates
from ..registration.attendance import forum_days
from . import queries, texts
from .issuing import issue_all
from .models import CertificateChoice, CertificateTemplate, PaperSignatory
from .printing import Designs, details_for, language_for, printed_of

log = logging.getLogger(__name__)

Upload = tuple[IO[bytes], str]  # an uploaded file's stream and name
NOT_WRITTEN = _l("Write the certificate first: its title and its text.")
NO_HOURS = _l("The text prints {hours_attended}, but the programme has no sessions to count hours from: add the "
              "sessions to the programme, or take {hours_attended} out.")


# --- signatories -------------------------------------------------------------------------------------------

def _store_signature(upload: Upload):
    """A signature image stored like a logo (images only, typed by content, re-encoded without metadata); the
    refusal beside the form's signature field."""
    stream, filename = upload
    try:
        return store_upload(stream, filename, max_bytes=LOGO_MAX_BYTES, images="only")
    except FileRefused as refused:
        refused.field = "signature"
        raise


def add_signatory(forum: Forum, data: dict[str, Any], signature: Upload | None = None) -> PaperSignatory:
    """A new signatory of the forum's papers (name, title, place in the order; a signature image if given)."""
    stored = _store_signature(signature) if signature else None
    person = PaperSignatory(forum_id=forum.id, name=data["name"], title=data.get("title") or "",
                            position=data.get("position") or len(queries.list_signatories(forum)) + 1,
                            signature_file=stored)
    db.session.add(person)
    db.session.flush()
    return person


def update_signatory(person: PaperSignatory, data: dict[str, Any], signature: Upload | None = None) -> None:
    """Change a signatory's name, title or place; a new signature image replaces the one they had."""
    person.name, person.title = data["name"], data.get("title") or ""
    if data.get("position"):
        person.position = data["position"]
    if signature:
        replaced = person.signature_file_id
        person.signature_file = _store_signature(signature)
        db.session.flush()
        forget_unused([replaced] if replaced != person.signature_file_id else [])
    db.session.flush()


def remove_signature(person: PaperSignatory) -> None:
    """The signatory's papers show their name and title alone; the image goes unless something else uses it."""
    picture = person.signature_file_id
    person.signature_file = None
    db.session.flush()
    forget_unused([picture])


def delete_signatory(forum: Forum, person: PaperSignatory) -> None:
    """The signatory signs nothing any more: taken off the certificate too, their image forgotten."""
    template = queries.get_template(forum)
    if template is not None and person.id in (template.signatory_ids or []):
        template.signatory_ids = [i for i in template.signatory_ids if i != person.id]
    picture = person.signature_file_id
    db.session.delete(person)
    db.session.flush()
    forget_unused([picture])


# --- the design and who receives it ------------------------------------------------------------------------

def template_of(forum: Forum) -> CertificateTemplate:
    """The forum's certificate, made empty the first time it is needed."""
    template = queries.get_template(forum)
    if template is None:
        template = CertificateTemplate(forum_id=forum.id, title="", body="", signatory_ids=[], logos=[])
        db.session.add(template)
        db.session.flush()
    return template


def save_design(forum: Forum, data: dict[str, Any], logo_keys: Iterable[str]) -> CertificateTemplate:
    """The certificate's title and text (every placeholder known, else refused beside its field), the
    signatories it names (among the forum's) and the logos it prints (among `logo_keys`, those on offer)."""
    for field in ("title", "body"):
        problem = texts.unknown_problem(data[field])
        if problem:
            raise FormError(problem, field=field)
    if texts.uses_hours(data["body"]) and not queries.session_hours(forum):
        raise FormError(str(NO_HOURS), field="body")
    template = template_of(forum)
    template.title, template.body = data["title"], data["body"]
    known = {person.id for person in queries.list_signatories(forum)}
    template.signatory_ids = [i for i in data.get("signatories") or [] if i in known]
    offered = set(logo_keys)
    template.logos = [key for key in data.get("logos") or [] if key in offered]
    db.session.flush()
    return template


def save_recipients(forum: Forum, rule: str, min_days: int, picked: Iterable[int], excluded: Iterable[int]) -> None:
    """Who receives a certificate: at least `min_days` of the forum's days, or the hand-picked; minus those
    excluded. Only the forum's confirmed registrations can be picked or excluded (other ids are ignored)."""
    total = len(forum_days(forum))
    if rule not in ("days", "picked"):
        raise FormError(_("Choose who receives a certificate."), field="rule")
    if rule == "days" and not 1 <= min_days <= total:
        raise FormError(_("Choose a number of days from 1 to %(total)d.", total=total), field="min_days")
    template = template_of(forum)
    template.rule = rule
    if rule == "days":
        template.min_days = min_days
    confirmed = {c.registration_id for c in queries.candidates(forum, None)}
    db.session.execute(delete(CertificateChoice).where(CertificateChoice.template_id == template.id))
    rows = [{"template_id": template.id, "registration_id": registration_id, "choice": choice}
            for choice, ids in (("picked", picked), ("excluded", excluded))
            for registration_id in sorted(set(ids) & confirmed)]
    if rows:
        db.session.execute(insert(CertificateChoice), rows)
    db.session.flush()


# --- publishing ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    issued: int  # certificates issued now
    holding: int  # people holding one now (issued now or before, not revoked)




def publish_problems(template: CertificateTemplate, designs: Designs, signatories: list[PaperSignatory],
                     has_sessions: bool) -> list[str]:
    """What stops the certificate from being issued, each said so the organiser can mend it: no words yet, an
    unknown placeholder in any language, a signatory without a signature image, hours the programme cannot give."""
    if not template.title or not template.body:
        return [str(NOT_WRITTEN)]
    problems = []
    for wording in designs.wordings.values():
        problem = texts.unknown_problem(wording.title + "\n" + wording.body)
        if problem:
            problems.append(_("In %(language)s: %(problem)s", language=language_name(wording.language, page_language()),
                              problem=problem))
    problems += [_("Add %(name)s’s signature image or leave them off.", name=person.name)
                 for person in signatories if person.signature_file_id is None]
    if not has_sessions and any(texts.uses_hours(w.body) for w in designs.wordings.values()):
        problems.append(str(NO_HOURS))
    return problems


def publish(forum: Forum, actor: User | None) -> Published:
    """Issue a certificate to every eligible person who has none yet, and open the downloads. All or nothing:
    every check passes and every new certificate is drawn before any is kept; refused with the first problem
    otherwise. Publishing again issues to the newly eligible only (a revoked certificate is not issued again)."""
    lock_forum(forum.id)  # two presses at once issue once
    template = queries.get_template(forum)
    if template is None:
        raise FormError(str(NOT_WRITTEN))
    signatories = queries.chosen_signatories(forum, template)
    designs = Designs(forum, template, signatories)
    hours = queries.session_hours(forum)
    for problem in publish_problems(template, designs, signatories, bool(hours))[:1]:
        raise FormError(problem)
    people = queries.candidates(forum, template)
    new = [person for person in people if person.eligible and person.issued_id is None]
    holding = sum(1 for person in people if person.issued_id is not None and not person.revoked)
    if not new and not holding:
        raise FormError(_("Nobody meets the rule yet, so there is no certificate to issue. Check the attendance, "
                          "or change who receives one."))
    registrations = queries.registrations_by_ids(forum, [person.registration_id for person in new])
    days = queries.days_of(forum, registrations)
    total = len(forum_days(forum))
    papers = []
    for person in new:
        language = language_for(person.language, designs.wordings, forum)
        papers.append((registrations[person.registration_id], person.name, language, details_for(
            forum, language=language, forum_title=designs.wordings[language].forum_title,
            organisation=person.organisation, country=person.country, days=days.get(person.registration_id, []),
            days_total=total, hours=hours or None)))
    issued = issue_all(papers, "certificate", actor.id if actor is not None else None)
    try:  # drawn now, into nothing: a certificate that cannot be drawn is never issued
        render_certificates(designs.pages(printed_of(paper) for paper in issued), _Discard())
    except Exception as error:
        log.exception("certificates of %s could not be drawn", forum.slug)
        raise FormError(_("The certificates could not be drawn, so none was issued: %(why)s",
                          why=str(error) or type(error).__name__)) from error
    if template.published_at is None:
        template.published_at = utcnow()
    db.session.flush()
    return Published(len(issued), holding + len(issued))


def unpublish(forum: Forum) -> None:
    """Stop the downloads (people's pages no longer offer theirs); issued certificates stay valid where they are
    shown, until an organiser revokes one."""
    template = queries.get_template(forum)
    if template is not None:
        template.published_at = None
        db.session.flush()


class _Discard(io.BytesIO):
    """A file that keeps nothing: publishing draws every new certificate to prove it can be drawn."""

    def write(self, data) -> int:
        return len(data)
