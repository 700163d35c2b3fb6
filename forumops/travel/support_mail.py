"""Telling people what is offered to them: when the organisers offer support (to one registration or many), each
person whom the offer asks a new answer of gets an email in their own language listing the offers waiting for their
answer, with a new private link to their registration page, where they accept or decline. Flushes, never commits.

The rules of mail an organiser causes hold (README, "Mail a stranger can cause"): every email names the organiser
(outbox actor), counts against their quota and the forum's, checked before anything is queued (a refusal, raised as
core.quotas.QuotaReached, rolls the whole offer back with the request), and waits while the forum is a draft (the
outbox's hold rules). It is about the person's own registration, like its status emails, so an opt-out of
announcements does not stop it. Its words are a participant's (core.languages.PARTICIPANT_SOURCES).
"""

from __future__ import annotations

from decimal import Decimal

from flask import render_template
from flask_babel import gettext as _

from ..core.http import absolute_url
from ..core.languages import mail_language_of, written_in
from ..core.numbers import money
from ..core.outbox import hold_for, queue_mails
from ..core.quotas import check_mail_quota
from ..forums.models import Forum
from ..forums.versions import title_in
from ..registration.links import issue_links
from ..registration.models import Registration
from .labels import SUPPORT_KIND_LABELS
from .models import SUPPORT_KINDS, Support
from .support_queries import supports_of_many

# registration id -> kind -> (status, amount, currency, note): an offer's terms as they stood
Snapshot = dict[int, dict[str, tuple[str, Decimal | None, str, str]]]


def _terms(row: Support) -> tuple[str, Decimal | None, str, str]:
    amount = None if row.amount is None else Decimal(row.amount).quantize(Decimal("0.01"))
    return row.status, amount, row.currency or "", row.note or ""


def terms_of(registration_ids: list[int]) -> Snapshot:
    """The offers of these registrations as they stand (one query): taken before an offer, to tell afterwards whom
    it asks a new answer of."""
    return {registration_id: {kind: _terms(row) for kind, row in rows.items()}
            for registration_id, rows in supports_of_many(registration_ids).items()}


def _asked_anew(before: dict, after: dict) -> bool:
    """An offer waits for the person's answer now that did not wait before, or waited on other terms."""
    return any(terms[0] == "offered" and before.get(kind) != terms for kind, terms in after.items())


def tell_about_offers(forum: Forum, registrations: list[Registration], before: Snapshot, actor) -> list[Registration]:
    """Email those of `registrations` whom the offer just made asks a new answer of (`before`: terms_of() taken
    before it), each the offers now waiting for their answer. Returns the people written to. Refuses
    (QuotaReached, at the "tell" field) when those emails would take the organiser or the forum past its quota."""
    after = terms_of([registration.id for registration in registrations])
    told = [registration for registration in sorted(registrations, key=lambda r: (r.name.casefold(), r.id))
            if _asked_anew(before.get(registration.id, {}), after.get(registration.id, {}))]
    if not told:
        return []
    actor_id = actor.id if actor is not None else None
    check_mail_quota(forum_id=forum.id, actor_id=actor_id, count=len(told), field="tell", zone=forum.timezone)
    tokens = issue_links([registration.id for registration in told])  # one INSERT for them all
    titles: dict[str, str] = {}
    messages = []
    for registration in told:
        language = mail_language_of(registration.language, forum.languages)
        with written_in(language):
            if language not in titles:
                titles[language] = title_in(forum)  # in the mail's language where the forum has a version
            subject, body = _offer_mail(forum, titles[language], registration, after[registration.id],
                                        tokens[registration.id])
        messages.append({"to_address": registration.email, "subject": subject, "body_text": body,
                         "forum_id": forum.id, "registration_id": registration.id, "actor_id": actor_id})
    queue_mails(messages)
    return told


def _offer_mail(forum: Forum, title: str, registration: Registration, offers: dict, token: str) -> tuple[str, str]:
    """The email's subject and text, in the language being written."""
    waiting = []
    for kind in SUPPORT_KINDS:
        if kind not in offers or offers[kind][0] != "offered":
            continue
        _status, amount, currency, note = offers[kind]
        if amount is None:
            reads = _("the organisers arrange and pay it directly")
        elif kind == "per_diem":
            reads = _("%(amount)s a day", amount=money(amount, currency))
        else:
            reads = money(amount, currency)
        waiting.append({"label": str(SUPPORT_KIND_LABELS[kind]), "reads": reads, "note": note})
    page_url = absolute_url("registration.manage", slug=forum.slug, token=token) + "#support"
    body = render_template("travel/email/support_offered.txt", forum_title=title, registration=registration,
                           offers=waiting, page_url=page_url)
    return _("%(forum)s: support offered to you, waiting for your answer", forum=title), body


def held(forum: Forum) -> bool:
    """Whether the forum's mail waits now (a draft): the organisers are told it goes once it is announced."""
    return bool(hold_for(forum.id))
