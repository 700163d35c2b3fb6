"""Load test: the morning registration opens. gunicorn with 4 workers on PostgreSQL, driven by Locust.

What runs, all on 127.0.0.1 and bounded in time:

- PostgreSQL: the database named by FORUMOPS_BENCH_DATABASE_URL (it is wiped: DROP SCHEMA public CASCADE), or
  else a throwaway cluster started here with .ci/postgres.sh in a temporary folder on a free port and stopped
  at the end whatever happens. Any host but 127.0.0.1 or localhost is refused. (The throwaway cluster runs with
  fsync and synchronous_commit off, as for the tests: commits are cheaper than on a production server.)
- Data, from the migrations up: a forum open for registration with 500 places, a short programme and four
  clusters; a second, concluded forum with 300 confirmed participants (Vietnamese, Thai, Khmer, Burmese and Lao
  names) assigned to clusters, approved cluster notes, forum recommendations and a published outcome report;
  an organiser of that second forum. Nobody is registered for the first forum beforehand: every place is taken
  during the surge.
- `gunicorn -w 4` (sync workers) serving wsgi:app with FORUMOPS_ENV=production, a random secret key,
  FORUMOPS_DATABASE_URL and no mail server (mail stays in the outbox), as registration_bench.py starts it.
- Locust, headless, in its own process (benchmarks/locustfile.py): 2,000 people arriving at --spawn-rate per
  second (default 10: all of them within 3 min 20 s), each once: GET the forum page, GET the registration form (session cookie, CSRF token), POST it (a
  distinct email, a Vietnamese or Thai name), follow the redirect to their own registration page. Meanwhile a
  few organisers, signed in through /account/signin, download the second forum's badge PDF (300 badges) and its
  outcome report PDF over and over. A request unanswered after --timeout (120 s, about what a browser waits)
  fails. The run ends when every person has finished, or at --run-time; the script as a whole at --time-limit.

Afterwards the database is read and checked: exactly 500 confirmed and the rest waitlisted, no email twice,
every person registered, one email queued per person; and Locust's statistics: no failed request, every
journey done, the organisers' downloads did happen, no exception in the Locust users; and gunicorn's log: no
traceback, no worker timeout.
Printed: per request type the count, failures, requests/s, p50 and p99 (Locust's CSV statistics), the total
throughput, and the checks. Exit code 1 if any check fails.

    cd /work/main && .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=. .venv/bin/python benchmarks/load.py
    PYTHONPATH=. .venv/bin/python benchmarks/load.py --people 2000 --places 500 --spawn-rate 20 --out /tmp/load
    FORUMOPS_BENCH_DATABASE_URL=postgresql+psycopg://forumops@127.0.0.1:5432/scratch ... benchmarks/load.py

It is a benchmark, not a test: not part of the pytest suite. On a 2-CPU machine Locust, PostgreSQL and the four
workers share the cores, so the numbers are a floor and vary from run to run.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from registration_bench import Gunicorn, free_port  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from config import ProductionConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema, write_intent  # noqa: E402
from forumops.extensions import db  # noqa: E402

LOCAL_HOSTS = ("127.0.0.1", "localhost")
ORGANISER_EMAIL = "organiser@load.example.org"
SURGE_SLUG = "acsf-2027"
RECORDS_SLUG = "acf-2026"
CLUSTERS = (("Women's economic empowerment", "Cooperatives and social enterprises led by women."),
            ("Rural development", "Smallholders, fisherfolk and village enterprises."),
            ("MSME development", "Market access, finance and regulation for small enterprises."),
            ("Climate resilience", "Communities adapting to floods, drought and heat."))
RECORD_NAMES = ["Nguyễn Phương Linh", "Trần Quốc Việt", "สมศักดิ์ ศรีสวัสดิ์", "อรุณี พงษ์พันธ์", "សុខ ចន្ទា",
                "ហេង សុភាព", "အောင် ကျော် မင်း", "ခင် မာ လွင်", "ສົມພອນ ວົງສະຫວັນ", "ບຸນມີ ແກ້ວມະນີ",
                "Siti Nurhaliza binti Ahmad", "Maria Santos-Reyes"]
RECORD_COUNTRIES = ["VN", "VN", "TH", "TH", "KH", "KH", "MM", "MM", "LA", "LA", "MY", "PH"]


# gunicorn's own "[ERROR]"/"[CRITICAL]" and the app's "ERROR [pid] logger:" lines (forumops.core.logs), tracebacks
PROBLEM = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback|WORKER TIMEOUT")


class RunTimeout(Exception):
    pass


# --- PostgreSQL -----------------------------------------------------------------------------------

def local_postgres_url(url: str) -> str:
    """The URL itself if it names PostgreSQL on 127.0.0.1 or localhost; refuse anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise SystemExit(f"load.py: a PostgreSQL URL is needed, not {parsed.get_backend_name()}")
    if parsed.host not in LOCAL_HOSTS:
        raise SystemExit(f"load.py: refusing database host {parsed.host!r}: 127.0.0.1 or localhost only")
    return url


class ThrowawayPostgres:
    """A cluster made by .ci/postgres.sh in a temporary folder on a free port; stop() ends and deletes it."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="forumops-load-pg-")
        self.env = {**os.environ, "PGTEST_DIR": self.folder, "PGTEST_PORT": str(free_port())}
        self.started = False

    def start(self) -> str:
        self.started = True  # from here on stop() must run, even if start fails half-way
        done = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh"), "start"], env=self.env,
                              capture_output=True, text=True, timeout=120)
        found = re.search(r"^export FORUMOPS_TEST_DATABASE_URL=(\S+)$", done.stdout, re.M)
        if done.returncode != 0 or not found:
            raise RuntimeError(f".ci/postgres.sh start failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return found.group(1)

    def stop(self) -> None:
        if self.started:
            self.started = False
            subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh"), "stop"], env=self.env,
                           capture_output=True, text=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- data -----------------------------------------------------------------------------------------

@dataclass
class Setup:
    surge_forum_id: int
    cluster_ids: list[int]
    organiser_password: str
    records_confirmed: int


def setup_app(url: str):
    """The app in this process, with production settings, for building the data and reading the results."""

    class LoadSetupConfig(ProductionConfig):
        SECRET_KEY = secrets.token_hex(32)
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False
        MAIL_SERVER = ""

    return create_app(LoadSetupConfig)


def _programme(forum, clusters) -> None:
    from forumops.agenda import operations as agenda_ops

    day = forum.start_date
    people = [{"role": "moderator", "name": "Datuk Dr Denison Jayasooria", "organisation": "ASEAN CSR Network"},
              {"role": "speaker", "name": "สมชาย ใจดี", "organisation": "Thai Social Enterprise Office"},
              {"role": "speaker", "name": "Nguyễn Thị Hồng Nhung", "organisation": "Vietnam Women's Union"}]
    for start, end, title, kind, room, who in (
            ("08:30", "09:00", "Registration", "registration", "Foyer", []),
            ("09:00", "09:30", "Opening session and welcome remarks", "opening_session", "Plenary hall", people[:1]),
            ("09:30", "10:30", "Panel: civil society and the ASEAN Community Vision 2045", "panel", "Plenary hall",
             people),
            ("10:30", "10:45", "Coffee break", "break", "Foyer", [])):
        agenda_ops.create_item(forum, {"day": day, "start": clock.fromisoformat(start), "end": clock.fromisoformat(end),
                                       "title": title, "type": kind, "room": room, "people": who,
                                       "description": "Interpretation in Vietnamese and Thai."})
    for cluster in clusters:
        agenda_ops.create_item(forum, {"day": day, "start": clock(11, 0), "end": clock(12, 30),
                                       "title": f"Breakout: {cluster.name}", "type": "breakout",
                                       "room": f"Room {cluster.id}", "cluster_id": cluster.id, "people": []})


def build_data(app, places: int, records_people: int) -> Setup:
    """Both forums and the organiser, committed; returns what the locustfile needs."""
    from forumops.accounts.operations import create_user
    from forumops.clusters import assignment
    from forumops.clusters.models import ClusterNotes, ForumRecommendation
    from forumops.clusters.operations import create_cluster
    from forumops.forums import operations as forum_ops
    from forumops.outcomes import operations as outcome_ops
    from forumops.registration import seats as registration_seats
    from forumops.registration.models import Registration, RegistrationSettings

    password = secrets.token_urlsafe(16)
    with app.app_context(), write_intent():
        surge = forum_ops.create_forum({
            "title": "ASEAN Civil Society Forum 2027", "slug": SURGE_SLUG, "start_date": date(2027, 4, 14),
            "end_date": date(2027, 4, 15), "timezone": "Asia/Bangkok", "mode": "hybrid",
            "venue_name": "Queen Sirikit National Convention Center", "venue_city": "Bangkok", "venue_country": "TH",
            "background": "Civil society from the ten member states and Timor-Leste meets before the summit.",
            "objectives": ["Share what works", "Agree recommendations for the summit"]}, None)
        forum_ops.change_status(surge, "registration_open")
        db.session.add(RegistrationSettings(forum_id=surge.id, capacity=places))
        surge_clusters = [create_cluster(surge, name, text) for name, text in CLUSTERS]
        _programme(surge, surge_clusters)

        records = forum_ops.create_forum({
            "title": "ASEAN Community Forum 2026", "slug": RECORDS_SLUG, "start_date": date(2026, 3, 9),
            "end_date": date(2026, 3, 10), "timezone": "Asia/Singapore", "mode": "in_person",
            "venue_name": "Marina Bay Sands Expo", "venue_city": "Singapore", "venue_country": "SG",
            "objectives": ["Forge people-to-people engagement", "Present the findings"]}, None)
        records_clusters = [create_cluster(records, name, text) for name, text in CLUSTERS]
        _programme(records, records_clusters)
        cluster_ids = [c.id for c in records_clusters]
        for n in range(records_people):
            registration_seats.register(records, {
                "name": RECORD_NAMES[n % len(RECORD_NAMES)], "email": f"delegate{n}@records.example.org",
                "organisation": f"Community Network {n % 40}", "job_title": "Coordinator",
                "country": RECORD_COUNTRIES[n % len(RECORD_COUNTRIES)],
                "category": ("civil_society", "government", "resource_person", "media")[n % 4],
                "attendance_mode": "in_person", "gender": ("woman", "man")[n % 2], "consent_privacy": True,
                "consent_photos": True, "list_publicly": n % 5 != 0,
                "cluster_preferences": [cluster_ids[n % 4], cluster_ids[(n + 1) % 4]], "answers": {}},
                notify=False)
        assignment.auto_assign(records)
        for cluster in records_clusters:
            db.session.add(ClusterNotes(cluster_id=cluster.id, status="approved", title=f"{cluster.name}: findings",
                                        content={
                "summary": "The cluster compared programmes across eleven countries.",
                "findings": [f"Finding {f}: CSOs already pursue many goals of the ASEAN Strategic Action Plan."
                             for f in range(5)],
                "challenges": ["Access to finance", "Weak communication with ASEAN bodies", "Regulations"],
                "recommendations": [{"text": f"Improve market access for cooperatives led by women ({r}).",
                                     "addressee": "ASEAN member states", "priority": "high"} for r in range(10)],
                "actions": [{"what": "Circulate the course list", "who": "ASEAN CSR Network", "due": "2026-06-01",
                             "status": "open"}] * 3}))
        db.session.add_all(ForumRecommendation(forum_id=records.id, text=f"Recommendation {n}: simpler certification "
                                               "for community enterprises.", addressee="ASEAN Secretariat",
                                               status=("adopted", "noted")[n % 2], position=n) for n in range(30))
        db.session.flush()
        outcome_ops.save_report(records, {"title": "Outcome report: ASEAN Community Forum 2026",
                                          "executive_summary": "Three hundred participants from eleven countries "
                                          "met for two days.\n\n- Findings\n- Recommendations",
                                          "authors": ["Mai Anh Trần (ASEAN Foundation)"]}, 0, None)
        outcome_ops.publish_report(records, None)
        forum_ops.change_status(records, "concluded")
        organiser = create_user("Mai Anh Trần", ORGANISER_EMAIL, password)
        forum_ops.add_member(records, organiser, "organiser")
        db.session.commit()
        confirmed = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.forum_id == records.id, Registration.status == "confirmed"))
        setup = Setup(surge.id, [c.id for c in surge_clusters], password, confirmed)
        db.session.remove()
    return setup


# --- checks ---------------------------------------------------------------------------------------

def database_checks(app, forum_id: int, people: int, places: int, run: str) -> list[tuple[str, bool, str]]:
    from forumops.core.outbox import OutboxMessage
    from forumops.registration.models import Registration

    with app.app_context():
        counts = dict(db.session.execute(select(Registration.status, func.count(Registration.id))
                                         .where(Registration.forum_id == forum_id)
                                         .group_by(Registration.status)).all())
        emails = list(db.session.scalars(select(Registration.email).where(Registration.forum_id == forum_id)))
        mails = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.forum_id == forum_id))
        db.session.remove()
    expected = {f"{run}-person{i}@example.org" for i in range(people)}
    duplicates = len(emails) - len(set(emails))
    missing = expected - set(emails)
    return [
        (f"exactly {places} confirmed", counts.get("confirmed", 0) == places, f"{counts.get('confirmed', 0)}"),
        (f"the other {people - places} waitlisted", counts.get("waitlisted", 0) == people - places,
         f"{counts.get('waitlisted', 0)}"),
        ("no other status", set(counts) <= {"confirmed", "waitlisted"}, str(counts)),
        ("no email registered twice", duplicates == 0, f"{duplicates} duplicates"),
        ("every person has a registration", not missing and len(emails) == people,
         f"{len(emails)} rows, {len(missing)} people missing"),
        ("one email queued per person", mails == people, f"{mails} in the outbox"),
    ]


def registration_window(app, forum_id: int) -> float:
    """Seconds from the first registration saved to the last (rows' created_at)."""
    from forumops.registration.models import Registration

    with app.app_context():
        first, last = db.session.execute(select(func.min(Registration.created_at), func.max(Registration.created_at))
                                         .where(Registration.forum_id == forum_id)).one()
        db.session.remove()
    return (last - first).total_seconds() if first and last else 0.0


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_exceptions(prefix: Path) -> list[dict[str, str]]:
    """Exceptions raised inside the Locust users (a bug of the locustfile, or a response it could not read)."""
    path = Path(f"{prefix}_exceptions.csv")
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def log_problems(log_path: Path) -> list[str]:
    """Lines of gunicorn's log that mean a request went wrong: tracebacks, errors, worker timeouts."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return [line for line in text.splitlines() if PROBLEM.search(line)]


# --- the run ------------------------------------------------------------------------------------

def run_locust(port: int, setup: Setup, args, run: str, prefix: Path) -> tuple[int, float]:
    """Locust headless in its own process group, ended at --run-time (by Locust) or a little later (by us)."""
    env = {**os.environ, "LOAD_SURGE_SLUG": SURGE_SLUG, "LOAD_RECORDS_SLUG": RECORDS_SLUG,
           "LOAD_PEOPLE": str(args.people), "LOAD_RUN": run,
           "LOAD_CLUSTER_IDS": ",".join(map(str, setup.cluster_ids)), "LOAD_ORGANISERS": str(args.organisers),
           "LOAD_ORGANISER_EMAIL": ORGANISER_EMAIL, "LOAD_ORGANISER_PASSWORD": setup.organiser_password,
           "LOAD_HTTP_TIMEOUT": str(args.timeout)}
    command = [sys.executable, "-m", "locust", "-f", str(BENCH / "locustfile.py"), "--headless",
               "--host", f"http://127.0.0.1:{port}", "-u", str(args.people + args.organisers),
               "-r", str(args.spawn_rate), "--run-time", f"{args.run_time}s", "--stop-timeout", "10",
               "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    with open(f"{prefix}_locust.log", "wb") as log:
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=BENCH, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            code = proc.wait(timeout=args.run_time + 60)
        except (subprocess.TimeoutExpired, RunTimeout, KeyboardInterrupt):
            os.killpg(proc.pid, signal.SIGKILL)  # the group this script started, by its id
            proc.wait(timeout=10)
            raise
    return code, time.monotonic() - started


def _ms(value: str) -> str:
    return f"{float(value):,.0f}" if value not in ("", "N/A") else "-"


def print_table(rows: list[dict[str, str]], seconds: float) -> dict[str, dict[str, str]]:
    by_name = {row["Name"]: row for row in rows}
    print(f"\n{'request':<28} {'count':>6} {'fails':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(f"{name:<28} {row['Request Count']:>6} {row['Failure Count']:>5} {float(row['Requests/s']):7.1f} "
              f"{_ms(row['50%']):>7} {_ms(row['99%']):>7} {_ms(row['Max Response Time']):>7}")
    total = by_name.get("Aggregated")
    if total:
        print(f"\nthroughput: {int(total['Request Count']):,} requests in {seconds:.0f} s of Locust run "
              f"({float(total['Requests/s']):.1f} requests/s as Locust counts it, first to last request)")
    return by_name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--spawn-rate", type=float, default=10,
                        help="people arriving per second (10: all 2,000 within 3 min 20 s)")
    parser.add_argument("--organisers", type=int, default=2, help="organisers downloading PDFs during the surge")
    parser.add_argument("--records", type=int, default=300, help="confirmed participants of the second forum")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=120,
                        help="a request unanswered after this many seconds fails (a browser waits about as long)")
    parser.add_argument("--run-time", type=int, default=420, help="Locust stops by then, in seconds")
    parser.add_argument("--time-limit", type=int, default=900, help="the whole script stops by then, in seconds")
    parser.add_argument("--out", help="keep Locust's CSV files and logs and gunicorn's log here")
    args = parser.parse_args()

    def on_alarm(_signum, _frame):
        raise RunTimeout(f"load.py: the whole run exceeded --time-limit {args.time_limit} s")

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(args.time_limit)

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="forumops-load-"))
    out.mkdir(parents=True, exist_ok=True)
    run = f"load{secrets.token_hex(3)}"
    postgres = None
    server = None
    try:
        if os.environ.get("FORUMOPS_BENCH_DATABASE_URL"):
            url = local_postgres_url(os.environ["FORUMOPS_BENCH_DATABASE_URL"])
            where = "FORUMOPS_BENCH_DATABASE_URL"
        else:
            postgres = ThrowawayPostgres()
            url = local_postgres_url(postgres.start())
            where = "a throwaway cluster from .ci/postgres.sh"
        app = setup_app(url)
        rebuild_schema(app)
        built = time.perf_counter()
        setup = build_data(app, args.places, args.records)
        print(f"PostgreSQL on {make_url(url).host}:{make_url(url).port} ({where}); data built in "
              f"{time.perf_counter() - built:.1f} s: {args.places} places, {setup.records_confirmed} confirmed "
              f"participants with a published report for the organisers' downloads")
        print(f"gunicorn -w {args.workers} (sync), Locust: {args.people} people at {args.spawn_rate:g}/s + "
              f"{args.organisers} organisers; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} "
              "before starting (the machine is shared: numbers vary)")

        server = Gunicorn("load", "wsgi:app", {
            "FORUMOPS_ENV": "production", "FORUMOPS_SECRET_KEY": secrets.token_hex(32),
            "FORUMOPS_DATABASE_URL": url, "FORUMOPS_MAIL_SERVER": "", "PYTHONPATH": str(ROOT),
            "FORUMOPS_REGISTRATIONS_PER_CLIENT": "0"}, ROOT, args.workers)  # every request comes from 127.0.0.1
        server.wait_ready("/forums/")
        for _ in range(args.workers * 3):  # templates compiled and views imported in every worker, unmeasured
            for path in (f"/forums/{SURGE_SLUG}/", f"/forums/{SURGE_SLUG}/register"):
                server.wait_ready(path)

        prefix = out / "locust"
        code, seconds = run_locust(server.port, setup, args, run, prefix)
        load_after = os.getloadavg()[0]
        server.stop()
        shutil.copy(server.log_path, out / "gunicorn.log")
        rows = read_stats(prefix)
        by_name = print_table(rows, seconds)

        def count(name: str, column: str = "Request Count") -> int:
            return int(by_name[name][column]) if name in by_name else 0

        window = registration_window(app, setup.surge_forum_id)
        if window:
            print(f"registrations: {count('POST registration'):,} saved over {window:.0f} s, first to last = "
                  f"{count('POST registration') / window:.1f}/s while people arrived at {args.spawn_rate:g}/s "
                  f"for {args.people / args.spawn_rate:.0f} s")
        checks = database_checks(app, setup.surge_forum_id, args.people, args.places, run)
        problems = log_problems(out / "gunicorn.log")
        exceptions = read_exceptions(prefix)
        checks += [
            ("no failed request", count("Aggregated", "Failure Count") == 0,
             f"{count('Aggregated', 'Failure Count')} failed"),
            ("every journey done", all(count(n) == args.people for n in (
                "GET forum page", "GET registration form", "POST registration", "GET own registration page")),
             f"{count('POST registration')} POSTs, {count('GET own registration page')} pages followed"),
            ("organisers downloaded during the surge", count("POST badges PDF") > 0 and count("GET report PDF") > 0,
             f"{count('POST badges PDF')} badge PDFs, {count('GET report PDF')} report PDFs"),
            ("no error in gunicorn's log", not problems, f"{len(problems)} lines"),
            ("no exception in the Locust users", not exceptions,
             "; ".join(f"{e['Count']} x {e['Message']}" for e in exceptions) or "none"),
            ("Locust exited normally", code in (0, 1), f"exit code {code}"),
        ]
        print(f"\nchecks (load average after the run {load_after:.2f}):")
        for label, ok, detail in checks:
            print(f"  {'ok  ' if ok else 'FAIL'} {label}: {detail}")
        if problems:
            print("\ngunicorn's log, last lines:\n" + "\n".join(
                (out / "gunicorn.log").read_text(errors="replace").splitlines()[-60:]))
        failures = Path(f"{prefix}_failures.csv")
        if count("Aggregated", "Failure Count") and failures.exists():
            print("\nLocust's failures:\n" + failures.read_text()[:3000])
        print(f"\nLocust CSV and logs in {out}" if args.out else "")
        return 0 if all(ok for _label, ok, _detail in checks) else 1
    finally:
        signal.alarm(0)
        if server is not None:
            server.stop()
        if postgres is not None:
            postgres.stop()
        if not args.out:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
