"""Rating a session: only people who attended it (the desk on its day, its own door, a cluster's tick), while it
is open, once per person (sending again updates), bad input refused with nothing saved."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from forumops.clusters.operations import assign_registration
from forumops.core.errors import FormError
from forumops.evaluations import feedback_operations, feedback_queries
from forumops.evaluations.feedback_operations import save_feedback
from forumops.evaluations.feedback_queries import attended_item_ids, item_feedback
from forumops.evaluations.models import SessionFeedback
from forumops.extensions import db
from forumops.registration.models import SessionAttendance

DAY_ONE, DAY_TWO = date(2027, 4, 14), date(2027, 4, 15)
DURING = datetime(2027, 4, 15, 12, 0, tzinfo=UTC)  # the forum's second day, after every item below started


@pytest.fixture
def forum(create_forum):
    return create_forum()


@pytest.fixture
def person(forum, create_registration):
    registration, _token = create_registration(forum, status="confirmed")
    return registration


def _rows() -> int:
    return db.session.scalar(select(func.count(SessionFeedback.id)))


def test_checked_in_on_the_day_rates_that_days_sessions_only(forum, person, create_item, create_day_attendance):
    morning = create_item(forum, "Opening plenary", type="plenary")
    next_day = create_item(forum, "Closing", type="closing_session", day=DAY_TWO)
    create_day_attendance(person, DAY_ONE)
    assert save_feedback(forum, person, morning, 5, "Clear and useful.", now=DURING) is False
    assert item_feedback(morning).count == 1
    with pytest.raises(FormError) as refused:
        save_feedback(forum, person, next_day, 4, "", now=DURING)
    assert refused.value.field == "rating"
    assert "attending" in refused.value.message
    assert _rows() == 1


def test_scanned_at_the_sessions_door_rates_it(forum, person, create_item):
    panel = create_item(forum, "Panel on MSMEs", start=time(11), end=time(12))
    other = create_item(forum, "Keynote", type="keynote")
    db.session.add(SessionAttendance(forum_id=forum.id, agenda_item_id=panel.id, registration_id=person.id))
    db.session.commit()
    assert attended_item_ids(forum, person) == {panel.id}
    save_feedback(forum, person, panel, 3, "", now=DURING)
    with pytest.raises(FormError):
        save_feedback(forum, person, other, 3, "", now=DURING)


def test_ticked_in_the_clusters_notes_rates_the_breakout(forum, person, create_item, create_cluster, create_notes):
    cluster = create_cluster(forum, "MSME development")
    breakout = create_item(forum, "MSME breakout", type="breakout", start=time(14), end=time(16), cluster_id=cluster.id)
    other_cluster = create_cluster(forum, "Women's empowerment")
    elsewhere = create_item(forum, "Women breakout", type="breakout", start=time(14), end=time(16),
                            cluster_id=other_cluster.id)
    notes = create_notes(cluster, status="draft", agenda_item=breakout)
    notes.content = {**notes.content, "attendance": [person.id]}
    db.session.commit()
    assert attended_item_ids(forum, person) == {breakout.id}
    save_feedback(forum, person, breakout, 4, "Good facilitation.", now=DURING)
    with pytest.raises(FormError):
        save_feedback(forum, person, elsewhere, 4, "", now=DURING)


def test_a_days_check_in_counts_only_for_the_breakout_of_ones_own_cluster(forum, person, create_item, create_cluster,
                                                                           create_day_attendance):
    """Three clusters meet at once, each in a "Cluster breakout 1": a member of Women empowerment checked in that
    day attended her cluster's, not the two others she could not be in; the day's plenary counts as before."""
    plenary = create_item(forum, "Opening plenary", type="plenary")
    breakouts = {}
    for name in ("MSME development", "Women empowerment", "Youth"):
        cluster = create_cluster(forum, name)
        breakouts[name] = create_item(forum, "Cluster breakout 1", type="breakout", start=time(14), end=time(16),
                                      cluster_id=cluster.id)
        if name == "Women empowerment":
            assign_registration(cluster, person)
    create_day_attendance(person, DAY_ONE)
    db.session.commit()
    assert attended_item_ids(forum, person) == {plenary.id, breakouts["Women empowerment"].id}
    save_feedback(forum, person, breakouts["Women empowerment"], 4, "", now=DURING)
    with pytest.raises(FormError):
        save_feedback(forum, person, breakouts["Youth"], 4, "", now=DURING)
    assert _rows() == 1


def test_no_cluster_and_checked_in_rates_no_breakout(forum, person, create_item, create_cluster,
                                                     create_day_attendance):
    cluster = create_cluster(forum, "Youth")
    create_item(forum, "Cluster breakout 1", type="breakout", start=time(14), end=time(16), cluster_id=cluster.id)
    create_day_attendance(person, DAY_ONE)
    assert attended_item_ids(forum, person) == set()


def test_a_cancelled_registration_has_attended_nothing(forum, create_registration, create_item,
                                                      create_day_attendance):
    create_item(forum, "Opening plenary", type="plenary")
    registration, _token = create_registration(forum, status="cancelled")
    create_day_attendance(registration, DAY_ONE)
    assert attended_item_ids(forum, registration) == set()


def test_a_break_takes_no_feedback(forum, person, create_item, create_day_attendance):
    lunch = create_item(forum, "Lunch", type="meal", start=time(12), end=time(13))
    create_day_attendance(person, DAY_ONE)
    with pytest.raises(FormError, match="does not take feedback"):
        save_feedback(forum, person, lunch, 5, "", now=DURING)
    assert _rows() == 0


def test_sending_again_updates_the_one_rating(forum, person, create_item, create_day_attendance):
    item = create_item(forum, "Opening plenary", type="plenary")
    create_day_attendance(person, DAY_ONE)
    assert save_feedback(forum, person, item, 2, "Too long.", now=DURING) is False
    assert save_feedback(forum, person, item, 4, "Better on reflection.", now=DURING) is True
    [row] = db.session.scalars(select(SessionFeedback))
    assert (row.rating, row.comment) == (4, "Better on reflection.")


def test_a_race_between_two_sends_leaves_one_row(forum, person, create_item, create_day_attendance, monkeypatch):
    """The other request's row is not visible when this one looks (it had not committed yet), and is when this
    one's insert meets the unique constraint: this one then updates it."""
    item = create_item(forum, "Opening plenary", type="plenary")
    create_day_attendance(person, DAY_ONE)
    save_feedback(forum, person, item, 2, "First tap.", now=DURING)
    db.session.commit()
    real, calls = feedback_queries.feedback_of, []

    def stale_then_real(item, registration):
        calls.append(item.id)
        return None if len(calls) == 1 else real(item, registration)

    monkeypatch.setattr(feedback_operations, "feedback_of", stale_then_real)
    assert save_feedback(forum, person, item, 5, "Second tap.", now=DURING) is True
    assert len(calls) == 2  # the insert was refused by the constraint, then the row found again
    [row] = db.session.scalars(select(SessionFeedback))
    assert (row.rating, row.comment) == (5, "Second tap.")


@pytest.mark.parametrize(("rating", "comment", "field"), [
    (0, "", "rating"), (6, "", "rating"), (-1, "", "rating"), (5, "x" * 2001, "comment"),
])
def test_bad_input_is_refused_and_nothing_saved(forum, person, create_item, create_day_attendance, rating, comment,
                                                field):
    item = create_item(forum, "Opening plenary", type="plenary")
    create_day_attendance(person, DAY_ONE)
    with pytest.raises(FormError) as refused:
        save_feedback(forum, person, item, rating, comment, now=DURING)
    assert refused.value.field == field
    assert _rows() == 0


def test_open_from_the_start_until_thirty_days_after_the_forum(forum, person, create_item, create_day_attendance):
    item = create_item(forum, "Opening plenary", type="plenary", start=time(9))  # 02:00 UTC (Jakarta)
    create_day_attendance(person, DAY_ONE)
    with pytest.raises(FormError, match="once it has started"):
        save_feedback(forum, person, item, 4, "", now=datetime(2027, 4, 14, 1, 59, tzinfo=UTC))
    save_feedback(forum, person, item, 4, "", now=datetime(2027, 4, 14, 2, 0, tzinfo=UTC))
    # the forum ends on 15 April: feedback is taken until the end of 15 May (Jakarta), 16 May 00:00 there
    save_feedback(forum, person, item, 3, "", now=datetime(2027, 5, 15, 16, 59, tzinfo=UTC))
    with pytest.raises(FormError, match="taken until"):
        save_feedback(forum, person, item, 1, "", now=datetime(2027, 5, 15, 17, 0, tzinfo=UTC))
    assert db.session.scalar(select(SessionFeedback.rating)) == 3
