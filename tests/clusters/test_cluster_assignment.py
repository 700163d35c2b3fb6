"""Cluster assignment: the automatic pass (pure planner, then applied to a forum), moves by hand,
the organisers' page, and what a participant sees of their cluster."""

from __future__ import annotations

from collections import Counter
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy import select

from forumops.clusters import assignment
from forumops.clusters.assignment import Person, Seats, plan_assignment
from forumops.clusters.models import ClusterAssignment
from forumops.registration import seats as registration_seats
from tests.conftest import count_queries

# --- the planner on plain data -------------------------------------------------------------------------


def where(plan) -> dict[int, int]:
    return {p.person_id: p.cluster_id for p in plan.placements}


def countries_in(plan, people) -> dict[int, Counter]:
    country = {p.id: p.country for p in people}
    result: dict[int, Counter] = {}
    for placement in plan.placements:
        result.setdefault(placement.cluster_id, Counter())[country[placement.person_id]] += 1
    return result


def test_first_choices_go_first_and_the_report_counts_them():
    clusters = [Seats(1, capacity=2), Seats(2, capacity=2), Seats(3, capacity=None)]
    people = [
        Person(1, "VN", "cso", (1, 2)), Person(2, "TH", "cso", (1, 2)), Person(3, "KH", "cso", (1, 2, 3)),
        Person(4, "LA", "ngo", (2,)), Person(5, "MM", "ngo", (3, 1)), Person(6, "PH", "ngo", ()),
        Person(7, "ID", "ngo", (99, 1)),  # 99: a cluster since deleted; 1 is then their first choice
    ]
    plan = plan_assignment(people, clusters)
    got = where(plan)
    # cluster 1 (2 seats) is the first choice of four: two get it, the others their next choice
    assert Counter(got.values())[1] == 2
    assert (plan.first, plan.second, plan.third, plan.later, plan.no_preference) == (4, 1, 0, 0, 2)
    assert got[1] == got[2] == 1
    assert got[3] == 2
    assert got[4] == 2
    assert got[5] == 3
    assert plan.unassigned == []
    assert sum(plan.fill.values()) == 7
    ranks = {p.person_id: p.rank for p in plan.placements}
    assert ranks[6] is None
    assert ranks[7] is None
    assert plan.first + plan.second + plan.third + plan.later + plan.no_preference == plan.placed == 7


def test_crafted_case_counts_exactly():
    """A: 1 seat, wanted first by three. B: 2 seats. C: no limit."""
    clusters = [Seats(10, capacity=1), Seats(20, capacity=2), Seats(30)]
    people = [Person(1, "VN", "cso", (10, 20)), Person(2, "TH", "ngo", (10, 20)),
              Person(3, "KH", "academia", (10, 20, 30)), Person(4, "LA", "cso", (20,)),
              Person(5, "MM", "cso", (30, 10)), Person(6, "PH", "cso", ())]
    plan = plan_assignment(people, clusters)
    got = where(plan)
    assert (plan.first, plan.second, plan.third, plan.later, plan.no_preference, len(plan.unassigned)) == \
        (3, 1, 1, 0, 1, 0)
    assert got[4] == 20
    assert got[5] == 30
    assert list(got.values()).count(10) == 1
    assert plan.fill == {10: 1, 20: 2, 30: 3}


def test_later_choices_and_unassigned_when_everything_is_full():
    clusters = [Seats(i, capacity=1) for i in (1, 2, 3, 4)]
    people = [Person(i, "VN", "cso", (1, 2, 3, 4)) for i in range(1, 7)]
    plan = plan_assignment(people, clusters)
    assert (plan.first, plan.second, plan.third, plan.later, plan.no_preference) == (1, 1, 1, 1, 0)
    assert plan.unassigned == [5, 6]  # no room anywhere: reported, not squeezed in
    assert plan.fill == {1: 1, 2: 1, 3: 1, 4: 1}


def test_six_from_one_country_without_preferences_spread_evenly():
    people = [Person(i, "VN", "cso") for i in range(1, 7)]
    for capacity in (2, None):
        plan = plan_assignment(people, [Seats(1, capacity), Seats(2, capacity), Seats(3, capacity)])
        assert plan.fill == {1: 2, 2: 2, 3: 2}, capacity
        assert plan.no_preference == 6


def test_countries_and_organisation_types_are_spread():
    people = ([Person(i, "VN", "cso" if i % 2 else "national_government") for i in range(1, 7)]
              + [Person(i, "TH", "ngo") for i in range(7, 10)] + [Person(i, "LA", "ngo") for i in range(10, 13)])
    plan = plan_assignment(people, [Seats(1, 4), Seats(2, 4), Seats(3, 4)])
    by_cluster = countries_in(plan, people)
    assert all(c == Counter({"VN": 2, "TH": 1, "LA": 1}) for c in by_cluster.values()), by_cluster
    org = {p.id: p.org_type for p in people}
    for cluster_id in (1, 2, 3):
        types = Counter(org[p.person_id] for p in plan.placements if p.cluster_id == cluster_id)
        assert types["cso"] == 1, types
        assert types["national_government"] == 1, types


def test_two_per_country_in_three_clusters_of_two_never_pairs_a_country():
    people = [Person(i, country, "cso") for i, country in enumerate(("VN", "VN", "TH", "TH", "LA", "LA"), 1)]
    plan = plan_assignment(people, [Seats(1, 2), Seats(2, 2), Seats(3, 2)])
    assert all(max(c.values()) == 1 for c in countries_in(plan, people).values())


def test_a_full_first_choice_is_shared_between_countries_not_taken_by_the_earliest():
    people = [Person(1, "VN", "cso", (1, 2)), Person(2, "VN", "cso", (1, 2)), Person(3, "VN", "cso", (1, 2)),
              Person(4, "TH", "cso", (1, 2))]
    plan = plan_assignment(people, [Seats(1, 2), Seats(2)])
    in_first = sorted(p.person_id for p in plan.placements if p.cluster_id == 1)
    assert in_first == [1, 4]  # one Vietnamese (the earliest) and the Thai, not two Vietnamese


def test_people_already_in_clusters_count_for_capacity_and_spreading():
    clusters = [Seats(1, capacity=3, assigned=2, countries={"VN": 2}, org_types={"cso": 2}), Seats(2, 3), Seats(3, 3)]
    people = [Person(10, "VN", "cso"), Person(11, "VN", "cso"), Person(12, "TH", "ngo", (1,)),
              Person(13, "TH", "ngo", (1,))]
    plan = plan_assignment(people, clusters)
    got = where(plan)
    assert got[10] != 1
    assert got[11] != 1
    assert got[10] != got[11]
    assert list(got.values()).count(1) == 1
    assert plan.fill[1] == 3
    assert plan.already_assigned == 2


def test_same_input_same_plan():
    people = [Person(i, ("VN", "TH", "KH")[i % 3], ("cso", "ngo")[i % 2], tuple((i + j) % 4 + 1 for j in range(i % 3)))
              for i in range(60)]
    clusters = [Seats(1, 10), Seats(2, 20), Seats(3, None), Seats(4, 5)]
    assert plan_assignment(people, clusters) == plan_assignment(list(reversed(people)), clusters)


people_strategy = st.lists(
    st.tuples(st.sampled_from(["VN", "TH", "KH", "LA", ""]), st.sampled_from(["cso", "ngo", ""]),
              st.lists(st.integers(1, 6), max_size=5)),
    max_size=60)
clusters_strategy = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 12)), st.integers(0, 4)),
                             min_size=0, max_size=5)


@settings(max_examples=300, deadline=None)
@given(people_strategy, clusters_strategy)
def test_capacity_is_never_exceeded_and_nobody_is_left_out_while_there_is_room(raw_people, raw_clusters):
    clusters = [Seats(i, capacity, assigned=min(already, capacity) if capacity is not None else already)
                for i, (capacity, already) in enumerate(raw_clusters, 1)]
    people = [Person(i, country, org, tuple(prefs)) for i, (country, org, prefs) in enumerate(raw_people, 1)]
    plan = plan_assignment(people, clusters)
    placed = [p.person_id for p in plan.placements]
    assert len(placed) == len(set(placed))
    assert set(placed) | set(plan.unassigned) == {p.id for p in people}
    assert not set(placed) & set(plan.unassigned)
    for seats in clusters:
        added = sum(1 for p in plan.placements if p.cluster_id == seats.id)
        assert plan.fill[seats.id] == seats.assigned + added
        if seats.capacity is not None:
            assert plan.fill[seats.id] <= seats.capacity
    if plan.unassigned:  # only when every cluster is full
        assert all(s.capacity is not None and plan.fill[s.id] >= s.capacity for s in clusters)
    by_id = {p.id: p for p in people}
    for placement in plan.placements:
        prefs = assignment.clean_preferences(by_id[placement.person_id].preferences, {s.id for s in clusters})
        if placement.rank is None:
            assert placement.cluster_id not in prefs
        else:
            assert prefs[placement.rank - 1] == placement.cluster_id
            # every choice they preferred more was full at the end
            for better in prefs[:placement.rank - 1]:
                capacity = next(s.capacity for s in clusters if s.id == better)
                assert capacity is not None
                assert plan.fill[better] >= capacity


# --- applied to a forum -----------------------------------------------------------------------------------

ORG_NAMES = {"cso": "Mekong Women's Network", "national_government": "Ministry of Planning", "ngo": "Green Delta"}


@pytest.fixture
def forum(create_forum, create_user, db):
    organiser = create_user(email="mai@example.org", name="Mai Anh Trần")
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=organiser)


@pytest.fixture
def organiser(forum, db):
    from forumops.accounts.models import User

    return db.session.scalar(select(User).where(User.email == "mai@example.org"))


def person(name, country="VN", org_type="cso", preferences=(), email=None) -> dict:
    """What this person registers with: an organisation of the given type in their country, and cluster choices."""
    return {"name": name, "email": email or f"{name.lower().replace(' ', '.')}@example.org", "country": country,
            "organisation": ORG_NAMES.get(org_type, "Other Org") + f" {country}", "organisation_type": org_type,
            "cluster_preferences": [c.id for c in preferences]}


def cluster_of(db, registration):
    return db.session.scalar(select(ClusterAssignment.cluster_id).where(
        ClusterAssignment.registration_id == registration.id))


def test_auto_assign_places_confirmed_people_only_and_keeps_hand_moves(forum, db, create_registration, create_cluster):
    women, water = create_cluster(forum, "Women", capacity=2), create_cluster(forum, "Water", capacity=2)
    linh = create_registration(forum, **person("Linh", "VN", preferences=(women, water)), notify=False)[0]
    somchai = create_registration(forum, **person("Somchai", "TH", preferences=(women, water)), notify=False)[0]
    dara = create_registration(forum, **person("Dara", "KH", preferences=(women,)), notify=False)[0]
    waiting = create_registration(forum, **person("Waiting Person", "LA", preferences=(women,)), status="waitlisted",
                                  notify=False)[0]
    assignment.move(forum, dara.id, water.id)  # by hand, before the pass
    db.session.commit()
    plan = assignment.auto_assign(forum)
    db.session.commit()
    assert cluster_of(db, dara) == water.id  # the hand move stays
    assert {cluster_of(db, linh), cluster_of(db, somchai)} == {women.id}
    assert cluster_of(db, waiting) is None
    assert (plan.placed, plan.first, plan.already_assigned) == (2, 2, 1)
    again = assignment.auto_assign(forum)  # running again changes nothing
    assert again.placed == 0
    assert cluster_of(db, dara) == water.id
    rank = db.session.scalar(select(ClusterAssignment.choice_rank).where(ClusterAssignment.registration_id == linh.id))
    assert rank == 1


def test_auto_assign_everyone_again_replans_hand_moves(forum, db, create_registration, create_cluster):
    women, water = create_cluster(forum, "Women", capacity=2), create_cluster(forum, "Water", capacity=2)
    linh = create_registration(forum, **person("Linh", "VN", preferences=(women,)), notify=False)[0]
    assignment.move(forum, linh.id, water.id)
    plan = assignment.auto_assign(forum, only_unassigned=False)
    db.session.commit()
    assert cluster_of(db, linh) == women.id
    assert plan.first == 1
    assert plan.already_assigned == 0
    assert db.session.query(ClusterAssignment).count() == 1  # moved, not duplicated


def test_capacity_holds_in_the_database_too(forum, db, create_registration, create_cluster):
    women, water = create_cluster(forum, "Women", capacity=3), create_cluster(forum, "Water", capacity=2)
    people = [create_registration(forum, **person(f"Person {i}", ("VN", "TH", "KH")[i % 3], preferences=(women,)),
                                  notify=False)[0] for i in range(8)]
    plan = assignment.auto_assign(forum)
    db.session.commit()
    fill = Counter(cluster_of(db, person) for person in people)
    assert fill == Counter({women.id: 3, water.id: 2, None: 3})
    assert (plan.first, plan.no_preference, len(plan.unassigned)) == (3, 2, 3)


def test_hand_move_into_a_full_cluster_is_refused_and_unassign_frees_the_seat(forum, db, create_registration,
                                                                              create_cluster):
    women = create_cluster(forum, "Women", capacity=1)
    linh = create_registration(forum, **person("Linh", "VN"), notify=False)[0]
    somchai = create_registration(forum, **person("Somchai", "TH", preferences=(women,)), notify=False)[0]
    assignment.move(forum, linh.id, women.id)
    with pytest.raises(assignment.FormError, match="is full"):
        assignment.move(forum, somchai.id, women.id)
    registration, cluster = assignment.move(forum, linh.id, assignment.UNASSIGN)
    assert cluster is None
    assert cluster_of(db, linh) is None
    assignment.move(forum, somchai.id, women.id)
    assert cluster_of(db, somchai) == women.id
    assert db.session.scalar(select(ClusterAssignment.choice_rank).where(
        ClusterAssignment.registration_id == somchai.id)) == 1


def test_another_forums_registration_or_cluster_is_not_found(forum, create_forum, db, create_registration,
                                                             create_cluster):
    women = create_cluster(forum, "Women")
    other = create_forum(slug="other", title="Other Forum", status="registration_open")
    theirs = create_cluster(other, "Theirs")
    mine = create_registration(forum, **person("Linh", "VN"), notify=False)[0]
    stranger = create_registration(other, **person("Stranger", "TH"), notify=False)[0]
    with pytest.raises(assignment.NotInForum):
        assignment.move(forum, stranger.id, women.id)
    with pytest.raises(assignment.NotInForum):
        assignment.move(forum, mine.id, theirs.id)
    with pytest.raises(assignment.NotInForum):
        assignment.move(forum, stranger.id, assignment.UNASSIGN)
    assignment.move(other, stranger.id, theirs.id)
    plan = assignment.auto_assign(forum, only_unassigned=False)  # the other forum's people are not touched
    assert plan.placed == 1
    assert cluster_of(db, stranger) == theirs.id
    assert cluster_of(db, mine) == women.id


# --- the page ---------------------------------------------------------------------------------------------


def test_page_shows_clusters_members_and_the_report(client, forum, organiser, login, db, create_registration,
                                                    create_cluster):
    women, water = create_cluster(forum, "Women", capacity=1), create_cluster(forum, "Water")
    create_registration(forum, **person("Nguyễn Phương Linh", "VN", "cso", preferences=(women,)), notify=False)
    create_registration(forum, **person("Somchai Jaidee", "TH", "national_government", preferences=(women, water)),
                        notify=False)
    create_registration(forum, **person("Sok Dara", "KH", "ngo"), notify=False)
    login(organiser)
    before = client.get("/forums/acf/clusters/assign").get_data(as_text=True)
    assert "In no cluster yet" in before
    assert "Nguyễn Phương Linh" in before
    assert "0 of 1 places" in before
    response = client.post("/forums/acf/clusters/assign", data={"scope": "unassigned"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The automatic pass placed 3 people" in page
    assert "<dt>First choice</dt><dd>1</dd>" in page
    assert "<dt>Second choice</dt><dd>1</dd>" in page
    assert "<dt>Not one of their choices, or none given</dt><dd>1</dd>" in page
    assert "<dt>No room left anywhere</dt><dd>0</dd>" in page
    assert "1 of 1 places" in page
    assert "Every confirmed participant is in a cluster." in page
    assert "Viet Nam" in page
    assert "National government" in page
    assert "Second choice" in page


def test_move_by_hand_through_the_page(client, forum, organiser, login, db, create_registration, create_cluster):
    women, water = create_cluster(forum, "Women", capacity=1), create_cluster(forum, "Water")
    linh = create_registration(forum, **person("Linh", "VN", preferences=(water,)), notify=False)[0]
    dara = create_registration(forum, **person("Dara", "KH"), notify=False)[0]
    login(organiser)
    response = client.post("/forums/acf/clusters/move", data={"registration_id": linh.id, "cluster_id": women.id})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#person-{linh.id}")
    assert cluster_of(db, linh) == women.id
    assert "Linh moved to “Women”" in client.get("/forums/acf/clusters/assign").get_data(as_text=True)
    full = client.post("/forums/acf/clusters/move", data={"registration_id": dara.id, "cluster_id": women.id})
    assert full.status_code == 422
    assert "is full (1 of 1)" in full.get_data(as_text=True)
    assert cluster_of(db, dara) is None
    out = client.post("/forums/acf/clusters/move", data={"registration_id": linh.id, "cluster_id": 0})
    assert out.status_code == 303
    assert cluster_of(db, linh) is None


def test_move_with_another_forums_ids_is_404(client, forum, organiser, login, create_forum, db, create_registration,
                                             create_cluster):
    women = create_cluster(forum, "Women")
    other = create_forum(slug="other", title="Other Forum", status="registration_open")
    theirs = create_cluster(other, "Theirs")
    mine = create_registration(forum, **person("Linh", "VN"), notify=False)[0]
    stranger = create_registration(other, **person("Stranger", "TH"), notify=False)[0]
    login(organiser)
    assert client.post("/forums/acf/clusters/move", data={"registration_id": stranger.id,
                                                          "cluster_id": women.id}).status_code == 404
    assert client.post("/forums/acf/clusters/move", data={"registration_id": mine.id,
                                                          "cluster_id": theirs.id}).status_code == 404
    assert client.post("/forums/acf/clusters/move", data={}).status_code == 404
    assert cluster_of(db, stranger) is None
    assert cluster_of(db, mine) is None


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 302), ("participant", 403), ("facilitator", 403), ("other_organiser", 403),
    ("organiser", 200), ("admin", 200),
])
def test_who_may_use_the_page(app, forum, organiser, create_user, create_forum, add_role, db, role, expected,
                              create_registration, create_cluster):
    from tests.conftest import sign_in

    women = create_cluster(forum, "Women")
    linh = create_registration(forum, **person("Linh", "VN"), notify=False)[0]
    users = {"organiser": organiser, "admin": create_user(email="admin@example.org", is_admin=True)}
    if role in ("participant", "facilitator"):
        users[role] = create_user(email=f"{role}@example.org")
        add_role(forum, users[role], role)
    if role == "other_organiser":
        users[role] = create_user(email="other@example.org")
        create_forum(slug="another-forum", organiser=users[role])
    client = app.test_client()
    if role != "anonymous":
        sign_in(client, users[role])
    assert client.get("/forums/acf/clusters/assign").status_code == expected
    moved = client.post("/forums/acf/clusters/move", data={"registration_id": linh.id, "cluster_id": women.id})
    assert moved.status_code == (303 if expected == 200 else expected)
    assert client.post("/forums/acf/clusters/assign").status_code == expected
    assert (cluster_of(db, linh) is not None) == (expected == 200)


def test_assign_page_queries_do_not_grow_with_people(app, client, forum, organiser, login, db, create_registration,
                                                     create_cluster):
    clusters = [create_cluster(forum, "Women"), create_cluster(forum, "Water"), create_cluster(forum, "Trade")]
    login(organiser)

    def queries_for_page() -> int:
        return count_queries(db, lambda: _ok(client.get("/forums/acf/clusters/assign")))

    for i in range(3):
        create_registration(forum, **person(f"Few {i}", ("VN", "TH")[i % 2], preferences=clusters[:2]), notify=False)
    assignment.auto_assign(forum)
    db.session.commit()
    few = queries_for_page()
    for i in range(40):
        create_registration(forum, **person(f"Many {i}", ("VN", "TH", "KH", "LA")[i % 4], ("cso", "ngo")[i % 2],
                                            preferences=clusters[i % 3:]), notify=False)
    create_registration(forum, **person("Still waiting", "MM"), notify=False)
    assignment.auto_assign(forum)
    create_registration(forum, **person("Came late", "PH"), notify=False)
    db.session.commit()
    assert queries_for_page() == few


# --- what the participant sees ------------------------------------------------------------------------------


def test_assigned_cluster_for_the_registration_page(forum, db, create_registration, create_cluster):
    _women, water = create_cluster(forum, "Women"), create_cluster(forum, "Water")
    linh = create_registration(forum, **person("Linh", "VN", preferences=(water,)), notify=False)[0]
    assert assignment.assigned_cluster(forum, linh) is None
    assignment.auto_assign(forum)
    assert assignment.assigned_cluster(forum, linh).id == water.id
    registration_seats.cancel(forum, linh)
    db.session.flush()
    assert assignment.assigned_cluster(forum, linh) is None  # a cancelled registration has no cluster


def test_personal_calendar_follows_the_assignment(app, forum, create_user, db, create_registration, create_cluster):
    from forumops.agenda import operations as agenda_ops

    women, water = create_cluster(forum, "Women"), create_cluster(forum, "Water")
    linh_user = create_user(email="linh@example.org", name="Linh")
    linh = create_registration(forum, **person("Linh", "VN", preferences=(women,), email="linh@example.org"),
                               user=linh_user, notify=False)[0]
    assert linh.user_id == linh_user.id
    day = forum.start_date
    for title, cluster in (("Women breakout", women), ("Water breakout", water)):
        agenda_ops.create_item(forum, {"day": day, "start": time(11), "end": time(12), "title": title,
                                       "type": "breakout", "cluster_id": cluster.id})
    feed_token = agenda_ops.make_feed_link(forum, linh_user.id)
    assignment.auto_assign(forum)
    db.session.commit()

    def titles():
        data = app.test_client().get(f"/forums/acf/agenda/feed/{feed_token}.ics").data
        return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT"))

    assert titles() == ["Women breakout"]
    assignment.move(forum, linh.id, water.id)
    db.session.commit()
    assert titles() == ["Water breakout"]


def _ok(response):
    assert response.status_code == 200
    return response
