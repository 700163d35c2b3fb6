"""The organisers' invitation-letter forms: the letter's settings, the decision on a request, the queue's filter."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from ...core.forms import Form, LineField, MultiCheckboxField, TextField
from ...core.i18n import lazy_gettext as _l
from .text import unknown_message, unknown_placeholders


def _known_placeholders(form, field) -> None:
    names = unknown_placeholders(field.data or "")
    if names:
        raise ValidationError(unknown_message(names))


class LetterSettingsForm(Form):
    is_open = BooleanField(_l("Participants may request an invitation letter"),
                           description=_l("From their private registration page, while their registration is "
                                          "confirmed or waiting for approval."))
    subject = LineField(_l("Subject"), [InputRequired(_l("Write the letter's subject.")), _known_placeholders],
                        max_length=300)
    body = TextField(_l("Letter"), [InputRequired(_l("Write the letter.")), _known_placeholders], max_length=8000,
                     description=_l("Plain text; a blank line starts a new paragraph. The placeholders below are "
                                    "filled in for each person."))
    signatory = SelectField(_l("Signed by"), validate_choice=False)
    with_forum_logo = BooleanField(_l("The forum's logo"))
    partner_logos = MultiCheckboxField(_l("Partners' logos"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Save the letter settings"))

    def validate_partner_logos(self, field):
        if set(field.data or []) - {value for value, _label in field.choices}:
            raise ValidationError(_l("Tick only the forum's partners listed."))

    def validate_signatory(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the forum's signatories."))


class ApproveForm(Form):
    version = HiddenField()  # operations.request_version of the request as the page showed it
    submit = SubmitField(_l("Approve and issue the letter"))


class DeclineForm(Form):
    version = HiddenField()
    reason = TextField(_l("Why the letter is declined"), [InputRequired(_l("Say why: the person reads it."))],
                       max_length=2000, description=_l("The person sees this on their page and in an email."))
    submit = SubmitField(_l("Decline"))


class QueueFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter

    status = SelectField(_l("Status"), validate_choice=False)
