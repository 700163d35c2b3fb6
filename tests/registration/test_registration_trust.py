"""What a stranger could make the registration form do (issue 18, points 4 and 5), each finding reproduced
and now failing to reproduce:

* the form said "x is already registered for this forum" to anyone, before the invitation code was checked:
  now a registered and a new address get the same answer, with a wrong code and with a right one, and the
  registered address is emailed its link with a note;
* "email me my link" sent on every request: now a few per address and per client, every link kept working,
  and the same answer whether or not the address is registered;
* nothing limited registrations per client: now 30 per client address, forum and hour (another client
  still registers), and a honeypot field that robots fill in registers nothing and answers as for anyone;
* a stranger who registered with a facilitator's address printed FACILITATOR on their badge: now roles come
  only from links made on purpose;
* the public form offered the staff and resource-person categories (STAFF and SPEAKER on the badge): now
  only the categories organisers allow, and one typed in by hand is refused beside the field;
* a file refused (its content, or no room left for answers' files) was judged only for a new address, a
  registered one read "check your email" (issue 23's review): now both are refused alike, beside the field.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.accounts.operations import LINK_MAILS_PER_WINDOW
from forumops.core.outbox import OutboxMessage
from forumops.registration import queries, seats, setup
from forumops.registration.badge_queries import badge_people
from forumops.registration.models import Registration
from tests.conftest import pdf_bytes, sign_in
from tests.core.test_hostile_input import CORPUS

SLUG = "acf"
URL = f"/forums/{SLUG}/register"
RESEND = f"/forums/{SLUG}/register/resend-link"
LINK = re.compile(r"http://\S+(/forums/acf/registration/\S+)")
CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug=SLUG, title="ASEAN Community Forum", status="registration_open", organiser=organiser,
                        mode="hybrid", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))


def form(**overrides) -> dict:
    return {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "country": "VN", "category": "civil_society",
            "attendance_mode": "in_person", "consent_privacy": "y", **overrides}


def visitor(app, number: int):
    """A browser of its own, from a client address of its own."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.9.{number // 256}.{number % 256}"
    return client


def without_csrf(body: str) -> str:
    return CSRF.sub(r"\1CSRF\2", body)


def sent_to(db, address: str) -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == address)
                                   .order_by(OutboxMessage.id)))


def links_in_mail(db, address: str) -> list[str]:
    bodies = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.to_address == address))
    return [LINK.search(body).group(1) for body in bodies if LINK.search(body)]


def registrations(db) -> int:
    return db.session.scalar(select(func.count(Registration.id)))


# --- nothing to learn by probing the form -------------------------------------------------------------


def test_a_registered_and_a_new_address_get_the_same_answer_on_an_invitation_only_forum(csrf_app, db, forum):
    """Before: a registered address was told "already registered", even with a wrong invitation code."""
    seats.settings_for(forum).invitation_only = True
    first, second = (c.code for c in setup.create_invitation_codes(forum, 2))
    db.session.commit()
    stranger = csrf_app.test_client()

    def send(**overrides):
        token = TOKEN.search(stranger.get(URL).get_data(as_text=True)).group(1)
        response = stranger.post(URL, data=form(csrf_token=token, **overrides))
        return response.status_code, response.location, without_csrf(response.get_data(as_text=True))

    def answer_page():
        return without_csrf(stranger.get(f"{URL}/sent").get_data(as_text=True))

    wrong_when_new = send(invitation_code="WRONGCODE1")
    right_when_new = send(invitation_code=first)  # registers linh@example.org
    page_when_new = answer_page()
    wrong_when_registered = send(invitation_code="WRONGCODE1")
    right_when_registered = send(invitation_code=second)
    page_when_registered = answer_page()

    assert wrong_when_new[0] == 422
    assert "This invitation code is not valid" in wrong_when_new[2]
    assert wrong_when_registered == wrong_when_new
    assert right_when_new[:2] == (302, f"{URL}/sent")
    assert right_when_registered == right_when_new
    assert "Check your email" in page_when_new
    assert "linh@example.org" in page_when_new
    assert page_when_registered == page_when_new
    assert "already registered" not in page_when_registered + wrong_when_registered[2]
    # the person at the address learns it; a right code is spent alike, so it tells nothing either
    assert registrations(db) == 1
    assert sent_to(db, "linh@example.org") == ["Your place at ASEAN Community Forum is confirmed",
                                               "You are already registered for ASEAN Community Forum"]
    assert {c.code: c.used for c in queries.list_invitation_codes(forum)} == {first: 1, second: 1}


def test_a_double_click_with_a_single_use_code_answers_check_your_email_twice(app, db, forum):
    """Review finding: the second click spent the code before the address was looked at, so the person, who
    was registered by the first, saw 422 "used up". Now a code the address's registration was made with is
    the duplicate: the same answer, the code spent once; anyone else still finds it used up."""
    seats.settings_for(forum).invitation_only = True
    [code] = (c.code for c in setup.create_invitation_codes(forum, 1))
    db.session.commit()
    browser = visitor(app, 1)
    first, second = (browser.post(URL, data=form(invitation_code=code)) for _click in range(2))
    assert (first.status_code, first.location) == (second.status_code, second.location) == (302, f"{URL}/sent")
    assert registrations(db) == 1
    assert {c.code: c.used for c in queries.list_invitation_codes(forum)} == {code: 1}
    assert sent_to(db, "linh@example.org") == ["Your place at ASEAN Community Forum is confirmed",
                                               "You are already registered for ASEAN Community Forum"]
    someone_else = visitor(app, 2).post(URL, data=form(email="somchai@example.org", invitation_code=code))
    assert someone_else.status_code == 422
    assert "used up" in someone_else.get_data(as_text=True)


@pytest.mark.parametrize("refused", ["content", "room"])
def test_a_refused_file_gets_the_same_answer_for_a_registered_and_a_new_address(app, db, forum, monkeypatch,
                                                                               refused):
    """Before: the files were judged only once the address was known to be new, so "“p.pdf” was refused" (422)
    told a stranger that the address typed was not registered, and "check your email" (302) that it was."""
    passport = setup.add_question(forum, {"label": "Passport scan", "kind": "file"})
    db.session.commit()
    if refused == "room":  # the answers' files have taken all their room
        monkeypatch.setitem(app.config, "ANSWER_FILES_QUOTA_BYTES", 100)
        content = pdf_bytes()
    else:
        content = b"MZ\x90\x00\x03" + b"\x00" * 200  # a Windows program named .pdf
    stranger = visitor(app, 1)

    def send():
        response = stranger.post(URL, data=form(**{f"q_{passport.id}": (io.BytesIO(content), "p.pdf")}),
                                 content_type="multipart/form-data")
        return response.status_code, response.location, without_csrf(response.get_data(as_text=True))

    when_new = send()
    seats.register(forum, form(), notify=False)  # linh@example.org registers, by another way
    db.session.commit()
    when_registered = send()
    assert when_new[0] == 422
    assert "“p.pdf” was refused" in when_new[2]
    assert when_registered == when_new
    assert registrations(db) == 1
    assert sent_to(db, "linh@example.org") == []  # nothing was sent: nothing was registered nor noted


def test_a_registered_address_is_emailed_its_working_link_and_nothing_of_the_strangers(client, db, forum,
                                                                                        create_registration):
    registration, token = create_registration(forum, name="Nguyễn Phương Linh", email="linh@example.org",
                                              notify=False)
    client.post(URL, data=form(name="<b>Stranger</b>", organisation="URGENT: verify your bank account"))
    [note] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "linh@example.org"))
    assert note.subject == "You are already registered for ASEAN Community Forum"
    assert "Dear Nguyễn Phương Linh," in note.body_text
    assert "Confirmed" in note.body_text
    assert "Stranger" not in note.body_text
    assert "bank" not in note.body_text
    [link] = links_in_mail(db, "linh@example.org")
    for url in (link, f"/forums/acf/registration/{token}"):  # the new link, and the one she had
        assert "Nguyễn Phương Linh" in client.get(url).get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.name == "Nguyễn Phương Linh"  # nothing changed


def test_twelve_requests_for_a_link_send_a_few_and_every_link_keeps_working(app, db, forum, create_registration):
    """Before: 12 requests, 12 emails, each breaking the previous link."""
    _registration, first_token = create_registration(forum, email="linh@example.org", notify=False)
    registered, unknown = visitor(app, 1), visitor(app, 2)
    answers = {}
    for address, client in (("linh@example.org", registered), ("nobody@example.org", unknown)):
        answers[address] = []
        for _attempt in range(12):
            response = client.post(RESEND, data={"email": address}, follow_redirects=True)
            flashed = re.search(r'role="status"[^>]*>(.*?)</', response.get_data(as_text=True), re.S)
            answers[address].append((response.status_code, flashed.group(1).replace(address, "ADDRESS").strip()))
    assert answers["linh@example.org"] == answers["nobody@example.org"]  # registered or not: the same answers
    assert sent_to(db, "linh@example.org") == [
        "Your link to manage your registration for ASEAN Community Forum"] * LINK_MAILS_PER_WINDOW
    assert sent_to(db, "nobody@example.org") == []
    links = links_in_mail(db, "linh@example.org") + [f"/forums/acf/registration/{first_token}"]
    assert len(set(links)) == LINK_MAILS_PER_WINDOW + 1
    for link in links:
        assert registered.get(link).status_code == 200, link


def test_the_form_filled_in_again_spends_the_addresss_link_emails_too(app, db, forum, create_registration):
    """Registering an address again sends its link with a note, within the same few per address: the form
    is no way around the limit of "email me my link"."""
    create_registration(forum, email="linh@example.org", notify=False)
    for number in range(6):  # from six clients: the limit is the address's
        assert visitor(app, 10 + number).post(URL, data=form()).status_code == 302
    assert len(sent_to(db, "linh@example.org")) == LINK_MAILS_PER_WINDOW


# --- registrations per client, and the honeypot ----------------------------------------------------------


def test_the_31st_registration_from_one_client_waits_and_another_client_still_registers(app, db, forum,
                                                                                       create_forum, organiser):
    """Before: nothing limited registrations per client, so a script could fill a forum's seats."""
    office = visitor(app, 1)
    limit = app.config["REGISTRATIONS_PER_CLIENT"]
    assert limit == 30
    for number in range(limit):  # a whole office behind one address registers
        assert office.post(URL, data=form(email=f"colleague{number}@example.org")).status_code == 302
    refused = office.post(URL, data=form(email="one-more@example.org", name="Somchai Jaidee",
                                         dietary_needs="Halal"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert "Please try again in a while" in page
    assert "Please send the form again in 60 minutes" in page
    assert 'value="Somchai Jaidee"' in page
    assert 'value="Halal"' in page
    assert 'value="one-more@example.org"' in page
    assert registrations(db) == limit
    assert sent_to(db, "one-more@example.org") == []
    assert visitor(app, 2).post(URL, data=form(email="elsewhere@example.org")).status_code == 302
    create_forum(slug="other", status="registration_open", organiser=organiser, mode="hybrid")
    assert office.post("/forums/other/register", data=form()).status_code == 302  # per forum
    assert registrations(db) == limit + 2


def test_wrong_invitation_codes_count_against_the_client_too(app, db, forum, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTRATIONS_PER_CLIENT", 3)
    seats.settings_for(forum).invitation_only = True
    db.session.commit()
    guesser = visitor(app, 1)
    assert [guesser.post(URL, data=form(invitation_code=f"GUESS{n}")).status_code for n in range(4)] == [
        422, 422, 422, 429]


def test_one_ipv6_connection_is_one_client_and_the_next_connection_another(app, db, forum, monkeypatch):
    """Review finding: the limit counted each IPv6 address, and one home connection (a /64) holds 2**64 of
    them, so a script changing address on every request was endless clients. Now a /64 is one client."""
    monkeypatch.setitem(app.config, "REGISTRATIONS_PER_CLIENT", 3)
    emails = (f"bot{number}@example.org" for number in range(100))

    def send_from(address: str) -> int:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client.post(URL, data=form(email=next(emails))).status_code

    assert [send_from(f"2001:db8:1:2::{number:x}") for number in range(1, 5)] == [302, 302, 302, 429]
    assert send_from("2001:db8:1:2:ffff:ffff:ffff:ffff") == 429  # anywhere in the /64
    assert send_from("2001:db8:1:3::1") == 302  # the next /64 is another connection
    # an IPv4 client reaching a dual-stack server as an IPv4-mapped address is the same client
    assert [send_from(address) for address in ("198.51.100.4", "198.51.100.4", "::ffff:198.51.100.4",
                                               "::ffff:198.51.100.4")] == [302, 302, 302, 429]
    assert registrations(db) == 7


def test_a_filled_in_honeypot_registers_nothing_and_answers_as_for_anyone(app, db, forum):
    person, robot = visitor(app, 1), visitor(app, 2)
    page = person.get(URL).get_data(as_text=True)
    trap = re.search(r'<div class="honeypot" aria-hidden="true">.*?</div>', page, re.S).group(0)
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    real = person.post(URL, data=form())
    robot_answer = robot.post(URL, data=form(email="robot@example.org", website="http://spam.example"))
    assert (robot_answer.status_code, robot_answer.location) == (real.status_code, real.location)
    robot_page = robot.get(robot_answer.location).get_data(as_text=True)
    assert "Check your email" in robot_page
    assert "robot@example.org" in robot_page
    assert db.session.scalars(select(Registration.email)).all() == ["linh@example.org"]
    assert sent_to(db, "robot@example.org") == []


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_hostile_corpus_in_the_honeypot_is_never_stored_nor_a_500(app, db, forum, name):
    answer = visitor(app, 1).post(URL, data=form(email="robot@example.org", website=CORPUS[name]))
    assert answer.status_code == 302
    assert registrations(db) == 0


# --- roles only from links made on purpose ---------------------------------------------------------------


@pytest.fixture
def facilitator(db, forum, create_user):
    """Dr Ben facilitates a cluster; a guest speaker without an account is on the programme."""
    from datetime import time

    from forumops.agenda import operations as agenda_ops
    from forumops.clusters.operations import add_staff, create_cluster

    ben = create_user(email="ben@example.org", name="Dr Ben")
    add_staff(create_cluster(forum, "Women empowerment"), ben, "facilitator")
    agenda_ops.create_item(forum, {
        "day": date(2027, 4, 14), "start": time(9), "end": time(10), "title": "Keynote", "type": "keynote",
        "room": "", "cluster_id": None, "description": "", "people": [{"role": "speaker", "name": "Guest Speaker"}]})
    db.session.commit()
    return ben


def words(forum) -> dict[str, str]:
    return {person.name: person.word for person in badge_people(forum)}


def test_a_stranger_with_a_facilitators_address_gets_a_participant_badge(app, db, forum, facilitator,
                                                                         create_user):
    """Before: the badge found the role by matching the account's email, and printed FACILITATOR."""
    visitor(app, 1).post(URL, data=form(name="Stranger", email="BEN@example.org"))
    visitor(app, 2).post(URL, data=form(name="Guest Speaker", email="guest@example.org"))  # a name from the programme
    signed_in = visitor(app, 3)
    sign_in(signed_in, create_user(email="someone@example.org"))  # signed in, typing another's address
    signed_in.post(URL, data=form(name="Also Not Ben", email="ben.work@example.org"))
    assert words(forum) == {"Stranger": "PARTICIPANT", "Guest Speaker": "PARTICIPANT", "Also Not Ben": "PARTICIPANT"}
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.user_id.is_not(None))) == 0
    assert signed_in.get("/forums/acf/my-registration").status_code == 404  # not theirs by typing it


def test_the_facilitator_registering_as_himself_gets_his_band(app, db, forum, facilitator):
    ben = visitor(app, 1)
    sign_in(ben, facilitator)
    assert ben.post(URL, data=form(name="Dr Ben", email="ben@example.org")).status_code == 302
    assert words(forum) == {"Dr Ben": "FACILITATOR"}
    assert "See your registration" in ben.get(f"{URL}/sent").get_data(as_text=True)


# --- the categories the public may choose ----------------------------------------------------------------


@pytest.mark.parametrize("category", ["organiser_staff", "resource_person", "royalty", *CORPUS.values()])
def test_the_public_form_refuses_a_category_it_does_not_offer(client, db, forum, category):
    """Before: the form offered Organiser staff and Resource person, which print STAFF and SPEAKER."""
    page = client.get(URL).get_data(as_text=True)
    offered = re.findall(r'<option (?:selected )?value="([^"]*)"', page.split('id="category"')[1].split("</select>")[0])
    assert offered == ["civil_society", "government", "observer", "media"]
    response = client.post(URL, data=form(category=category, dietary_needs="Vegetarian"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert registrations(db) == 0
    field = re.search(r'<div class="field[^"]*field-error">\s*<div class="label-row"><label class="label" '
                      r'for="category">.*?</div>\s*</div>', html, re.S)
    assert field
    assert "Choose one of the categories offered." in field.group(0)
    assert 'value="Vegetarian"' in html  # what they typed is kept


def test_organisers_choose_the_public_categories_and_give_the_others_at_the_desk(client, login, db, forum,
                                                                               organiser, create_registration):
    login(organiser)
    settings_page = client.get(f"/forums/{SLUG}/registrations/settings").get_data(as_text=True)
    assert settings_page.count('name="public_categories"') == 4
    assert settings_page.count("checked") >= 4
    nothing = client.post(f"/forums/{SLUG}/registrations/settings", data={"privacy_notice": ""})
    assert nothing.status_code == 422
    assert "Tick at least one category" in nothing.get_data(as_text=True)
    saved = client.post(f"/forums/{SLUG}/registrations/settings", data={
        "public_categories": ["civil_society", "government", "organiser_staff"]})
    assert saved.status_code == 422  # a staff category cannot be offered
    saved = client.post(f"/forums/{SLUG}/registrations/settings", data={"public_categories": ["government"]})
    assert saved.status_code == 302
    assert queries.public_categories(seats.settings_for(forum)) == ["government"]
    form_page = client.get(URL).get_data(as_text=True)
    assert 'value="government"' in form_page
    assert 'value="media"' not in form_page
    assert client.post(URL, data=form(category="media")).status_code == 422

    registration, token = create_registration(forum, name="Dr Expert", email="expert@example.org",
                                              category="government", notify=False)
    detail = f"/forums/{SLUG}/registrations/{registration.id}"
    assert client.post(f"{detail}/category", data={"category": "resource_person"}).status_code == 302
    assert "Dr Expert now takes part as: Resource person." in client.get(detail).get_data(as_text=True)
    assert words(forum) == {"Dr Expert": "SPEAKER"}
    # the person keeps what the organisers gave when changing their registration, and cannot choose another
    manage = f"/forums/{SLUG}/registration/{token}"
    kept = client.post(manage, data=form(name="Dr Expert", category="resource_person", dietary_needs="Halal"))
    assert kept.status_code == 302
    assert client.post(manage, data=form(name="Dr Expert", category="government")).status_code == 422
    db.session.refresh(registration)
    assert (registration.category, registration.dietary_needs) == ("resource_person", "Halal")
