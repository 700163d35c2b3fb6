"""The logo form: one file field, an upload button and a remove button (organisations' and forums' alike)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SubmitField
from wtforms.validators import ValidationError

from ..core.forms import Form
from ..core.i18n import lazy_gettext as _l


class LogoForm(Form):
    logo = FileField(_l("Logo"), render_kw={"accept": "image/png,image/jpeg,image/webp"},
                     description=_l("PNG, JPEG or WebP, at most 5 MB. Its text alternative is the organisation's "
                                    "name; location and camera details are removed from the picture."))
    upload = SubmitField(_l("Upload logo"))
    remove = SubmitField(_l("Remove logo"))

    def validate_logo(self, field) -> None:
        """A file is needed to upload, not to remove."""
        if not self.remove.data and not (field.data and getattr(field.data, "filename", "")):
            raise ValidationError(_l("Choose a PNG, JPEG or WebP picture to upload."))
