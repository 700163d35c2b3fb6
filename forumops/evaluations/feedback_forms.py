"""The form a participant rates a session with: a rating from 1 to 5 (radio buttons) and an optional comment."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.validators import ValidationError

from ..core.forms import Form, TextField
from ..core.i18n import lazy_gettext as _l
from .feedback_queries import COMMENT_LIMIT, RATINGS, feedback_of

RATING_LABELS = {1: _l("1 · Poor"), 2: _l("2 · Fair"), 3: _l("3 · Good"), 4: _l("4 · Very good"),
                 5: _l("5 · Excellent")}


class FeedbackForm(Form):
    # choices are checked by validate_rating, with our own words, not WTForms' "Not a valid choice"
    rating = RadioField(_l("How would you rate this session?"),
                        choices=[(str(value), RATING_LABELS[value]) for value in RATINGS], validate_choice=False)
    comment = TextField(_l("Comment (optional)"), max_length=COMMENT_LIMIT,
                        description=_l("What worked, what could be better. The presenters read comments without "
                                       "your name."), render_kw={"rows": 4})

    def validate_rating(self, field):
        if field.data not in {str(value) for value in RATINGS}:
            raise ValidationError(_l("Choose a rating from 1 to 5."))

    def rating_value(self) -> int:
        """The rating chosen, as a number (after validation)."""
        return int(self.rating.data)


def form_for(item, registration) -> FeedbackForm:
    """The rating form, holding what this person said before (if anything)."""
    given = feedback_of(item, registration) if registration is not None else None
    return FeedbackForm(formdata=None, rating=str(given.rating) if given else None,
                        comment=given.comment if given else "")
