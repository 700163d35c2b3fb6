"""URL rules of the notifications package."""

from flask import Blueprint

from . import home, views  # noqa: F401  (home registers its core.home providers)

bp = Blueprint("notifications", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/outbox", view_func=views.OutboxView.as_view("outbox"))
bp.add_url_rule("/outbox/<int:message_id>/send-again", view_func=views.SendAgainView.as_view("send_again"))
