"""The travel form once the person has sent it: it no longer asks them to send it by the deadline, it says when they
sent it and until when they can change it, and its button saves their changes."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from forumops.core.i18n import day_in_zone
from forumops.core.models import utcnow
from tests.travel.test_travel_form import SLUG, page_of, set_form, typed


@pytest.fixture
def forum(create_forum, create_user):
    return create_forum(slug=SLUG, organiser=create_user(email="mai@example.org"), timezone="Asia/Bangkok",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 16))


@pytest.fixture
def sopheak(forum, create_registration, create_support):
    """Offered travel and accommodation: the form concerns him and asks his nights at the hotel."""
    registration, token = create_registration(forum, status="confirmed", name="Sopheak Chan",
                                              email="sopheak@example.org")
    create_support(registration, kind="travel")
    create_support(registration, kind="accommodation")
    return registration, token


def _button(page: str) -> str:
    return re.search(r'<input [^>]*type="submit"[^>]*>', page).group(0)


def test_once_sent_the_form_says_until_when_it_can_be_changed_and_saves_changes(client, db, forum, sopheak):
    deadline = day_in_zone(forum.timezone) + timedelta(days=20)
    set_form(db, forum, form_deadline=deadline)
    _registration, token = sopheak
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "Please send them by" in page
    assert 'value="Send my travel details"' in _button(page)

    sent = client.post(page_of(token), data=typed())
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Thank you: your travel details are sent." in page
    assert "Please send them by" not in page  # no nagging about a deadline once sent
    sent_on = re.search(r'<p class="travel-sent">(.*?)</p>', page, re.S).group(1)
    assert re.search(rf"Sent on \d+ \w+ \d{{4}}, \d\d:\d\d; you can change them here until "
                     rf"{deadline.day} {deadline:%B %Y}\.", " ".join(sent_on.split()))
    assert 'value="Save changes"' in _button(page)
    assert "Send my travel details" not in page

    changed = client.post(page_of(token), data=typed(arrival_transport="VN 922"))
    assert "Your changes are saved." in client.get(changed.headers["Location"]).get_data(as_text=True)


def test_past_the_deadline_a_sent_form_can_be_changed_until_it_is_closed(client, db, forum, sopheak, create_travel):
    set_form(db, forum, form_deadline=(utcnow() - timedelta(days=3)).date())
    registration, token = sopheak
    create_travel(registration)
    page = client.get(page_of(token)).get_data(as_text=True)
    assert "you can change them here until the organisers close the form." in page
    assert 'value="Save changes"' in _button(page)
