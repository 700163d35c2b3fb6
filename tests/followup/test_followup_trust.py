"""Issue 15: follow-up people can trust. Each numbered problem of the issue has a test here that failed
before its fix: impossible numbers, reports that could not be corrected, plans nobody could find, replaced
report links answering "page not found", a stale due date, a pre-selected status, one forum's challenge
categories everywhere, wrong plurals, three date formats, a new edition in the past, and the rough edges."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from forumops.accounts.operations import LINK_MAILS_PER_WINDOW
from forumops.followup import operations, reports
from forumops.followup.models import IndicatorValue, PlanIndicator, ProgressReport, ProgressReportVersion
from tests.conftest import sign_in
from tests.followup import test_followup_support as support
from tests.followup.test_followup_support import NOW, SLUG, later, link_in, outbox, plan_data, report

workshop = support.workshop  # the shared fixture


def _report_url(token: str) -> str:
    return f"/forums/{SLUG}/followup/report/{token}"


# --- 1. numbers that make sense ---------------------------------------------------------------------


def test_a_negative_value_on_the_private_link_is_refused_and_the_text_kept(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    ids = [i.id for i in plan.indicators]
    response = client.post(_report_url(token), data={
        "plan_status": "on_track", "narrative": "Two briefings were cancelled.", f"indicator_{ids[0]}": "-2"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A count or an amount is 0 or more" in page
    assert 'value="-2"' in page
    assert "Two briefings were cancelled." in page
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 0
    with pytest.raises(Exception, match="0 or more"):  # the operation refuses it too, whoever calls it
        reports.submit_report(workshop.forum, plan, {"plan_status": "on_track", "values": {ids[0]: -2}})


def test_a_negative_target_and_a_percentage_over_100_are_refused_in_the_form(client, db, workshop):
    sign_in(client, workshop.organiser)
    response = client.post(f"/forums/{SLUG}/followup/plans/new", data={
        "title": "Briefings for the ministry", "registration_id": str(workshop.registrations["lan"].id),
        "status": "not_started",
        "indicators-0-label": "Briefings held", "indicators-0-kind": "number", "indicators-0-target": "-3",
        "indicators-0-unit": "briefings",
        "indicators-1-label": "Members trained", "indicators-1-kind": "percent", "indicators-1-target": "120"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A count or an amount is 0 or more" in page
    assert "A percentage is a number from 0 to 100." in page
    assert 'value="-3"' in page
    assert 'value="120"' in page
    assert 'value="Briefings for the ministry"' in page
    assert db.session.scalar(select(func.count(PlanIndicator.id))) == 0
    with pytest.raises(Exception, match="percentage"):
        operations.create_plan(workshop.forum, support.plan_data(workshop, indicators=[
            {"label": "Share sold abroad", "kind": "percent", "target": 150.0, "unit": "%"}]), workshop.organiser)


def test_a_percentage_is_0_to_100_in_reports(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop, indicators=[
        {"label": "Fruit rejected by exporters", "kind": "percent", "target": 10.0, "unit": ""}]),
                              workshop.organiser, now=NOW)
    [indicator] = plan.indicators
    assert indicator.unit == "%"  # a percentage says so
    bad = client.post(_report_url(token), data={"plan_status": "on_track", f"indicator_{indicator.id}": "140"})
    assert bad.status_code == 422
    assert "A percentage is a number from 0 to 100." in bad.get_data(as_text=True)
    good = client.post(_report_url(token), data={"plan_status": "on_track", f"indicator_{indicator.id}": "12.5"})
    assert good.status_code == 302
    assert db.session.scalar(select(IndicatorValue.kind)) == "percent"


def test_the_database_refuses_out_of_range_numbers(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    number, _yes_no = plan.indicators
    for statement in ("UPDATE plan_indicators SET target = -3 WHERE id = :id",
                      "UPDATE plan_indicators SET kind = 'percent', target = 101 WHERE id = :id"):
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.execute(text(statement), {"id": number.id})
    saved = report(db, workshop, plan, later(5), values={0: "1"})
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE indicator_values SET number = -2 WHERE report_id = :id"), {"id": saved.id})


def test_the_migration_lists_existing_rows_out_of_range_and_changes_nothing(tmp_path, capfd):
    """The upgrade refuses while old rows break the new bounds, naming each; nothing is altered."""
    from flask_migrate import upgrade

    from config import TestingConfig
    from forumops import create_app
    from forumops.extensions import db as _db

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/old.sqlite"

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="c4e1d2a7b9f0")
        with _db.engine.begin() as conn:
            conn.execute(text("INSERT INTO forums (id, slug, title, start_date, end_date, timezone, mode, status, "
                              "venue_name, venue_address, venue_city, venue_country, online_link, background, "
                              "rationale, objectives, expected_outputs, target_participants, themes, "
                              "programme_outline, created_at, updated_at) VALUES (1, 'old', 'Old', '2017-06-08', "
                              "'2017-06-09', 'UTC', 'in_person', 'concluded', '', '', '', '', '', '', '', '[]', '', "
                              "'', '[]', '', '2017-01-01', '2017-01-01')"))
            conn.execute(text("INSERT INTO action_plans (id, forum_id, title, objective, status, owner_kind, "
                              "owner_name, owner_email, country, created_at, updated_at) VALUES (7, 1, "
                              "'Ministry briefings', '', 'on_track', 'participant', 'Lan', '', '', '2017-01-01', "
                              "'2017-01-01')"))
            conn.execute(text("INSERT INTO plan_indicators (id, plan_id, label, kind, target, unit, position) "
                              "VALUES (3, 7, 'Briefings held', 'number', -3, 'briefings', 0)"))
            conn.execute(text("INSERT INTO progress_reports (id, plan_id, submitted_at, via, plan_status, narrative, "
                              "evidence_links, achievements, achievement_other, challenges, challenge_other, "
                              "support_areas, support_needed, was_late) VALUES (5, 7, '2017-08-01', 'link', "
                              "'on_track', '', '[]', '[]', '', '[]', '', '[]', '', 0)"))
            conn.execute(text("INSERT INTO indicator_values (report_id, indicator_id, number) VALUES (5, 3, -2)"))
        with pytest.raises(SystemExit):  # `flask db upgrade` prints the message and exits with 1
            upgrade()
        message = capfd.readouterr().err
        assert "Nothing was changed" in message
        assert "plan 7 “Ministry briefings”, indicator 3 “Briefings held”: target -3" in message
        assert "progress report 5, indicator 3 “Briefings held”: value -2" in message
        with _db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "c4e1d2a7b9f0"
            assert conn.execute(text("SELECT target FROM plan_indicators")).scalar() == -3
        _db.engine.dispose()


# --- 2. reports that can be corrected ---------------------------------------------------------------


def _send(client, plan, token, **fields):
    ids = [i.id for i in plan.indicators]
    data = {"plan_status": "on_track", "narrative": "Two briefings held.", f"indicator_{ids[0]}": "2"}
    data.update(fields)
    return client.post(_report_url(token), data=data)


def test_the_owner_corrects_a_report_from_the_private_link_and_organisers_see_both(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    assert _send(client, plan, token).status_code == 302
    [sent] = db.session.scalars(select(ProgressReport)).all()
    page = client.get(_report_url(token)).get_data(as_text=True)
    assert "Correct your last report" in page
    correct_url = f"{_report_url(token)}/reports/{sent.id}"
    form = client.get(correct_url).get_data(as_text=True)
    assert "Correct your progress report" in form
    assert "Two briefings held." in form
    assert 'value="2"' in form
    ids = [i.id for i in plan.indicators]
    fixed = client.post(correct_url, data={"plan_status": "at_risk", "narrative": "Only one briefing was held.",
                                           f"indicator_{ids[0]}": "1"})
    assert fixed.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 1  # corrected, not added
    corrected = db.session.get(ProgressReport, sent.id)
    assert (corrected.version, corrected.plan_status, corrected.narrative) == (
        2, "at_risk", "Only one briefing was held.")
    assert [v.number for v in corrected.values] == [1.0]
    [kept] = db.session.scalars(select(ProgressReportVersion)).all()
    assert (kept.version, kept.content["narrative"], kept.content["values"][0]["number"]) == (
        1, "Two briefings held.", 2.0)
    # the organisers see the corrected report and the version it replaced; the dashboard uses the latest
    sign_in(client, workshop.organiser)
    plan_page = client.get(f"/forums/{SLUG}/followup/plans/{plan.id}").get_data(as_text=True)
    assert "Only one briefing was held." in plan_page
    assert "Two briefings held." in plan_page
    assert "1 earlier version, replaced by a correction" in plan_page
    summary = client.get(f"/forums/{SLUG}/followup/plans/{plan.id}").get_data(as_text=True)
    assert "1 product" in summary
    assert "At risk" in summary
    dashboard = client.get(f"/forums/{SLUG}/followup").get_data(as_text=True)
    assert "At risk" in dashboard


def test_a_correction_after_review_is_refused_and_keeps_what_was_typed(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    _send(client, plan, token)
    [sent] = db.session.scalars(select(ProgressReport)).all()
    reviewer = client.application.test_client()
    sign_in(reviewer, workshop.organiser)
    assert reviewer.post(f"/forums/{SLUG}/followup/plans/{plan.id}/reports/{sent.id}/review").status_code == 302
    refused = client.post(f"{_report_url(token)}/reports/{sent.id}",
                          data={"plan_status": "at_risk", "narrative": "We meant one briefing, not two."})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "already reviewed this report, so it can no longer be corrected" in page
    assert "We meant one briefing, not two." in page
    assert "Send progress report" in page
    db.session.expire_all()
    assert db.session.get(ProgressReport, sent.id).narrative == "Two briefings held."
    assert db.session.scalar(select(func.count(ProgressReportVersion.id))) == 0
    assert "Correct your last report" not in client.get(_report_url(token)).get_data(as_text=True)


def test_no_correction_once_the_next_report_is_due_or_a_later_one_came(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    first = report(db, workshop, plan, later(5))
    with pytest.raises(reports.CorrectionClosed, match="next report is already due"):
        reports.correct_report(workshop.forum, plan, first, {"plan_status": "on_track", "narrative": "x"},
                               now=later(5 + 91))
    second = report(db, workshop, plan, later(10))
    with pytest.raises(reports.CorrectionClosed, match="later report"):
        reports.correct_report(workshop.forum, plan, first, {"plan_status": "on_track", "narrative": "x"},
                               now=later(11))
    assert reports.correctable_report(workshop.forum, plan, later(11)) == second


def test_a_correction_never_reopens_a_plan_the_organisers_dropped(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    first = report(db, workshop, plan, later(5))
    plan.status = "dropped"
    db.session.commit()
    with pytest.raises(reports.CorrectionClosed, match="closed this plan"):
        reports.correct_report(workshop.forum, plan, first, {"plan_status": "on_track", "narrative": "x"},
                               now=later(6))
    db.session.rollback()
    assert db.session.get(type(plan), plan.id).status == "dropped"


def test_the_owner_corrects_from_their_account(client, db, workshop, create_user, create_plan):
    linh = create_user(email="sokha@example.org", name="Sokha Chan")
    workshop.registrations["sokha"].user_id = linh.id
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, linh)
    mine = f"/forums/{SLUG}/followup/mine/{plan.id}"
    assert client.post(mine, data={"plan_status": "on_track", "narrative": "Sent twice by mistake."}).status_code == 302
    [sent] = db.session.scalars(select(ProgressReport)).all()
    assert f"{mine}/reports/{sent.id}" in client.get(mine).get_data(as_text=True)
    response = client.post(f"{mine}/reports/{sent.id}", data={"plan_status": "on_track", "narrative": "Sent once."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ProgressReport, sent.id).narrative == "Sent once."
    assert db.session.scalar(select(ProgressReportVersion.via)) == "account"


# --- 3. plans people find ---------------------------------------------------------------------------


def test_the_home_and_the_forum_page_list_the_persons_plans_and_next_due_report(client, db, workshop, create_user,
                                                                                create_plan):
    sokha = create_user(email="sokha@example.org", name="Sokha Chan")
    workshop.registrations["sokha"].user_id = sokha.id
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, sokha)
    due = plan.next_report_due
    for url in ("/", f"/forums/{SLUG}/"):
        page = client.get(url).get_data(as_text=True)
        assert "Action plan: Organic certification for palm sugar" in page, url
        assert f"next report due {format_day(due)}" in page, url
        assert f'href="/forums/{SLUG}/followup/mine"' in page, url
        assert "All my action plans" in page, url


def test_the_private_registration_page_lists_the_plans(client, db, workshop, create_registration, create_plan):
    registration, token = create_registration(workshop.forum, email="kim@example.org", name="Kim Dara")
    create_plan(workshop.forum, plan_data(workshop, registration_id=registration.id), workshop.organiser, now=NOW)
    page = client.get(f"/forums/{SLUG}/registration/{token}").get_data(as_text=True)
    assert "Action plan: Organic certification for palm sugar" in page
    assert "next report due" in page


def test_the_followup_menu_links_the_outbox(client, db, workshop):
    sign_in(client, workshop.organiser)
    page = client.get(f"/forums/{SLUG}/followup").get_data(as_text=True)
    assert f'href="/forums/{SLUG}/outbox"' in page


# --- 4. replaced links answer like registration's ----------------------------------------------------


def test_a_reminder_does_not_break_the_link_in_the_first_email(client, db, workshop, create_plan):
    from forumops.followup import reminders

    plan, first_token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    assert reminders.send_reminders(now=later(84)) == 1
    db.session.commit()
    assert client.get(_report_url(first_token)).status_code == 200
    assert client.get(link_in(outbox(db)[-1].body_text)).status_code == 200


def test_a_replaced_link_says_so_and_emails_the_current_one_throttled(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(organiser := client.application.test_client(), workshop.organiser)
    for _time in range(2):  # replaced twice: the first link still says "replaced", never "not found"
        assert organiser.post(f"/forums/{SLUG}/followup/plans/{plan.id}/link").status_code == 302
    page = client.get(_report_url(token))
    assert page.status_code == 410
    text_ = page.get_data(as_text=True)
    assert "This link was replaced" in text_
    assert "Email me the current link" in text_
    assert "Page not found" not in text_
    assert "not published yet" not in text_
    assert plan.title not in text_
    assert plan.owner_name not in text_
    typed = client.post(_report_url(token), data={"plan_status": "on_track", "narrative": "Our stand at the fair."})
    assert typed.status_code == 410
    assert "Our stand at the fair." in typed.get_data(as_text=True)
    before = len(outbox(db))
    assert client.post(f"{_report_url(token)}/new-link").status_code == 302
    current = link_in(outbox(db)[-1].body_text)
    assert len(outbox(db)) == before + 1
    assert client.get(current).status_code == 200
    for _attempt in range(LINK_MAILS_PER_WINDOW + 2):
        client.post(f"{_report_url(token)}/new-link")
    assert len(outbox(db)) == before + LINK_MAILS_PER_WINDOW  # then "several links were sent"


# --- 5. the schedule, the status, the categories ------------------------------------------------------


def test_switching_a_plan_to_the_forums_schedule_moves_its_due_date(client, db, workshop, create_plan):
    operations.update_settings(workshop.forum, {"report_every_days": 90})
    plan, _token = create_plan(workshop.forum, plan_data(workshop, report_every_days=30), workshop.organiser, now=NOW)
    assert plan.next_report_due == NOW.date() + timedelta(days=30)
    data = support.plan_data(workshop, report_every_days=None)
    data["indicators"] = [{"id": i.id, "label": i.label, "kind": i.kind, "target": i.target, "unit": i.unit}
                          for i in plan.indicators]
    operations.update_plan(workshop.forum, plan, data, now=later(3))
    assert plan.next_report_due == NOW.date() + timedelta(days=90)


def test_the_report_form_does_not_choose_a_status_for_the_owner(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    assert plan.status == "not_started"
    page = client.get(_report_url(token)).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="plan_status"[^>]*>', page)
    assert len(radios) == 3
    assert not any("checked" in radio for radio in radios)
    refused = client.post(_report_url(token), data={"narrative": "Busy month."})
    assert refused.status_code == 422
    assert "Say how the plan is going" in refused.get_data(as_text=True)


def test_challenge_categories_are_chosen_per_forum(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    assert "Product quality" in client.get(_report_url(token)).get_data(as_text=True)  # the workshop's default
    sign_in(organiser := client.application.test_client(), workshop.organiser)
    response = organiser.post(f"/forums/{SLUG}/followup/settings", data={
        "report_every_days": "90", "remind_days_before": "7", "remind_every_days": "7", "link_valid_days": "180",
        "challenge_preset": "", "challenge_categories": ["policy_regulation", "coordination"]})
    assert response.status_code == 302
    page = client.get(_report_url(token)).get_data(as_text=True)
    assert "Policy and regulation" in page
    assert "Coordination between agencies" in page
    assert "Product quality" not in page
    assert "Farming and production technologies" not in page
    none = organiser.post(f"/forums/{SLUG}/followup/settings", data={
        "report_every_days": "90", "remind_days_before": "7", "remind_every_days": "7", "link_valid_days": "180",
        "challenge_preset": ""})
    assert none.status_code == 422
    assert "Tick at least one category" in none.get_data(as_text=True)


# --- 5. plurals and one date format ------------------------------------------------------------------


def format_day(day):
    from forumops.core.i18n import format_day as helper

    return helper(day)


def test_plurals_follow_the_language_in_pages_and_the_pdf(client, db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    report(db, workshop, plan, later(5), values={0: "1"})
    sign_in(client, workshop.organiser)
    page = client.get(f"/forums/{SLUG}/followup/plans/{plan.id}").get_data(as_text=True)
    assert "1 product" in page
    assert "1 products" not in page
    assert "1 reports" not in client.get(f"/forums/{SLUG}/followup").get_data(as_text=True)
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(client.get(f"/forums/{SLUG}/followup.pdf").data))
    words = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "1 report," in words
    assert "1 reports" not in words
    assert "1 products" not in words


def test_dates_have_one_format_in_pages_and_emails(client, db, workshop, create_plan):
    plan, token = create_plan(workshop.forum, plan_data(workshop, activities=[
        {"text": "Apply", "start_date": None, "end_date": date(2017, 9, 30)}]), workshop.organiser, now=NOW)
    report(db, workshop, plan, later(5), values={0: "1"})
    sign_in(organiser := client.application.test_client(), workshop.organiser)
    pages = [client.get(_report_url(token)).get_data(as_text=True),
             organiser.get(f"/forums/{SLUG}/followup/plans/{plan.id}").get_data(as_text=True),
             organiser.get(f"/forums/{SLUG}/followup").get_data(as_text=True),
             organiser.get(f"/forums/{SLUG}/followup/plans/new").get_data(as_text=True),
             outbox(db)[0].body_text]
    visible = [re.sub(r"<[^>]+>|value=\"[^\"]*\"", " ", page) for page in pages]
    for body in visible:
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", body)  # no ISO days
    assert format_day(date(2017, 9, 30)) in visible[0]
    assert format_day(plan.next_report_due) in visible[1]
    assert format_day(plan.links[0].expires_at.date()) in visible[4]
    offer = re.search(r"by ([^<·]+)</span>", pages[3])
    assert offer
    assert offer.group(1).strip() == format_day(date(2017, 12, 31))


# --- 11. the rough edges -----------------------------------------------------------------------------


def test_the_cluster_action_items_come_before_the_form(client, db, workshop):
    sign_in(client, workshop.organiser)
    page = client.get(f"/forums/{SLUG}/followup/plans/new").get_data(as_text=True)
    assert page.index("From a cluster’s action item") < page.index('class="followup-plan-form"')


def test_the_csv_file_is_named_with_the_forums_day(client, db, workshop, monkeypatch, create_plan):
    from forumops.core import i18n

    create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    sign_in(client, workshop.organiser)
    late_evening = datetime.now(UTC).replace(hour=23, minute=30)  # already tomorrow in Bangkok (UTC+7)
    monkeypatch.setattr(i18n, "utcnow", lambda: late_evening)  # where every "today in the forum's zone" reads the time
    response = client.get(f"/forums/{SLUG}/followup.csv")
    expected = (late_evening + timedelta(hours=7)).date().isoformat()
    assert f"{SLUG}-followup-{expected}.csv" in response.headers["Content-Disposition"]


def test_the_achievements_table_of_the_pdf_is_never_split(db, workshop):
    from pypdf import PdfReader

    from forumops.followup.data import AchievementCount, CategoryCount, FollowupSummary, PlanSummary, StatusCount
    from forumops.followup.pdf import render_followup

    achievements = tuple(AchievementCount(f"a{n}", f"Achievement number {n}", 20 - n) for n in range(8))
    for categories in range(4, 30, 2):  # the table starts higher or lower on the page
        summary = FollowupSummary(
            forum_title="Synthesis and Evaluation Workshop", forum_slug=SLUG, as_of=date(2026, 12, 5),
            plans_total=1, by_status=(StatusCount("on_track", "On track", 1),),
            challenges=tuple(CategoryCount(f"c{n}", f"Challenge {n}", 40 - n, n) for n in range(categories)),
            achievements=achievements,
            plans=(PlanSummary(1, "A plan", "Owner", "participant", "on_track", "On track"),))
        pdf = PdfReader(io.BytesIO(render_followup(summary)))
        pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
        holding = [n for n, page in enumerate(pages) if "Achievement number" in page]
        assert len(holding) == 1, f"with {categories} categories the achievements table spans pages"
        assert all(a.label in pages[holding[0]] for a in achievements)
