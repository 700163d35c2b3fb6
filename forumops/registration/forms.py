"""Registration forms: the public form (built per forum: its clusters and custom questions), managing one's
own registration, the organisers' desk, the check-in desk and badges."""

from __future__ import annotations

from flask_babel import get_locale
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..core.cache import BoundedCache
from ..core.forms import ConfirmForm, CountryField, Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from ..core.languages import LANGUAGES
from ..core.reference import country_choices
from .kinds import is_finite_number
from .labels import CATEGORY_LABELS, GENDER_LABELS, MODE_LABELS, QUESTION_KIND_LABELS
from .models import PUBLIC_CATEGORIES
from .question_fields import MultiCheckboxField, QuestionText, question_field
from .question_forms import QuestionAnswers, bind_questions


def _offered_category(form, field):
    """A category the form did not offer (typed in by hand: the staff and resource-person ones are given by
    organisers) is refused beside the field."""
    if field.data not in {value for value, _label in field.choices or []}:
        raise ValidationError(_l("Choose one of the categories offered. Organisers give the others "
                                 "(resource persons, their own staff) themselves."))


def _email_field():
    return EmailField(_l("Email address"), validators=[
        InputRequired(_l("Enter your email address.")),
        Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        Length(max=254)], filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "email", "maxlength": 254})


class RegistrationForm(QuestionAnswers, Form):
    """Standard fields; registration_form_for() adds cluster choices and the forum's own questions."""

    # as registration/register.html and _fields.html draw them (the error summary follows it)
    page_order = ("invitation_code", "name", "email", "organisation", "job_title", "country", "category",
                  "attendance_mode", "cluster_*", "dietary_needs", "accessibility_needs", "gender", "q_*",
                  "consent_privacy", "consent_photos", "list_publicly")

    name = LineField(_l("Full name"), [InputRequired(_l("Enter your name."))], max_length=200,
                     description=_l("As it should appear on your badge, in your own script if you like."),
                     render_kw={"autocomplete": "name"})
    email = _email_field()
    organisation = LineField(_l("Organisation"), [Optional()], max_length=300,
                             render_kw={"autocomplete": "organization"})
    job_title = LineField(_l("Job title"), [Optional()], max_length=200,
                          render_kw={"autocomplete": "organization-title"})
    country = CountryField(_l("Country"), validators=[InputRequired(_l("Choose your country."))])
    # the choices are the forum's (registration_form_for): only the categories organisers let the public pick
    category = SelectField(_l("You take part as"), default="civil_society", validate_choice=False,
                           validators=[_offered_category])
    attendance_mode = RadioField(_l("How will you take part?"), choices=list(MODE_LABELS.items()),
                                 default="in_person")
    dietary_needs = LineField(_l("Dietary needs"), [Optional()], max_length=300,
                              description=_l("For example: vegetarian, halal, no nuts."))
    accessibility_needs = LineField(_l("Accessibility needs"), [Optional()], max_length=500,
                                    description=_l("Anything that helps you take part fully."))
    gender = SelectField(_l("Gender (optional)"), choices=[("", _l("— choose if you wish —"))] +
                         list(GENDER_LABELS.items()), default="", validators=[Optional()],
                         description=_l("Used only for gender-disaggregated counts in the report."))
    consent_privacy = BooleanField(_l("I have read the privacy notice and agree that my details are used to "
                                      "organise this forum."))
    consent_photos = BooleanField(_l("I agree to appear in photographs of the forum."))
    list_publicly = BooleanField(_l("My organisation may be listed among the participating organisations "
                                    "in the report."))
    invitation_code = LineField(_l("Invitation code"), [Optional()], max_length=40)
    # The honeypot: on the public form only, out of sight, out of the tab order and hidden from screen
    # readers, so only a robot fills it in; intake.register_from_form then registers nothing and answers as
    # for anyone. No validator: a refusal would tell the robot what gave it away.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField(_l("Register"))

    def validate_consent_privacy(self, field):
        if not field.data:
            raise ValidationError(_l("Please accept the privacy notice to register."))

    def cluster_preferences(self) -> list[int]:
        chosen = []
        for name in ("cluster_1", "cluster_2", "cluster_3"):
            field = getattr(self, name, None)
            if field is not None and field.data and field.data not in chosen:
                chosen.append(field.data)
        return chosen

    def data_for_operations(self) -> dict:
        return {
            "name": self.name.data, "email": self.email.data, "organisation": self.organisation.data,
            "job_title": self.job_title.data, "country": self.country.data, "category": self.category.data,
            "attendance_mode": self.attendance_mode.data, "cluster_preferences": self.cluster_preferences(),
            "dietary_needs": self.dietary_needs.data, "accessibility_needs": self.accessibility_needs.data,
            "gender": self.gender.data, "consent_privacy": self.consent_privacy.data,
            "consent_photos": self.consent_photos.data, "list_publicly": self.list_publicly.data,
            "invitation_code": self.invitation_code.data, "answers": self.answers(),
            "answer_files": self.answer_files(),
        }


_form_classes: BoundedCache[type[RegistrationForm]] = BoundedCache(maxsize=64)


def registration_form_for(forum, clusters: list[tuple[int, str]], questions: list[QuestionText],
                          invitation_only: bool, categories: list[str], **kwargs) -> RegistrationForm:
    """A RegistrationForm for this forum: its clusters (id, name as the reader reads it) as ordered preferences,
    its own questions, and the categories a person may choose (queries.public_categories; a registration's own
    category when organisers gave it one the public form does not offer, so the person keeps it but cannot
    choose another).

    The class is built once per worker for each version of the clusters and questions (and language),
    so a busy registration morning does not rebuild twenty fields for every request.
    """
    key = (forum.id, str(get_locale()), tuple(clusters), tuple(questions))
    form_class = _form_classes.get_or_build(key, lambda: _form_class(clusters, questions))
    form = form_class(**kwargs)
    form.country.choices = country_choices(blank=str(_l("— choose —")))
    form.category.choices = [(category, CATEGORY_LABELS[category]) for category in categories]
    if form.category.data not in categories and not form.is_submitted():
        form.category.data = categories[0]  # the default when organisers do not offer it
    # shown only where they apply (templates ask these); operations fix the mode of non-hybrid forums
    form.show_mode = forum.mode == "hybrid"
    form.show_invitation = invitation_only
    form.category_given = False  # registration_form() says when organisers gave the category
    form.cluster_fields = [getattr(form, f"cluster_{i + 1}") for i in range(min(3, len(clusters)))]
    form.question_texts = tuple(questions)
    form.stored_files = {}
    form.question_fields = bind_questions(form, questions)
    return form


def _form_class(clusters: list[tuple[int, str]], questions: list[QuestionText]) -> type[RegistrationForm]:
    class ForumRegistrationForm(RegistrationForm):
        pass

    cluster_choices = [(0, str(_l("— no preference —"))), *clusters]
    labels = [_l("First choice of cluster"), _l("Second choice"), _l("Third choice")]
    for index in range(min(3, len(clusters))):
        setattr(ForumRegistrationForm, f"cluster_{index + 1}",
                SelectField(labels[index], coerce=int, choices=cluster_choices, default=0))
    for question in questions:
        setattr(ForumRegistrationForm, f"q_{question.id}", question_field(question))
    return ForumRegistrationForm


class ResendLinkForm(Form):
    email = _email_field()
    submit = SubmitField(_l("Email me my link"))


class CancelForm(ConfirmForm):
    confirm = BooleanField(_l("Yes, cancel my registration. I understand my place may go to someone else "
                              "and cannot be given back."))
    submit = SubmitField(_l("Cancel my registration"))
    unticked = _l("Tick the box to confirm that you want to cancel.")


class LinkAccountForm(Form):
    submit = SubmitField(_l("Add it to my account"))


class SendCurrentLinkForm(Form):
    submit = SubmitField(_l("Email me the current link"))


def mail_language_choices() -> list[tuple[str, str, dict[str, str]]]:
    """Every language ForumOps writes a participant's mail in, each named in itself (with its `lang`)."""
    return [(language.code, language.name, {"lang": language.tag}) for language in LANGUAGES]


class MailLanguageForm(Form):
    """The language of every email to this person, on their private registration page."""

    # an unknown code is refused by the operation, with its own words (seats.set_mail_language)
    mail_language = SelectField(_l("Emails in"), choices=mail_language_choices, validate_choice=False,
                           description=_l("Every email about this forum is written in this language, where it "
                                          "is translated; otherwise in the forum’s main language."))
    save_language = SubmitField(_l("Save the language"))  # its own id: the answers' form below has "submit"


class ReplaceLinkForm(Form):
    submit = SubmitField(_l("Replace my private link"))


class SettingsForm(Form):
    capacity = IntegerField(_l("Places in total"), [Optional(), NumberRange(min=0, max=100000)],
                            description=_l("Leave empty for no limit."))
    capacity_in_person = IntegerField(_l("Places in person"), [Optional(), NumberRange(min=0, max=100000)],
                                      description=_l("Leave empty for no separate limit."))
    capacity_online = IntegerField(_l("Places online"), [Optional(), NumberRange(min=0, max=100000)],
                                   description=_l("Leave empty for unlimited online seats."))
    approval_required = BooleanField(_l("Organisers approve each registration"))
    invitation_only = BooleanField(_l("By invitation only (registrants need an invitation code)"))
    privacy_notice = TextField(_l("Privacy notice"), [Optional()], max_length=10000,
                               description=_l("Shown on the form; Markdown."))
    public_categories = MultiCheckboxField(
        _l("People registering may take part as"), choices=[(c, CATEGORY_LABELS[c]) for c in PUBLIC_CATEGORIES],
        validators=[InputRequired(_l("Tick at least one category for the form to offer."))],
        description=_l("Resource persons and your own staff (their badges say SPEAKER and STAFF) are never "
                       "offered on the form: give those categories on a registration’s page at the desk."))
    submit = SubmitField(_l("Save settings"))


class CategoryForm(Form):
    """Organisers give a registration any category, the staff and resource-person ones included."""

    category = SelectField(_l("Takes part as"), choices=list(CATEGORY_LABELS.items()))
    submit = SubmitField(_l("Change category"))


class QuestionForm(Form):
    label = LineField(_l("Question"), [InputRequired(_l("Write the question."))], max_length=300,
                      description=_l("For a heading: the heading itself."))
    help_text = LineField(_l("Help text"), [Optional()], max_length=500,
                          description=_l("For a heading: the explanation shown under it."))
    kind = SelectField(_l("Kind of answer"), choices=list(QUESTION_KIND_LABELS.items()), default="short_text")
    options = TextField(_l("Options"), [Optional()], max_length=4000,
                        description=_l("For choice questions: one option per line."))
    min_value = DecimalField(_l("Smallest number accepted"), [Optional()], places=None,
                             invalid_value_message=_l("Enter a number, like 0 or 2.5."),
                             description=_l("For number questions; leave empty for no limit."))
    max_value = DecimalField(_l("Largest number accepted"), [Optional()], places=None,
                             invalid_value_message=_l("Enter a number, like 10 or 99.5."),
                             description=_l("For number questions; leave empty for no limit."))
    # "question id:answer" of earlier choice questions; the view offers them, setup.add_question checks them
    shown_if = MultiCheckboxField(_l("Ask it only when"), validate_choice=False,
                                  description=_l("Tick one or more answers of one earlier question: the question "
                                                 "is asked only of people who gave one of them. Tick none to ask "
                                                 "everyone."))
    organisers_only = BooleanField(_l("Only organisers see and fill this"),
                                   description=_l("Notes about a person or arrangements made for them: never on "
                                                  "the participant’s form; you fill it on their registration’s "
                                                  "page."))
    required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Add question"))

    def validate_min_value(self, field):
        _finite(field)

    def validate_max_value(self, field):
        _finite(field)


def _finite(field) -> None:
    if field.data is not None and not is_finite_number(field.data):
        raise ValidationError(_l("Enter a number, like 0 or 2.5."))


class ActionForm(Form):
    submit = SubmitField(_l("Go"))


# --- the organisers' desk ----------------------------------------------------------------------

IMPORT_MAX_BYTES = 2 * 1024 * 1024


class FilterForm(Form):
    class Meta:
        csrf = False

    q = LineField(_l("Search"), [Optional()], max_length=200,
                  description=_l("Name, email or organisation; accents optional."))
    status = SelectField(_l("Status"), [Optional()])
    country = SelectField(_l("Country"), [Optional()])
    category = SelectField(_l("Category"), [Optional()])
    cluster = SelectField(_l("Preferred cluster"), [Optional()])
    mode = SelectField(_l("Mode"), [Optional()])


class BulkForm(Form):
    action = SelectField(_l("Action"), choices=[("approve", _l("Approve")), ("reject", _l("Reject"))],
                         validators=[InputRequired(_l("Choose approve or reject."))])
    back = HiddenField()


class ImportForm(Form):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a CSV file to upload.")),
        FileSize(IMPORT_MAX_BYTES, message=_l("The file is larger than 2 MB. Split the list into smaller files."))],
        description=_l("Columns: name, email, organisation, country, category, mode. Save from your "
                       "spreadsheet program as “CSV UTF-8”."), render_kw={"accept": ".csv,text/csv"})
    submit = SubmitField(_l("Import invitees"))


class InvitationForm(Form):
    count = IntegerField(_l("How many codes"), [InputRequired(_l("Enter how many codes to create.")),
                                               NumberRange(min=1, max=500, message=_l("Between 1 and 500."))],
                         default=10)
    max_uses = IntegerField(_l("Uses per code"), [InputRequired(_l("Enter how many people may use each code.")),
                                                 NumberRange(min=1, max=1000, message=_l("Between 1 and 1000."))],
                            default=1, description=_l("1 for a personal invitation; more for a delegation."))
    note = LineField(_l("Note"), [Optional()], max_length=200,
                     description=_l("For your records, e.g. “Government delegations”."))
    submit = SubmitField(_l("Create codes"))


# --- the check-in desk and badges --------------------------------------------------------------

class CheckinForm(Form):
    code = StringField(_l("Check-in code"), [DataRequired(_l("Type or scan a check-in code.")), Length(max=64)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                  "enterkeyhint": "go", "maxlength": 64, "autofocus": True})


class BadgesForm(Form):
    """Whose badges to print and how; the choices that depend on the forum (layouts, categories and clusters
    with their counts, who attends) are filled in by the badge view."""

    who = RadioField(_l("Whose badges"), default="confirmed", validate_choice=False, choices=[
        ("confirmed", _l("Everyone confirmed")),
        ("not_printed", _l("Everyone confirmed whose badge is not printed yet")),
        ("category", _l("One category")),
        ("cluster", _l("One cluster")),
        ("picked", _l("The people ticked in the list below")),
    ])
    category = SelectField(_l("Category"), validate_choice=False)
    cluster = SelectField(_l("Cluster"), validate_choice=False)
    # a hybrid forum's online participants need no badge: printing is for those who come
    attendance = RadioField(_l("Who attends"), default="in_person", validate_choice=False,
                            description=_l("For every choice above but the people ticked by hand."))
    layout = SelectField(_l("Layout"), validate_choice=False,
                         description=_l("Print at 100 % (“actual size”), not “fit to page”, so badges match the "
                                        "stock and the cut marks."))
    mark_printed = BooleanField(_l("Mark these badges as printed"), default=True,
                                description=_l("Untick for a test print: “not printed yet” will still find them."))
    submit = SubmitField(_l("Download badges (PDF)"))
