"""Follow-up, points 1 and 2 of issue 8: action plans (owners, activities, indicators, statuses, from a
cluster's action item) and progress reports (by private link or account, typed values, reminders,
late reports), with the bad input the issue names: a closed plan, a value of the wrong kind, an
expired link."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forumops.accounts.operations import LINK_MAILS_PER_WINDOW
from forumops.core.outbox import OutboxMessage
from forumops.followup import operations, reminders, reports
from forumops.followup.models import ActionPlan, IndicatorValue, ProgressReport
from tests.conftest import sign_in
from tests.followup import test_followup_support as support
from tests.followup.test_followup_support import (
    NOW,
    SLUG,
    later,
    link_in,
    outbox,
    plan_data,
    report,
)

workshop = support.workshop  # the shared fixture

# --- plans ------------------------------------------------------------------------------------------


def test_a_participants_plan_is_recorded_and_its_owner_emailed_a_private_link(db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sokha = workshop.registrations["sokha"]
    assert (plan.owner_kind, plan.owner_name, plan.owner_email, plan.country) == (
        "participant", "Sokha Chan", "sokha@example.org", "KH")
    assert plan.organisation.name == "Kampong Speu Palm Sugar Association"
    assert plan.registration_id == sokha.id
    assert plan.status == "not_started"
    assert [(a.text, a.start_date, a.end_date) for a in plan.activities] == [
        ("Apply to the certifier", date(2017, 7, 1), date(2017, 8, 1))]
    assert [(i.label, i.kind, i.target, i.unit) for i in plan.indicators] == [
        ("Products certified", "number", 2.0, "products"), ("Export licence obtained", "yes_no", None, "")]
    assert plan.next_report_due == NOW.date() + timedelta(days=90)  # the forum's default: a quarter
    # only the token's hash is stored; the link in the email carries the token itself
    [link] = plan.links
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash
    assert link.expires_at == NOW + timedelta(days=180)
    [mail] = outbox(db)
    assert mail.to_address == "sokha@example.org"
    assert "report your progress" in mail.subject
    assert link_in(mail.body_text) == f"/forums/{SLUG}/followup/report/{token}"


def test_an_organisation_owns_a_plan_with_a_named_contact(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(
        workshop, registration_id=None, organisation="Mekong Institute", owner_name="Khun Somchai",
        owner_email="Somchai@Example.org", country="TH"), workshop.organiser, now=NOW)
    assert (plan.owner_kind, plan.organisation.name, plan.owner_name, plan.owner_email, plan.country) == (
        "organisation", "Mekong Institute", "Khun Somchai", "somchai@example.org", "TH")


def test_a_plan_needs_an_owner_and_sensible_dates(db, workshop, create_plan):
    from forumops.core.errors import FormError

    with pytest.raises(FormError) as error:
        create_plan(workshop.forum, plan_data(workshop, registration_id=None), workshop.organiser, now=NOW)
    assert "participant who owns the plan" in error.value.message
    db.session.rollback()
    with pytest.raises(FormError) as error:
        create_plan(workshop.forum, plan_data(workshop, activities=[
            {"text": "Train staff", "start_date": date(2017, 9, 1), "end_date": date(2017, 8, 1)}]),
                    workshop.organiser, now=NOW)
    assert "ends before it starts" in error.value.message
    db.session.rollback()
    other = workshop.registrations["lan"]
    with pytest.raises(FormError):  # a registration of another forum is not found through this one
        create_plan(workshop.forum, plan_data(workshop, registration_id=other.id + 1000), workshop.organiser, now=NOW)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 0


def test_organiser_records_a_plan_through_the_form(client, db, workshop):
    sign_in(client, workshop.organiser)
    page = client.get(f"/forums/{SLUG}/followup/plans/new")
    assert page.status_code == 200
    assert "Obtain organic certification for palm sugar" in page.get_data(as_text=True)  # the picker
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={
        "title": "New packaging for coconut candy", "registration_id": str(workshop.registrations["lan"].id),
        "status": "on_track", "cluster_id": str(workshop.clusters["export"].id),
        "activities-0-text": "Brief a designer", "activities-0-end_date": "2017-09-30",
        "indicators-0-label": "Package designs finished", "indicators-0-kind": "number",
        "indicators-0-target": "3", "indicators-1-label": "Sold in Bangkok", "indicators-1-kind": "yes_no",
        "send_link": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    plan = db.session.scalar(select(ActionPlan))
    assert response.headers["Location"].endswith(f"/followup/plans/{plan.id}")
    assert [(i.label, i.kind, i.target) for i in plan.indicators] == [
        ("Package designs finished", "number", 3.0), ("Sold in Bangkok", "yes_no", None)]
    assert plan.owner_email == "lan@example.org"
    assert len(outbox(db)) == 1
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "New packaging for coconut candy" in detail
    assert "Brief a designer" in detail


def test_plan_form_errors_keep_what_was_typed(client, db, workshop):
    sign_in(client, workshop.organiser)
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={
        "title": "Export consortium for cashew", "objective": "Three firms exporting together",
        "indicators-0-label": "Firms in the consortium", "indicators-0-target": "three",
        "activities-0-text": "Sign the agreement", "activities-0-start_date": "2017-09-01",
        "activities-0-end_date": "2017-08-01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a number, such as 3 or 2.5." in page
    assert "The activity cannot end before it starts." in page
    assert 'value="three"' in page
    assert "Three firms exporting together" in page
    assert "Sign the agreement" in page
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 0
    # no owner: the operation's message, the input still there
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={"title": "Export consortium for cashew"})
    assert response.status_code == 422
    assert "Choose the participant who owns the plan" in response.get_data(as_text=True)


def test_a_plan_starts_from_a_clusters_action_item(client, db, workshop):
    sign_in(client, workshop.organiser)
    key = f"{workshop.notes.id}:0"
    page = client.get(f"/forums/{SLUG}/followup/plans/new?source={key}").get_data(as_text=True)
    assert 'value="Obtain organic certification for palm sugar"' in page
    assert 'value="Kampong Speu Palm Sugar Association"' in page  # "who" is a known organisation
    assert 'value="2017-12-31"' in page
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={
        "title": "Obtain organic certification for palm sugar", "source": key,
        "organisation": "Kampong Speu Palm Sugar Association", "owner_name": "Sokha Chan",
        "owner_email": "sokha@example.org", "status": "not_started"})
    assert response.status_code == 302, response.get_data(as_text=True)
    plan = db.session.scalar(select(ActionPlan))
    assert (plan.notes_id, plan.action_index, plan.cluster_id) == (workshop.notes.id, 0, workshop.clusters["export"].id)
    again = client.get(f"/forums/{SLUG}/followup/plans/new").get_data(as_text=True)
    assert "a plan already started from it" in again


def test_an_action_item_no_longer_approved_is_refused_with_a_message(client, db, workshop):
    from forumops.clusters.operations import change_notes_status

    change_notes_status(workshop.notes, "returned", workshop.organiser, "Please add dates")
    db.session.commit()
    sign_in(client, workshop.organiser)
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={
        "title": "Obtain organic certification", "source": f"{workshop.notes.id}:0",
        "registration_id": str(workshop.registrations["sokha"].id), "status": "not_started"})
    assert response.status_code == 422
    assert "no longer in a cluster&#39;s approved notes" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 0


def test_editing_keeps_indicator_history(db, workshop, create_plan):
    from forumops.core.errors import FormError

    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    report(db, workshop, plan, later(10), values={0: "1", 1: "no"})
    rows = [{"id": i.id, "label": i.label, "kind": i.kind, "target": i.target, "unit": i.unit} for i in plan.indicators]
    rows[0]["label"] = "Products with organic certification"
    operations.update_plan(workshop.forum, plan, plan_data(workshop, indicators=rows + [
        {"label": "Buyers abroad", "kind": "number", "target": 2, "unit": ""}]))
    db.session.commit()
    assert [i.label for i in plan.indicators] == ["Products with organic certification", "Export licence obtained",
                                                  "Buyers abroad"]
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 2  # the values stayed with them
    with pytest.raises(FormError) as error:  # removing one with values
        operations.update_plan(workshop.forum, plan, plan_data(workshop, indicators=[dict(rows[0], label="")]))
    assert "cannot be removed" in error.value.message
    db.session.rollback()
    with pytest.raises(FormError) as error:  # a number becoming yes/no
        operations.update_plan(workshop.forum, plan, plan_data(workshop, indicators=[dict(rows[0], kind="yes_no")]))
    assert "cannot change" in error.value.message
    db.session.rollback()


# --- progress reports -------------------------------------------------------------------------------


def test_owner_reports_progress_from_the_private_link(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    url = f"/forums/{SLUG}/followup/report/{token}"
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Organic certification for palm sugar" in text
    assert "Products certified" in text
    assert 'inputmode="decimal"' in text
    assert "Target: 2 products" in text
    ids = [i.id for i in plan.indicators]
    response = client.post(url, data={
        "plan_status": "on_track", "narrative": "The certifier visited in August.",
        f"indicator_{ids[0]}": "1", f"indicator_{ids[1]}": "no",
        "achievements": ["product_certification", "package_design"], "achievement_other": "A trade fair stand",
        "evidence_links": "https://example.org/certificate.pdf\n\nhttp://example.org/photos",
        "challenges": ["production_cost", "export_procedures"], "support_areas": ["export_procedures"],
        "support_needed": "Coaching on export documents"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url)
    [saved] = db.session.scalars(select(ProgressReport)).all()
    assert (saved.plan_status, saved.via, saved.was_late) == ("on_track", "link", False)
    assert saved.achievements == ["product_certification", "package_design", "other"]
    assert saved.achievement_other == "A trade fair stand"
    assert saved.evidence_links == ["https://example.org/certificate.pdf", "http://example.org/photos"]
    assert saved.challenges == ["production_cost", "export_procedures"]
    assert {(v.number, v.yes) for v in saved.values} == {(1.0, None), (None, False)}
    db.session.refresh(plan)
    assert plan.status == "on_track"
    assert plan.last_reported_at is not None
    assert plan.next_report_due > NOW.date()
    after = client.get(url).get_data(as_text=True)
    assert "Thank you: your progress report is saved." in after
    assert "Last reported: 1 product" in after


def test_a_value_of_the_wrong_kind_is_refused_and_nothing_typed_is_lost(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    url = f"/forums/{SLUG}/followup/report/{token}"
    ids = [i.id for i in plan.indicators]
    response = client.post(url, data={
        "plan_status": "at_risk", "narrative": "Costs went up after the floods.",
        f"indicator_{ids[0]}": "two", f"indicator_{ids[1]}": "maybe", "challenges": ["production_cost"],
        "support_needed": "A loan for a dryer"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a number, such as 3 or 2.5." in page
    assert "Choose yes or no." in page
    assert 'value="two"' in page
    assert "Costs went up after the floods." in page
    assert "A loan for a dryer" in page
    assert 'value="production_cost" checked' in page or ('value="production_cost"' in page and "checked" in page)
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 0
    # decimal commas and thousands separators are numbers
    response = client.post(url, data={"plan_status": "on_track", f"indicator_{ids[0]}": "1,5"})
    assert response.status_code == 302
    assert db.session.scalar(select(IndicatorValue.number)) == 1.5


def test_an_empty_report_and_a_bad_evidence_link_are_refused(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    url = f"/forums/{SLUG}/followup/report/{token}"
    empty = client.post(url, data={"plan_status": "on_track"})
    assert empty.status_code == 422
    assert "or give a value for at least one indicator" in empty.get_data(as_text=True)
    bad = client.post(url, data={"plan_status": "on_track", "narrative": "See the photos.",
                                 "evidence_links": "javascript:alert(1)"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "is not a web address starting with http:// or https://" in page
    assert "See the photos." in page
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 0


def test_a_report_for_a_closed_plan_is_refused_with_a_clear_message(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    url = f"/forums/{SLUG}/followup/report/{token}"
    assert client.post(url, data={"plan_status": "done", "narrative": "Certified!"}).status_code == 302
    db.session.refresh(plan)
    assert plan.status == "done"
    assert plan.next_report_due is None
    page = client.get(url)
    assert page.status_code == 200
    assert "This plan is done" in page.get_data(as_text=True)
    assert "Send progress report" not in page.get_data(as_text=True)
    late = client.post(url, data={"plan_status": "on_track", "narrative": "One more thing we did in October."})
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "takes no more progress reports" in text
    assert "One more thing we did in October." in text  # shown back to copy, not lost silently
    assert "What happened since the last report" in text  # under its label
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 1
    with pytest.raises(reports.PlanClosed):
        reports.submit_report(workshop.forum, plan, {"plan_status": "on_track", "narrative": "x"})


def test_an_expired_link_explains_and_emails_a_new_one(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    plan.links[0].expires_at = NOW - timedelta(days=1)
    db.session.commit()
    url = f"/forums/{SLUG}/followup/report/{token}"
    page = client.get(url)
    assert page.status_code == 410
    assert "This link has expired" in page.get_data(as_text=True)
    posted = client.post(url, data={"plan_status": "on_track", "narrative": "We sold 200 kg to Japan this month."})
    assert posted.status_code == 410
    assert "We sold 200 kg to Japan this month." in posted.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 0
    response = client.post(url + "/new-link")
    assert response.status_code == 302
    mails = outbox(db)
    assert len(mails) == 2
    assert mails[-1].to_address == "sokha@example.org"
    new_url = link_in(mails[-1].body_text)
    assert new_url != url
    assert client.get(new_url).status_code == 200
    assert client.get(url).status_code == 410  # the old link still says it expired
    client.post(new_url + "/new-link")  # a working link: nothing to send
    assert len(outbox(db)) == 2
    # asking again and again from the expired link: a few emails, then "several were sent" (no flooding)
    for _attempt in range(5):
        client.post(url + "/new-link")
    assert len(outbox(db)) == 1 + LINK_MAILS_PER_WINDOW
    assert "Several links were sent a moment ago" in client.get(url).get_data(as_text=True)


def test_unknown_links_are_not_found(client, workshop):
    assert client.get(f"/forums/{SLUG}/followup/report/not-a-real-token").status_code == 404
    assert client.post(f"/forums/{SLUG}/followup/report/not-a-real-token",
                       data={"plan_status": "on_track"}).status_code == 404
    assert client.post(f"/forums/{SLUG}/followup/report/not-a-real-token/new-link").status_code == 404


def test_another_forums_link_does_not_open_this_forums_plan(client, db, workshop, create_forum, create_plan):
    _plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    create_forum("another-forum", status="published")
    assert client.get(f"/forums/another-forum/followup/report/{token}").status_code == 404


def test_a_late_report_is_flagged(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    due = plan.next_report_due
    first = report(db, workshop, plan, later(100), values={0: "1"})
    assert first.was_late
    assert first.due_date == due
    second = report(db, workshop, plan, later(120), values={0: "2"})
    assert not second.was_late
    assert plan.next_report_due == (later(120) + timedelta(days=90)).date()


def test_owner_reports_through_the_account(client, db, workshop, create_user, create_plan):
    sokha_user = create_user(email="sokha@example.org", name="Sokha Chan")
    workshop.registrations["sokha"].user_id = sokha_user.id
    db.session.commit()
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, sokha_user)
    mine = client.get(f"/forums/{SLUG}/followup/mine").get_data(as_text=True)
    assert "Organic certification for palm sugar" in mine
    url = f"/forums/{SLUG}/followup/mine/{plan.id}"
    response = client.post(url, data={"plan_status": "at_risk", "narrative": "Waiting for the inspector."})
    assert response.status_code == 302
    saved = db.session.scalar(select(ProgressReport))
    assert (saved.via, saved.submitted_by_id) == ("account", sokha_user.id)
    other = create_user(email="someone@example.org")
    client2 = client.application.test_client()
    sign_in(client2, other)
    assert client2.get(url).status_code == 404
    assert client2.post(url, data={"plan_status": "done", "narrative": "x"}).status_code == 404
    assert client.application.test_client().get(url).status_code == 302  # anonymous: sign in first


def test_report_without_csrf_token_keeps_the_text(csrf_app, db, workshop, create_plan):
    _plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    client = csrf_app.test_client()
    response = client.post(f"/forums/{SLUG}/followup/report/{token}",
                           data={"plan_status": "on_track", "narrative": "Our brochure is printed in three languages."})
    assert response.status_code == 400
    assert "Our brochure is printed in three languages." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 0


def test_user_text_is_escaped_in_pages(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop, title='<script>alert("x")</script> plan'),
                              workshop.organiser, now=NOW)
    report(db, workshop, plan, later(5), narrative="<img src=x onerror=alert(1)> done",
           support_needed="<b>help</b>")
    sign_in(client, workshop.organiser)
    for url in (f"/forums/{SLUG}/followup", f"/forums/{SLUG}/followup/plans/{plan.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page
        assert "<img src=x" not in page
        assert "<b>help</b>" not in page


# --- reminders --------------------------------------------------------------------------------------


def test_reminders_go_to_due_and_late_plans_once_per_interval(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser,
                               now=NOW)  # due 90 days after the workshop; reminders 7 days before
    other, _ = create_plan(workshop.forum, plan_data(workshop, title="Business database",
                                                     registration_id=workshop.registrations["aung"].id),
                           workshop.organiser, now=NOW)
    report(db, workshop, other, later(60), values={0: "1"})  # reported: due 90 days after that
    before = len(outbox(db))
    assert reminders.send_reminders(now=later(70)) == 0
    assert reminders.send_reminders(now=later(84)) == 1  # 6 days before the due date
    db.session.commit()
    mail = outbox(db)[-1]
    assert mail.to_address == "sokha@example.org"
    assert mail.subject.startswith("Reminder")
    assert reminders.send_reminders(now=later(84) + timedelta(hours=5)) == 0  # same day: idempotent
    assert reminders.send_reminders(now=later(88)) == 0  # within the 7-day reminder interval
    assert reminders.send_reminders(now=later(95)) == 1  # late now
    db.session.commit()
    late = outbox(db)[-1]
    assert "late" in late.subject
    assert "was due on" in late.body_text
    assert len(outbox(db)) == before + 2
    # every link sent works: a reminder adds one, it never breaks the link in an earlier email
    assert {link.token_hash for link in plan.links} == {
        hashlib.sha256(link_in(m.body_text).rsplit("/", 1)[1].encode()).hexdigest() for m in outbox(db)
        if m.to_address == "sokha@example.org"}


def test_no_reminders_when_switched_off_closed_or_draft(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    operations.update_settings(workshop.forum, {"reminders_enabled": False})
    db.session.commit()
    assert reminders.send_reminders(now=later(100)) == 0
    operations.update_settings(workshop.forum, {"reminders_enabled": True})
    plan.status = "dropped"
    db.session.commit()
    assert reminders.send_reminders(now=later(100)) == 0
    plan.status = "at_risk"
    workshop.forum.status = "draft"
    db.session.commit()
    assert reminders.send_reminders(now=later(100)) == 0
    workshop.forum.status = "concluded"
    db.session.commit()
    assert reminders.send_reminders(now=later(100)) == 1


def test_send_reminders_command(app, db, workshop, smtp_server, create_plan):
    create_plan(workshop.forum, plan_data(workshop), workshop.organiser, send_link=False, now=NOW - timedelta(days=400))
    result = app.test_cli_runner().invoke(args=["forumops", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 reminders queued" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["sokha@example.org"]
    again = app.test_cli_runner().invoke(args=["forumops", "send-reminders"])
    assert "0 reminders queued" in again.output
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_settings_page_saves_the_schedule_and_moves_first_due_dates(client, db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, workshop.organiser)
    assert client.get(f"/forums/{SLUG}/followup/settings").status_code == 200
    bad = client.post(f"/forums/{SLUG}/followup/settings", data={
        "report_every_days": "0", "remind_days_before": "7", "remind_every_days": "7", "link_valid_days": "180"})
    assert bad.status_code == 422
    assert "from 1 to 366" in bad.get_data(as_text=True)
    response = client.post(f"/forums/{SLUG}/followup/settings", data={
        "report_every_days": "60", "first_report_due": "2017-09-30", "reminders_enabled": "y",
        "remind_days_before": "5", "remind_every_days": "3", "link_valid_days": "365",
        "challenge_preset": "evaluation_workshop"})
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.next_report_due == date(2017, 9, 30)


def test_organiser_sends_a_new_link(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, workshop.organiser)
    response = client.post(f"/forums/{SLUG}/followup/plans/{plan.id}/link")
    assert response.status_code == 302
    assert len(outbox(db)) == 2
    old = client.get(f"/forums/{SLUG}/followup/report/{token}")  # replaced on purpose: it says so
    assert old.status_code == 410
    assert "This link was replaced" in old.get_data(as_text=True)
    assert client.get(link_in(outbox(db)[-1].body_text)).status_code == 200
