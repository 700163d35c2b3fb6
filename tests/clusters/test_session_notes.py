"""Session notes: a programme item's own notes (a plenary's, a panel's), written by the rapporteurs the organisers
name on the item, through the same engine as a cluster's notes: structured saves with revisions, a stale save
refused with both versions shown, a personal draft kept as they type, and the review workflow."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy import func, select

from forumops.clusters.models import ClusterNotes, NoteDraft, NoteRevision
from forumops.clusters.operations import create_cluster
from forumops.registration.models import SessionAttendance
from tests.conftest import sign_in
from tests.html_forms import elements

DAY = date(2017, 3, 9)


@pytest.fixture
def setup(create_user, create_forum, create_item, create_registration, add_role, db):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="acf", organiser=mai, status="concluded", start_date=DAY, end_date=date(2017, 3, 10),
                         timezone="Asia/Singapore")
    ben = create_user(email="ben@example.org", name="Dr Ben")
    siti = create_user(email="siti@example.org", name="Siti Rahmawati")
    speaker = create_user(email="speaker@example.org", name="A speaker")
    for person in (ben, siti, speaker):
        add_role(forum, person, "participant")
    opening = create_item(forum, "Opening plenary", time(9), time(10), DAY, type="opening_session", people=[
        {"role": "rapporteur", "user_id": ben.id}, {"role": "rapporteur", "user_id": siti.id},
        {"role": "speaker", "user_id": speaker.id}])
    coffee = create_item(forum, "Coffee", time(10), time(10, 30), DAY, type="break",
                         people=[{"role": "rapporteur", "user_id": ben.id}])
    cluster = create_cluster(forum, "MSME development")
    breakout = create_item(forum, "Breakout 1", time(11), time(12), DAY, type="breakout", cluster_id=cluster.id,
                           people=[{"role": "rapporteur", "user_id": ben.id}])
    linh_user = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    linh, _token = create_registration(forum, user=linh_user, name="Nguyễn Phương Linh", email="linh@example.org",
                                       notify=False, status="confirmed")
    db.session.add(SessionAttendance(forum_id=forum.id, registration_id=linh.id, agenda_item_id=opening.id))
    db.session.commit()
    return {"forum": forum, "mai": mai, "ben": ben, "siti": siti, "speaker": speaker, "opening": opening,
            "coffee": coffee, "breakout": breakout, "linh": linh_user, "registration": linh}


def url(s, suffix="", item="opening"):
    return f"/forums/acf/sessions/{s[item].id}/notes{suffix}"


def notes_form(version, **overrides):
    data = {"version": str(version), "summary": "Speakers set out the forum's three objectives.",
            "findings": "Civil society wants a seat at ASEAN meetings\nYouth are under-represented",
            "challenges": "Shrinking civic space", "quotes": "",
            "recommendations-0-text": "Institutionalise an ASEAN civil society consultation",
            "recommendations-0-addressee": "ASEAN Secretariat", "recommendations-0-priority": "high",
            "actions-0-what": "Circulate the opening speeches", "actions-0-who": "ACN",
            "actions-0-due": "2017-04-30", "actions-0-status": "open"}
    data.update(overrides)
    return data


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def the_notes(db, s):
    return db.session.scalar(select(ClusterNotes).where(ClusterNotes.session_item_id == s["opening"].id))


def test_opening_the_editor_writes_nothing_and_shows_the_door_count(app, setup, db):
    ben = client_for(app, setup["ben"])
    page = ben.get(url(setup, "/edit"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Opening plenary</h1>" in html
    assert "1 person was scanned in at the session’s door." in html
    assert 'name="attendance"' not in html  # nothing to tick: the desk's scans are the attendance
    assert "Nothing saved yet." in html
    assert the_notes(db, setup) is None  # a GET writes nothing


def test_the_rapporteur_saves_structured_notes_and_a_revision_is_kept(app, setup, db):
    ben = client_for(app, setup["ben"])
    response = ben.post(url(setup, "/edit"), data=notes_form(0, attendance=[str(setup["registration"].id)]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url(setup, "/edit"))
    notes = the_notes(db, setup)
    assert notes.cluster_id is None
    assert notes.title == "Opening plenary"
    assert notes.version == 1
    assert notes.content["findings"] == ["Civil society wants a seat at ASEAN meetings",
                                         "Youth are under-represented"]
    assert notes.content["recommendations"] == [{"text": "Institutionalise an ASEAN civil society consultation",
                                                 "addressee": "ASEAN Secretariat", "priority": "high"}]
    assert notes.content["attendance"] == []  # a posted tick is not a second attendance record
    [revision] = db.session.scalars(select(NoteRevision).where(NoteRevision.notes_id == notes.id))
    assert (revision.author_id, revision.event) == (setup["ben"].id, "saved")
    page = ben.get(url(setup, "/edit")).get_data(as_text=True)
    assert "Notes saved (version 1)." in page
    assert "Institutionalise an ASEAN civil society consultation" in page


def test_a_stale_save_is_refused_with_both_versions_shown(app, setup, db):
    ben, siti = client_for(app, setup["ben"]), client_for(app, setup["siti"])
    ben.post(url(setup, "/edit"), data=notes_form(0, summary="Ben's account of the opening"))
    clash = siti.post(url(setup, "/edit"), data=notes_form(0, summary="Siti <b>typed</b> this",
                                                           findings="Women's groups asked for quotas"))
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Someone else saved these notes while you were editing" in page
    assert "Saved by Dr Ben" in page
    theirs, yours = page.split("Yours (not saved yet)")
    assert "Ben&#39;s account of the opening" in theirs.split("Saved by Dr Ben")[1]
    assert "Siti &lt;b&gt;typed&lt;/b&gt; this" in yours.split("</pre>")[0]
    assert "# Attendance" not in page  # a session's notes have no attendance section to compare
    assert 'name="version" type="hidden" value="1"' in page
    findings = page.split('name="findings"')[1].split("</textarea>")[0]
    assert "Civil society wants a seat at ASEAN meetings" in findings  # Ben's kept
    assert "Women&#39;s groups asked for quotas" in findings  # and hers added
    assert the_notes(db, setup).content["summary"] == "Ben's account of the opening"
    again = siti.post(url(setup, "/edit"), data=notes_form(1, summary="Both accounts, merged"))
    assert again.status_code == 302
    notes = the_notes(db, setup)
    assert (notes.version, notes.content["summary"]) == (2, "Both accounts, merged")


@pytest.mark.commits  # two rapporteurs on two threads, each on its own connection
def test_two_rapporteurs_first_saves_at_once_one_wins_the_other_sees_both(app, setup, db):
    """The notes do not exist yet: both saves create them. One set per item is kept, the first save wins and the
    second is shown the conflict page, never an error."""
    clients = [client_for(app, setup["ben"]), client_for(app, setup["siti"])]
    path = url(setup, "/edit")
    db.session.rollback()  # this thread holds no transaction while the two rapporteurs race
    barrier = threading.Barrier(2)
    statuses = []

    def save(client, text):
        barrier.wait()
        statuses.append(client.post(path, data=notes_form(0, summary=text)).status_code)

    threads = [threading.Thread(target=save, args=(c, f"text {n}")) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [302, 409]
    assert db.session.scalar(select(func.count(ClusterNotes.id))) == 1
    assert db.session.scalar(select(func.count(NoteRevision.id))) == 1


def test_a_draft_is_kept_as_they_type_and_restored_on_return(app, setup, db):
    ben = client_for(app, setup["ben"])
    response = ben.post(url(setup, "/autosave"), data=notes_form(0, summary="Typed on the venue's Wi-Fi"))
    assert response.status_code == 200
    assert response.get_json()["saved"] is True
    notes = the_notes(db, setup)
    assert notes.version == 0  # the shared notes are untouched
    assert notes.content["summary"] == ""
    page = ben.get(url(setup, "/edit")).get_data(as_text=True)
    assert "You have unsaved text" in page
    assert "Typed on the venue&#39;s Wi-Fi" in page
    siti_page = client_for(app, setup["siti"]).get(url(setup, "/edit")).get_data(as_text=True)
    assert "Typed on the venue" not in siti_page  # a draft is its author's own
    ben.post(url(setup, "/discard-draft"))
    assert db.session.scalar(select(func.count(NoteDraft.id))) == 0
    assert "Typed on the venue" not in ben.get(url(setup, "/edit")).get_data(as_text=True)


def test_submit_return_approve_publish_and_who_reads_what(app, setup, db, client):
    ben, mai = client_for(app, setup["ben"]), client_for(app, setup["mai"])
    linh, speaker = client_for(app, setup["linh"]), client_for(app, setup["speaker"])
    assert client.get(url(setup)).status_code == 404  # nothing started: nothing to find
    assert ben.get(url(setup)).headers["Location"].endswith(url(setup, "/edit"))  # its writers start them
    ben.post(url(setup, "/edit"), data=notes_form(0))
    assert linh.get(url(setup)).status_code == 403  # a draft: its writers and organisers only
    assert speaker.get(url(setup, "/edit")).status_code == 403  # a speaker is not a rapporteur
    assert speaker.post(url(setup, "/edit"), data=notes_form(1)).status_code == 403
    ben.post(url(setup, "/submitted"))
    assert linh.get(url(setup)).status_code == 200  # confirmed participants read submitted session notes
    assert client.get(url(setup)).status_code == 404  # the public: published only
    assert ben.post(url(setup, "/approved")).status_code == 403  # rapporteurs cannot approve their own
    refused = mai.post(url(setup, "/returned"), follow_redirects=True).get_data(as_text=True)
    assert "Say what should change, so the rapporteur can answer." in refused
    review = mai.get(url(setup)).get_data(as_text=True)
    assert "Comment for the rapporteurs" in review
    mai.post(url(setup, "/returned"), data={"comment": "Which ASEAN meetings exactly?"})
    assert "Which ASEAN meetings exactly?" in ben.get(url(setup, "/edit")).get_data(as_text=True)
    ben.post(url(setup, "/edit"), data=notes_form(1, challenges="Shrinking civic space\nVisa costs"))
    ben.post(url(setup, "/submitted"))
    assert "Approved." in mai.post(url(setup, "/approved"), follow_redirects=True).get_data(as_text=True)
    mai.post(url(setup, "/published"))
    notes = the_notes(db, setup)
    assert notes.status == "published"
    public = client.get(url(setup))
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert "Visa costs" in html
    assert "1 person was scanned in at the session’s door." in html
    assert "Nguyễn Phương Linh" not in html  # the public page counts who came; it names nobody
    events = [r.event for r in db.session.scalars(select(NoteRevision).where(NoteRevision.notes_id == notes.id)
                                                  .order_by(NoteRevision.version))]
    assert events == ["saved", "submitted", "returned", "saved", "submitted", "approved", "published"]
    locked = ben.post(url(setup, "/edit"), data=notes_form(notes.version, summary="late change"))
    assert locked.status_code == 422
    assert "with the organisers" in locked.get_data(as_text=True)
    history = ben.get(url(setup, "/history?a=1&b=4")).get_data(as_text=True)
    added = history.split('<span class="diff-add">')[1:]
    assert len(added) == 1
    assert "Visa costs" in added[0].split("</span></span>")[0]


@pytest.mark.parametrize("item", ["coffee", "breakout"])
def test_breaks_and_breakouts_take_no_session_notes(app, setup, db, item):
    """A break has nothing to report; a breakout's notes are its cluster's (one record, not two)."""
    mai = client_for(app, setup["mai"])
    assert mai.get(url(setup, "/edit", item=item)).status_code == 404
    assert mai.post(url(setup, "/edit", item=item), data=notes_form(0)).status_code == 404
    assert db.session.scalar(select(func.count(ClusterNotes.id))) == 0


def test_another_forums_item_is_not_found(app, setup, create_forum, create_user, db):
    stranger = create_user(email="stranger@example.org")
    create_forum(slug="theirs", organiser=stranger)
    other = client_for(app, stranger)
    assert other.get(f"/forums/theirs/sessions/{setup['opening'].id}/notes/edit").status_code == 404
    assert other.get(url(setup, "/edit")).status_code == 403


def test_the_rapporteurs_home_lists_their_sessions_and_organisers_see_what_waits(app, setup, db):
    ben = client_for(app, setup["ben"])
    home = ben.get("/forums/acf/").get_data(as_text=True)
    section = home.split("Your session notes")[1]
    assert "Opening plenary" in section
    assert url(setup, "/edit") in section
    assert "Coffee" not in section  # a break takes no notes, whoever is named on it
    assert "Breakout 1" not in section
    assert "Your session notes" not in client_for(app, setup["speaker"]).get("/forums/acf/").get_data(as_text=True)
    ben.post(url(setup, "/edit"), data=notes_form(0))
    ben.post(url(setup, "/submitted"))
    mai = client_for(app, setup["mai"])
    assert "1 set of session notes waits for your review" in mai.get("/forums/acf/").get_data(as_text=True)
    overview = mai.get("/forums/acf/sessions").get_data(as_text=True)
    assert "Opening plenary" in overview
    assert "Dr Ben and Siti Rahmawati" in overview
    assert "Submitted for review" in overview
    assert "Coffee" not in overview


def test_the_account_export_holds_the_session_notes_they_wrote(app, setup, db):
    from forumops.privacy.queries import account_export

    ben = client_for(app, setup["ben"])
    ben.post(url(setup, "/edit"), data=notes_form(0))
    ben.post(url(setup, "/autosave"), data=notes_form(1, summary="Still typing"))
    export = account_export(setup["ben"])
    [revision] = export["note_revisions"]
    assert (revision["forum"], revision["session"], revision["cluster"]) == ("acf", "Opening plenary", None)
    [draft] = export["note_drafts"]
    assert draft["content"]["summary"] == "Still typing"


def test_the_items_page_leads_its_rapporteurs_to_the_notes_and_everyone_to_published_ones(app, setup, db, client):
    item_page = f"/forums/acf/agenda/items/{setup['opening'].id}"
    ben = client_for(app, setup["ben"])
    assert url(setup, "/edit") in ben.get(item_page).get_data(as_text=True)  # "Write the notes"
    assert "Session notes" not in client.get(item_page).get_data(as_text=True)  # nothing for the public yet
    ben.post(url(setup, "/edit"), data=notes_form(0))
    ben.post(url(setup, "/submitted"))
    mai = client_for(app, setup["mai"])
    mai.post(url(setup, "/approved"))
    assert "Session notes" not in client.get(item_page).get_data(as_text=True)  # approved is not public
    mai.post(url(setup, "/published"))
    public = client.get(item_page).get_data(as_text=True)
    assert f'href="{url(setup)}"' in public
    assert url(setup, "/edit") not in public
    assert "Session notes" not in client.get(f"/forums/acf/agenda/items/{setup['coffee'].id}").get_data(as_text=True)


def test_the_editor_names_the_sessions_device_copy_before_any_notes_exist(app, setup, db):
    page = client_for(app, setup["ben"]).get(url(setup, "/edit")).get_data(as_text=True)
    [form] = [f for f in elements(page, "form") if "data-autosave-url" in f.attrs]
    assert form.attrs["data-offline-key"] == f"forum-{setup['forum'].id}/session-{setup['opening'].id}"
    assert form.attrs["data-offline-user"] == str(setup["ben"].id)
    assert (form.attrs["data-saved-version"], form.attrs["data-saved-by"]) == ("0", "")
    assert the_notes(db, setup) is None  # opening the editor still writes nothing


def test_the_editors_worker_is_scoped_to_the_editor_alone_and_served_only_to_its_writers(app, setup, db):
    ben = client_for(app, setup["ben"])
    editor = url(setup, "/edit")
    page = ben.get(editor).get_data(as_text=True)
    [form] = [f.attrs for f in elements(page, "form") if "data-worker-url" in f.attrs]
    assert (form["data-worker-url"], form["data-worker-scope"]) == (url(setup, "/sw.js"), editor)
    worker = ben.get(url(setup, "/sw.js"))
    assert worker.status_code == 200
    assert worker.headers["Content-Type"].startswith("text/javascript")
    assert worker.headers["Service-Worker-Allowed"] == editor  # this editor page, no other of the forum's pages
    assert worker.headers["Cache-Control"] == "no-store"
    script = worker.get_data(as_text=True)
    assert f'var EDITOR = "{editor}";' in script
    assert f'var AUTOSAVE = "{url(setup, "/autosave")}";' in script
    assert "/static/js/autosave.js?v=" in script
    # its copy is this editor's alone: starting, it drops older copies of this editor, never another editor's
    assert f'"forumops-notes-acf-forum-{setup["forum"].id}/session-{setup["opening"].id}-"' in script
    assert the_notes(db, setup) is None  # serving the worker writes nothing
    assert client_for(app, setup["speaker"]).get(url(setup, "/sw.js")).status_code == 403
    assert app.test_client().get(url(setup, "/sw.js")).status_code in (302, 401)
