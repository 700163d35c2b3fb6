"""Notes that survive the venue's Wi-Fi (issue 24, item 2), in Chromium with the network cut and restored
(Playwright's offline mode): Dr Ben types his cluster's notes offline, his tab closes, a new tab brings the text
back from the device and sends it whole once the network is back; a rapporteur's save made while Ben is offline
opens the conflict view with both texts; a plenary's rapporteur on a phone gets the same.

The forum, its people and the notes are made with factories; everything after that goes through the UI. The
database is only read to confirm what arrived. A new tab in the same browser context keeps the closed tab's
IndexedDB, as a browser reopened after a crash does.
"""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2017"
CLUSTER = "MSME development"
FACILITATOR = ("Dr Ben Quinones", "ben@example.org")
RAPPORTEUR = ("Siti Rahmawati", "siti@example.org")
ATTENDEE = "Nguyễn Phương Linh"
SUMMARY = "Ten organisations — a women’s business council among them — mapped how they support small enterprises."
FINDINGS = ["CSOs already pursue the goals of the SME action plan", "Nobody uses the SME Academy’s free courses"]
RECOMMENDATION = ("Open the SME Academy to civil society trainers", "ASEAN Secretariat")
SITI_SUMMARY = "Speakers from Cambodia and Viet Nam described cooperative models for small producers."
SITI_FINDING = "Cooperatives reach producers that banks do not"
PLENARY = "Opening plenary: ASEAN at fifty"
PLENARY_SUMMARY = "The Secretary-General asked civil society to hold ASEAN to its people-centred promise."
PLENARY_MORE = "Young people are under-represented in ASEAN’s consultations"
SEND_TIMEOUT_MS = 10_000  # the script sends about 2 s after typing stops


# Why the device store's journeys run with service workers blocked, and why that is sound: they hold, refuse and
# count the page's own sends (page.route, page.on("request")), and Playwright does not route a page's requests once
# a worker handles them (its documentation asks for service_workers="block" when routing). What they test lives in
# the page (static/js/autosave.js: the device store, restoring, sending once, the conflict view), the same with or
# without the worker: the worker passes an autosave on to the server as it is and only refreshes its copy of the
# editor afterwards. What the worker adds (the editor opening offline from its copy, a send through it arriving)
# is proven by the last test, which runs with it and asserts the reload came from it.
@pytest.fixture
def page(new_page) -> Page:
    return new_page(service_workers="block")


def indicator(page: Page):
    return page.locator("[data-connection-status]")


def restored(page: Page):
    return page.locator("[data-restored]")


def autosave_status(page: Page):
    return page.locator("[data-autosave-status]")


def to_the_end(page: Page) -> Page:
    """The save bar is sticky: at the end of the page it sits in its own place in a full-page screenshot."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    return page


def watch(page: Page, errors: list[str]) -> Page:
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def reopen_holding_sends(context: BrowserContext, url: str, errors: list[str]) -> tuple[Page, list]:
    """A new tab on `url` whose sends to the server are held (returned), so what it shows before anything is sent can
    be checked; the caller lets them go with route.continue_()."""
    page = watch(context.new_page(), errors)
    held: list = []
    page.route("**/autosave", lambda route: held.append(route))
    with page.expect_request(lambda request: request.url.endswith("/autosave")):
        page.goto(url)
    return page, held


def release(page: Page, held: list) -> None:
    assert held, "the restored text was not sent"
    for route in held:
        route.continue_()
    page.unroute("**/autosave")


def cluster_setup(db, create_user, create_forum):
    from forumops.clusters import operations as clusters
    from forumops.registration.seats import register

    mai = create_user(email="mai@example.org", name="Mai Tran")
    ben = create_user(email=FACILITATOR[1], name=FACILITATOR[0])
    siti = create_user(email=RAPPORTEUR[1], name=RAPPORTEUR[0])
    forum = create_forum(slug=SLUG, organiser=mai, status="concluded", start_date=date(2017, 3, 9),
                         end_date=date(2017, 3, 10), timezone="Asia/Singapore")
    cluster = clusters.create_cluster(forum, CLUSTER)
    clusters.add_staff(cluster, ben, "facilitator")
    clusters.add_staff(cluster, siti, "rapporteur")
    registration, _token = register(forum, {"name": ATTENDEE, "email": "linh@example.org", "consent_privacy": True},
                                    notify=False)
    clusters.assign_registration(cluster, registration)
    notes = clusters.open_notes(cluster, title="Breakout 1")
    ids = {"notes": notes.id, "ben": ben.id, "siti": siti.id,
           "edit": f"/forums/{SLUG}/clusters/{cluster.id}/notes/{notes.id}/edit"}
    db.session.commit()
    db.session.rollback()  # the test thread holds no transaction while the live server writes
    return ids


def the_notes(db, notes_id):
    from forumops.clusters.models import ClusterNotes

    db.session.rollback()  # a new snapshot: what the live server committed since
    return db.session.get(ClusterNotes, notes_id)


def drafts_of(db, notes_id) -> list:
    from sqlalchemy import select

    from forumops.clusters.models import NoteDraft

    db.session.rollback()
    return list(db.session.scalars(select(NoteDraft).where(NoteDraft.notes_id == notes_id)))


def test_notes_typed_offline_survive_a_closed_tab_and_arrive_whole(page: Page, shot, db, create_user,
                                                                    create_forum):
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    watch(page, errors)
    context = page.context
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    expect(indicator(page)).to_have_text("Online")
    shot("offline-notes-01-online-1280", target=to_the_end(page))

    # The Wi-Fi drops; Ben goes on typing: the device keeps it, nothing claims the server has it.
    context.set_offline(True)
    expect(indicator(page)).to_have_text("Offline")
    page.get_by_role("checkbox", name=ATTENDEE).check()
    page.get_by_label("Discussion summary").fill(SUMMARY)
    page.get_by_label("Key findings").fill("\n".join(FINDINGS))
    second = page.get_by_role("group", name="Recommendation 2")
    second.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION[0])
    second.get_by_label("Addressed to").fill(RECOMMENDATION[1])
    second.get_by_label("Priority").select_option(label="High")
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")
    expect(autosave_status(page)).to_have_text(
        "Kept on this device, not sent yet: it goes as your draft when the connection returns.")
    page.get_by_role("button", name="Save notes").click()  # the browser's offline page would lose the form
    expect(autosave_status(page)).to_contain_text("Offline: nothing is saved yet.")
    expect(page.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    shot("offline-notes-02-offline-waiting-1280", target=to_the_end(page))
    assert drafts_of(db, ids["notes"]) == []
    assert the_notes(db, ids["notes"]).version == 0

    # His browser closes; when the network is back he opens the notes again: the device's text is put back and said
    # so before it is sent, then sent whole.
    page.close()
    context.set_offline(False)
    again, held = reopen_holding_sends(context, ids["edit"], errors)
    expect(restored(again)).to_have_text(
        re.compile(r"^Restored what you typed on this device at \d\d:\d\d, not yet sent\.$"))
    expect(again.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    expect(again.get_by_label("Key findings")).to_have_value("\n".join(FINDINGS))
    expect(again.get_by_role("checkbox", name=ATTENDEE)).to_be_checked()
    second = again.get_by_role("group", name="Recommendation 2")
    expect(second.get_by_label("Recommendation", exact=True)).to_have_value(RECOMMENDATION[0])
    expect(second.get_by_label("Priority")).to_have_value("high")
    expect(indicator(again)).to_have_text("Online · changes waiting to send")
    expect(autosave_status(again)).not_to_contain_text("kept at")
    shot("offline-notes-03-restored-1280", target=to_the_end(again))
    release(again, held)
    expect(autosave_status(again)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    expect(restored(again)).to_contain_text("the server now keeps it as your draft")
    expect(indicator(again)).to_have_text("Online")
    [draft] = drafts_of(db, ids["notes"])
    assert draft.user_id == ids["ben"]
    assert draft.content["summary"] == SUMMARY
    assert draft.content["findings"] == FINDINGS
    assert draft.content["recommendations"] == [
        {"text": RECOMMENDATION[0], "addressee": RECOMMENDATION[1], "priority": "high"}]
    assert len(draft.content["attendance"]) == 1

    # He saves: the notes hold it all; the device keeps nothing more to bring back.
    again.get_by_role("button", name="Save notes").click()
    expect(again.locator(".flashes")).to_contain_text("Notes saved (version 1)")
    again.reload()
    expect(again.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    expect(indicator(again)).to_have_text("Online")
    expect(restored(again)).to_be_hidden()
    notes = the_notes(db, ids["notes"])
    assert (notes.version, notes.content["summary"], notes.content["findings"]) == (1, SUMMARY, FINDINGS)
    assert notes.content["recommendations"][0]["text"] == RECOMMENDATION[0]
    assert drafts_of(db, ids["notes"]) == []

    # A device copy typed on a page that showed more recommendation rows than this one (his longer draft, since
    # discarded elsewhere) gets its rows back: no row's text is dropped for want of a field.
    again.evaluate(PUT_DEVICE_COPY, {"user": str(ids["ben"]), "key": again.locator("form[data-offline-key]")
                                     .get_attribute("data-offline-key"), "text": RECOMMENDATION[0]})
    again.reload()
    fifth = again.get_by_role("group", name="Recommendation 5")
    expect(fifth.get_by_label("Recommendation", exact=True)).to_have_value(RECOMMENDATION[0])
    expect(fifth.get_by_label("Priority")).to_have_value("low")
    expect(autosave_status(again)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    [draft] = drafts_of(db, ids["notes"])
    assert [(r["text"], r["priority"]) for r in draft.content["recommendations"]] == [(RECOMMENDATION[0], "low")]
    assert errors == [], f"JavaScript errors on the pages: {errors}"


# What a device copy looks like in the store static/js/autosave.js keeps (one database per account).
PUT_DEVICE_COPY = """({user, key, text}) => new Promise((resolve, reject) => {
  const open = indexedDB.open("forumops-notes-" + user);
  open.onerror = reject;
  open.onsuccess = () => {
    const tx = open.result.transaction("drafts", "readwrite");
    tx.objectStore("drafts").put({id: key, base_version: "1", typed_at: Date.now(), tab: "another", waited: true,
      submitted: false, fields: [["summary", ""], ["recommendations-4-text", text],
                                 ["recommendations-4-priority", "low"]]});
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onerror = reject;
  };
})"""


def test_a_save_made_while_ben_is_offline_opens_the_conflict_view_with_both_texts(page: Page, new_page, shot, db,
                                                                                  create_user, create_forum):
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    watch(page, errors)
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    expect(indicator(page)).to_have_text("Online")
    page.context.set_offline(True)
    page.get_by_label("Discussion summary").fill(SUMMARY)
    page.get_by_role("group", name="Recommendation 1").get_by_label("Recommendation", exact=True).fill(
        RECOMMENDATION[0])
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")

    # Meanwhile Siti, at the back of the room on a working connection, saves her own text.
    siti = watch(new_page(), errors)
    sign_in(siti, *RAPPORTEUR)
    siti.goto(ids["edit"])
    siti.get_by_label("Discussion summary").fill(SITI_SUMMARY)
    siti.get_by_label("Key findings").fill(SITI_FINDING)
    siti.get_by_role("button", name="Save notes").click()
    expect(siti.locator(".flashes")).to_contain_text("Notes saved (version 1)")

    # Ben's Wi-Fi returns: his text reaches the server, which says Siti saved since; the conflict view opens.
    page.context.set_offline(False)
    conflict = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name="Someone else saved these notes while you were editing"))
    expect(conflict).to_be_visible(timeout=SEND_TIMEOUT_MS)
    theirs, yours = conflict.locator(".conflict-columns > div").all()
    expect(theirs.get_by_role("heading", level=3)).to_have_text(f"Saved by {RAPPORTEUR[0]}")
    expect(theirs.locator("pre")).to_contain_text(SITI_SUMMARY)
    expect(theirs.locator("pre")).to_contain_text(SITI_FINDING)
    expect(yours.locator("pre")).to_contain_text(SUMMARY)
    expect(yours.locator("pre")).to_contain_text(RECOMMENDATION[0])
    expect(page.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    expect(page.get_by_label("Key findings")).to_have_value(SITI_FINDING)
    expect(page.locator("input[name=version]")).to_have_value("1")
    # the form as it stands now (his text with her entries added) is what waits on the device, until the server has it
    expect(indicator(page)).to_have_text("Online", timeout=SEND_TIMEOUT_MS)
    shot("offline-notes-04-conflict-1280", target=to_the_end(page))
    page.get_by_role("button", name="Save notes").click()
    expect(page.locator(".flashes")).to_contain_text("Notes saved (version 2)")

    notes = the_notes(db, ids["notes"])
    assert notes.content["summary"] == SUMMARY
    assert notes.content["findings"] == [SITI_FINDING]
    assert [r["text"] for r in notes.content["recommendations"]] == [RECOMMENDATION[0]]
    assert [(r.version, r.author_id, r.content["summary"]) for r in notes.revisions] == [
        (1, ids["siti"], SITI_SUMMARY), (2, ids["ben"], SUMMARY)]  # nothing of Siti's lost either
    assert errors == [], f"JavaScript errors on the pages: {errors}"


def test_a_plenary_rapporteurs_notes_typed_offline_on_a_phone_come_back_and_arrive(
        new_page, shot, db, create_user, create_forum, create_item, add_role):
    mai = create_user(email="mai@example.org", name="Mai Tran")
    ben = create_user(email=FACILITATOR[1], name=FACILITATOR[0])
    forum = create_forum(slug=SLUG, organiser=mai, status="concluded", start_date=date(2017, 3, 9),
                         end_date=date(2017, 3, 10), timezone="Asia/Singapore")
    add_role(forum, ben, "participant")
    plenary = create_item(forum, PLENARY, time(9), time(10, 30), date(2017, 3, 9), type="plenary",
                          people=[{"role": "rapporteur", "user_id": ben.id}])
    edit = f"/forums/{SLUG}/sessions/{plenary.id}/notes/edit"
    plenary_id = plenary.id
    db.session.commit()
    db.session.rollback()
    errors: list[str] = []
    phone = watch(new_page(viewport=PHONE_VIEWPORT, service_workers="block"), errors)
    context = phone.context
    sign_in(phone, *FACILITATOR)
    phone.goto(edit)
    expect(indicator(phone)).to_have_text("Online")
    shot("offline-notes-05-plenary-online-390", target=to_the_end(phone))

    # Offline, then back: what he typed goes as soon as the connection returns, without a reload.
    context.set_offline(True)
    phone.get_by_label("Discussion summary").fill(PLENARY_SUMMARY)
    expect(indicator(phone)).to_have_text("Offline · changes waiting to send")
    shot("offline-notes-06-plenary-offline-waiting-390", target=to_the_end(phone))
    context.set_offline(False)
    expect(autosave_status(phone)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    expect(indicator(phone)).to_have_text("Online")

    # Offline again; he adds a finding and the phone discards the tab. Reopened, it is all there, then sent.
    context.set_offline(True)
    phone.get_by_label("Key findings").fill(PLENARY_MORE)
    expect(indicator(phone)).to_have_text("Offline · changes waiting to send")
    phone.close()
    context.set_offline(False)
    again, held = reopen_holding_sends(context, edit, errors)
    expect(restored(again)).to_contain_text("not yet sent")
    expect(again.get_by_label("Discussion summary")).to_have_value(PLENARY_SUMMARY)
    expect(again.get_by_label("Key findings")).to_have_value(PLENARY_MORE)
    width = again.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the editor scrolls sideways on a phone: {width}px"
    shot("offline-notes-07-plenary-restored-390", target=to_the_end(again))
    release(again, held)
    expect(autosave_status(again)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    again.get_by_role("button", name="Save notes").click()
    expect(again.locator(".flashes")).to_contain_text("Notes saved (version 1)")

    from sqlalchemy import select

    from forumops.clusters.models import ClusterNotes

    db.session.rollback()
    notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.session_item_id == plenary_id))
    assert (notes.version, notes.content["summary"], notes.content["findings"]) == (
        1, PLENARY_SUMMARY, [PLENARY_MORE])
    assert drafts_of(db, notes.id) == []
    assert errors == [], f"JavaScript errors on the pages: {errors}"


def test_two_tabs_on_the_same_notes_the_last_typed_is_sent_once(page: Page, db, create_user, create_forum):
    """The rule for several tabs: the device keeps the last text typed, whichever tab; when the network returns,
    one tab sends it (a Web Lock named after the notes) and the other finds nothing left to send."""
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    watch(page, errors)
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    other = watch(page.context.new_page(), errors)
    other.goto(ids["edit"])
    sends: list[str] = []
    page.context.on("request", lambda request: sends.append(request.url) if request.url.endswith("/autosave")
                    else None)
    page.context.set_offline(True)
    page.get_by_label("Discussion summary").fill("Typed first, in the first tab")
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")
    other.get_by_label("Discussion summary").fill(SUMMARY)
    expect(indicator(other)).to_have_text("Offline · changes waiting to send")

    with page.context.expect_event("requestfinished", lambda request: request.url.endswith("/autosave")):
        page.context.set_offline(False)
    for tab in (page, other):
        expect(indicator(tab)).to_have_text("Online", timeout=SEND_TIMEOUT_MS)
    [draft] = drafts_of(db, ids["notes"])
    assert draft.content["summary"] == SUMMARY
    assert len(sends) == 1, f"the same text went {len(sends)} times"
    assert errors == [], f"JavaScript errors on the pages: {errors}"


def test_without_a_device_store_the_editor_keeps_the_server_draft_as_before(page: Page, db, create_user,
                                                                            create_forum):
    """Where IndexedDB is missing (some private windows), the indicator still tells the truth and the text reaches
    the server's draft when the network returns, as the editor did before it kept anything on the device."""
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    watch(page, errors)
    page.add_init_script('Object.defineProperty(window, "indexedDB", {value: undefined});')
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    expect(indicator(page)).to_have_text("Online")
    page.context.set_offline(True)
    page.get_by_label("Discussion summary").fill(SUMMARY)
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")
    page.context.set_offline(False)
    expect(autosave_status(page)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    expect(indicator(page)).to_have_text("Online")
    [draft] = drafts_of(db, ids["notes"])
    assert draft.content["summary"] == SUMMARY
    assert errors == [], f"JavaScript errors on the pages: {errors}"


def test_another_account_on_the_same_device_never_sees_unsent_notes(page: Page, db, create_user, create_forum):
    """Ben signs out with text the server never got (it was unreachable); Siti signs in on the same laptop and opens
    the same notes: nothing of his. When Ben is back, his text is."""
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    watch(page, errors)
    sign_in(page, *FACILITATOR)
    page.route("**/autosave", lambda route: route.abort())  # the server cannot be reached
    page.goto(ids["edit"])
    page.get_by_label("Discussion summary").fill(SUMMARY)
    expect(autosave_status(page)).to_have_text(
        "Kept on this device, not sent yet: it goes as your draft when the connection returns.",
        timeout=SEND_TIMEOUT_MS)
    expect(indicator(page)).to_have_text("Online · changes waiting to send")

    def sign_out():
        page.get_by_role("banner").get_by_role("button", name="Sign out").click()
        expect(page.locator(".flashes")).to_contain_text("You are signed out.")

    sign_out()
    sign_in(page, *RAPPORTEUR)
    page.goto(ids["edit"])
    expect(indicator(page)).to_have_text("Online")
    expect(page.get_by_label("Discussion summary")).to_have_value("")
    expect(restored(page)).to_be_hidden()
    sign_out()

    page.unroute("**/autosave")
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    expect(restored(page)).to_contain_text("Restored what you typed on this device")
    expect(page.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    expect(autosave_status(page)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    assert [d.user_id for d in drafts_of(db, ids["notes"])] == [ids["ben"]]
    assert errors == [], f"JavaScript errors on the pages: {errors}"


# resolves once the page's service worker controls it (the page's CSP allows no string evaluation)
CONTROLLED = """() => new Promise((resolve) => navigator.serviceWorker.controller ? resolve(true)
  : navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""


def test_the_editor_reloaded_offline_opens_from_the_device_with_the_typed_text(new_page, db, create_user,
                                                                              create_forum):
    """The editor's service worker: Ben's laptop reloads the notes with the Wi-Fi gone; the page opens from the
    device's copy (with the draft the server kept), the text typed offline is put back, and all of it arrives."""
    ids = cluster_setup(db, create_user, create_forum)
    errors: list[str] = []
    page = watch(new_page(), errors)
    sign_in(page, *FACILITATOR)
    page.goto(ids["edit"])
    page.evaluate(CONTROLLED)  # the worker holds the page: the editor is kept on the device
    page.get_by_label("Discussion summary").fill(SUMMARY)
    expect(autosave_status(page)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    page.context.set_offline(True)
    # Offline mode alone may not cut what the worker itself asks of the network: the editor's address is also
    # refused for the whole context (the worker's own requests included), so only the device's copy can answer.
    cut: list[str] = []
    editor = re.compile(re.escape(ids["edit"]) + r"$")
    page.context.route(editor, lambda route: (cut.append(route.request.url), route.abort()))
    page.get_by_label("Key findings").fill("\n".join(FINDINGS))
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")

    response = page.reload()  # without the worker: the browser's own offline error page
    assert response is not None
    assert response.ok
    assert response.from_service_worker, "the editor was not served by its worker"
    assert cut, "the worker did not try the network first"  # its try was refused: the page is the kept copy
    expect(restored(page)).to_contain_text("not yet sent")
    expect(page.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    expect(page.get_by_label("Key findings")).to_have_value("\n".join(FINDINGS))
    expect(indicator(page)).to_have_text("Offline · changes waiting to send")

    page.context.unroute(editor)
    page.context.set_offline(False)
    expect(autosave_status(page)).to_contain_text("Draft kept at", timeout=SEND_TIMEOUT_MS)
    expect(indicator(page)).to_have_text("Online")
    [draft] = drafts_of(db, ids["notes"])
    assert (draft.content["summary"], draft.content["findings"]) == (SUMMARY, FINDINGS)
    assert errors == [], f"JavaScript errors on the pages: {errors}"



def plenary_for_ben(db, ids, create_item, add_role) -> str:
    """The forum of cluster_setup gets a plenary whose rapporteur is Ben: the address of its notes editor."""
    from sqlalchemy import select

    from forumops.accounts.models import User
    from forumops.forums.models import Forum

    forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
    add_role(forum, db.session.get(User, ids["ben"]), "participant")
    plenary = create_item(forum, PLENARY, time(9), time(10, 30), date(2017, 3, 9), type="plenary",
                          people=[{"role": "rapporteur", "user_id": ids["ben"]}])
    edit = f"/forums/{SLUG}/sessions/{plenary.id}/notes/edit"
    db.session.commit()
    db.session.rollback()
    return edit


def test_an_editor_stays_kept_when_the_same_person_opens_another(new_page, db, create_user, create_forum,
                                                                 create_item, add_role):
    """Ben facilitates a cluster and reports a plenary: both editors are kept, opening the plenary's does not drop
    the cluster's, so the cluster's notes still open with the Wi-Fi gone."""
    ids = cluster_setup(db, create_user, create_forum)
    plenary_edit = plenary_for_ben(db, ids, create_item, add_role)
    errors: list[str] = []
    page = watch(new_page(), errors)
    sign_in(page, *FACILITATOR)
    for editor in (ids["edit"], plenary_edit):
        page.goto(editor)
        page.evaluate(CONTROLLED)  # this editor is kept
    page.context.set_offline(True)
    page.context.route(re.compile(r".*/edit$"), lambda route: route.abort())  # only the device can answer

    response = page.goto(ids["edit"])
    assert response is not None
    assert response.from_service_worker, "the cluster's editor was not served by its worker"
    expect(page.get_by_label("Discussion summary")).to_be_visible()
    expect(indicator(page)).to_have_text("Offline")
    assert errors == [], f"JavaScript errors on the pages: {errors}"


# the editors' workers on this device (their scopes) and whether a copy of the page at `url` is kept
KEPT = """async (url) => ({
  scopes: (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname),
  copy: Boolean(await caches.match(url))})"""


def test_the_next_account_landing_on_an_editor_drops_the_editors_kept_for_the_last(new_page, db, create_user,
                                                                                  create_forum, create_item, add_role):
    """Ben's session ends without signing out (the laptop is handed on); Siti signs in straight into her notes:
    the editor the device kept for Ben goes before hers is kept, so it can never open for her offline."""
    from tests.conftest import TEST_PASSWORD

    ids = cluster_setup(db, create_user, create_forum)
    bens = plenary_for_ben(db, ids, create_item, add_role)
    errors: list[str] = []
    page = watch(new_page(), errors)
    sign_in(page, *FACILITATOR)
    page.goto(bens)
    page.evaluate(CONTROLLED)
    assert page.evaluate(KEPT, bens) == {"scopes": [bens], "copy": True}

    page.context.clear_cookies()  # Ben's session is over; the device still holds his editor
    page.goto(f"/account/signin?next={ids['edit']}")
    page.get_by_label("Email address").fill(RAPPORTEUR[1])
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(ids["edit"]) + "$"))
    page.evaluate(CONTROLLED)  # her editor is kept
    assert page.evaluate(KEPT, bens) == {"scopes": [ids["edit"]], "copy": False}
    assert errors == [], f"JavaScript errors on the pages: {errors}"
