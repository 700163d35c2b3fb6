"""What organisers and participants read on the communications pages: where the composer's answer lands, the
names of automatic messages, subjects as they read, recipients' tables on a phone, a participant's opt-out."""

from __future__ import annotations

import html
import re

from forumops.clusters.operations import assign_registration
from forumops.communications.operations import opt_out
from forumops.communications.placeholders import fill_forum_level, forum_values
from forumops.communications.queries import is_opted_out
from forumops.core.outbox import OutboxMessage
from forumops.extensions import db
from tests.html_forms import elements, forms_of


def compose(client, **fields):
    data = {"subject": "Room change for {forum}", "body": "Dear {name},\n\nWe meet in room 3.", "status": "confirmed",
            "when": "now", "action": "preview", **fields}
    return client.post("/forums/acf/messages/new", data=data)


def test_preview_and_test_answers_open_at_the_preview(client, login, mai, forum, create_registration):
    linh, _t = create_registration(forum, name="Linh", notify=False)
    login(mai)
    page = client.get("/forums/acf/messages/new").get_data(as_text=True)
    buttons = {b.text: b.attrs for b in elements(page, "button")}
    # the preview is ~2,900px below the top on a phone: the answer is asked for at #preview
    assert buttons["Preview"]["formaction"] == "/forums/acf/messages/new#preview"
    assert buttons["Send me a test"]["formaction"] == "/forums/acf/messages/new#preview"
    assert "formaction" not in buttons["Send"]  # sending leads to the message's own page

    answer = compose(client, action="test", preview_for=str(linh.id)).get_data(as_text=True)
    section = next(s for s in elements(answer, "section") if s.attrs.get("id") == "preview")
    heading = next(h for h in elements(answer, "h2") if h.attrs.get("id") == "preview-title")
    assert heading.text == "Preview for Linh"
    assert heading.attrs["tabindex"] == "-1"
    # the test's confirmation is where the page opens, not in a flash at its top
    assert "1 test copy, filled in for Linh, is on its way to mai@example.org." in section.text
    assert not [p for p in elements(answer, "div") if "flashes" in p.attrs.get("class", "")]


def test_the_messages_list_names_automatic_messages_in_words(client, login, mai, forum, create_registration,
                                                             create_announcement):
    linh, _t = create_registration(forum, notify=False)
    create_announcement(forum, [linh], subject="Written by hand")
    sent = {source: create_announcement(forum, [linh], subject=f"About {source}", source=source)
            for source in ("programme_change", "auto_before", "auto_after")}
    login(mai)
    page = client.get("/forums/acf/messages").get_data(as_text=True)
    cells = [td.text for td in elements(page, "td") if td.text.startswith(("About", "Written"))]
    assert cells == ["About auto_after (Message after the forum)", "About auto_before (Reminder before the forum)",
                     "About programme_change (Programme-change notice)", "Written by hand"]
    notice = client.get(f"/forums/acf/messages/{sent['programme_change'].id}").get_data(as_text=True)
    assert "Programme-change notice" in notice
    assert "(programme_change)" not in notice


def test_subjects_read_with_the_forums_own_placeholders_filled(client, login, mai, forum, create_registration,
                                                              create_announcement):
    linh, _t = create_registration(forum, notify=False)
    announcement = create_announcement(forum, [linh], subject="Venue note for {forum} at {venue}, {{ {name} }}")
    login(mai)
    listed = client.get("/forums/acf/messages").get_data(as_text=True)
    expected = "Venue note for ASEAN Community Forum at Hall A, Jakarta, { {name} }"
    assert [a.text for a in elements(listed, "a") if a.text.startswith("Venue")] == [expected]
    page = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert [h.text for h in elements(page, "h1")] == [expected]
    assert elements(page, "title")[0].text.startswith(expected + " · ASEAN Community Forum")
    # the message as written is still shown as written, below
    assert "Venue note for {forum}" not in page.split("message-text")[0]


def test_a_persons_placeholder_without_a_value_says_so(client, login, mai, forum, create_registration,
                                                       create_cluster):
    assigned, _t = create_registration(forum, name="Assigned", notify=False)
    assign_registration(create_cluster(forum, "MSME"), assigned)
    waiting, _t = create_registration(forum, name="Waiting", status="waitlisted", notify=False)
    login(mai)
    body = "Your cluster: {cluster}. Your code: {checkin_code}. Category: {category}."

    def preview_for(person):
        page = compose(client, status="", body=body, preview_for=str(person.id)).get_data(as_text=True)
        return next(p.text for p in elements(page, "pre") if "message-body" in p.attrs.get("class", ""))

    assert preview_for(waiting).startswith("Your cluster: not assigned yet. Your code: (given once your place is "
                                           "confirmed). Category: Civil-society representative.")
    assert preview_for(assigned).startswith(f"Your cluster: MSME. Your code: {assigned.checkin_code}. Category: ")


def test_a_forum_without_a_venue_says_it_is_not_set(mai, create_forum):
    nowhere = create_forum(slug="nowhere", status="registration_open", organiser=mai, mode="in_person")
    assert fill_forum_level("We meet at {venue}.", forum_values(nowhere)) == "We meet at (the venue is not set yet)."


def test_organisers_read_plain_words_about_how_automatic_messages_go(client, login, mai, forum, create_user):
    login(mai)
    page = client.get("/forums/acf/messages/automatic").get_data(as_text=True)
    assert "ForumOps sends these messages by itself when their time comes." in page
    assert "cron" not in page
    assert "flask forumops" not in page
    login(create_user(email="admin@example.org", is_admin=True))  # who runs the server reads how
    page = client.get("/forums/acf/messages/automatic").get_data(as_text=True)
    assert "“flask forumops send-automatic” run every few minutes from cron" in page


def test_a_messages_page_says_whom_it_went_to_in_a_sentence(client, login, mai, forum, create_registration):
    create_registration(forum, name="Linh", attendance_mode="online", country="KH", notify=False)
    login(mai)
    sent = client.post("/forums/acf/messages/new", data={"subject": "Hello", "body": "Dear {name}", "when": "now",
                                                        "status": "confirmed", "mode": "online", "country": "KH",
                                                        "action": "send"})
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Sent to: confirmed participants, online, from Cambodia." in page
    assert "Written to" not in page
    assert "Status: Confirmed" not in page


def test_the_tabs_name_each_page_as_its_heading_does(client, login, mai, forum):
    login(mai)
    page = client.get("/forums/acf/messages").get_data(as_text=True)
    current = [a.text for a in elements(page, "a") if a.attrs.get("aria-current") == "page"]
    assert "Messages" in current
    assert "Sent messages" not in page
    outbox = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert "Outbox" in [a.text for a in elements(outbox, "a") if a.attrs.get("aria-current") == "page"]
    assert [h.text for h in elements(outbox, "h1")] == ["Outbox"]
    assert "Sent mail" not in outbox


def test_the_unsubscribe_page_says_what_would_happen_before_the_button(client, forum, create_registration, db,
                                                                      create_announcement):
    linh, _t = create_registration(forum, notify=False)
    create_announcement(forum, [linh])
    body = db.session.query(OutboxMessage).filter_by(kind="announcement").one().body_text
    page = client.get(re.search(r"(/forums/acf/unsubscribe/\S+)", body).group(1)).get_data(as_text=True)
    assert "If you stop them, the organisers of ASEAN Community Forum will send no more announcements" in page


def test_an_organiser_refused_the_limits_page_is_told_who_can_change_them(client, login, mai, forum, create_user):
    login(mai)
    response = client.get("/forums/acf/messages/limits")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Only a site administrator can change this." in page
    assert "Ask the forum’s organisers" not in page
    login(create_user(email="someone@example.org"))  # an organisers' page: the organisers can help
    refused = client.get("/forums/acf/messages").get_data(as_text=True)
    assert "Ask the forum’s organisers" in refused
    assert "Only a site administrator" not in refused


def test_after_opting_out_the_private_page_says_so_and_can_take_it_back(csrf_app, client, forum, create_user,
                                                                        create_registration, login):
    linh_account = create_user(email="linh@example.org", name="Linh")
    linh, token = create_registration(forum, name="Linh", email="linh@example.org", user=linh_account,
                                      notify=False)
    other, other_token = create_registration(forum, name="Other", notify=False)
    page_path = f"/forums/acf/registration/{token}"
    assert "You asked for no more announcements" not in client.get(page_path).get_data(as_text=True)
    opt_out(forum, linh.id)
    opt_out(forum, other.id)
    db.session.commit()

    page = client.get(page_path).get_data(as_text=True)
    assert "You asked for no more announcements from this forum." in page
    form = next(f for f in forms_of(page) if f.action == f"{page_path}/announcements")
    assert client.post(form.action).status_code == 400  # no CSRF token: nothing changes
    assert is_opted_out(forum, linh.id)
    answer = client.post(form.action, data={f.name: f.value for f in form.fields})
    assert answer.status_code == 302
    assert answer.headers["Location"] == page_path
    assert not is_opted_out(forum, linh.id)
    assert is_opted_out(forum, other.id)
    after = html.unescape(client.get(page_path).get_data(as_text=True))
    assert "You will receive this forum's announcements again." in after
    assert "You asked for no more announcements" not in after
    assert client.post("/forums/acf/registration/not-a-link/announcements",
                       data={f.name: f.value for f in form.fields}).status_code == 404

    # through her account: the same, on her page there
    opt_out(forum, linh.id)
    db.session.commit()
    login(linh_account)
    mine = client.get("/forums/acf/my-registration").get_data(as_text=True)
    form = next(f for f in forms_of(mine) if f.action == "/forums/acf/my-registration/announcements")
    assert client.post(form.action, data={f.name: f.value for f in form.fields}).status_code == 302
    assert not is_opted_out(forum, linh.id)
