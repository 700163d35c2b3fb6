"""The public registration form, for anyone who may see the forum, its "check your email" answer, and "email
me my link" for someone registered already. A participant's own registration is in participant.py. What
the form does with a submission, and why its answer never says whether an address was registered, is in
intake.py."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...accounts.browser import link_mail_refused
from ...agenda.queries import list_clusters
from ...core import hooks
from ...core.views import ForumView
from ...forums.versions import versions_for
from .. import intake, links, queries, seats
from ..forms import ResendLinkForm, registration_form_for
from ..labels import MODE_LABELS
from ..translations import localise_clusters, localise_questions
from .answers import AcceptsAnswerFiles


def registration_form(forum, settings, registration=None, questions=None):
    """The forum's registration form: a POST's own values, else the registration's answers (to change them),
    else the signed-in person's name and email. Organisers' own questions are never on it."""
    kwargs = {}
    if registration is not None and request.method != "POST":
        prefs = list(registration.cluster_preferences or []) + [0, 0, 0]
        kwargs["data"] = {
            "name": registration.name, "email": registration.email,
            "organisation": registration.organisation_name, "job_title": registration.job_title,
            "country": registration.country, "category": registration.category,
            "attendance_mode": registration.attendance_mode, "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs, "gender": registration.gender,
            "consent_privacy": registration.consent_privacy, "consent_photos": registration.consent_photos,
            "list_publicly": registration.list_publicly,
            "cluster_1": prefs[0], "cluster_2": prefs[1], "cluster_3": prefs[2],
            **{f"q_{qid}": value for qid, value in (registration.answers or {}).items()},
        }
    elif request.method != "POST" and current_user.is_authenticated:
        kwargs["data"] = {"name": current_user.name, "email": current_user.email}
    questions = queries.participant_questions(queries.list_questions(forum) if questions is None else questions)
    categories = queries.public_categories(settings)
    given = registration is not None and registration.category not in categories
    if given:
        categories = [registration.category]  # given by the organisers: kept, not changed from here
    versions = versions_for(forum)  # the questions, choices and clusters in the reader's language
    form = registration_form_for(forum, localise_clusters(list_clusters(forum), versions),
                                 localise_questions(questions, versions), settings.invitation_only, categories,
                                 **kwargs)
    form.versions = versions
    form.category_given = given  # shown as text: a one-option dropdown offers nothing
    if registration is not None:  # the files sent before: named on the page, kept unless another is chosen
        asked = {question.id for question in questions}  # never a file of the organisers' own questions
        form.stored_files = {question_id: row.filename for question_id, row
                             in queries.answer_files_of(registration).items() if question_id in asked}
    return form


def _places_notes(places: dict[str, int | None]) -> list[str]:
    """What the form says, before anyone submits, about the places of each attendance mode."""
    notes = []
    for mode, left in places.items():
        label = MODE_LABELS[mode]
        if left == 0:
            notes.append(_("%(mode)s: all places are taken; choosing it puts you on the waiting list, with a "
                           "place automatically if one opens up.", mode=label))
        elif left is None:
            notes.append(_("%(mode)s: places open.", mode=label))
        else:
            notes.append(ngettext("%(mode)s: %(num)d place left.", "%(mode)s: %(num)d places left.", left,
                                  mode=label))
    return notes


def _render_form(forum, settings, form, status=200, closed=None, retry_after=0):
    closed = closed or seats.closed_reason(forum, settings)
    existing = queries.registration_of_user(forum, current_user)
    places = queries.places_by_mode(forum, settings) if not closed and existing is None else {}
    if request.method == "GET" and places.get("in_person") == 0 and places.get("online", 0) != 0:
        form.attendance_mode.data = "online"  # not a full mode chosen for someone who may not look
    response = make_response(render_template(
        "registration/register.html", forum=forum, settings=settings, form=form, closed=closed,
        title=form.versions.of_forum(forum, "title"), versions=form.versions,
        names=hooks.organisation_suggestions(), existing=existing,
        retry_minutes=-(-retry_after // 60) if retry_after else 0,
        places_hint=" ".join(_places_notes(places)) if len(places) > 1 else "",
        all_full=bool(places) and all(left == 0 for left in places.values())), status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


class RegisterView(AcceptsAnswerFiles):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"
    defers_write_lock = True  # building and checking the form need no lock; register() takes it

    def get(self, forum):
        settings = queries.get_settings(forum)
        return _render_form(forum, settings, registration_form(forum, settings))

    def post(self, forum):
        settings = queries.get_settings(forum)  # read only: register() re-reads it under the forum lock
        form = registration_form(forum, settings)
        if seats.closed_reason(forum, settings):
            return _render_form(forum, settings, form, 409)
        self.page = settings, form
        retry_after = intake.retry_after(forum)
        if retry_after:  # what they typed stays in the form, to send when the time has passed
            return _render_form(forum, settings, form, 429, retry_after=retry_after)
        if form.validate_on_submit():
            # one answer whatever became of it: registered now, registered already, or a robot (intake.py)
            intake.register_from_form(forum, form.data_for_operations(), current_user,
                                      honeypot=form.website.data or "")
            flash(_("Thank you. We have sent an email to %(email)s: it says whether your place is confirmed, "
                    "awaits the organisers' approval or is on the waiting list, and it holds your private link "
                    "to see, change or cancel your registration.", email=form.email.data), "success")
            return redirect(url_for("registration.sent", slug=forum.slug))
        return _render_form(forum, settings, form, 422)

    def refused(self, error, forum):
        """Closed meanwhile: the closed page. A wrong invitation code: beside its field, as any refusal."""
        settings, form = self.page
        if isinstance(error, seats.RegistrationClosed):  # since the page was read, or while waiting
            return _render_form(forum, settings, form, 409, closed=error.message)
        form.add_error(error.field, error.message)
        return _render_form(forum, settings, form, 422)


class SentView(ForumView):
    """The answer to every registration sent on the public form: check your email. It never says whether a
    registration was made (see intake.py); a signed-in person whose account holds one gets a way to it."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum):
        return render_template("registration/sent.html", forum=forum, resend_form=ResendLinkForm(),
                               existing=queries.registration_of_user(forum, current_user))


class ResendLinkView(ForumView):
    """Email a working manage link to a registered address: someone registering twice, or holding a link
    that no longer opens anything. The answer is the same whether or not the address is registered."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def post(self, forum):
        form = ResendLinkForm()
        if form.validate_on_submit():
            email = form.email.data.strip().lower()
            if not link_mail_refused([f"email:{email}"]):
                registration = queries.registration_by_email(forum, email)
                if registration is not None and registration.erased_at is None:
                    links.email_current_link(forum, registration)
                flash(_("If %(email)s is registered for this forum, a link to manage the registration is on its "
                        "way.", email=form.email.data), "success")
        else:
            flash(_("Enter an email address like name@example.org."), "error")
        return redirect(url_for("forums.detail", slug=forum.slug))  # not the empty form: nobody registers twice
