"""What an invitation letter says: the placeholders an organiser may write in its subject and body, the
languages a letter can be written in, and the filled text of one person's letter (kept on the request when
it is issued, so every later download prints what was issued)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from ...core import placeholders
from ...core.errors import FormError
from ...core.i18n import lazy_gettext as _l
from ...core.languages import known, language_of, written_in
from ...core.reference import country_name
from ...forums.models import Forum
from ...forums.venue import venue_line as forum_venue
from ...forums.versions import Versions, main_language, other_languages, versions_for
from ...pdf.dates import format_date_range
from ...registration.models import Registration
from .models import LetterRequest, LetterSettings

LETTER = "letter"  # the kind of the letter's texts in content_versions (forums.versions); object_id: the forum's id

# name -> what it becomes, for the settings page's help (in this order)
PLACEHOLDERS: dict[str, object] = {
    "name": _l("the person's name as they registered it"),
    "passport_name": _l("the person's name as written in their passport"),
    "nationality": _l("the person's nationality"),
    "organisation": _l("the person's organisation"),
    "forum": _l("the forum's title"),
    "dates": _l("the forum's dates"),
    "participation": _l("how the person takes part: “online”, or “in person at” the venue"),
    "venue": _l("the venue: name, address, city and country"),
    "authority": _l("the authority the person asked the letter to be addressed to, else “whom it may concern”"),
}
TEXT_FIELDS = ("subject", "body")


def unknown_placeholders(text: str) -> list[str]:
    """The names in braces that a letter does not know (`{pasport_name}`)."""
    return placeholders.unknown(text, PLACEHOLDERS)


def unknown_message(names: list[str]) -> str:
    """The message beside a field that names placeholders a letter does not know."""
    return placeholders.unknown_message(names, PLACEHOLDERS)


def check_texts(subject: str, body: str) -> None:
    """Refuse (FormError beside the field) a subject or body naming a placeholder a letter does not know."""
    for field, text in (("subject", subject), ("body", body)):
        names = unknown_placeholders(text)
        if names:
            raise FormError(unknown_message(names), field=field)


def default_texts() -> tuple[str, str]:
    """The subject and body a forum's letter starts with, in the organiser's language."""
    return (_("Invitation to {forum}"),
            _("To {authority},\n\nWe are pleased to invite {passport_name}, a national of {nationality}, of "
              "{organisation}, to take part in {forum}, {participation}, on {dates}.\n\n"
              "The organisers look forward to {passport_name}'s participation. Please do not hesitate to contact "
              "us should you need any further information."))


def letter_languages(forum: Forum, settings: LetterSettings) -> list[str]:
    """The languages a letter can be written in: the forum's main one, and each other one with an up-to-date
    version of both the subject and the body that names only known placeholders (one query per language)."""
    found = [main_language(forum)]
    for code in other_languages(forum):
        versions = versions_for(forum, code)
        texts = [versions.pick(LETTER, forum.id, name, getattr(settings, name)) for name in TEXT_FIELDS]
        if all(text and not text.fell_back and language_of(text.language).code == language_of(code).code
               and not unknown_placeholders(text.text) for text in texts):
            found.append(code)
    return found


def preferred_language(forum: Forum, settings: LetterSettings, person: str | None) -> str:
    """The person's own language when a letter can be written in it, else the forum's main one."""
    available = letter_languages(forum, settings)
    wanted = known(person)
    return next((code for code in available if wanted and language_of(code).code == language_of(wanted).code),
                available[0])


def venue_line(forum: Forum) -> str:
    """The venue as one line (forums.venue: name, address, then the city and country unless the address names
    them), in the language being written; "online" for an online forum without one."""
    return forum_venue(forum) or (_("online") if forum.mode == "online" else "")


def participation(forum: Forum, registration: Registration) -> str:
    """How the person takes part, in the language being written: "online" for an online registration, else "in
    person at" the venue (forums.venue)."""
    if registration.attendance_mode == "online":
        return _("online")
    venue = forum_venue(forum)
    return _("in person at %(venue)s", venue=venue) if venue else _("in person")


def _letter_language(forum: Forum, settings: LetterSettings, request: LetterRequest) -> str:
    """The request's language when a letter can be written in it, else the forum's main one."""
    return request.language if request.language in letter_languages(forum, settings) else main_language(forum)


def _texts(forum: Forum, settings: LetterSettings, versions: Versions) -> tuple[str, str]:
    """The subject and body to fill: their version in the letter's language (`versions`), else the settings'."""
    subject, body = (versions.pick(LETTER, forum.id, name, getattr(settings, name)).text for name in TEXT_FIELDS)
    return subject, body


def names_participation(forum: Forum, settings: LetterSettings, request: LetterRequest) -> bool:
    """Whether the text this request's letter would be written from says how the person takes part
    ({participation}), rather than only naming the venue (the approve step warns for online participants)."""
    return any("participation" in placeholders.used(text)
               for text in _texts(forum, settings, versions_for(forum, _letter_language(forum, settings, request))))


@dataclass(frozen=True)
class LetterText:
    """One person's letter as issued: what pdf.papers.LetterPage prints, and the letterhead's line."""

    language: str
    subject: str
    body: str
    addressee: tuple[str, ...]
    date_line: str
    letterhead: str
    # the facts the verification page repeats, as this letter prints them ("" on letters issued before they were
    # kept: the page then falls back to the forum's)
    forum_title: str = ""
    dates: str = ""
    venue: str = ""

    def as_json(self) -> dict:
        """Kept on the request (LetterRequest.letter) when the letter is issued."""
        return {"language": self.language, "subject": self.subject, "body": self.body,
                "addressee": list(self.addressee), "date_line": self.date_line, "letterhead": self.letterhead,
                "forum_title": self.forum_title, "dates": self.dates, "venue": self.venue}

    @classmethod
    def from_json(cls, kept: dict) -> LetterText:
        """The letter as it was issued."""
        return cls(kept["language"], kept["subject"], kept["body"], tuple(kept["addressee"]), kept["date_line"],
                   kept["letterhead"], kept.get("forum_title", ""), kept.get("dates", ""), kept.get("venue", ""))


def write_letter(forum: Forum, settings: LetterSettings, request: LetterRequest, issued_on: date) -> LetterText:
    """The filled letter for this request, in its language (else the forum's main one); its subject and body
    from the settings (their version in that language). Refuses texts naming unknown placeholders."""
    language = _letter_language(forum, settings, request)
    with written_in(language):
        versions = versions_for(forum, language)
        subject, body = _texts(forum, settings, versions)
        check_texts(subject, body)
        title = versions.of_forum(forum, "title").text
        registration = request.registration
        values = {
            "name": registration.name, "passport_name": request.passport_name,
            "nationality": country_name(request.nationality), "organisation": registration.organisation_name,
            "forum": title, "dates": format_date_range(forum.start_date, forum.end_date), "venue": venue_line(forum),
            "participation": participation(forum, registration),
            "authority": request.authority_name or _("whom it may concern"),
        }
        addressee = [request.passport_name, _("Nationality: %(country)s", country=values["nationality"])]
        if request.passport_number:
            addressee.append(_("Passport number: %(number)s", number=request.passport_number))
        if request.birth_date:
            addressee.append(_("Date of birth: %(date)s",
                               date=format_date_range(request.birth_date, request.birth_date)))
        if request.authority_name:
            addressee += ["", request.authority_name, *request.authority_address.splitlines()]
        day = format_date_range(issued_on, issued_on)
        return LetterText(
            language=language, subject=placeholders.fill(subject, values), body=placeholders.fill(body, values),
            addressee=tuple(addressee), date_line=f"{forum.venue_city}, {day}" if forum.venue_city else day,
            # the letterhead: the title, the dates and the city (the body gives the full venue, once)
            letterhead="\n".join(line for line in (title, " · ".join(
                part for part in (values["dates"], forum.venue_city or "") if part)) if line),
            forum_title=title, dates=values["dates"], venue=values["venue"])
