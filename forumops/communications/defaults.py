"""The templates every forum starts with: the messages organisers write most (two days before, the online
joining details, the thanks with the report, the certificate ready to download), each with the filters it is
usually sent to."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..core.http import absolute_url
from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..evaluations.queries import survey_to_remind
from ..forums.models import Forum
from ..travel.queries import travel_settings


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    name: str
    subject: str
    body: str
    filters: dict[str, str] = field(default_factory=dict)
    attach_ics: bool = False  # True for a text that speaks of "the attached programme"


DEFAULT_NAMES = {
    "logistics": _l("Logistics, two days before"),
    "online": _l("Online joining details"),
    "thanks": _l("Thank you, with the report"),
    "certificate": _l("Your certificate is ready"),
    "evaluate": _l("Please evaluate"),
    "travel_form": _l("Your travel details"),
    "travel_reminder": _l("Your travel details: a reminder"),
}


def default_templates(forum: Forum) -> list[DefaultTemplate]:
    """The defaults, written for this forum (the report's address is the forum's own; "please evaluate" goes to
    those who have not yet answered the survey open now, the most recently opened evaluation if several are)."""
    report_url = absolute_url("outcomes.report", slug=forum.slug)
    to_remind = survey_to_remind(forum, utcnow())
    evaluate_filters = {"status": "confirmed"}
    if to_remind is not None:
        evaluate_filters["survey_pending"] = str(to_remind.id)
    deadline = travel_settings(forum).form_deadline
    send_by = _("Please send them by %(day)s.", day=format_day(deadline, "long")) if deadline \
        else _("Please send them as soon as you can.")
    return [
        DefaultTemplate("logistics", str(DEFAULT_NAMES["logistics"]),
                        _("{forum}: practical details for the days ahead"), _(
            "Dear {name},\n\n"
            "{forum} begins soon: {dates}.\n\n"
            "Venue: {venue}\n"
            "Your cluster: {cluster}\n"
            "Your check-in code at the registration desk: {checkin_code}\n\n"
            "Please come 30 minutes early to collect your badge. The programme is attached as a calendar file.\n\n"
            "To see or change your registration: {private_link}\n\n"
            "We look forward to welcoming you."), {"status": "confirmed", "mode": "in_person"}, attach_ics=True),
        DefaultTemplate("online", str(DEFAULT_NAMES["online"]), _("How to join {forum} online"), _(
            "Dear {name},\n\n"
            "You are confirmed to take part in {forum} online ({dates}).\n\n"
            "Join here: {online_link}\n\n"
            "This link is for you: please do not pass it on. Times in the attached programme are shown in your "
            "own time zone by your calendar.\n\n"
            "Your registration: {private_link}"), {"status": "confirmed", "mode": "online"}, attach_ics=True),
        DefaultTemplate("thanks", str(DEFAULT_NAMES["thanks"]), _("Thank you for taking part in {forum}"), _(
            "Dear {name},\n\n"
            "Thank you for taking part in {forum}. The outcome report, with the clusters' findings and the "
            "recommendations the plenary adopted, is here:\n%(report)s\n\n"
            "Please share it with your organisation.", report=report_url),
            {"status": "confirmed", "checked_in": "yes"}),
        DefaultTemplate("certificate", str(DEFAULT_NAMES["certificate"]),
                        _("Your certificate of attendance for {forum}"), _(
            "Dear {name},\n\n"
            "Thank you for taking part in {forum} ({dates}). Your certificate of attendance is ready: download it "
            "from your registration page:\n{certificate_link}\n\n"
            "It carries a code and a QR code, so anyone you show it to can check that it is genuine."),
            {"status": "confirmed", "has_certificate": "yes"}),
        # Indico #6069 asked for this message to be one organisers can change: it is a template like the others
        DefaultTemplate("evaluate", str(DEFAULT_NAMES["evaluate"]), _("Please evaluate {forum}"), _(
            "Dear {name},\n\n"
            "Thank you for taking part in {forum} ({dates}). Please tell us what worked and what should change: "
            "the evaluation takes about ten minutes, and you can save it and finish later.\n\n"
            "Your own link to the evaluation:\n{survey_link}\n\n"
            "The link is yours: please do not pass it on. Your answers help us plan the next forum."),
            evaluate_filters),
        DefaultTemplate("travel_form", str(DEFAULT_NAMES["travel_form"]), _("{forum}: your travel details"), _(
            "Dear {name},\n\n"
            "We look forward to welcoming you to {forum} ({dates}, {venue}). So that someone meets you when you "
            "arrive and your room is ready, please tell us your arrival and departure: the day, the time, your "
            "flight or other transport, and your nights at the hotel.\n\n"
            "Your own link to the travel form:\n{travel_link}\n\n"
            "%(send_by)s You can change your details on the same page later; it also shows what we have arranged "
            "for you.\n\n"
            "If we offer to fund your travel, your accommodation or a per diem, the offer is at the top of the same "
            "page: please accept or decline it there.\n\n"
            "The link is yours: please do not pass it on.", send_by=send_by),
            {"status": "confirmed", "travel_form": "concerned"}),
        DefaultTemplate("travel_reminder", str(DEFAULT_NAMES["travel_reminder"]),
                        _("Reminder: your travel details for {forum}"), _(
            "Dear {name},\n\n"
            "We have not yet received your travel details for {forum} ({dates}). We need them to meet you when you "
            "arrive and to book your room.\n\n"
            "%(send_by)s It takes a few minutes:\n{travel_link}\n\n"
            "If your plans are not settled yet, send what you know and change it later on the same page.",
            send_by=send_by), {"status": "confirmed", "travel_form": "pending"}),
    ]
