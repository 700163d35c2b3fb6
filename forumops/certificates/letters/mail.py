"""The email a person gets when an organiser decides on their letter request: approved (with the link to
download it) or declined (with the organiser's reason), in the person's language."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from ...core.http import absolute_url
from ...core.languages import mail_language_of, written_in
from ...core.outbox import queue_mail
from ...forums.models import Forum
from ...forums.versions import title_in
from ...registration.links import issue_link
from .models import LetterRequest

SUBJECTS = {
    "approved": "Your invitation letter for %(forum)s is ready",
    "declined": "Your request for an invitation letter for %(forum)s",
}


def send_decision_mail(forum: Forum, request: LetterRequest) -> None:
    """Queue the email about the organisers' decision, with a new private link to the person's letter page
    (the links they hold keep working)."""
    registration = request.registration
    token = issue_link(registration)
    with written_in(mail_language_of(registration.language, forum.languages)):
        title = title_in(forum)
        body = render_template(f"certificates/letters/email/{request.status}.txt", forum_title=title,
                               registration=registration, request=request,
                               letter_url=absolute_url("letters.request", slug=forum.slug, token=token))
        subject = _(SUBJECTS[request.status], forum=title)
    queue_mail(registration.email, subject, body, forum_id=forum.id, registration_id=registration.id)
