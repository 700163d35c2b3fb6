"""Writes of the communications stage: sending an announcement (the one path for the composer and automatic
messages), test sends, retries, cancelling, saved templates and a forum's quota. They flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update

from ..accounts.models import User
from ..agenda.feeds import public_calendar
from ..certificates.queries import certificate_anchor
from ..certificates.queries import holders as certificate_holders
from ..core import hooks, quotas
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.languages import written_in
from ..core.models import utcnow
from ..core.outbox import OutboxMessage, queue_mail, queue_mails, requeue
from ..core.text import clean_line, clean_text
from ..core.tokens import hash_token, new_token
from ..evaluations.answer_queries import survey_for_links
from ..extensions import db
from ..forums.models import Forum
from ..registration.links import issue_links
from ..registration.models import Registration
from ..registration.queries import joins_online
from ..travel.queries import concerned_statement, is_concerned
from . import placeholders
from .checks import SUBJECT_LENGTH, check_message, check_text, message_problems, subject_problem, version_problems
from .models import Announcement, AnnouncementOptOut, AnnouncementRecipient, CommunicationSettings, MessageTemplate
from .queries import announcement_for_key, is_opted_out
from .recipients import cluster_labels
from .versions import Version, cleaned, language_for, main_language

_TOKEN_SLOT = "TOKEN-SLOT"  # a stand-in token: one URL built per message, the real token put in per person


# --- quotas ----------------------------------------------------------------------------------------------

def recipients_sent(*, forum: Forum | None = None, actor: User | None = None, now: datetime | None = None) -> int:
    """Emails this forum, or this account, had ForumOps write to other people within the rolling window: every
    kind counts (core.quotas), announcements, imports, invitations and plan links alike."""
    if forum is not None:
        return quotas.forum_use(forum.id, now).used
    return quotas.account_use(actor.id, now).used if actor is not None else 0


@quotas.forum_limit
def forum_quota_override_of(forum_id: int) -> int | None:
    """The administrator's figure for this forum (by id), if they set one: core.quotas asks."""
    return db.session.scalar(select(CommunicationSettings.recipient_quota).where(
        CommunicationSettings.forum_id == forum_id))


def forum_quota_override(forum: Forum) -> int | None:
    """The administrator's figure for this forum, if they set one."""
    return forum_quota_override_of(forum.id)


def forum_quota(forum: Forum) -> int:
    """Emails per window for this forum: the administrator's figure for it, or the default."""
    return quotas.limit_for_forum(forum.id)


def check_quota(forum: Forum, actor: User | None, count: int, now: datetime | None = None) -> None:
    """Refuse a message that would take the forum, or the account writing it, past its quota (core.quotas: the
    one check every kind of mail passes), shown beside the recipients' filters."""
    quotas.check_mail_quota(forum_id=forum.id, actor_id=actor.id if actor is not None else None, count=count,
                            now=now, field="filters", zone=forum.timezone)


# --- filling ---------------------------------------------------------------------------------------------

def opted_out_ids(forum: Forum) -> set[int]:
    """The registrations of this forum that asked for no more announcements."""
    return set(db.session.scalars(select(AnnouncementOptOut.registration_id).where(
        AnnouncementOptOut.forum_id == forum.id)))


def _footer(forum: Forum, unsubscribe_url: str) -> str:
    return "\n\n-- \n" + _("You receive this because you registered for %(forum)s.", forum=forum.title) + "\n" + \
        _("To receive no more announcements from this forum:") + f"\n{unsubscribe_url}\n" + \
        _("(Emails about your own registration still come.)")


@dataclass(frozen=True)
class FilledMessage:
    subject: str
    body: str


def preview(forum: Forum, subject: str, body: str, registration: Registration,
            language: str | None = None, survey_id: int | None = None) -> FilledMessage:
    """The message as this person would get it, written in `language` (the version's; the forum's main one by
    default), without making them a link: their private link and the unsubscribe link are shown as where they
    will be; {survey_link} as sending fills it, for the survey `survey_id` the filters name."""
    with written_in(language or main_language(forum)):
        return _preview(forum, subject, body, registration, survey_id)


def _preview(forum: Forum, subject: str, body: str, registration: Registration,
             survey_id: int | None) -> FilledMessage:
    shared = placeholders.forum_values(forum)
    used = placeholders.used(subject + "\n" + body)
    _survey, asked = survey_for_links(forum, survey_id) if "survey_link" in used else (None, set())
    values = placeholders.values_for(
        shared, registration, joins_online=joins_online(forum, registration),
        private_link=_("[their private link, made when the message is sent]"),
        cluster=cluster_labels(forum, [registration.id]).get(registration.id, ""),
        certificate_link=_("[the link to their certificate, made when the message is sent]")
        if registration.id in certificate_holders(forum) else "",
        survey_link=_("[their link to the survey, made when the message is sent]") if registration.id in asked else "",
        travel_link=_("[their link to the travel form, made when the message is sent]")
        if "travel_link" in used and is_concerned(forum, registration) else "")
    footer = _footer(forum, _("[their unsubscribe link, made when the message is sent]"))
    return FilledMessage(clean_line(placeholders.fill(subject, values)), placeholders.fill(body, values) + footer)


def send_test(forum: Forum, subject: str, body: str, registration: Registration, *, actor: User,
              attach_ics: bool = False, language: str | None = None, survey_id: int | None = None) -> int:
    """Mail the preview for this person, in `language`'s version, to the organiser themselves (no real link of
    anyone's in it)."""
    filled = preview(forum, subject, body, registration, language, survey_id)
    attachment = _calendar(forum, joins_online(forum, registration)) if attach_ics else None
    subject = _("[Test] %(subject)s", subject=filled.subject)
    if len(subject) > SUBJECT_LENGTH:  # the marker's few characters must not make the test copy fail
        subject = subject[:SUBJECT_LENGTH - 1] + "…"
    return queue_mail(actor.email, subject, filled.body, forum_id=forum.id, attachment=attachment)


def _calendar(forum: Forum, links_allowed: bool) -> tuple[str, str, str]:
    """The programme as the registration emails attach it (with the meeting links for people confirmed online)."""
    return f"{forum.slug}.ics", "text/calendar", public_calendar(forum, links_allowed)[1].decode()


# --- sending ---------------------------------------------------------------------------------------------

def send_announcement(forum: Forum, subject: str, body: str, registrations: Sequence[Registration], *,
                      actor: User | None, attach_ics: bool = False, send_at: datetime | None = None,
                      source: str = "composer", filters: dict | None = None,
                      check_limits: bool = True, idempotency_key: str | None = None,
                      versions: Mapping[str, Mapping[str, str]] | None = None) -> Announcement:
    """Write an announcement and one filled email per recipient into the outbox; returns the announcement.

    The shared path of the composer and of automatic messages (`source` says which). People who opted out of
    this forum's announcements are recorded as skipped and get nothing; everyone else gets their own copy, with
    an unsubscribe link (List-Unsubscribe and one-click List-Unsubscribe-Post, RFC 8058) and, when the text
    uses {private_link}, {certificate_link}, {survey_link} or {travel_link}, a new private link (earlier ones keep
    working). `send_at` holds the mail back until then. Queries do not grow with the recipients beyond the bulk
    INSERTs: the registrations come loaded, the clusters, opt-outs, certificate holders and the people the travel
    form concerns are one query each. `check_limits` applies the quotas (automatic messages the organiser turned on
    may pass False). The forum is locked first, so two sends
    at once are decided one after the other: the second sees the first's recipients in the quota, and, given
    the same `idempotency_key` (the composer form's), returns the first's announcement instead of writing to
    everyone again.

    `versions` are the message in the forum's other languages ({"vi": {"subject": ..., "body": ...}}): each
    person gets the one in their language, else `subject` and `body` (the main language's); each email is
    written whole in its version's language (versions.py), its values and footer worked out once per language.
    """
    subject, body = clean_line(subject), clean_text(body)
    versions = {code: {"subject": clean_line(text["subject"]), "body": clean_text(text["body"])}
                for code, text in (versions or {}).items()}
    texts = [Version(main_language(forum), subject, body),
             *(Version(code, text["subject"], text["body"]) for code, text in versions.items())]
    now = utcnow()
    lock_forum(forum.id)
    if idempotency_key:
        sent = announcement_for_key(forum, idempotency_key)
        if sent is not None:
            return sent
    people = list({registration.id: registration for registration in registrations
                   if registration.erased_at is None}.values())
    for text in texts:
        if source == "composer":  # the organiser is there to shorten a subject too long once filled in
            check_message(forum, text.subject, text.body, send_at, now, people)
        else:  # an automatic message goes all the same: the outbox cuts a subject too long to fit (fit_subject)
            too_long = subject_problem(forum, text.subject, people)
            for problem in message_problems(forum, text.subject, text.body, send_at, now, people):
                if too_long is None or problem.message != too_long.message:
                    raise problem
    if not people:
        raise FormError(_("No one matches these filters: there is nobody to send to."), field="filters")
    skipped = opted_out_ids(forum)
    mailed = [registration for registration in people if registration.id not in skipped]
    if check_limits:
        check_quota(forum, actor, len(mailed), now)

    announcement = Announcement(forum_id=forum.id, subject=subject, body=body, filters=filters or {},
                                attach_ics=attach_ics, send_at=send_at, source=source,
                                status="scheduled" if send_at else "queued",
                                created_by_id=actor.id if actor is not None else None, recipient_count=len(mailed),
                                idempotency_key=idempotency_key or None, versions=versions)
    db.session.add(announcement)
    db.session.flush()

    used = set(placeholders.used("\n".join(text.subject + "\n" + text.body for text in texts)))
    links = issue_links([r.id for r in mailed]) \
        if used & {"private_link", "certificate_link", "survey_link", "travel_link"} else {}
    # {survey_link}: the survey the message is filtered on ("has not yet answered"), never another
    survey, asked = survey_for_links(forum, _survey_id(filters)) \
        if "survey_link" in used else (None, set())
    survey_url = absolute_url("evaluations.answer", slug=forum.slug, token=_TOKEN_SLOT, survey_id=survey.id) \
        if survey is not None else ""
    holders = certificate_holders(forum) if "certificate_link" in used else set()
    # {travel_link}: to the people the travel form concerns; anyone else reads that it does not concern them
    travellers = set(db.session.scalars(concerned_statement(forum))) if "travel_link" in used else set()
    travel_url = absolute_url("travel.travel_form", slug=forum.slug, token=_TOKEN_SLOT)
    clusters = cluster_labels(forum, [r.id for r in mailed]) if "cluster" in used else {}
    manage_url = absolute_url("registration.manage", slug=forum.slug, token=_TOKEN_SLOT)
    unsubscribe_url = absolute_url("communications.unsubscribe", slug=forum.slug, token=_TOKEN_SLOT)
    one_click_url = absolute_url("communications.unsubscribe_one_click", slug=forum.slug, token=_TOKEN_SLOT)
    by_language = {text.language: text for text in texts}
    written: dict[str, tuple[placeholders.ForumValues, str]] = {}  # per language: its values and footer
    calendars: dict[bool, tuple[str, str, str]] = {}

    messages, hashes = [], []
    for registration in mailed:
        text = by_language[language_for(registration, forum, by_language)]
        if text.language not in written:  # translated once per language; each person's token goes into its slot
            with written_in(text.language):
                written[text.language] = placeholders.forum_values(forum), _footer(forum, unsubscribe_url)
        shared, footer = written[text.language]
        joins = joins_online(forum, registration)
        private_link = manage_url.replace(_TOKEN_SLOT, links[registration.id]) if links else ""
        values = placeholders.values_for(
            shared, registration, joins_online=joins, cluster=clusters.get(registration.id, ""),
            private_link=private_link, certificate_link=private_link + certificate_anchor(registration.id)
            if registration.id in holders else "",
            survey_link=survey_url.replace(_TOKEN_SLOT, links[registration.id]) if registration.id in asked else "",
            travel_link=travel_url.replace(_TOKEN_SLOT, links[registration.id])
            if registration.id in travellers else "")
        token = new_token()  # the unsubscribe link's: only its hash is stored
        hashes.append(hash_token(token))
        if attach_ics and joins not in calendars:
            calendars[joins] = _calendar(forum, joins)
        messages.append({
            "to_address": registration.email, "subject": placeholders.fill(text.subject, values),
            "body_text": placeholders.fill(text.body, values) + footer.replace(_TOKEN_SLOT, token),
            "forum_id": forum.id, "registration_id": registration.id, "kind": "announcement",
            "actor_id": actor.id if actor is not None else None,
            "send_after": send_at, "attachment": calendars.get(joins) if attach_ics else None,
            "headers": {"List-Unsubscribe": f"<{one_click_url.replace(_TOKEN_SLOT, token)}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}})
    outbox_ids = queue_mails(messages)
    rows = [{"announcement_id": announcement.id, "registration_id": registration.id, "outbox_message_id": outbox_id,
             "state": "mailed", "unsubscribe_token_hash": token_hash}
            for registration, outbox_id, token_hash in zip(mailed, outbox_ids, hashes, strict=True)]
    rows += [{"announcement_id": announcement.id, "registration_id": registration.id, "outbox_message_id": None,
              "state": "opted_out", "unsubscribe_token_hash": None}
             for registration in people if registration.id in skipped]
    db.session.execute(insert(AnnouncementRecipient.__table__), rows)
    return announcement


def _survey_id(filters: Mapping | None) -> int | None:
    """The survey a stored filter names ("has not yet answered"), or None."""
    value = (filters or {}).get("survey_pending")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def retry_failed(announcement: Announcement) -> int:
    """Queue this announcement's failed emails again; returns how many."""
    ids = list(db.session.scalars(select(OutboxMessage.id).join(
        AnnouncementRecipient, AnnouncementRecipient.outbox_message_id == OutboxMessage.id).where(
        AnnouncementRecipient.announcement_id == announcement.id, OutboxMessage.status == "failed")))
    return requeue(ids)


def cancel_scheduled(announcement: Announcement, now: datetime | None = None) -> int:
    """Take a scheduled announcement's mail out of the outbox before its time; returns how many emails."""
    if announcement.status != "scheduled" or (announcement.send_at and announcement.send_at <= (now or utcnow())):
        raise FormError(_("Only a message whose time has not come yet can be cancelled."))
    ids = list(db.session.scalars(select(AnnouncementRecipient.outbox_message_id).where(
        AnnouncementRecipient.announcement_id == announcement.id,
        AnnouncementRecipient.outbox_message_id.is_not(None))))
    db.session.execute(update(AnnouncementRecipient).where(AnnouncementRecipient.announcement_id == announcement.id)
                       .values(outbox_message_id=None).execution_options(synchronize_session=False))
    unsent = delete(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == "queued")
    removed = db.session.execute(  # type: ignore[attr-defined]  # DML: a CursorResult
        unsent.execution_options(synchronize_session=False)).rowcount if ids else 0
    announcement.status = "cancelled"
    db.session.flush()
    return removed


# --- opting out ------------------------------------------------------------------------------------------

def opt_out(forum: Forum, registration_id: int) -> int:
    """No more announcements from this forum to this registration: recorded once, and the announcements still
    waiting in the outbox for them are taken out (marked opted out). Returns how many were taken out."""
    if not is_opted_out(forum, registration_id):
        db.session.add(AnnouncementOptOut(forum_id=forum.id, registration_id=registration_id))
    waiting = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.forum_id == forum.id, OutboxMessage.registration_id == registration_id,
        OutboxMessage.kind == "announcement", OutboxMessage.status == "queued")))
    if waiting:
        db.session.execute(update(AnnouncementRecipient).where(AnnouncementRecipient.outbox_message_id.in_(waiting))
                           .values(outbox_message_id=None, state="opted_out")
                           .execution_options(synchronize_session=False))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(waiting))
                           .execution_options(synchronize_session=False))
    db.session.flush()
    return len(waiting)


@hooks.travel_form_sent.answer
def withdraw_travel_reminders(forum: Forum, registration: Registration) -> int:
    """The person sent their travel form: the emails still waiting in the outbox for them from messages written to
    those who have not sent it (the "Travel form: not sent yet" filter, a scheduled reminder) are taken out, shown
    as withdrawn on the message's page. Returns how many."""
    rows = db.session.execute(select(AnnouncementRecipient.outbox_message_id, Announcement.filters).join(
        Announcement, Announcement.id == AnnouncementRecipient.announcement_id).join(
        OutboxMessage, OutboxMessage.id == AnnouncementRecipient.outbox_message_id).where(
        Announcement.forum_id == forum.id, AnnouncementRecipient.registration_id == registration.id,
        OutboxMessage.status == "queued"))
    waiting = [outbox_id for outbox_id, filters in rows if (filters or {}).get("travel_form") == "pending"]
    if waiting:
        db.session.execute(update(AnnouncementRecipient).where(AnnouncementRecipient.outbox_message_id.in_(waiting))
                           .values(outbox_message_id=None).execution_options(synchronize_session=False))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(waiting))
                           .execution_options(synchronize_session=False))
        db.session.flush()
    return len(waiting)


def opt_in(forum: Forum, registration_id: int) -> None:
    """Announcements from this forum reach this registration again (from the next one on)."""
    db.session.execute(delete(AnnouncementOptOut).where(AnnouncementOptOut.forum_id == forum.id,
                                                        AnnouncementOptOut.registration_id == registration_id))
    db.session.flush()


# --- saved templates and the forum's quota ---------------------------------------------------------------

def save_template(forum: Forum, name: str, subject: str, body: str, actor: User | None,
                  versions: Mapping[str, Mapping[str, str]] | None = None) -> MessageTemplate:
    """Save (or overwrite, by name) a subject and body, and their versions in other languages, to start later
    messages from."""
    name, subject, body = clean_line(name), clean_line(subject), clean_text(body)
    if not name:
        raise FormError(_("Give the template a name."), field="template_name")
    check_text(subject, body)
    kept = cleaned(versions, forum)
    for problem in version_problems(forum, kept, sending=False)[:1]:
        raise problem
    template = db.session.scalar(select(MessageTemplate).where(MessageTemplate.forum_id == forum.id,
                                                               func.lower(MessageTemplate.name) == name.lower()))
    if template is None:
        template = MessageTemplate(forum_id=forum.id, name=name,
                                   created_by_id=actor.id if actor is not None else None)
        db.session.add(template)
    template.subject, template.body, template.versions = subject, body, kept
    db.session.flush()
    return template


def delete_template(forum: Forum, template_id: int) -> bool:
    """Delete one of this forum's saved templates; False when it was not there."""
    removed = db.session.execute(delete(MessageTemplate).where(
        MessageTemplate.forum_id == forum.id, MessageTemplate.id == template_id)).rowcount  # type: ignore[attr-defined]
    return bool(removed)


def set_recipient_quota(forum: Forum, quota: int | None) -> CommunicationSettings:
    """The administrator's recipient quota for this forum (None: back to the default)."""
    settings = db.session.scalar(select(CommunicationSettings).where(CommunicationSettings.forum_id == forum.id))
    if settings is None:
        settings = CommunicationSettings(forum_id=forum.id)
        db.session.add(settings)
    settings.recipient_quota = quota
    db.session.flush()
    return settings
