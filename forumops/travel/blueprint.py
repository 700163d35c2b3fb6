"""URL rules of the travel stage. Each part of the stage keeps its views, forms and hooks in its own modules and
adds its rules in its own section here, so the parts' lines merge apart."""

from flask import Blueprint

bp = Blueprint("travel", __name__)

_TRAVEL = "/forums/<slug>/travel"
_OWN = "/forums/<slug>/registration/<token>"  # a participant's own pages by their private link (registration.own)
_MINE = "/forums/<slug>/my-registration"  # ... and through their account

# --- support: offered singly or in bulk from the desk, accepted or declined by the person (support_*.py) ---------
from . import support_answer_hooks, support_answer_views, support_hooks, support_views  # noqa: E402, F401  (hooks: panels)

_SUPPORT = f"{_TRAVEL}/support"
_SUPPORT_KIND = "<any(travel, accommodation, per_diem, visa_fee):support_kind>"  # models.SUPPORT_KINDS
bp.add_url_rule(_SUPPORT, view_func=support_views.SupportPageView.as_view("support"))
bp.add_url_rule(f"{_SUPPORT}/offer", view_func=support_views.BulkOfferView.as_view("offer_support"))
bp.add_url_rule(f"{_SUPPORT}/registrations/<int:registration_id>",
                view_func=support_views.RegistrationSupportView.as_view("registration_support"))
bp.add_url_rule(f"{_SUPPORT}/registrations/<int:registration_id>/{_SUPPORT_KIND}/withdraw",
                view_func=support_views.WithdrawSupportView.as_view("withdraw_support"))
bp.add_url_rule(f"{_SUPPORT}/registrations/<int:registration_id>/{_SUPPORT_KIND}/status",
                view_func=support_views.SupportStatusView.as_view("support_status"))
bp.add_url_rule(f"{_OWN}/support/{_SUPPORT_KIND}", view_func=support_answer_views.AnswerOfferView.as_view(
    "answer_support"))
bp.add_url_rule(f"{_MINE}/support/{_SUPPORT_KIND}", view_func=support_answer_views.AnswerOfferMineView.as_view(
    "answer_support_mine"))


# --- travel details: settings, hotels, the second form, the organisers' copy of it (details_*.py) ----------------
from . import details_hooks, details_settings_views, details_views  # noqa: E402,F401  (details_hooks: the panels)

bp.add_url_rule(_TRAVEL, view_func=details_settings_views.OverviewView.as_view("overview"))
bp.add_url_rule(f"{_TRAVEL}/hotels", view_func=details_settings_views.HotelsView.as_view("hotels"))
bp.add_url_rule(f"{_TRAVEL}/hotels/<int:hotel_id>", view_func=details_settings_views.HotelView.as_view("hotel"))
bp.add_url_rule(f"{_TRAVEL}/hotels/<int:hotel_id>/remove",
                view_func=details_settings_views.RemoveHotelView.as_view("remove_hotel"))
bp.add_url_rule(f"{_TRAVEL}/hotels/<int:hotel_id>/move/<direction>",
                view_func=details_settings_views.MoveHotelView.as_view("move_hotel"))
bp.add_url_rule(f"{_TRAVEL}/registrations/<int:registration_id>",
                view_func=details_views.DeskTravelView.as_view("desk_travel"))
bp.add_url_rule(f"{_OWN}/travel", view_func=details_views.TravelFormView.as_view("travel_form"))
bp.add_url_rule(f"{_MINE}/travel", view_func=details_views.TravelFormMineView.as_view("travel_form_mine"))


# --- the lists: arrivals and departures, rooming, per diem, dietary and accessibility (lists_*.py) ---------------
from . import lists_views as _lists  # noqa: E402  (this section's own import: the sections merge apart)

_L = f"{_TRAVEL}/lists"
bp.add_url_rule(_L, view_func=_lists.ListsIndexView.as_view("lists"))
bp.add_url_rule(f"{_L}/arrivals", view_func=_lists.ArrivalsView.as_view("lists_arrivals"))
bp.add_url_rule(f"{_L}/arrivals.pdf", view_func=_lists.ArrivalsView.as_view("lists_arrivals_pdf", output="pdf"))
bp.add_url_rule(f"{_L}/arrivals.csv", view_func=_lists.ArrivalsView.as_view("lists_arrivals_csv", output="csv"))
bp.add_url_rule(f"{_L}/rooming", view_func=_lists.RoomingView.as_view("lists_rooming"))
bp.add_url_rule(f"{_L}/rooming.pdf", view_func=_lists.RoomingView.as_view("lists_rooming_pdf", output="pdf"))
bp.add_url_rule(f"{_L}/rooming.csv", view_func=_lists.RoomingView.as_view("lists_rooming_csv", output="csv"))
bp.add_url_rule(f"{_L}/per-diem", view_func=_lists.PerDiemView.as_view("lists_per_diem"))
bp.add_url_rule(f"{_L}/per-diem.pdf", view_func=_lists.PerDiemView.as_view("lists_per_diem_pdf", output="pdf"))
bp.add_url_rule(f"{_L}/per-diem.csv", view_func=_lists.PerDiemView.as_view("lists_per_diem_csv", output="csv"))
bp.add_url_rule(f"{_L}/needs", view_func=_lists.NeedsView.as_view("lists_needs"))
bp.add_url_rule(f"{_L}/needs.pdf", view_func=_lists.NeedsView.as_view("lists_needs_pdf", output="pdf"))
bp.add_url_rule(f"{_L}/needs.csv", view_func=_lists.NeedsView.as_view("lists_needs_csv", output="csv"))
