"""`flask forumops worker` as a real process, stopped twice in the middle of a 2,000-recipient send.

SIGTERM: the worker finishes the message it is sending, gives back the rest of its batch and exits 0.
SIGKILL: nothing runs; its batch comes back when the lease (1 s here) runs out. The one message it may
have had accepted by the server but not yet recorded is then sent again with the same Message-ID: that
window, between the server's "250" and the commit, is the only way a message goes twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage, queue_mail
from forumops.core.worker import Worker

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 2000


def start_worker(app, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_APP": "forumops:create_app()",
           "FORUMOPS_ENV": "development", "FORUMOPS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "FORUMOPS_MAIL_SERVER": "127.0.0.1", "FORUMOPS_MAIL_PORT": str(port),
           "FORUMOPS_WORKER_LEASE_SECONDS": "1", "FORUMOPS_WORKER_POLL_SECONDS": "0.05",
           "FORUMOPS_WORKER_BATCH_SIZE": "10", "FORUMOPS_MAIL_RATE_PER_MINUTE": "0"}
    with log.open("a") as out:
        return subprocess.Popen([sys.executable, "-m", "flask", "forumops", "worker"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen, how: signal.Signals) -> int:
    process.send_signal(how)
    return process.wait(timeout=20)


@pytest.mark.commits  # worker processes read and write the database through their own connections
def test_two_thousand_recipients_with_the_worker_killed_twice_each_get_it_once(app, db, smtp_server, tmp_path):
    for n in range(RECIPIENTS):
        queue_mail(f"person{n}@example.org", "Room change", f"Dear person {n}, the plenary moves to Hall B.",
                   kind="announcement")
    db.session.commit()
    log = tmp_path / "worker.log"
    port = app.config["MAIL_PORT"]
    workers = []
    try:
        workers.append(start_worker(app, port, log))
        assert smtp_server.wait_for(lambda inbox: len(inbox.messages) >= 500), log.read_text()
        assert stop(workers[0], signal.SIGTERM) == 0, log.read_text()  # finished its message, stopped cleanly
        pid = workers[0].pid
        claimed = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.status == "queued", OutboxMessage.claimed_by.like(f"%:{pid}:%")))
        db.session.rollback()  # end this read: the next one sees the workers' later commits
        assert claimed == 0  # gave back its batch at once
        at_sigterm = len(smtp_server.messages)

        workers.append(start_worker(app, port, log))
        assert smtp_server.wait_for(lambda inbox: len(inbox.messages) >= at_sigterm + 600), log.read_text()
        assert stop(workers[1], signal.SIGKILL) == -signal.SIGKILL

        workers.append(start_worker(app, port, log))  # takes the killed one's batch once its lease runs out
        assert smtp_server.wait_for(lambda inbox: len(inbox.recipients) == RECIPIENTS), log.read_text()
        assert stop(workers[2], signal.SIGTERM) == 0, log.read_text()
    finally:
        for process in workers:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    # every recipient has it; what can be left queued is a message the killed worker had sent but not
    # recorded, if the last worker stopped before its lease ran out: a pass after the lease sends it again
    assert Worker(app, run_jobs=False).send_due_mail(now=utcnow() + timedelta(seconds=2)).sent <= 1
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")) == 0
    deliveries = defaultdict(list)
    for message in smtp_server.messages:
        deliveries[message["To"]].append(message["Message-ID"])
    assert set(deliveries) == {f"person{n}@example.org" for n in range(RECIPIENTS)}  # nobody missed
    assert all(len(set(ids)) == 1 for ids in deliveries.values())  # one Message-ID per recipient
    queued_ids = dict(db.session.execute(select(OutboxMessage.to_address, OutboxMessage.message_id)).all())
    assert all(ids[0] == queued_ids[address] for address, ids in deliveries.items())
    # only the SIGKILL can repeat a message: the one its worker had sent but not yet recorded
    assert len(smtp_server.messages) - RECIPIENTS <= 1
