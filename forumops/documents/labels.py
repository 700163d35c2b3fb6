"""Words for documents: visibilities and where a document is attached (sizes: core.numbers.human_size)."""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l

VISIBILITY_LABELS = {
    "public": _l("Everyone (public)"),
    "participants": _l("Confirmed participants and staff"),
    "organisers": _l("Organisers only"),
}
VISIBILITY_SHORT = {"public": _l("Public"), "participants": _l("Participants"), "organisers": _l("Organisers")}
TARGET_LABELS = {"forum": _l("The forum"), "item": _l("Programme item"), "cluster": _l("Cluster"),
                 "report": _l("Outcome report annex")}
