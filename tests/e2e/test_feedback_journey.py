"""Feedback on sessions in the browser: Phương Linh, checked in yesterday, rates two sessions on her phone (one from
the session's page, one from "Rate the sessions you attended" on her home); the speaker reads the results, without
names, once three people rated; Mai reads every session's on the organisers' page. Screenshots at 390 and 1280 px
go to test-artifacts/ for a person to look at."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, PHONE_VIEWPORT, VIEWPORT, sign_in

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def forum_with_sessions(create_user, create_forum, create_item, create_registration, create_day_attendance,
                        create_feedback, db):
    mai = create_user(name="Mai Tran", email="mai@example.org")
    speaker = create_user(name="Dr Somchai Wongsa", email="somchai@example.org")
    linh = create_user(name="Nguyễn Phương Linh", email="linh@example.org")
    forum = create_forum("acf-feedback", title="ASEAN Community Forum", organiser=mai, start_date=YESTERDAY,
                         end_date=date.today() + timedelta(days=1), timezone="Asia/Jakarta")
    plenary = create_item(forum, "Opening plenary: civil society in the ASEAN Community", type="plenary",
                          day=YESTERDAY, people=[{"role": "speaker", "user_id": speaker.id}])
    panel = create_item(forum, "Panel: women's economic leadership", type="panel", day=YESTERDAY,
                        start=time(11), end=time(12, 30))
    create_item(forum, "Lunch", type="meal", day=YESTERDAY, start=time(12, 30), end=time(13, 30))
    registration, _token = create_registration(forum, user=linh, status="confirmed", email="linh@example.org")
    create_day_attendance(registration, YESTERDAY)
    comments = ["Clear examples from the Mekong countries.", "", "The question time was too short."]
    for rating, comment in zip((5, 3, 4), comments, strict=True):
        other, _token = create_registration(forum, status="confirmed")
        create_feedback(plenary, other, rating, comment)
    return forum, plenary, panel


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_linh_rates_two_sessions_and_the_speaker_and_mai_read_them(new_page, forum_with_sessions):
    forum, plenary, panel = forum_with_sessions
    phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(phone, "Nguyễn Phương Linh", "linh@example.org")
    phone.goto(f"/forums/{forum.slug}/agenda/items/{plenary.id}")
    rating = phone.get_by_role("group", name="How would you rate this session?")
    expect(rating).to_be_visible()
    _shoot(phone, "feedback-item-form-390")
    rating.get_by_label("4 · Very good").check()
    phone.get_by_label("Comment (optional)").fill("Good to hear from networks in Laos and Cambodia.")
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.get_by_role("status").first).to_contain_text("your rating is saved")

    phone.goto(f"/forums/{forum.slug}/")
    rate_list = phone.locator("#rate-sessions")
    expect(rate_list).to_contain_text("You rated it 4 of 5")
    expect(rate_list).not_to_contain_text("Lunch")
    rate_list.get_by_role("link", name="Panel: women's economic leadership").click()
    phone.get_by_label("5 · Excellent").check()
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.get_by_role("status").first).to_contain_text("your rating is saved")
    phone.goto(f"/forums/{forum.slug}/agenda/items/{panel.id}")
    phone.get_by_label("2 · Fair").check()
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.get_by_role("status").first).to_contain_text("Your rating was updated")

    for width, viewport in (("390", PHONE_VIEWPORT), ("1280", VIEWPORT)):
        speaker = new_page(viewport=viewport)
        sign_in(speaker, "Dr Somchai Wongsa", "somchai@example.org")
        speaker.goto(f"/forums/{forum.slug}/agenda/items/{plenary.id}")
        results = speaker.locator("#feedback")
        expect(results).to_contain_text("4 ratings")
        expect(results).to_contain_text("Good to hear from networks in Laos and Cambodia.")
        expect(results).not_to_contain_text("Nguyễn Phương Linh")
        _shoot(speaker, f"feedback-item-results-{width}")

        mai = new_page(viewport=viewport)
        sign_in(mai, "Mai Tran", "mai@example.org")
        mai.goto(f"/forums/{forum.slug}/feedback")
        expect(mai.get_by_role("table").first).to_contain_text("Panel: women's economic leadership")
        _shoot(mai, f"feedback-organisers-{width}")

    desktop = new_page(viewport=VIEWPORT)
    sign_in(desktop, "Nguyễn Phương Linh", "linh@example.org")
    desktop.goto(f"/forums/{forum.slug}/agenda/items/{plenary.id}")
    _shoot(desktop, "feedback-item-form-1280")
