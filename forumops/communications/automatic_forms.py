"""Forms of the automatic-messages page: validation and defaults only, no saving (automatic.py, changes.py)."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, StopValidation, ValidationError

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from .automatic import DAYS_RANGE, HOURS
from .changes import DELAY_RANGE


class WholeNumberField(IntegerField):
    """A whole number typed in a box: "two" or "-" gets `invalid`, next to the field, and stays in the box."""

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        self.invalid = invalid
        kwargs.setdefault("render_kw", {}).update(inputmode="numeric")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.invalid)) from None


class Within:
    """From `low` to `high`; stops at a box that held no number (its own message is already shown)."""

    def __init__(self, low: int, high: int, message):
        self.low, self.high, self.message = low, high, message

    def __call__(self, form, field):
        if field.data is None:
            raise StopValidation()
        if not self.low <= field.data <= self.high:
            raise ValidationError(self.message)


def _days_field(kind: str):
    low, high = DAYS_RANGE[kind]
    message = _l("Choose a number of days from %(low)s to %(high)s.", low=low, high=high)
    label = _l("Days before the first day") if kind == "before" else _l("Days after the last day")
    return WholeNumberField(label, [InputRequired(message), Within(low, high, message)], invalid=message,
                            render_kw={"min": low, "max": high})


HOUR_CHOICES = [(hour, f"{hour:02d}:00") for hour in HOURS]


class ReminderForm(Form):
    """The reminder before the start (prefix "before")."""

    is_enabled = BooleanField(_l("Send this reminder"))
    days = _days_field("before")
    hour = SelectField(_l("At (the forum's local time)"), coerce=int, choices=HOUR_CHOICES)
    subject = LineField(_l("Subject"), [InputRequired(_l("Give the message a subject."))], max_length=300)
    body = TextField(_l("Message"), [InputRequired(_l("Write the message."))], max_length=20000)


class AfterForm(ReminderForm):
    """The message after the end (prefix "after")."""

    is_enabled = BooleanField(_l("Send this message"))
    days = _days_field("after")
    wait_for_report = BooleanField(_l("Wait until the report is published"),
                                   description=_l("It then goes once both the day and the report have come: at "
                                                  "the hour, or straight away if the report comes out later that "
                                                  "day (in the evening: the next morning)."))


FORMS = {"before": ReminderForm, "after": AfterForm}


class ChangeNoticesForm(Form):
    mode = RadioField(_l("Tell participants of programme changes"), choices=[
        ("off", _l("No: changes are not tracked")),
        ("button", _l("When I press “Notify participants of changes”")),
        ("delay", _l("By themselves, once the programme has been left alone for the delay below")),
    ], default="off", validators=[InputRequired(_l("Choose how participants hear of changes."))])
    delay_minutes = WholeNumberField(
        _l("Delay after the last change, in minutes"),
        [InputRequired(_l("Enter a number of minutes.")),
         Within(*DELAY_RANGE, _l("Choose a delay from %(low)s to %(high)s minutes.", low=DELAY_RANGE[0],
                                 high=f"{DELAY_RANGE[1]:,}"))],
        invalid=_l("Enter the delay as a whole number of minutes, such as 30."), default=30,
        description=_l("Used by the last choice: every new change starts the wait again."),
        render_kw={"min": DELAY_RANGE[0], "max": DELAY_RANGE[1]})
