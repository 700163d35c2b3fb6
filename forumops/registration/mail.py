"""Registration mail: the email each moment of a registration sends (received, pending, waitlisted,
approved, rejected, promoted, cancelled, a link, the form filled in again for a registered address),
written from its template and queued in the outbox. Confirmations carry the programme as an .ics file."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from ..core.http import absolute_url
from ..core.languages import mail_language_of, written_in
from ..core.outbox import queue_mail
from ..forums.models import Forum
from ..forums.versions import title_in
from .models import Registration
from .queries import joins_online, online_sessions

MAIL_SUBJECTS = {
    "received": "Your place at %(forum)s is confirmed",
    "pending": "We received your registration for %(forum)s",
    "waitlisted": "You are on the waiting list for %(forum)s",
    "approved": "Your registration for %(forum)s is approved",
    "rejected": "Your registration for %(forum)s",
    "promoted": "A place opened up: you are confirmed for %(forum)s",
    "cancelled": "Your registration for %(forum)s is cancelled",
    "link": "Your link to manage your registration for %(forum)s",
    "already_registered": "You are already registered for %(forum)s",
    "relinked": "Your new link to manage your registration for %(forum)s",
}


CONFIRMING_MAILS = ("received", "approved", "promoted")  # each tells the person their place is confirmed


@dataclass
class StatusMail:
    """One registration email, written and ready to queue."""

    kind: str
    subject: str
    body: str
    attachment: tuple[str, str, str] | None
    forum_id: int

    def queue(self, registration: Registration) -> None:
        queue_mail(registration.email, self.subject, self.body, forum_id=self.forum_id,
                   registration_id=registration.id, attachment=self.attachment)


def status_mail(forum: Forum, registration: Registration, kind: str, token: str | None = None) -> StatusMail:
    """The email for this moment of a registration, in the person's language (else the forum's main one, else
    English): subject, text and dates. Confirmations carry the programme (.ics)."""
    with written_in(mail_language_of(registration.language, forum.languages)):
        return _status_mail(forum, registration, kind, token)


def _status_mail(forum: Forum, registration: Registration, kind: str, token: str | None) -> StatusMail:
    manage_url = absolute_url("registration.manage", slug=forum.slug, token=token) if token else ""
    attachment = None
    # confirmed online: the link and the calendar with it (a new registration's mail is written before its row)
    status = "confirmed" if kind in CONFIRMING_MAILS else None
    joins = joins_online(forum, registration, status)
    online_link = forum.online_link if joins else ""
    if kind in CONFIRMING_MAILS:
        attachment = (f"{forum.slug}.ics", "text/calendar", _programme_ics(forum, joins))
    title = title_in(forum)  # in the mail's language where the forum has a version
    body = render_template(f"registration/email/{kind}.txt", forum=forum, forum_title=title, registration=registration,
                           manage_url=manage_url, programme_url=absolute_url("agenda.programme", slug=forum.slug),
                           online_link=online_link, online_sessions=online_sessions(forum) if joins else [])
    return StatusMail(kind, _(MAIL_SUBJECTS[kind], forum=title), body, attachment, forum.id)


def send_status_mail(forum: Forum, registration: Registration, kind: str, token: str | None = None) -> None:
    """Queue the email for this moment of a registration (after its flush: the mail names its id)."""
    status_mail(forum, registration, kind, token).queue(registration)


def _programme_ics(forum: Forum, links_allowed: bool) -> str:
    from ..agenda.feeds import public_calendar

    return public_calendar(forum, links_allowed)[1].decode()
