"""The organisers' certificate pages: writing it (design), previewing it for anyone, and downloading every
certificate as one PDF or a ZIP; who receives it and publishing are publish_views.py. HTTP only."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_of, written_in
from ..core.text import search_key
from ..core.views import ForumView, or_404
from ..forums.versions import main_language, other_languages
from ..registration.attendance import forum_days
from . import downloads, operations, queries, texts
from .forms import DesignForm, FindPersonForm, PreviewForm
from .printing import Designs, Printed, preview_printed, printed_of, wordings

PERMISSION = "certificates.manage"
PREVIEW_MATCHES = 10  # people the design page lists to preview: the first by name, or those found by name

DEFAULT_TITLE = _l("Certificate of attendance")
DEFAULT_BODY = _l("This is to certify that {name} of {organisation} took part in {forum}, held {dates}, and "
                  "attended {days_attended} of its {days_total} days.")


def logo_choices(forum) -> list[tuple[str, str]]:
    """The logos a certificate may print: the forum's own, then each partner's that has one."""
    choices = [("forum", _("The forum’s own logo"))] if forum.logo is not None else []
    return choices + [(f"organisation:{organisation_id}", name)
                      for organisation_id, name in queries.partners_with_logos(forum)]


def standing(person: queries.Candidate, template, days_total: int) -> str:
    """What the rule gives this person now, as the design page and the preview's footnote say it."""
    if person.revoked:
        return _("their certificate was revoked")
    if person.issued_id is not None:
        return _("holds a certificate")
    if person.eligible:
        return _("receives one on publishing")
    if person.excluded:
        return _("not eligible: left out by the organisers")
    if template is not None and template.rule == "picked":
        return _("not eligible under the current rule: not ticked")
    return _("not eligible under the current rule: %(days)d of %(total)d days", days=person.days, total=days_total)


def preview_matches(people: list[queries.Candidate], wanted: str) -> tuple[list[queries.Candidate], int]:
    """The people to offer a preview of: those whose name holds every word typed (accents and case aside), else
    everyone; the first PREVIEW_MATCHES by name, and how many there are in all."""
    words = search_key(wanted).split()
    found = [p for p in people if all(word in search_key(p.name) for word in words)] if words else people
    return found[:PREVIEW_MATCHES], len(found)


def _design_form(forum, template, posted: bool) -> DesignForm:
    if posted:
        form = DesignForm()
    elif template is not None:
        form = DesignForm(formdata=None, title=template.title, body=template.body,
                          signatories=template.signatory_ids, logos=template.logos)
    else:  # a first draft to start from, in the forum's main language
        with written_in(main_language(forum)):
            form = DesignForm(formdata=None, title=str(DEFAULT_TITLE), body=str(DEFAULT_BODY),
                              logos=[key for key, _label in logo_choices(forum)])
    form.signatories.choices = [(person.id, person.name) for person in queries.list_signatories(forum)]
    form.logos.choices = logo_choices(forum)
    return form


class DesignView(ForumView):
    """The certificate's words, signatories and logos; its versions in other languages; a preview for anyone."""

    permission = PERMISSION

    def render(self, forum, form, status: int = 200):
        template = queries.get_template(forum)
        people = queries.candidates(forum, template)
        find = FindPersonForm(request.args)
        matches, found = preview_matches(people, (find.who.data or "") if find.validate() else "")
        days_total = len(forum_days(forum))
        written = set(wordings(forum, template)) if template is not None else set()
        return render_template(
            "certificates/design.html", forum=forum, form=form, template=template, find_form=find,
            matches=[(person, standing(person, template, days_total)) for person in matches], found=found,
            everyone=len(people), placeholders=texts.PLACEHOLDERS, has_sessions=bool(queries.session_hours(forum)),
            signatories={p.id: p for p in queries.list_signatories(forum)},
            issued=sum(1 for p in people if p.issued_id is not None and not p.revoked),
            languages=[(language_of(code), code in written) for code in other_languages(forum)],
            main=language_of(main_language(forum))), status

    def get(self, forum):
        return self.render(forum, _design_form(forum, queries.get_template(forum), posted=False))

    def post(self, forum):
        form = _design_form(forum, queries.get_template(forum), posted=True)
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.save_design(forum, {"title": form.title.data, "body": form.body.data,
                                       "signatories": form.signatories.data, "logos": form.logos.data},
                               [key for key, _label in form.logos.choices])
        flash(_("The certificate is saved. Preview it for someone before you publish it."), "success")
        return redirect(url_for("certificates.design", slug=forum.slug))


class PreviewView(ForumView):
    """One person's certificate as publishing would issue it now, in their language, marked a preview (and, for
    someone the rule gives none, saying so)."""

    permission = PERMISSION

    def get(self, forum):
        template = queries.get_template(forum)
        if template is None or not template.title or not template.body:
            flash(_("Write and save the certificate first, then preview it."), "error")
            return redirect(url_for("certificates.design", slug=forum.slug))
        form = PreviewForm(request.args)
        wanted = form.person.data if form.validate() else None
        person = or_404(next((p for p in queries.candidates(forum, template) if p.registration_id == wanted), None))
        designs = Designs(forum, template, queries.chosen_signatories(forum, template))
        days = queries.days_of(forum, [person.registration_id]).get(person.registration_id, [])
        note = "" if person.eligible or person.issued_id else standing(person, template, len(forum_days(forum)))
        printed = preview_printed(forum, designs, person, days, queries.session_hours(forum), note)
        return downloads.pdf_response(designs, [printed], f"{forum.slug}-certificate-preview", inline=True)


class _AllView(ForumView):
    """Every valid certificate of the forum, for the organisers to print or send on, as `respond` packs them."""

    permission = PERMISSION
    respond: Callable[[Designs, list[Printed], str], Response] = staticmethod(downloads.pdf_response)

    def get(self, forum):
        issued = queries.issued_certificates(forum)
        template = queries.get_template(forum)
        if not issued or template is None:
            flash(_("No certificate is issued yet: publish the certificate first."), "error")
            return redirect(url_for("certificates.recipients", slug=forum.slug))
        designs = Designs(forum, template, queries.chosen_signatories(forum, template))
        return self.respond(designs, [printed_of(i) for i in issued], f"{forum.slug}-certificates")


class AllPdfView(_AllView):
    """All of them in one PDF."""


class AllZipView(_AllView):
    """One PDF each, in a ZIP."""

    respond = staticmethod(downloads.zip_response)
