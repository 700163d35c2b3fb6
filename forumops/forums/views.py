"""Forum pages: HTTP only. Load, check (BaseView), act through operations, render or redirect."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core import home, hooks, permissions
from ..core.files import logo_image
from ..core.outbox import held_count
from ..core.views import BaseView, ForumView, or_404
from ..organisations.forms import LogoForm
from ..organisations.queries import organisation_names, visible_to
from ..organisations.views import render_logo_page, save_logo_form
from . import approval, invitations, operations, queries
from .forms import ForumForm, MemberForm, PartnerForm, RemoveForm, StatusForm
from .translatable import FORUM_TEXTS
from .versions import titles_for, versions_for


def _forum_form_from(forum, posted: bool = True) -> ForumForm:
    """The edit form, filled from the forum (a POST's own values take precedence, unless `posted` is False: the
    POST was another form of the page's)."""
    data = {name: getattr(forum, name) for name in operations.SIMPLE_FIELDS}
    data.update(objectives="\n".join(forum.objectives or []), themes="\n".join(forum.themes or []),
                series=forum.series.name if forum.series else "",
                main_language=(forum.languages or ["en"])[0], other_languages=list((forum.languages or ["en"])[1:]))
    return ForumForm(data=data) if posted else ForumForm(formdata=None, data=data)


class HomeView(BaseView):
    """A signed-in person's home: each of their forums with what is theirs there; the forum list for others."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "site.view"

    def get(self):
        if not current_user.is_authenticated:
            return redirect(url_for("forums.index"))
        forums = queries.list_home_forums(current_user, home.forum_ids_of(current_user))
        cards = [(forum, roles, home.sections_for(forum, current_user),
                  home.todos_for(forum) if "organiser" in roles else None) for forum, roles in forums]
        return render_template("forums/home.html", cards=cards,
                               titles=titles_for(forum for forum, _roles in forums))


class IndexView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self):
        upcoming, past = queries.list_public_forums()
        admin = permissions.can(current_user, "admin")
        mine, drafts = queries.list_forums_of(current_user), queries.list_drafts() if admin else []
        return render_template("forums/index.html", upcoming=upcoming, past=past, mine=mine, drafts=drafts,
                               organisers_waiting=approval.waiting_count() if admin else 0,
                               titles=titles_for([*upcoming, *past, *(forum for forum, _roles in mine), *drafts]))


class CreateView(BaseView):
    permission = "forum.create"

    def get(self):
        form = ForumForm()
        if not form.timezone.data:
            form.timezone.data = "Asia/Bangkok"
        return render_template("forums/edit.html", form=form, forum=None)

    def post(self):
        form = ForumForm()
        self.on_refusal(form, lambda: (render_template("forums/edit.html", form=form, forum=None), 422))
        if form.validate_on_submit():
            forum = operations.create_forum(operations.form_data(form), current_user)
            flash(_("Forum created as a draft: only its organisers can see it until you publish it."), "success")
            return redirect(url_for("forums.detail", slug=forum.slug))
        return render_template("forums/edit.html", form=form, forum=None), 422


class DetailView(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "forum.view"

    def get(self, forum):
        forum = queries.get_forum(forum.slug)
        can_edit = permissions.can(current_user, "forum.edit", forum)
        sections = home.sections_for(forum, current_user)  # what is mine here, from the later stages
        versions = versions_for(forum)  # the reader's language's versions of the texts, where there are some
        return render_template(
            "forums/detail.html", forum=forum, versions=versions,
            shown={name: versions.of_forum(forum, name) for name in FORUM_TEXTS},
            partners=queries.partners_by_role(forum), can_edit=can_edit,
            can_see_link=permissions.can(current_user, "forum.view_online_link", forum),
            sections=sections, todos=home.todos_for(forum) if can_edit else None,
            announcement_blocked=approval.announcement_blocked(forum) if can_edit and not forum.is_public else "",
            registered=any(section.key == "participant" for section in sections),
            actions=home.actions_for(forum),  # the programme, the report: buttons their stages add
            panels=hooks.panels_for("forums.detail", forum),  # the documents: a later stage's panel
        )


class EditView(ForumView):
    permission = "forum.edit"

    def get(self, forum):
        return render_template("forums/edit.html", form=_forum_form_from(forum), forum=forum, logo_form=LogoForm())

    def post(self, forum):
        form = _forum_form_from(forum)

        def page():
            return render_template("forums/edit.html", form=form, forum=forum, logo_form=LogoForm(formdata=None)), 422
        self.on_refusal(form, page)
        if form.validate_on_submit():
            operations.update_forum(forum, operations.form_data(form))
            flash(_("Concept note saved."), "success")
            return redirect(url_for("forums.detail", slug=forum.slug))
        return page()


class ForumLogoView(ForumView):
    """The forum's own logo, from a form of its own on the edit page (the concept note's form stays as saved)."""
    accepts_files = 1  # core.files.register_uploads raises the body limit before CSRF reads it

    permission = "forum.edit"

    def page(self, forum, logo_form):
        return render_template("forums/edit.html", form=_forum_form_from(forum, posted=False), forum=forum,
                               logo_form=logo_form), 422

    def post(self, forum):
        form = LogoForm()
        self.on_refusal(form, lambda: self.page(forum, form))
        if not form.validate_on_submit():
            return self.page(forum, form)
        if form.remove.data:
            operations.remove_forum_logo(forum)
            flash(_("Logo removed."), "success")
        else:
            operations.set_forum_logo(forum, form.logo.data.stream, form.logo.data.filename or "")
            flash(_("Logo saved."), "success")
        return redirect(url_for("forums.edit", slug=forum.slug) + "#logo")


LOGO_PX = frozenset({40, 80, 120, 160, 240, 320})  # the boxes pages draw logos in, at 1x and 2x
LOGO_MAX_AGE = 365 * 24 * 3600  # an address names its content (SHA-256): it never changes


def logo_url(stored, px: int) -> str:
    """The address of a logo's picture scaled to fit px (templates' logo_url)."""
    return url_for("forums.logo_image", sha256=stored.sha256, px=px)


class LogoImageView(BaseView):
    """A logo, scaled on the server for its box, cached by browsers and proxies for a year (its address changes
    with its content)."""

    permission = "logos.view"

    def get(self, sha256: str, px: int):
        if px not in LOGO_PX:
            abort(404)
        stored = or_404(queries.logo_file(sha256))
        response = Response(logo_image(stored, px), mimetype="image/png")
        response.set_etag(f"{stored.sha256}-{px}")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.cache_control.public = True
        response.cache_control.max_age = LOGO_MAX_AGE
        response.cache_control.immutable = True
        return response.make_conditional(request)


class StatusView(ForumView):
    permission = "forum.change_status"

    def render(self, forum, form, status=200):
        blocked = approval.announcement_blocked(forum) if forum.status == "draft" else ""
        return render_template("forums/status.html", forum=forum, form=form, announcement_blocked=blocked,
                               held=held_count(forum.id) if forum.status == "draft" else 0), status

    def get(self, forum):
        return self.render(forum, StatusForm(status=forum.status))

    def post(self, forum):
        form = StatusForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            held = held_count(forum.id) if forum.status == "draft" else 0
            operations.change_status(forum, form.status.data)
            flash(_("Status changed.") + (" " + ngettext(
                "The %(num)d email the draft held is on its way.",
                "The %(num)d emails the draft held are on their way.", held) if held and forum.status != "draft"
                else ""), "success")
            return redirect(url_for("forums.detail", slug=forum.slug))
        return self.render(forum, form, 422)


class PartnersView(ForumView):
    permission = "forum.manage_partners"

    def render(self, forum, form, status=200):
        return render_template("forums/partners.html", forum=forum, form=form, remove_form=RemoveForm(),
                               names=organisation_names(visible=visible_to(current_user))), status

    def get(self, forum):
        return self.render(forum, PartnerForm())

    def post(self, forum):
        form = PartnerForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            partner = operations.add_partner(forum, form.name.data, form.role.data, form.country.data or "",
                                             form.acronym.data, form.type.data)
            flash(_("%(name)s added.", name=partner.organisation.name), "success")
            return redirect(url_for("forums.partners", slug=forum.slug))
        return self.render(forum, form, 422)


class PartnerLogoView(ForumView):
    """A partner's logo, set by the forum's organisers: the organisation's own, shown by every forum naming it."""
    accepts_files = 1  # core.files.register_uploads raises the body limit before CSRF reads it

    permission = "forum.manage_partners"

    def page(self, forum, partner, form, status=200):
        return render_logo_page(form, partner.organisation,
                                url_for("forums.partner_logo", slug=forum.slug, partner_id=partner.id),
                                url_for("forums.partners", slug=forum.slug), forum=forum, status=status)

    def get(self, forum, partner_id: int):
        return self.page(forum, or_404(queries.get_partner(forum, partner_id)), LogoForm())

    def post(self, forum, partner_id: int):
        partner = or_404(queries.get_partner(forum, partner_id))
        form = LogoForm()
        self.on_refusal(form, lambda: self.page(forum, partner, form, 422))
        if form.validate_on_submit():
            operations.check_partner_logo_change(partner.organisation, current_user)
            save_logo_form(form, partner.organisation)
            return redirect(url_for("forums.partners", slug=forum.slug))
        return self.page(forum, partner, form, 422)


class PartnerRemoveView(ForumView):
    permission = "forum.manage_partners"

    def post(self, forum, partner_id: int):
        # not this forum's, or already removed
        partner = or_404(next((p for p in forum.partners if p.id == partner_id), None))
        if RemoveForm().validate_on_submit():
            operations.remove_partner(forum, partner)
            flash(_("Partner removed."), "success")
        return redirect(url_for("forums.partners", slug=forum.slug))


class TeamView(ForumView):
    permission = "forum.manage_team"

    def render(self, forum, form, status=200):
        return render_template("forums/team.html", forum=forum, form=form, remove_form=RemoveForm(),
                               members=queries.list_members(forum),
                               invitations=invitations.open_invitations(forum)), status

    def get(self, forum):
        return self.render(forum, MemberForm())

    def post(self, forum):
        form = MemberForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            invitation = invitations.invite_to_team(forum, form.email.data, form.role.data, current_user,
                                                    form.name.data or "")
            flash(_("Invitation to %(email)s saved: it will be sent when the forum is announced. They get the role "
                    "once they accept it from the email.", email=invitation.email) if invitations.mail_waits(invitation)
                  else _("Invitation sent to %(email)s. They get the role once they accept it from the email.",
                         email=invitation.email), "success")
            return redirect(url_for("forums.team", slug=forum.slug))
        return self.render(forum, form, 422)


class TeamRemoveView(ForumView):
    permission = "forum.manage_team"

    def post(self, forum, member_id: int):
        member = or_404(queries.get_member(forum, member_id))  # not this forum's, or already removed
        self.on_refusal(None, lambda: redirect(url_for("forums.team", slug=forum.slug)))
        if RemoveForm().validate_on_submit():
            operations.remove_member(forum, member, current_user)
            flash(_("Removed from the team."), "success")
        return redirect(url_for("forums.team", slug=forum.slug))
