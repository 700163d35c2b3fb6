"""Follow-up, point 5 of issue 8: the demo holds the evaluation workshop of the seeds, with participants
from several provinces reporting on their action plans."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.followup import queries
from forumops.followup.models import ActionPlan, ProgressReport
from forumops.forums.models import Forum
from tests.conftest import sign_in


def test_demo_has_the_evaluation_workshops_plans_and_reports(app, db):
    from forumops.accounts.models import User
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    plans_before = db.session.scalar(select(func.count(ActionPlan.id)))
    load_demo()  # twice: nothing added
    db.session.commit()
    assert db.session.scalar(select(func.count(ActionPlan.id))) == plans_before

    sec = db.session.scalar(select(Forum).where(Forum.slug == "sec-synthesis-evaluation-workshop-2017"))
    summary = queries.followup_summary(sec)
    assert summary.plans_total == 8
    assert summary.reports_total >= 9
    assert {p.country for p in summary.plans} == {"KH", "MM", "TH", "VN"}
    achievements = {a.code for a in summary.achievements}
    assert {"product_certification", "package_design", "equipment", "brochure", "business_profiles"} <= achievements
    challenges = {c.code: c for c in summary.challenges}
    assert {"product_quality", "production_cost", "export_procedures"} <= set(challenges)
    assert summary.challenges[0].challenge_plans >= 3  # the most named comes first
    statuses = {s.status: s.count for s in summary.by_status}
    assert statuses["done"] == 1
    assert statuses["at_risk"] == 2
    assert statuses["not_started"] == 1
    assert summary.overdue_plans >= 2
    assert summary.late_reports >= 1

    mai = db.session.scalar(select(User).where(User.email == "mai@example.org"))
    client = app.test_client()
    sign_in(client, mai)
    page = client.get("/forums/sec-synthesis-evaluation-workshop-2017/followup").get_data(as_text=True)
    assert "Certified Kampong Speu palm sugar for export" in page
    assert "Product certification obtained" in page
    assert client.get("/forums/sec-synthesis-evaluation-workshop-2017/followup.pdf").status_code == 200
    # the 2027 edition lists what the 2017 forum recommended and the plan still open
    previous = client.get("/forums/asean-community-forum-2027/followup/previous").get_data(as_text=True)
    assert "Improve market access for micro, small and medium enterprises" in previous
    assert "Map women entrepreneurs" in previous
    # Linh owns the plan through her registration: she reports from her account
    linh = db.session.scalar(select(User).where(User.email == "linh@example.org"))
    own = app.test_client()
    sign_in(own, linh)
    mine = own.get("/forums/asean-community-forum-2017/followup/mine").get_data(as_text=True)
    assert "Map women entrepreneurs" in mine
    assert db.session.scalar(select(func.count(ProgressReport.id)).join(ActionPlan).where(
        ActionPlan.forum_id == sec.id)) == summary.reports_total
