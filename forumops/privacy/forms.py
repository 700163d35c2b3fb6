"""Privacy forms: each needs its confirmation tick."""

from __future__ import annotations

from wtforms import BooleanField, SubmitField
from wtforms.validators import ValidationError

from ..core.forms import Form
from ..core.i18n import lazy_gettext as _l


class ErasureRequestForm(Form):
    confirm = BooleanField(_l("Yes, I want my personal data erased. I understand that my registration cannot "
                              "be restored afterwards."))
    submit = SubmitField(_l("Ask for erasure"))

    def validate_confirm(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the box to confirm that you want your data erased."))


class EraseForm(Form):
    confirm = BooleanField(_l("Yes, erase this person's data. This cannot be undone."))
    submit = SubmitField(_l("Erase personal data"))

    def validate_confirm(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the box to confirm the erasure."))


class CloseAccountForm(Form):
    confirm = BooleanField(_l("Yes, close my account and erase my name and email address. This cannot be undone."))
    submit = SubmitField(_l("Close my account"))

    def validate_confirm(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the box to confirm that you want your account closed."))
