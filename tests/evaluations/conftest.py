"""What the evaluations' tests share: Mai, the organiser who builds the surveys and reads their results."""

from __future__ import annotations

import pytest


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def mai(organiser):
    return organiser
