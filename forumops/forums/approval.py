"""New organisers approved by the administrator, when the site asks for it (a setting, off on a fresh install).

Anyone with a confirmed address may make a forum; a draft sends nothing (its mail waits, core.outbox holds
it), so what a stranger could do with a forum starts when it is announced. With "new organisers need
approval" on, an account's forums cannot leave draft until the administrator approves the account as an
organiser: its first forum puts it on the administrator's list ("waiting"), where it is approved or refused.
Accounts that already organise a forum that is not a draft (trusted before the setting was turned on, or
made organisers by someone trusted) and administrators need no approval. Writes flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core import settings
from ..core.errors import FormError
from ..core.models import utcnow
from ..extensions import db
from .models import Forum, ForumMember, OrganiserApproval

SETTING = "organisers_need_approval"


def approval_required() -> bool:
    """Whether new organisers need the administrator's approval before their forums are announced."""
    return settings.get_flag(SETTING)


def set_approval_required(required: bool, actor: User) -> None:
    """The administrator turns the setting on or off (off: every waiting organiser's drafts may be announced)."""
    settings.set_setting(SETTING, bool(required), actor.id)


def _organises_a_public_forum(user_id: int):
    return exists().where(ForumMember.user_id == user_id, ForumMember.role == "organiser",
                          ForumMember.forum_id == Forum.id, Forum.status != "draft")


def _trusted(user: User) -> bool:
    """An administrator, an approved organiser, or one who organises a forum that is announced already."""
    if user.is_admin:
        return True
    state = db.session.scalar(select(OrganiserApproval.state).where(OrganiserApproval.user_id == user.id))
    if state is not None:
        return state == "approved"
    return bool(db.session.scalar(select(_organises_a_public_forum(user.id))))


def note_new_forum(forum: Forum, actor: User | None) -> None:
    """A forum was made: with approval on, an untrusted creator waits on the administrator's list."""
    if actor is None or not approval_required() or _trusted(actor):
        return
    if db.session.get(OrganiserApproval, actor.id) is None:
        db.session.add(OrganiserApproval(user_id=actor.id, state="waiting", asked_at=utcnow()))
        db.session.flush()


def announcement_blocked(forum: Forum) -> str:
    """Why this draft cannot be announced yet ("" when it can): its creator waits for approval, or was refused."""
    if forum.created_by_id is None or not approval_required():
        return ""
    creator = db.session.get(User, forum.created_by_id)
    if creator is None or _trusted(creator):
        return ""
    state = db.session.scalar(select(OrganiserApproval.state).where(OrganiserApproval.user_id == creator.id))
    if state == "refused":
        return _("The site administrator has not approved %(name)s as an organiser, so this forum stays a draft "
                 "and sends nothing.", name=creator.name)
    return _("This forum can be announced once the site administrator approves %(name)s as a new organiser. "
             "You can prepare it meanwhile; its emails wait until then.", name=creator.name)


def check_may_announce(forum: Forum) -> None:
    """Refuse (FormError, beside the status) to take a forum out of draft while announcement_blocked says why."""
    reason = announcement_blocked(forum)
    if reason:
        raise FormError(reason, field="status")


@dataclass(frozen=True)
class Candidate:
    """An account on the administrator's list, with the drafts it made."""

    approval: OrganiserApproval
    drafts: list[Forum]


def list_candidates() -> list[Candidate]:
    """Accounts waiting for approval (oldest first), then those refused; with their drafts. Three queries."""
    approvals = list(db.session.scalars(
        select(OrganiserApproval).where(OrganiserApproval.state.in_(("waiting", "refused")))
        .options(selectinload(OrganiserApproval.user))
        .order_by(OrganiserApproval.state.desc(), OrganiserApproval.asked_at, OrganiserApproval.user_id)))
    drafts: dict[int, list[Forum]] = {}
    if approvals:
        for forum in db.session.scalars(select(Forum).where(
                Forum.created_by_id.in_([a.user_id for a in approvals]), Forum.status == "draft")
                .order_by(Forum.created_at)):
            drafts.setdefault(forum.created_by_id or 0, []).append(forum)
    return [Candidate(a, drafts.get(a.user_id, [])) for a in approvals]


def waiting_count() -> int:
    """How many accounts wait for the administrator's answer."""
    return db.session.scalar(select(func.count()).where(OrganiserApproval.state == "waiting")) or 0


def decide(user_id: int, approve: bool, admin: User) -> OrganiserApproval | None:
    """Approve or refuse an account on the list (None: not on it). Approving lets its drafts be announced;
    refusing keeps them drafts, their mail held. Either can be changed later."""
    approval = db.session.get(OrganiserApproval, user_id)
    if approval is None:
        return None
    approval.state = "approved" if approve else "refused"
    approval.decided_at, approval.decided_by_id = utcnow(), admin.id
    db.session.flush()
    return approval
