"""The words the lists share between their page, PDF and CSV, translated when shown (the lists are written in
the forum's main language: the caller wraps them in core.languages.written_in)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l

ARRIVALS_TITLE = _l("Arrivals and departures")
ROOMING_TITLE = _l("Rooming list")
PER_DIEM_TITLE = _l("Per-diem sheet")
NEEDS_TITLE = _l("Dietary and accessibility needs")

# short, in the third person: a column of a list (labels.ROOM_SHARING_LABELS are the form's, in the first)
SHARING_SHORT = {
    "single": _l("Single room"),
    "share": _l("Can share"),
    "share_with": _l("Shares with a named person"),
}
MISSING_LABELS = {
    "hotel": _l("No hotel yet"),
    "nights": _l("No nights yet"),
    "both": _l("No hotel or nights yet"),
}
def sharing_text(sharing: str, share_with: str) -> str:
    """A stay's room-sharing wish as a list says it ("Single room", "With Sok Dara"); "" when not said."""
    if sharing == "share_with" and share_with.strip():
        return _("With %(name)s", name=share_with.strip())
    label = SHARING_SHORT.get(sharing)
    return str(label) if label else ""


def day_counts_text(arrivals: int, departures: int) -> str:
    """How many a day holds, for its picker entry: "3 arrivals, 1 departure"."""
    parts = []
    if arrivals:
        parts.append(ngettext("%(num)d arrival", "%(num)d arrivals", arrivals))
    if departures:
        parts.append(ngettext("%(num)d departure", "%(num)d departures", departures))
    return ", ".join(parts)


def stay_dates(check_in: date | None, check_out: date | None) -> str:
    """A stay as a list says it: "14 Apr – 17 Apr (3 nights)"; the one date known, or "", when it is half given."""
    if check_in is None or check_out is None:
        known = check_in or check_out
        return format_day(known, "d MMM") if known else ""
    nights = (check_out - check_in).days
    return (f"{format_day(check_in, 'd MMM')} \u2013 {format_day(check_out, 'd MMM')} "
            + ngettext("(%(num)d night)", "(%(num)d nights)", nights))
