from __future__ import annotations

from wtforms import SubmitField
from wtforms.validators import InputRequired, Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l


class ClusterForm(Form):
    name = LineField(_l("Name"), [InputRequired(_l("Give the cluster a name."))], max_length=200)
    description = TextField(_l("Description"), [Optional()], max_length=5000)
    submit = SubmitField(_l("Add cluster"))
