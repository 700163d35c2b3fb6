"""Forms for building surveys: a new survey, its settings, one item. Validation of shapes and defaults only; what
depends on the survey (times in order, choices, answers already counted) is checked by builder_operations."""

from __future__ import annotations

from wtforms import BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from ..registration.labels import CATEGORY_LABELS
from .labels import AUDIENCE_LABELS, ITEM_KIND_LABELS, SURVEY_KIND_LABELS
from .starting import BLANK, STARTING_TEMPLATES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
_NOT_A_TIME = _l("Enter a day and time, like 2027-04-15 16:00.")


def _moment(label) -> DateTimeLocalField:
    return DateTimeLocalField(label, [Optional()], format=DATETIME_FORMATS,
                              render_kw={"step": 60})


class NewSurveyForm(Form):
    start = RadioField(_l("Start from"), default="end_of_forum",
                       choices=[(key, t.name) for key, t in STARTING_TEMPLATES.items()]
                       + [(BLANK, _l("A blank survey"))],
                       validators=[InputRequired(_l("Choose a template to start from, or a blank survey."))])
    title = LineField(_l("Title"), [Optional()], max_length=200,
                      description=_l("Leave empty to use the template’s title; a blank survey needs one."))
    submit = SubmitField(_l("Create the survey"))


class SettingsForm(Form):
    title = LineField(_l("Title"), [InputRequired(_l("Give the survey a title."))], max_length=200)
    intro = TextField(_l("Introduction"), [Optional()], max_length=5000,
                      description=_l("Shown above the questions: why you ask and how long it takes. Markdown."))
    kind = RadioField(_l("Kind"), choices=list(SURVEY_KIND_LABELS.items()), default="evaluation")
    anonymous = RadioField(_l("Names"), default="anonymous",
                           choices=[("anonymous", _l("Anonymous: answers are kept without any name")),
                                    ("named", _l("Named: organisers see who answered what"))],
                           description=_l("A test is always named: the gain per person needs to know whose "
                                          "answers are whose. Once someone has answered, this cannot change."))
    audience = RadioField(_l("Who is asked"), choices=list(AUDIENCE_LABELS.items()), default="confirmed")
    audience_cluster_id = SelectField(_l("Cluster"), coerce=int, default=0, validate_choice=False,
                                      description=_l("When the members of one cluster are asked."))
    audience_category = SelectField(_l("Category"), default="",
                                    choices=[("", _l("— choose —"))] + list(CATEGORY_LABELS.items()),
                                    description=_l("When the people of one category are asked."))
    opens_at = _moment(_l("Opens at"))
    closes_at = _moment(_l("Closes at"))
    after_opens_at = _moment(_l("End-of-training round opens at"))
    submit = SubmitField(_l("Save settings"))

    def validate(self, extra_validators=None) -> bool:
        """WTForms' check, with one plain message for a time it cannot read."""
        valid = super().validate(extra_validators)
        for name in ("opens_at", "closes_at", "after_opens_at"):
            field = getattr(self, name)
            if field.errors and field.raw_data and field.raw_data[0]:
                field.errors = [str(_NOT_A_TIME)]
        return valid


class ItemForm(Form):
    page_order = ("kind", "text", "help", "low_label", "high_label", "options", "correct", "required")

    kind = SelectField(_l("Kind"), choices=list(ITEM_KIND_LABELS.items()), default="rating")
    text = LineField(_l("Question, or the section’s heading"), [Optional()], max_length=500)
    help = TextField(_l("Help under it"), [Optional()], max_length=2000,
                     description=_l("Optional: what the question means, or the words under a section’s heading."))
    low_label = LineField(_l("What 1 means"), [Optional()], max_length=100,
                          description=_l("For a rating: the label of its lowest end, like “Not useful”."))
    high_label = LineField(_l("What 5 means"), [Optional()], max_length=100,
                           description=_l("For a rating: the label of its highest end, like “Very useful”."))
    options = TextField(_l("Choices"), [Optional()], max_length=4000,
                        description=_l("For a single or multiple choice: one choice per line."))
    correct = IntegerField(_l("Right choice (its number)"), [Optional(), NumberRange(
        min=1, max=50, message=_l("Give the number of the right choice: 1 for the first line, 2 for the second."))],
        description=_l("For a test’s single-choice question: 1 for the first line, 2 for the second..."))
    required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Save"))

    def data_for_operations(self) -> dict:
        """The typed values as builder_operations takes them."""
        return {"kind": self.kind.data, "text": self.text.data, "help": self.help.data,
                "low_label": self.low_label.data, "high_label": self.high_label.data,
                "options": self.options.data, "correct": self.correct.data, "required": self.required.data}


class ActionForm(Form):
    """A button with nothing to type (open, close, delete, move): only its CSRF token."""

    submit = SubmitField(_l("Go"))
