"""Follow-up, point 4 of issue 8: forum series. A new edition is made from the last one (concept note,
programme shape, clusters, registration questions copied, dates shifted), and the previous edition's
recommendations and open action plans are listed in the new one to record what became of them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from forumops.followup.models import EditionLink, FollowupNote
from forumops.forums.models import Forum, ForumMember
from tests.conftest import sign_in
from tests.followup import test_followup_support as support
from tests.followup.test_followup_support import NOW, SLUG, plan_data

workshop = support.workshop  # the shared fixture


@pytest.fixture
def previous(db, workshop, create_plan):
    """The workshop with a programme, a question, registration and follow-up settings, recommendations
    and two plans (one open, one done)."""
    from forumops.agenda import operations as agenda_ops
    from forumops.clusters.models import ForumRecommendation
    from forumops.followup import operations
    from forumops.registration import seats as registration_seats
    from forumops.registration import setup as registration_setup

    forum = workshop.forum
    forum.background = "The project's **second** year."
    forum.objectives = ["Review action plans", "Evaluate the training"]
    agenda_ops.create_item(forum, {"day": date(2017, 6, 8), "start": time(9), "end": time(10, 30),
                                   "title": "Presentations of action plans", "type": "plenary",
                                   "room": "Mekong Hall", "cluster_id": None, "people": [
                                       {"role": "chair", "name": "Dr Watcharas", "title": "", "organisation": ""}],
                                   "description": ""})
    agenda_ops.create_item(forum, {"day": date(2017, 6, 9), "start": time(14), "end": time(15),
                                   "title": "Group discussion", "type": "breakout", "room": "Room 2",
                                   "cluster_id": workshop.clusters["export"].id, "people": [], "description": ""})
    registration_setup.add_question(forum, {"label": "Which province do you come from?", "kind": "short_text",
                                          "required": True})
    settings = registration_seats.settings_for(forum)
    settings.capacity = 29
    settings.opens_at = datetime(2017, 5, 1, 2, 0, tzinfo=UTC)
    operations.update_settings(forum, {"report_every_days": 60, "first_report_due": date(2017, 9, 1),
                                       "challenge_categories": ["policy_regulation", "coordination"]})
    recs = [ForumRecommendation(forum_id=forum.id, text="Train SMEs in export procedures.",
                                addressee="Mekong Institute", status="adopted", position=0),
            ForumRecommendation(forum_id=forum.id, text="Share one business database across provinces.",
                                addressee="Provincial trade departments", status="noted", position=1)]
    db.session.add_all(recs)
    db.session.commit()
    open_plan, _ = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, send_link=False, now=NOW)
    done_plan, _ = create_plan(workshop.forum, plan_data(workshop, title="Brochure for coconut candy",
                                                         registration_id=workshop.registrations["lan"].id,
                                                         status="done"),
                               workshop.organiser, send_link=False, now=NOW)
    return {"forum": forum, "recs": recs, "open": open_plan, "done": done_plan}


def _new_edition(client, organiser, **data):
    sign_in(client, organiser)
    form = {"title": "Synthesis and Evaluation Workshop 2099", "slug": "sec-evaluation-2099",
            "start_date": "2099-06-14", "series": ""}
    form.update(data)
    return client.post(f"/forums/{SLUG}/new-edition", data=form)


def test_new_edition_copies_the_forum_with_dates_shifted(client, db, workshop, previous):
    from forumops.agenda.models import AgendaItem, Cluster, Room
    from forumops.followup.models import FollowupSettings
    from forumops.registration.models import Question, RegistrationSettings

    sign_in(client, workshop.organiser)
    form = client.get(f"/forums/{SLUG}/new-edition").get_data(as_text=True)
    # the same day of a year to come (never a past day), and the short name with that year (not "-2017-2")
    today = date.today()
    year = today.year + (1 if (today.month, today.day) >= (6, 8) else 0)
    assert f'value="sec-evaluation-{year}"' in form
    assert f'value="{year}-06-08"' in form
    response = _new_edition(client, workshop.organiser)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forums/sec-evaluation-2099/")
    new = db.session.scalar(select(Forum).where(Forum.slug == "sec-evaluation-2099"))
    old = previous["forum"]
    assert (new.status, new.title, new.start_date, new.end_date) == (
        "draft", "Synthesis and Evaluation Workshop 2099", date(2099, 6, 14), date(2099, 6, 15))
    assert (new.background, new.objectives, new.timezone) == (old.background, old.objectives, "Asia/Bangkok")
    assert new.series_id == old.series_id is not None
    assert (old.edition, new.edition) == (1, 2)
    assert db.session.scalar(select(ForumMember.role).where(
        ForumMember.forum_id == new.id, ForumMember.user_id == workshop.organiser.id)) == "organiser"
    assert db.session.scalar(select(EditionLink.previous_forum_id).where(EditionLink.forum_id == new.id)) == old.id
    assert [c.name for c in db.session.scalars(select(Cluster).where(Cluster.forum_id == new.id)
                                               .order_by(Cluster.position))] == ["Export consortia", "Business data"]
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.forum_id == new.id)
                               .order_by(AgendaItem.start_at)).all()
    assert [(i.title, i.start_at, i.end_at) for i in items] == [
        ("Presentations of action plans", datetime(2099, 6, 14, 2, 0, tzinfo=UTC),
         datetime(2099, 6, 14, 3, 30, tzinfo=UTC)),
        ("Group discussion", datetime(2099, 6, 15, 7, 0, tzinfo=UTC), datetime(2099, 6, 15, 8, 0, tzinfo=UTC))]
    assert items[0].people == []  # speakers change from edition to edition
    assert db.session.get(Room, items[0].room_id).forum_id == new.id
    assert db.session.get(Cluster, items[1].cluster_id).forum_id == new.id
    assert [q.label for q in db.session.scalars(select(Question).where(Question.forum_id == new.id))] == [
        "Which province do you come from?"]
    settings = db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.forum_id == new.id))
    assert settings.capacity == 29
    assert settings.opens_at == datetime(2099, 5, 7, 2, 0, tzinfo=UTC)
    followup = db.session.scalar(select(FollowupSettings).where(FollowupSettings.forum_id == new.id))
    assert (followup.report_every_days, followup.first_report_due) == (60, date(2099, 9, 7))
    assert followup.challenge_categories == ["policy_regulation", "coordination"]  # the organisers' choice
    # the old forum is untouched but for joining the series
    assert old.start_date == date(2017, 6, 8)
    assert old.status == "concluded"


def test_new_edition_bad_input_keeps_the_form(client, db, workshop, previous, create_forum):
    create_forum("taken-slug")
    response = _new_edition(client, workshop.organiser, slug="taken-slug", title="Keep this title")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "already uses the short name" in page
    assert 'value="Keep this title"' in page
    bad = _new_edition(client, workshop.organiser, slug="Not A Slug!", start_date="not a date")
    assert bad.status_code == 422
    assert "lower-case letters" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Forum.id))) == 2


def test_only_organisers_make_a_new_edition(client, db, workshop, previous, create_user, add_role):
    facilitator = create_user(email="f@example.org")
    add_role(workshop.forum, facilitator, "facilitator")
    assert _new_edition(client, facilitator).status_code == 403
    assert db.session.scalar(select(func.count(Forum.id))) == 1


def test_the_new_edition_lists_what_to_report_on_and_saves_what_became_of_it(client, db, workshop, previous):
    _new_edition(client, workshop.organiser)
    url = "/forums/sec-evaluation-2099/followup/previous"
    page = client.get(url).get_data(as_text=True)
    assert "Train SMEs in export procedures." in page
    assert "Share one business database" in page
    assert "Organic certification for palm sugar" in page  # the open plan
    assert "Brochure for coconut candy" not in page  # done: nothing to report
    rec, plan = previous["recs"][0], previous["open"]
    response = client.post(url, data={
        f"rec-{rec.id}-outcome": "implemented", f"rec-{rec.id}-text": "Two export clinics held in 2018.",
        f"plan-{plan.id}-outcome": "in_progress", f"plan-{plan.id}-text": "Inspection booked for July."})
    assert response.status_code == 302
    notes = {(n.recommendation_id, n.plan_id): (n.outcome, n.text) for n in db.session.scalars(select(FollowupNote))}
    assert notes == {(rec.id, None): ("implemented", "Two export clinics held in 2018."),
                     (None, plan.id): ("in_progress", "Inspection booked for July.")}
    again = client.get(url).get_data(as_text=True)
    assert "Two export clinics held in 2018." in again
    assert 'value="implemented" selected' in again
    # bad input: an unknown outcome; nothing is saved and the text stays
    bad = client.post(url, data={f"rec-{rec.id}-outcome": "sort-of", f"rec-{rec.id}-text": "Changed my mind."})
    assert bad.status_code == 422
    assert "Choose one of the outcomes offered." in bad.get_data(as_text=True)
    assert "Changed my mind." in bad.get_data(as_text=True)
    assert db.session.scalar(select(FollowupNote.text).where(FollowupNote.recommendation_id == rec.id)) == \
        "Two export clinics held in 2018."
    # a plan of another forum cannot be noted through this page
    client.post(url, data={"plan-999999-outcome": "implemented", "plan-999999-text": "x"})
    assert db.session.scalar(select(func.count(FollowupNote.id))) == 2


def test_a_series_joined_by_name_only_does_not_show_another_organisers_plans(client, db, workshop, previous,
                                                                              create_user, create_forum):
    stranger = create_user(email="stranger@example.org")
    series = previous["forum"].series.name if previous["forum"].series else "SEC workshops"
    if previous["forum"].series is None:
        from forumops.forums.operations import update_forum

        update_forum(previous["forum"], {"series": series})
        db.session.commit()
    create_forum("copycat-2018", organiser=stranger, series=series, start_date=date(2018, 6, 1),
                 end_date=date(2018, 6, 2))
    sign_in(client, stranger)
    page = client.get("/forums/copycat-2018/followup/previous").get_data(as_text=True)
    assert "has no previous edition we can show you" in page
    assert "Organic certification" not in page
    assert client.post("/forums/copycat-2018/followup/previous", data={}).status_code == 404
    # the organiser of both sees the earlier forum of the series
    from forumops.forums.operations import add_member

    add_member(db.session.scalar(select(Forum).where(Forum.slug == "copycat-2018")), workshop.organiser, "organiser")
    db.session.commit()
    client2 = client.application.test_client()
    sign_in(client2, workshop.organiser)
    assert "Organic certification" in client2.get("/forums/copycat-2018/followup/previous").get_data(as_text=True)


def test_a_first_day_far_away_is_refused_not_a_crash(client, db, workshop, previous):
    response = _new_edition(client, workshop.organiser, start_date="9999-12-01")
    assert response.status_code == 422
    assert "Choose a first day between 1990 and 2199." in response.get_data(as_text=True)
