"""Document forms: validation and defaults only, no saving. The files themselves are judged by core.files."""

from __future__ import annotations

from flask_wtf.file import FileField, MultipleFileField
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from ..core.forms import Form, LineField, TextField, web_link
from ..core.i18n import lazy_gettext as _l
from .labels import VISIBILITY_LABELS


def _sent(files) -> list:
    """The files a multiple file input actually carried (a browser sends one empty part when none is chosen)."""
    return [f for f in (files or []) if getattr(f, "filename", "")]


class UploadForm(Form):
    files = MultipleFileField(_l("Files"), description=_l(
        "Choose one or several: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, WebP, text or CSV."),
        render_kw={"multiple": True})
    title = LineField(_l("Title"), [Optional()], max_length=200, description=_l(
        "For one file; left empty, each file takes its own name. A link needs a title."))
    url = LineField(_l("Or a link"), [Optional(), web_link], max_length=500, description=_l(
        "Instead of a file: the address of a recording, a shared folder or a web page."))
    description = TextField(_l("Description"), [Optional()], max_length=2000)
    visibility = RadioField(_l("Who can open it"), choices=list(VISIBILITY_LABELS.items()), default="public",
                            validators=[InputRequired(_l("Choose who can open it."))])
    submit = SubmitField(_l("Upload"))

    page_order = ("files", "title", "url", "description", "visibility")

    @property
    def sent_files(self) -> list:
        """The files chosen (none when only a link was given)."""
        return _sent(self.files.data)

    def validate_files(self, field):
        if not _sent(field.data) and not (self.url.data or "").strip():
            raise ValidationError(_l("Choose a file to upload, or give a link."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.sent_files and self.url.data and not self.title.data:  # Optional() ends the title's own checks
            self.title.errors = [*self.title.errors, str(_l("Give the link a title."))]
            return False
        return valid


class EditForm(Form):
    title = LineField(_l("Title"), [InputRequired(_l("Give the document a title."))], max_length=200)
    url = LineField(_l("Link"), [Optional(), web_link], max_length=500)
    description = TextField(_l("Description"), [Optional()], max_length=2000)
    visibility = RadioField(_l("Who can open it"), choices=list(VISIBILITY_LABELS.items()),
                            validators=[InputRequired(_l("Choose who can open it."))])
    file = FileField(_l("Replace the file"), description=_l(
        "Optional: people open the new file from now on; the earlier ones stay listed for the organisers."))
    submit = SubmitField(_l("Save"))

    def data_dict(self) -> dict:
        """What update_document takes."""
        return {"title": self.title.data, "description": self.description.data,
                "visibility": self.visibility.data, "url": self.url.data}
