"""Roles and the single place where access is decided: can(user, action, forum)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import g, has_request_context
from sqlalchemy import select

from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..forums.models import Forum

ANONYMOUS = "anonymous"
SIGNED_IN = "signed_in"
PARTICIPANT = "participant"
FACILITATOR = "facilitator"
ORGANISER = "organiser"
ADMIN = "admin"
CLUSTER_STAFF = "cluster_staff"  # facilitator or rapporteur of the cluster in question
CLUSTER_MEMBER = "cluster_member"  # a participant assigned to it
ONLINE_PARTICIPANT = "online_participant"  # confirmed to take part online (registered by the registration stage)
FORUM_CLUSTER_STAFF = "forum_cluster_staff"  # facilitator or rapporteur of any cluster of the forum

# action -> who may do it. "public" means anyone who may see the forum at all.
# Forum-scoped actions look at the user's roles in that forum; site actions need no forum.
RULES: dict[str, frozenset[str]] = {
    # site
    "site.view": frozenset({ANONYMOUS, SIGNED_IN}),
    "account.manage": frozenset({SIGNED_IN}),
    "forum.create": frozenset({SIGNED_IN}),
    "organisations.view": frozenset({SIGNED_IN}),
    "admin": frozenset({ADMIN}),
    # forum
    "forum.view": frozenset({ANONYMOUS, SIGNED_IN}),  # plus draft visibility, see can()
    # the meeting link: the team, and people confirmed to take part online; never those coming in person,
    # waiting, pending or cancelled (a link passed round fills the call with people nobody invited)
    "forum.view_online_link": frozenset({ONLINE_PARTICIPANT, FACILITATOR, ORGANISER}),
    "forum.edit": frozenset({ORGANISER}),
    "forum.manage_partners": frozenset({ORGANISER}),
    "forum.manage_team": frozenset({ORGANISER}),
    "forum.change_status": frozenset({ORGANISER}),
    "agenda.edit": frozenset({ORGANISER}),
    "agenda.personal_feed": frozenset({PARTICIPANT, FACILITATOR, ORGANISER}),
    "clusters.manage": frozenset({ORGANISER}),
    # the clusters page: organisers manage every cluster; facilitators and rapporteurs see theirs
    "clusters.view": frozenset({ORGANISER, FACILITATOR, FORUM_CLUSTER_STAFF}),
    "registration.manage": frozenset({ORGANISER}),
    # writing to participants (the composer, saved templates, a message's page and its retries)
    "communications.send": frozenset({ORGANISER}),
    # cluster-scoped: pass cluster= to can()
    "notes.write": frozenset({ORGANISER, CLUSTER_STAFF}),
    "notes.read_submitted": frozenset({ORGANISER, CLUSTER_STAFF, CLUSTER_MEMBER}),
    "notes.review": frozenset({ORGANISER}),
}


# Principals a later stage decides (a confirmed online registration, cluster staff): name -> (user, forum) -> bool.
# Asked only when an action names them and the user's other roles did not already allow it, so a page pays
# for the query only when it needs the answer.
PrincipalCheck = Callable[["User", "Forum"], bool]
_principal_checks: dict[str, PrincipalCheck] = {}


def register_principal(name: str) -> Callable[[PrincipalCheck], PrincipalCheck]:
    """Let a later stage decide one principal (core knows no stage); used as a decorator."""
    def register(check: PrincipalCheck) -> PrincipalCheck:
        _principal_checks[name] = check
        return check
    return register


def _has_registered_principal(name: str, user: User, forum: Forum) -> bool:
    """A registered principal's answer, once per request."""
    cache = g.setdefault("_forum_roles", {}) if has_request_context() else {}
    key = (user.id, name, forum.id)
    if key not in cache:
        cache[key] = bool(_principal_checks[name](user, forum))
    return cache[key]


def forum_roles(user: User | None, forum: Forum) -> frozenset[str]:
    """The user's roles in this forum (organiser, facilitator, participant), once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or forum.id is None:
        return frozenset()
    cache = g.setdefault("_forum_roles", {}) if has_request_context() else {}
    key = (user.id, forum.id)
    if key not in cache:
        from ..forums.models import ForumMember

        rows = db.session.scalars(
            select(ForumMember.role).where(ForumMember.forum_id == forum.id, ForumMember.user_id == user.id)
        )
        cache[key] = frozenset(rows)
    return cache[key]


def cluster_roles(user: User | None, cluster) -> frozenset[str]:
    """CLUSTER_STAFF and/or CLUSTER_MEMBER for this user in this cluster, once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or cluster is None:
        return frozenset()
    cache = g.setdefault("_forum_roles", {}) if has_request_context() else {}
    key = (user.id, "cluster", cluster.id)
    if key not in cache:
        from ..clusters.models import ClusterAssignment
        from ..registration.models import Registration

        staff = db.session.scalar(select(ClusterAssignment.id).where(
            ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.user_id == user.id,
            ClusterAssignment.role.in_(("facilitator", "rapporteur"))).limit(1))
        member = db.session.scalar(select(ClusterAssignment.id).join(
            Registration, Registration.id == ClusterAssignment.registration_id).where(
            ClusterAssignment.cluster_id == cluster.id, Registration.user_id == user.id,
            Registration.status == "confirmed").limit(1))
        cache[key] = frozenset(role for role, present in ((CLUSTER_STAFF, staff), (CLUSTER_MEMBER, member))
                               if present is not None)
    return cache[key]


def _principals(user: User | None, forum: Forum | None, cluster=None) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {ANONYMOUS}
    principals = {SIGNED_IN}
    if user.is_admin:
        principals.add(ADMIN)
    if forum is not None:
        principals |= forum_roles(user, forum)
    if cluster is not None:
        principals |= cluster_roles(user, cluster)
    return principals


def can_see_forum(user: User | None, forum: Forum) -> bool:
    """Drafts are visible to their organisers (and administrators) only."""
    if forum.is_public:
        return True
    principals = _principals(user, forum)
    return ADMIN in principals or ORGANISER in principals


def can(user: User | None, action: str, forum: Forum | None = None, cluster=None) -> bool:
    """May this user do this action (on this forum, in this cluster)? Administrators may do everything."""
    if action not in RULES:
        raise KeyError(f"unknown action {action!r}: add it to core.permissions.RULES")
    if forum is not None and not can_see_forum(user, forum):
        return False
    principals = _principals(user, forum, cluster)
    if ADMIN in principals or principals & RULES[action]:
        return True
    if forum is None or forum.id is None or not getattr(user, "is_authenticated", False):
        return False
    return any(_has_registered_principal(name, user, forum)
               for name in RULES[action] & _principal_checks.keys())
