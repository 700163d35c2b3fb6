"""Privacy forms: each needs its confirmation tick."""

from __future__ import annotations

from wtforms import BooleanField, SubmitField

from ..core.forms import ConfirmForm
from ..core.i18n import lazy_gettext as _l


class ErasureRequestForm(ConfirmForm):
    confirm = BooleanField(_l("Yes, I want my personal data erased. I understand that my registration cannot "
                              "be restored afterwards."))
    submit = SubmitField(_l("Ask for erasure"))
    unticked = _l("Tick the box to confirm that you want your data erased.")


class EraseForm(ConfirmForm):
    confirm = BooleanField(_l("Yes, erase this person's data. This cannot be undone."))
    submit = SubmitField(_l("Erase personal data"))
    unticked = _l("Tick the box to confirm the erasure.")


class CloseAccountForm(ConfirmForm):
    confirm = BooleanField(_l("Yes, close my account and erase my name and email address. This cannot be undone."))
    submit = SubmitField(_l("Close my account"))
    unticked = _l("Tick the box to confirm that you want your account closed.")
