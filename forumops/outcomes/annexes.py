"""The outcome report as a place documents are attached to (documents.targets): its annexes."""

from __future__ import annotations

from flask import url_for

from ..core.i18n import lazy_gettext as _l
from ..documents.targets import Target, register_target


@register_target("report")
def _the_report(forum, ids) -> dict[int | None, Target]:
    return {None: Target("report", None, str(_l("Outcome report")), url_for("outcomes.report", slug=forum.slug))}
