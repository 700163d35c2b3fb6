"""Outcome report forms: validation only."""

from __future__ import annotations

from wtforms import HiddenField, SubmitField
from wtforms.validators import Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from .operations import MAX_TEXT, MAX_TITLE

MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists with “- ”, links.")


class ReportForm(Form):
    version = HiddenField()
    title = LineField(_l("Title"), [Optional()], max_length=MAX_TITLE,
                      description=_l("Leave empty to use the forum’s title."))
    executive_summary = TextField(_l("Executive summary"), [Optional()], max_length=MAX_TEXT,
                                  description=MARKDOWN_HINT)
    conclusions = TextField(_l("Conclusions and way forward"), [Optional()], max_length=MAX_TEXT,
                            description=MARKDOWN_HINT)
    authors = TextField(_l("Authors"), [Optional()], max_length=10_000,
                        description=_l("One a line, as they should be printed, e.g. “Dr Eri Trinurin Adhi "
                                       "(Indonesia)”."))
    editors = TextField(_l("Written and edited by"), [Optional()], max_length=10_000,
                        description=_l("One a line."))
    acknowledgements = TextField(_l("Acknowledgements"), [Optional()], max_length=MAX_TEXT,
                                 description=MARKDOWN_HINT)
    submit = SubmitField(_l("Save report"))


class PublishForm(Form):
    """The publish / unpublish buttons: CSRF only; the button pressed says which."""
