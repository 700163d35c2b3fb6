"""Which language the mail about an account or about organiser work is written in: the account's own, else the
page the request came from; organiser work never in a language that has only the participant's pages."""

from __future__ import annotations

import pytest
from flask_babel import get_locale
from sqlalchemy import select

from forumops.core.outbox import OutboxMessage
from forumops.forums import invitations
from tests.conftest import TEST_PASSWORD, sign_up


@pytest.fixture
def written_in(monkeypatch):
    """The language each queued email was written in (the locale in force when it was queued), by address."""
    from forumops.core import outbox

    seen: dict[str, str] = {}
    queue = outbox.queue_mail

    def recording(to_address, *args, **kwargs):
        seen[to_address] = get_locale().language  # the language, not its conventions (English is en_GB)
        return queue(to_address, *args, **kwargs)

    for module in ("forumops.accounts.verification", "forumops.accounts.operations", "forumops.forums.invitations"):
        monkeypatch.setattr(f"{module}.queue_mail", recording)
    return seen


def test_a_sign_up_from_a_vietnamese_page_is_confirmed_in_vietnamese(client, written_in):
    sign_up(client, "linh@example.org")
    assert written_in["linh@example.org"] == "en"  # no Accept-Language: English
    client.post("/account/signup", data={"name": "Lan", "email": "lan@example.org", "password": TEST_PASSWORD,
                                         "confirm": TEST_PASSWORD}, headers={"Accept-Language": "vi"})
    assert written_in["lan@example.org"] == "vi"


def test_a_password_reset_goes_in_the_accounts_language_whatever_the_page(db, client, create_user, written_in):
    create_user(email="som@example.org").language = "th"
    db.session.commit()
    client.post("/account/forgot", data={"email": "som@example.org"}, headers={"Accept-Language": "vi"})
    assert written_in["som@example.org"] == "th"


def test_an_invitation_to_organiser_work_is_never_in_a_participant_only_language(db, create_forum, create_user):
    mai = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug="acf", title="ASEAN Community Forum", organiser=mai)
    create_user(email="ben@example.org").language = "vi"
    create_user(email="sok@example.org").language = "km"
    invitations.invite_to_team(forum, "ben@example.org", "facilitator", mai)
    invitations.invite_to_team(forum, "sok@example.org", "facilitator", mai)
    db.session.commit()
    mail = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    assert "tháng" in mail["ben@example.org"].body_text  # the link's expiry date, in Vietnamese
    assert any(month in mail["sok@example.org"].body_text for month in ("January", "February", "March", "April",
                                                                        "May", "June", "July", "August",
                                                                        "September", "October", "November",
                                                                        "December"))
