"""Load the demo forums, organisations and accounts. Safe to run twice: existing rows are kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..accounts.models import User
from ..accounts.operations import create_user
from ..extensions import db
from ..forums import operations as forum_ops
from ..forums.models import Forum
from ..organisations.operations import find_or_create_organisation
from ..organisations.queries import count_organisations
from . import data


def load_demo() -> dict[str, int]:
    """Create what is missing; never duplicate. Returns counts of what was created."""
    created = {"organisations": 0, "forums": 0, "users": 0}
    organisations_before = count_organisations()
    for org in data.ORGANISATIONS:
        find_or_create_organisation(org["name"], country=org["country"] or "", acronym=org.get("acronym") or "",
                                    type=org["type"])
    created["organisations"] = count_organisations() - organisations_before

    users: dict[str, User] = {}
    for spec in data.USERS:
        user = db.session.scalar(select(User).where(User.email == spec["email"]))
        if user is None:
            user = create_user(spec["name"], spec["email"], spec["password"], is_admin=spec.get("is_admin", False))
            created["users"] += 1
        users[spec["email"]] = user

    countries = {o["name"]: o["country"] or "" for o in data.ORGANISATIONS}
    types = {o["name"]: o["type"] for o in data.ORGANISATIONS}
    for spec in data.FORUMS:
        forum = db.session.scalar(select(Forum).where(Forum.slug == spec["slug"]))
        if forum is not None:
            continue
        payload = {
            key: spec.get(key) or "" for key in (
                "title", "slug", "timezone", "mode", "venue_name", "venue_address", "online_link",
                "background", "rationale", "expected_outputs", "target_participants", "programme_outline",
            )
        }
        payload.update(
            venue_city=spec.get("city") or "", venue_country=spec.get("country") or "",
            start_date=date.fromisoformat(spec["start"]), end_date=date.fromisoformat(spec["end"]),
            edition=spec.get("edition"), series=spec.get("series") or "",
            objectives=spec.get("objectives", []), themes=spec.get("themes", []),
        )
        forum = forum_ops.create_forum(payload, actor=None)
        forum_ops.change_status(forum, spec["status"])
        for name, role in spec["partners"]:
            forum_ops.add_partner(forum, name, role, country=countries.get(name, ""), type=types.get(name, "other"))
        created["forums"] += 1

    forums = {f.slug: f for f in db.session.scalars(select(Forum))}
    for spec in data.USERS:
        for slug, role in spec["roles"]:
            forum_ops.add_member(forums[slug], users[spec["email"]], role)
    db.session.flush()
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, password, what they can do) for the README and `make run`."""
    rows = []
    for spec in data.USERS:
        roles = ", ".join(f"{role} of {slug}" for slug, role in spec["roles"]) or "site administrator"
        rows.append((spec["email"], spec["password"], roles))
    return rows
