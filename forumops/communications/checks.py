"""The checks every message passes before it is written to anyone (the composer's preview shows them all, the
send refuses the first): unknown placeholders, sizes, a subject too long once filled in, a draft forum, a time
past, and each version in another language alike, naming its own fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _

from ..certificates.queries import certificate_anchor
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.languages import language_name, page_language
from ..core.models import utcnow
from ..core.outbox import OutboxMessage
from ..core.text import clean_line
from ..core.tokens import new_token
from ..evaluations.answer_queries import linkable_survey
from ..forums.models import Forum
from ..registration.models import Registration
from ..travel.queries import travel_settings
from . import placeholders
from .recipients import RecipientFilters, longest_cluster_label, longest_name
from .versions import version_fields

SUBJECT_LENGTH = OutboxMessage.__table__.c.subject.type.length  # each person's filled-in subject must fit
NAME_LENGTH = Registration.__table__.c.name.type.length


def text_problems(subject: str, body: str) -> list[FormError]:
    """Unknown placeholders (by name) and a body over the size limit, each naming its field."""
    problems = [FormError(placeholders.unknown_message(names), field=field)
                for field, names in (("subject", placeholders.unknown(subject)), ("body", placeholders.unknown(body)))
                if names]
    limit = current_app.config["ANNOUNCEMENT_MAX_BODY"]
    if len(body) > limit:
        problems.append(FormError(_("The message is %(length)s characters long; the limit is %(limit)s. Shorten "
                                    "it, or put the long part on the forum's page and link to it.",
                                    length=format_number(len(body)), limit=format_number(limit)), field="body"))
    return problems


Recipients = RecipientFilters | Sequence[Registration] | None


def subject_problem(forum: Forum, subject: str, recipients: Recipients = None) -> FormError | None:
    """A subject that, filled in for someone among the recipients, would not fit an email's subject (the
    outbox's column): measured with every placeholder at its longest for them (the longest name among the
    people the filters pick, or among those given; a name as long as any can be when no recipients are
    known), so it is refused at the preview rather than failing the send."""
    used = placeholders.used(subject)
    if not used:
        return None
    if isinstance(recipients, RecipientFilters):
        name = longest_name(forum, recipients) if "name" in used else ""
    elif recipients is None:
        name = "W" * NAME_LENGTH
    else:
        name = max((registration.name for registration in recipients), key=len, default="")
    widest = placeholders.widest_values(
        placeholders.forum_values(forum), name=name,
        cluster=longest_cluster_label(forum) if "cluster" in used else "",
        private_link=absolute_url("registration.manage", slug=forum.slug, token=new_token())
        if "private_link" in used else "",
        certificate_link=absolute_url("registration.manage", slug=forum.slug, token=new_token())
        + certificate_anchor(10 ** 12) if "certificate_link" in used else "",
        survey_link=absolute_url("evaluations.answer", slug=forum.slug, token=new_token(), survey_id=10 ** 12)
        if "survey_link" in used else "",
        travel_link=absolute_url("travel.travel_form", slug=forum.slug, token=new_token())
        if "travel_link" in used else "")
    length = len(clean_line(placeholders.fill(subject, widest)))
    if length <= SUBJECT_LENGTH:
        return None
    return FormError(_("Filled in, this subject can be %(length)s characters long for some of the people it goes "
                       "to (its placeholders at their longest for them); a subject may have at most %(limit)s. "
                       "Shorten it, or move long placeholders such as {venue} into the message.",
                       length=length, limit=SUBJECT_LENGTH), field="subject")


def survey_link_problem(forum: Forum, subject: str, body: str, filters: RecipientFilters) -> FormError | None:
    """A message using {survey_link} must name its survey, a published one, under "Has not yet answered the
    survey": the link leads to that survey and no other, and the message then goes only to the people it asks
    who have not answered (so nobody reads "no survey is open for you", and nobody who answered is asked
    again). Said beside that filter."""
    if "survey_link" not in placeholders.used(subject + "\n" + body):
        return None
    if not filters.survey_pending:
        return FormError(_("Choose the survey that {survey_link} leads to."), field="survey_pending")
    if linkable_survey(forum, filters.survey_pending) is None:
        return FormError(_("This survey is not published yet: set its opening time first."),
                         field="survey_pending")
    return None


def travel_link_problem(subject: str, body: str, filters: RecipientFilters) -> FormError | None:
    """A message using {travel_link} must choose "Travel form" among the filters, so it goes only to the people
    the form concerns (nobody reads that it does not concern them). Said beside that filter."""
    if "travel_link" not in placeholders.used(subject + "\n" + body) or filters.travel_form:
        return None
    return FormError(_("A message with {travel_link} goes to the people the travel form concerns: choose them "
                       "here."), field="travel_form")


def travel_form_closed_problem(forum: Forum, subject: str, body: str) -> FormError | None:
    """A message using {travel_link} while the travel form is closed: everyone following their link would read
    that it is closed. Said at the body (the subject when only it has the link); scheduled or not, since the
    links are made now."""
    in_body = "travel_link" in placeholders.used(body)
    if not in_body and "travel_link" not in placeholders.used(subject):
        return None
    if travel_settings(forum).form_open:
        return None
    return FormError(_("The travel form is closed: everyone following {travel_link} would read that. Open it first "
                       "on the Travel page (Settings, “The travel form is open”), or take the link out."),
                     field="body" if in_body else "subject")


def message_problems(forum: Forum, subject: str, body: str, send_at: datetime | None = None,
                     now: datetime | None = None, recipients: Recipients = None) -> list[FormError]:
    """Everything that must never go out, each naming its field: a draft forum, unknown placeholders, a body
    over the size limit, a subject too long once filled in for the `recipients` (filters or people), a
    {travel_link} while the travel form is closed, a {survey_link} without its survey chosen in the filters, a
    {travel_link} without the travel form's filter, a time already past. The preview checks the same as sending,
    and shows them all."""
    problems = [FormError(_("A draft forum sends no announcements: publish the forum first."))] \
        if forum.status == "draft" else []
    problems += text_problems(subject, body)
    if not any(problem.field == "subject" for problem in problems):  # an unknown placeholder is named first
        problems += [problem for problem in [subject_problem(forum, subject, recipients)] if problem]
    problems += [problem for problem in [travel_form_closed_problem(forum, subject, body)] if problem]
    if isinstance(recipients, RecipientFilters):
        problems += [problem for problem in [survey_link_problem(forum, subject, body, recipients),
                                             travel_link_problem(subject, body, recipients)] if problem]
    if send_at is not None and send_at <= (now or utcnow()):
        problems.append(FormError(_("This time has already passed. Choose a time to come, or send now."),
                                  field="send_at"))
    return problems


def version_problems(forum: Forum, versions: Mapping[str, Mapping[str, str]], send_at: datetime | None = None,
                     now: datetime | None = None, recipients: Recipients = None,
                     sending: bool = True) -> list[FormError]:
    """The problems of each version in another language (message_problems when `sending`, else text_problems),
    each naming the version's own field (subject_vi, body_vi); a version with only a subject or only a message
    is refused too."""
    problems = []
    for code, text in versions.items():
        subject_field, body_field = version_fields(code)
        fields = {"subject": subject_field, "body": body_field}
        if not text["subject"] or not text["body"]:
            problems.append(FormError(_("Write both the subject and the message in %(language)s, or leave both "
                                        "empty: its readers then get the main version.",
                                        language=language_name(code, page_language())),
                                      field=subject_field if not text["subject"] else body_field))
            continue
        found = (message_problems(forum, text["subject"], text["body"], send_at, now, recipients) if sending
                 else text_problems(text["subject"], text["body"]))
        problems += [FormError(problem.message, field=fields[problem.field]) for problem in found
                     if problem.field in fields]
    return problems


def check_text(subject: str, body: str) -> None:
    """Refuse the first problem of a subject and body (unknown placeholders, lengths)."""
    for problem in text_problems(subject, body)[:1]:
        raise problem


def check_message(forum: Forum, subject: str, body: str, send_at: datetime | None = None,
                  now: datetime | None = None, recipients: Recipients = None) -> None:
    """Raise the first of message_problems (send_announcement's guard)."""
    for problem in message_problems(forum, subject, body, send_at, now, recipients)[:1]:
        raise problem


