"""URL rules of the agenda stage."""

from flask import Blueprint

from . import home, materials, translations, views  # noqa: F401  (home, materials, translations register providers)

bp = Blueprint("agenda", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/agenda", view_func=views.ProgrammeView.as_view("programme"))
bp.add_url_rule("/agenda.pdf", view_func=views.ProgrammePdfView.as_view("programme_pdf"))
bp.add_url_rule("/agenda.ics", view_func=views.ProgrammeIcsView.as_view("programme_ics"))
bp.add_url_rule("/agenda/<int:item_id>.ics", view_func=views.ItemIcsView.as_view("item_ics"))
bp.add_url_rule("/agenda/feed/<token>.ics", view_func=views.PersonalFeedView.as_view("personal_feed"))
bp.add_url_rule("/agenda/mine", view_func=views.MyCalendarView.as_view("mine"))
bp.add_url_rule("/agenda/manage", view_func=views.BuilderView.as_view("builder"))
bp.add_url_rule("/agenda/items/<int:item_id>", view_func=views.ItemPageView.as_view("item"))
bp.add_url_rule("/agenda/items/new", view_func=views.ItemCreateView.as_view("new_item"))
bp.add_url_rule("/agenda/items/<int:item_id>/edit", view_func=views.ItemEditView.as_view("edit_item"))
for action in ("cancel", "restore", "delete"):
    bp.add_url_rule(f"/agenda/items/<int:item_id>/{action}", defaults={"action": action},
                    view_func=views.ItemStatusView.as_view(f"{action}_item"))
bp.add_url_rule("/agenda/items/<int:item_id>/duplicate", view_func=views.ItemDuplicateView.as_view("duplicate_item"))
bp.add_url_rule("/agenda/items/<int:item_id>/shift", view_func=views.ItemShiftView.as_view("shift_items"))
bp.add_url_rule("/agenda/days/<day>/copy", view_func=views.DayCopyView.as_view("copy_day"))
bp.add_url_rule("/agenda/paste", view_func=views.PasteView.as_view("paste"))
bp.add_url_rule("/agenda/rooms", view_func=views.RoomsView.as_view("rooms"))
bp.add_url_rule("/agenda/rooms/<int:room_id>/remove", view_func=views.RoomRemoveView.as_view("remove_room"))
