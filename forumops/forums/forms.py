"""Forum forms: validation and defaults only, no saving."""

from __future__ import annotations

import re

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SubmitField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..accounts.forms import password_field
from ..core.forms import CountryField, Form, LineField, MultiCheckboxField, TextField, web_link
from ..core.i18n import lazy_gettext as _l
from ..core.languages import LANGUAGES, known, language_name, page_language
from ..core.reference import country_choices, is_timezone
from ..organisations.labels import ORGANISATION_TYPE_LABELS
from .labels import MEMBER_ROLE_LABELS, MODE_LABELS, PARTNER_ROLE_LABELS, STATUS_LABELS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "create", "admin", "static", "api"}


class ForumForm(Form):
    title = LineField(_l("Title"), [InputRequired(_l("Give the forum a title."))], max_length=200)
    slug = LineField(
        _l("Short name"), [
            InputRequired(_l("Choose a short name for the forum's web address.")),
            Regexp(SLUG_RE, message=_l("Use lower-case letters a-z, digits and single hyphens, "
                                       "like asean-community-forum-2027.")),
        ], max_length=64,
        description=_l("Used in the web address: /forums/<short name>/. Letters a-z, digits and hyphens."),
    )
    series = LineField(_l("Series"), [Optional()], max_length=200,
                       description=_l("Optional: the name of a series this forum belongs to."))
    edition = IntegerField(_l("Edition"), [Optional(), NumberRange(min=1, max=999, message=_l(
        "Enter a whole number from 1 (the first in the series)."))],
        description=_l("1 for the first in the series."))
    start_date = DateField(_l("Start date"), [InputRequired(_l("Enter the first day of the forum."))])
    end_date = DateField(_l("End date"), [InputRequired(_l("Enter the last day of the forum."))])
    timezone = LineField(_l("Time zone"), [InputRequired(_l("Enter the forum's time zone."))], max_length=64,
                         description=_l("The IANA name of the venue's zone, such as Asia/Ho_Chi_Minh or "
                                        "Asia/Bangkok. Times are shown in it."))
    mode = RadioField(_l("Mode"), choices=list(MODE_LABELS.items()), default="in_person",
                      validators=[InputRequired(_l("Choose how people take part."))])
    venue_name = LineField(_l("Venue"), [Optional()], max_length=200)
    venue_address = LineField(_l("Address"), [Optional()], max_length=500)
    venue_city = LineField(_l("City"), [Optional()], max_length=120)
    venue_country = CountryField(_l("Country"), choices=[], validators=[Optional()])
    online_link = LineField(_l("Online meeting link"), [Optional(), web_link], max_length=500,
                            description=_l("Shown only to participants confirmed online, facilitators and "
                                           "organisers."))
    retention_days = IntegerField(
        _l("Keep participants' data for (days)"), [Optional(), NumberRange(min=0, max=3650, message=_l(
            "Enter a number of days from 0 to 3650, or leave it empty."))],
        description=_l("Counted from the last day of the forum. After that, participants' names, emails and "
                       "answers are erased (the counts stay). Leave empty to keep them until a person is erased."))

    main_language = SelectField(_l("Main language"), choices=[(lang.code, lang.name) for lang in LANGUAGES],
                                default="en", validate_choice=False, description=_l(
                                    "The language the forum's texts are written in: readers of a language "
                                    "without a version see them in it."))
    other_languages = MultiCheckboxField(_l("Also written in"), choices=[(lang.code, lang.name) for lang in LANGUAGES],
                                         validate_choice=False, description=_l(
                                             "Organisers can then write versions of the forum's texts in these "
                                             "languages, from the forum's Translations page."))

    background = TextField(_l("Background"), [Optional()], description=_l("Markdown: **bold**, lists, links."))
    rationale = TextField(_l("Rationale"), [Optional()])
    objectives = TextField(_l("Objectives"), [Optional()], max_length=10000,
                           description=_l("One objective per line, in order."))
    expected_outputs = TextField(_l("Expected outputs"), [Optional()])
    target_participants = TextField(_l("Target participants"), [Optional()])
    themes = TextField(_l("Themes or sectors"), [Optional()], max_length=4000,
                       description=_l("One per line, for example: Women's empowerment."))
    programme_outline = TextField(_l("Tentative programme"), [Optional()],
                                  description=_l("The outline as the concept note shows it."))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_country.choices = country_choices(blank=str(_l("— none —")))

    def validate_main_language(self, field):
        _check_shipped([field.data])

    def validate_other_languages(self, field):
        _check_shipped(field.data or [])

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This short name is reserved; choose another."))

    def validate_timezone(self, field):
        if field.data and not is_timezone(field.data):
            raise ValidationError(_l("“%(zone)s” is not a time zone we know. Use a name such as "
                                     "Asia/Ho_Chi_Minh, Asia/Jakarta or Asia/Manila.", zone=field.data))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date is before the start date."))


def _check_shipped(codes) -> None:
    for code in codes:
        if not known(code):
            raise ValidationError(_l("“%(code)s” is not a language ForumOps ships. Choose one from the list.",
                                     code=code))


class StatusForm(Form):
    status = RadioField(_l("Status"), choices=list(STATUS_LABELS.items()),
                        validators=[InputRequired(_l("Choose a status."))])
    submit = SubmitField(_l("Change status"))


class PartnerForm(Form):
    name = LineField(_l("Organisation"), [InputRequired(_l("Enter the organisation's name."))], max_length=300,
                     description=_l("Pick from the directory or type a new one."))
    acronym = LineField(_l("Acronym"), [Optional()], max_length=40)
    type = SelectField(_l("Type"), choices=list(ORGANISATION_TYPE_LABELS.items()), default="cso")
    country = CountryField(_l("Country"), choices=[], validators=[Optional()])
    role = SelectField(_l("Role in this forum"), choices=list(PARTNER_ROLE_LABELS.items()), default="partner")
    submit = SubmitField(_l("Add partner"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(blank=str(_l("Regional or international")))


class MemberForm(Form):
    """Invite someone to the team: the role is theirs once they accept the emailed link."""

    email = EmailField(_l("Email address"), [
        InputRequired(_l("Enter an email address.")),
        Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        Length(max=254),
    ], filters=[lambda v: v.strip() if isinstance(v, str) else v], render_kw={"maxlength": 254},
        description=_l("We email them a link to accept; they can create their account from it."))
    name = LineField(_l("Their name (optional)"), [Optional()], max_length=200,
                     description=_l("To greet them in the email and fill in their new account."))
    role = SelectField(_l("Role"), choices=list(MEMBER_ROLE_LABELS.items()), default="participant")  # least first
    submit = SubmitField(_l("Send the invitation"))


class AcceptInvitationForm(Form):
    submit = SubmitField(_l("Accept"))


class InvitationAccountForm(Form):
    """A new account for the invited address (holding the link proves it): name and password only."""

    name = LineField(_l("Full name"), [InputRequired(_l("Enter your name."))], max_length=200,
                     description=_l("As it should appear on badges and lists, in your own script if you like."),
                     render_kw={"autocomplete": "name"})
    password = password_field(_l("Password"))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Create my account and accept"))


class RemoveForm(Form):
    """A bare POST with CSRF, for remove buttons."""

    submit = SubmitField(_l("Remove"))


class OrganiserApprovalSettingForm(Form):
    """The administrator's setting: do new organisers need approval before their forums are announced?"""

    required = BooleanField(_l("New organisers need my approval"), description=_l(
        "A new account's forums stay drafts, sending nothing, until you approve the account here. Organisers of "
        "a forum already announced, and administrators, need no approval."))
    submit = SubmitField(_l("Save"))


class DecisionForm(Form):
    """Approve or refuse one organiser (the button pressed says which)."""


class TranslationForm(Form):
    """Versions of a forum's texts in one language: translation_form() adds a field per text."""

    submit = SubmitField(_l("Save the versions"))

    texts: list = []

    def versions(self) -> dict:
        """What was typed for each text, by where its version is kept."""
        return {text.key: self[text.name].data or "" for text in self.texts}


def _refused_by(check):
    """A validator from a translatable text's own check (its message, beside the field; the typed text kept)."""
    def validate(form, field) -> None:
        problem = check(field.data or "")
        if problem:
            raise ValidationError(problem)
    return validate


def translation_form(texts, language, existing: dict | None = None) -> TranslationForm:
    """The translation page's form: a field per translatable text (forums.translatable), filled with the
    versions kept (a POST's own values take precedence, so what was typed survives a refusal)."""
    fields = {}
    for text in texts:
        kind = TextField if text.long else LineField
        label = _l("%(text)s in %(language)s", text=text.label, language=language_name(language.code, page_language()))
        checks = [_refused_by(text.check)] if text.check else []
        fields[text.name] = kind(label, [Optional(), *checks], max_length=text.max_length,
                                 render_kw={"lang": language.tag, "dir": "auto"})
    form_class = type("ForumTranslationForm", (TranslationForm,), fields)
    data = {text.name: existing.get(text.key, "") for text in texts} if existing is not None else None
    form = form_class(data=data) if data is not None else form_class()
    form.texts = list(texts)
    return form
