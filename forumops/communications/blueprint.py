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
