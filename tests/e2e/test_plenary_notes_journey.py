"""A plenary rapporteur's notes reach the report, through the browser (issue 22, item 5): Mai names Dr Ben the
rapporteur of the opening plenary, Ben writes its notes on his phone with a recommendation and submits them, Mai
approves them and adds the recommendation to the forum's, and both appear in the outcome report.

The forum, its people and its programme item are made with factories; everything after that goes through the UI.
The database is only read at the end to confirm what the UI did.
"""

from __future__ import annotations

import re
from datetime import date, time

from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS, PHONE_VIEWPORT, sign_in

SLUG = "acf-2017"
TITLE = "ASEAN Community Forum 2017"
PLENARY = "Opening plenary: ASEAN at fifty"
ORGANISER = ("Mai Anh Trần", "mai@example.org")
RAPPORTEUR = ("Dr Ben Quinones", "ben@example.org")
SUMMARY = "The Secretary-General asked civil society to hold ASEAN to its people-centred promise."
FINDINGS = ["Civil society wants a standing seat at ASEAN meetings", "Young people are under-represented"]
RECOMMENDATION = ("Institutionalise an annual ASEAN civil society consultation", "ASEAN Secretariat")
AUTOSAVE_TIMEOUT_MS = 10_000  # the script posts about 2 s after typing stops


def flash(page: Page):
    return page.locator(".flashes")


def snap(target, name: str) -> None:
    """A screenshot of a page (whole) or of one part of it, in test-artifacts/, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    if isinstance(target, Page):
        target.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    else:
        target.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_a_plenary_rapporteurs_notes_reach_the_report(page: Page, new_page, db, create_user, create_forum,
                                                      create_item, create_registration, add_role):
    from forumops.registration.models import SessionAttendance

    errors: list[str] = []
    mai = create_user(email=ORGANISER[1], name=ORGANISER[0])
    ben = create_user(email=RAPPORTEUR[1], name=RAPPORTEUR[0])
    forum = create_forum(slug=SLUG, title=TITLE, status="concluded", organiser=mai, start_date=date(2017, 3, 9),
                         end_date=date(2017, 3, 10), timezone="Asia/Singapore")
    add_role(forum, ben, "facilitator")
    plenary = create_item(forum, PLENARY, time(9), time(10, 30), date(2017, 3, 9), type="plenary",
                          people=[{"role": "speaker", "name": "H.E. Le Luong Minh"}])
    for name in ("Nguyễn Phương Linh", "Sok Sopheak"):
        registration, _token = create_registration(forum, notify=False, name=name)
        db.session.add(SessionAttendance(forum_id=forum.id, registration_id=registration.id,
                                         agenda_item_id=plenary.id))
    plenary_id = plenary.id
    db.session.commit()
    db.session.rollback()  # the test thread holds no transaction while the live server writes
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. Mai names Dr Ben the plenary's rapporteur, among its people, in the programme builder.
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/agenda/manage")
    page.get_by_role("link", name=f"Edit {PLENARY}").click()
    expect(page.get_by_text("A rapporteur chosen among the participants writes the session’s notes")).to_be_visible()
    person = page.get_by_role("group", name="Person 2")
    person.get_by_label("Role").select_option(label="Rapporteur")
    person.get_by_label("Participant").select_option(label=RAPPORTEUR[0])
    page.get_by_role("button", name="Save item").click()
    expect(flash(page)).to_contain_text(f"“{PLENARY}” saved.")
    page.get_by_role("navigation", name="Manage this forum").get_by_role("link", name="Session notes").click()
    row = page.get_by_role("row").filter(has_text=PLENARY)
    expect(row).to_contain_text(RAPPORTEUR[0])
    expect(row).to_contain_text("Nothing written yet")
    snap(page, "plenary-notes-00-sessions-1280")

    # 2. Ben, on his phone, finds the plenary on his home and writes its notes.
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, *RAPPORTEUR)
    phone.goto(f"/forums/{SLUG}/")
    mine = phone.get_by_role("region", name="Your session notes")
    expect(mine).to_contain_text(PLENARY)
    snap(mine, "plenary-notes-00-home-390")
    mine.get_by_role("link", name="Write the notes").click()
    expect(phone).to_have_url(re.compile(rf"/forums/{SLUG}/sessions/{plenary_id}/notes/edit$"))
    expect(phone.get_by_role("heading", name=PLENARY, level=1)).to_be_visible()
    expect(phone.get_by_text("2 people were scanned in at the session’s door.")).to_be_visible()
    expect(phone.get_by_role("checkbox")).to_have_count(0)  # nothing to tick: the door counted them
    phone.get_by_label("Discussion summary").fill(SUMMARY)
    phone.get_by_label("Key findings").fill("\n".join(FINDINGS))
    recommendation = phone.get_by_role("group", name="Recommendation 1")
    recommendation.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION[0])
    recommendation.get_by_label("Addressed to").fill(RECOMMENDATION[1])
    recommendation.get_by_label("Priority").select_option(label="High")
    expect(phone.locator("[data-autosave-status]")).to_contain_text("Draft kept", timeout=AUTOSAVE_TIMEOUT_MS)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the editor scrolls sideways on a phone: {width}px"
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    snap(phone, "plenary-notes-01-editor-390")
    phone.get_by_role("button", name="Save notes").click()
    expect(flash(phone)).to_contain_text("Notes saved (version 1).")

    desk = new_page()  # the same editor on his laptop, for the record
    sign_in(desk, *RAPPORTEUR)
    desk.goto(f"/forums/{SLUG}/sessions/{plenary_id}/notes/edit")
    expect(desk.get_by_label("Discussion summary")).to_have_value(SUMMARY)
    desk.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    snap(desk, "plenary-notes-02-editor-1280")

    phone.goto(f"/forums/{SLUG}/agenda/items/{plenary_id}")  # the session's page leads to its notes too
    notes_panel = phone.get_by_role("region", name="Session notes")
    expect(notes_panel).to_contain_text("Draft")
    snap(phone, "plenary-notes-02-item-page-390")
    notes_panel.get_by_role("link", name="Read the notes").click()
    phone.get_by_role("button", name="Submit for review").click()
    expect(flash(phone)).to_contain_text("Submitted to the organisers for review.")
    expect(phone.locator("main .badge").first).to_have_text("Submitted for review")

    # 3. Mai finds the notes waiting on her to-do, approves them, and adds the recommendation to the forum's.
    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("link", name="1 set of session notes waits for your review").click()
    page.get_by_role("row").filter(has_text=PLENARY).get_by_role("link", name="Review").click()
    review = page.get_by_role("region", name="Review")
    expect(review.get_by_label("Comment for the rapporteurs")).to_be_visible()
    snap(page, "plenary-notes-03-review-1280")
    review.get_by_role("button", name="Approve").click()
    expect(flash(page)).to_contain_text("Approved.")
    page.goto(f"/forums/{SLUG}/recommendations")
    group = page.get_by_role("group", name=PLENARY)
    expect(group).to_contain_text(RECOMMENDATION[0])
    snap(page, "plenary-notes-03-synthesis-1280")
    group.get_by_role("button", name="Add as it is").click()
    expect(flash(page)).to_contain_text("Forum recommendation added.")
    page.get_by_label("Decision at the plenary").select_option(label="Adopted")
    page.get_by_role("button", name="Record").click()
    expect(flash(page)).to_contain_text("Marked adopted.")

    # 4. The report shows the plenary's notes beside the clusters' findings, and the forum's recommendation.
    page.goto(f"/forums/{SLUG}/report")
    sessions = page.locator("#sessions")
    expect(sessions.get_by_role("heading", level=2)).to_have_text("6 Findings of the sessions")
    notes = sessions.get_by_role("article", name=PLENARY)
    expect(notes).to_contain_text(SUMMARY)
    expect(notes).to_contain_text(f"Rapporteur: {RAPPORTEUR[0]}")
    expect(notes).to_contain_text("2 people present")
    expect(notes.locator("ol").first.locator("li")).to_have_text(FINDINGS)
    expect(notes).to_contain_text(RECOMMENDATION[0])
    forum_recommendations = page.locator("#recommendations")
    expect(forum_recommendations).to_contain_text(RECOMMENDATION[0])
    expect(forum_recommendations).to_contain_text(f"From: {PLENARY}")
    expect(forum_recommendations).to_contain_text("Adopted")
    snap(sessions, "plenary-notes-04-report-1280")
    reader_phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(reader_phone, *ORGANISER)
    reader_phone.goto(f"/forums/{SLUG}/report#sessions")
    phone_sessions = reader_phone.locator("#sessions")
    expect(phone_sessions).to_contain_text(SUMMARY)
    width = reader_phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the report scrolls sideways on a phone: {width}px"
    snap(phone_sessions, "plenary-notes-05-report-390")
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.clusters.models import ClusterNotes, ForumRecommendation, NoteRevision

    db.session.expire_all()
    saved = db.session.scalar(select(ClusterNotes).where(ClusterNotes.session_item_id == plenary_id))
    assert (saved.status, saved.version, saved.cluster_id) == ("approved", 1, None)
    assert saved.content["findings"] == FINDINGS
    assert saved.content["attendance"] == []
    events = [(r.event, r.author_id) for r in db.session.scalars(
        select(NoteRevision).where(NoteRevision.notes_id == saved.id).order_by(NoteRevision.version))]
    assert events == [("saved", ben.id), ("submitted", ben.id), ("approved", mai.id)]
    [adopted] = db.session.scalars(select(ForumRecommendation))
    assert (adopted.text, adopted.status) == (RECOMMENDATION[0], "adopted")
    assert [(s.cluster_id, s.notes_id) for s in adopted.sources] == [(None, saved.id)]
