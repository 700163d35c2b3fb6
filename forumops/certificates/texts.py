"""The placeholders a certificate's body may use, and the check that refuses any other (the composer's syntax,
core.placeholders: `{name}`, `{{` and `}}` for a brace, filled in one pass)."""

from __future__ import annotations

from collections.abc import Mapping

from ..core import placeholders as core_placeholders
from ..core.i18n import lazy_gettext as _l

# name -> what it becomes, for the design page's help (in this order)
PLACEHOLDERS: dict[str, object] = {
    "name": _l("the person's name as they registered it"),
    "organisation": _l("their organisation (empty when they gave none)"),
    "country": _l("their country, named in the certificate's language"),
    "forum": _l("the forum's title in the certificate's language"),
    "dates": _l("the forum's dates"),
    "days_attended": _l("how many of the forum's days they were checked in"),
    "days_total": _l("how many days the forum lasts"),
    "hours_attended": _l("the programme's hours on the days they attended: the time its sessions take each day "
                         "(parallel sessions once; breaks, meals, registration, the group photo and side events "
                         "left out)"),
}


def unknown(text: str | None) -> list[str]:
    """The names written in braces that are not a certificate's placeholders (`{nmae}`)."""
    return core_placeholders.unknown(text or "", PLACEHOLDERS)


def unknown_problem(text: str | None) -> str | None:
    """What is wrong with a certificate's text, said beside its field; None when every placeholder is known."""
    names = unknown(text)
    if not names:
        return None
    return core_placeholders.unknown_message(names, PLACEHOLDERS)


def uses_hours(*texts: str | None) -> bool:
    """Whether any of these texts prints {hours_attended} (then the programme must have sessions to count)."""
    return any("hours_attended" in core_placeholders.used(text or "") for text in texts)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The certificate's text for one person: every placeholder replaced by its value."""
    return core_placeholders.fill(text, values)
