"""Rating a session through the pages (the item's page, by account, by private link), what presenters see (no
names, only from 3 ratings), the organisers' page in constant queries, and its CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forumops.evaluations.models import SessionFeedback
from forumops.extensions import db
from tests.conftest import count_queries

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def forum(create_forum, create_user):
    organiser = create_user(email="mai@example.org", name="Mai")
    return create_forum(start_date=YESTERDAY, end_date=date.today() + timedelta(days=1), organiser=organiser)


@pytest.fixture
def presenter(create_user):
    return create_user(email="speaker@example.org", name="Dr Somchai")


@pytest.fixture
def plenary(forum, create_item, presenter):
    return create_item(forum, "Opening plenary", type="plenary", day=YESTERDAY,
                       people=[{"role": "speaker", "user_id": presenter.id}])


@pytest.fixture
def linh(forum, plenary, create_user, create_registration, create_day_attendance):
    """Phương Linh, confirmed, checked in on the plenary's day: (account, registration, private token)."""
    user = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    registration, token = create_registration(forum, user=user, status="confirmed", email="linh@example.org")
    create_day_attendance(registration, YESTERDAY)
    return user, registration, token


def _rate_url(forum, item):
    return f"/forums/{forum.slug}/agenda/items/{item.id}/feedback"


def _saved():
    return [(row.rating, row.comment) for row in db.session.scalars(select(SessionFeedback))]


def test_the_item_page_offers_the_form_to_who_attended_and_a_second_send_updates(client, login, forum, plenary, linh):
    login(linh[0])
    page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}").get_data(as_text=True)
    assert "Feedback on this session" in page
    assert "<legend>" in page
    assert 'name="rating"' in page
    assert 'value="5"' in page
    sent = client.post(_rate_url(forum, plenary), data={"rating": "4", "comment": "Clear."}, follow_redirects=True)
    assert "Thank you: your rating is saved." in sent.get_data(as_text=True)
    again = client.post(_rate_url(forum, plenary), data={"rating": "5", "comment": "Even better."},
                        follow_redirects=True)
    text = again.get_data(as_text=True)
    assert "Your rating was updated" in text
    assert '<input checked id="rating-4" name="rating" type="radio" value="5">' in text  # theirs, shown again
    assert "Even better." in text
    assert _saved() == [(5, "Even better.")]


def test_no_form_for_someone_who_did_not_attend(client, login, forum, plenary, create_user, create_registration):
    user = create_user(email="absent@example.org")
    create_registration(forum, user=user, status="confirmed", email="absent@example.org")
    login(user)
    page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}").get_data(as_text=True)
    assert 'name="rating"' not in page
    refused = client.post(_rate_url(forum, plenary), data={"rating": "5", "comment": "I was not there."})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Only participants recorded as attending this session can rate it." in text
    assert "I was not there." in text  # what they typed, to copy, though there is no form to send it again
    assert 'name="rating"' not in text
    assert _saved() == []
    # the rating page itself says why, and offers no form that could only be refused
    page = client.get(_rate_url(forum, plenary)).get_data(as_text=True)
    assert "Only participants recorded as attending this session can rate it." in page
    assert 'name="rating"' not in page
    assert 'name="comment"' not in page


def test_the_rating_page_offers_no_form_once_feedback_is_closed(client, login, create_forum, create_user,
                                                                create_item, create_registration,
                                                                create_day_attendance):
    long_ago = date.today() - timedelta(days=90)
    forum = create_forum(slug="long-ago", start_date=long_ago, end_date=long_ago)
    item = create_item(forum, "Closing plenary", type="plenary", day=long_ago)
    user = create_user(email="late@example.org")
    registration, _token = create_registration(forum, user=user, status="confirmed", email="late@example.org")
    create_day_attendance(registration, long_ago)
    login(user)
    page = client.get(_rate_url(forum, item)).get_data(as_text=True)
    assert "Feedback on this forum’s sessions is closed." in page
    assert 'name="rating"' not in page


def test_the_item_page_keeps_their_rating_read_only_once_feedback_closed(client, login, create_forum, create_user,
                                                                       create_item, create_registration,
                                                                       create_day_attendance, create_feedback):
    long_ago = date.today() - timedelta(days=90)
    forum = create_forum(slug="long-ago", start_date=long_ago, end_date=long_ago)
    item = create_item(forum, "Closing plenary", type="plenary", day=long_ago)
    last_day = (long_ago + timedelta(days=30)).strftime("%-d %B %Y")  # the same inclusive day as everywhere
    rater = create_user(email="rater@example.org")
    rated, _token = create_registration(forum, user=rater, status="confirmed", email="rater@example.org")
    create_day_attendance(rated, long_ago)
    silent = create_user(email="silent@example.org")
    unrated, _token = create_registration(forum, user=silent, status="confirmed", email="silent@example.org")
    create_day_attendance(unrated, long_ago)
    login(rater)
    create_feedback(item, rated, rating=5, comment="Kept from the day")
    page = client.get(f"/forums/{forum.slug}/agenda/items/{item.id}").get_data(as_text=True)
    assert f"You rated it 5 of 5 · feedback was taken until {last_day}" in page
    assert 'name="rating"' not in page
    rating_page = client.get(_rate_url(forum, item)).get_data(as_text=True)
    assert "was not saved" not in rating_page  # their saved comment is not offered as one lost
    login(silent)
    page = client.get(f"/forums/{forum.slug}/agenda/items/{item.id}").get_data(as_text=True)
    assert f"Feedback on this session was taken until {last_day}" in page
    assert "You rated it" not in page
    assert 'name="rating"' not in page


@pytest.mark.parametrize(("data", "message"), [
    ({"rating": "9", "comment": "Forged rating kept"}, "Choose a rating from 1 to 5."),
    ({"rating": "abc", "comment": "Forged rating kept"}, "Choose a rating from 1 to 5."),
    ({"comment": "No rating chosen kept"}, "Choose a rating from 1 to 5."),
    ({"rating": "3", "comment": "Too long kept " + "x" * 2000}, "Use at most 2000 characters."),
])
def test_bad_input_shows_the_message_at_the_field_and_keeps_the_text(client, login, forum, plenary, linh, data,
                                                                     message):
    login(linh[0])
    refused = client.post(_rate_url(forum, plenary), data=data)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert 'class="error-message"' in text
    assert message in text
    assert data["comment"][:18] in text
    assert _saved() == []


def _when(page: str) -> str:
    start = page.index('class="slot-time item-when">')
    return page[start:page.index("</p>", start)].strip()


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_rating_page_gives_the_sessions_time_as_its_own_page_does(client, login, forum, plenary, linh, language):
    login(linh[0])
    item_page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}?lang={language}").get_data(as_text=True)
    rate_page = client.get(f"{_rate_url(forum, plenary)}?lang={language}").get_data(as_text=True)
    assert _when(rate_page) == _when(item_page)
    assert ">09:00</time>–<time" in _when(rate_page)  # the 24-hour range, not one time with seconds
    assert "Standard Time" not in rate_page
    if language == "en":
        assert YESTERDAY.strftime("%A, %-d %B %Y") in _when(rate_page)


def test_by_private_link_from_the_registration_page(client, forum, plenary, linh):
    _user, _registration, token = linh
    private = client.get(f"/forums/{forum.slug}/registration/{token}").get_data(as_text=True)
    assert "Rate the sessions you attended" in private
    url = f"/forums/{forum.slug}/registration/{token}/feedback/{plenary.id}"
    assert url in private
    assert client.get(url).status_code == 200
    sent = client.post(url, data={"rating": "3"})
    assert sent.status_code == 302
    assert f"/registration/{token}" in sent.headers["Location"]
    assert _saved() == [(3, "")]
    assert "You rated it 3 of 5" in client.get(f"/forums/{forum.slug}/registration/{token}").get_data(as_text=True)
    assert client.get(f"/forums/{forum.slug}/registration/not-a-token/feedback/{plenary.id}").status_code == 404


def test_presenters_see_results_without_names_only_from_three_ratings(client, login, forum, plenary, presenter,
                                                                      create_registration, create_feedback):
    names = ["Nguyễn Phương Linh", "Sok Sopheak", "Ana Santos"]
    people = [create_registration(forum, status="confirmed", name=name)[0] for name in names]
    create_feedback(plenary, people[0], 5, "Zebra-striped slides were memorable.")
    create_feedback(plenary, people[1], 2, "Ask more questions of the room.")
    login(presenter)
    page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}").get_data(as_text=True)
    assert "Results appear once 3 people have rated this session" in page
    assert "Zebra-striped" not in page
    create_feedback(plenary, people[2], 4, "")
    page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}").get_data(as_text=True)
    assert "3 ratings" in page
    assert "mean 3.7 out of 5" in page
    # alphabetical, not in the order written: the order says nothing of who wrote which
    assert page.index("Ask more questions") < page.index("Zebra-striped")
    assert not any(name in page for name in names)
    assert "5 · Excellent" in page
    assert "(33%)" in page
    assert page.index("1 · Poor") < page.index("5 · Excellent")  # 1 to 5, as a survey's results run


def test_a_clusters_facilitator_and_rapporteur_read_its_breakouts_feedback(client, login, forum, create_item,
                                                                            create_cluster, create_user,
                                                                            create_registration, create_feedback):
    """Not named on the item, they run it: they see its results, and only their own cluster's breakout's."""
    from forumops.clusters.operations import add_staff

    women, youth = create_cluster(forum, "Women empowerment"), create_cluster(forum, "Youth")
    ours = create_item(forum, "Cluster breakout 1", type="breakout", day=YESTERDAY, cluster_id=women.id)
    theirs = create_item(forum, "Cluster breakout 1", type="breakout", day=YESTERDAY, cluster_id=youth.id)
    facilitator, rapporteur = create_user(email="fa@example.org"), create_user(email="ra@example.org")
    add_staff(women, facilitator, "facilitator")
    add_staff(women, rapporteur, "rapporteur")
    db.session.commit()
    for item in (ours, theirs):
        for rating in (5, 4, 3):
            create_feedback(item, create_registration(forum, status="confirmed")[0], rating, f"Said of {item.id}")
    for user in (facilitator, rapporteur):
        login(user)
        assert f"Said of {ours.id}" in client.get(f"/forums/{forum.slug}/agenda/items/{ours.id}").get_data(as_text=True)
        assert f"Said of {theirs.id}" not in client.get(
            f"/forums/{forum.slug}/agenda/items/{theirs.id}").get_data(as_text=True)
        home = client.get(f"/forums/{forum.slug}/").get_data(as_text=True)
        assert "What participants said of the sessions you present" in home
        assert f"/agenda/items/{ours.id}#feedback" in home
        assert f"/agenda/items/{theirs.id}#feedback" not in home


def test_a_participant_who_presents_nothing_sees_no_results(client, login, forum, plenary, linh, create_feedback,
                                                            create_registration):
    for rating in (5, 4, 3):
        create_feedback(plenary, create_registration(forum, status="confirmed")[0], rating, "Secret comment")
    login(linh[0])
    page = client.get(f"/forums/{forum.slug}/agenda/items/{plenary.id}").get_data(as_text=True)
    assert "What participants said" not in page
    assert "Secret comment" not in page
    assert client.get(f"/forums/{forum.slug}/feedback").status_code == 403


def test_the_organisers_page_costs_the_same_queries_however_much_feedback(app, client, login, forum, create_item,
                                                                          create_registration, create_feedback):
    from forumops.accounts.models import User

    organiser = db.session.scalar(select(User).where(User.email == "mai@example.org"))
    login(organiser)
    people = [create_registration(forum, status="confirmed")[0] for _n in range(6)]

    def add_items(count: int, offset: int) -> None:
        for n in range(count):
            item = create_item(forum, f"Session {offset + n}", day=YESTERDAY)
            for k, person in enumerate(people):
                create_feedback(item, person, 1 + (n + k) % 5, f"Comment {offset + n}-{k}")

    add_items(1, 0)
    url = f"/forums/{forum.slug}/feedback"
    small = count_queries(db, lambda: client.get(url))
    add_items(5, 1)
    large = count_queries(db, lambda: client.get(url))
    page = client.get(url).get_data(as_text=True)
    assert "Session 5" in page
    assert "Comment 5-3" in page
    assert large == small


def test_the_csv_neutralises_formulas_in_comments(client, login, forum, plenary, create_registration,
                                                  create_feedback):
    from forumops.accounts.models import User

    create_feedback(plenary, create_registration(forum, status="confirmed")[0], 1, '=HYPERLINK("http://x","y")')
    create_feedback(plenary, create_registration(forum, status="confirmed")[0], 5, "+1 great")
    login(db.session.scalar(select(User).where(User.email == "mai@example.org")))
    response = client.get(f"/forums/{forum.slug}/feedback.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][:4] == ["Opening plenary", rows[1][1], "2", "3.00"]
    comments = [row[-1] for row in rows[2:]]
    assert comments == ["'+1 great", "'=HYPERLINK(\"http://x\",\"y\")"]


def test_parallel_breakouts_of_the_same_title_are_named_with_their_cluster(client, login, forum, create_item,
                                                                          create_cluster, create_registration,
                                                                          create_feedback, create_day_attendance):
    """Three clusters' "Cluster breakout 1" are told apart on the organisers' page, in its CSV and in the
    participant's list of sessions to rate; the page's stacked cells on a phone keep their column names."""
    from forumops.accounts.models import User
    from forumops.clusters.operations import assign_registration

    names = ("MSME development", "Women empowerment", "Youth")
    clusters = {name: create_cluster(forum, name) for name in names}
    for name in names:
        item = create_item(forum, "Cluster breakout 1", type="breakout", day=YESTERDAY, cluster_id=clusters[name].id)
        create_feedback(item, create_registration(forum, status="confirmed")[0], 4, "")
    login(db.session.scalar(select(User).where(User.email == "mai@example.org")))
    page = client.get(f"/forums/{forum.slug}/feedback").get_data(as_text=True)
    for name in names:
        assert f"Cluster breakout 1 \u2014 {name}" in page
    assert 'data-label="Mean">4.0<' in page
    assert 'data-label="Ratings"' in page
    rows = list(csv.reader(io.StringIO(client.get(f"/forums/{forum.slug}/feedback.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(row[0] for row in rows[1:]) == [f"Cluster breakout 1 \u2014 {name}" for name in names]

    registration, token = create_registration(forum, status="confirmed")
    assign_registration(clusters["Women empowerment"], registration)
    create_day_attendance(registration, YESTERDAY)
    own = client.get(f"/forums/{forum.slug}/registration/{token}").get_data(as_text=True)
    assert "Cluster breakout 1 \u2014 Women empowerment" in own
    assert "Cluster breakout 1 \u2014 Youth" not in own


def test_the_organisers_page_keeps_each_sessions_day_and_time_on_one_line(client, login, forum, plenary):
    from forumops.accounts.models import User

    login(db.session.scalar(select(User).where(User.email == "mai@example.org")))
    page = client.get(f"/forums/{forum.slug}/feedback").get_data(as_text=True)
    assert '<td class="nowrap" data-label="Day and time">' in page
