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


def run_in_two_workers(app, job) -> tuple[list, list[str]]:
    """Run `job()` in two threads at the same moment, as two workers would (released by a barrier, each in its
    own app context and session, with SQLite's write intent and a real commit). Returns (results, errors)."""
    import threading

    from forumops.core.database import write_intent
    from forumops.extensions import db

    barrier = threading.Barrier(2, timeout=30)
    results, errors = [], []

    def worker():
        try:
            with app.app_context(), write_intent():
                barrier.wait()
                results.append(job())
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
