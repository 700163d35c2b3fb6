"""Who is funded, on the registration desk's list, which comes before travel and may not import it: a "Support"
filter (funded, waiting for an answer, declined, not funded, or one kind) and, on each row, what is offered to that
person and how they answered, through core.hooks.DeskFilter. The filter is a SQL condition on the list's own query
and the markers one query for the whole forum, so the desk's queries do not grow with the people."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select

from ..core import hooks
from ..core.i18n import format_list
from ..core.i18n import lazy_gettext as _l
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .labels import SUPPORT_KIND_LABELS, SUPPORT_STATUS_LABELS
from .models import SUPPORT_KINDS, Support

FUNDED, WAITING, DECLINED, NOT_FUNDED = "funded", "waiting", "declined", "none"
STANDING = {  # the filter's values about how people stand, then one per kind (offered or accepted)
    FUNDED: _l("Funded (an offer accepted)"),
    WAITING: _l("Offered, waiting for an answer"),
    DECLINED: _l("Declined an offer"),
    NOT_FUNDED: _l("Not funded (nothing offered or accepted)"),
}
NOT_DECLINED = ("offered", "accepted")
MARKER_ORDER = ("accepted", "offered", "declined")  # a row says what is funded first


def support_choices(forum: Forum) -> list[tuple[str, str]]:
    """The filter's values: how people stand, then each kind offered or accepted."""
    return [(value, str(label)) for value, label in STANDING.items()] + [
        (kind, str(_l("%(kind)s, offered or accepted", kind=SUPPORT_KIND_LABELS[kind]))) for kind in SUPPORT_KINDS]


def _has(*where) -> ColumnElement[bool]:
    return exists().where(Support.registration_id == Registration.id, *where)


def support_condition(forum: Forum, value: str) -> ColumnElement[bool]:
    """The registrations a value of the filter keeps, as a condition on Registration."""
    if value == FUNDED:
        return _has(Support.status == "accepted")
    if value == WAITING:
        return _has(Support.status == "offered")
    if value == DECLINED:
        return _has(Support.status == "declined")
    if value == NOT_FUNDED:
        return ~_has(Support.status.in_(NOT_DECLINED))
    return _has(Support.kind == value, Support.status.in_(NOT_DECLINED))  # a kind (the form offers no other value)


def support_markers(forum: Forum) -> dict[int, list[hooks.RowMarker]]:
    """Each registration's support in a few words, by status ("Accepted: Travel and Accommodation"), in one query."""
    found: dict[int, dict[str, list[str]]] = {}
    rows = db.session.execute(select(Support.registration_id, Support.kind, Support.status)
                              .join(Registration, Registration.id == Support.registration_id)
                              .where(Registration.forum_id == forum.id))
    for registration_id, kind, status in rows:
        found.setdefault(registration_id, {}).setdefault(status, []).append(kind)
    return {registration_id: [
        hooks.RowMarker(f"{SUPPORT_STATUS_LABELS[status]}: " + format_list(
            [str(SUPPORT_KIND_LABELS[kind]) for kind in SUPPORT_KINDS if kind in by_status[status]]),
            f"support-{status}")
        for status in MARKER_ORDER if status in by_status] for registration_id, by_status in found.items()}


hooks.desk_filter(hooks.DeskFilter("support", _l("Support"), support_choices, support_condition, support_markers,
                                   order=20))
