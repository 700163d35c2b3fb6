"""The plenary synthesis page: cluster recommendations on the left, the forum's on the right.

Its small forms live here rather than in forms.py because only this page uses them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from ..core.forms import Form, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from ..core.views import ForumView, or_404
from . import synthesis
from .models import ADOPTION_STATUSES

ADOPTION_LABELS = {"proposed": _l("Proposed"), "adopted": _l("Adopted"), "noted": _l("Noted"),
                 "rejected": _l("Rejected")}
PRIORITY_LABELS = {"high": _l("High priority"), "medium": _l("Medium priority"), "low": _l("Low priority")}
EXPIRED = _l("The form expired. Please try again.")


class BareForm(Form):
    """A POST with CSRF only (buttons, and the merge form whose checkboxes are read by hand)."""


class RecommendationForm(Form):
    # No maxlength in the page: a browser would cut a long paste silently; the server says so instead.
    text = TextField(_l("Wording"), [InputRequired(_l("Write the recommendation's text."))],
                     max_length=synthesis.MAX_TEXT, render_kw={"maxlength": False},
                     description=_l("At most 10,000 characters."))
    addressee = LineField(_l("Addressed to"), [Optional()], max_length=synthesis.MAX_ADDRESSEE)


class StatusForm(Form):
    # Choices are not checked here: the operation refuses an unknown status with a clearer message.
    status = SelectField(_l("Decision at the plenary"), choices=list(ADOPTION_LABELS.items()), validate_choice=False)


def _edit_form(recommendation, from_request: bool = False) -> RecommendationForm:
    """The edit form of one recommendation; ids are made unique, names stay plain (text, addressee)."""
    if from_request:
        form = RecommendationForm()
    else:
        form = RecommendationForm(formdata=None, data={"text": recommendation.text,
                                                       "addressee": recommendation.addressee})
    form.text.id = f"text-{recommendation.id}"
    form.addressee.id = f"addressee-{recommendation.id}"
    return form


class _SynthesisView(ForumView):
    permission = "notes.review"

    def page(self, forum, status: int = 200, *, merge_error: str | None = None, picked=(),
             edit_forms: dict | None = None, status_errors: dict | None = None, open_id: int | None = None):
        recommendations = synthesis.forum_recommendations(forum)
        edit_forms = dict(edit_forms or {})
        for recommendation in recommendations:
            edit_forms.setdefault(recommendation.id, _edit_form(recommendation))
        return render_template(
            "clusters/synthesis.html", forum=forum, groups=synthesis.cluster_recommendations(forum),
            recommendations=recommendations, numbers={r.id: n for n, r in enumerate(recommendations, 1)},
            edit_forms=edit_forms, status_errors=status_errors or {}, merge_error=merge_error,
            picked=set(picked), open_id=open_id, ADOPTION_LABELS=ADOPTION_LABELS, PRIORITY_LABELS=PRIORITY_LABELS,
            statuses=ADOPTION_STATUSES, source_name=synthesis.source_name), status

    def load(self, forum, recommendation_id: int):
        return or_404(synthesis.get_recommendation(forum, recommendation_id))

    def back(self, forum, recommendation_id: int | None = None, **args):
        anchor = f"rec-{recommendation_id}" if recommendation_id else None
        return redirect(url_for("clusters.synthesis", slug=forum.slug, _anchor=anchor, **args))


class SynthesisView(_SynthesisView):
    def get(self, forum):
        return self.page(forum, open_id=request.args.get("edit", type=int))


class MergeView(_SynthesisView):
    """Several cluster recommendations into one forum recommendation (or one "as it is")."""

    def post(self, forum):
        raw = self.picked()
        if not BareForm().validate_on_submit():
            return self.page(forum, 422, merge_error=str(EXPIRED), picked=raw)
        picks = [pick for pick in map(synthesis.parse_pick, raw) if pick is not None]
        recommendation = synthesis.merge_recommendations(forum, picks)
        left_out = len(set(picks)) - len(recommendation.sources)
        if left_out:
            flash(_("%(count)d of the chosen recommendations were no longer available and were left out.",
                    count=left_out), "warning")
        flash(_("Forum recommendation added. Edit its wording below."), "success")
        return self.back(forum, recommendation.id, edit=recommendation.id)

    def refused(self, error, forum):
        return self.page(forum, 422, merge_error=error.message, picked=self.picked())

    @staticmethod
    def picked() -> list[str]:
        """What was ticked, as sent: one recommendation "as it is", or the boxes of several."""
        single = request.form.get("single")
        return [single] if single else request.form.getlist("pick")


class EditView(_SynthesisView):
    def post(self, forum, recommendation_id: int):
        recommendation = self.load(forum, recommendation_id)
        form = _edit_form(recommendation, from_request=True)
        self.on_refusal(form, lambda: self.page(forum, 422, edit_forms={recommendation_id: form},
                                                open_id=recommendation_id))
        if form.validate_on_submit():
            synthesis.update_recommendation(recommendation, form.text.data, form.addressee.data)
            flash(_("Recommendation saved."), "success")
            return self.back(forum, recommendation.id)
        return self.page(forum, 422, edit_forms={recommendation.id: form}, open_id=recommendation.id)


class StatusView(_SynthesisView):
    def post(self, forum, recommendation_id: int):
        recommendation = self.load(forum, recommendation_id)
        form = StatusForm()
        if not form.validate_on_submit():
            return self.page(forum, 422, status_errors={recommendation.id: str(EXPIRED)})
        synthesis.set_status(recommendation, form.status.data)
        flash(_("Marked %(status)s.", status=str(ADOPTION_LABELS[recommendation.status]).lower()), "success")
        return self.back(forum, recommendation.id)

    def refused(self, error, forum, recommendation_id: int):
        return self.page(forum, 422, status_errors={recommendation_id: error.message})


class MoveView(_SynthesisView):
    def post(self, forum, recommendation_id: int, direction: str):
        recommendation = self.load(forum, recommendation_id)
        if BareForm().validate_on_submit():
            synthesis.move(forum, recommendation, direction)
        else:
            flash(str(EXPIRED), "error")
        return self.back(forum, recommendation.id)


class DeleteView(_SynthesisView):
    def post(self, forum, recommendation_id: int):
        recommendation = self.load(forum, recommendation_id)
        if BareForm().validate_on_submit():
            synthesis.delete(forum, recommendation)
            flash(_("Recommendation deleted. The clusters' notes are unchanged."), "success")
        else:
            flash(str(EXPIRED), "error")
        return self.back(forum)
