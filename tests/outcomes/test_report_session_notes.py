"""Approved session notes in the outcome report: their own chapter beside the clusters' findings, in the programme's
order, in the web page and the PDF; drafts and notes under review never; a fixed number of queries however many
sessions there are."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date, time

import pytest

from forumops.registration.models import SessionAttendance
from tests.conftest import count_queries

DAY = date(2017, 3, 9)


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def rec(text):
    return {"text": text, "addressee": "ASEAN Secretariat", "priority": "high"}


def build(forum, create_item, create_session_notes, sessions: int, start: int = 0):
    """`sessions` plenaries, each with approved notes, a finding, a recommendation and an action item."""
    for n in range(start, start + sessions):
        item = create_item(forum, f"Plenary {n}", time(8 + n % 10, 0), time(8 + n % 10, 50), DAY, type="plenary",
                           people=[{"role": "rapporteur", "name": f"Rapporteur {n}"}])
        create_session_notes(item, [rec(f"Recommendation of plenary {n}")], summary=f"Plenary {n} **discussed**.",
                             findings=[f"Finding of plenary {n}"],
                             actions=[{"what": f"Action of plenary {n}", "who": "ACN", "due": "2017-04-30",
                                       "status": "open"}])


@pytest.fixture
def forum(create_user, create_forum, create_item, create_session_notes, create_registration, login, db):
    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(slug="acf", organiser=mai, status="concluded", title="ASEAN Community Forum 2017",
                         start_date=DAY, end_date=date(2017, 3, 10), timezone="Asia/Singapore")
    closing = create_item(forum, "Closing plenary", time(16), time(17), DAY, type="closing_session",
                          people=[{"role": "rapporteur", "name": "Siti Rahmawati"}])
    opening = create_item(forum, "Opening plenary", time(9), time(10), DAY, type="opening_session",
                          people=[{"role": "rapporteur", "name": "Dr Ben Quinones"},
                                  {"role": "speaker", "name": "H.E. Secretary-General"}])
    panel = create_item(forum, "Panel on youth", time(11), time(12), DAY, type="panel")
    keynote = create_item(forum, "Keynote on trade", time(13), time(14), DAY, type="keynote")
    create_session_notes(closing, [rec("Meet again in Manila next year.")], summary="The forum **closed**.",
                         findings=["The closing finding"], status="published")
    create_session_notes(opening, [rec("Give civil society a seat at ASEAN meetings.")],
                         summary="Speakers opened the forum.", findings=["The opening finding"])
    create_session_notes(panel, [rec("A DRAFT RECOMMENDATION")], findings=["A DRAFT FINDING"], status="draft")
    create_session_notes(keynote, findings=["A SUBMITTED FINDING"], status="submitted")
    for n in range(3):
        registration, _token = create_registration(forum, notify=False, email=f"p{n}@example.org")
        db.session.add(SessionAttendance(forum_id=forum.id, registration_id=registration.id, agenda_item_id=opening.id))
    db.session.commit()
    login(mai)
    return forum


def test_the_web_report_shows_approved_session_notes_in_programme_order(client, forum):
    page = client.get("/forums/acf/report").get_data(as_text=True)
    contents = page.split('id="toc-heading"')[1].split("</nav>")[0]
    assert contents.index("Findings of the clusters") < contents.index("Findings of the sessions") < contents.index(
        "Recommendations of the forum")
    chapter = page.split('id="sessions-h"')[1].split('id="recommendations-h"')[0]
    assert '<span class="report-num">6</span> Findings of the sessions' in chapter
    assert chapter.index("Opening plenary") < chapter.index("Closing plenary")  # the programme's order
    assert "Rapporteur: Dr Ben Quinones" in chapter
    assert "H.E. Secretary-General" not in chapter  # a speaker is not a rapporteur
    assert "3 people present" in chapter  # scanned in at the opening's door
    assert "<strong>discussed</strong>" not in chapter
    assert "<strong>closed</strong>" in chapter  # the summary's Markdown, read
    assert "The opening finding" in chapter
    assert "Give civil society a seat at ASEAN meetings." in chapter
    assert "Recommendations of the session" in chapter
    for hidden in ("A DRAFT FINDING", "A DRAFT RECOMMENDATION", "A SUBMITTED FINDING", "Panel on youth"):
        assert hidden not in chapter
    assert '<span class="report-num">7</span> Recommendations of the forum' in page  # the chapters after, numbered on


def test_the_pdf_report_prints_the_sessions_chapter_and_no_draft(client, forum):
    response = client.get("/forums/acf/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "6 Findings of the sessions" in text  # in the contents, and at the head of its pages
    _contents, _heading, chapter = text.split("Findings of the sessions", 2)
    chapter = chapter.split("Recommendations of the forum")[0]
    assert chapter.index("Opening plenary") < chapter.index("Closing plenary")
    for expected in ("Opening session", "Thursday 9 March 2017, 09:00–10:00", "Rapporteur: Dr Ben Quinones",
                     "3 people present", "The opening finding", "Give civil society a seat at ASEAN meetings.",
                     "Recommendations of the session", "Meet again in Manila next year."):
        assert expected in chapter, expected
    for hidden in ("A DRAFT FINDING", "A DRAFT RECOMMENDATION", "A SUBMITTED FINDING"):
        assert hidden not in text


def test_the_csv_lists_the_sessions_recommendations_and_actions(client, forum):
    rows = list(csv.reader(io.StringIO(client.get("/forums/acf/report/recommendations.csv").data.decode("utf-8-sig"))))
    session_rows = [row for row in rows if row[0] == "Session recommendation"]
    assert [(row[2], row[3]) for row in session_rows] == [
        ("Opening plenary", "Give civil society a seat at ASEAN meetings."),
        ("Closing plenary", "Meet again in Manila next year.")]
    assert "A DRAFT RECOMMENDATION" not in str(rows)


def test_queries_do_not_grow_with_the_sessions(client, create_user, create_forum, create_item, create_session_notes,
                                               login, db):
    mai = create_user(email="counts@example.org")
    for slug, sessions in (("one", 1), ("ten", 10)):  # no forum object kept here: each page loads its own
        build(create_forum(slug=slug, organiser=mai, status="concluded", start_date=DAY, end_date=DAY), create_item,
              create_session_notes, sessions)
    login(mai)
    pages = ("report", "report.pdf", "report/recommendations.csv")

    def counts(slug: str) -> dict[str, int]:
        client.get(f"/forums/{slug}/report")  # what the first request of each forum loads once (its partners)
        return {page: count_queries(db, lambda page=page: client.get(f"/forums/{slug}/{page}")) for page in pages}

    assert counts("ten") == counts("one")
    page = client.get("/forums/ten/report").get_data(as_text=True)
    assert all(f"Finding of plenary {n}" in page for n in range(10))
