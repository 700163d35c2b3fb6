"""The composer's form and the administrator's quota form: validation and defaults only."""

from __future__ import annotations

import re
from functools import cache

from wtforms import BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_name, language_of, page_language
from .versions import version_fields

ACTIONS = ("count", "preview", "test", "send", "save_template")
SEND_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what core.tokens.new_token makes (43 characters)
YES_NO_ANY = [("", _l("Either")), ("yes", _l("Yes")), ("no", _l("No"))]


class ComposeForm(Form):
    """Subject, body, who it goes to, and when. The filters' choices are set by the view (they depend on the
    forum); a value not on offer is dropped to "any", never an error page."""

    subject = LineField(_l("Subject"), [InputRequired(_l("Write a subject."))], max_length=300,
                        description=_l("One line; placeholders such as {forum} work here too."))
    # the operation's own limit (FORUMOPS_ANNOUNCEMENT_MAX_BODY) gives the clear message; this cap only stops
    # what no form would send
    body = TextField(_l("Message"), [InputRequired(_l("Write the message."))], max_length=1_000_000)

    status = SelectField(_l("Registration status"), [Optional()], default="confirmed", validate_choice=False)
    category = SelectField(_l("Category"), [Optional()], validate_choice=False)
    mode = SelectField(_l("Attendance"), [Optional()], validate_choice=False)
    cluster = SelectField(_l("Cluster"), [Optional()], validate_choice=False)
    country = SelectField(_l("Country"), [Optional()], validate_choice=False)
    checked_in = SelectField(_l("Checked in"), [Optional()], choices=YES_NO_ANY, validate_choice=False)
    registered_from = DateField(_l("Registered on or after"), [Optional()])
    registered_before = DateField(_l("Registered before"), [Optional()])
    has_plan = SelectField(_l("Has an action plan"), [Optional()], choices=YES_NO_ANY, validate_choice=False)
    has_certificate = SelectField(_l("Has a certificate"), [Optional()], choices=YES_NO_ANY,
                                  validate_choice=False)
    survey_pending = SelectField(_l("Has not yet answered the survey"), [Optional()], validate_choice=False,
                                 description=_l("Only people the survey asks who have not sent their answers: to "
                                                "remind them, with {survey_link}."))
    # those the travel form concerns, or those of them who have not sent it (to remind them, with {travel_link})
    travel_form = SelectField(_l("Travel form"), [Optional()], validate_choice=False, choices=[
        ("", _l("Any")), ("concerned", _l("Concerns them")), ("pending", _l("Not sent yet"))])

    preview_search = LineField(_l("Find a person to preview for"), [Optional()], max_length=200,
                               render_kw={"type": "search", "autocomplete": "off"})
    preview_for = SelectField(_l("Preview for"), [Optional()], validate_choice=False)
    attach_ics = BooleanField(_l("Attach the programme as a calendar file (.ics)"))
    when = RadioField(_l("Send"), choices=[("now", _l("Now")), ("later", _l("At the time below"))],
                      default="now")
    send_at = DateTimeLocalField(_l("Send at"), [Optional()], format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    template_name = LineField(_l("Template name"), [Optional()], max_length=120)
    # a random key made when the form is drawn: the same form sent twice (a double click on Send) sends once;
    # anything else posted here counts as no key
    send_key = HiddenField(filters=[lambda value: value if value and SEND_KEY.fullmatch(value) else ""])

    FILTERS = ("status", "category", "mode", "cluster", "country", "checked_in", "registered_from",
               "registered_before", "has_plan", "has_certificate", "survey_pending", "travel_form")
    # as communications/compose.html draws them (the error summary follows it)
    page_order = ("status", "mode", "cluster", "category", "country", "checked_in", "has_plan", "has_certificate",
                  "survey_pending", "travel_form", "registered_from", "registered_before", "subject", "body",
                  "attach_ics", "preview_for", "when", "send_at", "template_name")


@cache  # one class per set of languages, as WTForms wants its fields on the class
def compose_form_class(languages: tuple[str, ...]) -> type[ComposeForm]:
    """The composer's form for a forum whose other languages are `languages`: an optional subject and body for
    each (empty: its readers get the main version), after the main ones in the error summary's order."""
    if not languages:
        return ComposeForm
    fields: dict[str, object] = {}
    order = list(ComposeForm.page_order)
    at = order.index("attach_ics")
    for code in languages:
        language = language_of(code)
        subject, body = version_fields(code)
        named = language_name(language.code, page_language())  # "Vietnamese", as the page's language says it
        fields[subject] = LineField(_l("Subject in %(language)s", language=named), [Optional()],
                                    max_length=300, render_kw={"lang": language.tag, "dir": "auto"})
        fields[body] = TextField(_l("Message in %(language)s", language=named), [Optional()],
                                 max_length=1_000_000, render_kw={"lang": language.tag, "dir": "auto"})
        order[at:at] = [subject, body]
        at += 2
    fields["page_order"] = tuple(order)
    return type("ComposeForm_" + "_".join(languages), (ComposeForm,), fields)


class QuotaForm(Form):
    recipient_quota = IntegerField(
        _l("People this forum may write to per window"),
        [Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a whole number of 0 or more."))],
        description=_l("Empty: the site's default."))
