"""Forum writes. Verb-named, they flush and never commit: the view commits once."""

from __future__ import annotations

from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..core.errors import FormError
from ..core.outbox import release_hold
from ..core.text import clean_line, clean_lines, clean_text, fold_key
from ..extensions import db
from ..organisations.operations import drop_logo, fill_logo, find_or_create_organisation
from .approval import check_may_announce, note_new_forum
from .models import MEMBER_ROLES, PARTNER_ROLES, STATUSES, Forum, ForumLogo, ForumMember, ForumPartner, ForumSeries
from .versions import check_languages

SIMPLE_FIELDS = (
    "title", "slug", "edition", "start_date", "end_date", "timezone", "mode",
    "venue_name", "venue_address", "venue_city", "venue_country", "online_link",
    "background", "rationale", "expected_outputs", "target_participants", "programme_outline",
    "retention_days",
)
NULLABLE_FIELDS = ("edition", "retention_days")  # None stays None; other empty values become ""
DRAFT_HOLD = "draft"  # what a draft forum's mail waits for (core.outbox): the forum's announcement


def find_or_create_series(name: str) -> ForumSeries | None:
    """The series of this name (matched as a reader sees it), made if new; None for a blank name."""
    name = clean_line(name)
    if not name:
        return None
    series = db.session.scalar(select(ForumSeries).where(ForumSeries.name_key == fold_key(name)))
    if series is None:
        series = ForumSeries(name=name, name_key=fold_key(name))
        db.session.add(series)
        db.session.flush()
    return series


def _check_slug_free(slug: str, forum: Forum | None) -> None:
    query = select(Forum.id).where(Forum.slug == slug)
    if forum is not None and forum.id is not None:
        query = query.where(Forum.id != forum.id)
    if db.session.scalar(query) is not None:
        raise FormError(_("Another forum already uses the short name “%(slug)s”. Choose another.", slug=slug),
                        field="slug")


def _apply(forum: Forum, data: dict[str, Any]) -> None:
    for name in SIMPLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(forum, name, value if value is not None or name in NULLABLE_FIELDS else "")
    if "objectives" in data:
        forum.objectives = clean_lines(data["objectives"]) if isinstance(data["objectives"], str) \
            else [clean_line(o) for o in data["objectives"] if clean_line(o)]
    if "themes" in data:
        forum.themes = clean_lines(data["themes"]) if isinstance(data["themes"], str) \
            else [clean_line(t) for t in data["themes"] if clean_line(t)]
    if "languages" in data:
        forum.languages = check_languages(data["languages"])
    if "series" in data:
        forum.series = find_or_create_series(data["series"] or "")
        if forum.series is None:
            forum.edition = None


def create_forum(data: dict[str, Any], actor: User | None) -> Forum:
    """A new draft forum; its creator (none for the demo's) becomes its first organiser, and, when new
    organisers need approval, waits for it on the administrator's list (forums.approval)."""
    _check_slug_free(data["slug"], None)
    forum = Forum(status="draft", created_by_id=actor.id if actor else None)
    _apply(forum, data)
    db.session.add(forum)
    db.session.flush()
    if actor is not None:
        add_member(forum, actor, "organiser")
    note_new_forum(forum, actor)
    return forum


def update_forum(forum: Forum, data: dict[str, Any]) -> Forum:
    """Apply the forum's edited details; a short name another forum uses is refused."""
    if "slug" in data:
        _check_slug_free(data["slug"], forum)
    _apply(forum, data)
    db.session.flush()
    return forum


def change_status(forum: Forum, status: str) -> Forum:
    """Move the forum to another status (draft, published, ...); an unknown status is refused. Leaving draft
    (refused while its creator waits for the administrator's approval) lets the mail the draft held go."""
    if status not in STATUSES:
        raise FormError(_("Unknown status."), field="status")
    announced = forum.status == "draft" and status != "draft"
    if announced:
        check_may_announce(forum)
    forum.status = status
    db.session.flush()
    if announced:
        release_hold(DRAFT_HOLD, forum.id)
    return forum


def add_partner(forum: Forum, name: str, role: str, country: str = "", acronym: str = "",
                type: str = "other") -> ForumPartner:
    """List an organisation as partner in a role, adding it to the directory if new; no role twice."""
    if role not in PARTNER_ROLES:
        raise FormError(_("Unknown partner role."), field="role")
    organisation = find_or_create_organisation(name, country=country, acronym=acronym, type=type)
    existing = next((p for p in forum.partners if p.organisation_id == organisation.id and p.role == role), None)
    if existing is not None:
        raise FormError(_("%(name)s is already listed in this role.", name=organisation.name), field="name")
    partner = ForumPartner(organisation=organisation, role=role,
                           position=max((p.position for p in forum.partners), default=-1) + 1)
    forum.partners.append(partner)
    db.session.flush()
    return partner


def remove_partner(forum: Forum, partner: ForumPartner) -> None:
    """Take a partner off the forum's list; the organisation stays in the directory."""
    forum.partners.remove(partner)
    db.session.flush()


def add_member(forum: Forum, user: User, role: str) -> ForumMember:
    """Give a user a role in the forum's team; giving it again changes nothing. Only accounts whose address
    is confirmed receive a role (an unconfirmed one may bear a stranger's address)."""
    if role not in MEMBER_ROLES:
        raise FormError(_("Unknown role."), field="role")
    if not user.is_verified:
        raise FormError(_("%(name)s has not confirmed their email address yet, so they cannot be given a role.",
                          name=user.name))
    member = db.session.scalar(select(ForumMember).where(
        ForumMember.forum_id == forum.id, ForumMember.user_id == user.id, ForumMember.role == role))
    if member is None:
        member = ForumMember(forum_id=forum.id, user_id=user.id, role=role)
        db.session.add(member)
        db.session.flush()
    return member


def remove_member(forum: Forum, member: ForumMember, actor: User) -> None:
    """Take someone off this forum's team (member loaded through the forum); never its last organiser."""
    if member.role == "organiser":
        organisers = db.session.scalars(select(ForumMember).where(
            ForumMember.forum_id == forum.id, ForumMember.role == "organiser")).all()
        if len(organisers) <= 1:
            raise FormError(_("A forum needs at least one organiser. Add another before removing this one."))
    db.session.delete(member)
    db.session.flush()


def form_data(form) -> dict[str, Any]:
    """The ForumForm's cleaned values as the operations expect them."""
    data = {name: getattr(form, name).data for name in SIMPLE_FIELDS}
    data["objectives"] = form.objectives.data or ""
    data["themes"] = form.themes.data or ""
    data["series"] = form.series.data or ""
    data["languages"] = [form.main_language.data or "en", *(form.other_languages.data or [])]
    for name in ("background", "rationale", "expected_outputs", "target_participants", "programme_outline"):
        data[name] = clean_text(data[name])
    return data


def set_forum_logo(forum: Forum, stream: IO[bytes], filename: str) -> ForumLogo:
    """Give the forum this logo (images only, re-encoded without metadata), replacing the one it had."""
    return fill_logo(forum.logo, lambda: ForumLogo(forum=forum), stream, filename)


def remove_forum_logo(forum: Forum) -> None:
    """The forum shows its title alone again."""
    drop_logo(forum)


def check_partner_logo_change(organisation, user) -> None:
    """A partner's logo is the organisation's own, shown by every forum naming it: an organiser changes a logo
    that is already set only when every forum naming the organisation is one they organise (else the site
    administrator does, from the directory), so one forum's organisers cannot change what another shows."""
    if organisation.logo is None or getattr(user, "is_admin", False):
        return
    elsewhere = db.session.scalar(
        select(func.count()).select_from(ForumPartner).where(
            ForumPartner.organisation_id == organisation.id,
            ForumPartner.forum_id.not_in(select(ForumMember.forum_id).where(
                ForumMember.user_id == user.id, ForumMember.role == "organiser"))))
    if elsewhere:
        raise FormError(_("Other forums show this organisation's logo too, so only the site administrator can "
                          "change it (from the directory)."), field="logo")
