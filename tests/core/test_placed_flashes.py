"""The message after an action done in a panel far down a page (core.flashes): the answer jumps to the panel, so
the message is drawn inside it, where the reader is looking, and not at the top of the page, out of sight."""

from __future__ import annotations

import re

import pytest

from forumops.registration import setup
from tests.conftest import sign_in


@pytest.fixture
def desk(app, create_user, create_forum, create_registration, db):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="acf", organiser=mai)
    room = setup.add_question(forum, {"label": "Room arranged", "kind": "short_text", "organisers_only": True})
    registration, _token = create_registration(forum, name="Sopheak Chan", email="sopheak@example.org",
                                               status="confirmed", notify=False)
    db.session.commit()
    client = app.test_client()
    sign_in(client, mai)
    return client, f"/forums/acf/registrations/{registration.id}", room


def _section(page: str, section_id: str) -> str:
    return re.search(rf'<section [^>]*id="{section_id}".*?</section>', page, re.S).group(0)


def _top(page: str) -> str:
    found = re.search(r'<main[^>]*>\s*(<div class="flashes" role="status" aria-live="polite">.*?</div>)?', page, re.S)
    return found.group(1) or ""


def test_saving_the_organisers_answers_says_so_beside_them(desk):
    client, detail, room = desk
    saved = client.post(detail, data={f"q_{room.id}": "Twin room with Dara"})
    assert saved.headers["Location"].endswith(f"{detail}#organiser-answers")
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    message = "The organisers’ answers about Sopheak Chan are saved."
    assert message in _section(page, "organiser-answers")
    assert message not in _top(page)
    assert page.count(message) == 1


def test_offering_support_and_saving_travel_at_the_desk_say_so_in_their_panels(desk):
    client, detail, _room = desk
    registration_id = detail.rsplit("/", 1)[1]
    offered = client.post(f"/forums/acf/travel/support/registrations/{registration_id}",
                          data={"kinds": ["visa_fee"], "currency": "USD"})
    assert offered.headers["Location"].endswith(f"{detail}#support")
    page = client.get(offered.headers["Location"]).get_data(as_text=True)
    assert "Offered to Sopheak Chan: visa fee." in _section(page, "support")
    assert "Offered to Sopheak Chan" not in _top(page)
    saved = client.post(f"/forums/acf/travel/registrations/{registration_id}", data={"travel-room": "412"})
    assert saved.headers["Location"].endswith(f"{detail}#travel")
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "The travel details of Sopheak Chan are saved." in _section(page, "travel")
    assert "are saved" not in _top(page)


def test_a_message_for_a_panel_the_page_does_not_draw_is_not_lost(app, desk):
    from flask import flash

    from forumops.core.flashes import flashes_at, flashes_not_drawn, flashes_placed_at

    with app.test_request_context("/"):
        flash("Saved.", "success")
        assert flashes_placed_at("gone", "/page") == "/page#gone"
        flash("Welcome.", "success")  # flashed after: at the top
        assert flashes_at() == [("success", "Welcome.")]
        assert flashes_not_drawn() == [("success", "Saved.")]  # its panel was not drawn: the foot shows it
        assert flashes_at("gone") == [("success", "Saved.")]
        assert flashes_not_drawn() == []
