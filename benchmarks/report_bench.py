"""Time the outcome report's PDF for 2,000 participants, 10 clusters and 200 recommendations, and its peak memory,
against bare reportlab building the same flowables.

The data is made up but shaped like a large forum: 2,000 participants from the 11 countries (names and
organisations in Latin, Vietnamese, Thai, Khmer, Burmese and Lao script), about 700 organisations listed, 10
clusters with approved notes (5 findings, 3 challenges, 20 recommendations and 5 action items each), 200 forum
recommendations, a two-day programme of 44 items with 10 parallel breakouts per slot. Variants:

- ours   the project's path: render_report(ReportData) in forumops/outcomes/pdf.py, i.e. the chapters built from
         plain data (fonts.markup on every user string: escaping and script runs), Markdown read with markdown-it,
         participation charts as reportlab Drawings with shaped labels, a cover, a table of contents with links,
         running header and "Page N of M", multiBuild until contents and page total are settled.
- bare   plain reportlab from the same ReportData: the same paragraphs, lists, tables (header repeated, striped),
         one reportlab HorizontalBarChart Drawing per breakdown, cover, reportlab's TableOfContents, "Page N" footer,
         SimpleDocTemplate.multiBuild; text escaped with xml.sax.saxutils.escape, no script runs and no per-run
         fonts (so Thai, Khmer, Burmese and Lao would print as boxes: what correctness costs is in the ratio), the
         same Noto fonts with HarfBuzz shaping on. Its contents page has no shaping (reportlab cannot wrap its
         page-number callback in shaped text) and its chart labels are plain Strings.
- bare_unshaped  the same with shaping off everywhere: the floor (wrong for Thai, Lao, Khmer and Burmese). Ours
         shapes only paragraphs that hold such a run (forumops/pdf/text.py Paragraph), so it can come out faster than "bare".
- data   (with --db) the ReportData itself read from a SQLite database holding the same forum, through
         queries.report_data: the SQL statements counted, the time of the reads.

Each variant runs in a fresh process: its time is the best of --repeat runs after one warm-up run (fonts
registered, words shaped once), its peak memory is tracemalloc's peak during one run (Python allocations) and
the process's peak resident size (ru_maxrss, interpreter and fonts included). Target: ours within 1.5 x bare
in time. It is a report: exit code 0 whatever the numbers; a ratio over the target is marked ABOVE TARGET.

    cd /work/main && PYTHONPATH=. python benchmarks/report_bench.py
    PYTHONPATH=. python benchmarks/report_bench.py --db        # also read the data from a database
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from datetime import UTC, date, datetime, timedelta

PARTICIPANTS = 2_000
CLUSTERS = 10
RECOMMENDATIONS = 200
TARGET = 1.5

COUNTRIES = [("VN", "Viet Nam"), ("TH", "Thailand"), ("KH", "Cambodia"), ("MM", "Myanmar"),
             ("LA", "Lao People's Democratic Republic"), ("ID", "Indonesia"), ("MY", "Malaysia"),
             ("PH", "Philippines"), ("SG", "Singapore"), ("BN", "Brunei Darussalam"), ("TL", "Timor-Leste")]
ORG_WORDS = {
    "VN": ["Hội Liên hiệp Phụ nữ", "Hợp tác xã", "Trung tâm Phát triển Nông thôn", "Mạng lưới Doanh nghiệp Xã hội"],
    "TH": ["มูลนิธิเพื่อการพัฒนาชนบท", "เครือข่ายวิสาหกิจชุมชน", "สมาคมสตรี"],
    "KH": ["សមាគមស្ត្រីសហគ្រិន", "សហគមន៍កសិករ", "អង្គការអភិវឌ្ឍន៍ជនបទ"],
    "MM": ["မြန်မာ အမျိုးသမီး ကွန်ရက်", "လယ်သမား သမဝါယမ", "ကျေးလက် ဖွံ့ဖြိုးရေး"],
    "LA": ["ສະມາຄົມແມ່ຍິງ", "ກຸ່ມຜະລິດຫັດຖະກຳ", "ເຄືອຂ່າຍຊາວກະສິກອນ"],
}
LATIN_ORG = ["Women Entrepreneurs Network", "Rural Cooperative Federation", "Fisherfolk Solidarity Association",
             "Social Enterprise Alliance", "Community Livelihoods Trust", "Craft Producers Group"]
ORG_TYPES = ["Civil-society organisation", "NGO", "Cooperative or social enterprise", "Local government",
             "Academia or research", "Private sector", "Donor or foundation", "Intergovernmental body"]
CATEGORIES = ["Civil-society representative", "Government", "Resource person", "Observer", "Media",
              "Organiser staff"]
GENDERS = ["Woman", "Man", "Non-binary", "Prefer not to say", "Not stated"]
CLUSTER_NAMES = ["Women empowerment", "Rural development", "MSME development", "Food sovereignty",
                 "Social protection", "Climate resilience", "Youth and digital skills", "Fair trade",
                 "Inclusive finance", "ក្រុម សហគមន៍"]
ADDRESSEES = ["ASEAN Secretariat", "ASEAN member states", "National governments", "Local governments",
              "ASEAN Foundation", "Development partners"]
SENTENCE = ("Improve market access for micro, small and medium enterprises & cooperatives, including those led by "
            "women, through regional trade fairs, e-commerce training and simpler certification")


def make_report():
    """The ReportData of a large forum (plain data, as queries.report_data would return it)."""
    from forumops.agenda.data import ItemData, PersonData
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

    rng = random.Random(2017)
    organisations = {}
    keys = ("country", "organisation_type", "category", "gender", "mode", "cluster")
    registered = {k: Counter() for k in keys}
    attended = {k: Counter() for k in keys}
    for n in range(PARTICIPANTS):
        code, country = COUNTRIES[rng.randrange(len(COUNTRIES))]
        words = ORG_WORDS.get(code, LATIN_ORG) if rng.random() < 0.6 else LATIN_ORG
        org = f"{rng.choice(words)} {country.split()[0]} {rng.randrange(70)}"
        org_type = rng.choice(ORG_TYPES)
        if rng.random() < 0.8:
            organisations.setdefault(org, OrganisationData(org, "", org_type, country))
        values = {"country": country, "organisation_type": org_type, "category": rng.choice(CATEGORIES),
                  "gender": rng.choice(GENDERS), "mode": rng.choice(["In person", "Online"]),
                  "cluster": CLUSTER_NAMES[n % CLUSTERS]}
        came = rng.random() < 0.82
        for key, value in values.items():
            registered[key][value] += 1
            attended[key][value] += came
    titles = {"country": "By country", "organisation_type": "By organisation type",
              "category": "By participant category", "gender": "By gender", "mode": "By attendance mode",
              "cluster": "By cluster"}
    breakdowns = tuple(
        Breakdown(key, titles[key], tuple(sorted((BreakdownRow(label, registered[key][label], attended[key][label])
                                                  for label in registered[key]), key=lambda r: -r.registered)))
        for key in keys)
    participation = ParticipationData(
        total_registrations=PARTICIPANTS + 140, registered=PARTICIPANTS, attended=sum(attended["country"].values()),
        countries=len(COUNTRIES), organisations=len(organisations),
        by_status=(StatusCount("pending", "Awaiting approval", 40), StatusCount("confirmed", "Confirmed", PARTICIPANTS),
                   StatusCount("waitlisted", "On the waiting list", 60), StatusCount("rejected", "Not accepted", 10),
                   StatusCount("cancelled", "Cancelled", 30)),
        breakdowns=breakdowns)

    clusters = tuple(ClusterFindingsData(
        id=c, name=CLUSTER_NAMES[c], description="", participants=registered["cluster"][CLUSTER_NAMES[c]],
        sessions=(f"{CLUSTER_NAMES[c]}: session 1", f"{CLUSTER_NAMES[c]}: session 2"),
        summaries=(f"The cluster **compared** programmes across {len(COUNTRIES)} countries.\n\n- what works\n- what "
                   "does not, yet",),
        findings=tuple(f"Finding {f}: CSOs already pursue many goals of the ASEAN Strategic Action Plan." for f in
                       range(5)),
        challenges=("Access to finance", "Weak communication with ASEAN bodies", "Regulations"),
        recommendations=tuple(ClusterRecommendationData(f"{SENTENCE} ({c}.{r}).", rng.choice(ADDRESSEES),
                                                        "high", "High") for r in range(RECOMMENDATIONS // CLUSTERS)),
        actions=tuple(ActionData(f"Action {a} of the cluster: circulate the course list", "ASEAN CSR Network",
                                 date(2017, 4, 30), "open", "Open", CLUSTER_NAMES[c]) for a in range(5)))
        for c in range(CLUSTERS))
    recommendations = tuple(ForumRecommendationData(
        n, f"{SENTENCE} <{n}>.", rng.choice(ADDRESSEES), ("adopted", "noted", "proposed")[n % 3],
        ("Adopted", "Noted", "Proposed")[n % 3], (CLUSTER_NAMES[n % CLUSTERS],)) for n in range(1, RECOMMENDATIONS + 1))

    start = datetime(2017, 3, 9, 1, 0, tzinfo=UTC)
    items, n = [], 0
    for day in range(2):
        for slot in range(8):
            at = start + timedelta(days=day, minutes=75 * slot)
            parallel = CLUSTER_NAMES if slot % 3 == 1 else [""]
            for cluster in parallel:
                n += 1
                items.append(ItemData(n, f"u{n}", f"Session {n}: solutions with corporates and policy makers",
                                      "breakout" if cluster else "plenary", at, at + timedelta(hours=1),
                                      room="Plenary hall", cluster=cluster,
                                      people=(PersonData("Datuk Dr Denison Jayasooria", "moderator"),
                                              PersonData("สมชาย ใจดี", "speaker", organisation="Thai SE Office"))))
    return ReportData(
        forum_title="ASEAN Civil Society Forum 2027", forum_slug="acsf-2027",
        title="Outcome report: ASEAN Civil Society Forum 2027", timezone="Asia/Jakarta",
        first_day=date(2017, 3, 9), last_day=date(2017, 3, 10), venue="Jakarta Convention Center, Jakarta",
        mode_label="Hybrid", series="ASEAN Foundation civil society engagement", url="https://example.org/report",
        is_published=True, published_on=date(2017, 3, 20),
        executive_summary=("Two thousand participants from eleven countries met for two days. **Findings** & "
                           "recommendations follow.\n\n") * 6,
        conclusions="- Follow up after six months\n- Report to the ASEAN Secretariat\n\n" * 3,
        acknowledgements="Thanks to every participating organisation.",
        authors=("Dr Ben Santos (ASEAN CSR Network)", "Nguyễn Phương Linh (Vietnam)"), editors=("Mai Anh Trần",),
        background="The forum brings together civil society from across the region.\n\n" * 4,
        objectives=("Forge people-to-people engagement.", "Explore alliances.", "Present the findings."),
        partners=(PartnerData("ASEAN Foundation", "organiser", "Organiser", country="Indonesia"),
                  PartnerData("S Rajaratnam Endowment", "funder", "Funder", country="Singapore")),
        programme=tuple(items), participation=participation, has_clusters=True, clusters=clusters,
        recommendations=recommendations, organisations=tuple(sorted(organisations.values(),
                                                                    key=lambda o: (o.country, o.name))))


# --- bare reportlab -------------------------------------------------------------------------------------

def render_bare(data, shaping: int = 1) -> bytes:
    """The same report in the plainest reportlab: what the library costs without the project's care."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    from forumops.core import fonts
    from forumops.core.charts import ChartRow, chart_rows

    fonts.register_fonts()
    regular, bold = fonts.font_name(), fonts.font_name(bold=True)

    def style(name, size, font=regular, shaping=shaping, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, shaping=shaping, **kw)

    body, small, th = style("b", 10), style("s", 8), style("th", 7.5, bold, textColor=colors.white)
    h1, h2 = style("h1", 19, bold, spaceBefore=4, spaceAfter=6), style("h2", 13.5, bold, spaceBefore=10)
    bullet = style("li", 10, leftIndent=14, bulletIndent=3)

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
                self.notify("TOCEntry", (0 if flowable.style.name == "h1" else 1, flowable.getPlainText(), self.page))

    def table(header, rows, widths):
        t = Table([[Paragraph(escape(h), th) for h in header], *rows], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0f4c5c")),
                               ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f9")]),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#d9dee5")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    def p(text, st=body):
        return Paragraph(escape(text), st)

    def markdown(text):  # paragraphs and "- " lists, as the Markdown in the data uses
        out = []
        for block in text.split("\n\n"):
            lines = block.strip().split("\n")
            if all(line.startswith("- ") for line in lines if line):
                out += [Paragraph(escape(line[2:]), bullet, bulletText="\u2022") for line in lines if line]
            elif block.strip():
                out.append(Paragraph(escape(block.strip()).replace("**", ""), body))
        return out

    def chart(breakdown, width):
        rows = chart_rows([ChartRow(r.label, (r.registered, r.attended)) for r in breakdown.rows])
        drawing = Drawing(width, 30 + len(rows) * 20)
        bars = HorizontalBarChart()
        bars.x, bars.y, bars.width, bars.height = 120, 15, width - 150, len(rows) * 20
        bars.data = [[r.values[0] for r in rows][::-1], [r.values[1] for r in rows][::-1]]
        bars.categoryAxis.categoryNames = [r.label for r in rows][::-1]
        bars.categoryAxis.labels.fontName = regular
        bars.valueAxis.labels.fontName = regular
        bars.bars[0].fillColor, bars.bars[1].fillColor = colors.HexColor("#0f4c5c"), colors.HexColor("#c0641f")
        drawing.add(bars)
        return drawing

    buffer = io.BytesIO()
    doc = Doc(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=24 * mm, bottomMargin=22 * mm)
    width = doc.width
    toc = TableOfContents()
    toc.levelStyles = [style("t0", 10.5, bold, shaping=0), style("t1", 9.5, shaping=0, leftIndent=18)]
    story = [Spacer(1, 80 * mm), p(data.title, style("title", 28, bold)), p(data.forum_title, h2),
             *[p(a) for a in data.authors], PageBreak(), p("Contents", h1), toc, PageBreak()]
    story += [p("1 Executive summary", h1), *markdown(data.executive_summary), p("2 The forum", h1),
              *[Paragraph(escape(o), bullet, bulletText=f"{n}.") for n, o in enumerate(data.objectives, 1)],
              *[p(f"{x.role_label}: {x.name}") for x in data.partners], *markdown(data.background),
              p("3 Programme as held", h1)]
    for day, slots in data.programme_days():
        story.append(p(str(day), h2))
        rows = [[p(f"{s[0].start:%H:%M}"), [x for i in s for x in (p(i.cluster, small), p(i.title),
                                                                   p("; ".join(pp.name for pp in i.people), small))]]
                for s in slots]
        story.append(table(("Time", "Session"), rows, (28 * mm, width - 28 * mm)))
    part = data.participation
    story += [p("4 Participation", h1), p(f"{part.registered} registered, {part.attended} attended."),
              table(("Status", "Registrations"), [[p(s.label), p(str(s.count))] for s in part.by_status],
                    (60 * mm, 30 * mm))]
    for b in part.breakdowns:
        story += [p(b.title, h2), chart(b, width),
                  table(("Group", "Registered", "Attended"), [[p(r.label), p(str(r.registered)), p(str(r.attended))]
                                                              for r in b.rows], (width - 50 * mm, 25 * mm, 25 * mm))]
    story.append(p("5 Findings of the clusters", h1))
    for c in data.clusters:
        story += [p(c.name, h2), *[x for s in c.summaries for x in markdown(s)],
                  *[Paragraph(escape(f), bullet, bulletText=f"{n}.") for n, f in enumerate(c.findings, 1)],
                  *[Paragraph(escape(f), bullet, bulletText="\u2022") for f in c.challenges],
                  table(("No.", "Recommendation", "Addressed to", "Priority"),
                        [[p(str(n)), p(r.text), p(r.addressee), p(r.priority_label)]
                         for n, r in enumerate(c.recommendations, 1)], (10 * mm, width - 72 * mm, 42 * mm, 20 * mm)),
                  table(("What", "Who", "By when", "Status"),
                        [[p(a.what), p(a.who), p(str(a.due)), p(a.status_label)] for a in c.actions],
                        (width - 88 * mm, 42 * mm, 22 * mm, 24 * mm))]
    story += [p("6 Recommendations of the forum", h1),
              table(("No.", "Recommendation", "Addressed to", "Decision"),
                    [[p(str(r.number)), [p(r.text), p(", ".join(r.clusters), small)], p(r.addressee), p(r.status_label)]
                     for r in data.recommendations], (10 * mm, width - 74 * mm, 44 * mm, 20 * mm)),
              p("7 Conclusions and way forward", h1), *markdown(data.conclusions),
              p("8 Participating organisations", h1),
              table(("Organisation", "Type", "Country"), [[p(o.name), p(o.type_label), p(o.country)]
                                                          for o in data.organisations],
                    (width - 96 * mm, 52 * mm, 44 * mm)),
              p("9 Acknowledgements", h1), *markdown(data.acknowledgements)]

    def footer(canvas, doc_):
        canvas.setFont(regular, 8)
        canvas.drawString(20 * mm, 12 * mm, data.forum_title)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc_.page}")

    doc.multiBuild(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# --- runs -----------------------------------------------------------------------------------------------

def run_one(variant: str, repeat: int) -> dict:
    from pypdf import PdfReader

    data = make_report()
    if variant == "ours":
        from forumops.outcomes.pdf import render_report as render
    elif variant == "bare":
        render = render_bare
    else:
        def render(data):
            return render_bare(data, shaping=0)
    cold_start = time.perf_counter()
    pdf = render(data)
    cold = time.perf_counter() - cold_start
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        render(data)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    render(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"variant": variant, "cold": cold, "best": min(times), "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "bytes": len(pdf), "traced_peak": peak, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def run_data(repeat: int) -> dict:
    """Build the forum in a temporary SQLite database and time queries.report_data on it."""
    import os
    import tempfile

    tmp = tempfile.mkdtemp(prefix="forumops-report-bench-")
    os.environ["FORUMOPS_TEST_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite"
    from sqlalchemy import event, insert

    from config import TestingConfig
    from forumops import create_app
    from forumops.core.database import rebuild_schema
    from forumops.extensions import db

    app = create_app(TestingConfig)
    rng = random.Random(7)
    rebuild_schema(app)
    with app.app_context():
        from forumops.clusters.models import ClusterAssignment, ClusterNotes, ForumRecommendation
        from forumops.clusters.operations import create_cluster
        from forumops.forums import operations as forums
        from forumops.organisations.models import Organisation
        from forumops.registration.models import Registration

        forum = forums.create_forum({"title": "ASEAN Civil Society Forum 2027", "slug": "acsf-2027",
                                     "start_date": date(2025, 5, 10), "end_date": date(2025, 5, 11),
                                     "timezone": "Asia/Jakarta", "objectives": ["One", "Two"]}, None)
        forums.change_status(forum, "concluded")
        clusters = [create_cluster(forum, name) for name in CLUSTER_NAMES]
        db.session.execute(insert(Organisation), [
            {"name": f"Organisation {n}", "name_key": f"organisation {n}", "type": "ngo", "country": code,
             "acronym": ""} for n, (code, _c) in enumerate(COUNTRIES * 64)])
        db.session.execute(insert(Registration), [
            {"forum_id": forum.id, "name": f"Person {n}", "email": f"p{n}@example.org", "organisation_id": 1 + n % 700,
             "country": COUNTRIES[n % 11][0], "category": "civil_society", "attendance_mode": "in_person",
             "gender": ("woman", "man")[n % 2], "status": "confirmed", "list_publicly": n % 5 != 0,
             "manage_token_hash": f"{n:064d}", "checkin_code": f"C{n:011d}", "consent_privacy": True,
             "checked_in_at": datetime(2027, 5, 10, 1, tzinfo=UTC) if rng.random() < 0.8 else None,
             "cluster_preferences": [], "answers": {}, "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)}
            for n in range(PARTICIPANTS)])
        db.session.execute(insert(ClusterAssignment), [
            {"cluster_id": clusters[n % CLUSTERS].id, "registration_id": n + 1, "role": "participant"}
            for n in range(PARTICIPANTS)])
        for cluster in clusters:
            db.session.add(ClusterNotes(cluster_id=cluster.id, status="approved", title="Session", content={
                "findings": ["A finding"] * 5, "challenges": ["A challenge"] * 3,
                "recommendations": [{"text": SENTENCE, "addressee": "ASEAN", "priority": "high"}] * 20,
                "actions": [{"what": "Act", "who": "ACN", "due": "2027-06-01", "status": "open"}] * 5}))
        db.session.add_all(ForumRecommendation(forum_id=forum.id, text=SENTENCE, status="adopted", position=n)
                           for n in range(RECOMMENDATIONS))
        db.session.commit()
        from forumops.outcomes import operations, queries

        operations.save_report(forum, {"executive_summary": "Two thousand participants met."}, 0, None)
        operations.publish_report(forum, None)
        db.session.commit()
        client = app.test_client()
        page_times, pdf_times = [], []
        for _ in range(repeat + 1):
            start = time.perf_counter()
            assert client.get("/forums/acsf-2027/report").status_code == 200
            page_times.append(time.perf_counter() - start)
        for _ in range(2):  # the first lays the PDF out; the second finds it in the view's cache
            start = time.perf_counter()
            assert client.get("/forums/acsf-2027/report.pdf").status_code == 200
            pdf_times.append(time.perf_counter() - start)
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
        times = []
        with app.test_request_context():
            for _ in range(repeat + 1):
                statements.clear()
                start = time.perf_counter()
                data = queries.report_data(forum, None)
                times.append(time.perf_counter() - start)
    return {"variant": "data", "best": min(times[1:]), "statements": len(statements),
            "organisations": len(data.organisations), "registered": data.participation.registered,
            "page": min(page_times[1:]), "pdf_first": pdf_times[0], "pdf_cached": pdf_times[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", action="store_true", help="also time reading the ReportData from a database")
    parser.add_argument("--one", metavar="VARIANT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_data(args.repeat) if args.one == "data" else run_one(args.one, args.repeat)))
        return
    results = {}
    for variant in ("ours", "bare", "bare_unshaped") + (("data",) if args.db else ()):
        out = subprocess.run([sys.executable, __file__, "--one", variant, "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=True)
        results[variant] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"Outcome report PDF: {PARTICIPANTS:,} participants, {CLUSTERS} clusters, {RECOMMENDATIONS} forum "
          f"recommendations (+{RECOMMENDATIONS} cluster recommendations); best of {args.repeat} after a warm-up")
    print(f"{'variant':<14} {'cold s':>7} {'best s':>7} {'pages':>6} {'PDF KB':>7} {'traced MB':>10} {'RSS MB':>7}")
    for name in ("ours", "bare", "bare_unshaped"):
        r = results[name]
        print(f"{name:<14} {r['cold']:>7.2f} {r['best']:>7.2f} {r['pages']:>6} {r['bytes'] / 1024:>7.0f} "
              f"{r['traced_peak'] / 2**20:>10.1f} {r['maxrss'] / 2**20:>7.1f}")
    ratio = results["ours"]["best"] / results["bare"]["best"]
    memory = results["ours"]["traced_peak"] / results["bare"]["traced_peak"]
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    floor = results["ours"]["best"] / results["bare_unshaped"]["best"]
    print(f"ratio ours / bare: time {ratio:.2f} x (target {TARGET} x: {verdict}), traced peak memory {memory:.2f} x")
    print(f"ratio ours / bare_unshaped (no shaping anywhere: Thai, Khmer, Burmese, Lao drawn wrong): time {floor:.2f} x")
    if "data" in results:
        d = results["data"]
        print(f"data: queries.report_data on SQLite, {d['registered']:,} registered, {d['organisations']} organisations "
              f"listed: {d['best'] * 1000:.0f} ms, {d['statements']} SQL statements")
        print(f"whole requests (test client): GET /report {d['page'] * 1000:.0f} ms; GET /report.pdf "
              f"{d['pdf_first']:.2f} s the first time, {d['pdf_cached'] * 1000:.0f} ms when unchanged (cached)")


if __name__ == "__main__":
    main()
