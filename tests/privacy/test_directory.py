"""The organisation directory keeps README's promise (issue 18, item 6): an entry known only from someone's
registration is never shown to a stranger. A signed-in account sees what is public already (the same set the
public registration form suggests); an organiser sees the rest only for their own forums' people and partners;
the administrator sees all. The partner and plan forms' name suggestions follow the same rule."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import count_queries, sign_in

PUBLIC = ("Asia Foundation", "Thai Fair Trade Network")
MAI_ONLY = ("Battambang Weavers' Group", "Mekong Draft Partner", "Hue Plan Cooperative")
OTHER_ONLY = ("Jakarta Youth Network",)
NOBODY_BUT_ADMIN = ("Unannounced Donor Trust", "Erased Person's Cooperative")
EVERYONE = PUBLIC + MAI_ONLY + OTHER_ONLY + NOBODY_BUT_ADMIN


@pytest.fixture
def directory(db, create_user, create_forum, create_registration, create_plan):
    """Forums of two organisers and a third party's draft; organisations public already, and ones known only
    from a registration, a draft's partner list, a plan, or an erased person who had not agreed to be listed."""
    from forumops.forums.operations import add_partner
    from forumops.outcomes.operations import publish_report
    from forumops.privacy.operations import erase_registration

    people = {"admin": create_user(email="admin@example.org", is_admin=True),
              "mai": create_user(email="mai@example.org", name="Mai Tran"),
              "other": create_user(email="other@example.org", name="Budi Santoso"),
              "stranger": create_user(email="stranger@example.org", name="Signed-up Stranger")}
    held = {"start_date": date(2017, 3, 9), "end_date": date(2017, 3, 10)}
    reported = create_forum("reported", status="concluded", **held)
    mine = create_forum("mine", status="registration_open", organiser=people["mai"])
    mai_draft = create_forum("mai-draft", status="draft", organiser=people["mai"])
    theirs = create_forum("theirs", status="registration_open", organiser=people["other"])
    someone_elses_draft = create_forum("someone-elses-draft", status="draft")

    add_partner(mine, "Asia Foundation", "partner")  # public: a partner of an announced forum
    add_partner(mai_draft, "Mekong Draft Partner", "funder")  # her own draft's partner
    add_partner(someone_elses_draft, "Unannounced Donor Trust", "funder")
    create_registration(reported, organisation="Thai Fair Trade Network", list_publicly=True, notify=False)
    create_registration(mine, organisation="Battambang Weavers' Group", notify=False)  # did not agree to be listed
    create_registration(theirs, organisation="Jakarta Youth Network", notify=False)
    erased, _token = create_registration(theirs, organisation="Erased Person's Cooperative", notify=False)
    erase_registration(theirs, erased)
    create_plan(mine, {"organisation": "Hue Plan Cooperative", "owner_name": "", "owner_email": ""},
                send_link=False)
    publish_report(reported, None)
    db.session.commit()
    return people


def shown(client) -> list[str]:
    """The names in the directory's table, in order."""
    page = client.get("/organisations/").get_data(as_text=True)
    return re.findall(r"<tr><td[^>]*>([^<]*)</td>", page)


def as_(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def unescape(names):
    return [name.replace("&#39;", "'") for name in names]


def test_a_signed_in_stranger_sees_only_what_is_public_already(app, directory):
    """The finding: any account saw every entry, including an unlisted registrant's organisation, a draft's
    partner and an erased person's organisation. Now the same set as the public form's suggestions."""
    stranger = as_(app, directory["stranger"])
    assert sorted(unescape(shown(stranger))) == sorted(PUBLIC)
    page = stranger.get("/organisations/").get_data(as_text=True)
    assert "2 organisations" in page
    for hidden in (*MAI_ONLY, *OTHER_ONLY, *NOBODY_BUT_ADMIN):
        assert hidden.replace("'", "&#39;") not in page, hidden
    searched = stranger.get("/organisations/?q=Battambang").get_data(as_text=True)
    assert "No organisation matches." in searched
    assert "Battambang" not in searched.split("<table", 1)[1]


def test_an_organiser_sees_their_own_forums_people_and_partners_and_nothing_of_another_forum(app, directory):
    mai = as_(app, directory["mai"])
    assert sorted(unescape(shown(mai))) == sorted(PUBLIC + MAI_ONLY)
    other = as_(app, directory["other"])
    assert sorted(unescape(shown(other))) == sorted(PUBLIC + OTHER_ONLY)  # the erased person's is gone too


def test_the_administrator_sees_the_whole_directory(app, directory):
    admin = as_(app, directory["admin"])
    assert sorted(unescape(shown(admin))) == sorted(EVERYONE)
    assert f"{len(EVERYONE)} organisations in the directory" in admin.get("/organisations/").get_data(as_text=True)


def test_signed_out_visitors_are_asked_to_sign_in(client, directory):
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


def test_a_new_forums_partner_suggestions_hold_no_one_elses_registrants(app, db, directory, create_forum):
    """Any account may create a draft and so open its partners page: the names it suggests must not be the
    whole directory, or the finding comes back through the form."""
    create_forum("strangers-draft", status="draft", organiser=directory["stranger"])
    page = as_(app, directory["stranger"]).get("/forums/strangers-draft/partners").get_data(as_text=True)
    suggestions = page.split("<datalist", 1)[1].split("</datalist>", 1)[0]
    assert sorted(re.findall(r'<option value="([^"]*)">', suggestions)) == sorted(PUBLIC)
    mine = as_(app, directory["mai"]).get("/forums/mine/partners").get_data(as_text=True)
    assert "Battambang Weavers" in mine
    assert "Jakarta Youth Network" not in mine


def test_the_plan_form_suggests_the_organisers_own_names_only(app, directory):
    page = as_(app, directory["other"]).get("/forums/theirs/followup/plans/new").get_data(as_text=True)
    suggestions = page.split("<datalist", 1)[1].split("</datalist>", 1)[0]
    assert "Jakarta Youth Network" in suggestions
    assert "Asia Foundation" in suggestions
    assert "Battambang" not in suggestions
    assert "Hue Plan Cooperative" not in suggestions


@pytest.mark.parametrize("who", ["stranger", "mai", "admin"])
def test_the_directory_reads_the_same_number_of_queries_however_large(app, db, directory, create_forum,
                                                                       create_registration, who):
    from forumops.forums.operations import add_partner

    client = as_(app, directory[who])
    few = count_queries(db, lambda: client.get("/organisations/"))
    more = create_forum("more", status="registration_open", organiser=directory["mai"])
    for n in range(15):
        add_partner(more, f"Partner {n}", "partner")
        create_registration(more, organisation=f"Registrant Organisation {n}", notify=False)
    db.session.commit()
    many = count_queries(db, lambda: client.get("/organisations/"))
    assert many == few
