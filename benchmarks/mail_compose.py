"""Time composing one announcement for 2,000 recipients against the bare libraries doing the same writes.

A hybrid forum (Asia/Jakarta, an online link, 5 clusters, 20 programme items) with 2,000 confirmed registrations
(half online; each in a cluster) is built on a fresh database whose schema comes from the migrations (as
tests/conftest.py does). The message uses every placeholder, {private_link} and {cluster} included. Lines:

- ours      what the composer's "Send" does after the form is read: recipients.find_recipients (the filters:
            everyone confirmed) and operations.send_announcement (opt-outs, quotas, a new private link for each
            person, clusters, the placeholders filled, an unsubscribe token each, List-Unsubscribe headers, the
            outbox rows, the recipient rows), then the commit.
- ours_ics  the same with the programme attached (.ics, two variants: with and without the meeting link).
- bare      the same rows written by the libraries alone from data prepared beforehand (the recipients' values
            already in plain dicts): Python's str.replace per placeholder, secrets and hashlib for the tokens,
            SQLAlchemy Core executemany INSERTs of the same outbox, link and recipient rows, the commit.

Each line is timed with time.perf_counter, best of `--runs` after a warm-up, taking turns; what a run wrote is
deleted before the next (untimed). SQL statements per run are counted with the engine's before_cursor_execute
event. Target (issue 17): ours at most 2 s for 2,000 recipients. It is a report: the exit code is 0 whatever
the numbers.

    PYTHONPATH=. python benchmarks/mail_bench.py          (both halves: composing, then sending)
    PYTHONPATH=. python benchmarks/mail_compose.py        (composing alone)
    FORUMOPS_BENCH_DATABASE_URL=postgresql+psycopg://... PYTHONPATH=. python benchmarks/mail_compose.py

The PostgreSQL database named by FORUMOPS_BENCH_DATABASE_URL is wiped, as the test suite does with its own.
"""

from __future__ import annotations

import argparse
import hashlib
import secrets
import sys
import time
from datetime import UTC, date, datetime
from datetime import time as clock

from scratch import use_scratch_database  # noqa: E402

use_scratch_database()  # before config.py is imported: it reads the URL then

from sqlalchemy import delete, event, insert, select  # noqa: E402

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402
from forumops.extensions import db  # noqa: E402

SLUG = "compose-bench-2027"
PEOPLE = 2_000
RUNS = 5
SUBJECT = "{forum}: the {cluster} breakout moves"
BODY = ("Dear {name},\n\n{forum} ({dates}) at {venue}.\nYour cluster: {cluster}\nJoin online: {online_link}\n"
        "Category: {category}; check-in code {checkin_code}.\n\nYour registration: {private_link}\n")
NAMES = ["Nguyễn Phương Linh", "Sopheak Chan", "Siti Rahma", "Ben Santos", "Aung Min", "สมหญิง ใจดี",
         "សុខ សុភ័ក្ត្រ", "ສົມພອນ ພົມມະວົງ", "Maria Clara Dela Cruz", "Budi Wijaya"]


def build(app) -> None:
    """The forum, its programme and clusters through the app's operations; the 2,000 registrations and their
    cluster places inserted in bulk (registering each through the seat lock would take minutes, and is not
    what is measured)."""
    from forumops.agenda.operations import create_item
    from forumops.clusters.models import ClusterAssignment
    from forumops.clusters.operations import create_cluster
    from forumops.forums.operations import change_status, create_forum
    from forumops.registration.models import Registration, new_checkin_code

    with app.app_context():
        forum = create_forum({"title": "ASEAN Community Forum 2027", "slug": SLUG, "start_date": date(2027, 5, 10),
                              "end_date": date(2027, 5, 11), "timezone": "Asia/Jakarta", "mode": "hybrid",
                              "online_link": "https://meet.example.org/acf-2027", "venue_name": "JCC",
                              "venue_city": "Jakarta"}, None)
        change_status(forum, "registration_open")
        clusters = [create_cluster(forum, f"Cluster {n}", "") for n in range(5)]
        for n in range(20):
            create_item(forum, {"day": date(2027, 5, 10 + n // 10), "start": clock(8 + n % 10),
                                "end": clock(9 + n % 10), "title": f"Session {n}", "type": "panel"})
        db.session.flush()
        now = datetime.now(UTC)
        db.session.execute(insert(Registration.__table__), [
            {"forum_id": forum.id, "name": f"{NAMES[n % len(NAMES)]} {n}", "email": f"person{n}@example.org",
             "status": "confirmed", "attendance_mode": "online" if n % 2 else "in_person", "category": "civil_society",
             "country": "VN", "manage_token_hash": hashlib.sha256(f"t{n}".encode()).hexdigest(),
             "checkin_code": new_checkin_code(), "cluster_preferences": [], "answers": {}, "created_at": now,
             "updated_at": now, "job_title": "", "dietary_needs": "", "accessibility_needs": "", "gender": "",
             "consent_privacy": True, "consent_photos": False, "list_publicly": False}
            for n in range(PEOPLE)])
        ids = list(db.session.scalars(select(Registration.id).where(Registration.forum_id == forum.id)))
        db.session.execute(insert(ClusterAssignment.__table__), [
            {"cluster_id": clusters[n % 5].id, "registration_id": registration_id, "role": "participant"}
            for n, registration_id in enumerate(ids)])
        db.session.commit()


def clean(app) -> None:
    """What a run wrote, deleted (untimed)."""
    from forumops.communications.models import Announcement, AnnouncementRecipient
    from forumops.core.outbox import OutboxMessage
    from forumops.registration.models import ManageLink

    with app.app_context():
        for model in (AnnouncementRecipient, Announcement, OutboxMessage, ManageLink):
            db.session.execute(delete(model))
        db.session.commit()


def ours(app, attach_ics: bool) -> int:
    from forumops.communications.operations import send_announcement
    from forumops.communications.recipients import RecipientFilters, find_recipients
    from forumops.forums.models import Forum

    with app.test_request_context():
        forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
        people = find_recipients(forum, RecipientFilters())
        announcement = send_announcement(forum, SUBJECT, BODY, people, actor=None, attach_ics=attach_ics)
        count = announcement.recipient_count
        db.session.commit()
        return count


def prepare_bare(app) -> list[dict]:
    """Each recipient's values as plain dicts, before the clock starts."""
    from forumops.communications.recipients import RecipientFilters, cluster_labels, find_recipients
    from forumops.forums.models import Forum

    with app.app_context():
        forum = db.session.scalar(select(Forum).where(Forum.slug == SLUG))
        people = find_recipients(forum, RecipientFilters())
        clusters = cluster_labels(forum, [p.id for p in people])
        return [{"id": p.id, "email": p.email, "name": p.name, "forum": forum.title, "dates": "10 – 11 May 2027",
                 "venue": "JCC, Jakarta", "cluster": clusters.get(p.id, ""), "category": "Civil-society",
                 "checkin_code": p.checkin_code, "forum_id": forum.id,
                 "online_link": forum.online_link if p.attendance_mode == "online" else "(not for you)"}
                for p in people]


def bare(app, rows: list[dict]) -> int:
    from forumops.communications.models import Announcement, AnnouncementRecipient
    from forumops.core.outbox import OutboxMessage
    from forumops.registration.models import ManageLink

    def fill(text: str, values: dict) -> str:
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text

    with app.app_context():
        connection = db.session.connection()
        announcement_id = connection.execute(insert(Announcement.__table__).values(
            forum_id=rows[0]["forum_id"], subject=SUBJECT, body=BODY, filters={}, attach_ics=False, status="queued",
            source="composer", recipient_count=len(rows), created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC))).inserted_primary_key[0]
        links, outbox, hashes = [], [], []
        for row in rows:
            token = secrets.token_urlsafe(32)
            links.append({"registration_id": row["id"], "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                          "created_at": datetime.now(UTC)})
            unsubscribe = secrets.token_urlsafe(32)
            hashes.append(hashlib.sha256(unsubscribe.encode()).hexdigest())
            values = {**{k: v for k, v in row.items() if isinstance(v, str)},
                      "private_link": f"http://127.0.0.1:5000/forums/{SLUG}/registration/{token}"}
            outbox.append({"to_address": row["email"], "subject": fill(SUBJECT, values), "kind": "announcement",
                           "body_text": fill(BODY, values) + f"\n-- \n/unsubscribe/{unsubscribe}\n",
                           "forum_id": row["forum_id"], "registration_id": row["id"], "message_id": f"<{unsubscribe}@b>",
                           "headers": {"List-Unsubscribe": f"</unsubscribe/{unsubscribe}/one-click>",
                                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                           "attachment_name": "", "attachment_type": "", "attachment_text": ""})
        connection.execute(insert(ManageLink.__table__), links)
        table = OutboxMessage.__table__
        ids = {m: i for i, m in connection.execute(insert(table).returning(table.c.id, table.c.message_id), outbox)}
        connection.execute(insert(AnnouncementRecipient.__table__), [
            {"announcement_id": announcement_id, "registration_id": row["id"], "state": "mailed",
             "outbox_message_id": ids[message["message_id"]], "unsubscribe_token_hash": token_hash}
            for row, message, token_hash in zip(rows, outbox, hashes, strict=True)])
        db.session.commit()
        return len(rows)


def timed(app, run, runs: int) -> tuple[float, int]:
    """Best wall time of `runs` (each after clean()), and the SQL statements of one run."""
    statements = []

    def seen(*args):
        statements.append(args[2])

    best = float("inf")
    for number in range(runs):
        clean(app)
        with app.app_context():
            engine = db.engine
        if number == 0:
            event.listen(engine, "before_cursor_execute", seen)
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
        if number == 0:
            event.remove(engine, "before_cursor_execute", seen)
    return best, len(statements)


def report(runs: int = RUNS) -> None:
    """Build the forum, time the three lines taking turns, print them (mail_bench.py's first half)."""
    app = create_app(TestingConfig)
    app.config["MAIL_ACCOUNT_QUOTA"] = app.config["MAIL_FORUM_QUOTA"] = 10**9
    rebuild_schema(app)
    build(app)
    rows = prepare_bare(app)
    assert ours(app, False) == bare(app, rows) == PEOPLE  # warm-up, and both write every recipient
    results = {}
    for _turn in range(runs):  # taking turns, so a busy moment of the machine hits all alike
        for name, run in (("ours", lambda: ours(app, False)), ("ours_ics", lambda: ours(app, True)),
                          ("bare", lambda: bare(app, rows))):
            best, statements = timed(app, run, 1)
            old = results.get(name, (float("inf"), statements))
            results[name] = (min(old[0], best), statements)
    clean(app)
    with app.app_context():
        backend = db.engine.url.get_backend_name()
    print(f"composing: {PEOPLE:,} recipients, {backend}, best of {runs} (python {sys.version.split()[0]})")
    bare_time = results["bare"][0]
    for name, (best, statements) in results.items():
        ratio = best / bare_time
        target = " (target: at most 2 s)" if name.startswith("ours") else ""
        flag = "  ABOVE TARGET" if name.startswith("ours") and best > 2.0 else ""
        print(f"  {name:<9} {best * 1000:8.1f} ms  {statements:3d} SQL statements  {ratio:5.2f} x bare{target}{flag}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    report(parser.parse_args().runs)
