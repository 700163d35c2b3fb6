"""URL rules of the communications stage."""

from flask import Blueprint

from ..extensions import csrf
from . import home, public_views  # noqa: F401  (home registers its core.home providers)

bp = Blueprint("communications", __name__, url_prefix="/forums/<slug>")

# what recipients reach from an email
bp.add_url_rule("/unsubscribe/<token>", view_func=public_views.UnsubscribeView.as_view("unsubscribe"))
_one_click = public_views.OneClickUnsubscribeView.as_view("unsubscribe_one_click")
csrf.exempt(_one_click)  # RFC 8058's one-click POST carries no CSRF token: see the view's docstring
bp.add_url_rule("/unsubscribe/<token>/one-click", view_func=_one_click)

# the organisers' composer and record (views.py, message_views.py)
from . import message_views, views  # noqa: E402

bp.add_url_rule("/messages", view_func=message_views.MessagesView.as_view("messages"))
bp.add_url_rule("/messages/new", view_func=views.ComposeView.as_view("compose"))
bp.add_url_rule("/messages/count", view_func=views.CountView.as_view("count"))
bp.add_url_rule("/messages/<int:announcement_id>", view_func=message_views.MessageView.as_view("message"))
bp.add_url_rule("/messages/<int:announcement_id>/retry", view_func=message_views.RetryView.as_view("retry"))
bp.add_url_rule("/messages/<int:announcement_id>/cancel", view_func=message_views.CancelView.as_view("cancel"))
bp.add_url_rule("/messages/templates/<int:template_id>/delete",
                view_func=message_views.DeleteTemplateView.as_view("delete_template"))
bp.add_url_rule("/messages/limits", view_func=message_views.LimitsView.as_view("limits"))
