"""Registration writes on the forum's days: a person checked in at the door (once, whichever desk scans
first), badges marked printed. The seat decisions are in seats.py, the organisers' set-up in setup.py,
the private links in links.py and the mail in mail.py."""

from __future__ import annotations

from sqlalchemy import select, update

from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from .badge_queries import IDS_PER_STATEMENT
from .models import Registration


def check_in(forum: Forum, code: str) -> tuple[Registration | None, bool]:
    """Mark the holder of this code arrived, once. Returns (registration, already checked in before)."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    registration = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                                Registration.checkin_code == code))
    if registration is None or registration.status != "confirmed":
        return registration, False
    # one conditional UPDATE: two desks scanning the same badge at once cannot both check it in
    won = db.session.execute(  # type: ignore[attr-defined]  # DML: a CursorResult
        update(Registration).where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(registration)
    return registration, won == 0


def check_in_by_id(forum: Forum, registration_id: int) -> tuple[Registration | None, bool]:
    """check_in for a registration picked by name at the desk (no badge to scan)."""
    registration = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                                Registration.id == registration_id))
    if registration is None:
        return None, False
    return check_in(forum, registration.checkin_code)


def mark_printed(forum: Forum, registration_ids: list[int]) -> None:
    """Note when these badges were printed (the "not printed yet" choice leaves them out next time)."""
    now = utcnow()
    for i in range(0, len(registration_ids), IDS_PER_STATEMENT):
        db.session.execute(update(Registration).where(
            Registration.forum_id == forum.id, Registration.id.in_(registration_ids[i:i + IDS_PER_STATEMENT]))
            .values(badge_printed_at=now).execution_options(synchronize_session=False))
