"""URL rules of the communications stage."""

from flask import Blueprint

from ..extensions import csrf
from . import (  # noqa: F401  (homes register)
    automatic_views,
    home,
    message_views,
    notices_home,
    participant_views,
    public_views,
    views,
)

bp = Blueprint("communications", __name__, url_prefix="/forums/<slug>")

# automatic messages and programme-change notices (automatic_views.py)
bp.add_url_rule("/messages/automatic", view_func=automatic_views.AutomaticView.as_view("automatic"))
for _kind in ("before", "after"):
    bp.add_url_rule(f"/messages/automatic/{_kind}", defaults={"kind": _kind},
                    view_func=automatic_views.AutomaticMessageView.as_view(f"automatic_{_kind}"), methods=["POST"])
bp.add_url_rule("/messages/automatic/changes", methods=["POST"],
                view_func=automatic_views.ChangeNoticesView.as_view("change_notices"))
bp.add_url_rule("/messages/automatic/changes/notify", methods=["POST"],
                view_func=automatic_views.NotifyChangesView.as_view("notify_changes"))

# what recipients reach from an email
bp.add_url_rule("/unsubscribe/<token>", view_func=public_views.UnsubscribeView.as_view("unsubscribe"))
_one_click = public_views.OneClickUnsubscribeView.as_view("unsubscribe_one_click")
csrf.exempt(_one_click)  # RFC 8058's one-click POST carries no CSRF token: see the view's docstring
bp.add_url_rule("/unsubscribe/<token>/one-click", view_func=_one_click)
# taking an opt-out back from one's own registration page (participant_views.py)
bp.add_url_rule("/registration/<token>/announcements", methods=["POST"],
                view_func=participant_views.ResubscribeView.as_view("resubscribe"))
bp.add_url_rule("/my-registration/announcements", methods=["POST"],
                view_func=participant_views.ResubscribeMineView.as_view("resubscribe_mine"))

# the organisers' composer and record (views.py, message_views.py)

bp.add_url_rule("/messages", view_func=message_views.MessagesView.as_view("messages"))
bp.add_url_rule("/messages/new", view_func=views.ComposeView.as_view("compose"))
bp.add_url_rule("/messages/count", view_func=views.CountView.as_view("count"))
bp.add_url_rule("/messages/<int:announcement_id>", view_func=message_views.MessageView.as_view("message"))
bp.add_url_rule("/messages/<int:announcement_id>/retry", view_func=message_views.RetryView.as_view("retry"))
bp.add_url_rule("/messages/<int:announcement_id>/cancel", view_func=message_views.CancelView.as_view("cancel"))
bp.add_url_rule("/messages/templates/<int:template_id>/delete",
                view_func=message_views.DeleteTemplateView.as_view("delete_template"))
bp.add_url_rule("/messages/limits", view_func=message_views.LimitsView.as_view("limits"))
