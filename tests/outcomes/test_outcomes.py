"""The outcome report (issue 6): what it compiles, who sees it, editing and publishing, the CSV, bad input.

Renderer details (the PDF's pages, fonts, escaping) are in test_outcomes_pdf.py; the browser journey in
tests/e2e/test_report_journey.py.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

TRICKY = 'Fund <b>bold</b> claims <img src=x onerror=alert(1)> & "quotes" &amp; more'
NAMES = ["Nguyễn Phương Linh", "สมศรี ใจดี", "សុខ ចាន់ថា", "အောင်ကျော်", "ສົມພອນ ແກ້ວມະນີ", "Siti Rahmawati"]
COUNTRIES = ["VN", "TH", "KH", "MM", "LA", "ID"]
ORGANISATIONS = ["Vietnam Women's Union", "มูลนิธิเพื่อการพัฒนาชนบท", "សមាគមស្ត្រីសហគ្រិន", "မြန်မာ အမျိုးသမီး ကွန်ရက်",
                 "ສະມາຄົມແມ່ຍິງ", "Bina Swadaya"]


def participant(n: int) -> dict:
    """What participant n typed: names, organisations and countries of the region, in turn."""
    return {"name": NAMES[n % len(NAMES)] + (f" {n}" if n >= len(NAMES) else ""), "email": f"person{n}@example.org",
            "organisation": ORGANISATIONS[n % len(ORGANISATIONS)] + (f" {n // 6}" if n >= 6 else ""),
            "country": COUNTRIES[n % len(COUNTRIES)], "category": ("civil_society", "government", "observer")[n % 3],
            "gender": ("woman", "man", "")[n % 3], "attendance_mode": ("in_person", "online")[n % 2],
            "list_publicly": n % 4 != 3}


def build_forum(create_forum, create_registration, organiser, *, participants: int = 6, clusters: int = 2,
                recommendations: int = 2, items: int = 3, slug: str = "acf-report",
                recommendation_text: str | None = None):
    """A concluded forum with everything the report compiles, made through the operations (notes and forum
    recommendations as rows: their own workflows are tested elsewhere)."""
    from forumops.agenda import operations as agenda
    from forumops.clusters.models import ClusterNotes, ForumRecommendation, RecommendationSource
    from forumops.clusters.operations import assign_registration, create_cluster
    from forumops.extensions import db
    from forumops.forums import operations as forums

    forum = create_forum(slug, status="concluded", title="ASEAN Community Forum 2017", organiser=organiser,
                         start_date=date(2017, 3, 9), end_date=date(2017, 3, 10),  # it took place
                         objectives=["Forge people-to-people engagement.", "Present findings to ASEAN."],
                         background="The **ASEAN Foundation** convenes civil society.", venue_city="Singapore")
    forums.add_partner(forum, "ASEAN Foundation", "organiser", country="ID")
    forums.add_partner(forum, "S Rajaratnam Endowment", "funder", country="SG")
    made = [create_cluster(forum, f"Cluster {n} ក្រុម", f"About cluster {n}.") for n in range(clusters)]
    people = [create_registration(forum, **participant(n), notify=False)[0] for n in range(participants)]
    for n, registration in enumerate(people):
        if made:
            assign_registration(made[n % len(made)], registration, choice_rank=1)
        if n % 5 != 4:
            registration.checked_in_at = datetime(2017, 3, 9, 1, 0, tzinfo=UTC) + timedelta(minutes=n)
    start = datetime(2017, 3, 9, 1, 0, tzinfo=UTC)
    for n in range(items):
        agenda.create_item(forum, {"day": forum.start_date, "start": (start + timedelta(hours=n)).time(),
                                   "end": (start + timedelta(hours=n, minutes=50)).time(),
                                   "title": f"Session {n}", "type": "plenary", "room": "Plenary hall",
                                   "people": [{"role": "speaker", "name": "Ms Elaine Tan", "title": "",
                                               "organisation": "ASEAN Foundation"}]})
    notes = []
    for n, cluster in enumerate(made):
        sheet = ClusterNotes(cluster_id=cluster.id, title=f"Breakout {n}", status="approved", version=1, content={
            "summary": f"Cluster {n} **discussed** finance.", "findings": [f"Finding {n}.1", f"Finding {n}.2"],
            "challenges": [f"Challenge {n}"], "quotes": [],
            "recommendations": [{"text": f"Cluster recommendation {n}", "addressee": "ASEAN Secretariat",
                                 "priority": "high"}],
            "actions": [{"what": f"Action {n}", "who": "ACN", "due": "2017-04-30", "status": "done"}]})
        db.session.add(sheet)
        notes.append(sheet)
    if made:
        db.session.add(ClusterNotes(cluster_id=made[0].id, title="Draft, not in the report", status="draft",
                                    content={"findings": ["A DRAFT FINDING"]}))
    db.session.flush()
    for n in range(recommendations):
        rec = ForumRecommendation(forum_id=forum.id, text=recommendation_text or f"Forum recommendation {n}",
                                  addressee="ASEAN Secretariat", status=("adopted", "noted")[n % 2], position=n)
        if notes:
            rec.sources.append(RecommendationSource(cluster_id=notes[n % len(notes)].cluster_id,
                                                    notes_id=notes[n % len(notes)].id, original_text="x"))
        db.session.add(rec)
    db.session.commit()
    return forum


@pytest.fixture
def organiser(create_user):
    return create_user(name="Mai Anh Trần", email="mai@example.org")


@pytest.fixture
def forum(create_forum, organiser, create_registration):
    return build_forum(create_forum, create_registration, organiser)


def _publish(forum, organiser):
    from forumops.extensions import db
    from forumops.outcomes import operations

    operations.save_report(forum, {"title": "Outcome report 2017", "executive_summary": "We met and agreed.",
                                   "conclusions": "A **way forward**.", "authors": "Dr Ben Santos\nMai Anh Trần",
                                   "editors": "Nguyễn Phương Linh", "acknowledgements": "Thanks."}, 0, organiser)
    operations.publish_report(forum, organiser)
    db.session.commit()


# --- the demo -------------------------------------------------------------------------------------------

def test_demo_forum_has_a_published_report_with_every_section(client, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    response = client.get("/forums/asean-community-forum-2017/report")  # anonymous: it is published
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for expected in (
        "Outcome report: ASEAN Community Forum 2017", "Executive summary", "Close to 50 civil society",
        "Dr Ben Santos (ASEAN CSR Network)", "Written and edited by", "16 March 2017",
        "Forge people-to-people engagement", "S Rajaratnam Endowment", "Programme as held",
        "Cluster breakout 1: what our organisations do", "Participation", "By country", "By organisation type",
        "By participant category", "By gender", "By attendance mode", "By cluster", "Registrations by status",
        "Findings of the clusters", "MSME development", "SME Academy", "Challenges", "Action items",
        "Recommendations of the forum", "Adopted", "Noted", "Conclusions and way forward", "Way forward",
        "Participating organisations", "Vietnam Women", "Acknowledgements",
    ):
        assert expected in html, expected
    # one chart per breakdown, and the evaluation chapter's three chosen questions (demo.evaluations), each with
    # its numbers in a table
    assert html.count('role="img"') == 6 + 3
    assert "parts are still missing" not in html  # and the public sees no organiser tools
    assert "Publish report" not in html

    pdf = client.get("/forums/asean-community-forum-2017/report.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    from tests.outcomes.test_outcomes_pdf import pdf_text

    text = " ".join(pdf_text(pdf.data))
    for expected in ("Contents", "Executive summary", "Programme as held", "Participation", "By country",
                     "Findings of the clusters", "Recommendations of the forum", "Conclusions and way forward",
                     "Participating organisations", "Acknowledgements", "Page 2 of"):
        assert expected in text, expected


# --- who sees what --------------------------------------------------------------------------------------

@pytest.fixture
def people(create_user, create_forum, add_role, forum, organiser):
    other = create_user(email="other@example.org")
    create_forum("someone-elses", organiser=other)
    participant, facilitator = create_user(email="p@example.org"), create_user(email="f@example.org")
    add_role(forum, participant, "participant")
    add_role(forum, facilitator, "facilitator")
    return {"anonymous": None, "participant": participant, "facilitator": facilitator, "organiser": organiser,
            "other_organiser": other, "admin": create_user(email="admin@example.org", is_admin=True)}


LOGIN = "login"
UNPUBLISHED = {"anonymous": 404, "participant": 404, "facilitator": 404, "organiser": 200, "other_organiser": 404,
               "admin": 200}
ORGANISERS = {"anonymous": LOGIN, "participant": 403, "facilitator": 403, "organiser": 200, "other_organiser": 403,
              "admin": 200}


def _status(app, user, method, url):
    from tests.conftest import sign_in

    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    response = client.open(url, method=method)
    if response.status_code == 302 and "/account/signin" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("published", [False, True])
def test_access_by_role(app, people, forum, organiser, published):
    if published:
        _publish(forum, organiser)
    page = {role: 200 for role in people} if published else UNPUBLISHED
    expected = {
        ("GET", "/forums/acf-report/report"): page,
        ("GET", "/forums/acf-report/report.pdf"): page,
        ("GET", "/forums/acf-report/report/recommendations.csv"): ORGANISERS,
        ("GET", "/forums/acf-report/report/edit"): ORGANISERS,
        ("POST", "/forums/acf-report/report/publish"): {**ORGANISERS, "organiser": 302, "admin": 302},
    }
    failures = [f"{method} {url} as {role}: {got} != {want}"
                for (method, url), by_role in expected.items() for role, want in by_role.items()
                if (got := _status(app, people[role], method, url)) != want]
    assert failures == []


def test_a_published_report_of_a_draft_forum_stays_hidden(client, forum, organiser, db):
    _publish(forum, organiser)
    forum.status = "draft"
    db.session.commit()
    assert client.get("/forums/acf-report/report").status_code == 404
    assert client.get("/forums/acf-report/report.pdf").status_code == 404


# --- editing and publishing -----------------------------------------------------------------------------

def test_organiser_writes_publishes_and_unpublishes(client, login, forum, organiser):
    login(organiser)
    page = client.get("/forums/acf-report/report").get_data(as_text=True)
    assert "Preview" in page
    assert "No executive summary has been written yet." in page
    assert 'href="/forums/acf-report/report/edit#executive_summary"' in page  # says where to add it
    response = client.post("/forums/acf-report/report/edit", data={
        "version": "0", "title": "Report <of> the forum", "executive_summary": "We **agreed** & met.",
        "conclusions": "Next steps.", "authors": "Dr Ben Santos\n\n  Mai Anh Trần  ", "editors": "",
        "acknowledgements": ""})
    assert response.status_code == 302
    page = client.get("/forums/acf-report/report").get_data(as_text=True)
    assert "Report &lt;of&gt; the forum" in page
    assert "<strong>agreed</strong> &amp; met." in page
    assert "Mai Anh Trần" in page

    anonymous = client.application.test_client()
    assert anonymous.get("/forums/acf-report/report").status_code == 404
    assert client.post("/forums/acf-report/report/publish", data={"action": "publish"}).status_code == 302
    assert anonymous.get("/forums/acf-report/report").status_code == 200
    assert "Publish report" not in anonymous.get("/forums/acf-report/report").get_data(as_text=True)
    client.post("/forums/acf-report/report/publish", data={"action": "unpublish"})
    assert anonymous.get("/forums/acf-report/report").status_code == 404
    response = client.post("/forums/acf-report/report/publish", data={"action": "nonsense"}, follow_redirects=True)
    assert "Choose whether to publish or unpublish" in response.get_data(as_text=True)


def test_a_save_based_on_an_older_version_is_refused_and_both_texts_shown(client, login, forum, organiser):
    login(organiser)
    form = {"title": "", "conclusions": "", "authors": "", "editors": "", "acknowledgements": ""}
    client.post("/forums/acf-report/report/edit", data={**form, "version": "0", "executive_summary": "First."})
    stale = client.post("/forums/acf-report/report/edit",
                        data={**form, "version": "0", "executive_summary": "Mine, typed meanwhile."})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Someone else saved the report" in page
    assert "First." in page
    assert "Mine, typed meanwhile." in page
    version = re.search(r'name="version" type="hidden" value="(\d+)"|id="version" name="version" '
                        r'type="hidden" value="(\d+)"', page)
    assert version is not None
    again = client.post("/forums/acf-report/report/edit", data={
        **form, "version": version.group(1) or version.group(2), "executive_summary": "Mine, typed meanwhile."})
    assert again.status_code == 302
    assert "Mine, typed meanwhile." in client.get("/forums/acf-report/report").get_data(as_text=True)


def test_too_long_or_invisible_input_is_refused_with_the_text_kept(client, login, forum, organiser):
    login(organiser)
    response = client.post("/forums/acf-report/report/edit", data={
        "version": "0", "title": "x" * 301, "executive_summary": "Kept \u202e text", "conclusions": "",
        "authors": "", "editors": "", "acknowledgements": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Use at most 300 characters." in page
    assert "invisible control characters" in page


# --- what the report compiles ---------------------------------------------------------------------------

def test_report_data_counts_and_lists(forum, app):
    from forumops.outcomes import queries

    with app.test_request_context():
        data = queries.report_data(forum, None)
    p = data.participation
    assert (p.total_registrations, p.registered, p.attended) == (6, 6, 5)
    assert {b.key for b in p.breakdowns} == {"country", "organisation_type", "category", "gender", "mode",
                                             "cluster"}
    by_country = {r.label: (r.registered, r.attended) for r in p.breakdowns[0].rows}
    assert by_country["Viet Nam"] == (1, 1)
    assert by_country["Cambodia"] == (1, 1)
    gender = {r.label: r.registered for r in next(b for b in p.breakdowns if b.key == "gender").rows}
    assert gender == {"Woman": 2, "Man": 2, "Not stated": 2}
    assert [o.name for o in data.organisations if "Myanmar" in o.country] == []  # person 3 did not consent
    assert len(data.organisations) == 5
    assert [c.findings for c in data.clusters] == [("Finding 0.1", "Finding 0.2"), ("Finding 1.1", "Finding 1.2")]
    assert "A DRAFT FINDING" not in str(data.clusters)  # drafts never reach the report
    assert [r.status_label for r in data.recommendations] == ["Adopted", "Noted"]
    assert data.recommendations[0].clusters == ("Cluster 0 ក្រុម",)
    assert set(data.missing) == {"executive_summary", "authors", "conclusions"}


def test_queries_per_page_do_not_grow_with_the_data(app, create_forum, create_user, login, client, create_registration):
    from forumops.extensions import db

    organiser = create_user(email="counts@example.org")
    build_forum(create_forum, create_registration, organiser, participants=3, clusters=1, recommendations=1, items=1,
                slug="small")
    build_forum(create_forum, create_registration, organiser, participants=40, clusters=5, recommendations=12, items=15,
                slug="large")
    login(organiser)
    client.get("/forums/small/report")  # the session's user and the transaction's BEGIN, once

    def statements(url: str) -> int:
        seen = []

        def count(_conn, _cursor, statement, *_args):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    for page in ("report", "report.pdf", "report/recommendations.csv", "report/edit"):
        small, large = statements(f"/forums/small/{page}"), statements(f"/forums/large/{page}")
        assert small == large, (page, small, large)
        assert large <= 30, (page, large)


# --- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["empty", "no_clusters_no_registrations", "one_participant"])
def test_thin_forums_still_render_and_say_what_is_missing(shape, client, login, create_forum, organiser,
                                                          create_registration):
    if shape == "empty":
        create_forum("acf-report", organiser=organiser)
    elif shape == "no_clusters_no_registrations":
        build_forum(create_forum, create_registration, organiser, participants=0, clusters=0, recommendations=0,
                    items=0)
    else:
        build_forum(create_forum, create_registration, organiser, participants=1, clusters=1, recommendations=1,
                    items=1)
    login(organiser)
    page = client.get("/forums/acf-report/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    if shape != "one_participant":
        assert "There are no registrations, so there are no participation figures." in html
        assert "No registrations were recorded for this forum" in html
    else:
        assert "1 registered" in html  # the cluster's findings: assigned to it
    pdf = client.get("/forums/acf-report/report.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert client.get("/forums/acf-report/report/recommendations.csv").status_code == 200
    assert client.get("/forums/acf-report/report/edit").status_code == 200


def test_malformed_notes_content_is_read_defensively(client, login, forum, organiser, db):
    from forumops.agenda.models import Cluster
    from forumops.clusters.models import ClusterNotes

    cluster = db.session.query(Cluster).filter_by(forum_id=forum.id).first()
    for content in ({"findings": "one\ntwo", "recommendations": ["not a dict", {"text": None}],
                     "actions": [{"what": "Do it", "due": "not a date", "status": "??"}], "summary": 42},
                    {}, {"challenges": {"a": 1}}):
        db.session.add(ClusterNotes(cluster_id=cluster.id, status="published", content=content))
    db.session.commit()
    login(organiser)
    html = client.get("/forums/acf-report/report").get_data(as_text=True)
    assert "Do it" in html
    assert "<li>two</li>" in html
    assert client.get("/forums/acf-report/report.pdf").status_code == 200


def test_user_text_is_escaped_in_the_page(client, login, create_forum, organiser, create_registration):
    build_forum(create_forum, create_registration, organiser, recommendation_text=TRICKY)
    login(organiser)
    html = client.get("/forums/acf-report/report").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    assert "Fund &lt;b&gt;bold&lt;/b&gt; claims &lt;img src=x onerror=alert(1)&gt; &amp;" in html


# --- CSV ------------------------------------------------------------------------------------------------

def test_recommendations_csv_is_neutralised_utf8_with_bom(client, login, create_forum, organiser, db,
                                                          create_registration):
    from forumops.clusters.models import ClusterNotes

    forum = build_forum(create_forum, create_registration, organiser, recommendation_text="=HYPERLINK(\"http://evil\")")
    sheet = db.session.query(ClusterNotes).filter_by(status="approved").first()
    sheet.content = {**sheet.content, "actions": [
        {"what": "+1 call", "who": "-ACN", "due": "", "status": "open"},
        {"what": "@SUM(A1)", "who": "\tTab", "due": "", "status": "open"},
        {"what": "\rCR", "who": "Nguyễn Phương Linh", "due": "2017-05-01", "status": "in_progress"}]}
    db.session.commit()
    login(organiser)
    response = client.get(f"/forums/{forum.slug}/report/recommendations.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Kind", "No.", "Cluster", "Recommendation or action"]
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells
    assert "'+1 call" in cells
    assert "'-ACN" in cells
    assert "'@SUM(A1)" in cells
    assert "Nguyễn Phương Linh" in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    kinds = [row[0] for row in rows[1:]]
    assert kinds.count("Forum recommendation") == 2
    assert kinds.count("Cluster recommendation") == 2
    assert kinds.count("Action item") == 4


def test_a_report_cannot_be_published_before_the_forum_took_place(client, login, create_forum, organiser, db):
    from forumops.outcomes import operations
    from forumops.outcomes.models import OutcomeReport

    forum = create_forum("coming", status="registration_open", organiser=organiser, start_date=date(2099, 4, 14),
                         end_date=date(2099, 4, 15))
    login(organiser)
    response = client.post("/forums/coming/report/publish", data={"action": "publish"})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert re.search(r'id="publish-error"[^>]*>The forum has not taken place yet: its report can be published '
                     r'from 15 April 2099, the forum', page)
    assert 'aria-describedby="publish-error"' in page  # tied to the button
    assert db.session.scalar(select(OutcomeReport.published_at)) is None
    assert client.application.test_client().get("/forums/coming/report").status_code == 404
    # on its last day the closing statement may go out
    assert operations.publish_report(forum, organiser, today=date(2099, 4, 15)).published_at is not None
