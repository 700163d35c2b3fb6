"""Words for documents: visibilities, where a document is attached, and sizes as people read them."""

from __future__ import annotations

from flask_babel import format_decimal

from ..core.i18n import lazy_gettext as _l

VISIBILITY_LABELS = {
    "public": _l("Everyone (public)"),
    "participants": _l("Confirmed participants and staff"),
    "organisers": _l("Organisers only"),
}
VISIBILITY_SHORT = {"public": _l("Public"), "participants": _l("Participants"), "organisers": _l("Organisers")}
TARGET_LABELS = {"forum": _l("The forum"), "item": _l("Programme item"), "cluster": _l("Cluster"),
                 "report": _l("Outcome report annex")}

KB, MB, GB = 1024, 1024 * 1024, 1024 * 1024 * 1024


def human_size(size: int) -> str:
    """"340 KB", "2.4 MB", "1 GB", in the reader's number format."""
    if size >= GB - MB // 20:  # 1023.96 MB reads "1 GB", not "1,024 MB"
        return str(_l("%(n)s GB", n=format_decimal(round(size / GB, 1))))
    if size >= MB:
        return str(_l("%(n)s MB", n=format_decimal(round(size / MB, 1))))
    return str(_l("%(n)s KB", n=format_decimal(max(1, round(size / KB)))))
