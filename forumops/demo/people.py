"""The demo's people as the registration operations take them, and the accounts they registered with."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db


def registration_data(spec: dict, clusters: dict[str, int], questions: dict[str, str]) -> dict:
    """What the registration form would have sent for one person of data.py (cluster names and question
    labels turned into the forum's ids)."""
    return {
        "name": spec["name"], "email": spec["email"], "organisation": spec.get("organisation", ""),
        "job_title": spec.get("job_title", ""), "country": spec["country"],
        "category": spec.get("category", "civil_society"), "gender": spec.get("gender", ""),
        "attendance_mode": spec.get("attendance_mode", "in_person"),
        "cluster_preferences": [clusters[name] for name in spec.get("clusters", [])],
        "dietary_needs": spec.get("dietary_needs", ""), "consent_privacy": True,
        "consent_photos": spec.get("consent_photos", True),
        "list_publicly": spec.get("list_publicly", True),
        "answers": {questions[label]: answer for label, answer in spec.get("answers", {}).items()},
    }


def account(email: str) -> User | None:
    """The demo account with this email: the demo's people registered while signed in."""
    return db.session.scalar(select(User).where(User.email == email))
