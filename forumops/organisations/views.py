"""The organisation directory page."""

from __future__ import annotations

from flask import render_template, request

from ..core.reference import country_choices
from ..core.views import BaseView
from . import queries
from .labels import ORGANISATION_TYPE_LABELS


class DirectoryView(BaseView):
    permission = "organisations.view"

    def get(self):
        term = request.args.get("q", "")[:100]
        country = request.args.get("country", "")[:2]
        type_ = request.args.get("type", "")
        if type_ not in ORGANISATION_TYPE_LABELS:
            type_ = ""
        return render_template(
            "organisations/directory.html",
            organisations=queries.search_organisations(term, country, type_),
            total=queries.count_organisations(),
            term=term, country=country, type=type_,
            countries=country_choices(blank=""), type_labels=ORGANISATION_TYPE_LABELS,
        )
