"""The facilitation-notes journey, through the browser: a facilitator records a cluster's findings, a
rapporteur's conflicting save is refused with both texts shown side by side, and the organiser approves
and publishes the notes.

The forum, its people, the cluster and its participants are made with factories and operations; everything
after that goes through the UI. The database is only read at the end to confirm what the UI did.
"""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from .conftest import sign_in

SLUG = "acf-2017"
TITLE = "ASEAN Community Forum 2017"
ZONE = "Asia/Singapore"
CLUSTER = "MSME development"
ORGANISER = ("Mai Tran", "mai@example.org")
FACILITATOR = ("Dr Ben Quinones", "ben@example.org")
RAPPORTEUR = ("Siti Rahmawati", "siti@example.org")
ATTENDEES = [("Nguyễn Phương Linh", "linh@example.org"), ("សុខ សុភ័ក្ត្រ", "sopheak@example.org")]

BEN_SUMMARY = "Participants mapped how civil society organisations support micro, small and medium enterprises."
FINDINGS = [
    "CSOs already pursue the goals of the SME action plan",
    "They do not use the free online courses of the SME Academy",
]
RECOMMENDATION = ("Improve market access", "ASEAN Secretariat", "High")
ACTION = ("Share the SME Academy course list with the cluster", "Dr Ben Quinones", "2017-04-30")
SITI_SUMMARY = "Speakers from Cambodia and Viet Nam described cooperative models for small producers."
MERGED_SUMMARY = f"{SITI_SUMMARY}\n\n{BEN_SUMMARY}"

AUTOSAVE_TIMEOUT_MS = 10_000  # the script posts about 2 s after typing stops


def watch(page: Page, dialogs: list[str], errors: list[str]) -> Page:
    """Record any JavaScript dialog (and dismiss it) and any uncaught page error."""

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def flash(page: Page):
    # The edit form has a live region of its own (the autosave status): pick the flashes by class.
    return page.locator(".flashes")


def autosave_status(page: Page):
    return page.locator("[data-autosave-status]")


def badge(page: Page):
    return page.locator("main .badge").first


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(flash(page)).to_contain_text("You are signed out.")


def fill_the_rest(page: Page) -> None:
    """Everything but the summary: attendance, findings, a recommendation and an action item."""
    for name, _email in ATTENDEES:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_label("Key findings").fill("\n".join(FINDINGS))
    rec = page.get_by_role("group", name="Recommendation 1")
    rec.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION[0])
    rec.get_by_label("Addressed to").fill(RECOMMENDATION[1])
    rec.get_by_label("Priority").select_option(label=RECOMMENDATION[2])
    action = page.get_by_role("group", name="Action item 1")
    action.get_by_label("What").fill(ACTION[0])
    action.get_by_label("Who").fill(ACTION[1])
    action.get_by_label("By when").fill(ACTION[2])


def scroll_to_end(page: Page) -> None:
    """The save bar is sticky: at the end of the page it sits in its own place in a full-page screenshot
    instead of over whatever row was at the bottom of the window."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")


def save(page: Page) -> None:
    page.get_by_role("button", name="Save notes").click()


def test_facilitator_records_notes_conflicting_save_refused_organiser_approves(
        page: Page, new_page, shot, db, create_user, create_forum):
    from forumops.clusters import operations as clusters
    from forumops.registration.seats import register

    dialogs: list[str] = []
    errors: list[str] = []
    watch(page, dialogs, errors)

    mai = create_user(email=ORGANISER[1], name=ORGANISER[0])
    ben = create_user(email=FACILITATOR[1], name=FACILITATOR[0])
    siti = create_user(email=RAPPORTEUR[1], name=RAPPORTEUR[0])
    forum = create_forum(slug=SLUG, title=TITLE, status="concluded", organiser=mai,
                         start_date=date(2017, 3, 9), end_date=date(2017, 3, 10), timezone=ZONE)
    cluster = clusters.create_cluster(forum, CLUSTER, "How civil society works with small enterprises.")
    clusters.add_staff(cluster, ben, "facilitator")
    clusters.add_staff(cluster, siti, "rapporteur")
    for name, email in ATTENDEES:
        registration, _token = register(forum, {"name": name, "email": email, "consent_privacy": True},
                                        notify=False)
        assert registration.status == "confirmed"
        clusters.assign_registration(cluster, registration)
    cluster_id = cluster.id
    db.session.commit()
    db.session.rollback()  # the test thread holds no transaction while the live server writes

    # 1. Ben signs in, opens the cluster and the notes of the cluster as a whole.
    sign_in(page, *FACILITATOR)
    page.goto(f"/forums/{SLUG}/clusters/{cluster_id}")
    expect(page.get_by_role("heading", name=CLUSTER, level=1)).to_be_visible()
    expect(page.locator(".facts")).to_contain_text(f"{FACILITATOR[0]} (facilitator)")
    expect(page.get_by_text("No notes to show yet.")).to_be_visible()
    page.get_by_label("Open the notes of a session").select_option(
        label="The cluster as a whole (no particular session)")
    page.get_by_role("button", name="Open notes").click()
    expect(page).to_have_url(re.compile(rf"/forums/{SLUG}/clusters/{cluster_id}/notes/\d+/edit$"))
    expect(page.get_by_role("heading", name=CLUSTER, level=1)).to_be_visible()
    expect(badge(page)).to_have_text("Draft")
    edit_url = page.url
    notes_url = edit_url.removesuffix("/edit")

    # 2a. Siti, the rapporteur, opens the same edit page before Ben saves anything.
    siti_page = watch(new_page(), dialogs, errors)
    sign_in(siti_page, *RAPPORTEUR)
    siti_page.goto(edit_url)
    expect(siti_page.get_by_role("heading", name=CLUSTER, level=1)).to_be_visible()
    expect(siti_page.locator("input[name=version]")).to_have_value("0")

    # 1 (cont.). Ben ticks who came and records the session; the script keeps a draft as he types.
    expect(page.get_by_role("checkbox")).to_have_count(len(ATTENDEES))
    page.get_by_label("Discussion summary").fill(BEN_SUMMARY)
    fill_the_rest(page)
    expect(autosave_status(page)).to_contain_text("Draft kept", timeout=AUTOSAVE_TIMEOUT_MS)
    expect(autosave_status(page)).not_to_contain_text("Someone saved")
    scroll_to_end(page)
    shot("notes-01-edit-form-filled")
    save(page)
    expect(flash(page)).to_contain_text("Notes saved (version 1)")
    expect(page.locator("input[name=version]")).to_have_value("1")
    expect(page.get_by_label("Discussion summary")).to_have_value(BEN_SUMMARY)
    expect(page.get_by_label("Key findings")).to_have_value("\n".join(FINDINGS))
    for name, _email in ATTENDEES:
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()

    # 2b. Siti types her own summary on the page she loaded at version 0: the draft is kept, with a warning.
    siti_page.get_by_label("Discussion summary").fill(SITI_SUMMARY)
    expect(autosave_status(siti_page)).to_contain_text(
        "Someone saved a newer version: saving will show both.", timeout=AUTOSAVE_TIMEOUT_MS)
    save(siti_page)

    # Her save is refused; both texts side by side; her text still in the form, now based on version 1.
    conflict = siti_page.get_by_role("alert").filter(
        has=siti_page.get_by_role("heading", name="Someone else saved these notes while you were editing"))
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(f"{FACILITATOR[0]} saved a newer version")
    theirs, yours = conflict.locator(".conflict-columns > div").all()
    expect(theirs.get_by_role("heading", level=3)).to_have_text(f"Saved by {FACILITATOR[0]}")
    expect(theirs.locator("pre")).to_contain_text(BEN_SUMMARY)
    expect(theirs.locator("pre")).to_contain_text(FINDINGS[0])
    expect(yours.get_by_role("heading", level=3)).to_have_text("Yours (not saved yet)")
    expect(yours.locator("pre")).to_contain_text(SITI_SUMMARY)
    expect(yours.locator("pre")).not_to_contain_text(BEN_SUMMARY)
    left, right = theirs.bounding_box(), yours.bounding_box()
    side_by_side = f"the two texts are not side by side: {left} {right}"
    assert left, side_by_side
    assert right, side_by_side
    assert left["x"] + left["width"] <= right["x"] + 1, side_by_side
    assert abs(left["y"] - right["y"]) < 2, side_by_side
    # the form holds her summary as she typed it (no marker, nothing pasted in) with Ben's findings and
    # actions added; Ben's summary is shown read-only beside the field
    expect(siti_page.get_by_label("Discussion summary")).to_have_value(SITI_SUMMARY)
    expect(siti_page.get_by_role("region", name=f"Summary saved by {FACILITATOR[0]} (read only)")
           ).to_contain_text(BEN_SUMMARY)
    expect(siti_page.get_by_label("Key findings")).to_have_value("\n".join(FINDINGS))
    expect(siti_page.locator("input[name=version]")).to_have_value("1")
    expect(flash(siti_page)).to_have_count(0)
    scroll_to_end(siti_page)
    shot("notes-02-conflict", target=siti_page)

    # Ben's work is already in the form; she tidies the two summaries into one and saves again: version 2.
    siti_page.get_by_label("Discussion summary").fill(MERGED_SUMMARY)
    expect(autosave_status(siti_page)).to_contain_text("Draft kept", timeout=AUTOSAVE_TIMEOUT_MS)
    expect(autosave_status(siti_page)).not_to_contain_text("Someone saved")
    save(siti_page)
    expect(flash(siti_page)).to_contain_text("Notes saved (version 2)")
    expect(siti_page.get_by_role("heading", name="Someone else saved these notes while you were editing")
           ).to_have_count(0)

    # 3. Ben submits the notes for review from the read view.
    page.get_by_role("link", name="Read view").click()
    expect(page).to_have_url(notes_url)
    expect(page.locator("main .meta").first).to_contain_text(f"Version 2 · last saved by {RAPPORTEUR[0]}")
    page.get_by_role("button", name="Submit for review").click()
    expect(flash(page)).to_contain_text("Submitted to the organisers for review.")
    expect(badge(page)).to_have_text("Submitted for review")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)

    # Mai, the organiser, reads them, approves, then publishes.
    mai_page = watch(new_page(), dialogs, errors)
    sign_in(mai_page, *ORGANISER)
    mai_page.goto(f"/forums/{SLUG}/clusters/{cluster_id}")
    notes_item = mai_page.locator("main li").filter(has=mai_page.get_by_role("link", name=CLUSTER))
    expect(notes_item).to_contain_text("Submitted for review")
    notes_item.get_by_role("link", name=CLUSTER).click()
    expect(mai_page).to_have_url(notes_url)
    review = mai_page.get_by_role("region", name="Review")
    review.get_by_role("button", name="Approve").click()
    expect(flash(mai_page)).to_contain_text("Approved.")
    expect(badge(mai_page)).to_have_text("Approved")
    expect(mai_page.get_by_role("region", name="Discussion summary")).to_contain_text(SITI_SUMMARY)
    expect(mai_page.get_by_role("region", name="Discussion summary")).to_contain_text(BEN_SUMMARY)
    expect(mai_page.get_by_role("region", name="Key findings").locator("li")).to_have_text(FINDINGS)
    shot("notes-03-approved", target=mai_page)
    mai_page.get_by_role("region", name="Review").get_by_role("button", name="Publish").click()
    expect(flash(mai_page)).to_contain_text("Published: the public can read these notes.")
    expect(badge(mai_page)).to_have_text("Published")

    # Signed out, anyone can read the published notes.
    sign_out(mai_page)
    response = mai_page.goto(notes_url)
    assert response is not None
    assert response.status == 200
    expect(mai_page.get_by_role("heading", name=CLUSTER, level=1)).to_be_visible()
    expect(badge(mai_page)).to_have_text("Published")
    expect(mai_page.get_by_role("region", name="Who attended")).to_contain_text(ATTENDEES[0][0])
    expect(mai_page.get_by_role("region", name="Who attended")).to_contain_text(ATTENDEES[1][0])
    expect(mai_page.get_by_role("region", name="Key findings").locator("li")).to_have_text(FINDINGS)
    recommendations = mai_page.get_by_role("region", name="Recommendations")
    expect(recommendations).to_contain_text(RECOMMENDATION[0])
    expect(recommendations).to_contain_text(f"To: {RECOMMENDATION[1]}")
    expect(recommendations).to_contain_text(f"Priority: {RECOMMENDATION[2]}")
    expect(mai_page.get_by_role("region", name="Action items")).to_contain_text(ACTION[0])
    expect(mai_page.get_by_role("region", name="Review")).to_have_count(0)
    expect(mai_page.get_by_role("link", name="History")).to_have_count(0)

    # 4. Ben opens the history and compares his version with Siti's.
    page.reload()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(5)  # saved, saved, submitted, approved, published
    expect(rows.last).to_contain_text(FACILITATOR[0])
    expect(rows.nth(3)).to_contain_text(RAPPORTEUR[0])
    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Show changes").click()
    expect(page.get_by_role("heading", name="Changes from version 1 to 2")).to_be_visible()
    diff = page.locator("pre.diff")
    expect(diff.locator(".diff-add").filter(has_text=SITI_SUMMARY)).to_have_count(1)
    expect(diff.locator(".diff-del")).to_have_count(0)  # Ben's summary stays: Siti's text was added before it
    expect(diff.locator(".diff-same").filter(has_text=BEN_SUMMARY)).to_have_count(1)
    shot("notes-04-history")

    assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.clusters.models import ClusterNotes, NoteDraft, NoteRevision

    db.session.expire_all()
    notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.cluster_id == cluster_id))
    assert notes.status == "published"
    assert notes.version == 2
    assert notes.agenda_item_id is None
    assert notes.content["summary"] == MERGED_SUMMARY
    assert notes.content["findings"] == FINDINGS
    assert len(notes.content["attendance"]) == 2
    assert notes.content["recommendations"] == [
        {"text": RECOMMENDATION[0], "addressee": RECOMMENDATION[1], "priority": "high"}]
    assert notes.content["actions"] == [
        {"what": ACTION[0], "who": ACTION[1], "due": ACTION[2], "status": "open"}]
    revisions = db.session.scalars(select(NoteRevision).where(NoteRevision.notes_id == notes.id)
                                   .order_by(NoteRevision.version)).all()
    assert [(r.version, r.event, r.author_id) for r in revisions] == [
        (1, "saved", ben.id), (2, "saved", siti.id), (3, "submitted", ben.id),
        (4, "approved", mai.id), (5, "published", mai.id)]
    assert revisions[0].content["summary"] == BEN_SUMMARY
    assert db.session.scalars(select(NoteDraft).where(NoteDraft.notes_id == notes.id)).all() == []
