"""One transaction rule (issue 16): a request is committed only when its view answered below 400. A form an
operation refused (FormError) is rolled back and shown again with the message and what was typed; nothing
the operation flushed before it refused is kept. Only an attempt counted against guessing stands.

These tests commit for real (the app's own commit and rollback reach the database) and look in a
connection of their own afterwards, so a row that was only flushed in the request's session, or is still
in this test's session, cannot be seen by accident.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from forumops.accounts.models import ThrottleEvent
from forumops.core.views import FormError
from forumops.extensions import db as _db
from forumops.followup.models import ActionPlan
from forumops.organisations.models import Organisation
from forumops.registration import seats
from forumops.registration.models import Registration
from tests.conftest import sign_in

pytestmark = pytest.mark.commits  # the request's commit or rollback must reach the database itself

NEW_ORGANISATION = "Mekong Delta Fish Farmers Union"


def committed(statement):
    """What the database holds, read through a connection of its own."""
    with _db.engine.connect() as fresh:
        return fresh.scalar(statement)


@pytest.fixture
def organiser(client, create_user, create_forum, create_cluster):
    person = create_user(email="organiser@example.org", name="Mai Anh Trần")
    create_cluster(create_forum("delta-2027", status="concluded", organiser=person), "Aquaculture")
    sign_in(client, person)
    return person


def test_a_refused_plan_keeps_no_organisation_it_made_and_shows_the_form_again(client, organiser):
    """The plan's operation adds the new owner organisation to the directory (an INSERT), then refuses a
    cluster that is not this forum's. Before the rule, the view caught the refusal, answered 422 and the
    base view committed: the directory kept an organisation no plan names."""
    response = client.post("/forums/delta-2027/followup/plans/new", data={
        "title": "Shared cold storage for fish farmers", "organisation": NEW_ORGANISATION,
        "owner_email": "union@example.org", "cluster_id": "987654", "status": "not_started"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="error-message" id="cluster_id-error">Choose one of this forum&#39;s clusters.' in page
    assert f'value="{NEW_ORGANISATION}"' in page
    assert 'value="Shared cold storage for fish farmers"' in page
    assert committed(select(func.count(Organisation.id)).where(Organisation.name == NEW_ORGANISATION)) == 0
    assert committed(select(func.count(ActionPlan.id))) == 0


def test_an_import_refused_half_way_keeps_none_of_its_registrations(client, organiser, monkeypatch):
    """All or nothing: the second invitee is refused (as if someone registered that address meanwhile) after
    the first was registered and flushed; the page names the refusal and no registration is left."""
    register = seats.register
    calls = []

    def second_is_taken(forum, data, **kwargs):
        calls.append(data["email"])
        if len(calls) == 2:
            raise FormError(f"{data['email']} registered for this forum meanwhile.", field="email")
        return register(forum, data, **kwargs)

    monkeypatch.setattr("forumops.registration.setup.register", second_is_taken)
    csv_file = ("name,email,organisation,country\r\n"
                "Nguyễn Văn An,an@example.org,Hue Women's Union,VN\r\n"
                "Sokha Chan,sokha@example.org,Kampong Speu Palm Sugar Association,KH\r\n").encode()
    response = client.post("/forums/delta-2027/registrations/import",
                           data={"file": (io.BytesIO(csv_file), "invitees.csv")}, content_type="multipart/form-data")

    assert calls == ["an@example.org", "sokha@example.org"]  # the first was registered before the refusal
    assert response.status_code == 422
    assert "sokha@example.org registered for this forum meanwhile." in response.get_data(as_text=True)
    assert committed(select(func.count(Registration.id))) == 0
    assert committed(select(func.count(Organisation.id)).where(Organisation.name == "Hue Women's Union")) == 0


def test_a_refused_sign_in_rolls_back_but_its_attempt_stays_counted(client, create_user):
    """A wrong password is answered 422, so the request rolls back; the attempt is counted all the same
    (written again on its own), or guessing would never be slowed down."""
    create_user(email="ben@example.org")
    response = client.post("/account/signin", data={"email": "ben@example.org", "password": "not the password"})

    assert response.status_code == 422
    assert "The email address or the password is not right" in response.get_data(as_text=True)
    # the address from this client, this client, and the address from anywhere
    assert committed(select(func.count(ThrottleEvent.id)).where(ThrottleEvent.scope == "signin")) == 3
