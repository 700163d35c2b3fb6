"""Load the demo forums, organisations and accounts. Safe to run twice: existing rows are kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..accounts.operations import create_user
from ..agenda import operations as agenda_ops
from ..agenda.models import Cluster
from ..clusters import assignment
from ..clusters.models import ClusterNotes, ForumRecommendation, RecommendationSource
from ..clusters.operations import (
    add_staff,
    assign_registration,
    change_notes_status,
    create_cluster,
    open_notes,
    save_notes,
)
from ..extensions import db
from ..followup import operations as followup_ops
from ..followup import reports as followup_reports
from ..followup.models import ActionPlan
from ..followup.queries import cluster_actions
from ..forums import operations as forum_ops
from ..forums.models import Forum
from ..organisations.operations import find_or_create_organisation
from ..organisations.queries import count_organisations
from ..outcomes import operations as outcome_ops
from ..outcomes.models import OutcomeReport
from ..registration import seats as registration_seats
from ..registration import setup as registration_setup
from ..registration.models import Registration
from . import data
from .attendance import load_attendance
from .evaluations import load_evaluations
from .feedback import load_feedback
from .papers import load_papers
from .people import account, registration_data
from .thai import load_thai_versions
from .travel import COMMUNITY_FORUM, add_travel_questions, load_forum_travel, travel_answers


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
            user = create_user(spec["name"], spec["email"], spec["password"], is_admin=spec.get("is_admin", False),
                               verified=True)  # the demo logins open everything at once
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
            load_thai_versions(forum)  # English and Thai: Mai's bilingual concept note and programme
        created["forums"] += 1

    forums = {f.slug: f for f in db.session.scalars(select(Forum))}
    for spec in data.USERS:
        for slug, role in spec["roles"]:
            forum_ops.add_member(forums[slug], users[spec["email"]], role)
    for slug, cluster_name, email, role in data.CLUSTER_ASSIGNMENTS:
        cluster = db.session.scalars(select(Cluster).where(Cluster.forum_id == forums[slug].id,
                                                           Cluster.name == cluster_name)).one()
        if role != "participant":
            add_staff(cluster, users[email], role)
    _load_registrations(forums)
    for slug, cluster_name, email, role in data.CLUSTER_ASSIGNMENTS:
        if role == "participant":
            cluster = db.session.scalars(select(Cluster).where(Cluster.forum_id == forums[slug].id,
                                                               Cluster.name == cluster_name)).one()
            registration = db.session.scalar(select(Registration).where(
                Registration.forum_id == forums[slug].id, Registration.email == email))
            if registration is not None:
                assign_registration(cluster, registration, choice_rank=1)
    _load_cluster_work(forums["asean-community-forum-2017"], users)
    _load_followup(forums, users)
    load_attendance(forums)
    load_feedback(forums)
    load_evaluations(forums)
    load_papers(forums, users)
    if COMMUNITY_FORUM in forums:
        load_forum_travel(forums[COMMUNITY_FORUM])
    _load_outcome_report(forums["asean-community-forum-2017"], users)
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


def _has_registrations(forum: Forum) -> bool:
    return db.session.scalar(select(Registration.id).where(Registration.forum_id == forum.id).limit(1)) is not None


def _cluster_ids(forum: Forum) -> dict[str, int]:
    return {c.name: c.id for c in db.session.scalars(select(Cluster).where(Cluster.forum_id == forum.id))}


def _load_registrations(forums: dict[str, Forum]) -> None:
    """Registrations of the demo forums, through the registration operations and without email.

    A forum that already has registrations is left alone, so loading twice adds none."""
    concluded = forums.get("asean-community-forum-2017")
    if concluded is not None and not _has_registrations(concluded):
        clusters = _cluster_ids(concluded)
        # Registered over February 2017; at the desk from 08:30 on the first morning (Singapore, UTC+8).
        opened = datetime(2017, 2, 1, 2, 0, tzinfo=UTC)
        desk = datetime(2017, 3, 9, 0, 25, tzinfo=UTC)
        arrived = 0
        for index, spec in enumerate(data.DEMO_PARTICIPANTS):
            registration, _token = registration_seats.register(
                concluded, registration_data(spec, clusters, {}), account(spec["email"]), notify=False)
            registration.created_at = registration.decided_at = opened + timedelta(hours=13 * index)
            if spec.get("checked_in", True):
                registration.checked_in_at = desk + timedelta(minutes=arrived, seconds=17 * index % 60)
                arrived += 1

    spec = data.DEMO_OPEN_FORUM_REGISTRATIONS
    forum = forums.get(spec["forum"])
    if forum is not None and not _has_registrations(forum):
        settings = registration_seats.settings_for(forum)
        for name, value in spec["settings"].items():
            setattr(settings, name, value)
        questions = {q["label"]: str(registration_setup.add_question(forum, q).id) for q in spec["questions"]}
        questions |= add_travel_questions(forum)  # demo.travel: asked before anyone registers, so they answer
        clusters = _cluster_ids(forum)
        for entry in spec["registrations"]:
            answers = {**entry["answers"], **travel_answers(entry["email"])}
            registration_seats.register(forum, registration_data({**entry, "answers": answers}, clusters, questions),
                                        account(entry["email"]), notify=False)
    db.session.flush()


def _load_cluster_work(forum: Forum, users: dict[str, User]) -> None:
    """Clusters of the 2017 forum: details, everyone assigned, approved notes, forum recommendations."""
    if db.session.scalar(select(ClusterNotes.id).join(Cluster).where(Cluster.forum_id == forum.id).limit(1)):
        return
    clusters = {c.name: c for c in db.session.scalars(select(Cluster).where(Cluster.forum_id == forum.id))}
    for name, details in data.ACF_CLUSTER_DETAILS.items():
        cluster = clusters[name]
        cluster.room, cluster.capacity = details["room"], details["capacity"]
        cluster.guiding_questions = details["guiding_questions"]
    db.session.flush()
    assignment.auto_assign(forum)
    mai, ben = users["mai@example.org"], users["ben@example.org"]
    notes_by_cluster = {}
    for name, details in data.ACF_CLUSTER_DETAILS.items():
        cluster = clusters[name]
        writer = ben if name == "MSME development" else mai
        notes = open_notes(cluster, title=f"{name}: findings and recommendations")
        attendance = [a.registration_id for a in cluster.assignments if a.registration_id]
        save_notes(notes, {**details["notes"], "attendance": attendance}, notes.version, writer)
        change_notes_status(notes, "submitted", writer)
        change_notes_status(notes, "approved", mai)
        change_notes_status(notes, "published", mai)
        notes_by_cluster[name] = notes
    for position, (text, addressee, status, picks) in enumerate(data.ACF_FORUM_RECOMMENDATIONS):
        recommendation = ForumRecommendation(forum_id=forum.id, text=text, addressee=addressee, status=status,
                                             position=position)
        for cluster_name, index in picks:
            notes = notes_by_cluster[cluster_name]
            recommendation.sources.append(RecommendationSource(
                cluster_id=notes.cluster_id, notes_id=notes.id,
                original_text=notes.content["recommendations"][index]["text"]))
        db.session.add(recommendation)
    db.session.flush()  # the plenary's merges are loaded as their result; synthesis.py makes them in the app


def _load_outcome_report(forum: Forum, users: dict[str, User]) -> None:
    """The 2017 forum's published outcome report: its written parts, from the seed's account of the forum.

    Everything else in it (participation, cluster findings, recommendations) comes from the data loaded above.
    A forum that already has a report is left alone."""
    if db.session.scalar(select(OutcomeReport.id).where(OutcomeReport.forum_id == forum.id)):
        return
    mai = users["mai@example.org"]
    outcome_ops.save_report(forum, {
        "title": "Outcome report: ASEAN Community Forum 2017",
        "executive_summary": (
            "Close to 50 civil society organisations (CSOs) from the ASEAN member states met in Singapore on 9 and "
            "10 March 2017 for the ASEAN Foundation's first large-scale initiative for civil society engagement, "
            "supported by the S Rajaratnam Endowment and facilitated by the ASEAN CSR Network (ACN). They worked for "
            "a day and a half in three clusters (women empowerment, rural development, and micro, small and medium "
            "enterprise development) and presented their findings to the ASEAN Foundation and members of the ASEAN "
            "Secretariat.\n\n"
            "Three findings stood out:\n\n"
            "- CSOs in ASEAN already run a wide range of effective programmes in line with ASEAN's 2025 Blueprints; "
            "many goals of the ASEAN Strategic Action Plan for SME Development (2016-2025) are already being pursued "
            "by CSOs.\n"
            "- CSOs are not tapping into resources ASEAN provides, such as the free online courses of the SME "
            "Academy: better communication between CSOs and ASEAN bodies would help.\n"
            "- To support MSME development, the CSOs recommended focusing on two areas: **improving market access**, "
            "and **advocating for more business-friendly government regulations**.\n\n"
            "The plenary adopted three recommendations and noted two more; they are listed below with the clusters "
            "they came from."),
        "conclusions": (
            "CSOs and ASEAN bodies are closely aligned in their objectives; what is missing is the connection "
            "between them. This forum was the first in a series of civil society engagements organised by the ASEAN "
            "Foundation, and its recommendations go to the ASEAN Foundation and the ASEAN Secretariat.\n\n"
            "### Way forward\n\n"
            "- The ASEAN CSR Network continues to work closely with ASEAN bodies towards the goals of the ASEAN 2025 "
            "Blueprints, and sends the SME Academy's course list to every organisation of the MSME cluster.\n"
            "- The Vietnam Women's Union maps women entrepreneurs' networks across the member states by September "
            "2017.\n"
            "- Organisations that adopted an action plan report on it after six months, ahead of the next forum "
            "in the series."),
        "authors": ["Dr Ben Santos (ASEAN CSR Network), MSME development cluster",
                    "Mai Anh Trần (ASEAN Foundation), women empowerment and rural development clusters"],
        "editors": ["Mai Anh Trần (ASEAN Foundation)"],
        "acknowledgements": (
            "The ASEAN Foundation thanks the S Rajaratnam Endowment for its support, the ASEAN CSR Network for "
            "facilitating the clusters and presenting their findings, the members of the ASEAN Secretariat who "
            "joined the plenary, and every participating organisation for a day and a half of open discussion."),
    }, base_version=0, actor=mai)
    report = outcome_ops.publish_report(forum, mai)
    report.published_at = datetime(2017, 3, 16, 2, 0, tzinfo=UTC)  # a week after the forum, as Mai did
    db.session.flush()


def _load_followup(forums: dict[str, Forum], users: dict[str, User]) -> None:
    """Action plans and progress reports (issue 8): the SEC evaluation workshop's, and two plans from the
    2017 forum's cluster action items. A forum that already has plans is left alone."""
    def organiser_of(forum):
        forum_ops.add_member(forum, users[data.FOLLOWUP_ORGANISER], "organiser")
        return users[data.FOLLOWUP_ORGANISER]

    def has_plans(forum) -> bool:
        return db.session.scalar(select(ActionPlan.id).where(ActionPlan.forum_id == forum.id).limit(1)) is not None

    def at(day: str) -> datetime:
        return datetime.combine(date.fromisoformat(day), time(3), tzinfo=UTC)  # 10:00 in Bangkok

    today = date.today()
    sec = forums.get(data.FOLLOWUP_FORUM)
    if sec is not None and not has_plans(sec):
        mai = organiser_of(sec)
        followup_ops.update_settings(sec, data.FOLLOWUP_SETTINGS)
        for org in data.FOLLOWUP_ORGANISATIONS:
            find_or_create_organisation(org["name"], country=org["country"], type=org["type"])
        clusters = _cluster_ids(sec)
        for spec in data.FOLLOWUP_PLANS:
            owner = spec["owner"]
            registration = db.session.scalar(select(Registration).where(Registration.forum_id == sec.id,
                                                                        Registration.email == owner["email"]))
            if registration is None:
                registration, _token = registration_seats.register(sec, registration_data(
                    {**owner, "category": "civil_society"}, {}, {}), account(owner["email"]), notify=False)
                registration.checked_in_at = at("2017-06-08")
            # recorded some weeks before the first report, so that one comes on time
            recorded = at(spec["reports"][0]["on"]) - timedelta(days=60) if spec["reports"] else at("2016-10-01")
            plan, _plan_token = followup_ops.create_plan(sec, {
                "title": spec["title"], "objective": spec["objective"], "registration_id": registration.id,
                "cluster_id": clusters.get(spec["cluster"]), "status": "not_started",
                "activities": [{"text": text, "start_date": date.fromisoformat(start),
                                "end_date": date.fromisoformat(end)} for text, start, end in spec["activities"]],
                "indicators": [{"label": label, "kind": "percent" if unit == "%" else kind, "target": target,
                                "unit": unit, "unit_one": unit[:-1] if unit.endswith("s") else ""}
                               for label, kind, target, unit in spec["indicators"]],
            }, mai, send_link=False, now=recorded)
            plan.created_at = recorded
            for entry in spec["reports"]:
                values = {indicator.id: value for indicator, value in zip(plan.indicators, entry["values"], strict=True)
                          if value is not None}
                followup_reports.submit_report(sec, plan, {
                    "plan_status": entry["status"], "narrative": entry["narrative"], "values": values,
                    "achievements": entry["achievements"], "challenges": entry["challenges"],
                    "support_areas": entry["support"], "support_needed": entry["support_needed"],
                }, via="link", now=at(entry["on"]))
            if spec["due_in_days"] is not None and not plan.is_closed:
                plan.next_report_due = today + timedelta(days=spec["due_in_days"])
    acf = forums.get("asean-community-forum-2017")
    if acf is not None and not has_plans(acf):
        mai = organiser_of(acf)
        offers = {(offer.cluster, offer.index): offer for offer in cluster_actions(acf)}
        for cluster_name, index, email, status, narrative, indicators, value in data.FOLLOWUP_ACF_PLANS:
            offer = offers.get((cluster_name, index))
            if offer is None:
                continue
            registration = db.session.scalar(select(Registration).where(Registration.forum_id == acf.id,
                                                                        Registration.email == email)) if email else None
            plan, _plan_token = followup_ops.create_plan(acf, {
                "title": offer.what, "source": offer.key, "registration_id": registration.id if registration else None,
                "organisation": offer.who if registration is None else "",
                "owner_name": offer.who if registration is None else "",
                "status": "not_started",
                "indicators": [{"label": label, "kind": kind, "target": target, "unit": unit}
                               for label, kind, target, unit in indicators],
            }, mai, send_link=False, now=at("2017-03-10"))
            followup_reports.submit_report(acf, plan, {
                "plan_status": status, "narrative": narrative, "values": {plan.indicators[0].id: value},
                "achievements": ["training"] if status == "done" else [],
                "challenges": [] if status == "done" else ["market_identification", "human_resources"],
            }, now=at("2017-06-30"))
            if not plan.is_closed:
                plan.next_report_due = today + timedelta(days=14)
    db.session.flush()
