"""Roles offered by email and granted when the address's owner accepts (writes flush, never commit).

A team role of the forum is an invitation of kind "team"; the clusters stage registers kind "cluster"
(facilitator or rapporteur of one cluster) with register_kind, so the accept page, the token and the
emails are one piece of code and nothing here imports a later stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.operations import create_user, normalise_email
from ..core.database import lock_for_update
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.i18n import format_moment
from ..core.languages import invitee_mail_language, written_in
from ..core.models import utcnow
from ..core.outbox import queue_mail
from ..core.quotas import check_mail_quota
from ..core.text import clean_line
from ..core.tokens import hash_token, new_token
from ..extensions import db
from .labels import MEMBER_ROLE_LABELS, MEMBER_ROLE_MEANINGS
from .models import MEMBER_ROLES, Forum, ForumMember, RoleInvitation
from .operations import add_member

INVITATION_DAYS = 14


@dataclass(frozen=True)
class InvitationKind:
    """What a kind of invitation offers and how it is granted."""

    describe: Callable[[RoleInvitation], tuple[str, str, str]]  # (role label, where, what the role means)
    grant: Callable[[RoleInvitation, User], None]
    landing: Callable[[RoleInvitation], tuple[str, dict]]  # (endpoint, values) to go to once accepted


_KINDS: dict[str, InvitationKind] = {}


def register_kind(name: str, kind: InvitationKind) -> None:
    """Let a stage add its kind of invitation (clusters add theirs), so forums imports no later stage."""
    _KINDS[name] = kind


def kind_of(invitation: RoleInvitation) -> InvitationKind:
    """How this invitation is described and accepted: a cluster role or a forum team role."""
    return _KINDS["cluster" if invitation.cluster_id is not None else "team"]


class InvitationUnusable(Exception):
    """The invitation cannot be accepted now: `reason` is accepted, revoked, expired, wrong_account or
    unconfirmed (the account's address is the invitation's, but nobody has shown they read its mail)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- reads -----------------------------------------------------------------------------------------

def find_by_token(token: str) -> RoleInvitation | None:
    """The invitation a link's token names, looked up by the token's hash only."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(RoleInvitation).where(RoleInvitation.token_hash == hash_token(token))
                             .options(selectinload(RoleInvitation.forum), selectinload(RoleInvitation.invited_by)))


def open_invitations(forum: Forum, cluster_id: int | None = None) -> list[RoleInvitation]:
    """Invitations not accepted nor revoked (expired ones included, to resend), newest first: the team's
    when cluster_id is None, else that cluster's."""
    scope = RoleInvitation.cluster_id.is_(None) if cluster_id is None else RoleInvitation.cluster_id == cluster_id
    return list(db.session.scalars(
        select(RoleInvitation).where(RoleInvitation.forum_id == forum.id, scope,
                                     RoleInvitation.accepted_at.is_(None), RoleInvitation.revoked_at.is_(None))
        .order_by(RoleInvitation.created_at.desc(), RoleInvitation.id.desc())))


def get_invitation(forum: Forum, invitation_id: int, cluster_id: int | None = None) -> RoleInvitation | None:
    """Loaded through the forum (and cluster): another forum's invitation is not found."""
    scope = RoleInvitation.cluster_id.is_(None) if cluster_id is None else RoleInvitation.cluster_id == cluster_id
    return db.session.scalar(select(RoleInvitation).where(
        RoleInvitation.forum_id == forum.id, RoleInvitation.id == invitation_id, scope))


def account_exists(email: str) -> bool:
    """True when an account uses this address: the invitation then asks to sign in, not sign up."""
    return db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None


# --- writes ----------------------------------------------------------------------------------------

def invite(forum: Forum, email: str, role: str, actor: User | None, *, name: str = "",
           cluster_id: int | None = None) -> RoleInvitation:
    """Offer a role to an address and email it the accept link. An open invitation to the same address for
    the same role is renewed instead (new link, the old one stops working), so nobody holds two."""
    email = normalise_email(email)
    existing = db.session.scalar(select(RoleInvitation).where(
        RoleInvitation.forum_id == forum.id, RoleInvitation.email == email, RoleInvitation.role == role,
        RoleInvitation.cluster_id.is_(None) if cluster_id is None else RoleInvitation.cluster_id == cluster_id,
        RoleInvitation.accepted_at.is_(None), RoleInvitation.revoked_at.is_(None)))
    if existing is not None:
        if clean_line(name):
            existing.name = clean_line(name)
        return resend(existing, actor)
    _check_quota(forum, actor.id if actor is not None else None)
    invitation = RoleInvitation(forum=forum, forum_id=forum.id, cluster_id=cluster_id, email=email,
                                name=clean_line(name), role=role, invited_by_id=actor.id if actor else None,
                                invited_by=actor, created_at=utcnow())
    db.session.add(invitation)
    _new_link_and_mail(invitation, actor)
    return invitation


def invite_to_team(forum: Forum, email: str, role: str, actor: User, name: str = "") -> RoleInvitation:
    """Offer a team role (organiser, facilitator, participant) of the forum."""
    if role not in MEMBER_ROLES:
        raise FormError(_("Unknown role."), field="role")
    holder = db.session.scalar(select(User.name).join(ForumMember, ForumMember.user_id == User.id).where(
        ForumMember.forum_id == forum.id, ForumMember.role == role, User.email == normalise_email(email)))
    if holder is not None:
        raise FormError(_("%(name)s (%(email)s) already has this role in the forum.", name=holder,
                          email=normalise_email(email)), field="email")
    return invite(forum, email, role, actor, name=name)


def resend(invitation: RoleInvitation, actor: User | None = None) -> RoleInvitation:
    """A new link and a fresh expiry date, emailed again (counted against `actor`'s quota, or the first
    inviter's); the link sent before stops working."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise FormError(_("This invitation was already %(state)s; send a new one instead.",
                          state=_("accepted") if invitation.accepted_at else _("withdrawn")))
    _check_quota(invitation.forum, actor.id if actor is not None else invitation.invited_by_id)
    _new_link_and_mail(invitation, actor)
    return invitation


def apply_change(invitation: RoleInvitation, change: str, actor: User | None = None) -> str:
    """The organisers' buttons: "resend" (a new link; the old one stops working) or "revoke". Returns what
    to tell them; FormError when the invitation was answered meanwhile, or the quota is reached."""
    if change == "revoke":
        revoke(invitation)
        return _("Invitation to %(email)s withdrawn: its link no longer works.", email=invitation.email)
    resend(invitation, actor)
    return _("A new invitation is on its way to %(email)s; the link sent before no longer works.",
             email=invitation.email)


def revoke(invitation: RoleInvitation) -> None:
    """Withdraw a pending invitation; one accepted or revoked already is left as it is."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()


def accept(invitation: RoleInvitation, user: User) -> RoleInvitation:
    """Grant the offered role to the account whose confirmed address the invitation was sent to; once. An
    account merely bearing the address (a stranger may sign up with anyone's) gains nothing until a link sent
    to the address is followed."""
    db.session.execute(lock_for_update(select(RoleInvitation.id).where(RoleInvitation.id == invitation.id)))
    db.session.refresh(invitation)  # a second tab, or a double click, sees the first acceptance
    if invitation.state != "pending":
        raise InvitationUnusable(invitation.state)
    if normalise_email(user.email) != invitation.email:
        raise InvitationUnusable("wrong_account")
    if not user.is_verified:
        raise InvitationUnusable("unconfirmed")
    kind_of(invitation).grant(invitation, user)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    return invitation


def accept_with_new_account(invitation: RoleInvitation, name: str, password: str) -> User:
    """Holding the link proves the address: the account is made with it, confirmed, and the role granted."""
    if invitation.state != "pending":
        raise InvitationUnusable(invitation.state)
    user = create_user(name, invitation.email, password, verified=True)
    accept(invitation, user)
    return user


def describe(invitation: RoleInvitation) -> dict:
    """Plain words for the pages and the email: role, where, what it means, who invited, until when."""
    role, where, meaning = kind_of(invitation).describe(invitation)
    return {"role": role, "where": where, "meaning": meaning, "email": invitation.email,
            "inviter": invitation.invited_by.name if invitation.invited_by else _("The organisers"),
            "expires": format_moment(invitation.expires_at, "long", invitation.forum.timezone)}


def _check_quota(forum: Forum, actor_id: int | None) -> None:
    """An invitation is an email to someone else at an organiser's request: refused (beside the address)
    when it would pass the organiser's or the forum's quota (core.quotas). Asked before anything is added."""
    check_mail_quota(forum_id=forum.id, actor_id=actor_id, count=1, field="email", zone=forum.timezone)


def _new_link_and_mail(invitation: RoleInvitation, actor: User | None) -> None:
    """A new link, emailed, counted against the organiser's quota. From a draft forum only an invitation to
    organise it goes at once (organisers prepare a draft together); any other waits, as all of a draft's mail
    does, until the forum is announced."""
    actor_id = actor.id if actor is not None else invitation.invited_by_id
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.expires_at = utcnow() + timedelta(days=INVITATION_DAYS)
    db.session.flush()
    account = db.session.scalar(select(User).where(User.email == invitation.email))
    with written_in(invitee_mail_language(account.language if account is not None else None,
                                          invitation.forum.languages)):
        _mail_invitation(invitation, token, actor_id)


def _mail_invitation(invitation: RoleInvitation, token: str, actor_id: int | None) -> None:
    words = describe(invitation)
    greeting = _("Hello %(name)s,", name=invitation.name) if invitation.name else _("Hello,")
    queue_mail(invitation.email, _("%(inviter)s invites you to %(where)s", **words), "\n\n".join((
        greeting,
        _("%(inviter)s invites you to %(where)s as %(role)s.", **words),
        words["meaning"],
        _("To accept, open this link by %(expires)s:", **words),
        absolute_url("forums.invitation", token=token),
        _("No role is given until you accept. If you have no ForumOps account yet, you can create one there "
          "with this address (%(email)s). If you did not expect this invitation, ignore this email.", **words),
    )) + "\n", forum_id=invitation.forum_id, actor_id=actor_id, hold="" if goes_from_a_draft(invitation) else None)


def goes_from_a_draft(invitation: RoleInvitation) -> bool:
    """An invitation to organise the forum's team goes at once even from a draft (organisers prepare it
    together); every other one waits while the forum is a draft."""
    return invitation.cluster_id is None and invitation.role == "organiser"


def mail_waits(invitation: RoleInvitation) -> bool:
    """Its email waits for the forum to be announced (for the organisers' message)."""
    return invitation.forum.status == "draft" and not goes_from_a_draft(invitation)


def _describe_team(invitation: RoleInvitation) -> tuple[str, str, str]:
    return (str(MEMBER_ROLE_LABELS[invitation.role]).lower(), invitation.forum.title,
            str(MEMBER_ROLE_MEANINGS[invitation.role]))


def _grant_team(invitation: RoleInvitation, user: User) -> None:
    add_member(invitation.forum, user, invitation.role)


register_kind("team", InvitationKind(
    describe=_describe_team, grant=_grant_team,
    landing=lambda invitation: ("forums.detail", {"slug": invitation.forum.slug})))
