"""Fixtures and helpers shared by the follow-up tests (imported by tests/followup/test_followup_*.py).

A concluded evaluation workshop in Khon Kaen with two clusters, three confirmed participants from
Cambodia, Viet Nam and Myanmar, and a cluster's approved notes with two action items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

SLUG = "sec-evaluation-2017"


@dataclass
class Workshop:
    forum: object
    organiser: object
    clusters: dict
    registrations: dict
    notes: object


@pytest.fixture
def workshop(db, create_user, create_forum, create_registration):
    from forumops.clusters.operations import change_notes_status, create_cluster, open_notes, save_notes

    organiser = create_user(email="organiser@example.org", name="Mai Anh Trần")
    forum = create_forum(SLUG, status="concluded", organiser=organiser, timezone="Asia/Bangkok",
                         title="Synthesis and Evaluation Workshop", start_date=date(2017, 6, 8),
                         end_date=date(2017, 6, 9))
    clusters = {"export": create_cluster(forum, "Export consortia"), "data": create_cluster(forum, "Business data")}
    registrations = {
        "sokha": create_registration(forum, name="Sokha Chan", email="sokha@example.org",
                                     organisation="Kampong Speu Palm Sugar Association", country="KH", notify=False)[0],
        "lan": create_registration(forum, name="Trần Thị Lan", email="lan@example.org",
                                   organisation="Ben Tre Coconut Cluster", country="VN", notify=False)[0],
        "aung": create_registration(forum, name="Aung Myo", email="aung@example.org",
                                    organisation="Dawei Chamber of Commerce", country="MM", notify=False)[0],
    }
    db.session.flush()
    for registration in registrations.values():
        registration.organisation.type = "private_sector" if registration.country != "MM" else "cso"
    db.session.flush()
    notes = open_notes(clusters["export"], title="Export consortia: findings")
    save_notes(notes, {"summary": "Clusters reported on their plans.", "actions": [
        {"what": "Obtain organic certification for palm sugar", "who": "Kampong Speu Palm Sugar Association",
         "due": "2017-12-31", "status": "open"},
        {"what": "Design new export packaging", "who": "Sokha Chan", "due": "", "status": "open"},
    ]}, notes.version, organiser)
    change_notes_status(notes, "submitted", organiser)
    change_notes_status(notes, "approved", organiser)
    db.session.commit()
    return Workshop(forum, organiser, clusters, registrations, notes)


def plan_data(workshop, **overrides):
    data = {
        "title": "Organic certification for palm sugar", "objective": "Sell certified palm sugar abroad.",
        "registration_id": workshop.registrations["sokha"].id, "organisation": "", "owner_name": "",
        "owner_email": "", "country": "", "cluster_id": workshop.clusters["export"].id, "status": "not_started",
        "report_every_days": None,
        "activities": [{"text": "Apply to the certifier", "start_date": date(2017, 7, 1),
                        "end_date": date(2017, 8, 1)}],
        "indicators": [{"label": "Products certified", "kind": "number", "target": 2.0, "unit": "products",
                        "unit_one": "product"},
                       {"label": "Export licence obtained", "kind": "yes_no", "target": None, "unit": ""}],
    }
    data.update(overrides)
    return data


# 10:00 in Khon Kaen today: plans are recorded after the workshop, and private links must still be valid
NOW = datetime.combine(date.today(), time(3), tzinfo=UTC)


def report(db, workshop, plan, when, **data):
    from forumops.followup import reports

    values = data.pop("values", {})
    payload = {"plan_status": "on_track", "narrative": "Progress.", **data,
               "values": {plan.indicators[i].id: v for i, v in values.items()}}
    result = reports.submit_report(workshop.forum, plan, payload, now=when)
    db.session.commit()
    return result


def later(days: int) -> datetime:
    return NOW + timedelta(days=days)


def outbox(db):
    from forumops.core.outbox import OutboxMessage

    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(body: str) -> str:
    found = re.search(r"/forums/[a-z0-9-]+/followup/report/[A-Za-z0-9_-]+", body)
    assert found, body
    return found.group(0)


