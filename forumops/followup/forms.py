"""Follow-up forms: validation and defaults only, no saving."""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms import Form as SubForm
from wtforms.validators import Email, InputRequired, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import CountryField, Form, LineField, TextField
from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l
from ..core.reference import country_choices
from ..forums.forms import RESERVED_SLUGS, SLUG_RE
from ..organisations.labels import ORGANISATION_TYPE_LABELS
from .data import format_number, parse_number
from .labels import (
    ACHIEVEMENT_LABELS,
    ACHIEVEMENTS,
    CHALLENGE_LABELS,
    CHALLENGE_PRESET_LABELS,
    CHALLENGES,
    INDICATOR_BOUNDS,
    INDICATOR_KIND_LABELS,
    PLAN_STATUS_LABELS,
    PLAN_STATUSES,
    REPORTED_STATUSES,
)

NUMBER_MESSAGE = _l("Enter a number, such as 3 or 2.5.")
EXPIRED = _l("The form expired. Please send it again: what you typed is kept.")
BLANK_ACTIVITY_ROWS = 2
BLANK_INDICATOR_ROWS = 2


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class NumberText:
    """A number typed as text, so "three" or "2.5.1" gets a clear message and stays in the box."""

    def __call__(self, form, field):
        try:
            parse_number(field.data)
        except ValueError:
            raise ValidationError(NUMBER_MESSAGE) from None


class InRange:
    """A number within its indicator's bounds (labels.INDICATOR_BOUNDS): a count not below zero, a
    percentage 0 to 100. `kind` is the indicator's, or read from the row's "kind" field."""

    def __init__(self, kind: str | None = None):
        self.kind = kind

    def __call__(self, form, field):
        try:
            number = parse_number(field.data)
        except ValueError:
            return  # NumberText says so
        kind = self.kind or (form.kind.data if "kind" in form else "number")
        if number is None or kind not in INDICATOR_BOUNDS:
            return
        low, high = INDICATOR_BOUNDS[kind]
        if not low <= number <= high:
            raise ValidationError(_l("A percentage is a number from 0 to 100.") if kind == "percent"
                                  else _l("A count or an amount is 0 or more, such as 3 or 2.5."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BareForm(Form):
    """A POST with CSRF only (buttons)."""


class FilterForm(Form):
    class Meta:
        csrf = False

    country = CountryField(_l("Country"), [Optional()])
    cluster = SelectField(_l("Cluster"), [Optional()])
    organisation_type = SelectField(_l("Organisation type"), [Optional()])
    status = SelectField(_l("Status"), [Optional()])

    def set_choices(self, countries: list[tuple[str, str]], clusters) -> None:
        anything = [("", str(_l("Any")))]
        self.country.choices = anything + countries
        self.cluster.choices = anything + [(str(c.id), c.name) for c in clusters]
        self.organisation_type.choices = anything + [(k, str(v)) for k, v in ORGANISATION_TYPE_LABELS.items()]
        self.status.choices = anything + [(k, str(PLAN_STATUS_LABELS[k])) for k in PLAN_STATUSES]


class SettingsForm(Form):
    report_every_days = IntegerField(
        _l("Owners report every … days"), [InputRequired(_l("Enter a number of days.")),
                                          NumberRange(1, 366, _l("Enter a number of days from 1 to 366."))],
        description=_l("After each report, the next one is due this many days later. 90 is once a quarter."))
    first_report_due = DateField(_l("First reports due on"), [Optional()],
                                 description=_l("Optional. Leave empty to count from the day each plan is "
                                                "recorded."))
    reminders_enabled = BooleanField(_l("Send reminders by email"))
    remind_days_before = IntegerField(
        _l("First reminder … days before the due date"),
        [InputRequired(_l("Enter a number of days.")),
         NumberRange(0, 60, _l("Enter a number of days from 0 to 60."))])
    remind_every_days = IntegerField(
        _l("While a report is due or late, remind every … days"),
        [InputRequired(_l("Enter a number of days.")),
         NumberRange(1, 366, _l("Enter a number of days from 1 to 366."))])
    link_valid_days = IntegerField(
        _l("Private links work for … days"),
        [InputRequired(_l("Enter a number of days.")),
         NumberRange(1, 1000, _l("Enter a number of days from 1 to 1000."))],
        description=_l("Each report keeps the link it was sent from working; an owner whose link expired can ask "
                       "for a new one."))
    challenge_preset = RadioField(
        _l("Challenge categories owners choose from"),
        choices=[("", _l("The categories ticked below"))] + [(k, v) for k, v in CHALLENGE_PRESET_LABELS.items()],
        default="", validate_choice=False)  # an unknown value means "the ticks below" (operations)
    challenge_categories = MultiCheckboxField(
        _l("Categories"), choices=[(k, CHALLENGE_LABELS[k]) for k in CHALLENGES if k != "other"],
        description=_l("“Other”, with the owner's own words, is always offered."))


class ActivityForm(SubForm):
    text = LineField(_l("Activity"), [Optional()], max_length=500)
    start_date = DateField(_l("From"), [Optional()])
    end_date = DateField(_l("To"), [Optional()])

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The activity cannot end before it starts."))


class IndicatorForm(SubForm):
    id = HiddenField()
    label = LineField(_l("Indicator"), [Optional()], max_length=300)
    kind = SelectField(_l("Measured as"), choices=[(k, str(v)) for k, v in INDICATOR_KIND_LABELS.items()],
                       default="number")
    target = StringField(_l("Target"), [Optional(), NumberText(), InRange()], filters=[_strip],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    unit = LineField(_l("Unit"), [Optional()], max_length=60)
    unit_one = LineField(_l("Unit after one"), [Optional()], max_length=60)


class PlanForm(Form):
    title = LineField(_l("Title"), [InputRequired(_l("Give the plan a title."))], max_length=300)
    objective = TextField(_l("Objective"), [Optional()], max_length=10000,
                          description=_l("What the plan is meant to change, in a sentence or two."))
    registration_id = SelectField(_l("Participant who owns the plan"), [Optional()], validate_choice=False)
    organisation = LineField(_l("Or the organisation that owns it"), [Optional()], max_length=300,
                             description=_l("Fill in when an organisation adopted the plan; the participant "
                                            "above (if any) is its contact."))
    owner_name = LineField(_l("Contact name"), [Optional()], max_length=200,
                           description=_l("Who reports on the plan. Taken from the participant when empty."))
    owner_email = EmailField(_l("Contact email"), [Optional(), Email(_l("Enter an email address like "
                                                                     "name@example.org."),
                                                                  check_deliverability=False)],
                             filters=[_strip],
                             description=_l("The private link to report progress and the reminders go here."))
    country = CountryField(_l("Country"), [Optional()])
    cluster_id = SelectField(_l("Cluster"), [Optional()], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], default="not_started")
    report_every_days = IntegerField(_l("Report every … days"), [Optional(), NumberRange(
        1, 366, _l("Enter a number of days from 1 to 366."))],
        description=_l("Leave empty to follow the forum's schedule."))
    activities = FieldList(FormField(ActivityForm), min_entries=1)
    indicators = FieldList(FormField(IndicatorForm), min_entries=1)
    source = HiddenField()
    send_link = BooleanField(_l("Email the owner their private link to report progress now"), default=True)

    def __init__(self, *args, registrations=(), clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.registration_id.choices = [("", str(_l("— none —")))] + [
            (str(r.id), f"{r.name} ({r.organisation_name})" if r.organisation_name else r.name) for r in registrations]
        self.cluster_id.choices = [("", str(_l("— none —")))] + [(str(c.id), c.name) for c in clusters]
        self.country.choices = country_choices(blank=str(_l("— as the owner's —")))
        self.status.choices = [(k, str(PLAN_STATUS_LABELS[k])) for k in PLAN_STATUSES]
        self._pad(self.activities, "text", BLANK_ACTIVITY_ROWS)
        self._pad(self.indicators, "label", BLANK_INDICATOR_ROWS)

    @staticmethod
    def _pad(field_list, name: str, blanks: int) -> None:
        """Keep `blanks` empty rows after the filled ones, so another activity or indicator can be added."""
        empty = sum(1 for entry in field_list.entries if not entry.form[name].data)
        for _row in range(max(0, blanks - empty)):
            field_list.append_entry()

    def data_for_operations(self) -> dict:
        def number(raw):
            try:
                return parse_number(raw)
            except ValueError:
                return None

        return {
            "title": self.title.data, "objective": self.objective.data,
            "registration_id": int(self.registration_id.data) if (self.registration_id.data or "").isdigit() else None,
            "organisation": self.organisation.data, "owner_name": self.owner_name.data,
            "owner_email": self.owner_email.data or "", "country": self.country.data or "",
            "cluster_id": int(self.cluster_id.data) if (self.cluster_id.data or "").isdigit() else None,
            "status": self.status.data, "report_every_days": self.report_every_days.data,
            "activities": [{"text": e.form.text.data, "start_date": e.form.start_date.data,
                            "end_date": e.form.end_date.data} for e in self.activities.entries],
            "indicators": [{"id": int(e.form.id.data) if (e.form.id.data or "").isdigit() else None,
                            "label": e.form.label.data, "kind": e.form.kind.data,
                            "target": number(e.form.target.data), "unit": e.form.unit.data,
                            "unit_one": e.form.unit_one.data}
                           for e in self.indicators.entries],
            "source": self.source.data or "",
        }


def plan_form_data(plan) -> dict:
    """A saved plan as the form's initial data."""
    return {
        "title": plan.title, "objective": plan.objective,
        "registration_id": str(plan.registration_id) if plan.registration_id else "",
        "organisation": plan.organisation.name if plan.owner_kind == "organisation" and plan.organisation else "",
        "owner_name": plan.owner_name, "owner_email": plan.owner_email, "country": plan.country,
        "cluster_id": str(plan.cluster_id) if plan.cluster_id else "", "status": plan.status,
        "report_every_days": plan.report_every_days,
        "activities": [{"text": a.text, "start_date": a.start_date, "end_date": a.end_date} for a in plan.activities],
        "indicators": [{"id": str(i.id), "label": i.label, "kind": i.kind, "target": format_number(i.target).replace(
            ",", ""), "unit": i.unit, "unit_one": i.unit_one} for i in plan.indicators],
    }


class ReportFormBase(Form):
    plan_status = RadioField(_l("How is the plan going?"),  # nothing chosen in advance: the owner says
                             choices=[(k, PLAN_STATUS_LABELS[k]) for k in REPORTED_STATUSES], default=None,
                             validators=[InputRequired(_l("Say how the plan is going: on track, at risk or done."))])
    narrative = TextField(_l("What happened since the last report"), [Optional()], max_length=10000,
                          description=_l("Activities carried out, results, lessons learned."))
    achievements = MultiCheckboxField(_l("Achievements"), choices=[(k, ACHIEVEMENT_LABELS[k]) for k in ACHIEVEMENTS
                                                                   if k != "other"], validate_choice=False)
    achievement_other = LineField(_l("Another achievement"), [Optional()], max_length=300)
    evidence_links = TextField(_l("Evidence (web links)"), [Optional()], max_length=6000,
                               description=_l("Photos, documents, news: one web address per line, starting with "
                                              "https://"))
    challenges = MultiCheckboxField(_l("Challenges you met"), choices=[], validate_choice=False)
    challenge_other = LineField(_l("Another challenge"), [Optional()], max_length=300)
    support_areas = MultiCheckboxField(_l("Where you need support"), choices=[], validate_choice=False)
    support_needed = TextField(_l("What support would help"), [Optional()], max_length=10000,
                               description=_l("Training, technical assistance, contacts or resources."))


class YesNo:
    def __call__(self, form, field):
        if field.data not in ("yes", "no", "", None):
            raise ValidationError(_l("Choose yes or no."))


def report_form_for(plan, categories=(), **kwargs) -> ReportFormBase:
    """The progress report form of one plan: one input per indicator, typed by the indicator's kind, and the
    challenge categories the forum's organisers chose (plus any the report being corrected named)."""

    class ReportForm(ReportFormBase):
        pass

    for indicator in plan.indicators:
        name = f"indicator_{indicator.id}"
        if indicator.kind == "yes_no":
            field = RadioField(indicator.label, choices=[("yes", _l("Yes")), ("no", _l("No")),
                                                         ("", _l("Not reported this time"))],
                               default="", validators=[Optional(), YesNo()], validate_choice=False,
                               description=_l("Target: yes"))
        else:
            target = " ".join(p for p in (format_number(indicator.target), indicator.unit) if p)
            field = StringField(indicator.label, [Optional(), NumberText(), InRange(indicator.kind)], filters=[_strip],
                                render_kw={"inputmode": "decimal", "autocomplete": "off"},
                                description=_l("Target: %(target)s", target=target) if target else
                                (_l("Unit: %(unit)s", unit=indicator.unit) if indicator.unit else ""))
        setattr(ReportForm, name, field)
    form = ReportForm(**kwargs)
    codes = [code for code in CHALLENGES if code in set(categories) and code != "other"]
    form.challenges.choices = [(k, CHALLENGE_LABELS[k]) for k in codes]
    form.support_areas.choices = [(k, CHALLENGE_LABELS[k]) for k in [*codes, "other"]]
    return form


def report_form_data(report) -> dict:
    """A sent report as the form's data, for its correction."""
    data = {"plan_status": report.plan_status, "narrative": report.narrative,
            "achievements": [c for c in report.achievements if c != "other"],
            "achievement_other": report.achievement_other, "evidence_links": "\n".join(report.evidence_links or ()),
            "challenges": [c for c in report.challenges if c != "other"], "challenge_other": report.challenge_other,
            "support_areas": list(report.support_areas or ()), "support_needed": report.support_needed}
    for value in report.values:
        data[f"indicator_{value.indicator_id}"] = (("yes" if value.yes else "no") if value.kind == "yes_no"
                                                   else format_number(value.number).replace(",", ""))
    return data


def report_data(form: ReportFormBase, plan) -> dict:
    """A progress report form's values as the operations take them, indicator values by indicator id."""
    values = {}
    for indicator in plan.indicators:
        raw = form[f"indicator_{indicator.id}"].data
        values[indicator.id] = raw
    return {
        "plan_status": form.plan_status.data, "narrative": form.narrative.data, "values": values,
        "achievements": form.achievements.data or [], "achievement_other": form.achievement_other.data,
        "evidence_links": form.evidence_links.data, "challenges": form.challenges.data or [],
        "challenge_other": form.challenge_other.data, "support_areas": form.support_areas.data or [],
        "support_needed": form.support_needed.data,
    }


class NewEditionForm(Form):
    title = LineField(_l("Title of the new edition"), [InputRequired(_l("Give the new edition a title."))],
                      max_length=200)
    slug = LineField(_l("Short name"), [
        InputRequired(_l("Choose a short name for the new edition's web address.")),
        Regexp(SLUG_RE, message=_l("Use lower-case letters a-z, digits and single hyphens, like "
                                   "asean-community-forum-2028."))], max_length=64,
        description=_l("Used in the web address: /forums/<short name>/."))
    start_date = DateField(_l("First day of the new edition"), [InputRequired(_l("Enter the first day."))],
                           description=_l("Every date is moved by the same number of days: the programme, "
                                          "registration opening and closing, the follow-up schedule."))
    series = LineField(_l("Series"), [Optional()], max_length=200,
                       description=_l("Both editions belong to it. Made from the current forum's title when empty."))

    earliest: date | None = None  # the forum's today, set by the view: a new edition starts in the future

    def validate_start_date(self, field):
        if field.data and self.earliest and field.data < self.earliest:
            raise ValidationError(_l("This day has passed: choose a first day from %(day)s on.",
                                     day=format_day(self.earliest)))

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This short name is reserved; choose another."))

