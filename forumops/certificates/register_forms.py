"""Forms of the organisers' register of papers issued: its filters (a GET form) and revoking one paper."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l

REASON_REQUIRED = _l("Say why it is revoked: the verification page shows the reason.")


class IssuedFilterForm(Form):
    """The register's filters, read from the query string: a read, so no CSRF token."""

    class Meta:
        csrf = False

    q = LineField(_l("Name"), [Optional()], max_length=200, description=_l("Accents optional."))
    kind = SelectField(_l("Kind"), [Optional()])
    status = SelectField(_l("Status"), [Optional()])


class RevokeForm(Form):
    reason = TextField(_l("Reason for revoking"), [InputRequired(REASON_REQUIRED)], max_length=500,
                       description=_l("Anyone who checks the paper reads it, beside the date it was revoked. "
                                      "Write it for them: for example “Issued in error: the person did not "
                                      "attend.”"))
