"""Series pages of the follow-up (organisers, "forum.edit"): what became of the previous edition, and
the next edition made from this one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core.text import has_control_characters
from ..core.views import or_404
from . import editions, queries
from .forms import EXPIRED, BareForm, NewEditionForm
from .labels import OUTCOMES
from .queries import local_today
from .views import LABELS, _OrganiserView

MAX_NOTE = editions.MAX_TEXT


class PreviousView(_OrganiserView):
    """The previous edition's recommendations and open plans, each with "what became of it"."""

    def work(self, forum):
        previous = queries.previous_edition(forum, current_user)
        return queries.previous_work(forum, previous) if previous is not None else None

    def render(self, forum, work, entries=None, errors=None, status=200):
        return render_template("followup/previous.html", forum=forum, work=work, entries=entries or {},
                               errors=errors or {}, outcomes=OUTCOMES, **LABELS), status

    def get(self, forum):
        return self.render(forum, self.work(forum))

    def post(self, forum):
        work = or_404(self.work(forum))
        entries, errors = {}, {}
        for kind, items in (("rec", work.recommendations), ("plan", work.plans)):
            for item in items:
                prefix = f"{kind}-{item.id}"
                outcome = request.form.get(f"{prefix}-outcome", "unknown")
                text = request.form.get(f"{prefix}-text", "")
                entries[(kind, item.id)] = {"outcome": outcome, "text": text}
                if outcome not in OUTCOMES:
                    errors[f"{prefix}-outcome"] = _("Choose one of the outcomes offered.")
                if len(text) > MAX_NOTE:
                    errors[f"{prefix}-text"] = _("Use at most %(max)d characters.", max=MAX_NOTE)
                elif has_control_characters(text):
                    errors[f"{prefix}-text"] = _("This contains invisible control characters. Please retype it "
                                                 "rather than pasting.")
        if not BareForm().validate_on_submit():
            errors["form"] = str(EXPIRED)
        if errors:
            return self.render(forum, work, entries, errors, 422)
        self.page = work, entries
        changed = editions.save_followup_notes(forum, work, entries, current_user)
        flash(ngettext("Saved: %(num)d changed.", "Saved: %(num)d changed.", changed) if changed
              else _("Nothing had changed."), "success")
        return redirect(url_for("followup.previous", slug=forum.slug))

    def refused(self, error, forum):
        work, entries = self.page
        return self.render(forum, work, entries, {error.field or "form": error.message}, 422)


class NewEditionView(_OrganiserView):
    """A draft next edition, copied from this forum; its creator becomes its organiser."""

    def render(self, forum, form, status=200):
        return render_template("followup/new_edition.html", forum=forum, form=form,
                               editions=queries.next_editions(forum)), status

    def get(self, forum):
        start = editions.suggested_start(forum, local_today(forum))
        form = NewEditionForm(formdata=None, data={
            "title": editions.suggested_title(forum, start), "slug": editions.suggested_slug(forum, start),
            "start_date": start, "series": forum.series.name if forum.series else forum.title})
        return self.render(forum, form)

    def post(self, forum):
        form = NewEditionForm()
        form.earliest = local_today(forum)
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            new = editions.create_next_edition(forum, {
                "title": form.title.data, "slug": form.slug.data, "start_date": form.start_date.data,
                "series": form.series.data}, current_user)
            flash(_("The next edition is created as a draft, with this forum's concept note, clusters, "
                    "programme and registration questions, dates moved to the new ones. Speakers and "
                    "participants are not copied."), "success")
            return redirect(url_for("forums.detail", slug=new.slug))
        return self.render(forum, form, 422)
