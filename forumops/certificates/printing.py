"""What a certificate says, for the renderer (pdf/papers.py): the design's words in each language, the facts
printed about each person, and the pages built from them.

A certificate is drawn on demand, never stored: the facts about its holder were fixed when it was issued
(IssuedDocument.holder_name and .details: their name, days, hours, the forum's title and dates as printed), the
words, signatories and logos are the design's as it is now, and the code is derived from the paper's nonce
(issuing.code_of). The words come in the holder's language where the forum has a version of both the title and
the text, else in the forum's main language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_decimal, format_number
from flask_babel import gettext as _

from ..core.files import logo_image
from ..core.http import absolute_url
from ..core.i18n import format_day, in_zone
from ..core.languages import known, language_of, written_in
from ..core.reference import country_name
from ..forums.models import Forum
from ..forums.queries import forum_print_logo, partner_print_logos_by_id
from ..forums.versions import CERTIFICATE, Versions, main_language, other_languages, versions_for
from ..pdf.dates import format_date_range
from ..pdf.logos import PRINT_PX, LogoData
from ..pdf.papers import CertificatePage, PaperDesign, Signatory
from ..registration.attendance import forum_days
from . import texts
from .issuing import code_of
from .models import CertificateTemplate, IssuedDocument, PaperSignatory

PREVIEW_CODE = "PREVIEW"
# English dates on paper are written day first, as the printed programme writes them ("14 April 2027")
DAY_FIRST = {"en": "en_GB"}


def verify_url(code: str) -> str:
    """The public address that checks a paper by its code (certificates.verify), printed and in the QR code;
    built on FORUMOPS_BASE_URL like every address in a PDF."""
    return absolute_url("certificates.verify", code=code)


@dataclass(frozen=True)
class Wording:
    """The certificate's title and text in one language."""

    language: str
    title: str
    body: str
    forum_title: str  # the forum's own title in this language (its version, else the main one)


def wordings(forum: Forum, template: CertificateTemplate) -> dict[str, Wording]:
    """The certificate's words in each language it can be given in: the forum's main language, and each other
    language in which both the title and the text have an up-to-date version (one query per other language)."""
    main = main_language(forum)
    found = {main: Wording(main, template.title, template.body, forum.title)}
    for code in other_languages(forum):
        versions: Versions = versions_for(forum, code)
        title = versions.pick(CERTIFICATE, template.id, "title", template.title)
        body = versions.pick(CERTIFICATE, template.id, "body", template.body)
        if not title.fell_back and not body.fell_back and title.text and body.text:
            found[code] = Wording(code, title.text, body.text, versions.of_forum(forum, "title").text)
    return found


def language_for(registration_language: str | None, available: dict[str, Wording], forum: Forum) -> str:
    """The language a person's certificate is in: their registration's, where the certificate has it, else the
    forum's main language."""
    code = known(registration_language)
    if code and language_of(code).code in available:
        return language_of(code).code
    return main_language(forum)


def dates_text(forum: Forum) -> str:
    """The forum's dates as one range in the language being written ("14–16 April 2027"), as every printed
    document of the house writes them (pdf.dates)."""
    return format_date_range(forum.start_date, forum.end_date)


def details_for(forum: Forum, *, language: str, forum_title: str, organisation: str, country: str,
                days: list[date], days_total: int, hours: dict[date, float] | None) -> dict[str, Any]:
    """What a certificate states besides the holder's name, fixed when it is issued (IssuedDocument.details):
    the forum's title and dates as printed, the days attended and their programme hours (None when the programme
    has no sessions), the organisation and country."""
    with written_in(DAY_FIRST.get(language, language)):
        dates = dates_text(forum)
    return {"forum_title": forum_title, "dates": dates, "days_attended": len(days), "days_total": days_total,
            "days": [day.isoformat() for day in days],
            "hours_attended": round(sum(hours.get(day, 0.0) for day in days), 2) if hours is not None else None,
            "organisation": organisation, "country": country, "language": language}


def values_of(holder_name: str, details: dict[str, Any], language: str) -> dict[str, str]:
    """Every placeholder's value for one certificate, written in its language (call inside written_in)."""
    hours = details.get("hours_attended")
    return {"name": holder_name, "organisation": details.get("organisation") or "",
            "country": country_name(details["country"], language) if details.get("country") else "",
            "forum": details.get("forum_title") or "", "dates": details.get("dates") or "",
            "days_attended": format_number(details.get("days_attended") or 0),
            "days_total": format_number(details.get("days_total") or 0),
            "hours_attended": format_decimal(hours, "#,##0.#") if hours is not None else ""}


@dataclass(frozen=True)
class Printed:
    """One certificate to draw: who, what it states, its code and the day it was issued (None: a preview)."""

    holder_name: str
    language: str
    details: dict[str, Any]
    code: str
    issued_at: datetime | None
    preview_note: str = ""  # a preview's word to the organiser ("not eligible under the current rule: ...")


def printed_of(issued: IssuedDocument) -> Printed:
    """An issued certificate as it is drawn again: its facts as issued, its code derived from its nonce."""
    return Printed(issued.holder_name, issued.language, dict(issued.details or {}), code_of(issued), issued.issued_at)


def preview_printed(forum: Forum, designs: Designs, person, days: list[date], hours: dict[date, float],
                    note: str = "") -> Printed:
    """A person's certificate as publishing would issue it now (queries.Candidate `person`), marked a preview
    across the page and in its footnote, which adds `note` (why they would not receive it, say)."""
    language = language_for(person.language, designs.wordings, forum)
    details = details_for(forum, language=language, forum_title=designs.wordings[language].forum_title,
                          organisation=person.organisation, country=person.country, days=days,
                          days_total=len(forum_days(forum)), hours=hours)
    return Printed(person.name, language, details, PREVIEW_CODE, None, note)


def printed_signatory(person: PaperSignatory) -> Signatory:
    """A signatory as the renderer takes it, their signature image scaled for print (kept per worker); one
    without an image prints their name and title alone. Certificates and letters both sign with it."""
    stored = person.signature_file
    signature = LogoData(person.name, stored.sha256, logo_image(stored, PRINT_PX)) if stored is not None else None
    return Signatory(person.name, person.title, signature)


def print_logos(forum: Forum, with_forum: bool, partner_ids: Iterable[int], *,
                forum_order: bool = False) -> tuple[LogoData, ...]:
    """The logos heading a certificate or a letter, scaled for print: the forum's own first (when `with_forum`),
    then those of the forum's partners among `partner_ids`, in the order given, or in the forum's order of
    partners (by role, then as listed) with `forum_order` (two queries at most)."""
    logos: list[LogoData] = []
    if with_forum:
        own = forum_print_logo(forum)
        if own is not None:
            logos.append(own)
    wanted = list(partner_ids)
    if wanted:
        by_id = partner_print_logos_by_id(forum)
        order = [i for i in by_id if i in set(wanted)] if forum_order else wanted
        logos += [by_id[organisation_id] for organisation_id in order if organisation_id in by_id]
    return tuple(logos)


def chosen_logos(forum: Forum, template: CertificateTemplate) -> tuple[LogoData, ...]:
    """The logos ticked on the design: the forum's own first, then its partners' in the forum's order."""
    keys = set(template.logos or [])
    partners = [int(key.split(":", 1)[1]) for key in keys if key.startswith("organisation:")]
    return print_logos(forum, "forum" in keys, partners, forum_order=True)


class Designs:
    """The design in each language for one run of pages, built once per language (logos and signatures once)."""

    def __init__(self, forum: Forum, template: CertificateTemplate, signatories: list[PaperSignatory]):
        self.forum, self.template = forum, template
        self.wordings = wordings(forum, template)
        self.logos = chosen_logos(forum, template)
        self.signatories = tuple(printed_signatory(person) for person in signatories)
        self._designs: dict[str, PaperDesign] = {}

    def wording(self, language: str) -> Wording:
        """The words in this language, else in the forum's main language (a version removed since it was issued)."""
        return self.wordings.get(language) or self.wordings[main_language(self.forum)]

    def design(self, language: str) -> PaperDesign:
        """What every certificate in this language shares."""
        if language not in self._designs:
            with written_in(language):
                self._designs[language] = PaperDesign(
                    title=self.wording(language).title, logos=self.logos, signatories=self.signatories,
                    verify_label=_("Check that this certificate is genuine at"), language=language)
        return self._designs[language]

    def page(self, printed: Printed) -> tuple[PaperDesign, CertificatePage]:
        """One person's certificate, its words in its language, its facts as issued."""
        language = self.wording(printed.language).language
        with written_in(DAY_FIRST.get(language, language)):
            body = texts.fill(self.wording(language).body, values_of(printed.holder_name, printed.details, language))
            if printed.issued_at is not None:
                day = in_zone(printed.issued_at, self.forum.timezone).date()  # the forum's day, as verify.py shows it
                issued_line = _("Issued on %(day)s", day=format_day(day, "long"))
                watermark = ""
            else:
                issued_line = " · ".join(filter(None, (_("Preview: not issued, not valid"), printed.preview_note)))
                watermark = _("PREVIEW – NOT VALID")
        code = printed.code
        return self.design(language), CertificatePage(holder_name=printed.holder_name, body=body, code=code,
                                                      verify_url=verify_url(code), issued_line=issued_line,
                                                      watermark=watermark)

    def pages(self, printed: Iterable[Printed]) -> Iterator[tuple[PaperDesign, CertificatePage]]:
        """The pages one after the other, as the renderer draws them (a generator: nothing is held)."""
        for one in printed:
            yield self.page(one)
