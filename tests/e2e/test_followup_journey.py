"""The follow-up journey, through the browser: after the evaluation workshop the organiser records a
participant's action plan; the participant receives the private link on a real SMTP server, opens it on
her phone, types a word where a number belongs (refused, nothing lost), corrects it and files her
progress report; the organiser sees it on the monitoring and evaluation dashboard. Then (issue 15) she
corrects the report on her phone and the organiser sees both versions, and, signed in, she finds her plan
and its next due report from her home.

The forum and the participant's registration are made with the factory fixtures and the operations;
everything after that goes through the UI. The database is only read at the end.
"""

from __future__ import annotations

import re
from datetime import date
from email.message import EmailMessage

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "sec-evaluation-journey"
TITLE = "Synthesis and Evaluation Workshop, Khon Kaen"
ORGANISER = ("Mai Anh Trần", "mai.organiser@example.org")
OWNER = {"name": "Nguyễn Thị Lan", "email": "lan.owner@example.org", "organisation": "Long An Dragon Fruit Cooperative"}


def watch(page: Page, dialogs: list[str], errors: list[str]) -> Page:
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


@pytest.fixture
def forum(create_forum, create_user, db):
    from forumops.clusters.operations import create_cluster
    from forumops.registration import seats

    organiser = create_user(email=ORGANISER[1], name=ORGANISER[0])
    lan = create_user(email=OWNER["email"], name=OWNER["name"])  # her account: her home lists her plans
    forum = create_forum(SLUG, status="concluded", organiser=organiser, title=TITLE, timezone="Asia/Bangkok",
                         start_date=date(2017, 6, 8), end_date=date(2017, 6, 9))
    create_cluster(forum, "Export consortia")
    seats.register(forum, {
        "name": OWNER["name"], "email": OWNER["email"], "organisation": OWNER["organisation"], "job_title": "",
        "country": "VN", "category": "civil_society", "attendance_mode": "in_person", "cluster_preferences": [],
        "dietary_needs": "", "consent_privacy": True, "consent_photos": False, "list_publicly": False,
        "answers": {}}, user=lan, notify=False)
    db.session.commit()
    return forum


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_owner_reports_progress_from_the_emailed_link_and_the_organiser_sees_it(
        page: Page, new_page, shot, db, forum, deliver_mail, live_server):
    dialogs: list[str] = []
    errors: list[str] = []
    watch(page, dialogs, errors)

    # 1. The organiser records Lan's plan, with two indicators, and has the link emailed to her.
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/followup")
    expect(page.get_by_role("heading", name="Follow-up: monitoring and evaluation")).to_be_visible()
    page.get_by_role("link", name="Record an action plan").click()
    page.get_by_label("Title").fill("Dragon fruit packaging and a sorting line")
    page.get_by_label("Participant who owns the plan").select_option(label=f"{OWNER['name']} ({OWNER['organisation']})")
    page.get_by_label("Cluster").select_option(label="Export consortia")
    page.locator("#activities-0-text").fill("Buy a sorting and washing line")
    page.locator("#activities-0-end_date").fill("2017-12-31")
    page.locator("#indicators-0-label").fill("New package designs")
    page.locator("#indicators-0-target").fill("3")
    page.locator("#indicators-1-label").fill("Sorting line in use")
    page.locator("#indicators-1-kind").select_option(label="Yes or no")
    expect(page.get_by_label("Email the owner their private link to report progress now")).to_be_checked()
    page.get_by_role("button", name="Save action plan").click()
    expect(page.get_by_role("status")).to_contain_text(f"{OWNER['name']} has been emailed a private link")
    expect(page.get_by_role("heading", name="Dragon fruit packaging and a sorting line", level=1)).to_be_visible()

    # 2. The email is on the SMTP server, with her private link.
    [mail] = [m for m in deliver_mail() if m["To"] == OWNER["email"]]
    assert mail["Subject"] == f"Your action plan from {TITLE}: report your progress"
    assert f"Dear {OWNER['name']}," in body_of(mail)
    found = re.search(rf"{re.escape(live_server.url)}/forums/{SLUG}/followup/report/[A-Za-z0-9_-]+", body_of(mail))
    assert found, body_of(mail)

    # 3. On her phone she opens it and types a word where a number belongs: refused, her words kept.
    phone = watch(new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True), dialogs, errors)
    phone.goto(found.group(0))
    expect(phone.get_by_role("heading", name="Progress report", level=1)).to_be_visible()
    expect(phone.get_by_text("Target: 3", exact=True)).to_be_visible()
    shot("followup-01-report-form-phone", target=phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the report form scrolls sideways on a phone: {width}px wide"
    phone.get_by_role("radio", name="On track").check()
    phone.get_by_label("New package designs").fill("two")
    phone.get_by_role("group", name="Sorting line in use").get_by_role("radio", name="Yes", exact=True).check()
    narrative = "The sorting line runs since March; rejections fell from 25% to 14%."
    phone.get_by_label("What happened since the last report").fill(narrative)
    phone.get_by_role("group", name="Achievements").get_by_label("Production equipment bought").check()
    phone.get_by_role("group", name="Challenges you met").get_by_label("Production cost").check()
    phone.get_by_role("group", name="Challenges you met").get_by_label("Sales and marketing").check()
    phone.get_by_role("group", name="Where you need support").get_by_label("Value addition").check()
    phone.get_by_label("What support would help").fill("Training on dried dragon fruit products.")
    phone.get_by_role("button", name="Send progress report").click()
    expect(phone.get_by_role("alert")).to_contain_text("New package designs: Enter a number, such as 3 or 2.5.")
    expect(phone.get_by_label("New package designs")).to_have_value("two")
    expect(phone.get_by_label("What happened since the last report")).to_have_value(narrative)
    expect(phone.get_by_role("group", name="Challenges you met").get_by_label("Production cost")).to_be_checked()
    shot("followup-02-wrong-kind-phone", target=phone)

    # 4. She corrects it and sends the report.
    phone.get_by_label("New package designs").fill("2")
    phone.get_by_role("button", name="Send progress report").click()
    expect(phone.get_by_role("status")).to_contain_text("Thank you: your progress report is saved.")
    expect(phone.get_by_text("Last reported: 2", exact=False)).to_be_visible()
    shot("followup-03-report-saved-phone", target=phone)

    # 5. The organiser sees it on the dashboard: the status, the indicators, the challenges counted.
    page.goto(f"/forums/{SLUG}/followup")
    row = page.locator(".followup-table tbody tr", has_text="Dragon fruit packaging and a sorting line")
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text("1 / 2")  # the line is in use; 2 of 3 designs
    expect(row).to_contain_text("1 report")
    challenges = page.locator(".followup-challenges")
    expect(challenges.locator("tr", has_text="Production cost")).to_contain_text("1")
    expect(challenges.locator("tr", has_text="Value addition")).to_contain_text("1")
    expect(page.locator(".followup-achievements")).to_contain_text("Production equipment bought")
    shot("followup-04-dashboard-desktop")
    row.get_by_role("link", name="Dragon fruit packaging and a sorting line").click()
    expect(page.get_by_text(narrative)).to_be_visible()
    expect(page.get_by_text("Training on dried dragon fruit products.")).to_be_visible()

    # 6. Lan sees she counted a design that was not finished: on her phone she corrects the report.
    phone.goto(found.group(0))
    phone.get_by_role("link", name="Correct your last report").click()
    expect(phone.get_by_role("heading", name="Correct your progress report", level=1)).to_be_visible()
    expect(phone.get_by_label("New package designs")).to_have_value("2")
    expect(phone.get_by_role("radio", name="On track")).to_be_checked()
    phone.get_by_label("New package designs").fill("1")
    corrected = "The sorting line runs since March; one package design is final, the second is still a draft."
    phone.get_by_label("What happened since the last report").fill(corrected)
    shot("followup-05-correction-phone", target=phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the correction form scrolls sideways on a phone: {width}px wide"
    phone.get_by_role("button", name="Save the correction").click()
    expect(phone.get_by_role("status")).to_contain_text("your correction is saved")
    expect(phone.get_by_text("Last reported: 1", exact=False)).to_be_visible()

    # 7. The organiser sees the corrected report and, folded under it, the version it replaced.
    page.reload()
    expect(page.get_by_text(corrected)).to_be_visible()
    versions = page.locator(".followup-versions")
    expect(versions.locator("summary")).to_have_text("1 earlier version, replaced by a correction")
    versions.locator("summary").click()
    expect(versions.get_by_text(narrative)).to_be_visible()
    expect(versions).to_contain_text("New package designs: 2")
    expect(page.locator(".followup-indicators")).to_contain_text("1")
    shot("followup-06-both-versions-desktop")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_role("status")).to_contain_text("can no longer correct this report")

    # 8. Signed in on her phone, Lan finds her plan and its next due report from her home and the forum's page.
    sign_in(phone, OWNER["name"], OWNER["email"])
    phone.goto("/")
    plan_link = phone.get_by_role("link", name="Action plan: Dragon fruit packaging and a sorting line")
    expect(plan_link).to_be_visible()
    expect(phone.get_by_role("main")).to_contain_text("next report due")
    shot("followup-07-home-plan-phone", target=phone)
    phone.goto(f"/forums/{SLUG}/")
    home = phone.locator("section", has=phone.get_by_role("heading", name="What is yours here"))
    expect(home.get_by_role("link", name="All my action plans")).to_be_visible()
    home.get_by_role("link", name="Action plan: Dragon fruit packaging and a sorting line").click()
    expect(phone.get_by_role("heading", name="Progress report", level=1)).to_be_visible()
    expect(phone.get_by_text("Next report due on", exact=False)).to_be_visible()
    expect(phone.get_by_role("link", name="Correct your last report")).to_have_count(0)  # reviewed

    assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    # What the UI did, read back (never written) from the database.
    from sqlalchemy import select

    from forumops.followup.models import ActionPlan

    db.session.rollback()
    db.session.expire_all()
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.forum_id == forum.id))
    [saved] = plan.reports
    assert (plan.status, saved.plan_status, saved.via, saved.version) == ("on_track", "on_track", "link", 2)
    assert sorted((v.indicator.label, v.number, v.yes) for v in saved.values) == [
        ("New package designs", 1.0, None), ("Sorting line in use", None, True)]
    [kept] = saved.versions
    assert kept.content["narrative"] == narrative
    assert saved.reviewed_at is not None
    assert saved.challenges == ["production_cost", "sales_marketing"]
    assert saved.support_areas == ["value_addition"]


def test_the_plan_form_dashboard_and_a_replaced_link_on_a_phone(new_page, shot, db, forum, live_server):
    """Issue 15, points 11 and 4: on a phone the cluster's action items come before the long form, a status
    badge stays on one line and a target's error keeps its row in line; a replaced link says so."""
    from sqlalchemy import select

    from forumops.accounts.models import User
    from forumops.agenda.models import Cluster
    from forumops.clusters.operations import change_notes_status, open_notes, save_notes

    organiser = db.session.scalar(select(User).where(User.email == ORGANISER[1]))
    cluster = db.session.scalar(select(Cluster).where(Cluster.forum_id == forum.id))
    notes = open_notes(cluster, title="Export consortia: findings")
    save_notes(notes, {"summary": "Plans.", "actions": [
        {"what": "Obtain organic certification for dragon fruit", "who": OWNER["organisation"], "due": "2017-12-31",
         "status": "open"}]}, notes.version, organiser)
    change_notes_status(notes, "submitted", organiser)
    change_notes_status(notes, "approved", organiser)
    db.session.commit()

    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    sign_in(phone, *ORGANISER)
    phone.goto(f"/forums/{SLUG}/followup/plans/new")
    offers = phone.locator(".followup-offers").bounding_box()
    form = phone.locator(".followup-plan-form").bounding_box()
    assert offers["y"] < form["y"], "the cluster's action items sit below the whole form on a phone"
    phone.get_by_label("Title").fill("Ministry briefings")
    phone.get_by_label("Participant who owns the plan").select_option(
        label=f"{OWNER['name']} ({OWNER['organisation']})")
    phone.locator("#indicators-0-label").fill("Briefings held")
    phone.locator("#indicators-0-target").fill("-3")
    phone.get_by_role("button", name="Save action plan").click()
    expect(phone.get_by_role("alert")).to_contain_text("Indicators: check the highlighted rows")
    expect(phone.locator(".followup-row .error-message").first).to_contain_text("A count or an amount is 0 or more")
    expect(phone.locator("#indicators-0-target")).to_have_value("-3")
    shot("followup-08-plan-form-error-phone", target=phone)

    desktop = new_page()
    sign_in(desktop, *ORGANISER)
    desktop.goto(f"/forums/{SLUG}/followup/plans/new")
    desktop.get_by_label("Title").fill("Ministry briefings")
    desktop.get_by_label("Participant who owns the plan").select_option(
        label=f"{OWNER['name']} ({OWNER['organisation']})")
    desktop.locator("#indicators-0-label").fill("Briefings held")
    desktop.locator("#indicators-0-target").fill("-3")
    desktop.locator("#indicators-0-unit").fill("briefings")
    desktop.get_by_role("button", name="Save action plan").click()
    inputs = [desktop.locator(f"#indicators-0-{name}").bounding_box()["y"] for name in ("label", "kind", "target",
                                                                                         "unit")]
    assert max(inputs) - min(inputs) < 2, f"the indicator row's inputs are out of line: {inputs}"
    offers, form = (desktop.locator(sel).bounding_box() for sel in (".followup-offers", ".followup-plan-form"))
    assert offers["x"] > form["x"], "on a desktop the action items stay beside the form"
    shot("followup-09-plan-form-error-desktop", target=desktop)
    desktop.locator("#indicators-0-target").fill("3")
    desktop.get_by_label("Email the owner their private link to report progress now").check()
    desktop.get_by_role("button", name="Save action plan").click()
    expect(desktop.get_by_role("status").first).to_contain_text("Plan saved.")

    phone.goto(f"/forums/{SLUG}/followup")
    badge = phone.locator(".followup-table .badge-plan-not_started").first
    expect(badge).to_have_text("Not started")
    line = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.badge-plan-not_started')).lineHeight)")
    assert badge.bounding_box()["height"] < 1.8 * line, "the status badge wraps onto two lines"
    shot("followup-10-dashboard-phone", target=phone)

    # The organisers choose the challenge categories their owners see.
    desktop.goto(f"/forums/{SLUG}/followup/settings")
    desktop.get_by_role("radio", name="Policy dialogue (government, agencies, civil society)").check()
    shot("followup-12-settings-desktop", target=desktop)
    desktop.get_by_role("button", name="Save settings").click()
    expect(desktop.get_by_role("status").first).to_contain_text("Follow-up settings saved.")
    desktop.goto(f"/forums/{SLUG}/followup")
    desktop.locator(".followup-table").get_by_role("link", name="Ministry briefings").click()

    # The organiser replaces the links; the first email's link says "replaced" and offers the current one.
    desktop.get_by_role("button", name="Replace the links and email a new one").click()
    expect(desktop.get_by_role("status").first).to_contain_text("A new private link is on its way")
    from forumops.core.outbox import OutboxMessage

    db.session.rollback()
    first = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == OWNER["email"])
                               .order_by(OutboxMessage.id)).first()
    owner = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    found = re.search(rf"/forums/{SLUG}/followup/report/[A-Za-z0-9_-]+", first.body_text)
    owner.goto(found.group(0))
    expect(owner.get_by_role("heading", name="This link was replaced")).to_be_visible()
    shot("followup-11-replaced-link-phone", target=owner)
    owner.get_by_role("button", name="Email me the current link").click()
    expect(owner.get_by_role("status").first).to_contain_text("a link that works is on its way")
