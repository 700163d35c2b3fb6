"""The form of the outcome report's evaluation chapter: which questions' charts it shows, which answers it quotes.
Validation only (CSRF, ids that are numbers); which ids belong to the survey is chapter_operations' to check."""

from __future__ import annotations

from wtforms import SubmitField

from ..core.forms import Form, MultiCheckboxField
from ..core.i18n import lazy_gettext as _l


class ChapterForm(Form):
    # the survey's questions ticked "Show in the outcome report" (their item ids)
    questions = MultiCheckboxField(_l("Show in the outcome report"), coerce=int, validate_choice=False)
    # the free-text answers ticked "Quote in the report", each "<response id>:<item id>" (quote_key)
    quotes = MultiCheckboxField(_l("Quote in the report"), validate_choice=False)
    save = SubmitField(_l("Save what the report shows"))

    page_order = ("questions", "quotes")


def quote_key(response_id: str, item_id: int) -> str:
    """How the page names one free-text answer (its row is response, item, choice 0)."""
    return f"{response_id}:{item_id}"


def parse_quote_keys(values: list[str] | None) -> set[tuple[str, int]]:
    """The (response id, item id) of each well-formed key; anything else is not an answer and is left out."""
    keys = set()
    for value in values or ():
        response_id, _sep, item_id = str(value).partition(":")
        if response_id and item_id.isdigit():
            keys.add((response_id, int(item_id)))
    return keys
