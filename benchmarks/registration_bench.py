"""Registrations per second through the real form under gunicorn, against a bare Flask view inserting the same row.

What is measured, on one database (a temporary SQLite file, or FORUMOPS_BENCH_DATABASE_URL for PostgreSQL), whose
schema comes from the migrations:

- ours   `gunicorn -w 4 -b 127.0.0.1:<port> wsgi:app` with FORUMOPS_ENV=production, a random 64-hex secret key,
         FORUMOPS_DATABASE_URL pointing at the database and no mail server (mail stays in the outbox). CSRF is on,
         as in production, so every registrant first GETs /forums/<slug>/register for the session cookie and the
         CSRF token, as a browser does. Those 1,000 GETs run BEFORE the clock starts (they are timed separately
         and printed for information); the timed part is the 1,000 form POSTs alone, each a distinct person, to a
         forum open for registration with 300 places. Afterwards the database must hold exactly 300 confirmed and
         700 waitlisted, every POST must have answered 302, and the outbox must hold one email per person.
- bare   a tiny Flask app written to a temporary folder: one view that reads the same form fields and inserts
         the same row (same table, same columns, status waitlisted) into the same database with SQLAlchemy Core,
         in one transaction (BEGIN IMMEDIATE on SQLite, with the app's pragmas: WAL, busy_timeout,
         synchronous=NORMAL, foreign_keys). No CSRF, no seat decision, no email. Served by gunicorn -w 4 the same
         way and sent 1,000 POSTs with the same concurrency.
- floor  for information, not the target: ForumOps' own app with one extra view doing only what any registration
         POST on this stack must do (session and CSRF, the forum through the ORM, the registration form validated,
         one ORM INSERT, the commit, a flashed message, the redirect), with the same GETs first. It shows how much
         of the gap to bare is the stack itself and how much is the registration's own work (settings, questions,
         clusters, seat decision, organisation directory, the email with the programme attached).

Both are driven from this process by a thread pool (16 at a time by default) over http.client to 127.0.0.1
only, one connection per request (gunicorn's sync workers close it anyway). Each request has a timeout and
the whole run is bounded; gunicorn is stopped at the end whatever happens. Rounds alternate ours/floor/bare
(each round a fresh forum); the best registrations/s of each is compared. Target: ours >= 0.5 x bare.

If the ratio is under the target (or with --profile), one registration request is profiled in-process through
app.test_client() with cProfile (same database, production settings, CSRF off), with the SQL statements and
the time the transaction holds the database (BEGIN to COMMIT: the write lock on SQLite) per request.

    cd /work/main && PYTHONPATH=. python benchmarks/registration_bench.py
    FORUMOPS_BENCH_DATABASE_URL=postgresql+psycopg://... PYTHONPATH=. python benchmarks/registration_bench.py
    PYTHONPATH=. python benchmarks/registration_bench.py --rounds 3 --concurrency 16 --profile

The PostgreSQL database named by FORUMOPS_BENCH_DATABASE_URL is wiped (DROP SCHEMA public CASCADE): give it a
scratch database. It is a report: the exit code is 0 when the capacity check holds whatever the speed,
1 when the burst ended with a wrong count or failed requests.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import http.client
import io
import os
import pstats
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_tmp = tempfile.mkdtemp(prefix="forumops-regbench-")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
DATABASE_URL = os.environ.get("FORUMOPS_BENCH_DATABASE_URL") or f"sqlite:///{_tmp}/bench.sqlite"

from sqlalchemy import event, func, select  # noqa: E402

from config import ProductionConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402
from forumops.extensions import db  # noqa: E402

TARGET = 0.5
HTTP_TIMEOUT = 60  # seconds for any single request
RUN_LIMIT = 300  # seconds for a whole burst: the benchmark stops by itself
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class SetupConfig(ProductionConfig):
    """Production settings in this process (schema, forums, profile), CSRF off for the in-process profile."""

    SECRET_KEY = secrets.token_hex(32)
    SQLALCHEMY_DATABASE_URI = DATABASE_URL
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = ""


# --- database ---------------------------------------------------------------------------------

def make_forum(app, slug: str, capacity: int | None) -> int:
    from forumops.core.database import write_intent
    from forumops.forums import operations
    from forumops.registration.models import RegistrationSettings

    with app.app_context(), write_intent():
        forum = operations.create_forum({"title": "ASEAN Community Forum", "slug": slug,
                                         "start_date": date(2027, 4, 14), "end_date": date(2027, 4, 15),
                                         "timezone": "Asia/Jakarta", "mode": "hybrid"}, None)
        operations.change_status(forum, "registration_open")
        db.session.add(RegistrationSettings(forum_id=forum.id, capacity=capacity))
        db.session.commit()
        return forum.id


def outcome(app, forum_id: int) -> dict[str, int]:
    from forumops.core.outbox import OutboxMessage
    from forumops.registration.models import Registration

    with app.app_context():
        counts = dict(db.session.execute(select(Registration.status, func.count(Registration.id))
                                         .where(Registration.forum_id == forum_id)
                                         .group_by(Registration.status)).all())
        counts["mails"] = db.session.scalar(select(func.count(OutboxMessage.id))
                                            .where(OutboxMessage.forum_id == forum_id))
        db.session.remove()
        return counts


def person(i: int, run: str) -> dict[str, str]:
    return {"name": f"Nguyễn Thị Person {i}", "email": f"{run}-person{i}@example.org",
            "organisation": "Vietnam Women's Union", "job_title": "Project officer", "country": "VN",
            "category": "civil_society", "attendance_mode": "in_person", "dietary_needs": "Vegetarian",
            "accessibility_needs": "", "gender": "woman", "consent_privacy": "y"}


# --- servers --------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn -w N on 127.0.0.1:<free port>, in its own process group; stop() always ends it."""

    def __init__(self, name: str, app_spec: str, env: dict[str, str], cwd: Path, workers: int):
        self.name, self.port = name, free_port()
        self.log_path = Path(_tmp) / f"gunicorn-{name}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "10", "--timeout", "120", app_spec],
            cwd=cwd, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, path: str, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                status, _headers, _body = request("GET", self.port, path, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)  # start-up poll, outside any measurement
        raise RuntimeError(f"gunicorn {self.name} not ready in {limit} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # the master stops its workers (graceful, 10 s at most)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group this script started, by its id
                self.proc.wait(timeout=10)
        self.log.close()


BARE_APP = textwrap.dedent('''
    """Bare baseline: read the registration form, insert the same row, one transaction. No ForumOps code."""
    import hashlib
    import os
    import secrets
    from datetime import datetime, timezone

    from flask import Flask, redirect, request
    from sqlalchemy import MetaData, Table, create_engine, event, insert

    engine = create_engine(os.environ["BARE_DATABASE_URL"], pool_pre_ping=True)
    SQLITE = engine.dialect.name == "sqlite"
    if SQLITE:
        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            for pragma in ("foreign_keys=ON", "busy_timeout=10000", "journal_mode=WAL", "synchronous=NORMAL"):
                cursor.execute("PRAGMA " + pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def on_begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    registrations = Table("registrations", MetaData(), autoload_with=engine)
    FORUM_ID = int(os.environ["BARE_FORUM_ID"])
    ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    app = Flask(__name__)


    def now():
        moment = datetime.now(timezone.utc)
        return moment.replace(tzinfo=None) if SQLITE else moment


    @app.get("/ready")
    def ready():
        return "ok"


    @app.post("/register")
    def register():
        form = request.form
        token = secrets.token_urlsafe(32)
        moment = now()
        row = {
            "forum_id": FORUM_ID, "user_id": None, "organisation_id": None,
            "name": form["name"].strip(), "email": form["email"].strip().lower(),
            "job_title": form.get("job_title", "").strip(), "country": form.get("country", "").upper(),
            "category": form.get("category") or "civil_society",
            "attendance_mode": form.get("attendance_mode") or "in_person", "cluster_preferences": [],
            "dietary_needs": form.get("dietary_needs", "").strip(),
            "accessibility_needs": form.get("accessibility_needs", "").strip(), "gender": form.get("gender", ""),
            "consent_privacy": bool(form.get("consent_privacy")), "consent_photos": False, "list_publicly": False,
            "answers": {}, "status": "waitlisted", "waitlisted_at": moment, "decided_at": None,
            "manage_token_hash": hashlib.sha256(token.encode()).hexdigest(),
            "checkin_code": "".join(secrets.choice(ALPHABET) for _ in range(12)),
            "created_at": moment, "updated_at": moment,
        }
        with engine.begin() as connection:
            connection.execute(insert(registrations), row)
        return redirect("/registration/" + token)
''')


FLOOR_APP = textwrap.dedent('''
    """The stack's floor: ForumOps' own app and registration form, one view doing only what any registration
    POST on this stack must do: the session and CSRF check (Flask-WTF), the forum through the ORM, the form
    (WTForms) validated, one ORM INSERT and the session's commit, a flashed message and the redirect. No
    settings, questions, seat decision, organisation directory or email."""
    import hashlib
    import secrets

    from flask import flash, redirect
    from sqlalchemy import select

    from forumops.core.database import defer_write_lock, take_write_lock
    from forumops.extensions import db
    from forumops.forums.models import Forum
    from forumops.registration.forms import registration_form_for
    from forumops.registration.models import Registration, new_checkin_code
    from wsgi import app


    def floor(slug):
        defer_write_lock()  # as the real view: the form is checked before the write lock
        forum = db.session.scalar(select(Forum).where(Forum.slug == slug))
        form = registration_form_for(forum, [], [], False)
        if not form.validate_on_submit():
            return str(form.errors), 422
        take_write_lock()
        token = secrets.token_urlsafe(32)
        db.session.add(Registration(
            forum_id=forum.id, email=form.email.data.lower(), name=form.name.data, country=form.country.data,
            category=form.category.data, attendance_mode="in_person", job_title=form.job_title.data,
            cluster_preferences=[], answers={}, dietary_needs=form.dietary_needs.data, accessibility_needs="",
            gender=form.gender.data, consent_privacy=True, status="waitlisted",
            manage_token_hash=hashlib.sha256(token.encode()).hexdigest(), checkin_code=new_checkin_code()))
        db.session.commit()
        flash("You are on the waiting list.", "success")
        return redirect("/forums/" + slug + "/registration/" + token)


    app.add_url_rule("/floor/<slug>", "floor", floor, methods=["POST"])
''')


# --- client -------------------------------------------------------------------------------------

def request(method: str, port: int, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = HTTP_TIMEOUT) -> tuple[int, dict[str, list[str]], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read().decode("utf-8", errors="replace")
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        conn.close()


def burst(n: int, concurrency: int, job) -> tuple[float, list, list[float]]:
    """Run job(i) for i < n on `concurrency` threads; returns seconds, results, per-request latencies."""
    results: list = [None] * n
    latencies: list[float] = [0.0] * n

    def one(i):
        started = time.perf_counter()
        try:
            results[i] = job(i)
        except Exception as exc:  # noqa: BLE001 - counted as a failed request
            results[i] = ("error", repr(exc))
        latencies[i] = time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, i) for i in range(n)]
        deadline = started + RUN_LIMIT
        for future in futures:
            future.result(timeout=max(1.0, deadline - time.perf_counter()))
    return time.perf_counter() - started, results, latencies


def fetch_forms(port: int, slug: str, n: int, concurrency: int) -> tuple[float, list[tuple[str, str]]]:
    """Each registrant's GET of the form: (session cookie, csrf token). Not part of the timed POSTs."""

    def get(_i):
        status, headers, body = request("GET", port, f"/forums/{slug}/register")
        if status != 200:
            raise RuntimeError(f"GET form answered {status}")
        cookies = "; ".join(c.split(";", 1)[0] for c in headers.get("set-cookie", []))
        return cookies, CSRF_RE.search(body).group(1)

    seconds, sessions, _lat = burst(n, concurrency, get)
    bad = [s for s in sessions if s[0] == "error"]
    if bad:
        raise RuntimeError(f"{len(bad)} form GETs failed, e.g. {bad[0][1]}")
    return seconds, sessions


def post_all(port: int, path: str, forms: list[dict], concurrency: int, sessions=None):
    def post(i):
        data = dict(forms[i])
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sessions is not None:
            headers["Cookie"], data["csrf_token"] = sessions[i]
        status, found, _body = request("POST", port, path, urllib.parse.urlencode(data).encode(), headers)
        return status, (found.get("location") or [""])[0]

    return burst(len(forms), concurrency, post)


def tally(results: list) -> dict:
    """How many requests answered each status code."""
    codes: dict = {}
    for status, _location in results:
        codes[status] = codes.get(status, 0) + 1
    return codes


def plain_run_complete(server: Gunicorn, results: list, rows: dict[str, int], n: int) -> bool:
    """The floor and bare views insert every row waitlisted: all n answered 302 and all n rows are there."""
    codes = tally(results)
    print(f"      answers {codes}; rows {rows.get('waitlisted', 0)}")
    if codes == {302: n} and rows.get("waitlisted") == n:
        return True
    print(f"      {server.name} run incomplete; server log:\n{server.tail()}")
    return False


def summary(name: str, n: int, seconds: float, latencies: list[float]) -> str:
    q = statistics.quantiles(latencies, n=100)
    return (f"{name:<5} {n} POSTs in {seconds:6.2f} s = {n / seconds:7.1f} registrations/s   "
            f"latency p50 {q[49] * 1000:6.1f} ms, p95 {q[94] * 1000:6.1f} ms, max {max(latencies) * 1000:6.1f} ms")


# --- profile ------------------------------------------------------------------------------------

# App functions whose cumulative time is reported on their own (module file name, function name).
BREAKDOWN = (
    ("views.py", "dispatch_request", "whole view incl. forum lookup, commit, mail delivery"),
    ("public.py", "registration_form", "build the form (country list, clusters, questions)"),
    ("reference.py", "country_choices", "  of which: the country list, localised and sorted"),
    ("form.py", "validate_on_submit", "validate the form"),
    ("seats.py", "register", "register(): details, seat state, lock, decide, insert, email"),
    ("queries.py", "seat_state", "  of which: the seat state (before the lock, then under it)"),
    ("queries.py", "find_organisation", "  of which: the directory lookup (before the lock)"),
    ("database.py", "lock_forum", "  of which: waiting for the seat lock (none in one thread)"),
    ("mail.py", "status_mail", "  of which: write the email (and .ics), before the lock"),
    ("operations.py", "queue_mail", "  of which: the email's INSERT into the outbox"),
    ("mail.py", "_programme_ics", "    of which: the programme .ics (confirmed only)"),
    ("scoping.py", "commit", "commit"),
    ("templating.py", "render_template", "render_template (all templates)"),
)


def profile_one_registration(app, requests: int = 100) -> None:
    """Registrations through the test client in this process, one thread: first timed plainly (time per request
    and the time from the seat lock (lock_forum) to the commit), then under cProfile. Each pass has
    its own forum with places for 30 % of the requests, like the burst (300 of 1,000)."""
    with app.app_context():
        engine = db.engine
        statements: list[str] = []
        held: list[float] = []
        began: dict[int, float] = {}

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement.split(None, 1)[0].upper())

        def begin(conn):
            began[id(conn)] = time.perf_counter()

        def end(conn):
            if id(conn) in began:
                held.append(time.perf_counter() - began.pop(id(conn)))

        listeners = (("before_cursor_execute", count), ("begin", begin), ("commit", end), ("rollback", end))
        for name, listener in listeners:
            event.listen(engine, name, listener)
        dialect = engine.dialect.name
        db.session.remove()
    from forumops.registration import seats

    seat_lock: list[float] = []  # lock_forum (BEGIN IMMEDIATE / FOR UPDATE) to the commit
    seat_start: list[float] = []
    lock = seats.lock_forum

    def timed_lock(*args, **kwargs):
        seat_start[:] = [time.perf_counter()]
        return lock(*args, **kwargs)

    def seat_end(_conn):
        if seat_start:
            seat_lock.append(time.perf_counter() - seat_start.pop())

    seats.lock_forum = timed_lock
    with app.app_context():
        event.listen(engine, "commit", seat_end)
    client = app.test_client()  # the GETs of the form page, for comparison
    places = max(1, requests * 3 // 10)

    def run(tag: str, capacity: int | None) -> tuple[float, list[int], int]:
        slug = f"bench-profile-{tag}"
        forum_id = make_forum(app, slug, capacity)
        statements.clear()
        held.clear()
        seat_lock.clear()
        started = time.perf_counter()
        # a fresh client (cookie jar) per person, as in the burst: one shared jar would pile up every
        # person's flashed message in its session cookie and time that instead
        codes = [app.test_client().post(f"/forums/{slug}/register", data=person(i, tag)).status_code
                 for i in range(requests)]
        return time.perf_counter() - started, codes, forum_id

    try:
        run("warm", None)  # templates compiled, caches filled
        seconds, codes, forum_id = run("plain", places)
        print(f"\nIn-process, one thread, no profiler: {requests} registrations ({outcome(app, forum_id)}), "
              f"{seconds / requests * 1000:.1f} ms each ({requests / seconds:.0f}/s); statuses {sorted(set(codes))}")
        print(f"  BEGIN to COMMIT: {sum(held) / requests * 1000:.1f} ms per request in {len(held) / requests:.1f} "
              f"transactions; the seat lock (register() takes it after its reads) to the commit: "
              f"{sum(seat_lock) / len(seat_lock) * 1000:.1f} ms.")
        if dialect == "sqlite":
            print(f"  On SQLite the POST reads, checks and writes the mail without the write lock; register() takes it "
                  f"(BEGIN IMMEDIATE) and holds it to the commit, so no number of workers gets past "
                  f"{len(seat_lock) / sum(seat_lock):.0f}/s.")
        else:
            print(f"  On PostgreSQL only the lock to the commit holds the forum row (FOR UPDATE): registrations "
                  f"for one forum cannot pass {len(seat_lock) / sum(seat_lock):.0f}/s; the rest runs in parallel.")
        kinds: dict[str, int] = {}
        for kind in statements:
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"  SQL per registration: {len(statements) / requests:.1f} statements "
              f"({', '.join(f'{k} {v / requests:.1f}' for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))})")
        slug = "bench-profile-warm"
        gets = []
        for _ in range(20):
            started = time.perf_counter()
            client.get(f"/forums/{slug}/register")
            gets.append(time.perf_counter() - started)
        print(f"  GET of the form page (for comparison): {statistics.median(gets) * 1000:.1f} ms median")

        profiler = cProfile.Profile()
        profiler.enable()
        seconds, codes, forum_id = run("prof", places)
        profiler.disable()
    finally:
        seats.lock_forum = lock
        with app.app_context():
            for name, listener in (*listeners, ("commit", seat_end)):
                event.remove(engine, name, listener)
    print(f"\nUnder cProfile: {requests} registrations ({outcome(app, forum_id)}), "
          f"{seconds / requests * 1000:.1f} ms each; per registration, cumulative:")
    stats = pstats.Stats(profiler)
    for file_name, function, label in BREAKDOWN:
        found = [(calls, cumulative) for (path, _line, name), (_cc, calls, _tt, cumulative, _callers)
                 in stats.stats.items() if name == function and os.path.basename(path) == file_name]
        if found:
            calls = sum(c for c, _ in found)
            cumulative = max(t for _, t in found)  # recursion-safe: the outermost entry
            print(f"  {cumulative / requests * 1000:6.2f} ms  {calls / requests:4.1f} calls  {function:<22} {label}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(25)
        print(f"\n--- top by {order} ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


# --- main ---------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--places", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="alternating ours/floor/bare rounds (best of each)")
    parser.add_argument("--profile", action="store_true", help="profile even when the ratio meets the target")
    args = parser.parse_args()
    n, places = args.registrations, args.places

    app = create_app(SetupConfig)
    rebuild_schema(app)
    dialect = make_url_dialect(DATABASE_URL)
    print(f"Database: {dialect} ({'temporary file' if dialect == 'sqlite' else 'FORUMOPS_BENCH_DATABASE_URL'}); "
          f"{n} registrations for {places} places; {args.concurrency} concurrent clients; "
          f"gunicorn -w {args.workers} (sync) on 127.0.0.1; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} before starting (a busy machine slows both sides)")

    bare_dir = Path(_tmp) / "bare"
    bare_dir.mkdir()
    (bare_dir / "bare_app.py").write_text(BARE_APP)
    (bare_dir / "floor_app.py").write_text(FLOOR_APP)
    bare_forums = [make_forum(app, f"bench-bare-{r}", None) for r in range(args.rounds)]

    ours_env = {"FORUMOPS_ENV": "production", "FORUMOPS_SECRET_KEY": secrets.token_hex(32),
                "FORUMOPS_DATABASE_URL": DATABASE_URL, "FORUMOPS_MAIL_SERVER": "",
                "FORUMOPS_REGISTRATIONS_PER_CLIENT": "0",  # every request comes from 127.0.0.1
                "PYTHONPATH": str(ROOT)}
    servers: list[Gunicorn] = []
    ok = True
    best = {"ours": 0.0, "floor": 0.0, "bare": 0.0}
    try:
        ours = Gunicorn("ours", "wsgi:app", ours_env, ROOT, args.workers)
        servers.append(ours)
        make_forum(app, "bench-ready", places)
        ours.wait_ready("/forums/bench-ready/register")
        floor = Gunicorn("floor", "floor_app:app", {**ours_env, "PYTHONPATH": f"{ROOT}{os.pathsep}{bare_dir}"},
                         ROOT, args.workers)
        servers.append(floor)
        floor.wait_ready("/forums/bench-ready/register")

        for r in range(args.rounds):
            slug = f"bench-ours-{r}"
            forum_id = make_forum(app, slug, places)
            get_seconds, sessions = fetch_forms(ours.port, slug, n, args.concurrency)
            forms = [person(i, f"ours{r}") for i in range(n)]
            seconds, results, latencies = post_all(ours.port, f"/forums/{slug}/register", forms, args.concurrency,
                                                   sessions)
            codes = tally(results)
            counts = outcome(app, forum_id)
            print(f"\nround {r + 1}: (untimed) {n} form GETs for cookie + CSRF token in {get_seconds:.2f} s = "
                  f"{n / get_seconds:.0f}/s")
            print(summary("ours", n, seconds, latencies))
            expected = {"confirmed": places, "waitlisted": n - places, "mails": n}
            right = codes == {302: n} and counts == expected
            print(f"      answers {codes}; database {counts}: "
                  f"{'exactly ' + str(places) + ' confirmed, OK' if right else 'WRONG, expected ' + str(expected)}")
            if not right:
                ok = False
                bad = [res for res in results if res[0] != 302][:3]
                print(f"      e.g. {bad}\n      server log:\n{ours.tail()}")
            best["ours"] = max(best["ours"], n / seconds)

            slug = f"bench-floor-{r}"
            forum_id = make_forum(app, slug, None)
            _get_seconds, sessions = fetch_forms(floor.port, slug, n, args.concurrency)
            forms = [person(i, f"floor{r}") for i in range(n)]
            seconds, results, latencies = post_all(floor.port, f"/floor/{slug}", forms, args.concurrency, sessions)
            print(summary("floor", n, seconds, latencies))
            ok = plain_run_complete(floor, results, outcome(app, forum_id), n) and ok
            best["floor"] = max(best["floor"], n / seconds)

            # the bare app reads its forum id at import: one server per round, started before its burst
            bare = Gunicorn("bare", "bare_app:app", {"BARE_DATABASE_URL": DATABASE_URL,
                                                     "BARE_FORUM_ID": str(bare_forums[r]),
                                                     "PYTHONPATH": str(bare_dir)}, bare_dir, args.workers)
            servers.append(bare)
            bare.wait_ready("/ready")
            forms = [person(i, f"bare{r}") for i in range(n)]
            seconds, results, latencies = post_all(bare.port, "/register", forms, args.concurrency)
            print(summary("bare", n, seconds, latencies))
            ok = plain_run_complete(bare, results, outcome(app, bare_forums[r]), n) and ok
            best["bare"] = max(best["bare"], n / seconds)
            bare.stop()
            servers.remove(bare)
    finally:
        for server in servers:
            server.stop()

    ratio = best["ours"] / best["bare"] if best["bare"] else 0.0
    verdict = "meets target" if ratio >= TARGET else "BELOW TARGET"
    print(f"\nbest of {args.rounds}: ours {best['ours']:.1f}/s, bare {best['bare']:.1f}/s, "
          f"ratio {ratio:.2f} (target >= {TARGET}): {verdict}")
    if best["bare"] and best["floor"]:
        print(f"the stack's floor (CSRF, the forum, the form, one ORM INSERT, commit, redirect; no seat decision, "
              f"no email): {best['floor']:.1f}/s, ratio {best['floor'] / best['bare']:.2f} to bare; ours is "
              f"{best['ours'] / best['floor']:.2f} of the floor")
    checks = f"every burst ended with exactly {places} confirmed, every run complete" if ok else "FAILED (see above)"
    print(f"checks: {checks}; load average now {os.getloadavg()[0]:.2f}")
    if args.profile or ratio < TARGET:
        profile_one_registration(app)
    return 0 if ok else 1


def make_url_dialect(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name()


if __name__ == "__main__":
    sys.exit(main())
