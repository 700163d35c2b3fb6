"""Load the demo forums, organisations and accounts. Safe to run twice: existing rows are kept."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..accounts.operations import create_user
from ..agenda import operations as agenda_ops
from ..clusters.models import Cluster
from ..clusters.operations import assign, create_cluster
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
        clusters = {c["name"]: create_cluster(forum, c["name"], c.get("description", ""))
                    for c in spec.get("clusters", [])}
        if forum.slug == "solidarity-economy-forum-kl-2015":
            _load_programme(forum, [{**entry, "day": 0, "room": "Conference Room, GMM 15th Floor"}
                                    for entry in data.KL_PROGRAMME], clusters)
        elif forum.slug == "asean-community-forum-2017":
            _load_programme(forum, data.ACF_PROGRAMME, clusters)
        created["forums"] += 1

    forums = {f.slug: f for f in db.session.scalars(select(Forum))}
    for spec in data.USERS:
        for slug, role in spec["roles"]:
            forum_ops.add_member(forums[slug], users[spec["email"]], role)
    for slug, cluster_name, email, role in data.CLUSTER_ASSIGNMENTS:
        cluster = db.session.scalar(select(Cluster).where(Cluster.forum_id == forums[slug].id,
                                                          Cluster.name == cluster_name))
        assign(cluster, users[email], role)
    db.session.flush()
    return created


def _clock(value: str) -> time:
    return time.fromisoformat(value)


def _load_programme(forum: Forum, entries: list[dict], clusters: dict) -> None:
    """Programme items from plain entries; "cluster": "*" makes one parallel item per cluster."""
    for entry in entries:
        day = forum.start_date + timedelta(days=entry.get("day", 0))
        targets = list(clusters.values()) if entry.get("cluster") == "*" else [None]
        for cluster in targets:
            room = data.ACF_ROOMS.get(cluster.name, "") if cluster else entry.get("room", "")
            people = [{"role": p["role"], "name": p["name"], "title": p.get("title") or "",
                       "organisation": p.get("organisation") or ""} for p in entry.get("people", [])]
            agenda_ops.create_item(forum, {
                "day": day, "start": _clock(entry["start"]), "end": _clock(entry["end"]), "title": entry["title"],
                "type": entry["type"], "room": room, "cluster_id": cluster.id if cluster else None,
                "people": people, "description": entry.get("description", ""),
            })


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, password, what they can do) for the README and `make run`."""
    rows = []
    for spec in data.USERS:
        roles = ", ".join(f"{role} of {slug}" for slug, role in spec["roles"]) or "site administrator"
        rows.append((spec["email"], spec["password"], roles))
    return rows
