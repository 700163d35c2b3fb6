"""The organisation directory page."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..core.reference import country_choices
from ..core.views import BaseView
from . import queries
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
        )
