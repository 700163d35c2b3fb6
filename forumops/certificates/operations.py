"""Writes of the certificates stage: the forum's signatories (shared by certificates and letters), the
certificate's design, who receives it, publishing (issuing, all or nothing) and unpublishing. They flush, never
commit; a refusal is a FormError naming its field, and the request is rolled back whole."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, insert

from ..accounts.models import User
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.files import forget_unused
from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_name, page_language
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import main_language
from ..organisations.operations import store_logo
from ..pdf.papers import render_certificates
from ..registration.attendance import forum_days
from . import queries, texts
from .issuing import issue_all
from .models import CertificateChoice, CertificateTemplate, IssuedDocument, PaperSignatory
from .printing import Designs, details_for, language_for, printed_of, wordings
from .queries import Candidate

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
    return store_logo(stream, filename, field="signature")


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


def remove_signature(forum: Forum, person: PaperSignatory) -> None:
    """The signatory's papers show their name and title alone; the image goes unless something else uses it.
    Refused while a published certificate or a letter issued is signed by them: those would print an empty line."""
    _refuse_while_signing(forum, person, removing_image=True)
    picture = person.signature_file_id
    person.signature_file = None
    db.session.flush()
    forget_unused([picture])


def delete_signatory(forum: Forum, person: PaperSignatory) -> None:
    """The signatory signs nothing any more: taken off the certificate too, their image forgotten. Refused while a
    published certificate or a letter issued is signed by them."""
    _refuse_while_signing(forum, person, removing_image=False)
    template = queries.get_template(forum)
    if template is not None and person.id in (template.signatory_ids or []):
        template.signatory_ids = [i for i in template.signatory_ids if i != person.id]
    picture = person.signature_file_id
    db.session.delete(person)
    db.session.flush()
    forget_unused([picture])


def _refuse_while_signing(forum: Forum, person: PaperSignatory, *, removing_image: bool) -> None:
    """Papers already issued are drawn again at every download with the signatories as they are now: taking away
    the signature of someone who signs them would leave those papers half-made, so it is refused, saying why."""
    template = queries.get_template(forum)
    if template is not None and template.published and person.id in (template.signatory_ids or []):
        if removing_image:
            raise FormError(_("%(name)s signs the published certificate: without the image every certificate "
                              "issued would print an empty signature line. Upload a new image instead, or take "
                              "them off the certificate first.", name=person.name))
        raise FormError(_("%(name)s signs the published certificate: take them off the certificate first (the "
                          "certificates issued then print without them).", name=person.name))
    letters = queries.letters_signed_by(forum, person.id)
    if letters and removing_image:
        raise FormError(ngettext(
            "%(name)s signed %(num)d invitation letter already issued, which would print an empty signature line: "
            "upload a new image instead.",
            "%(name)s signed %(num)d invitation letters already issued, which would print an empty signature "
            "line: upload a new image instead.", letters, name=person.name))
    if letters:
        raise FormError(ngettext(
            "%(name)s signed %(num)d invitation letter already issued, which prints their name and signature: "
            "they stay a signatory while it is valid.",
            "%(name)s signed %(num)d invitation letters already issued, which print their name and signature: "
            "they stay a signatory while those are valid.", letters, name=person.name))


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
    signatories it names (among the forum's) and the logos it prints (among `logo_keys`, those on offer).
    Once published, what publishing checks is checked too (a signatory without a signature image, ...), since
    every certificate issued is drawn with this design: refused beside the field, nothing saved."""
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
    if template.published:  # issued certificates are drawn with this design from now on: it must print whole
        for found in publish_problems(forum, template)[:1]:
            raise FormError(_("The certificate is published, so every certificate issued prints with what you "
                              "save: %(problem)s", problem=found.message), field=found.field)
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


@dataclass(frozen=True)
class Problem:
    """Something that stops the certificate from being issued whole, said so the organiser can mend it."""

    message: str
    field: str  # the design form's field it belongs to
    mend: str  # where it is mended: "design", "signatories", "programme" or "translations:<language>"


class NotReady(FormError):
    """Publishing refused: every problem found, not just the first (the page lists them, each with its link)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


def publish_problems(forum: Forum, template: CertificateTemplate) -> list[Problem]:
    """What stops the certificate from being issued whole: no words yet, an unknown placeholder in any language,
    a signatory without a signature image, hours the programme cannot give."""
    if not template.title or not template.body:
        return [Problem(str(NOT_WRITTEN), "body", "design")]
    problems = []
    main, worded = main_language(forum), wordings(forum, template)
    for wording in worded.values():
        problem = texts.unknown_problem(wording.title + "\n" + wording.body)
        if problem:
            mend = "design" if wording.language == main else f"translations:{wording.language}"
            problems.append(Problem(_("In %(language)s: %(problem)s", problem=problem,
                                      language=language_name(wording.language, page_language())), "body", mend))
    problems += [Problem(_("Add %(name)s’s signature image or leave them off.", name=person.name), "signatories",
                         "signatories")
                 for person in queries.chosen_signatories(forum, template) if person.signature_file_id is None]
    if any(texts.uses_hours(w.body) for w in worded.values()) and not queries.session_hours(forum):
        problems.append(Problem(str(NO_HOURS), "body", "programme"))
    return problems


def batch_of(people: Iterable[Candidate]) -> str:
    """A short fingerprint of exactly who would receive a certificate now: the confirm page carries it, and
    publishing refuses when it no longer matches (someone checked in, or the rule changed, meanwhile)."""
    ids = ",".join(str(i) for i in sorted(person.registration_id for person in people))
    return hashlib.sha256(ids.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Plan:
    """What publishing now would do, as the confirm page states it and publish() checks it."""

    template: CertificateTemplate | None
    new: list[Candidate]  # issued a certificate now
    holding: list[Candidate]  # hold a valid one already
    revoked: list[Candidate]  # the rule gives them one, but theirs was revoked: never issued again by publishing
    left_out: list[Candidate]
    problems: list[Problem]

    @property
    def batch(self) -> str:
        return batch_of(self.new)

    @property
    def beyond_rule(self) -> list[Candidate]:
        """Those holding a valid certificate the current rule no longer gives them: publishing leaves it alone."""
        return [p for p in self.holding if p.beyond_rule]


def plan_publishing(forum: Forum) -> Plan:
    """Who publishing would issue a certificate to now, who holds one, and what stops it (a read: the confirm page
    shows it; publish() works it out again under the forum's lock)."""
    template = queries.get_template(forum)
    if template is None:
        return Plan(None, [], [], [], [], [Problem(str(NOT_WRITTEN), "body", "design")])
    people = queries.candidates(forum, template)
    problems = publish_problems(forum, template)
    new = [p for p in people if p.eligible and p.issued_id is None]
    holding = [p for p in people if p.issued_id is not None and not p.revoked]
    if not problems and not new and not holding:
        problems.append(Problem(_("Nobody meets the rule yet, so there is no certificate to issue. Check the "
                                  "attendance, or change who receives one."), "rule", "recipients"))
    return Plan(template, new, holding, [p for p in people if p.eligible and p.revoked],
                [p for p in people if p.excluded], problems)


def publish(forum: Forum, actor: User | None, confirmed: tuple[int, str] | None = None) -> Published:
    """Issue a certificate to every eligible person who has none yet, and open the downloads. All or nothing:
    every check passes and a sample of each language is drawn before any is kept; refused with every problem
    otherwise (NotReady). `confirmed` is (how many, batch_of) as the organiser saw them on the confirm page:
    refused when who would receive one changed since. Publishing again issues to the newly eligible only (a
    revoked certificate is never issued again by publishing: reissue() does that, one person at a time)."""
    lock_forum(forum.id)  # two presses at once issue once
    plan = plan_publishing(forum)
    if plan.problems:
        raise NotReady(plan.problems)
    assert plan.template is not None
    if confirmed is not None and confirmed != (len(plan.new), plan.batch):
        raise FormError(ngettext(
            "Who receives a certificate changed since you looked: %(num)d certificate would be issued now. Check "
            "the list below, then confirm again.",
            "Who receives a certificate changed since you looked: %(num)d certificates would be issued now. Check "
            "the list below, then confirm again.", len(plan.new)))
    issued = _issue(forum, plan.template, plan.new, actor)
    if plan.template.published_at is None:
        plan.template.published_at = utcnow()
    db.session.flush()
    return Published(len(issued), len(plan.holding) + len(issued))


def reissue(forum: Forum, registration_id: int, actor: User | None) -> IssuedDocument:
    """A new certificate, with a new code, for a confirmed person whose certificate was revoked (the revoked one
    stays revoked): the organiser's explicit choice, whatever the rule says. All or nothing, checked as
    publishing checks; refused when the person holds a valid certificate or none was ever issued to them."""
    lock_forum(forum.id)
    template = queries.get_template(forum)
    person = next((p for p in queries.candidates(forum, template) if p.registration_id == registration_id), None)
    if person is None or template is None:
        raise FormError(_("Only a confirmed participant’s certificate can be issued again."))
    if person.issued_id is None or not person.revoked:
        raise FormError(_("%(name)s has no revoked certificate to replace.", name=person.name))
    problems = publish_problems(forum, template)
    if problems:
        raise NotReady(problems)
    return _issue(forum, template, [person], actor)[0]


def _issue(forum: Forum, template: CertificateTemplate, people: list[Candidate],
           actor: User | None) -> list[IssuedDocument]:
    """Certificates for these people, their facts fixed now, written in one flush; then one of each language
    drawn (into nothing) to prove the design draws: a design that cannot be drawn issues none."""
    designs = Designs(forum, template, queries.chosen_signatories(forum, template))
    hours = queries.session_hours(forum)
    registrations = queries.registrations_by_ids(forum, [person.registration_id for person in people])
    days = queries.days_of(forum, registrations)
    total = len(forum_days(forum))
    papers = []
    for person in people:
        language = language_for(person.language, designs.wordings, forum)
        papers.append((registrations[person.registration_id], person.name, language, details_for(
            forum, language=language, forum_title=designs.wordings[language].forum_title,
            organisation=person.organisation, country=person.country, days=days.get(person.registration_id, []),
            days_total=total, hours=hours or None)))
    issued = issue_all(papers, "certificate", actor.id if actor is not None else None)
    samples = {paper.language: paper for paper in reversed(issued)}  # the first of each language
    try:
        render_certificates(designs.pages(printed_of(paper) for paper in samples.values()), _Discard())
    except Exception as error:
        log.exception("certificates of %s could not be drawn", forum.slug)
        raise FormError(_("The certificates could not be drawn, so none was issued: %(why)s",
                          why=str(error) or type(error).__name__)) from error
    return issued


def unpublish(forum: Forum) -> None:
    """Stop the downloads (people's pages no longer offer theirs); issued certificates stay valid where they are
    shown, until an organiser revokes one."""
    template = queries.get_template(forum)
    if template is not None:
        template.published_at = None
        db.session.flush()


class _Discard(io.BytesIO):
    """A file that keeps nothing: publishing draws a sample certificate to prove it can be drawn."""

    def write(self, data) -> int:
        return len(data)
