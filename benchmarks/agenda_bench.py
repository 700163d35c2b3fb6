"""Time the public programme page and its calendar feed, whole requests, against the bare libraries.

A published forum (5 days, Asia/Jakarta, 3 clusters, 4 rooms) with 500 agenda items and 1,000 distinct people
(200 forum participants with accounts, 800 guests; 2-4 people per item) is built through the app's own
operations, on a fresh database whose schema comes from the migrations (as tests/conftest.py does). Then:

- ours_page  GET /forums/<slug>/agenda through app.test_client(), nothing changed since the last request:
             routing, the one-query version of the programme, the cached days.
- edit_page  the same GET right after an organiser's edit: before each timed request (untimed) one item's title is
             changed through agenda.operations.update_item and committed, as the item form does (its updated_at
             and sequence rise), on a different day each time. The request then reads the rows and renders what
             the edit changed; what it did not change stays in the worker's caches, as it would in production.
             This is the line issue 14 sets the 1.5 x target for.
- cold_page  the same GET as a worker's first request: every cache of the page emptied (its days, each day's HTML,
             every description's Markdown) before each timed request. Reported for information, no target.
- bare_page  a plain jinja2.Environment (no Flask) rendering a minimal template with the same visible content
             per item (time range, title, type label, room, cluster, each person's role, name, title and
             organisation, the description as already-escaped HTML, the item's calendar link) from plain dicts
             prepared beforehand: the same rows, the library alone, all of them rendered on every call.
- ours_ics   GET /forums/<slug>/agenda.ics through app.test_client(), nothing changed since the last request.
- edit_ics   the first GET of the feed after edit_page's edit (the feed is cached whole, so all of it is rebuilt).
- cold_ics   the feed as a worker's first request: its cache emptied first. For information, no target.
- bare_ics   icalendar building a Calendar with one VTIMEZONE and the same 500 events with the same properties
             and values, to_ical(), from plain dicts prepared beforehand. Its bytes are compared with ours.

Each is timed with time.perf_counter, best of 7 runs after a warm-up, taking turns so a busy moment of the machine
hits all alike; a line's preparation (the edit, emptying caches) is done before its clock starts. SQL statements
per request are counted with the engine's before_cursor_execute event (SQLite's explicit BEGIN included). Targets: page after an edit <= 1.5 x bare Jinja, feed after an edit <= 1.3 x bare
icalendar (the steady lines are held to the same ratios; the worker's first request to none). It is a report: the
exit code is 0 whatever the numbers; a ratio over its target is marked ABOVE TARGET.

    cd /work/main && PYTHONPATH=. python benchmarks/agenda_bench.py            # temporary SQLite file
    FORUMOPS_BENCH_DATABASE_URL=postgresql+psycopg://... PYTHONPATH=. python benchmarks/agenda_bench.py
    PYTHONPATH=. python benchmarks/agenda_bench.py --profile                 # add cProfile hot spots

The PostgreSQL database named by FORUMOPS_BENCH_DATABASE_URL is wiped (DROP SCHEMA public CASCADE), as the
test suite does with its own: give it a scratch database.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from scratch import StatementCounter, use_scratch_database  # noqa: E402

use_scratch_database()  # before config.py is imported: it reads the URL then

import jinja2  # noqa: E402
from icalendar import Calendar, Event, Timezone, vDuration  # noqa: E402
from markupsafe import Markup  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402
from forumops.extensions import db  # noqa: E402

SLUG = "asean-bench-2027"
TZID = "Asia/Jakarta"
FIRST_DAY = date(2027, 5, 10)
DAYS = 5
ITEMS = 500
PEOPLE = 1000
USERS = 200  # of the 1,000 people, this many are forum participants with accounts; the rest are guests
ROOMS = ("Main hall", "Room Borobudur", "Room Prambanan", "Room Toba")
CLUSTERS = ("Inclusive finance", "Social enterprise law", "Youth and digital skills")
RUNS = 7
TARGETS = {"page": 1.5, "ics": 1.3}

GIVEN = ("Linh", "Somchai", "Sophea", "Siti", "Maria", "Aung", "Nurul", "Dara", "Budi", "Thandar", "José", "Mei")
FAMILY = ("Nguyễn", "ใจดี", "សុខ", "Rahman", "Santos", "Win", "Hassan", "Chan", "Santoso", "Lim", "Reyes", "Tan")
ORGS = ("ASEC", "Vietnam Women's Union", "ILO", "ASEAN Foundation", "Bina Swadaya", "PARC", "ISIS Malaysia", "")
TITLES = ("", "", "Dr", "Prof", "Datuk Dr", "Ms", "Mr")
PLENARY_TYPES = ("keynote", "panel", "plenary", "open_forum", "case_study_presentations", "report_back", "break",
                 "meal", "welcome_remarks", "discussion_and_adoption", "side_event", "other")


# --- the forum -----------------------------------------------------------------------------------

def schedule(rng: random.Random) -> list[dict]:
    """500 items, 100 a day from 07:00 local in 20-minute slots: a plenary slot, then three parallel
    cluster breakouts, and so on. Some have no room, some are online, some have no description."""
    per_day = ITEMS // DAYS
    items = []
    for n in range(ITEMS):
        day_no, k = divmod(n, per_day)
        block, pos = divmod(k, 4)  # pos 0: plenary; 1-3: the breakouts of clusters 0-2, side by side
        start = datetime.combine(FIRST_DAY, clock(7)) + timedelta(days=day_no, minutes=40 * block)
        if pos:
            start += timedelta(minutes=20)
        end = start + timedelta(minutes=20)
        kind = "breakout" if pos else PLENARY_TYPES[block % len(PLENARY_TYPES)]
        description = "" if n % 7 == 3 else (
            f"Discussion on **inclusive business** & social enterprise in ASEAN, part {n}.\n\n"
            f"- what works: [the toolkit](https://example.org/toolkit/{n})\n- what does not <yet>\n\n"
            "Bring your questions; the rapporteur reports back at the plenary.")
        items.append({
            "day": start.date(), "start": start.time(), "end": end.time(),
            "title": f"Session {n}: financing social enterprises & cooperatives — step {rng.randint(1, 9)}",
            "type": kind, "description": description,
            "room_no": None if n % 10 == 9 else (pos or 0),
            "is_online": n % 4 == 0, "cluster_no": pos - 1 if pos else None,
        })
    return items


def build_forum(app) -> dict:
    """The forum, through the app's operations; users and memberships as bulk inserts. Returns counts."""
    from forumops.accounts.models import User
    from forumops.accounts.operations import PASSWORD_METHOD, create_user
    from forumops.agenda import operations as agenda
    from forumops.agenda.models import AgendaItem, AgendaPerson
    from forumops.clusters.operations import create_cluster
    from forumops.forums import operations as forums
    from forumops.forums.models import ForumMember

    rng = random.Random(2027)
    with app.app_context():
        organiser = create_user("Bench Organiser", "organiser@bench.example", "correct horse battery")
        forum = forums.create_forum({
            "title": "ASEAN Social Enterprise Forum 2027", "slug": SLUG, "start_date": FIRST_DAY,
            "end_date": FIRST_DAY + timedelta(days=DAYS - 1), "timezone": TZID, "mode": "hybrid",
            "venue_name": "Hotel Indonesia Kempinski", "venue_city": "Jakarta",
        }, organiser)
        forums.change_status(forum, "published")
        clusters = [create_cluster(forum, name, "") for name in CLUSTERS]
        rooms = [agenda.find_or_create_room(forum, name) for name in ROOMS]

        one_hash = generate_password_hash("correct horse battery", method=PASSWORD_METHOD)
        now = datetime.now(UTC)
        db.session.execute(insert(User), [
            {"email": f"participant{n}@bench.example", "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} U{n}",
             "password_hash": one_hash, "created_at": now, "updated_at": now} for n in range(USERS)])
        user_ids = list(db.session.scalars(select(User.id).where(User.email.like("participant%@bench.example"))))
        db.session.execute(insert(ForumMember), [
            {"forum_id": forum.id, "user_id": uid, "role": "participant"} for uid in user_ids])

        people = [{"user_id": uid} for uid in user_ids] + [
            {"name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} G{n}", "title": rng.choice(TITLES),
             "organisation": rng.choice(ORGS)} for n in range(PEOPLE - len(user_ids))]
        rng.shuffle(people)
        roles = ("chair", "moderator", "speaker", "panellist", "discussant", "rapporteur", "resource_person")
        cursor = 0  # round-robin over the shuffled people: 500 items x 2-4 = 1,500 places, so all 1,000 appear
        for n, spec in enumerate(schedule(rng)):
            count = 2 + n % 3
            chosen = [{**people[(cursor + k) % PEOPLE], "role": roles[(n + k) % len(roles)]} for k in range(count)]
            cursor += count
            item = agenda.create_item(forum, {
                "day": spec["day"], "start": spec["start"], "end": spec["end"], "title": spec["title"],
                "type": spec["type"], "description": spec["description"],
                "room": rooms[spec["room_no"]] if spec["room_no"] is not None else None,
                "is_online": spec["is_online"],
                "cluster_id": clusters[spec["cluster_no"]].id if spec["cluster_no"] is not None else None,
                "people": chosen,
            })
            if n % 50 == 10:
                agenda.set_status(item, "cancelled")
            elif n % 100 == 37:
                agenda.set_status(item, "deleted")  # off the page, in the feed as CANCELLED
        db.session.commit()

        distinct = db.session.execute(text(
            "SELECT COUNT(DISTINCT COALESCE('user:' || CAST(user_id AS VARCHAR), 'guest:' || name)) "
            "FROM agenda_people")).scalar()
        by_status = dict(db.session.execute(
            select(AgendaItem.status, db.func.count()).group_by(AgendaItem.status)).all())
        places = db.session.scalar(select(db.func.count()).select_from(AgendaPerson))
        return {"people": distinct, "places": places, "by_status": by_status}


# --- the bare libraries: same rows, prepared beforehand -------------------------------------------

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Programme of {{ forum_title }} · ForumOps</title></head>
<body><main>
<h1>Programme</h1><p>All times are in {{ zone_label }}.</p>
{% for day in days %}
<section class="day"><h2>{{ day.label }}</h2><ol class="timeline">
{% for row in day.rows %}
<li class="slot{% if row.parallel %} slot-parallel{% endif %}"><p class="slot-time"><time datetime="{{ row.start_iso }}">{{ row.start }}</time>–<time datetime="{{ row.end_iso }}">{{ row.end }}</time></p>
<div class="slot-items">
{% for item in row['items'] %}
<article class="item item-{{ item.type }}{% if item.cancelled %} item-cancelled{% endif %}" id="item-{{ item.id }}">
{% if item.cluster %}<p class="cluster-name">{{ item.cluster }}</p>{% endif %}
<h3>{{ item.title }}{% if item.cancelled %} <span class="badge">Cancelled</span>{% endif %}</h3>
<p class="meta"><span>{{ item.type_label }}</span>{% if item.room %}<span>{{ item.room }}</span>{% endif %}{% if item.online %}<span>Online</span>{% endif %}</p>
{% if item.people %}<ul class="people">
{% for p in item.people %}<li><span class="role">{{ p.role }}:</span> {{ p.name }}{% if p.title %}, {{ p.title }}{% endif %}{% if p.organisation %} <span class="org">({{ p.organisation }})</span>{% endif %}</li>
{% endfor %}</ul>{% endif %}
{% if item.description %}<div class="item-description">{{ item.description }}</div>{% endif %}
<p class="item-links"><a href="{{ item.ics_url }}">Add to calendar<span class="visually-hidden">: {{ item.title }}</span></a></p>
</article>
{% endfor %}
</div></li>
{% endfor %}
</ol></section>
{% endfor %}
</main></body></html>
"""


def prepare_bare(app) -> tuple[dict, dict]:
    """Plain dicts of the rows each route shows, read once (untimed) with the app's own queries.

    Page: strings as they appear on the page (local times, labels, the Markdown already rendered to safe HTML).
    Feed: every property value the feed holds for each event, as icalendar takes it.
    """
    from forumops.agenda import queries
    from forumops.agenda.labels import ITEM_TYPE_LABELS, PERSON_ROLE_LABELS
    from forumops.core.text import render_markdown
    from forumops.forums.models import Forum

    zone = ZoneInfo(TZID)
    with app.test_request_context("/"):
        forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
        days = []
        for day, rows in queries.group_by_day(forum, queries.list_items(forum)):
            days.append({"label": f"{day:%A}, {day:%B} {day.day}, {day.year}", "rows": [{
                "start_iso": row[0].start_at.isoformat(), "end_iso": row[0].end_at.isoformat(),
                "start": row[0].start_at.astimezone(zone).strftime("%H:%M"),
                "end": row[0].end_at.astimezone(zone).strftime("%H:%M"), "parallel": len(row) > 1,
                "items": [{
                    "id": item.id, "type": item.type, "cancelled": item.status == "cancelled",
                    "cluster": item.cluster.name if item.cluster else "", "title": item.title,
                    "type_label": str(ITEM_TYPE_LABELS[item.type]), "room": item.room.name if item.room else "",
                    "online": item.is_online,
                    "people": [{"role": str(PERSON_ROLE_LABELS[p.role]), "name": p.display_name, "title": p.title,
                                "organisation": p.organisation} for p in item.people],
                    "description": Markup(str(render_markdown(item.description))) if item.description else "",
                    "ics_url": f"/forums/{SLUG}/agenda/{item.id}.ics",
                } for item in row]} for row in rows]})
        page = {"forum_title": forum.title, "zone_label": f"{TZID} (UTC+07:00)", "days": days}

        base_url = app.config["BASE_URL"].rstrip("/") + f"/forums/{SLUG}/agenda"
        venue = ", ".join(part for part in (forum.venue_name, forum.venue_city) if part)
        events = []
        for item in queries.list_items(forum, ("confirmed", "cancelled", "deleted")):
            people = "\n".join(
                f"{p.role.replace('_', ' ').capitalize()}: {(p.title + ' ') if p.title else ''}{p.display_name}"
                + (f" ({p.organisation})" if p.organisation else "") for p in item.people)
            url = f"{base_url}#item-{item.id}"
            place = item.room.name if item.room else venue
            events.append({
                "uid": item.uid, "dtstamp": item.updated_at, "created": item.created_at,
                "last-modified": item.updated_at, "sequence": item.sequence,
                "dtstart": item.start_at.astimezone(zone), "dtend": item.end_at.astimezone(zone),
                "summary": item.title,
                "location": (f"{place} / online" if place else "Online") if item.is_online else place,
                "description": "\n\n".join(b for b in (people, item.description.strip(), url) if b),
                "url": url, "status": "CONFIRMED" if item.status == "confirmed" else "CANCELLED",
                "categories": [_type_label(item.type)], "cluster": item.cluster.name if item.cluster else "",
            })
        calendar = {"name": forum.title, "events": events, "vtimezone": Timezone.from_tzid(TZID)}
    return page, calendar


def _type_label(code: str) -> str:
    from forumops.agenda.ical import TYPE_LABELS  # the feed's plain-English labels, read once here

    return TYPE_LABELS.get(code) or code.replace("_", " ").capitalize()


def bare_page(template: jinja2.Template, page: dict) -> str:
    return template.render(**page)


def bare_ics(calendar: dict) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ForumOps//Programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar["name"])
    cal.add("x-wr-timezone", TZID)
    cal.add("x-published-ttl", vDuration(timedelta(hours=1)))
    cal.add("refresh-interval", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"})
    cal.add_component(calendar["vtimezone"])
    for ev in calendar["events"]:
        event = Event()
        event.add("uid", ev["uid"])
        event.add("dtstamp", ev["dtstamp"])
        event.add("created", ev["created"])
        event.add("last-modified", ev["last-modified"])
        event.add("sequence", ev["sequence"])
        event.add("dtstart", ev["dtstart"])
        event.add("dtend", ev["dtend"])
        event.add("summary", ev["summary"])
        if ev["location"]:
            event.add("location", ev["location"])
        event.add("description", ev["description"])
        event.add("url", ev["url"])
        event.add("status", ev["status"])
        event.add("categories", ev["categories"])
        if ev["cluster"]:
            event.add("x-forumops-cluster", ev["cluster"])
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()


# --- measuring ------------------------------------------------------------------------------------

def best_of(runs: int, fns: dict) -> dict[str, float]:
    """Best time of each function over `runs` rounds, after one warm-up round, taking turns. A value may be a
    (prepare, fn) pair: prepare() runs before each call of fn, outside the timing."""
    pairs = {name: fn if isinstance(fn, tuple) else (None, fn) for name, fn in fns.items()}
    for prepare, fn in pairs.values():
        if prepare:
            prepare()
        fn()
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(runs):
        for name, (prepare, fn) in pairs.items():
            if prepare:
                prepare()
            gc.collect()
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best



def get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return response


def peak_memory(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def profile(fn, title: str, limit: int = 20, prepare=None) -> None:
    """cProfile over 3 requests (each after prepare(), unprofiled): the top functions overall, then the project's
    own code (app and templates)."""
    fn()
    profiler = cProfile.Profile()
    for _ in range(3):
        if prepare:
            prepare()
        profiler.enable()
        fn()
        profiler.disable()
    stats = pstats.Stats(profiler)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(limit)
    print(f"\n--- {title}: top {limit} by own time (3 requests; cProfile slows everything down) ---")
    print("\n".join(line for line in out.getvalue().splitlines()[5:] if line.strip()))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ours = sorted(((cum, calls, f"{os.path.relpath(path, root)}:{line}({name})")
                   for (path, line, name), (_cc, calls, _tt, cum, _callers) in stats.stats.items()
                   if path.startswith(os.path.join(root, "forumops")) or "templates" in path
                   or path.endswith(".html")), reverse=True)
    print(f"\n--- {title}: project code by cumulative time per request ---")
    for cum, calls, where in ours[:limit]:
        print(f"  {cum / 3 * 1000:8.1f} ms  {calls // 3:>6} calls  {where}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots of both routes")
    parser.add_argument("--sql", action="store_true", help="print the SQL statements of each request")
    args = parser.parse_args()

    app = create_app(TestingConfig)
    with app.app_context():
        engine = db.engine
    t0 = time.perf_counter()
    rebuild_schema(app)
    built = build_forum(app)
    page_data, calendar = prepare_bare(app)
    setup = time.perf_counter() - t0

    client = app.test_client()  # no app context held open: each request gets its own session, as in production
    page_path, ics_path = f"/forums/{SLUG}/agenda", f"/forums/{SLUG}/agenda.ics"
    template = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(BARE_PAGE)

    ours_page_body = get(client, page_path).data
    ours_ics_body = get(client, ics_path).data
    bare_page_body = bare_page(template, page_data).encode()
    bare_ics_body = bare_ics(calendar)
    page_items = sum(len(row["items"]) for day in page_data["days"] for row in day["rows"])
    assert ours_page_body.count(b'<article class="item') == page_items, "the page and the bare rows differ"
    assert ours_ics_body.count(b"BEGIN:VEVENT") == bare_ics_body.count(b"BEGIN:VEVENT") == len(calendar["events"])

    counter = StatementCounter(engine)
    page_queries, page_sql = counter.count(lambda: get(client, page_path))
    ics_queries, ics_sql = counter.count(lambda: get(client, ics_path))

    edits = iter(range(10**9))

    def edit_one_item():
        """An organiser's edit: one item's title changed through the app's operation and committed (untimed);
        each time on the next day, so one day of five is stale."""
        from forumops.agenda import operations as agenda
        from forumops.agenda import queries
        from forumops.forums.models import Forum

        n = next(edits)
        with app.app_context():
            forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
            day = queries.group_by_day(forum, queries.list_items(forum))[n % DAYS][1]
            item = day[len(day) // 2][0]
            local_start, local_end = agenda.to_local(forum, item.start_at), agenda.to_local(forum, item.end_at)
            agenda.update_item(forum, item, {
                "day": local_start.date(), "start": local_start.time(), "end": local_end.time(),
                "title": f"{item.title.split(' (edit ')[0]} (edit {n})", "type": item.type,
                "description": item.description, "room": item.room, "is_online": item.is_online,
                "online_link": item.online_link, "cluster_id": item.cluster_id})
            db.session.commit()

    def worker_start(path):
        """Empty every cache of the route, as in a worker's first request."""
        from forumops.agenda import feeds
        from forumops.agenda import page as agenda_page
        from forumops.core import text

        if path == page_path:
            agenda_page.clear()
            text.markdown_cache.clear()
        else:
            feeds.clear()

    # Turn order matters: each round's edit is followed by the first page request, then the first feed request,
    # after it; the steady lines come next (nothing changed since), then the worker's first requests.
    best = best_of(args.runs, {
        "edit_page": (edit_one_item, lambda: get(client, page_path)),
        "edit_ics": lambda: get(client, ics_path),
        "ours_page": lambda: get(client, page_path),
        "ours_ics": lambda: get(client, ics_path),
        "cold_page": (lambda: worker_start(page_path), lambda: get(client, page_path)),
        "cold_ics": (lambda: worker_start(ics_path), lambda: get(client, ics_path)),
        "bare_page": lambda: bare_page(template, page_data),
        "bare_ics": lambda: bare_ics(calendar),
    })
    page_peak = peak_memory(lambda: get(client, page_path))
    ics_peak = peak_memory(lambda: get(client, ics_path))

    db_url = engine.url.render_as_string(hide_password=True)
    print(f"database:   {engine.dialect.name} ({db_url})")
    print(f"forum:      {DAYS} days in {TZID}, {len(CLUSTERS)} clusters, {len(ROOMS)} rooms; items by status "
          f"{built['by_status']}; {built['places']} roles held by {built['people']} distinct people "
          f"({USERS} with accounts)")
    print(f"setup:      {setup:.1f} s (not measured)")
    print(f"page:       {page_items} items shown; ours {len(ours_page_body):,} bytes, bare {len(bare_page_body):,} "
          f"bytes; peak memory of one request {page_peak / 2**20:.1f} MiB (tracemalloc)")
    same = "identical bytes" if ours_ics_body == bare_ics_body else "bytes differ"
    print(f"feed:       {len(calendar['events'])} events; ours {len(ours_ics_body):,} bytes, bare "
          f"{len(bare_ics_body):,} bytes ({same}); peak memory of one request {ics_peak / 2**20:.1f} MiB")
    print(f"timing:     best of {args.runs} after a warm-up, time.perf_counter; 'after an edit': the first request "
          "after one item's title was changed through update_item (a different day each time); 'worker's first "
          "request': every cache of the route emptied first (for information, no target)\n")

    rows = [("GET /forums/<slug>/agenda", best["ours_page"], best["bare_page"], TARGETS["page"], page_queries),
            ("  same, after an edit", best["edit_page"], best["bare_page"], TARGETS["page"], "-"),
            ("  same, worker's first request", best["cold_page"], best["bare_page"], None, "-"),
            ("GET /forums/<slug>/agenda.ics", best["ours_ics"], best["bare_ics"], TARGETS["ics"], ics_queries),
            ("  same, after an edit", best["edit_ics"], best["bare_ics"], TARGETS["ics"], "-"),
            ("  same, worker's first request", best["cold_ics"], best["bare_ics"], None, "-")]
    print(f"{'route':<31} {'ours ms':>9} {'bare ms':>9} {'ratio':>7} {'target':>7} {'queries':>8}")
    for route, ours, bare, target, queries in rows:
        ratio = ours / bare
        flag = "  ABOVE TARGET" if target and ratio > target else ""
        shown = f"<= {target}" if target else "-"
        print(f"{route:<31} {ours * 1000:>9.1f} {bare * 1000:>9.1f} {ratio:>7.2f} {shown:>7} {queries:>8}{flag}")

    if args.sql:
        for title, statements in (("page", page_sql), ("feed", ics_sql)):
            print(f"\n--- SQL of one {title} request ---")
            for statement in statements:
                print("  " + " ".join(statement.split())[:160])
    if args.profile:
        profile(lambda: get(client, page_path), "ours_page")
        profile(lambda: get(client, page_path), "edit_page", prepare=edit_one_item)
        profile(lambda: get(client, ics_path), "ours_ics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
