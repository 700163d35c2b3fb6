"""The forum's signatories, shared by its certificates and letters: who signs, their title, their signature image
(stored re-encoded like a logo, shown only to the organisers: a signature is not for everyone to copy)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.files import logo_image
from ..core.views import ForumView, or_404
from . import operations, queries
from .forms import ButtonForm, SignatoryForm

PERMISSION = "certificates.manage"
SIGNATURE_PX = 480  # the organisers' page shows it at most 240 CSS pixels wide, sharp on a 2x screen


def _data(form: SignatoryForm) -> dict:
    return {"name": form.name.data, "title": form.title.data, "position": form.position.data}


class SignatoriesView(ForumView):
    """Every signatory, and the form to add one."""
    accepts_files = 1  # core.files.register_uploads raises the body limit before CSRF reads it

    permission = PERMISSION

    def render(self, forum, form, status: int = 200):
        template = queries.get_template(forum)
        return render_template("certificates/signatories.html", forum=forum, form=form,
                               signatories=queries.list_signatories(forum),
                               on_certificate=set(template.signatory_ids or []) if template else set(),
                               button_form=ButtonForm()), status

    def get(self, forum):
        return self.render(forum, SignatoryForm(formdata=None))

    def post(self, forum):
        form = SignatoryForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        person = operations.add_signatory(forum, _data(form), form.upload())
        flash(_("%(name)s added.", name=person.name), "success")
        return redirect(url_for("certificates.signatories", slug=forum.slug))


class SignatoryView(ForumView):
    """One signatory: name, title, order; a new signature image replaces the old one."""
    accepts_files = 1

    permission = PERMISSION

    def render(self, forum, person, form, status: int = 200):
        return render_template("certificates/signatory.html", forum=forum, person=person, form=form,
                               button_form=ButtonForm()), status

    def get(self, forum, signatory_id: int):
        person = or_404(queries.get_signatory(forum, signatory_id))
        return self.render(forum, person, SignatoryForm(formdata=None, obj=person))

    def post(self, forum, signatory_id: int):
        person = or_404(queries.get_signatory(forum, signatory_id))
        form = SignatoryForm()
        self.on_refusal(form, lambda: self.render(forum, person, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, person, form, 422)
        operations.update_signatory(person, _data(form), form.upload())
        flash(_("Saved."), "success")
        return redirect(url_for("certificates.signatories", slug=forum.slug))


class RemoveSignatureView(ForumView):
    permission = PERMISSION

    def post(self, forum, signatory_id: int):
        person = or_404(queries.get_signatory(forum, signatory_id))
        back = url_for("certificates.signatory", slug=forum.slug, signatory_id=person.id)
        self.on_refusal(None, lambda: redirect(back))  # why, said at the top of the signatory's page
        if ButtonForm().validate_on_submit():
            operations.remove_signature(forum, person)
            flash(_("Signature image removed."), "success")
        return redirect(url_for("certificates.signatory", slug=forum.slug, signatory_id=person.id))


class DeleteSignatoryView(ForumView):
    permission = PERMISSION

    def post(self, forum, signatory_id: int):
        person = or_404(queries.get_signatory(forum, signatory_id))
        self.on_refusal(None, lambda: redirect(url_for("certificates.signatory", slug=forum.slug,
                                                       signatory_id=person.id)))
        if ButtonForm().validate_on_submit():
            name = person.name
            operations.delete_signatory(forum, person)
            flash(_("%(name)s no longer signs this forum’s papers.", name=name), "success")
        return redirect(url_for("certificates.signatories", slug=forum.slug))


class SignatureImageView(ForumView):
    """A signature image, scaled for the organisers' page; never cached (core.http keeps organisers' answers
    private)."""

    permission = PERMISSION

    def get(self, forum, signatory_id: int):
        person = or_404(queries.get_signatory(forum, signatory_id))
        stored = or_404(person.signature_file)
        response = Response(logo_image(stored, SIGNATURE_PX), mimetype="image/png")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response.make_conditional(request)
