"""Cluster and notes forms: validation only."""

from __future__ import annotations

from wtforms import (
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms import Form as SubForm
from wtforms.validators import Email, InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from .notes import MAX_TEXT

PRIORITY_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
ACTION_STATUS_LABELS = {"open": _l("Open"), "in_progress": _l("In progress"), "done": _l("Done")}
NOTE_EVENT_LABELS = {"saved": _l("Saved"), "submitted": _l("Submitted for review"),
                     "returned": _l("Returned with comments"), "approved": _l("Approved"),
                     "published": _l("Published"), "unpublished": _l("Unpublished")}
NOTE_STATUS_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted for review"),
                      "returned": _l("Returned with comments"), "approved": _l("Approved"),
                      "published": _l("Published")}


class ClusterForm(Form):
    name = LineField(_l("Name"), [InputRequired(_l("Give the cluster a name."))], max_length=200)
    description = TextField(_l("Description"), [Optional()], max_length=5000)
    guiding_questions = TextField(_l("Guiding questions"), [Optional()], max_length=5000,
                                  description=_l("One question per line."))
    capacity = IntegerField(_l("Capacity"), [Optional(), NumberRange(min=0, max=10000)],
                            description=_l("Leave empty for no limit."))
    room = LineField(_l("Room"), [Optional()], max_length=120)
    submit = SubmitField(_l("Save cluster"))


STAFF_ROLE_TITLES = {"facilitator": _l("Facilitator"), "rapporteur": _l("Rapporteur")}


class StaffForm(Form):
    """Shown on the cluster's edit page beside ClusterForm: its ids are its own (staff-*), so no label of one
    form focuses a field of the other; the field names stay plain."""

    email = EmailField(_l("Email address"), [InputRequired(_l("Enter an email address.")),
                                            Email(_l("Enter an email address like name@example.org."),
                                                  check_deliverability=False)],
                       filters=[lambda v: v.strip() if isinstance(v, str) else v])
    name = LineField(_l("Their name (optional)"), [Optional()], max_length=200,
                     description=_l("To greet them in the email and fill in their new account."))
    role = SelectField(_l("Role"), choices=list(STAFF_ROLE_TITLES.items()))
    submit = SubmitField(_l("Send the invitation"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RecommendationRow(SubForm):
    text = TextField(_l("Recommendation"), [Optional()], max_length=MAX_TEXT)
    addressee = LineField(_l("Addressed to"), [Optional()], max_length=300,
                          description=_l("For example: ASEAN Secretariat, local governments."))
    priority = SelectField(_l("Priority"), choices=list(PRIORITY_LABELS.items()), default="medium")


class ActionRow(SubForm):
    what = LineField(_l("What"), [Optional()], max_length=500)
    who = LineField(_l("Who"), [Optional()], max_length=200)
    due = DateField(_l("By when"), [Optional()])
    status = SelectField(_l("Status"), choices=list(ACTION_STATUS_LABELS.items()), default="open")


class NotesForm(Form):
    version = HiddenField()
    attendance = MultiCheckboxField(_l("Who attended"), coerce=int, choices=[], validate_choice=False)
    summary = TextField(_l("Discussion summary"), [Optional()], max_length=MAX_TEXT,
                        description=_l("Markdown: **bold**, lists, links."))
    findings = TextField(_l("Key findings"), [Optional()], max_length=MAX_TEXT,
                         description=_l("One finding per line, most important first."))
    challenges = TextField(_l("Challenges"), [Optional()], max_length=MAX_TEXT, description=_l("One per line."))
    recommendations = FieldList(FormField(RecommendationRow), min_entries=2)
    actions = FieldList(FormField(ActionRow), min_entries=2)
    quotes = TextField(_l("Notable quotes"), [Optional()], max_length=MAX_TEXT, description=_l("One per line."))
    submit = SubmitField(_l("Save notes"))

    def raw(self) -> dict:
        return {
            "attendance": self.attendance.data or [],
            "summary": self.summary.data, "findings": self.findings.data, "challenges": self.challenges.data,
            "quotes": self.quotes.data,
            "recommendations": [row.form.data for row in self.recommendations],
            "actions": [{**row.form.data, "due": row.form.due.data.isoformat() if row.form.due.data else ""}
                        for row in self.actions],
        }

    def base_version(self) -> int:
        try:
            return int(self.version.data or 0)
        except ValueError:
            return -1


def notes_form_data(content: dict, version: int) -> dict:
    """Form data from stored content, with two empty rows to add to."""
    from datetime import date

    return {
        "version": str(version), "attendance": content.get("attendance", []),
        "summary": content.get("summary", ""), "findings": "\n".join(content.get("findings", [])),
        "challenges": "\n".join(content.get("challenges", [])), "quotes": "\n".join(content.get("quotes", [])),
        "recommendations": list(content.get("recommendations", [])) + [{}, {}],
        "actions": [{**a, "due": date.fromisoformat(a["due"]) if a.get("due") else None}
                    for a in content.get("actions", [])] + [{}, {}],
    }


class ReviewForm(Form):
    comment = TextField(_l("Comment for the facilitators"), [Optional()], max_length=5000)
    submit = SubmitField(_l("Go"))
