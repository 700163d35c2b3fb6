"""URL rules of the forums stage."""

from flask import Blueprint

from . import approval_views, hooks, invitation_views, translation_views, views  # noqa: F401  (hooks register with core)

bp = Blueprint("forums", __name__)
bp.add_url_rule("/", view_func=views.HomeView.as_view("home"))
bp.add_url_rule("/forums/", view_func=views.IndexView.as_view("index"))
bp.add_url_rule("/forums/new", view_func=views.CreateView.as_view("create"))
bp.add_url_rule("/forums/<slug>/", view_func=views.DetailView.as_view("detail"))
bp.add_url_rule("/forums/<slug>/edit", view_func=views.EditView.as_view("edit"))
bp.add_url_rule("/forums/<slug>/status", view_func=views.StatusView.as_view("status"))
bp.add_url_rule("/forums/<slug>/translations/<language>",
                view_func=translation_views.TranslationsView.as_view("translations"))
bp.add_url_rule("/forums/<slug>/partners", view_func=views.PartnersView.as_view("partners"))
bp.add_url_rule("/forums/<slug>/partners/<int:partner_id>/remove",
                view_func=views.PartnerRemoveView.as_view("remove_partner"))
bp.add_url_rule("/forums/<slug>/partners/<int:partner_id>/logo",
                view_func=views.PartnerLogoView.as_view("partner_logo"))
bp.add_url_rule("/forums/<slug>/logo", view_func=views.ForumLogoView.as_view("logo"))
bp.add_url_rule("/logos/<sha256>-<int:px>.png", view_func=views.LogoImageView.as_view("logo_image"))
bp.add_app_template_global(views.logo_url, "logo_url")
bp.add_url_rule("/forums/<slug>/team", view_func=views.TeamView.as_view("team"))
bp.add_url_rule("/forums/<slug>/team/<int:member_id>/remove",
                view_func=views.TeamRemoveView.as_view("remove_member"))
bp.add_url_rule("/forums/<slug>/team/invitations/<int:invitation_id>/<any(resend, revoke):change>",
                view_func=invitation_views.TeamInvitationView.as_view("team_invitation"))
bp.add_url_rule("/invitations/<token>", view_func=invitation_views.InvitationView.as_view("invitation"))
bp.add_url_rule("/admin/organisers", view_func=approval_views.OrganisersView.as_view("organisers"))
bp.add_url_rule("/admin/organisers/<int:user_id>/<any(approve, refuse):decision>",
                view_func=approval_views.OrganiserDecisionView.as_view("decide_organiser"))
