"""Facilitation notes: structured saves with revisions, no lost edits, review workflow, access."""

from __future__ import annotations

import html
import threading
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from forumops.clusters.models import ClusterNotes, NoteDraft, NoteRevision
from forumops.clusters.operations import add_staff, assign_registration, create_cluster, open_notes
from forumops.registration.seats import register
from tests.conftest import sign_in
from tests.html_forms import elements


@pytest.fixture
def setup(create_user, create_forum, db):
    organiser = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="acf", organiser=organiser, status="concluded",
                         start_date=date(2017, 3, 9), end_date=date(2017, 3, 10))
    msme, women = create_cluster(forum, "MSME development"), create_cluster(forum, "Women empowerment")
    ben = create_user(email="ben@example.org", name="Dr Ben")
    rapporteur = create_user(email="rap@example.org", name="Rapporteur")
    women_facilitator = create_user(email="wf@example.org", name="Women facilitator")
    add_staff(msme, ben, "facilitator")
    add_staff(msme, rapporteur, "rapporteur")
    add_staff(women, women_facilitator, "facilitator")
    participant_user = create_user(email="p@example.org", name="Participant")
    registration, _token = register(forum, {"name": "Nguyễn Phương Linh", "email": "p@example.org",
                                            "consent_privacy": True, "country": "VN"}, notify=False)
    registration.user_id = participant_user.id
    assign_registration(msme, registration, 1)
    notes = open_notes(msme, title="Breakout 1")
    db.session.commit()
    return {"forum": forum, "msme": msme, "women": women, "organiser": organiser, "ben": ben,
            "rapporteur": rapporteur, "women_facilitator": women_facilitator, "participant": participant_user,
            "registration": registration, "notes": notes}


def url(s, suffix=""):
    return f"/forums/acf/clusters/{s['msme'].id}/notes/{s['notes'].id}{suffix}"


def notes_form(version, **overrides):
    data = {"version": str(version), "summary": "Ten organisations discussed market access.",
            "findings": "CSOs already pursue the SME action plan\nThey do not use the free online courses",
            "challenges": "Market access", "quotes": "",
            "recommendations-0-text": "Improve market access for MSMEs",
            "recommendations-0-addressee": "ASEAN Secretariat",
            "recommendations-0-priority": "high",
            "actions-0-what": "Share the SME Academy link", "actions-0-who": "ACN", "actions-0-due": "2017-04-30",
            "actions-0-status": "open"}
    data.update(overrides)
    return data


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_facilitator_saves_structured_notes_and_a_revision_is_kept(app, setup, db):
    ben = client_for(app, setup["ben"])
    response = ben.post(url(setup, "/edit"), data=notes_form(0, attendance=[str(setup["registration"].id)]))
    assert response.status_code == 302
    notes = db.session.get(ClusterNotes, setup["notes"].id)
    assert notes.version == 1
    assert notes.content["findings"] == ["CSOs already pursue the SME action plan",
                                         "They do not use the free online courses"]
    assert notes.content["recommendations"] == [{"text": "Improve market access for MSMEs",
                                                 "addressee": "ASEAN Secretariat", "priority": "high"}]
    assert notes.content["actions"][0]["due"] == "2017-04-30"
    assert notes.content["attendance"] == [setup["registration"].id]
    revision = db.session.scalar(select(NoteRevision))
    assert revision.author_id == setup["ben"].id
    assert revision.content == notes.content
    page = ben.get(url(setup)).get_data(as_text=True)
    assert "Nguyễn Phương Linh" in page
    assert "Improve market access for MSMEs" in page


def test_second_editor_is_refused_with_both_versions_shown(app, setup, db):
    ben, rapporteur = client_for(app, setup["ben"]), client_for(app, setup["rapporteur"])
    ben.post(url(setup, "/edit"), data=notes_form(0, summary="Ben's version of the discussion"))
    clash = rapporteur.post(url(setup, "/edit"), data=notes_form(0, summary="Rapporteur <b>typed</b> this"))
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Someone else saved these notes while you were editing" in page
    assert "Ben&#39;s version of the discussion" in page  # theirs
    assert "Rapporteur &lt;b&gt;typed&lt;/b&gt; this" in page  # yours, escaped, and kept in the form
    assert 'name="version" type="hidden" value="1"' in page
    # the summary field keeps the rapporteur's own text; Ben's is shown read-only beside it
    form_part = page.split('name="summary"')[1].split("</textarea>")[0]
    assert "Ben&#39;s version of the discussion" not in form_part
    assert "Rapporteur &lt;b&gt;typed&lt;/b&gt; this" in form_part
    assert "Ben&#39;s version of the discussion" in page.split('id="conflict-their-summary"')[1]
    notes = db.session.get(ClusterNotes, setup["notes"].id)
    assert notes.content["summary"] == "Ben's version of the discussion"
    assert notes.version == 1
    again = rapporteur.post(url(setup, "/edit"), data=notes_form(1, summary="Merged text"))
    assert again.status_code == 302
    db.session.refresh(notes)
    assert notes.content["summary"] == "Merged text"
    assert notes.version == 2


@pytest.mark.commits  # two editors on two threads, each on its own connection
def test_simultaneous_saves_one_wins_the_other_sees_a_conflict(app, setup, db):
    clients = [client_for(app, setup["ben"]), client_for(app, setup["rapporteur"])]
    path = url(setup, "/edit")
    db.session.rollback()  # this thread holds no transaction while the two editors race
    barrier = threading.Barrier(2)
    statuses = []

    def save(client, text):
        barrier.wait()
        statuses.append(client.post(path, data=notes_form(0, summary=text)).status_code)

    threads = [threading.Thread(target=save, args=(c, f"text {n}")) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [302, 409]
    assert db.session.scalar(select(func.count(NoteRevision.id))) == 1


def test_autosave_keeps_a_personal_draft_restored_on_return(app, setup, db):
    ben = client_for(app, setup["ben"])
    response = ben.post(url(setup, "/autosave"), data=notes_form(0, summary="Typed on a flaky connection"))
    assert response.status_code == 200
    assert response.get_json()["saved"] is True
    assert db.session.get(ClusterNotes, setup["notes"].id).version == 0  # shared notes untouched
    page = ben.get(url(setup, "/edit")).get_data(as_text=True)
    assert "Typed on a flaky connection" in page
    assert "You have unsaved text" in page
    ben.post(url(setup, "/edit"), data=notes_form(0, summary="Typed on a flaky connection"))
    assert db.session.scalar(select(func.count(NoteDraft.id))) == 0


def test_history_diff_between_any_two_versions_is_escaped(app, setup, db):
    ben = client_for(app, setup["ben"])
    ben.post(url(setup, "/edit"), data=notes_form(0, summary="First"))
    ben.post(url(setup, "/edit"), data=notes_form(1, summary="Second <script>x</script>"))
    ben.post(url(setup, "/edit"), data=notes_form(2, summary="Third"))
    page = ben.get(url(setup, "/history?a=1&b=2")).get_data(as_text=True)
    assert "First" in page
    assert "Second &lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    assert 'class="diff-del"' in page
    assert 'class="diff-add"' in page


def test_workflow_and_who_reads_what(app, setup, db, client):
    ben, organiser = client_for(app, setup["ben"]), client_for(app, setup["organiser"])
    participant = client_for(app, setup["participant"])
    ben.post(url(setup, "/edit"), data=notes_form(0))
    assert participant.get(url(setup)).status_code == 403  # a draft: writers only
    assert client.get(url(setup)).status_code == 404
    ben.post(url(setup, "/submitted"))
    assert participant.get(url(setup)).status_code == 200  # the cluster's participants read submitted notes
    assert client.get(url(setup)).status_code == 404  # the public: only published
    assert ben.post(url(setup, "/approved")).status_code == 403  # facilitators cannot approve
    refused = organiser.post(url(setup, "/returned"), follow_redirects=True)
    assert "Say what should change" in refused.get_data(as_text=True)
    organiser.post(url(setup, "/returned"), data={"comment": "Which regulations exactly?"})
    assert "Which regulations exactly?" in ben.get(url(setup, "/edit")).get_data(as_text=True)
    ben.post(url(setup, "/edit"), data=notes_form(db.session.get(ClusterNotes, setup["notes"].id).version,
                                                  challenges="Business licensing rules"))
    ben.post(url(setup, "/submitted"))
    organiser.post(url(setup, "/approved"))
    organiser.post(url(setup, "/published"))
    notes = db.session.get(ClusterNotes, setup["notes"].id)
    assert notes.status == "published"
    assert client.get(url(setup)).status_code == 200
    events = [r.event for r in db.session.scalars(select(NoteRevision).order_by(NoteRevision.version))]
    assert events == ["saved", "submitted", "returned", "saved", "submitted", "approved", "published"]
    assert notes.version == 2  # only the two saves of content raise the version editors are checked against
    locked = ben.post(url(setup, "/edit"), data=notes_form(notes.version, summary="late change"))
    assert "with the organisers" in locked.get_data(as_text=True)
    assert locked.status_code == 422


def test_facilitator_of_another_cluster_cannot_write_and_other_forum_gets_404(app, setup, create_forum,
                                                                              create_user, db):
    other_facilitator = client_for(app, setup["women_facilitator"])
    assert other_facilitator.get(url(setup, "/edit")).status_code == 403
    assert other_facilitator.post(url(setup, "/edit"), data=notes_form(0)).status_code == 403
    stranger = create_user(email="stranger@example.org")
    create_forum(slug="theirs", organiser=stranger)
    other = client_for(app, stranger)
    path = f"/forums/theirs/clusters/{setup['msme'].id}/notes/{setup['notes'].id}/edit"
    assert other.get(path).status_code == 404  # another forum's cluster, through their own forum
    assert other.get(url(setup, "/edit")).status_code == 403


def test_oversized_paste_is_refused_with_the_text_kept(app, setup, db):
    ben = client_for(app, setup["ben"])
    huge = "word " * 5000  # 25,000 characters
    response = ben.post(url(setup, "/edit"), data=notes_form(0, summary=huge))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Use at most 20000 characters." in page
    assert huge.strip()[:200] in page
    assert db.session.get(ClusterNotes, setup["notes"].id).version == 0


def test_unbalanced_markdown_and_script_tags_are_harmless(app, setup, db):
    ben = client_for(app, setup["ben"])
    text = "**bold without end <script>alert(1)</script> [x](javascript:y)"
    ben.post(url(setup, "/edit"), data=notes_form(0, summary=text))
    page = ben.get(url(setup)).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_save_after_the_session_ended_shows_the_text(app, setup, db):
    ben = app.test_client()
    response = ben.post(url(setup, "/edit"), data=notes_form(0, summary="Two hours of careful notes"))
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Your text is safe" in page
    assert "Two hours of careful notes" in page


def test_expired_form_token_shows_the_text(app, setup, csrf_app, db):
    ben = client_for(csrf_app, setup["ben"])
    response = ben.post(url(setup, "/edit"), data=notes_form(0, summary="Typed before the token expired",
                                                             csrf_token="stale"))
    assert response.status_code == 400
    assert "Typed before the token expired" in response.get_data(as_text=True)


# --- after a conflict no marker enters the notes (issue 14 #6) ---

CONFLICT_MARKER = "<!-- your version: -->"  # what earlier conflicts put between two summaries

class _Textareas(HTMLParser):
    """The text of each textarea by name, and the text of the element with id conflict-their-summary."""

    def __init__(self):
        super().__init__()
        self.fields, self._name, self.theirs, self._in_theirs = {}, None, "", 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "textarea":
            self._name = attrs.get("name")
            self.fields[self._name] = ""
        if attrs.get("id") == "conflict-their-summary" or self._in_theirs:
            self._in_theirs += 1

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._name = None
        if self._in_theirs:
            self._in_theirs -= 1

    def handle_data(self, data):
        if self._name:
            self.fields[self._name] += data
        if self._in_theirs:
            self.theirs += data


def test_conflict_keeps_my_summary_in_the_field_and_shows_theirs_beside_it(app, setup, db):
    ben, rapporteur = client_for(app, setup["ben"]), client_for(app, setup["rapporteur"])
    ben.post(url(setup, "/edit"), data=notes_form(0, summary="Ben's version of the discussion"))
    clash = rapporteur.post(url(setup, "/edit"), data=notes_form(0, summary="Rapporteur's version"))

    assert clash.status_code == 409
    page = _Textareas()
    page.feed(clash.get_data(as_text=True))
    assert page.fields["summary"].strip() == "Rapporteur's version"  # theirs is not pasted into mine
    assert "your version" not in clash.get_data(as_text=True)
    assert "Ben's version of the discussion" in page.theirs  # read-only, next to the field

    # saved as it stands, the notes hold the rapporteur's text only: nothing extra reaches the read view
    again = rapporteur.post(url(setup, "/edit"), data=notes_form(1, summary=page.fields["summary"]))
    assert again.status_code == 302
    read = html.unescape(rapporteur.get(url(setup)).get_data(as_text=True))
    assert "your version" not in read
    assert "Rapporteur's version" in read


def test_a_stray_marker_is_refused_next_to_the_summary_with_the_text_kept(app, setup, db):
    ben = client_for(app, setup["ben"])
    text = f"Ben's part\n\n{CONFLICT_MARKER}\n\nThe other part"
    response = ben.post(url(setup, "/edit"), data=notes_form(0, summary=text))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="summary-error"' in page
    assert "left over from a conflict" in page
    assert "The other part" in page
    assert db.session.get(ClusterNotes, setup["notes"].id).version == 0


def test_notes_saved_with_a_marker_before_the_fix_do_not_show_it(app, setup, db, client):
    notes = db.session.get(ClusterNotes, setup["notes"].id)
    notes.content = {**notes.content, "summary": f"First part\n\n{CONFLICT_MARKER}\n\nSecond part"}
    notes.status = "published"
    db.session.commit()

    page = client.get(url(setup)).get_data(as_text=True)

    assert "First part" in page
    assert "Second part" in page
    assert "your version" not in page
    assert "&lt;!--" not in page


def _editor(page: str) -> dict[str, str]:
    """The notes form's attributes: what static/js/autosave.js keys the device's unsent text by."""
    [form] = [f for f in elements(page, "form") if "data-autosave-url" in f.attrs]
    return form.attrs


def test_the_editor_names_whose_device_copy_it_is_and_what_was_saved(app, setup, db):
    ben, rapporteur = client_for(app, setup["ben"]), client_for(app, setup["rapporteur"])
    s = setup
    form = _editor(ben.get(url(s, "/edit")).get_data(as_text=True))
    key = f"forum-{s['forum'].id}/cluster-{s['msme'].id}/notes-{s['notes'].id}"
    assert (form["data-offline-user"], form["data-offline-key"]) == (str(s["ben"].id), key)
    assert (form["data-saved-version"], form["data-saved-by"]) == ("0", "")
    assert "data-conflict" not in form
    # another account on the same device reads another store: the key is the same, the person is not
    assert _editor(rapporteur.get(url(s, "/edit")).get_data(as_text=True))["data-offline-user"] == str(
        s["rapporteur"].id)

    ben.post(url(s, "/edit"), data=notes_form(0, summary="Ben's version"))
    form = _editor(ben.get(url(s, "/edit")).get_data(as_text=True))
    assert (form["data-saved-version"], form["data-saved-by"]) == ("1", str(s["ben"].id))  # his save arrived
    clash = rapporteur.post(url(s, "/edit"), data=notes_form(0, summary="Typed offline"))
    assert clash.status_code == 409
    assert "data-conflict" in _editor(clash.get_data(as_text=True))


def test_without_javascript_the_editor_shows_no_offline_words(app, setup, db):
    """The indicator and the "restored" notice are filled by the script; without it they stay hidden, and the page
    is the same form as before (its words are there for the script, translated)."""
    page = client_for(app, setup["ben"]).get(url(setup, "/edit")).get_data(as_text=True)
    [indicator] = [e for e in elements(page, "span") if "data-connection-status" in e.attrs]
    [restored] = [e for e in elements(page, "div") if "data-restored" in e.attrs]
    for element in (indicator, restored):
        assert "hidden" in element.attrs
        assert element.text == ""
    assert (indicator.attrs["data-online"], indicator.attrs["data-offline"]) == ("Online", "Offline")
    assert indicator.attrs["data-waiting"] == "changes waiting to send"
    assert restored.attrs["data-waiting"] == "Restored what you typed on this device at {time}, not yet sent."
