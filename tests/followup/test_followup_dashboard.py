"""Follow-up, point 3 of issue 8: the monitoring and evaluation dashboard (plans by status, indicators
against targets, overdue reports, challenges and support needs counted by category, filters), its CSV
export, the follow-up PDF, and followup_summary() for the outcome report."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from forumops.followup import queries
from forumops.followup.data import FollowupSummary, IndicatorProgress, PlanSummary, format_number, parse_number
from forumops.followup.pdf import render_followup
from tests.conftest import count_queries, sign_in
from tests.followup import test_followup_support as support
from tests.followup.test_followup_support import (
    NOW,
    SLUG,
    later,
    plan_data,
    report,
)

workshop = support.workshop  # the shared fixture


@pytest.fixture
def plans(db, workshop, create_plan):
    """Three plans: Sokha's (KH, export cluster) on track with a certification, Lan's (VN, export cluster)
    at risk, Aung's (MM, a CSO, business data cluster) never reported and now overdue."""
    sokha, _ = create_plan(workshop.forum, plan_data(workshop), workshop.organiser, now=NOW)
    lan, _ = create_plan(workshop.forum, plan_data(
        workshop, title="Coconut candy packaging", registration_id=workshop.registrations["lan"].id,
        indicators=[{"label": "New package designs", "kind": "number", "target": 3, "unit": ""}]),
                         workshop.organiser, now=NOW)
    aung, _ = create_plan(workshop.forum, plan_data(
        workshop, title="Dawei business database", registration_id=workshop.registrations["aung"].id,
        cluster_id=workshop.clusters["data"].id,
        indicators=[{"label": "Business profiles collected", "kind": "number", "target": 200, "unit": "profiles"}]),
                          workshop.organiser, now=NOW - timedelta(days=120))
    report(db, workshop, sokha, later(1), values={0: "2", 1: "yes"}, achievements=["product_certification"],
           challenges=["production_cost", "export_procedures"], support_areas=["export_procedures"])
    report(db, workshop, sokha, later(2), values={0: "2"}, challenges=["production_cost"])
    report(db, workshop, lan, later(3), plan_status="at_risk", values={0: "1"}, achievements=["package_design"],
           challenges=["production_cost", "product_quality"], support_areas=["finance", "export_procedures"],
           support_needed="A loan for a packaging machine")
    return {"sokha": sokha, "lan": lan, "aung": aung}


def test_summary_counts_statuses_targets_overdue_and_challenges(db, workshop, plans):
    summary = queries.followup_summary(workshop.forum, today=later(3).date())
    assert isinstance(summary, FollowupSummary)
    assert summary.plans_total == 3
    assert summary.open_plans == 3
    assert {s.status: s.count for s in summary.by_status} == {
        "not_started": 1, "on_track": 1, "at_risk": 1, "done": 0, "dropped": 0}
    assert [s.status for s in summary.by_status] == ["not_started", "on_track", "at_risk", "done", "dropped"]
    # Sokha: 2/2 products and the licence (both reached); Lan 1/3 designs; Aung nothing reported
    assert (summary.indicators_total, summary.indicators_with_target, summary.indicators_reached) == (4, 4, 2)
    assert summary.overdue_plans == 1
    assert summary.plans_reporting == 2
    assert summary.reports_total == 3
    by_code = {c.code: c for c in summary.challenges}
    # production cost: named by two plans (Sokha twice, counted once)
    assert (by_code["production_cost"].challenge_plans, by_code["production_cost"].support_plans) == (2, 0)
    assert (by_code["export_procedures"].challenge_plans, by_code["export_procedures"].support_plans) == (1, 2)
    assert summary.challenges[0].code == "production_cost"
    assert "human_resources" not in by_code  # nobody named it
    assert [(a.code, a.plans) for a in summary.achievements] == [("product_certification", 1), ("package_design", 1)]
    aung = next(p for p in summary.plans if p.title == "Dawei business database")
    assert aung.is_overdue
    assert aung.overdue_days == (later(3).date() - aung.next_report_due).days
    lan = next(p for p in summary.plans if p.title == "Coconut candy packaging")
    assert lan.challenges == ("Product quality", "Production cost")  # the latest report's, labelled
    assert lan.support_needed == "A loan for a packaging machine"
    assert lan.indicators[0].latest_text() == "1"
    assert lan.indicators[0].target_text() == "3"


def test_followup_summary_is_plain_data(db, workshop, plans):
    """The outcome report's follow-up section reads this: no ORM objects anywhere inside."""
    summary = queries.followup_summary(workshop.forum, today=later(3).date())

    def plain(value):
        if dataclasses.is_dataclass(value):
            return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
        if isinstance(value, tuple | list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | float | bool | date)

    assert plain(summary)
    assert all(isinstance(p, PlanSummary) for p in summary.plans)
    assert all(isinstance(i, IndicatorProgress) for p in summary.plans for i in p.indicators)


def test_dashboard_shows_counts_plans_and_challenges(client, db, workshop, plans):
    sign_in(client, workshop.organiser)
    page = client.get(f"/forums/{SLUG}/followup").get_data(as_text=True)
    for text in ("Organic certification for palm sugar", "Coconut candy packaging", "Dawei business database",
                 "Production cost", "Export procedures", "Product certification obtained", "Overdue by"):
        assert text in page, text
    assert '<progress class="followup-progress" max="2" value="2"' in page  # Sokha: both indicators at target


@pytest.mark.parametrize(("query", "expected"), [
    ("country=VN", {"Coconut candy packaging"}),
    ("organisation_type=cso", {"Dawei business database"}),
    ("status=at_risk", {"Coconut candy packaging"}),
    ("cluster={data}", {"Dawei business database"}),
    ("country=ZZ&status=nonsense", {"Organic certification for palm sugar", "Coconut candy packaging",
                                    "Dawei business database"}),  # values not on offer are dropped
])
def test_dashboard_filters(client, db, workshop, plans, query, expected):
    sign_in(client, workshop.organiser)
    query = query.format(data=workshop.clusters["data"].id)
    response = client.get(f"/forums/{SLUG}/followup?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    shown = {p.title for p in plans.values() if f">{p.title}</a>" in page}
    assert shown == expected


def test_dashboard_query_count_does_not_grow_with_plans(client, db, workshop, plans, create_plan):
    sign_in(client, workshop.organiser)
    url = f"/forums/{SLUG}/followup"
    db.session.commit()  # each measurement starts its own transaction, as a real request does
    few = count_queries(db, lambda: client.get(url))
    for n in range(12):
        plan, _ = create_plan(workshop.forum, plan_data(
            workshop, title=f"Plan {n}", registration_id=None, organisation=f"Producer group {n}",
            owner_name=f"Owner {n}", owner_email="", country="TH",
            cluster_id=workshop.clusters["data"].id if n % 2 else None), workshop.organiser, now=NOW)
        report(db, workshop, plan, later(4), values={0: str(n), 1: "yes" if n % 2 else "no"},
               challenges=["finance"], achievements=["equipment"])
    db.session.commit()
    many = count_queries(db, lambda: client.get(url))
    assert many == few
    db.session.commit()
    assert count_queries(db, lambda: client.get(url + "?country=TH")) == few


def test_csv_export_is_neutralised_and_follows_the_filters(client, db, workshop, plans):
    plans["lan"].title = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    sign_in(client, workshop.organiser)
    response = client.get(f"/forums/{SLUG}/followup.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Plan", "Status", "Owner"]
    assert len(rows) == 4
    titles = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\")" in titles
    sokha = next(row for row in rows if row[0] == "Organic certification for palm sugar")
    assert "Products certified: 2 products / 2 products" in sokha[16]
    assert sokha[6] == "Cambodia"
    assert sokha[1] == "On track"
    filtered = list(csv.reader(io.StringIO(client.get(f"/forums/{SLUG}/followup.csv?country=MM")
                                           .get_data().decode("utf-8-sig"))))
    assert [row[0] for row in filtered[1:]] == ["Dawei business database"]


def test_followup_pdf_for_the_evaluation_workshop(client, db, workshop, plans):
    plans["sokha"].owner_name = "សុខ ចាន់"  # a Khmer name must be drawn in the Khmer font
    plans["lan"].title = 'Packaging <b>bold</b> <img src=x> & more'
    db.session.commit()
    sign_in(client, workshop.organiser)
    response = client.get(f"/forums/{SLUG}/followup.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Follow-up of action plans", "Organic certification for palm sugar", "Production cost",
                     "Product certification obtained", "Dawei business database", "A loan for a packaging machine",
                     "Packaging <b>bold</b> <img src=x> & more"):
        assert expected in text, expected
    fonts_used = {str(font.get("/BaseFont", "")) for page in reader.pages
                  for font in (page.get("/Resources") or {}).get("/Font", {}).values()
                  for font in [font.get_object()]}
    assert any("NotoSansKhmer" in name for name in fonts_used)


def test_pdf_renderer_handles_no_plans_and_many_plans():
    empty = render_followup(FollowupSummary(forum_title="Empty forum", forum_slug="empty", as_of=date(2017, 6, 9)))
    assert "No action plans" in PdfReader(io.BytesIO(empty)).pages[0].extract_text()
    plan = PlanSummary(id=1, title="A plan", owner_name="Someone", owner_kind="participant", status="on_track",
                       status_label="On track", latest_narrative="Word " * 400,
                       indicators=(IndicatorProgress("Things", "number", 5, "", 3, None, False),))
    many = FollowupSummary(forum_title="Big forum", forum_slug="big", as_of=date(2017, 6, 9), plans_total=60,
                           plans=tuple(dataclasses.replace(plan, id=n, title=f"Plan {n}") for n in range(60)))
    reader = PdfReader(io.BytesIO(render_followup(many)))
    assert len(reader.pages) > 3
    assert "Page 2" in reader.pages[1].extract_text()


def test_organisers_only(client, db, workshop, plans, create_user, add_role):
    participant = create_user(email="p@example.org")
    add_role(workshop.forum, participant, "participant")
    sign_in(client, participant)
    for url in (f"/forums/{SLUG}/followup", f"/forums/{SLUG}/followup.csv", f"/forums/{SLUG}/followup.pdf",
                f"/forums/{SLUG}/followup/plans/{plans['lan'].id}", f"/forums/{SLUG}/followup/plans/new"):
        assert client.get(url).status_code == 403, url
    anonymous = client.application.test_client()
    assert anonymous.get(f"/forums/{SLUG}/followup").status_code == 302


def test_another_forums_plan_is_not_found(client, db, workshop, plans, create_forum, create_user):
    other_organiser = create_user(email="other@example.org")
    create_forum("other-forum", organiser=other_organiser)
    sign_in(client, other_organiser)
    assert client.get(f"/forums/other-forum/followup/plans/{plans['lan'].id}").status_code == 404
    assert client.get(f"/forums/{SLUG}/followup/plans/{plans['lan'].id}").status_code == 403


def test_number_helpers():
    assert [parse_number(v) for v in ("3", "2.5", "2,5", "1,200", "1 200", "", " -4 ")] == [
        3.0, 2.5, 2.5, 1200.0, 1200.0, None, -4.0]
    for bad in ("three", "nan", "inf", "1e400", "2.5.1"):
        with pytest.raises(ValueError, match=re.escape(bad)):  # the error names what was typed
            parse_number(bad)
    assert [format_number(v) for v in (3.0, 2.5, 1234567.0, None, 0.125)] == ["3", "2.5", "1,234,567", "", "0.12"]
