"""What a participant reads on the registration form and their own registration page: the privacy notice before
the box that says it was read, a category the organisers gave shown as a fact rather than a one-option list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forumops.registration import setup
from tests.html_forms import elements, forms_of


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", status="registration_open", organiser=mai)


def _before(page: str, first: str, then: str) -> bool:
    return -1 < page.index(first) < page.index(then)


def test_the_privacy_notice_comes_before_the_box_that_says_it_was_read(client, forum, create_registration):
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert _before(page, "Read the privacy notice", 'name="consent_privacy"')
    _registration, token = create_registration(forum, notify=False)
    mine = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert _before(mine, "Read the privacy notice", 'name="consent_privacy"')
    assert "The organisers of ASEAN Community Forum use what you enter here" in mine


def test_a_category_the_organisers_gave_is_shown_as_text_and_kept(client, forum, create_registration, db):
    registration, token = create_registration(forum, name="Dr Expert", notify=False)
    setup.change_category(registration, "resource_person")
    db.session.commit()
    page = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)

    assert "Resource person (given by the organisers)" in [p.text for p in elements(page, "p")]
    assert not [s for s in elements(page, "select") if s.attrs.get("name") == "category"]
    manage = next(f for f in forms_of(page) if f.by_name("consent_privacy"))
    assert [(f.type, f.value) for f in manage.by_name("category")] == [("hidden", "resource_person")]
    data = {f.name: f.value for f in manage.fields if f.type in ("hidden", "text", "email")}
    saved = client.post(f"/forums/acf/registration/{token}",
                        data={**data, "country": "VN", "consent_privacy": "y", "attendance_mode": "in_person",
                              "dietary_needs": "Halal"})
    assert saved.status_code == 302
    db.session.refresh(registration)
    assert (registration.category, registration.dietary_needs) == ("resource_person", "Halal")

    # someone whose category the public form offers still chooses it from the list
    _other, other_token = create_registration(forum, notify=False)
    other = client.get(f"/forums/acf/registration/{other_token}").get_data(as_text=True)
    assert [s.attrs["name"] for s in elements(other, "select") if s.attrs.get("name") == "category"] == ["category"]
    assert "(given by the organisers)" not in other


def test_the_desk_page_of_a_registration_reads_times_the_house_way(client, login, mai, forum, create_registration,
                                                                   db):
    registration, _token = create_registration(forum, name="Linh", notify=False)
    registration.created_at = datetime(2026, 12, 5, 3, 10, 38, tzinfo=UTC)  # 10:10 in Jakarta
    registration.checked_in_at = datetime(2027, 4, 14, 1, 5, tzinfo=UTC)
    db.session.commit()
    login(mai)
    page = client.get(f"/forums/acf/registrations/{registration.id}").get_data(as_text=True)
    assert "Registered 5 Dec 2026, 10:10" in page
    assert "14 Apr 2027, 08:05" in page
    assert "10:10:38" not in page
    assert " AM" not in page
