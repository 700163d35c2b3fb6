"""The organisers' certificate pages: writing it (design), choosing who receives it, previewing it for anyone,
publishing and unpublishing, and downloading every certificate as one PDF or a ZIP. HTTP only."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_of, written_in
from ..core.views import ForumView, or_404
from ..forums.versions import main_language, other_languages
from ..registration.attendance import forum_days
from . import downloads, operations, queries, texts
from .forms import ButtonForm, DesignForm, PreviewForm, RecipientsForm
from .printing import Designs, preview_printed, printed_of, wordings

PERMISSION = "certificates.manage"
PREVIEW_LIST_LIMIT = 500  # people offered in the preview's list (by name); a forum larger than this previews the first

DEFAULT_TITLE = _l("Certificate of attendance")
DEFAULT_BODY = _l("This is to certify that {name} of {organisation} took part in {forum}, held {dates}, and "
                  "attended {days_attended} of its {days_total} days.")


def logo_choices(forum) -> list[tuple[str, str]]:
    """The logos a certificate may print: the forum's own, then each partner's that has one."""
    choices = [("forum", _("The forum’s own logo"))] if forum.logo is not None else []
    seen = set()
    for partner in forum.partners:
        organisation = partner.organisation
        if organisation.logo is not None and organisation.id not in seen:
            seen.add(organisation.id)
            choices.append((f"organisation:{organisation.id}", organisation.name))
    return choices


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
        preview = PreviewForm(formdata=None)
        preview.person.choices = [(p.registration_id, p.name) for p in people[:PREVIEW_LIST_LIMIT]]
        written = set(wordings(forum, template)) if template is not None else set()
        return render_template(
            "certificates/design.html", forum=forum, form=form, template=template, preview_form=preview,
            placeholders=texts.PLACEHOLDERS, signatories={p.id: p for p in queries.list_signatories(forum)},
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
    """One person's certificate as publishing would issue it now, in their language, marked a preview."""

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
        printed = preview_printed(forum, designs, person, days, queries.session_hours(forum))
        return downloads.pdf_response(designs, [printed], f"{forum.slug}-certificate-preview", inline=True)


def _recipients_form(forum, template, posted: bool) -> RecipientsForm:
    if posted:
        form = RecipientsForm()
    else:
        people = queries.candidates(forum, template)
        form = RecipientsForm(formdata=None, rule=template.rule if template else "days",
                              min_days=template.min_days if template else 1,
                              picked=[p.registration_id for p in people if p.picked],
                              excluded=[p.registration_id for p in people if p.excluded])
    total = len(forum_days(forum))
    form.min_days.choices = [(n, ngettext("%(num)d day of %(total)d", "%(num)d days of %(total)d", n, total=total))
                             for n in range(1, total + 1)]
    return form


class RecipientsView(ForumView):
    """Who receives a certificate (the rule, the hand-picked, the left out), each confirmed person with their
    days attended and what they get; publishing and the organisers' downloads."""

    permission = PERMISSION

    def render(self, forum, form, status: int = 200, publish_form=None):
        template = queries.get_template(forum)
        people = queries.candidates(forum, template)
        new = sum(1 for p in people if p.eligible and p.issued_id is None)
        issued = sum(1 for p in people if p.issued_id is not None and not p.revoked)
        return render_template(
            "certificates/recipients.html", forum=forum, form=form, template=template, people=people,
            days_total=len(forum_days(forum)), eligible=sum(1 for p in people if p.eligible), new=new,
            issued=issued, picked=set(form.picked.data or []), excluded=set(form.excluded.data or []),
            publish_form=publish_form or ButtonForm(), unpublish_form=ButtonForm()), status

    def get(self, forum):
        return self.render(forum, _recipients_form(forum, queries.get_template(forum), posted=False))

    def post(self, forum):
        form = _recipients_form(forum, queries.get_template(forum), posted=True)
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.save_recipients(forum, form.rule.data, form.min_days.data or 0, form.picked.data or [],
                                   form.excluded.data or [])
        flash(_("Saved who receives a certificate."), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class PublishView(RecipientsView):
    """Issue the certificates of everyone eligible who has none yet, and open the downloads."""

    def get(self, forum):
        return redirect(url_for("certificates.recipients", slug=forum.slug))

    def post(self, forum):
        form = ButtonForm()
        self.on_refusal(form, lambda: self.render(
            forum, _recipients_form(forum, queries.get_template(forum), posted=False), 422, publish_form=form))
        if not form.validate_on_submit():
            return redirect(url_for("certificates.recipients", slug=forum.slug))
        outcome = operations.publish(forum, current_user)
        flash(ngettext("Published: %(num)d certificate issued now; %(holding)d people can download theirs.",
                       "Published: %(num)d certificates issued now; %(holding)d people can download theirs.",
                       outcome.issued, holding=outcome.holding), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class UnpublishView(ForumView):
    permission = PERMISSION

    def post(self, forum):
        if ButtonForm().validate_on_submit():
            operations.unpublish(forum)
            flash(_("Unpublished: people can no longer download their certificates. Those already issued stay "
                    "valid until you revoke them."), "success")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class _AllView(ForumView):
    """Every valid certificate of the forum, for the organisers to print or send on."""

    permission = PERMISSION

    def certificates(self, forum):
        """(designs, printed) of every certificate not revoked, or None when none is issued."""
        issued = queries.issued_certificates(forum)
        template = queries.get_template(forum)
        if not issued or template is None:
            return None
        return Designs(forum, template, queries.chosen_signatories(forum, template)), [printed_of(i) for i in issued]

    def nothing(self, forum):
        flash(_("No certificate is issued yet: publish the certificate first."), "error")
        return redirect(url_for("certificates.recipients", slug=forum.slug))


class AllPdfView(_AllView):
    def get(self, forum):
        found = self.certificates(forum)
        if found is None:
            return self.nothing(forum)
        designs, printed = found
        return downloads.pdf_response(designs, printed, f"{forum.slug}-certificates")


class AllZipView(_AllView):
    def get(self, forum):
        found = self.certificates(forum)
        if found is None:
            return self.nothing(forum)
        designs, printed = found
        return downloads.zip_response(designs, printed, f"{forum.slug}-certificates")
