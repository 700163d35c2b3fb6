"""The organisation directory page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import permissions
from ..core.reference import country_choices
from ..core.views import BaseView, or_404
from . import operations, queries
from .forms import LogoForm
from .labels import ORGANISATION_TYPE_LABELS


class DirectoryView(BaseView):
    """Every signed-in person may open it; what it lists depends on who they are (queries.visible_to)."""

    permission = "organisations.view"

    def get(self):
        term = request.args.get("q", "")[:100]
        country = request.args.get("country", "")[:2]
        type_ = request.args.get("type", "")
        if type_ not in ORGANISATION_TYPE_LABELS:
            type_ = ""
        visible = queries.visible_to(current_user)
        return render_template(
            "organisations/directory.html",
            organisations=queries.search_organisations(term, country, type_, visible=visible),
            total=queries.count_organisations(visible), whole_directory=visible is None,
            term=term, country=country, type=type_,
            countries=country_choices(blank=""), type_labels=ORGANISATION_TYPE_LABELS,
            can_edit_logos=permissions.can(current_user, "organisations.edit_logo"),
        )


def render_logo_page(form: LogoForm, organisation, action: str, back: str, forum=None, status: int = 200):
    """The logo page of an organisation (the directory's, or one forum's partner): the current logo and the form."""
    return render_template("organisations/logo.html", form=form, organisation=organisation, action=action,
                           back=back, forum=forum), status


def save_logo_form(form: LogoForm, organisation) -> None:
    """What the logo form asked: the uploaded picture set as the organisation's logo, or the logo removed."""
    if form.remove.data:
        operations.remove_organisation_logo(organisation)
        flash(_("Logo of %(name)s removed.", name=organisation.name), "success")
    else:
        operations.set_organisation_logo(organisation, form.logo.data.stream, form.logo.data.filename or "")
        flash(_("Logo of %(name)s saved.", name=organisation.name), "success")


class OrganisationLogoView(BaseView):
    """The administrator sets any directory entry's logo (organisers do it for their partners, forums stage)."""
    accepts_files = 1  # core.files.register_uploads raises the body limit before CSRF reads it

    permission = "organisations.edit_logo"

    def page(self, form, organisation, status=200):
        return render_logo_page(form, organisation, url_for("organisations.logo", organisation_id=organisation.id),
                                url_for("organisations.directory"), status=status)

    def get(self, organisation_id: int):
        return self.page(LogoForm(), or_404(queries.get_organisation(organisation_id)))

    def post(self, organisation_id: int):
        organisation = or_404(queries.get_organisation(organisation_id))
        form = LogoForm()
        self.on_refusal(form, lambda: self.page(form, organisation, 422))
        if form.validate_on_submit():
            save_logo_form(form, organisation)
            return redirect(url_for("organisations.directory"))
        return self.page(form, organisation, 422)
