"""Hostile input, issue 9 point 3: a corpus of nasty strings through every form a person fills in,
then every page, CSV, calendar and PDF that shows them.

The forms are driven generically: the test GETs the real page, reads its form with html.parser, puts
corpus strings in every free-text field (inputs of type text and textareas) and keeps the other fields
at valid values (dates, times, emails, selects as the page offers them). The POST must either save
(a redirect) or show the form again with a message; never a 500. Then each output that shows the text
is checked the way its reader would meet it:

* HTML: parsed; no injected <script>, no on* handler attribute, no javascript: URL, no <img src=x>;
* CSV: every cell starting with = + - @ tab or CR is neutralised with a leading quote;
* iCal: parsed by icalendar and by vobject; one SUMMARY per VEVENT, no injected BCC property;
* PDF: pdftotext reads it, pdftoppm renders it, and reportlab markup shows as text, not applied;
* the database: every stored string is NFC and holds no control characters.

Rather than the full cross product, each corpus string goes through every form at least once, in
rounds that rotate the strings over the form's fields, so every field kind meets every string
somewhere and every output kind is checked after each round.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import sign_in
from tests.html_forms import Form, danger_in, forms_of

SLUG = "hostile-forum"

# --- the corpus ------------------------------------------------------------------------------------
# Strings every field should store (cleaned) and show harmlessly.
STORED = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "js_url": "javascript:alert(1)",
    "js_markdown": "[x](javascript:alert(1))",
    "crlf": "a\r\nBCC: x@evil",
    "zero_width": "Zero\u200bwidth\u200djoin\ufeffmark",
    "nfd": unicodedata.normalize("NFD", "Nguyễn Thị Hương"),
    "font": "<font size=80>big</font>",
    "para": "<para>para</para> Tom &amp; Jerry <b>bold</b>",
    "hyperlink": '=HYPERLINK("http://x")',
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(A1)",
}
# Strings a field may refuse with a message (control characters, text-direction overrides, length).
REFUSABLE = {
    "nul": "a\x00b",
    "bell": "ring\x07ring",
    "escape": "\x1b[31mred",
    "rlo": "invoice\u202egnp.exe",
    "long": ("Long text " * 1000)[:10_000],
}
CORPUS = {**STORED, **REFUSABLE}
# tag-like corpus text that must never appear as an applied element in a page
INJECTED_TAGS = ("font", "para")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# --- the stage --------------------------------------------------------------------------------------


@dataclass
class Stage:
    forum: object
    organiser: object
    participant: object
    registration: object
    manage_token: str
    cluster: object
    notes: object
    plan: object
    plan_token: str
    recommendation: object
    ids: dict = field(default_factory=dict)


@pytest.fixture
def stage(db, create_user, create_forum, create_registration):
    from forumops.clusters import synthesis
    from forumops.clusters.operations import add_staff, assign_registration, create_cluster, open_notes, save_notes
    from forumops.followup import operations as followup
    from forumops.outcomes.operations import report_for
    from forumops.registration import seats as registration_seats
    from forumops.registration import setup as registration_setup
    from forumops.registration.models import Question

    organiser = create_user(email="organiser@example.org", name="Mai Anh Trần")
    participant = create_user(email="participant@example.org", name="Sokha Chan")
    forum = create_forum(SLUG, status="registration_open", organiser=organiser, title="Hostile Input Forum",
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Bangkok",
                         mode="hybrid")
    registration_seats.settings_for(forum)
    for kind in ("short_text", "long_text"):
        registration_setup.add_question(forum, {"label": f"A {kind} question", "kind": kind, "required": False})
    cluster = create_cluster(forum, "MSME development")
    add_staff(cluster, organiser, "facilitator")
    registration, token = create_registration(forum, user=participant, name="Sokha Chan",
                                              email="participant@example.org", organisation="Mekong Institute",
                                              job_title="Researcher", consent_photos=True, list_publicly=True,
                                              notify=False)
    assign_registration(cluster, registration, choice_rank=1)
    notes = open_notes(cluster, title="Breakout 1")
    save_notes(notes, {"summary": "Summary.", "recommendations": [
        {"text": "Open markets to small producers.", "addressee": "ASEAN", "priority": "high"}]}, notes.version,
        organiser)
    from forumops.clusters.operations import change_notes_status

    change_notes_status(notes, "submitted", organiser)
    change_notes_status(notes, "approved", organiser)
    recommendation = synthesis.merge_recommendations(forum, [(notes.id, 0)])
    plan, plan_token = followup.create_plan(forum, {
        "title": "Certify palm sugar", "objective": "Sell abroad.", "registration_id": registration.id,
        "organisation": "", "owner_name": "", "owner_email": "", "country": "", "cluster_id": cluster.id,
        "status": "not_started", "report_every_days": None,
        "activities": [{"text": "Apply", "start_date": date(2027, 5, 1), "end_date": date(2027, 6, 1)}],
        "indicators": [{"label": "Products certified", "kind": "number", "target": 2.0, "unit": "products"}],
    }, organiser, send_link=True)
    other_cluster = create_cluster(forum, "Export consortia")
    add_staff(other_cluster, organiser, "facilitator")
    draft_notes = open_notes(other_cluster, title="Breakout 2")
    report_for(forum)
    from forumops.agenda.operations import make_feed_link

    feed_token = make_feed_link(forum, organiser.id)
    from forumops.travel.details_operations import save_settings as save_travel_settings
    from forumops.travel.models import Support

    db.session.add_all([Support(registration_id=registration.id, kind=kind) for kind in ("travel", "accommodation")])
    save_travel_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD"})
    db.session.commit()
    questions = {q.kind: q.id for q in db.session.scalars(select(Question).where(Question.forum_id == forum.id))}
    return Stage(forum, organiser, participant, registration, token, cluster, notes, plan, plan_token,
                 recommendation, ids={"questions": questions, "draft_notes": draft_notes.id,
                                      "other_cluster": other_cluster.id, "feed": feed_token})


# --- filling a real form -----------------------------------------------------------------------------


@dataclass
class Case:
    """One form a person fills in: where it is, which of its fields keep valid values, what shows it."""

    name: str
    page: Callable[[Stage], str]  # the form's page
    outputs: Callable[[Stage], list[tuple[str, str]]]  # (kind, url): kind in html, csv, ics, pdf
    user: str = "organiser"  # organiser, participant or anonymous
    text_types: tuple[str, ...] = ("text", "search", "")  # input types that take free text
    pick: Callable[[Form], bool] = lambda form: True  # which form of the page
    keep: tuple[str, ...] = ()  # free-text fields (fnmatch patterns) that keep their valid value: slugs, links
    values: Callable[[Stage, int], dict] = lambda stage, round_no: {}  # fixed values per round
    text_for: Callable[[dict[str, str]], dict[str, str]] | None = None  # builds the free text itself (paste)
    submit: str | None = None  # the name of the button to press, when the view asks which one
    outputs_as: str = "organiser"  # who reads the outputs: the organiser, or "self" (the one who filled it)
    updates: bool = False  # one object changed again each round (else each round adds one): check every round
    search: bool = False  # a GET form (a search): the answer is the page of results, nothing is saved


SUBMIT_TYPES = ("submit", "button", "reset", "image", "file", "password")


def _choose_form(html: str, case: Case) -> Form:
    method = "get" if case.search else "post"
    candidates = [f for f in forms_of(html) if f.method == method and "/signout" not in f.action and case.pick(f)]
    assert candidates, f"{case.name}: no form on the page"
    return max(candidates, key=lambda f: sum(x.is_free_text for x in f.fields))


def free_fields(form: Form, case: Case) -> list[str]:
    names = []
    for f in form.fields:
        free = f.tag == "textarea" or (f.tag == "input" and f.type in case.text_types)
        kept = any(fnmatch.fnmatchcase(f.name, pattern) for pattern in case.keep)
        if free and not kept and f.name not in names:
            names.append(f.name)
    return names


def fill(form: Form, case: Case, texts: dict[str, str], fixed: dict[str, str], round_no: int) -> dict:
    """The POST body a person would send: texts in the free fields, everything else valid."""
    data: dict[str, object] = {}
    radios_done = set()
    for f in form.fields:
        if f.name in fixed:
            data[f.name] = fixed[f.name]
        elif f.name in texts:
            data[f.name] = texts[f.name]
        elif f.type in SUBMIT_TYPES:
            continue
        elif f.tag == "textarea":
            data[f.name] = f.value[1:] if f.value.startswith("\n") else f.value.removeprefix("\r\n")
        elif f.type == "checkbox":
            if f.checked:
                data.setdefault(f.name, [])
                data[f.name].append(f.value)
        elif f.type == "radio":
            if f.name not in radios_done and (f.checked or f.name not in data):
                data[f.name] = f.value
                if f.checked:
                    radios_done.add(f.name)
        elif f.tag == "select":  # as a browser: the selected option, else the first; a required one filled in
            chosen = [v for v, selected in f.options if selected]
            offered = [v for v, _selected in f.options if v not in ("", "0")]
            first = (chosen or [v for v, _selected in f.options] or [""])[0]
            data[f.name] = chosen if f.type == "select-multiple" else (
                offered[0] if f.required and first == "" and offered else first)
        elif f.type == "email":
            data[f.name] = f.value or f"person{round_no}-{len(data)}@example.org"
        else:  # hidden, date, time, number, and the kept text fields
            data[f.name] = f.value
    if case.submit:
        data[case.submit] = "y"
    return data


def rounds_for(case: Case, fields: list[str]) -> list[dict[str, str]]:
    """Rotate the stored corpus over the fields, a different string per field in each round, until every
    string went through the form (a form that builds its own text from the whole corpus needs one round);
    then one round of reportlab markup in every field."""
    if case.text_for is not None:
        return [{}]
    strings = list(STORED.values())
    count = -(-len(strings) // max(1, len(fields)))
    rounds = [{name: strings[(i + r * len(fields)) % len(strings)] for i, name in enumerate(fields)}
              for r in range(count)]
    # last, reportlab markup in every field, so each PDF shows it wherever it prints the form's text
    return rounds + [dict.fromkeys(fields, STORED["font"])]


def post_form(client, case: Case, stage: Stage, texts: dict[str, str] | None, round_no: int,
              refusable: str | None = None):
    url = case.page(stage)
    page = client.get(url)
    assert page.status_code == 200, f"{case.name}: GET {url} gave {page.status_code}"
    form = _choose_form(page.get_data(as_text=True), case)
    names = free_fields(form, case)
    if refusable is not None:
        texts = dict.fromkeys(names, refusable)
    if case.text_for is not None:
        texts = case.text_for(texts)
    data = fill(form, case, texts, case.values(stage, round_no), round_no)
    if case.search:
        response = client.get(form.action or url, query_string=data)
        assert response.status_code == 200, f"{case.name}: {response.status_code} for {texts!r}"
        check_html(response.get_data(as_text=True), f"{case.name} (results)")
        return False, names
    response = client.post(form.action or url, data=data)
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{case.name}: {response.status_code} for {texts!r}"
    saved = response.status_code in (302, 303)
    if not saved:
        assert response.status_code in (200, 409, 422), f"{case.name}: {response.status_code}"
        markers = ('class="error-summary"', 'class="error-message"', "flash-error", 'class="checkin-verdict"')
        assert any(marker in body for marker in markers), \
            f"{case.name}: the form came back without saying why, for {texts!r}"
        check_html(body, f"{case.name} (form shown again)")
    return saved, names


# --- checking what comes out ---------------------------------------------------------------------------


def check_html(body: str, where: str) -> None:
    danger = danger_in(body)
    assert not [s for s in danger.script_texts if "alert(" in s], f"{where}: an injected <script> ran"
    assert danger.handler_attributes == [], f"{where}: event-handler attributes {danger.handler_attributes}"
    assert danger.javascript_urls == [], f"{where}: javascript: URLs {danger.javascript_urls}"
    assert danger.injected_images == [], f"{where}: an injected <img>"
    assert danger.injected_tags == [], f"{where}: injected markup applied: {danger.injected_tags}"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_csv(data: bytes, where: str) -> None:
    text = data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not cell.startswith(FORMULA_START), f"{where}: a formula cell {cell[:40]!r}"


def check_ics(data: bytes, where: str) -> None:
    import icalendar
    import vobject

    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        assert "BCC" not in component, f"{where}: an injected line became a property"
        if component.name == "VEVENT":
            summary = component.get("SUMMARY")
            assert summary is not None, f"{where}: not one SUMMARY"
            assert not isinstance(summary, list), f"{where}: not one SUMMARY"
    unfolded = re.sub(rb"\r\n[ \t]", b"", data)
    for event in unfolded.split(b"BEGIN:VEVENT")[1:]:
        lines = event.split(b"END:VEVENT")[0].split(b"\r\n")
        assert sum(line.startswith((b"SUMMARY:", b"SUMMARY;")) for line in lines) == 1, f"{where}: SUMMARY split"
        assert not any(line.upper().startswith(b"BCC") for line in lines), f"{where}: an injected line"
    list(vobject.readComponents(data.decode("utf-8")))  # an independent parser reads it too


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_pdf(data: bytes, where: str) -> None:
    assert data.startswith(b"%PDF"), f"{where}: not a PDF"
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/out.pdf"
        with open(path, "wb") as handle:
            handle.write(data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True,
                              timeout=60).stdout.decode()
        rendered = subprocess.run(["pdftoppm", "-r", "8", "-png", path, f"{folder}/page"], capture_output=True,
                                  timeout=120)
        assert rendered.returncode == 0, f"{where}: pdftoppm failed: {rendered.stderr[:300]!r}"
        assert b"Error" not in rendered.stderr, f"{where}: {rendered.stderr[:300]!r}"
    flat = _flat(text)
    bare = re.sub(r"\s+", "", text)  # table cells may wrap a long token anywhere
    # reportlab markup typed by a person shows as the text they typed, never applied
    if "big" in flat:
        assert "<fontsize=80>big</font>" in bare, f"{where}: <font> markup was applied"
        MARKUP_SEEN.add(where.split(":")[0])
    if "Jerry" in flat:  # in Markdown fields "&amp;" is CommonMark's entity for "&"; as in the web page
        assert re.search(r"<para>para</para>Tom&(amp;)?Jerry<b>bold</b>", bare), f"{where}: markup was applied"
        MARKUP_SEEN.add(where.split(":")[0])


MARKUP_SEEN: set[str] = set()  # the cases whose PDFs showed typed reportlab markup (so the check above ran)


CHECKS = {"html": check_html, "csv": check_csv, "ics": check_ics, "pdf": check_pdf}


def check_outputs(client, case: Case, stage: Stage) -> None:
    for kind, url in case.outputs(stage):
        response = client.get(url)
        assert response.status_code == 200, f"{case.name}: GET {url} gave {response.status_code}"
        CHECKS[kind](response.get_data() if kind != "html" else response.get_data(as_text=True),
                     f"{case.name}: {url}")


def check_stored_text(db) -> None:
    """Every string in every table is NFC and holds no control characters (newline and tab allowed).

    Calendar files attached to mails keep their CRLF line ends: RFC 5545 requires them.
    """
    problems = []

    def visit(table, column, value):
        if isinstance(value, str) and (table, column) == ("outbox_messages", "attachment_text"):
            value = value.replace("\r\n", "\n")
        if isinstance(value, str):
            if unicodedata.normalize("NFC", value) != value:
                problems.append(f"{table}.{column} not NFC: {value[:40]!r}")
            if CONTROL.search(value.replace("\n", "").replace("\t", "")):
                problems.append(f"{table}.{column} holds control characters: {value[:40]!r}")
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(table, column, key)
                visit(table, column, item)
        elif isinstance(value, list):
            for item in value:
                visit(table, column, item)

    connection = db.session.connection()  # the test's transaction: what every request committed into it
    for table in db.metadata.sorted_tables:
        for row in connection.execute(table.select()):
            for column, value in row._mapping.items():
                visit(table.name, column, value)
    assert problems == []


# --- the forms ---------------------------------------------------------------------------------------


def F(path: str = "") -> str:
    return f"/forums/{SLUG}{path}"


def _registration_ids(stage: Stage) -> list[int]:
    from forumops.extensions import db
    from forumops.registration.models import Registration

    return list(db.session.scalars(select(Registration.id).where(Registration.forum_id == stage.forum.id)))


def _item_ids(stage: Stage) -> list[int]:
    from forumops.agenda.models import AgendaItem
    from forumops.extensions import db

    return list(db.session.scalars(select(AgendaItem.id).where(AgendaItem.forum_id == stage.forum.id)))


def _plan_ids(stage: Stage) -> list[int]:
    from forumops.extensions import db
    from forumops.followup.models import ActionPlan

    return list(db.session.scalars(select(ActionPlan.id).where(ActionPlan.forum_id == stage.forum.id)))


def registration_outputs(stage: Stage) -> list[tuple[str, str]]:
    ids = _registration_ids(stage)
    return ([("html", F("/registrations")), ("csv", F("/registrations.csv")), ("html", F("/checkin")),
             ("html", F("/outbox")), ("html", "/organisations/"), ("html", F("/badges"))]
            + [("html", F(f"/registrations/{i}")) for i in ids] + [("pdf", F(f"/registrations/{i}/badge.pdf"))
                                                                    for i in ids])


def programme_outputs(stage: Stage) -> list[tuple[str, str]]:
    return ([("html", F("/agenda")), ("html", F("/agenda/manage")), ("ics", F("/agenda.ics")),
             ("ics", F(f"/agenda/feed/{stage.ids['feed']}.ics")), ("pdf", F("/agenda.pdf"))]
            + [("ics", F(f"/agenda/{i}.ics")) for i in _item_ids(stage)])


def report_outputs(stage: Stage) -> list[tuple[str, str]]:
    return [("html", F("/report")), ("pdf", F("/report.pdf"))]


def followup_outputs(stage: Stage) -> list[tuple[str, str]]:
    return ([("html", F("/followup")), ("csv", F("/followup.csv")), ("pdf", F("/followup.pdf"))]
            + [("html", F(f"/followup/plans/{i}")) for i in _plan_ids(stage)])


def sign_up_outputs(stage: Stage) -> list[tuple[str, str]]:
    """Where a new account's name shows before anyone signs in: the newest address-confirmation link's page."""
    from forumops.core.outbox import OutboxMessage
    from forumops.extensions import db

    body = db.session.scalars(select(OutboxMessage.body_text).where(
        OutboxMessage.subject == "Confirm your email address for ForumOps").order_by(OutboxMessage.id.desc())).first()
    links = re.findall(r"/account/verify/[A-Za-z0-9_-]+", body or "")
    return [("html", "/account/check-email")] + [("html", link) for link in links]


def paste_text(texts: dict[str, str]) -> dict[str, str]:
    """A programme whose titles and speakers are the corpus, one item per string."""
    lines = []
    for number, text in enumerate(STORED.values()):
        start = 8 * 60 + 30 * number
        lines.append(f"{start // 60:02d}:{start % 60:02d}-{start // 60:02d}:{start % 60 + 20:02d} {text}")
        lines.append(f"Speaker: {text.splitlines()[0]}, {text}")
    if texts and len(set(texts.values())) == 1 and next(iter(texts.values())) in REFUSABLE.values():
        lines.append(f"18:00-18:30 {next(iter(texts.values()))}")
    return {"text": "\n".join(lines)}


CASES = [
    Case("registration", lambda s: F("/register"), lambda s: registration_outputs(s) + report_outputs(s),
         user="anonymous", keep=("website",),  # the honeypot stays empty, as a person leaves it
         values=lambda s, r: {"consent_privacy": "y"}),
    # the honeypot takes the corpus too: answered as a registration would be, never a 500, nothing shown
    Case("registration honeypot", lambda s: F("/register"),
         lambda s: [("html", F("/registrations")), ("csv", F("/registrations.csv")), ("html", F("/outbox"))],
         user="anonymous",
         keep=("name", "organisation", "job_title", "dietary_needs", "accessibility_needs", "q_*", "invitation_code"),
         values=lambda s, r: {"consent_privacy": "y", "name": f"Honeypot visitor {r}"}),
    Case("registration edit by private link", lambda s: F(f"/registration/{s.manage_token}"),
         lambda s: registration_outputs(s) + [("html", F(f"/registration/{s.manage_token}")),
                                              ("pdf", F(f"/registration/{s.manage_token}/badge.pdf"))],
         user="anonymous", pick=lambda f: not f.action.endswith("/cancel"),
         values=lambda s, r: {"consent_privacy": "y"}, updates=True),
    Case("registration edit by account", lambda s: F("/my-registration"),
         lambda s: [("html", F("/my-registration")), ("pdf", F("/my-registration/badge.pdf"))],
         user="participant", outputs_as="self", pick=lambda f: not f.action.endswith("/cancel"),
         values=lambda s, r: {"consent_privacy": "y"}, updates=True),
    Case("registration questions", lambda s: F("/registrations/questions"),
         lambda s: [("html", F("/registrations/questions")), ("html", F("/register")),
                    ("csv", F("/registrations.csv"))],
         pick=lambda f: "/questions/" not in f.action, keep=("min_value", "max_value", "shown_if", "options"),
         # a choice question needs two options: markup and a formula in them, the corpus in the label and hint
         values=lambda s, r: {"kind": "single_choice", "options": f"<b>First</b> {r}\n=SUM(A1) {r}"}),
    Case("registration settings", lambda s: F("/registrations/settings"),
         lambda s: [("html", F("/register")), ("html", F("/registrations/settings"))], updates=True),
    Case("concept note", lambda s: F("/edit"),
         lambda s: [("html", F("/")), ("html", "/forums/"), ("html", F("/register")), ("ics", F("/agenda.ics")),
                    ("pdf", F("/agenda.pdf"))] + report_outputs(s)
         + [("pdf", F(f"/registrations/{s.registration.id}/badge.pdf"))],
         keep=("slug", "timezone", "online_link"), updates=True),
    Case("new forum", lambda s: "/forums/new", lambda s: [("html", "/forums/")],
         keep=("slug", "timezone", "online_link"),
         values=lambda s, r: {"slug": f"hostile-new-{r}", "timezone": "Asia/Bangkok", "start_date": "2027-05-01",
                              "end_date": "2027-05-02", "mode": "in_person"}),
    Case("partners", lambda s: F("/partners"),
         lambda s: [("html", F("/")), ("html", F("/partners")), ("html", "/organisations/")] + report_outputs(s)),
    Case("agenda item and its people", lambda s: F("/agenda/items/new"), programme_outputs,
         values=lambda s, r: {"start": f"{9 + r:02d}:00", "end": f"{9 + r:02d}:45", "online_link": ""}),
    Case("programme paste", lambda s: F("/agenda/paste"), programme_outputs, text_for=paste_text, submit="save"),
    Case("rooms", lambda s: F("/agenda/rooms"),
         lambda s: [("html", F("/agenda/rooms")), ("html", F("/agenda/items/new"))]),
    Case("new cluster", lambda s: F("/clusters"),
         lambda s: [("html", F("/clusters")), ("html", F("/register")), ("html", F("/clusters/assign"))]),
    Case("cluster", lambda s: F(f"/clusters/{s.cluster.id}/edit"),
         lambda s: [("html", F(f"/clusters/{s.cluster.id}")), ("html", F("/clusters")), ("html", F("/register"))]
         + report_outputs(s), pick=lambda f: not f.by_name("staff-email"), updates=True),
    Case("cluster notes", lambda s: F(f"/clusters/{s.ids['other_cluster']}/notes/{s.ids['draft_notes']}/edit"),
         lambda s: [("html", F(f"/clusters/{s.ids['other_cluster']}/notes/{s.ids['draft_notes']}")),
                    ("html", F(f"/clusters/{s.ids['other_cluster']}/notes/{s.ids['draft_notes']}/history")),
                    ("html", F(f"/clusters/{s.ids['other_cluster']}"))], updates=True),
    Case("recommendation", lambda s: F("/recommendations"),
         lambda s: [("html", F("/recommendations")), ("csv", F("/report/recommendations.csv"))] + report_outputs(s),
         pick=lambda f: f.action.split("#")[0].endswith("/edit"), updates=True),
    Case("report texts", lambda s: F("/report/edit"), report_outputs, pick=lambda f: f.action.endswith("/edit"),
         updates=True),
    Case("follow-up plan, activities and indicators", lambda s: F("/followup/plans/new"), followup_outputs,
         keep=("indicators-*-target",),
         values=lambda s, r: {"indicators-0-target": "3", "activities-0-start_date": "2027-05-01"}),
    Case("progress report", lambda s: F(f"/followup/report/{s.plan_token}"), followup_outputs, user="anonymous",
         keep=("evidence_links", "indicator_*"),
         values=lambda s, r: {"plan_status": "on_track"}),
    Case("account name (sign-up)", lambda s: "/account/signup", sign_up_outputs, user="anonymous",
         outputs_as="self", updates=True,
         values=lambda s, r: {"password": "correct horse battery", "confirm": "correct horse battery"}),
    Case("new address (account page)", lambda s: "/account/", lambda s: [("html", "/account/")], user="participant",
         outputs_as="self", text_types=("email",), pick=lambda f: f.action.endswith("/account/email"),
         values=lambda s, r: {"address-current_password": "correct horse battery"}),
    Case("plan edit", lambda s: F(f"/followup/plans/{s.plan.id}/edit"), followup_outputs,
         keep=("indicators-*-target",), updates=True),
    Case("cluster staff invite (a new account's name)", lambda s: F(f"/clusters/{s.cluster.id}/edit"),
         lambda s: [("html", F(f"/clusters/{s.cluster.id}")), ("html", F(f"/clusters/{s.cluster.id}/edit"))],
         pick=lambda f: bool(f.by_name("staff-email"))),
    Case("invitation codes", lambda s: F("/registrations/invitations"),
         lambda s: [("html", F("/registrations/invitations"))], values=lambda s, r: {"count": "1", "max_uses": "1"}),
    Case("new edition", lambda s: F("/new-edition"), lambda s: [("html", "/forums/")], keep=("slug",),
         values=lambda s, r: {"slug": f"hostile-edition-{r}", "start_date": "2028-04-14"}),
    Case("check-in code", lambda s: F("/checkin"), lambda s: [("html", F("/checkin"))],
         pick=lambda f: bool(f.by_name("code"))),
    Case("check-in name search", lambda s: F("/checkin"), lambda s: [], search=True, text_types=("search",)),
    Case("registration desk search", lambda s: F("/registrations"), lambda s: [], search=True),
    Case("team invite", lambda s: F("/team"), lambda s: [("html", F("/team"))],
         pick=lambda f: "/remove" not in f.action, text_types=("email",)),
    Case("travel form by private link", lambda s: F(f"/registration/{s.manage_token}/travel"),
         lambda s: [("html", F(f"/registration/{s.manage_token}/travel")), ("html", F(f"/registrations/"
                                                                                     f"{s.registration.id}"))],
         user="anonymous", updates=True),
    Case("travel hotels", lambda s: F("/travel"), lambda s: [("html", F("/travel"))],
         pick=lambda f: f.action.endswith("/travel/hotels")),
]


_addresses = iter(range(1, 1_000_000))


def client_as(app, stage: Stage, who: str):
    client = app.test_client()
    number = next(_addresses)  # each visitor from an address of their own: sign-up throttling is per address
    client.environ_base["REMOTE_ADDR"] = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    if who != "anonymous":
        sign_in(client, getattr(stage, who))
    return client


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_text_through_every_field_is_stored_clean_and_shown_harmless(app, db, stage, case):
    reader = client_as(app, stage, "organiser")
    filler = client_as(app, stage, case.user)
    page = filler.get(case.page(stage))
    names = free_fields(_choose_form(page.get_data(as_text=True), case), case)
    assert names or case.text_for, f"{case.name}: no free-text field found"
    saved_rounds = 0
    for round_no, texts in enumerate(rounds_for(case, names)):
        if case.user == "anonymous":
            filler = client_as(app, stage, "anonymous")
        saved, _names = post_form(filler, case, stage, texts, round_no)
        saved_rounds += saved
        if case.outputs_as == "self":
            reader = filler
        if case.updates:
            check_outputs(reader, case, stage)
    for number, text in enumerate(REFUSABLE.values()):
        visitor = client_as(app, stage, "anonymous") if case.user == "anonymous" else filler
        saved, _names = post_form(visitor, case, stage, None, 100 + number, refusable=text)
        if saved and case.updates:
            check_outputs(reader, case, stage)
    check_outputs(reader, case, stage)
    assert saved_rounds or case.text_types == ("email",) or case.search or case.name == "check-in code", \
        f"{case.name}: nothing from the corpus was saved"
    if any(kind == "pdf" for kind, _url in case.outputs(stage)):
        assert case.name in MARKUP_SEEN, f"{case.name}: no PDF showed the typed markup, so it was never checked"
    check_stored_text(db)


def test_hostile_csv_import_is_stored_clean_and_exported_neutralised(app, db, stage):
    """The registration desk's CSV import is a form too (a file): the corpus in its cells, then its exports."""
    organiser = client_as(app, stage, "organiser")

    def upload(names):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["name", "email", "organisation", "country", "category", "mode"])
        for number, name in enumerate(names):
            writer.writerow([CORPUS[name], f"import{number}@example.org", CORPUS[name], "VN", "civil_society",
                             "in_person"])
        response = organiser.post(F("/registrations/import"), content_type="multipart/form-data",
                                  data={"file": (io.BytesIO(out.getvalue().encode()), "hostile.csv")})
        assert response.status_code < 500
        check_html(response.get_data(as_text=True), "import report")
        return response, response.get_data(as_text=True)

    # a NUL byte makes it a binary file, and an over-long row fails the whole file: both said, nothing saved
    response, body = upload(["nul"])
    assert response.status_code == 422
    assert "not a CSV text file" in body
    response, body = upload(["long"])
    assert response.status_code == 422
    assert "longer than" in body
    response, body = upload([name for name in CORPUS if name not in ("nul", "long")])
    assert response.status_code in (200, 302), body[:500]
    for kind, url in registration_outputs(stage):
        fetched = organiser.get(url)
        assert fetched.status_code == 200, url
        CHECKS[kind](fetched.get_data() if kind != "html" else fetched.get_data(as_text=True), f"import: {url}")
    exported = organiser.get(F("/registrations.csv")).get_data().decode("utf-8-sig")
    assert "'=HYPERLINK(" in exported
    assert "'@SUM(A1)" in exported
    check_stored_text(db)
