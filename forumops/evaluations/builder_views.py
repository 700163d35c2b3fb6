"""The organisers' survey pages: the forum's surveys (and a new one), a survey's settings, and opening or closing
it. The question editor is builder_item_views.py. HTTP only: builder_operations writes, builder_queries reads."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..agenda.queries import list_clusters
from ..core.i18n import day_in_zone
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..core.views import ForumView, or_404
from ..forums.models import Forum
from ..registration.labels import CATEGORY_LABELS
from . import builder_operations as operations
from . import builder_queries as queries
from .builder_forms import ActionForm, NewSurveyForm, SettingsForm
from .labels import AUDIENCE_LABELS, ROUND_LABELS
from .models import Survey
from .queries import find_survey
from .rates import asked_counts
from .starting import STARTING_TEMPLATES

PERMISSION = "evaluations.manage"
TIME_FIELDS = ("opens_at", "closes_at", "after_opens_at")


def audience_text(survey: Survey, clusters: dict[int, str]) -> str:
    """Who the survey asks, as the list says it."""
    if survey.audience == "cluster":
        return _("Members of the cluster %(name)s", name=clusters.get(survey.audience_cluster_id or 0, "?"))
    if survey.audience == "category":
        return _("People of the category %(name)s",
                 name=str(CATEGORY_LABELS.get(survey.audience_category, survey.audience_category)))
    return str(AUDIENCE_LABELS[survey.audience])


def to_utc(forum: Forum, typed: datetime | None) -> datetime | None:
    """A wall-clock time typed in the forum's time zone (as the form says), as the instant it names."""
    return typed.replace(tzinfo=ZoneInfo(forum.timezone)).astimezone(UTC) if typed else None


def to_wall_clock(forum: Forum, instant: datetime | None) -> datetime | None:
    """An instant as the form shows it: the wall-clock time in the forum's time zone."""
    return instant.astimezone(ZoneInfo(forum.timezone)).replace(tzinfo=None) if instant else None


class SurveysView(ForumView):
    """Every survey of the forum with its state, who it asks and how many answered; a new one from a template."""

    permission = PERMISSION

    def render(self, forum, form, status: int = 200):
        clusters = {cluster.id: cluster.name for cluster in list_clusters(forum)}
        rows = queries.survey_rows(forum)
        return render_template("evaluations/builder/surveys.html", forum=forum, form=form, rows=rows,
                               audiences={row.survey.id: audience_text(row.survey, clusters) for row in rows},
                               round_labels=ROUND_LABELS,
                               templates=STARTING_TEMPLATES), status

    def get(self, forum):
        return self.render(forum, NewSurveyForm(formdata=None))

    def post(self, forum):
        form = NewSurveyForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        survey = operations.create_survey(forum, form.start.data, form.title.data or "")
        flash(_("“%(title)s” is created as a draft. Check its questions and settings, then open it.",
                title=survey.title), "success")
        return redirect(url_for("evaluations.survey_questions", slug=forum.slug, survey_id=survey.id))


def _settings_form(forum: Forum, survey: Survey, posted: bool) -> SettingsForm:
    if posted:
        form = SettingsForm()
    else:
        # no obj=: WTForms would prefer the survey's own attributes (UTC instants, a bool) to these
        form = SettingsForm(formdata=None, title=survey.title, intro=survey.intro, kind=survey.kind,
                            anonymous="anonymous" if survey.anonymous else "named", audience=survey.audience,
                            audience_cluster_id=survey.audience_cluster_id or 0,
                            audience_category=survey.audience_category,
                            **{name: to_wall_clock(forum, getattr(survey, name)) for name in TIME_FIELDS})
    form.audience_cluster_id.choices = [(0, _("— choose —"))] + [(c.id, c.name) for c in list_clusters(forum)]
    return form


class SurveySettingsView(ForumView):
    """A survey's title, intro, kind, names, who is asked and its times; buttons to open and close it now."""

    permission = PERMISSION

    def render(self, forum, survey, form, status: int = 200):
        now = utcnow()
        return render_template("evaluations/builder/settings.html", forum=forum, survey=survey, form=form,
                               state=queries.survey_state_of(survey, now), answered=queries.has_responses(survey),
                               after_started=survey.phase_at(now) == "after", action_form=ActionForm(),
                               asked=asked_counts(forum.id, [survey])[survey.id],
                               audience_label=AUDIENCE_LABELS[survey.audience],
                               before_forum=day_in_zone(forum.timezone, now) < forum.start_date), status

    def get(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        return self.render(forum, survey, _settings_form(forum, survey, posted=False))

    def post(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        form = _settings_form(forum, survey, posted=True)
        self.on_refusal(form, lambda: self.render(forum, survey, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, survey, form, 422)
        operations.update_settings(forum, survey, {
            "title": form.title.data, "intro": form.intro.data, "kind": form.kind.data,
            "anonymous": form.anonymous.data == "anonymous", "audience": form.audience.data,
            "audience_cluster_id": form.audience_cluster_id.data, "audience_category": form.audience_category.data,
            **{name: to_utc(forum, getattr(form, name).data) for name in TIME_FIELDS}})
        if form.kind.data == "test" and form.anonymous.data == "anonymous":
            flash(_("Saved. A test is always named, so this one keeps names."), "success")
        else:
            flash(_("Settings saved."), "success")
        return redirect(url_for("evaluations.survey_settings", slug=forum.slug, survey_id=survey.id))


class _StateView(ForumView):
    """A button that changes when the survey takes answers; a refusal is said at the top of the settings page."""

    permission = PERMISSION
    done_message: object = ""  # a lazy string

    def change(self, survey: Survey) -> None:
        raise NotImplementedError

    def post(self, forum, survey_id: int):
        survey = or_404(find_survey(forum, survey_id))
        back = url_for("evaluations.survey_settings", slug=forum.slug, survey_id=survey.id)
        self.on_refusal(None, lambda: redirect(back))
        if not ActionForm().validate_on_submit():
            flash(_("The form expired. Press the button again."), "error")
            return redirect(back)
        self.change(survey)
        flash(str(self.done_message), "success")
        return redirect(back)


class OpenSurveyView(_StateView):
    done_message = _l("The survey is open: the people asked can answer it now.")

    def change(self, survey: Survey) -> None:
        operations.open_now(survey)


class CloseSurveyView(_StateView):
    done_message = _l("The survey is closed: it takes no more answers.")

    def change(self, survey: Survey) -> None:
        operations.close_now(survey)


class StartAfterRoundView(_StateView):
    done_message = _l("The end-of-training round has started: answers sent from now on count as “after”.")

    def change(self, survey: Survey) -> None:
        operations.start_after_round_now(survey)
