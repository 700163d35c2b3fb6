"""The public form that checks a paper by its printed code: a GET form (a lookup changes nothing), no CSRF."""

from __future__ import annotations

from ..core.forms import Form, LineField
from ..core.i18n import lazy_gettext as _l


class VerifyForm(Form):
    """The code as typed from the paper. Read from the query string (GET): the address of a lookup is the same
    whether typed or scanned, can be bookmarked and sent on, and a cross-site request could learn nothing from it
    that its own visitor could not, so it needs no CSRF token."""

    class Meta:
        csrf = False

    code = LineField(_l("Code"), max_length=80,
                     description=_l("As printed under the QR code, for example 7K2M-9QXD-… Dashes, spaces and "
                                    "small letters are fine; O and 0 count as the same, as do I, L and 1."),
                     render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
