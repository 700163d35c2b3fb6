"""The languages ForumOps speaks, and which one a page, a PDF or an email is written in.

Bahasa Indonesia, Vietnamese and Thai cover the whole interface. Khmer, Lao and Burmese cover what a
participant meets (public forum pages, programme, registration, their private page and home, their
mail, the progress-report form, badges and PDFs); an organiser's page asked for in one of those is
written in English instead of half in each (`page_language`). A view says it is a participant's page
with `for_participants = True` on its class; the sources of those pages are listed in
PARTICIPANT_SOURCES, and the catalogue check (tests/core/test_translations.py) holds every message
found there to be translated in every language.

A reader's language comes from, in order: `?lang=` in the address (remembered in a cookie), the cookie,
their account, their browser's Accept-Language, English. An unknown code anywhere falls back quietly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from babel import Locale
from flask import current_app, g, has_request_context, request, url_for
from flask_babel import Domain, force_locale, gettext
from flask_login import current_user

from .http import remember_choice

WHOLE = "whole"  # every page, email and PDF
PARTICIPANT = "participant"  # what a participant meets; organiser pages fall back to English

COOKIE = "forumops_lang"


@dataclass(frozen=True)
class Language:
    """A language ForumOps ships: its code, its name in itself, in English, and what it covers."""

    code: str
    name: str  # in itself, as the switcher shows it
    english: str
    covers: str  # WHOLE or PARTICIPANT

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `lang` and `hreflang` attributes (en_GB -> en-GB)."""
        return self.code.replace("_", "-")


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", WHOLE),
    Language("id", "Bahasa Indonesia", "Indonesian", WHOLE),
    Language("vi", "Tiếng Việt", "Vietnamese", WHOLE),
    Language("th", "ไทย", "Thai", WHOLE),
    Language("km", "ខ្មែរ", "Khmer", PARTICIPANT),
    Language("lo", "ລາວ", "Lao", PARTICIPANT),
    Language("my", "မြန်မာ", "Burmese", PARTICIPANT),
)
BY_CODE = {language.code: language for language in LANGUAGES}
DEFAULT = "en"
# English as written in Britain: what a browser asking for it gets; not a switcher entry
VARIANTS = {"en_GB": "en"}
# The conventions our English is written with: day before month ("5 December 2026"), a 24-hour clock, as the
# region's organisers and the printed papers write them (Babel's plain "en" is American: "December 5, 2026").
# Only dates, times and numbers follow it: the messages are the same English.
ENGLISH_CONVENTIONS = "en_GB"

# The sources of the pages, mails and PDFs a participant meets (globs from the project root): every
# message extracted from one of them ships in every language.
PARTICIPANT_SOURCES = (
    "templates/base.html",
    "templates/_macros/*.html",
    "templates/errors/*.html",
    "templates/accounts/*.html",
    "templates/forums/index.html",
    "templates/forums/detail.html",
    "templates/forums/_card.html",
    "templates/forums/home.html",
    "templates/forums/_home.html",
    "templates/agenda/programme.html",
    "templates/agenda/_day.html",
    "templates/agenda/item.html",
    "templates/agenda/_when.html",  # when an item takes place (its page, the rating page)
    "templates/agenda/_people.html",
    "templates/agenda/mine.html",
    "templates/documents/_list.html",
    "templates/documents/_forum_panel.html",
    "templates/documents/_participant_panel.html",
    "templates/documents/_papers.html",
    "templates/certificates/_participant_panel.html",
    "templates/registration/register.html",
    "templates/registration/_fields.html",
    "templates/registration/_questions.html",  # the forum's own questions on the form (issue 23)
    "templates/registration/_question.html",
    "templates/registration/_mine.html",
    "templates/registration/_home_section.html",
    "templates/registration/_default_privacy.html",
    "templates/registration/sent.html",
    "templates/registration/link_not_open.html",
    "templates/registration/too_large.html",  # a request over what a form with answer files reads
    "templates/registration/manage.html",
    "templates/registration/email/*.txt",
    "templates/clusters/mine.html",
    "templates/clusters/_home_section.html",
    "templates/communications/_received.html",
    "templates/communications/unsubscribe*.html",
    "templates/followup/mine.html",
    "templates/followup/report.html",
    "templates/followup/_errors.html",
    "templates/followup/_reports.html",
    "templates/followup/_indicators.html",
    "templates/followup/email/*.txt",
    "templates/outcomes/report.html",
    "templates/outcomes/_findings.html",  # the notes' parts in the report, a cluster's or a session's
    "templates/outcomes/_sessions.html",  # the sessions' chapter of the report
    "templates/outcomes/_evaluation.html",  # the evaluation chapter of the report
    "templates/clusters/_item_notes.html",  # a session's notes on its item's page
    "templates/clusters/_home_sessions.html",  # a rapporteur's sessions on their home
    "templates/registration/_group_tables.html",  # the report's attendance by day
    "templates/privacy/request.html",
    "templates/privacy/_confirm.html",
    "templates/privacy/_erase_form.html",
    "templates/privacy/_account_panel.html",
    "templates/privacy/_manage_panel.html",
    "templates/privacy/email/*.txt",
    "templates/certificates/letters/_participant_panel.html",
    "templates/certificates/letters/request.html",
    "templates/certificates/letters/email/*.txt",
    "templates/certificates/verify.html",
    "templates/evaluations/feedback/_rating_form.html",  # rating a session they attended
    "templates/evaluations/feedback/_item_panel.html",
    "templates/evaluations/feedback/_results.html",  # what a session's presenter reads on its page
    "templates/evaluations/feedback/_participant_panel.html",
    "templates/evaluations/feedback/rate.html",
    "templates/evaluations/answer/*.html",  # answering a survey, and the panel listing a person's surveys
    "templates/travel/support/_participant_panel.html",  # the support offered to a person, to accept or decline
    "templates/travel/email/*.txt",  # the email telling them of it
    "templates/travel/form.html",  # the travel form ("your travel details"), its fields, what was sent and arranged
    "templates/travel/_form_fields.html",
    "templates/travel/_form_panel.html",
    "templates/travel/_facts.html",
    "templates/travel/_arranged.html",
    "forumops/factory.py",
    "forumops/core/*.py",
    "forumops/pdf/*.py",
    "forumops/accounts/*.py",
    "forumops/agenda/labels.py",
    "forumops/documents/labels.py",
    "forumops/documents/queries.py",
    "forumops/agenda/page.py",
    "forumops/agenda/pdf.py",
    "forumops/agenda/ical.py",
    "forumops/agenda/home.py",
    "forumops/forums/labels.py",
    "forumops/forums/versions.py",
    "forumops/registration/forms.py",
    "forumops/registration/question_fields.py",  # the questions' fields and their messages
    "forumops/registration/question_forms.py",  # "Only if you answered …", the organisers' form
    "forumops/registration/kinds.py",  # answers as read (yes/no, dates, numbers)
    "forumops/registration/intake.py",
    "forumops/registration/labels.py",
    "forumops/registration/mail.py",
    "forumops/registration/badges.py",
    "forumops/registration/home.py",
    "forumops/registration/seats.py",
    "forumops/evaluations/answer_forms.py",
    "forumops/evaluations/answer_operations.py",
    "forumops/evaluations/answer_views.py",  # its flash messages after saving or sending
    "forumops/registration/views/public.py",
    "forumops/registration/views/participant.py",
    "forumops/registration/views/badges.py",
    "forumops/clusters/home.py",
    "forumops/certificates/printing.py",  # what a certificate says besides the organisers' words
    "forumops/certificates/participant_views.py",
    "forumops/communications/placeholders.py",
    "forumops/communications/automatic_texts.py",
    "forumops/communications/participant_views.py",
    "forumops/communications/public_views.py",
    "forumops/communications/notices_home.py",
    "forumops/communications/operations.py",  # the announcement's footer
    "forumops/communications/digest.py",  # the programme-change digest
    "forumops/followup/forms.py",
    "forumops/followup/reminders.py",
    "forumops/followup/links.py",
    "forumops/followup/labels.py",
    "forumops/followup/home.py",
    "forumops/outcomes/labels.py",
    "forumops/outcomes/pdf.py",
    "forumops/outcomes/pdfsections.py",
    "forumops/outcomes/pdfparticipation.py",  # the participation chapter, moved out of pdfsections
    "forumops/outcomes/pdffindings.py",
    "forumops/outcomes/pdfattendance.py",
    "forumops/registration/attendance_report.py",  # the report's attendance by day: its titles and labels
    "forumops/privacy/forms.py",
    "forumops/certificates/letters/forms.py",
    "forumops/certificates/letters/labels.py",
    "forumops/certificates/letters/text.py",  # the letter's own words, in the person's language
    "forumops/certificates/letters/paper.py",
    "forumops/certificates/letters/mail.py",
    "forumops/certificates/letters/operations.py",  # a request's refusals
    "forumops/certificates/letters/participant_views.py",
    "forumops/privacy/views.py",
    "forumops/certificates/issued_labels.py",
    "forumops/certificates/verify_forms.py",
    "forumops/evaluations/feedback_forms.py",
    "forumops/evaluations/feedback_operations.py",  # a rating's refusals
    "forumops/evaluations/feedback_views.py",
    "forumops/certificates/verify_views.py",
    "forumops/travel/labels.py",  # support offered and its status; the travel form's room-sharing choices
    "forumops/travel/support_answers.py",  # why an answer to an offer is refused
    "forumops/travel/support_answer_views.py",  # what accepting or declining an offer says
    "forumops/travel/support_answer_hooks.py",  # the link to a person's offers in their registration's summary
    "forumops/travel/support_mail.py",  # the email telling them what is offered
    "forumops/travel/details_forms.py",
    "forumops/travel/details_operations.py",  # the travel form's refusals
    "forumops/travel/details_views.py",
)


PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|(?<!\{)\{[a-z_]+\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The %(name)s-style and {forum}-style placeholders of a message."""
    return set(PLACEHOLDER.findall(text))


class CheckedDomain(Domain):
    """Flask-Babel's message domain, except that a translation whose placeholders are not its original's
    is dropped when its catalogue loads (the English shows), so a broken one fails CI, never a page."""

    def get_translations(self):
        """The current language's translations, checked once when they load."""
        translations = super().get_translations()
        if not getattr(translations, "_forumops_checked", False):
            catalog = getattr(translations, "_catalog", {})
            for key, text in list(catalog.items()):
                original = key[0] if isinstance(key, tuple) else key  # (singular, index) for plurals
                allowed = placeholders(original) | ({"%(num)d", "%(num)s"} if isinstance(key, tuple) else set())
                if original and isinstance(text, str) and placeholders(text) - allowed:
                    del catalog[key]  # formatting it would raise KeyError
            translations._forumops_checked = True
        return translations


def known(code: str | None) -> str | None:
    """A shipped language's code for what a URL, a cookie or a form gave ("km", "en_GB"), or None."""
    if not code:
        return None
    code = code.strip().replace("-", "_")
    if code in BY_CODE or code in VARIANTS:
        return code
    return None


def language_of(code: str) -> Language:
    """The language a shipped code names (en_GB is English)."""
    return BY_CODE[VARIANTS.get(code, code)]


def covers_whole(code: str) -> bool:
    """Whether a language has the whole interface, organiser pages too."""
    return language_of(code).covers == WHOLE


def is_participant_page() -> bool:
    """Whether the current request's view is one a participant meets (its class says
    `for_participants = True`); error pages and static files count as theirs too."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(getattr(view, "view_class", None), "for_participants", False))


def chosen_language() -> str | None:
    """The language the reader chose, in the address or their cookie, or on their account; None if none."""
    return (known(request.args.get("lang")) or known(request.cookies.get(COOKIE))
            or (known(getattr(current_user, "language", None)) if current_user.is_authenticated else None))


def browser_language(whole_only: bool = False) -> str | None:
    """The best shipped language in the browser's Accept-Language, or None."""
    codes = [language.code for language in LANGUAGES if not whole_only or language.covers == WHOLE]
    offered = list(VARIANTS) + codes  # en-GB before en: the closer match wins
    best = request.accept_languages.best_match(offered)
    return best


def page_language() -> str:
    """The language this request's page is written in: the reader's, unless it covers only a
    participant's pages and this is an organiser's, which then takes the browser's next whole language
    or English. Outside a request (CLI, jobs, the worker), the default."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    cached = g.get("_page_language")
    if cached:
        return cached
    code = chosen_language() or browser_language() or DEFAULT
    if not covers_whole(code) and not is_participant_page():
        g.page_language_fell_back = code
        code = browser_language(whole_only=True) or DEFAULT
    g._page_language = code
    return code


def reader_language() -> str:
    """The language the reader asked for, even where this page falls back (the one to write their mail in)."""
    return g.get("page_language_fell_back") or page_language()


def mail_language(*candidates: str | None) -> str:
    """The language to write a person's email in: the first shipped one of the candidates (the person's
    own, the forum's main language), else English."""
    for candidate in candidates:
        code = known(candidate)
        if code:
            return code
    return DEFAULT


def forum_main(languages: list[str] | None) -> str:
    """A forum's main language (the first it declares), English when it declares none it ships."""
    return mail_language(*(languages or ())[:1])


def account_mail_language(own: str | None) -> str:
    """The language of an account's own mail (verification, reset, change of address): the account's, else
    the language of the page the request came from, else English."""
    return mail_language(own, reader_language() if has_request_context() else None)


def work_mail_language(*candidates: str | None) -> str:
    """The language of mail to someone about organiser work (an invitation to a team or a cluster's staff):
    the first candidate that covers the whole interface, else English; a participant-only language (Khmer,
    Lao, Burmese) has no words for the organiser pages the mail leads to."""
    for candidate in candidates:
        code = known(candidate)
        if code and covers_whole(code):
            return code
    return DEFAULT


def invitee_mail_language(account_language: str | None, forum_languages: list[str] | None) -> str:
    """The language of an invitation to a role (organiser work): the invitee's account's, else the page the
    organiser sent it from, else the forum's main language; participant-only languages give way (above)."""
    asked = reader_language() if has_request_context() else None
    return work_mail_language(account_language, asked, page_language() if asked else None,
                              *(forum_languages or ())[:1])


def mail_language_of(person: str | None, forum_languages: list[str] | None) -> str:
    """The language of mail to a participant: their own, else their forum's main language, else English."""
    return mail_language(person, *(forum_languages or ())[:1])


def conventions_of(code: str) -> str:
    """The Babel locale a page or paper in this language is formatted with: our English's, or the language's own."""
    return ENGLISH_CONVENTIONS if code == DEFAULT else code


def babel_locale() -> str:
    """Flask-Babel's locale for this request (its locale selector): the page's language, formatted by
    conventions_of."""
    return conventions_of(page_language())


@contextmanager
def written_in(code: str | None) -> Iterator[None]:
    """Write what follows (an email, a PDF) in a language: gettext, dates and numbers follow it."""
    with force_locale(conventions_of(mail_language(code))):
        yield


def locale_of(code: str) -> Locale:
    """Babel's Locale for a shipped code."""
    return Locale.parse(code)



def language_name(code: str, in_language: str) -> str:
    """A language's name as a reader of `in_language` writes it inside a sentence ("Thai", "ภาษาไทย", "อังกฤษ"),
    where the switcher names each in itself."""
    return locale_of(language_of(code).code).get_display_name(language_of(in_language).code) \
        or language_of(code).english


def fallback_notice(code: str) -> str:
    """Told in the reader's own language: this organiser's page is in English (or their next language)."""
    with force_locale(code):
        return gettext("This page is not translated into %(language)s yet, so it is shown in %(shown)s.",
                       language=language_name(code, code), shown=language_name(page_language(), code))


def here_without_language() -> str:
    """This page's address without the `lang` it may carry (which would switch the reader straight back)."""
    if not request.endpoint or request.method != "GET":
        return "/"
    args: dict = {**(request.view_args or {}), **request.args.to_dict(flat=False)}
    args.pop("lang", None)
    return url_for(request.endpoint, **args)


def language_url(code: str) -> str:
    """The address that switches the reader to a language and brings them back to this page."""
    return url_for("accounts.set_language", lang=code, next=here_without_language())


def remember_language(response, code: str):
    """Keep a reader's language in a cookie for a year; the response, for chaining."""
    return remember_choice(response, COOKIE, code)


def register_languages(app) -> None:
    """The cookie that remembers a `?lang=` choice, Babel's checked catalogues, and the templates' `languages`,
    `page_language` and `language_url`. The switcher's route is accounts.set_language."""

    @app.after_request
    def remember_address_language(response):
        code = known(request.args.get("lang"))
        if code and request.endpoint != "accounts.set_language" and request.cookies.get(COOKIE) != code:
            remember_language(response, code)
        if request.endpoint != "static":  # a page's words follow these; a stylesheet's do not
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response

    app.extensions["babel"].instance.domain_instance = CheckedDomain()
    app.jinja_env.globals.update(languages=LANGUAGES, page_language=page_language, language_url=language_url,
                                 here_without_language=here_without_language,
                                 language_of=language_of, fallback_notice=fallback_notice,
                                 mail_language_of=mail_language_of, reader_language=reader_language,
                                 language_name=language_name)
