"""The outcome report's renderers on plain data: the PDF (pdf.py), the SVG charts (charts.py), the CSV (csvio.py).

Run this module directly to write a sample report to /tmp/report.pdf for a look:
    PYTHONPATH=. python tests/outcomes/test_outcomes_pdf.py
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import sys
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from forumops.agenda.data import ItemData, PersonData
from forumops.core import charts
from forumops.outcomes.csvio import recommendations_csv
from forumops.outcomes.data import (
    ActionData,
    Breakdown,
    BreakdownRow,
    ClusterFindingsData,
    ClusterRecommendationData,
    ForumRecommendationData,
    OrganisationData,
    ParticipationData,
    PartnerData,
    ReportData,
    StatusCount,
)
from forumops.outcomes.pdf import render_report

TRICKY = 'Fund <b>bold</b> claims <img src=x onerror=alert(1)> & "quotes" &amp; more'
SCRIPT_ORGANISATIONS = [("Hội Liên hiệp Phụ nữ Việt Nam", "Viet Nam"), ("มูลนิธิเพื่อการพัฒนาชนบท", "Thailand"),
                        ("សមាគមស្ត្រីសហគ្រិនកម្ពុជា", "Cambodia"), ("မြန်မာ အမျိုးသမီး ကွန်ရက်", "Myanmar"),
                        ("ສະມາຄົມແມ່ຍິງລາວ", "Lao People's Democratic Republic")]


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, white space collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _font_families(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1].split("-")[0])
    return names


def _breakdown(key: str, title: str, rows) -> Breakdown:
    return Breakdown(key, title, tuple(BreakdownRow(*row) for row in rows))


def sample_report(organisations: int = 12, **changes) -> ReportData:
    """The 2017 forum in miniature, with names in the five scripts and one tricky recommendation."""
    at = lambda day, h, m=0: datetime(2017, 3, day, h - 8, m, tzinfo=UTC)  # noqa: E731  (Singapore, UTC+8)
    items = (
        ItemData(1, "u1", "Registration", "registration", at(9, 8, 30), at(9, 9), room="Foyer"),
        ItemData(2, "u2", "Plenary opening", "opening_session", at(9, 9), at(9, 10), room="Plenary hall",
                 people=(PersonData("Ms Elaine Tan", "speaker", organisation="ASEAN Foundation"),
                         PersonData("สมศรี ใจดี", "speaker"))),
        ItemData(3, "u3", "Breakout 1", "breakout", at(9, 10, 30), at(9, 12, 30), cluster="Women empowerment"),
        ItemData(4, "u4", "Breakout 1", "breakout", at(9, 10, 30), at(9, 12, 30), cluster="MSME development"),
        ItemData(5, "u5", "Report back", "report_back", at(10, 10, 45), at(10, 12, 15), room="Plenary hall"),
    )
    participation = ParticipationData(
        total_registrations=60, registered=52, attended=41, countries=11, organisations=45,
        by_status=(StatusCount("pending", "Awaiting approval", 2), StatusCount("confirmed", "Confirmed", 52),
                   StatusCount("waitlisted", "On the waiting list", 3), StatusCount("rejected", "Not accepted", 0),
                   StatusCount("cancelled", "Cancelled", 3)),
        breakdowns=(
            _breakdown("country", "By country", [(f"Country {n}", 20 - n, 15 - n) for n in range(14)]),
            _breakdown("gender", "By gender", [("Woman", 34, 27), ("Man", 17, 13), ("Not stated", 1, 1)]),
            _breakdown("cluster", "By cluster", [("Women empowerment", 18, 15), ("ក្រុម MSME", 17, 13),
                                                 ("ဗမာ ကလပ်စတာ", 17, 13)])))
    clusters = (ClusterFindingsData(
        7, "Women empowerment", "About women.", 18, ("Breakout notes",), ("They **shared** practice.",),
        ("Women-led micro enterprises rely on informal finance.",), ("Access to finance",),
        (ClusterRecommendationData("Mainstream women's economic empowerment.", "ASEAN Secretariat", "high", "High"),),
        (ActionData("Map networks", "Vietnam Women's Union", date(2017, 9, 30), "in_progress", "In progress",
                    "Women empowerment"),)),)
    recommendations = (
        ForumRecommendationData(1, TRICKY, "ASEAN Secretariat", "adopted", "Adopted", ("Women empowerment",)),
        ForumRecommendationData(2, "Support community enterprises.", "Local governments", "noted", "Noted"))
    names = SCRIPT_ORGANISATIONS + [(f"Organisation {n}", "Indonesia") for n in range(organisations)]
    report = ReportData(
        forum_title="S Rajaratnam Endowment - ASEAN Community Forum 2017", forum_slug="acf-2017",
        title="Outcome report: ASEAN Community Forum 2017", timezone="Asia/Singapore",
        first_day=date(2017, 3, 9), last_day=date(2017, 3, 10), venue="Forum venue, Singapore",
        mode_label="In person", series="ASEAN Foundation civil society engagement",
        url="https://forumops.example/forums/acf-2017/report", is_published=True, published_on=date(2017, 3, 16),
        executive_summary="Close to 50 CSOs took part.\n\n- **Market access**\n- Regulations & <b>not bold</b>\n\n"
                          "See [the network](https://asean-csr-network.org) or [this](javascript:alert(1)).",
        conclusions="The first of a series.", acknowledgements="Thanks to the S Rajaratnam Endowment.",
        authors=("Dr Ben Santos (ASEAN CSR Network)", "Nguyễn Phương Linh"), editors=("Mai Anh Trần",),
        background="The ASEAN Foundation launches its first initiative.",
        objectives=("Forge people-to-people engagement.", "Present findings to ASEAN."),
        partners=(PartnerData("ASEAN Foundation", "organiser", "Organiser", country="Indonesia"),
                  PartnerData("S Rajaratnam Endowment", "funder", "Funder", country="Singapore")),
        programme=items, participation=participation, has_clusters=True, clusters=clusters,
        recommendations=recommendations,
        organisations=tuple(OrganisationData(name, "", "NGO", country) for name, country in names))
    return dataclasses.replace(report, **changes)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_report(sample_report())


def test_cover_contents_and_numbered_pages_with_running_header(sample_pdf):
    pages = pdf_text(sample_pdf)
    total = len(pages)
    assert total >= 5
    cover = pages[0]
    assert "OUTCOME REPORT" in cover
    assert "Outcome report: ASEAN Community Forum 2017" in cover
    assert "Dr Ben Santos (ASEAN CSR Network)" in cover
    assert "Published 16 March 2017" in cover
    assert "Page 1" not in cover
    assert "ASEAN Community Forum 2017 Page" not in cover
    contents = pages[1]
    assert all("S Rajaratnam Endowment - ASEAN Community Forum 2017" in page for page in pages[1:])  # header
    assert "3 Programme as held Outcome report Page" in " ".join(pages)  # the chapter at the top, right
    entries = re.findall(r"(\d) (Executive summary|The forum|Programme as held|Participation|Findings of the "
                         r"clusters|Recommendations of the forum|Conclusions and way forward|Participating "
                         r"organisations|Acknowledgements) (\d+)", contents)
    assert [e[1] for e in entries][:3] == ["Executive summary", "The forum", "Programme as held"]
    assert len(entries) == 9
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in page
    for _n, title, page_number in entries:  # each entry points at the page its chapter starts on
        assert title in pages[int(page_number) - 1], (title, page_number)
    assert "5.1 Women empowerment" in contents
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == ["1  Executive summary",
                                                                                 "2  The forum"]


def test_every_chapter_prints_its_content(sample_pdf):
    text = " ".join(pdf_text(sample_pdf))
    for expected in ("Close to 50 CSOs took part.", "Market access", "Forge people-to-people engagement.",
                     "ASEAN Foundation", "Thursday 9 March 2017", "08:30–09:00", "Plenary opening",
                     "52 people registered (confirmed) from 11 countries and 45 organisations; 41 attended",
                     "Registrations by status", "By country", "By gender", "By cluster", "Country 13",
                     "Women-led micro enterprises rely on informal finance.", "Mainstream women's economic",
                     "Map networks", "30 September 2017", "Support community enterprises.", "Adopted", "Noted",
                     "1 adopted and 1 noted",
                     "The first of a series.", "Organisation 11", "Thanks to the S Rajaratnam"):
        assert expected in text, expected
    assert "**" not in text  # Markdown is read, not printed


def test_user_text_prints_literally(sample_pdf):
    text = " ".join(pdf_text(sample_pdf))
    assert 'Fund <b>bold</b> claims <img src=x onerror=alert(1)> & "quotes" &amp; more' in text
    assert "Regulations & <b>not bold</b>" in text


def test_only_safe_links_become_links(sample_pdf):
    uris = [annotation.get_object().get("/A", {}).get("/URI")
            for page in PdfReader(io.BytesIO(sample_pdf)).pages for annotation in page.get("/Annots") or []]
    assert "https://asean-csr-network.org" in uris
    assert not any("javascript" in str(uri) for uri in uris)


def test_fonts_for_every_script_are_embedded(sample_pdf):
    families = _font_families(sample_pdf)
    assert {"NotoSans", "NotoSansThai", "NotoSansKhmer", "NotoSansMyanmar", "NotoSansLao"} <= families, families
    assert not families & {"Helvetica", "Times"}, families
    text = " ".join(pdf_text(sample_pdf))
    assert "Hội Liên hiệp Phụ nữ Việt Nam" in text
    assert "Nguyễn Phương Linh" in text
    # Shaped Khmer and Burmese come back from the PDF in visual order (stacked coeng, reordered medials),
    # so the logical strings are not found: proof that they were shaped rather than drawn letter by letter.
    assert re.search("[\u1780-\u17ff]", text)
    assert re.search("[\u1000-\u109f]", text)
    assert "សមាគមស្ត្រីសហគ្រិនកម្ពុជា" not in text
    assert "မြန်မာ" not in text


def test_long_tables_break_across_pages_repeating_their_header():
    pdf = render_report(sample_report(organisations=400))
    pages = pdf_text(pdf)
    listing = [page for page in pages if "Organisation 1" in page or "Organisation 39" in page]
    assert len(listing) >= 3
    assert all("ORGANISATION TYPE COUNTRY" in page for page in listing)


def test_a_recommendation_longer_than_a_page_still_prints():
    long = ForumRecommendationData(1, "Word " * 3000 + "END-OF-TEXT", "ASEAN", "proposed", "Proposed")
    pdf = render_report(sample_report(recommendations=(long,)))
    assert "END-OF-TEXT" in " ".join(pdf_text(pdf))


def test_an_empty_report_says_what_is_missing():
    pdf = render_report(ReportData(forum_title="Forum <i>", forum_slug="x", title="Forum <i>", timezone="Mars/Olympus"))
    pages = pdf_text(pdf)
    text = " ".join(pages)
    for expected in ("Forum <i>", "PREVIEW", "No authors named yet.", "No executive summary has been written yet.",
                     "The concept note lists no objectives.", "No programme has been recorded",
                     "No registrations were recorded for this forum", "This forum had no breakout clusters.",
                     "have not been gathered from the clusters yet", "have not been written yet",
                     "no organisations can be listed", "PREVIEW, not published"):
        assert expected in text, expected
    assert f"Page 2 of {len(pages)}" in pages[1]


def test_one_participant_and_no_check_in():
    participation = ParticipationData(
        total_registrations=1, registered=1, attended=0, countries=1, organisations=1,
        by_status=(StatusCount("confirmed", "Confirmed", 1),),
        breakdowns=(_breakdown("country", "By country", [("Viet Nam", 1, 0)]),))
    pdf = render_report(sample_report(participation=participation, organisations=0, clusters=(),
                                      recommendations=()))
    text = " ".join(pdf_text(pdf))
    assert "1 person registered (confirmed) from 1 country and 1 organisation" in text
    assert "Attendance was not recorded at the desk" in text
    assert "No cluster notes have been approved yet" in text


# --- SVG charts -----------------------------------------------------------------------------------------

def test_svg_chart_is_accessible_and_escaped():
    breakdown = dataclasses.replace(_breakdown("cluster", "By <cluster>", [("A & <b>B</b>", 5, 3), ("ក្រុម", 2, 2)]),
                                    with_attended=True)
    svg = str(charts.bar_chart_svg(breakdown.title, breakdown.chart_rows(), ["Registered", "Attended"],
                                   "chart-cluster"))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-cluster-title chart-cluster-desc"' in svg
    assert "<title id=\"chart-cluster-title\">By &lt;cluster&gt;</title>" in svg
    assert "A &amp; &lt;b&gt;B&lt;/b&gt;: 5 registered, 3 attended; ក្រុម: 2 registered, 2 attended" in svg
    assert "<b>" not in svg
    assert svg.count("<rect") == 2 + 4  # legend swatches + two bars per group
    alone = charts.bar_chart_svg(breakdown.title, breakdown.chart_rows(), ["Registered"], "c")
    assert "attended" not in str(alone).split("<desc")[1]


def test_charts_show_the_largest_groups_and_sum_the_rest():
    rows = tuple(charts.ChartRow(f"Group {n}", (30 - n, 1)) for n in range(20))
    shown = charts.chart_rows(rows)
    assert len(shown) == charts.MAX_GROUPS
    assert shown[-1] == charts.ChartRow("Others (9)", (sum(30 - n for n in range(11, 20)), 9))
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(1930) == [0, 500, 1000, 1500, 2000]


# --- CSV ------------------------------------------------------------------------------------------------

def test_recommendations_csv_from_plain_data():
    body = recommendations_csv(sample_report())
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][:4] == ["Forum recommendation", "1", "Women empowerment", TRICKY]
    assert rows[3][0] == "Cluster recommendation"
    assert rows[4] == [
        "Action item", "1", "Women empowerment", "Map networks", "Vietnam Women's Union", "", "In progress",
        "2017-09-30"]


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/report.pdf"
    with open(out, "wb") as fh:
        fh.write(render_report(sample_report()))
    print(out)
