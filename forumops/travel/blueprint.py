"""URL rules of the travel stage. Each part of the stage keeps its views, forms and hooks in its own modules and
adds its rules in its own section here, so the parts' lines merge apart."""

from flask import Blueprint

bp = Blueprint("travel", __name__)

_TRAVEL = "/forums/<slug>/travel"
_OWN = "/forums/<slug>/registration/<token>"  # a participant's own pages by their private link (registration.own)
_MINE = "/forums/<slug>/my-registration"  # ... and through their account

# --- support: offered singly or in bulk from the desk, accepted or declined by the person (support_*.py) ---------


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
