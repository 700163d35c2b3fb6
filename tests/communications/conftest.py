"""What the communications tests share: Mai, an organiser, and a hybrid forum with a meeting link."""

from __future__ import annotations

import pytest

MEETING = "https://meet.example.org/acf-secret-room"


@pytest.fixture
def mai(create_user):
    """The organiser who writes the messages."""
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    """An open hybrid forum with a venue and a meeting link, organised by Mai."""
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=mai,
                        mode="hybrid", online_link=MEETING, venue_name="Hall A", venue_city="Jakarta")
