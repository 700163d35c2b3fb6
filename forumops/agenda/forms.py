"""Agenda forms: validation and defaults only."""

from __future__ import annotations

from wtforms import BooleanField, FieldList, FormField, IntegerField, SelectField, SubmitField, TimeField
from wtforms import Form as SubForm
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..core.forms import Form, LineField, TextField, web_link
from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l
from .labels import ITEM_TYPE_LABELS, PERSON_ROLE_LABELS

EXTRA_PERSON_ROWS = 3


class PersonForm(SubForm):
    role = SelectField(_l("Role"), choices=list(PERSON_ROLE_LABELS.items()), default="speaker")
    user_id = SelectField(_l("Participant"), coerce=int, choices=[(0, "")], default=0, validate_choice=False)
    name = LineField(_l("Or guest name"), [Optional()], max_length=200)
    title = LineField(_l("Title"), [Optional()], max_length=200)
    organisation = LineField(_l("Organisation"), [Optional()], max_length=300)


def _day_choices(days):
    return [(d.isoformat(), format_day(d, "EEE d MMM y")) for d in days]


class ItemForm(Form):
    day = SelectField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    start = TimeField(_l("Starts"), validators=[InputRequired(_l("Enter the start time, like 09:00."))])
    end = TimeField(_l("Ends"), validators=[InputRequired(_l("Enter the end time, like 09:30."))])
    title = LineField(_l("Title"), [InputRequired(_l("Give the item a title."))], max_length=300)
    type = SelectField(_l("Type"), choices=list(ITEM_TYPE_LABELS.items()), default="other")
    room = LineField(_l("Room"), [Optional()], max_length=120,
                     description=_l("Pick a room of the forum or type a new one."))
    is_online = BooleanField(_l("Also online (at the forum's meeting link)"))
    online_link = LineField(_l("This session's own meeting link"), [Optional(), web_link], max_length=500,
                            description=_l("Only if this session is not at the forum's meeting link. Shown only "
                                           "to those confirmed online, facilitators and organisers."))
    cluster_id = SelectField(_l("Cluster"), coerce=int, default=0,
                             description=_l("For a breakout: the cluster that meets in it. Leave on "
                                            "“Everyone (plenary)” for the rest."))
    description = TextField(_l("Description"), [Optional()], max_length=10000,
                            description=_l("Markdown: **bold**, lists, links."))
    people = FieldList(FormField(PersonForm), min_entries=EXTRA_PERSON_ROWS)
    submit = SubmitField(_l("Save item"))

    def __init__(self, *args, days=(), clusters=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.day.choices = _day_choices(days)
        self.cluster_id.choices = [(0, str(_l("Everyone (plenary)")))] + [(c.id, c.name) for c in clusters]
        member_choices = [(0, str(_l("— outside guest —")))] + [(u.id, u.name) for u in members]
        self._member_ids = {u.id for u in members}
        for entry in self.people:
            entry.form.user_id.choices = member_choices

    def validate_end(self, field):
        if field.data and self.start.data and field.data <= self.start.data:
            raise ValidationError(_l("The item ends before it starts."))

    def validate_people(self, field):
        for entry in field:
            if entry.form.user_id.data and entry.form.user_id.data not in self._member_ids:
                raise ValidationError(_l("Choose a participant of this forum, or type a guest's name."))

    def people_data(self) -> list[dict]:
        return [entry.form.data for entry in self.people]


class CopyDayForm(Form):
    target = SelectField(_l("Copy to"), validators=[InputRequired()])
    submit = SubmitField(_l("Copy the day"))

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = _day_choices(days)


class ShiftForm(Form):
    minutes = IntegerField(_l("Minutes"), validators=[
        InputRequired(_l("Enter a number of minutes.")),
        NumberRange(min=-720, max=720, message=_l("Enter between -720 and 720 minutes."))],
        description=_l("Negative moves earlier."))
    submit = SubmitField(_l("Shift this and every later item of the day"))


class PasteForm(Form):
    day = SelectField(_l("Day"), validators=[InputRequired()])
    text = TextField(_l("Programme"), [InputRequired(_l("Paste the programme, one item per line."))],
                     max_length=20000,
                     description=_l("One item per line, starting with its times: 09.00-09.30 Opening Session, "
                                    "09:00-09:30, 9.00am-9.30am. Lines without a time (speakers) belong to "
                                    "the item above."))
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save these items"))

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.day.choices = _day_choices(days)


class RoomForm(Form):
    name = LineField(_l("Room name"), [InputRequired(_l("Enter the room's name."))], max_length=120)
    submit = SubmitField(_l("Add room"))


class ActionForm(Form):
    """A bare POST with CSRF, for buttons."""

    submit = SubmitField(_l("Go"))
