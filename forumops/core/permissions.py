"""Roles and the single place where access is decided: can(user, action, forum).

core knows no stage: the stages that keep roles tell it who holds them. The forum stage registers a person's
team roles (register_roles("forum")), the clusters stage their staff and member roles in a cluster
(register_roles("cluster")) and a programme item's (register_roles("item"): its rapporteurs write its session
notes), and a later stage decides a principal of its own (register_principal), such as
registration's confirmed online participant. A principal may also come with the request rather than the account:
the holder of a private link (register_link_principal), decided when can() is passed the link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from flask import g, has_request_context


class User(Protocol):
    """What access needs to know of an account (accounts.models.User, or flask-login's anonymous user)."""

    @property
    def id(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_admin(self) -> bool: ...


class Forum(Protocol):
    """What access needs to know of a forum (forums.models.Forum)."""

    @property
    def id(self) -> int | None: ...
    @property
    def is_public(self) -> bool: ...


ANONYMOUS = "anonymous"
SIGNED_IN = "signed_in"
VERIFIED = "verified"  # signed in with an address its owner confirmed (a link sent to it was followed)
PARTICIPANT = "participant"
FACILITATOR = "facilitator"
ORGANISER = "organiser"
ADMIN = "admin"
CLUSTER_STAFF = "cluster_staff"  # facilitator or rapporteur of the cluster in question
CLUSTER_MEMBER = "cluster_member"  # a participant assigned to it
ITEM_RAPPORTEUR = "item_rapporteur"  # a rapporteur (with an account) of the programme item in question
ITEM_AUDIENCE = "item_audience"  # confirmed to take part in the forum the programme item belongs to
ITEM_PRESENTER = "item_presenter"  # named on the item (speaker, moderator...) by account, or staff of its cluster
ONLINE_PARTICIPANT = "online_participant"  # confirmed to take part online (registered by the registration stage)
FORUM_CLUSTER_STAFF = "forum_cluster_staff"  # facilitator or rapporteur of any cluster of the forum
# holds the forum's valid private link to a registration that is confirmed (registered by the registration stage),
# signed in or not: asked only when can() is given the link
CONFIRMED_LINK_HOLDER = "confirmed_link_holder"

# action -> who may do it. "public" means anyone who may see the forum at all.
# Forum-scoped actions look at the user's roles in that forum; site actions need no forum.
RULES: dict[str, frozenset[str]] = {
    # site
    "site.view": frozenset({ANONYMOUS, SIGNED_IN}),
    "account.manage": frozenset({SIGNED_IN}),
    # a forum mails its registrants from our address: only accounts whose address is confirmed make one
    "forum.create": frozenset({VERIFIED}),
    # the directory page: each signed-in person sees the entries the privacy stage allows them (public already,
    # their own forums' people); the administrator sees every entry
    "organisations.view": frozenset({SIGNED_IN}),
    "organisations.view_all": frozenset({ADMIN}),
    # an organisation's logo in the directory: the administrator, who alone may change any entry; a forum's
    # organisers change the logos of their forum's partners from its partners page (forum.manage_partners)
    "organisations.edit_logo": frozenset({ADMIN}),
    # a logo's picture, by the SHA-256 in its address: logos are shown on public pages and PDFs
    "logos.view": frozenset({ANONYMOUS, SIGNED_IN}),
    "admin": frozenset({ADMIN}),
    # forum
    "forum.view": frozenset({ANONYMOUS, SIGNED_IN}),  # plus draft visibility, see can()
    # the meeting link: the team, and people confirmed to take part online; never those coming in person,
    # waiting, pending or cancelled (a link passed round fills the call with people nobody invited)
    "forum.view_online_link": frozenset({ONLINE_PARTICIPANT, FACILITATOR, ORGANISER}),
    "forum.edit": frozenset({ORGANISER}),
    # versions of the forum's texts in its other languages (forums.translation_views)
    "forum.translate": frozenset({ORGANISER}),
    "forum.manage_partners": frozenset({ORGANISER}),
    "forum.manage_team": frozenset({ORGANISER}),
    "forum.change_status": frozenset({ORGANISER}),
    "agenda.edit": frozenset({ORGANISER}),
    "agenda.personal_feed": frozenset({PARTICIPANT, FACILITATOR, ORGANISER}),
    "clusters.manage": frozenset({ORGANISER}),
    # the clusters page: organisers manage every cluster; facilitators and rapporteurs see theirs
    "clusters.view": frozenset({ORGANISER, FACILITATOR, FORUM_CLUSTER_STAFF}),
    "registration.manage": frozenset({ORGANISER}),
    # the check-in desk and a session's own door: recording who came, on which day, to which session
    "attendance.record": frozenset({ORGANISER}),
    # who came, by day, session and cluster, with the names (the report's page and its CSV grid)
    "attendance.report": frozenset({ORGANISER}),
    # writing to participants (the composer, saved templates, a message's page and its retries)
    "communications.send": frozenset({ORGANISER}),
    # documents and materials (forumops.documents): who opens a document of each visibility, and who manages
    # them; a forum's staff are its organisers, facilitators and cluster facilitators and rapporteurs
    "documents.view_public": frozenset({ANONYMOUS, SIGNED_IN}),
    "documents.view_participants": frozenset({PARTICIPANT, FACILITATOR, ORGANISER, FORUM_CLUSTER_STAFF}),
    "documents.view_organisers": frozenset({ORGANISER}),
    "documents.manage": frozenset({ORGANISER}),
    # certificates of attendance and the signatories of the forum's papers (certificates and letters): writing,
    # choosing who receives them, previews, publishing, downloading them all. A participant's own certificate
    # opens through their private link or account (forum.view / account.manage, as their badge does).
    "certificates.manage": frozenset({ORGANISER}),
    # a participant's private link opens the documents kept for participants: the link decides, not the account
    # (organisers-only documents are never served there)
    "documents.view_by_link": frozenset({CONFIRMED_LINK_HOLDER}),
    # invitation letters (certificates.letters): the organisers' settings, queue, decisions and every issued letter;
    # a person reaches their own request and letter through their private link or their account
    "letters.manage": frozenset({ORGANISER}),
    # the notes of a cluster session (pass cluster= to can()) or of a programme item (item=): its staff or
    # rapporteurs write them, its members or audience read them once submitted, organisers review them
    "notes.write": frozenset({ORGANISER, CLUSTER_STAFF, ITEM_RAPPORTEUR}),
    "notes.read_submitted": frozenset({ORGANISER, CLUSTER_STAFF, CLUSTER_MEMBER, ITEM_RAPPORTEUR, ITEM_AUDIENCE}),
    "notes.review": frozenset({ORGANISER}),
    # certificates and letters (forumops.certificates): anyone holding one checks it by its printed code; the
    # forum's organisers read the register of every paper issued and revoke one, with a reason
    "certificates.verify": frozenset({ANONYMOUS, SIGNED_IN}),
    "certificates.view_issued": frozenset({ORGANISER}),
    "certificates.revoke": frozenset({ORGANISER}),
    # surveys and before-and-after tests (forumops.evaluations): organisers build them, open and close them, read
    # the results and the CSV, and choose what the outcome report shows. A participant answers through their
    # private link or their account (forum.view / account.manage, as their certificate), if they are among those
    # asked (evaluations.audience decides that, not a role)
    "evaluations.manage": frozenset({ORGANISER}),
    # feedback on a programme item (pass item= to can()): its presenters read what was said about it, without
    # names; organisers read every item's
    "feedback.view": frozenset({ORGANISER, ITEM_PRESENTER}),
    # getting people there (forumops.travel): support offered, hotels, everyone's travel details and the lists
    # (arrivals, rooming, per diem, dietary and accessibility) are personal data, the organisers' alone. A
    # participant reads and answers their own offers and fills their travel form through their private link or
    # their account (forum.view / account.manage, as their certificate)
    "travel.manage": frozenset({ORGANISER}),
}


def only_administrators(action: str) -> bool:
    """Whether only a site administrator may do this action: a refusal then says so, rather than sending the
    person to the forum's organisers, who cannot do it either."""
    return RULES[action] == frozenset({ADMIN})


def is_public(action: str) -> bool:
    """Whether anyone at all, signed in or not, may do this action (see a public page): a page whose action is
    not public is kept by no browser or proxy cache (core.http.keep_private_answers_private)."""
    return ANONYMOUS in RULES[action]


# Principals a later stage decides (a confirmed online registration, cluster staff): name -> (user, forum) -> bool.
# Asked only when an action names them and the user's other roles did not already allow it, so a page pays
# for the query only when it needs the answer.
PrincipalCheck = Callable[[Any, Any], bool]  # (user, forum): the stage's own model types
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


# Principals a request's private link makes (name -> (link, forum) -> bool), asked only when can() is given `link`.
LinkCheck = Callable[[str, Any], bool]  # (the link's token, forum): the stage's own model types
_link_checks: dict[str, LinkCheck] = {}


def register_link_principal(name: str) -> Callable[[LinkCheck], LinkCheck]:
    """Let a later stage decide a principal its private links carry (core knows no stage); used as a decorator."""
    def register(check: LinkCheck) -> LinkCheck:
        _link_checks[name] = check
        return check
    return register


def _holds_link(action: str, link: str, forum: Forum) -> bool:
    """Whether this private link makes its holder one of the action's principals, once per request."""
    cache = g.setdefault("_forum_roles", {}) if has_request_context() else {}
    for name in sorted(RULES[action] & _link_checks.keys()):
        key = ("link", name, forum.id, link)
        if key not in cache:
            cache[key] = bool(_link_checks[name](link, forum))
        if cache[key]:
            return True
    return False


# Where roles are kept: scope -> (user, forum, cluster or item) -> the role names the user holds there.
# "forum": organiser, facilitator, participant (the forum's team); "cluster": CLUSTER_STAFF, CLUSTER_MEMBER;
# "item" (a programme item): ITEM_RAPPORTEUR, ITEM_PRESENTER, ITEM_AUDIENCE.
RoleFinder = Callable[[Any, Any], Iterable[str]]
_role_finders: dict[str, RoleFinder] = {}


def register_roles(scope: str) -> Callable[[RoleFinder], RoleFinder]:
    """Let the stage that keeps the roles of a scope ("forum", "cluster", "item") name a user's; a decorator."""
    def register(finder: RoleFinder) -> RoleFinder:
        _role_finders[scope] = finder
        return finder
    return register


def _roles(scope: str, key: tuple, user: User, subject) -> frozenset[str]:
    """The registered finder's answer for this scope, once per request."""
    cache = g.setdefault("_forum_roles", {}) if has_request_context() else {}
    if key not in cache:
        if scope not in _role_finders:
            raise LookupError(f"no stage registered the {scope} roles (core.permissions.register_roles)")
        cache[key] = frozenset(_role_finders[scope](user, subject))
    return cache[key]


def forum_roles(user: User | None, forum: Forum) -> frozenset[str]:
    """The user's roles in this forum (organiser, facilitator, participant), once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or forum.id is None:
        return frozenset()
    return _roles("forum", (user.id, forum.id), user, forum)


def cluster_roles(user: User | None, cluster) -> frozenset[str]:
    """CLUSTER_STAFF and/or CLUSTER_MEMBER for this user in this cluster, once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or cluster is None:
        return frozenset()
    return _roles("cluster", (user.id, "cluster", cluster.id), user, cluster)


def item_roles(user: User | None, item) -> frozenset[str]:
    """ITEM_RAPPORTEUR and/or ITEM_AUDIENCE for this user on this programme item, once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or item is None:
        return frozenset()
    return _roles("item", (user.id, "item", item.id), user, item)


def _principals(user: User | None, forum: Forum | None, cluster=None, item=None) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {ANONYMOUS}
    principals = {SIGNED_IN}
    if getattr(user, "is_verified", False):
        principals.add(VERIFIED)
    if user.is_admin:
        principals.add(ADMIN)
    if forum is not None:
        principals |= forum_roles(user, forum)
    if cluster is not None:
        principals |= cluster_roles(user, cluster)
    if item is not None:
        principals |= item_roles(user, item)
    return principals


def can_see_forum(user: User | None, forum: Forum) -> bool:
    """Drafts are visible to their organisers (and administrators) only."""
    if forum.is_public:
        return True
    principals = _principals(user, forum)
    return ADMIN in principals or ORGANISER in principals


def waits_for_confirmed_address(user: User | None, action: str) -> bool:
    """A signed-in account that may do this once its address is confirmed, and has not confirmed it yet: the
    answer is a page saying so, with a button to send the link again, rather than a bare refusal."""
    return (user is not None and getattr(user, "is_authenticated", False) and VERIFIED in RULES[action]
            and not getattr(user, "is_verified", False))


def can(user: User | None, action: str, forum: Forum | None = None, cluster=None, link: str | None = None,
        item=None) -> bool:
    """May this user do this action (on this forum, in this cluster or on this programme item, holding this private
    link)? Administrators may do everything."""
    if action not in RULES:
        raise KeyError(f"unknown action {action!r}: add it to core.permissions.RULES")
    if forum is not None and not can_see_forum(user, forum):
        return False
    principals = _principals(user, forum, cluster, item)
    if ADMIN in principals or principals & RULES[action]:
        return True
    if link and forum is not None and forum.id is not None and _holds_link(action, link, forum):
        return True
    if forum is None or forum.id is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(_has_registered_principal(name, user, forum)
               for name in RULES[action] & _principal_checks.keys())
