"""Mail: composing one announcement for 2,000 people (mail_compose.py), then how fast the worker sends the
outbox over one reused SMTP connection, against one connection per message.

A real SMTP server (aiosmtpd, in a thread of this process) on 127.0.0.1 takes every message and keeps a count;
the outbox lives in a temporary SQLite file (or FORUMOPS_BENCH_DATABASE_URL) whose schema comes from the
migrations. Each measurement is one function; main() prints each, then the ratios.

- worker, reused       the project's path: `Worker.send_due_mail()` on N queued messages (claimed in batches
                       under the database lock, each marked sent and committed right after the server's 250),
                       all over one SMTP connection.
- worker, per message  the same worker, every message on a connection of its own (connect, EHLO, send, QUIT),
                       as ForumOps sent mail before the worker (one connection per request's message).
- smtplib, reused      the reference: a bare smtplib loop over one connection, the same N prebuilt messages,
                       no database: the ceiling of the reused path.
- smtplib, per message the bare loop with a new connection per message.

Target (issue 17): the worker over one reused connection sends at least 10 times as many messages a second as
one connection per message. On 127.0.0.1 a connection costs no network round trip; against a real provider
(TLS and AUTH on each, 20-200 ms away) the gap only grows. `--tls` adds STARTTLS to every connection (a
self-signed certificate made with openssl), closer to what providers require. It is a report: exit code 0
whatever the numbers.

    cd /work/main && PYTHONPATH=. python benchmarks/mail_bench.py
    PYTHONPATH=. python benchmarks/mail_bench.py --messages 2000 --repeat 3 --tls
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_tmp = tempfile.mkdtemp(prefix="forumops-mailbench-")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
DATABASE_URL = os.environ.get("FORUMOPS_BENCH_DATABASE_URL") or f"sqlite:///{_tmp}/bench.sqlite"

import mail_compose  # noqa: E402  (beside this script: the composing half)
from aiosmtpd.controller import Controller  # noqa: E402

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402
from forumops.core.outbox import OutboxMessage, build_email, queue_mail  # noqa: E402
from forumops.core.smtp import SmtpConnection  # noqa: E402
from forumops.core.worker import Worker, WorkerSettings  # noqa: E402
from forumops.extensions import db  # noqa: E402

BODY = ("Dear {name},\n\nThe plenary on Thursday moves to Hall B (ground floor, east wing). Badge pick-up stays at "
        "the registration desk from 8:00.\n\nYour private page: https://forums.example.org/forums/acf/registration/"
        "{token}\n\nSee you in Jakarta,\nthe organising team\n")


class Counter:
    """The SMTP server's handler: counts what it accepts, parses nothing (the server must not be the bottleneck)."""

    def __init__(self):
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        return "250 OK"


class OneConnectionPerMessage(SmtpConnection):
    """The worker's connection, closed after every message: the per-message baseline on the same path."""

    def send(self, email) -> None:
        try:
            super().send(email)
        finally:
            self.close()


def self_signed_context() -> ssl.SSLContext:
    key, cert = f"{_tmp}/key.pem", f"{_tmp}/cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def make_app(port: int, tls: bool):
    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = DATABASE_URL
        MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS = "127.0.0.1", port, tls
        MAIL_SENDER = "ForumOps <forums@example.org>"

    app = create_app(BenchConfig)
    rebuild_schema(app)
    return app


def queue_messages(app, n: int) -> None:
    with app.app_context():
        db.session.execute(OutboxMessage.__table__.delete())
        for i in range(n):
            queue_mail(f"person{i}@example.org", "Room change for the plenary",
                       BODY.format(name=f"Person {i}", token=f"{i:043d}"), kind="announcement",
                       headers={"List-Unsubscribe": f"<https://forums.example.org/u/{i:032d}>"})
        db.session.commit()


def prebuilt_emails(app, n: int) -> list:
    """The same N emails the worker sends, built once, for the bare smtplib loops."""
    queue_messages(app, n)
    with app.app_context():
        return [build_email(message) for message in db.session.query(OutboxMessage).order_by(OutboxMessage.id)]


def smtp_client(port: int, tls: bool) -> smtplib.SMTP:
    smtp = smtplib.SMTP("127.0.0.1", port, timeout=10)
    if tls:
        smtp.starttls(context=CLIENT_TLS)
    return smtp


def _client_context() -> ssl.SSLContext:
    """Made once, as the worker's is: trusts our throwaway certificate (and nothing is verified: a bench)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


CLIENT_TLS = _client_context()


# --- one function per measurement: each returns (messages, seconds) ----------------------------------------

def worker_reused(app, n: int) -> tuple[int, float]:
    queue_messages(app, n)
    worker = Worker(app, run_jobs=False, settings=WorkerSettings(batch_size=50))
    with app.app_context():
        started = time.perf_counter()
        outcome = worker.send_due_mail()
        elapsed = time.perf_counter() - started
    assert outcome.sent == n, outcome
    assert outcome.connections == 1, outcome
    return n, elapsed


def worker_per_message(app, n: int) -> tuple[int, float]:
    queue_messages(app, n)
    worker = Worker(app, run_jobs=False, settings=WorkerSettings(batch_size=50))
    worker.connection_class = OneConnectionPerMessage
    with app.app_context():
        started = time.perf_counter()
        outcome = worker.send_due_mail()
        elapsed = time.perf_counter() - started
    assert outcome.sent == n, outcome
    assert outcome.connections == n, outcome
    return n, elapsed


def smtplib_reused(emails: list, port: int, tls: bool) -> tuple[int, float]:
    started = time.perf_counter()
    smtp = smtp_client(port, tls)
    for email in emails:
        smtp.send_message(email)
    smtp.quit()
    return len(emails), time.perf_counter() - started


def smtplib_per_message(emails: list, port: int, tls: bool) -> tuple[int, float]:
    started = time.perf_counter()
    for email in emails:
        smtp = smtp_client(port, tls)
        smtp.send_message(email)
        smtp.quit()
    return len(emails), time.perf_counter() - started


def connection_cost(port: int, tls: bool, n: int = 200) -> tuple[int, float]:
    """Connections opened and closed (connect, greeting, EHLO, STARTTLS if on, QUIT), nothing sent."""
    started = time.perf_counter()
    for _ in range(n):
        smtp = smtp_client(port, tls)
        smtp.ehlo_or_helo_if_needed()
        smtp.quit()
    return n, time.perf_counter() - started


def best_rate(measure, repeat: int) -> float:
    """Messages a second, best of `repeat` runs."""
    return max(count / seconds for count, seconds in (measure() for _ in range(repeat)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages per run (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept (default 3)")
    parser.add_argument("--tls", action="store_true", help="STARTTLS on every connection (self-signed)")
    parser.add_argument("--compose-runs", type=int, default=mail_compose.RUNS,
                        help="runs of the composing half (mail_compose.py); 0 skips it")
    args = parser.parse_args()
    if args.compose_runs:
        mail_compose.report(args.compose_runs)  # issue 17: composing for 2,000 recipients in at most 2 s

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Counter(), hostname="127.0.0.1", port=port, server_hostname="smtp.bench",
                            tls_context=self_signed_context() if args.tls else None)
    controller.start()
    try:
        app = make_app(port, args.tls)
        if args.tls:
            SmtpConnection.tls_context = CLIENT_TLS  # our throwaway certificate, trusted here only
        emails = prebuilt_emails(app, args.messages)
        n, repeat, tls = args.messages, args.repeat, args.tls
        print(f"{n} messages a run, best of {repeat}, aiosmtpd on 127.0.0.1:{port}"
              f"{' with STARTTLS' if tls else ''}, outbox on {DATABASE_URL.split(':')[0]}")
        rates = {
            "worker, reused connection": best_rate(lambda: worker_reused(app, n), repeat),
            "worker, connection per message": best_rate(lambda: worker_per_message(app, n), repeat),
            "smtplib, reused connection": best_rate(lambda: smtplib_reused(emails, port, tls), repeat),
            "smtplib, connection per message": best_rate(lambda: smtplib_per_message(emails, port, tls), repeat),
        }
        for name, rate in rates.items():
            print(f"  {name:<34} {rate:8.0f} messages/s  ({1000 / rate:6.2f} ms each)")
        per_connection = 1000 / best_rate(lambda: connection_cost(port, tls), repeat)
        print(f"  {'a connection alone (open, close)':<34} {per_connection:8.2f} ms")
        reuse = rates["worker, reused connection"] / rates["worker, connection per message"]
        print(f"worker reused / worker per message: {reuse:.1f}x (target >= 10x: {'met' if reuse >= 10 else 'NOT met'})")
        print(f"worker reused / smtplib reused (the ceiling): "
              f"{rates['worker, reused connection'] / rates['smtplib, reused connection']:.2f}")
        print(f"smtplib reused / smtplib per message: "
              f"{rates['smtplib, reused connection'] / rates['smtplib, connection per message']:.1f}x")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
