"""The background worker against a real SMTP server (aiosmtpd on 127.0.0.1): one connection for many
messages, schedules kept, refusals and a vanishing server survived with nothing lost or sent twice,
leases that return a killed worker's messages, and two workers at once on one database."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage, queue_mail
from forumops.core.smtp import RateLimit
from forumops.core.worker import SERVER_DOWN_LONGEST_PAUSE, TROUBLE_IN_A_ROW, Worker, WorkerSettings, retry_delay

NOW = utcnow().replace(microsecond=0)


def queue(count: int, start: int = 0, **options) -> list[int]:
    return [queue_mail(f"person{n}@example.org", f"Venue note {n}", f"Hello {n}, room B now.", **options)
            for n in range(start, start + count)]


def rows(db, ids=None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    return list(db.session.scalars(query))


def worker(app, **settings) -> Worker:
    return Worker(app, run_jobs=False, settings=WorkerSettings(**settings))


def test_one_connection_carries_every_queued_message_service_mail_first(app, db, smtp_server):
    announcements = queue(25, kind="announcement", headers={"List-Unsubscribe": "<https://example.org/u/1>"})
    reset = queue_mail("linh@example.org", "Reset your password", "The link.")  # queued last, about her account
    db.session.commit()

    outcome = worker(app, batch_size=10).send_due_mail()

    assert (outcome.sent, outcome.failed, outcome.connections) == (26, 0, 1)
    assert smtp_server.connections == 1
    assert set(smtp_server.connection_of) == {1}
    assert smtp_server.messages[0]["Subject"] == "Reset your password"  # not behind 25 announcements
    by_id = {row.id: row for row in rows(db)}
    assert [m["Message-ID"] for m in smtp_server.messages] == [by_id[i].message_id for i in [reset, *announcements]]
    assert smtp_server.messages[1]["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert {(row.status, row.attempts, row.claimed_by, row.claimed_until) for row in by_id.values()} == {
        ("sent", 1, "", None)}


def test_a_scheduled_message_goes_at_its_time_and_not_before(app, db, smtp_server):
    at = NOW + timedelta(days=2)
    [scheduled] = queue(1, kind="announcement", send_after=at)
    [now_one] = queue(1, start=1)
    db.session.commit()

    assert worker(app).send_due_mail(now=at - timedelta(seconds=1)).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["person1@example.org"]
    assert rows(db, [scheduled])[0].status == "queued"
    assert worker(app).send_due_mail(now=at).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["person1@example.org", "person0@example.org"]
    assert rows(db, [scheduled])[0].sent_at == at
    assert rows(db, [now_one])[0].status == "sent"


def test_a_refused_recipient_fails_that_message_not_the_batch(app, db, smtp_server):
    ids = queue(5)
    smtp_server.refuse["person1@example.org"] = "550 5.1.1 <person1@example.org>: no such user"
    smtp_server.refuse["person3@example.org"] = "450 4.2.1 Mailbox busy, try later"
    db.session.commit()

    outcome = worker(app).send_due_mail(now=NOW)

    assert (outcome.sent, outcome.failed, outcome.connections) == (3, 2, 1)
    assert sorted(m["To"] for m in smtp_server.messages) == [f"person{n}@example.org" for n in (0, 2, 4)]
    unknown, busy = rows(db, [ids[1], ids[3]])
    assert (unknown.status, unknown.attempts, unknown.last_error) == (
        "failed", 1, "550 5.1.1 <person1@example.org>: no such user")  # permanent: never tried again
    assert (busy.status, busy.attempts, busy.last_error) == ("queued", 1, "450 4.2.1 Mailbox busy, try later")
    assert busy.send_after == NOW + retry_delay(1)

    del smtp_server.refuse["person3@example.org"]
    assert worker(app).send_due_mail(now=NOW + retry_delay(1) - timedelta(seconds=1)).sent == 0  # its backoff
    assert worker(app).send_due_mail(now=NOW + retry_delay(1)).sent == 1
    assert Counter(m["To"] for m in smtp_server.messages) == Counter(
        f"person{n}@example.org" for n in (0, 2, 3, 4))
    busy = rows(db, [ids[3]])[0]
    assert (busy.status, busy.attempts, busy.last_error) == ("sent", 2, "")


def test_a_message_refused_for_now_is_failed_after_the_give_up_time_not_before(app, db, smtp_server):
    """FORUMOPS_MAIL_GIVE_UP_HOURS (72): a message the server keeps answering with 4xx is retried, 1, 2, 4 ...
    minutes then hourly, until 72 hours after its first refusal; the last try is at that time."""
    [message_id] = queue(1)
    smtp_server.refuse["person0@example.org"] = "451 4.3.0 Temporary local problem"
    db.session.commit()
    now, tries = NOW, 0
    while rows(db, [message_id])[0].status == "queued":
        assert worker(app).send_due_mail(now=now).failed == 1
        tries += 1
        now = rows(db, [message_id])[0].send_after or now
        assert tries < 100
    message = rows(db, [message_id])[0]
    assert (message.status, message.last_error) == ("failed", "451 4.3.0 Temporary local problem")
    assert now == NOW + timedelta(hours=72)
    assert message.attempts == tries > 70
    assert worker(app).send_due_mail(now=now + timedelta(days=30)).failed == 0  # nothing left to try
    assert smtp_server.messages == []


def test_a_server_refusing_everything_for_now_is_backed_off_not_each_messages_attempts_spent(app, db, smtp_server):
    """A provider's throttle ("451 slow down" to every message): after a few refusals in a row the worker
    stops and waits, giving every claim back without an attempt counted against it."""
    ids = queue(20)
    db.session.commit()
    smtp_server.refuse.update({f"person{n}@example.org": "451 4.7.1 Rate limited, slow down" for n in range(20)})

    outcome = worker(app, batch_size=4).send_due_mail(now=NOW)

    assert (outcome.sent, outcome.failed, outcome.server_down) == (0, TROUBLE_IN_A_ROW, True)
    states = rows(db, ids)
    assert {(row.status, row.attempts, row.claimed_by, row.send_after) for row in states} == {("queued", 0, "", None)}
    assert [row.last_error for row in states[:TROUBLE_IN_A_ROW]] == ["451 4.7.1 Rate limited, slow down"] * 5

    smtp_server.refuse.clear()  # the throttle lifts: everything goes on the next pass, none held back
    assert worker(app).send_due_mail(now=NOW + timedelta(seconds=10)).sent == 20


def test_a_few_refusals_then_a_success_count_as_those_messages_own(app, db, smtp_server):
    """Refusals for now that the server follows by accepting the next message were the messages' own."""
    ids = queue(4)
    db.session.commit()
    smtp_server.refuse.update({f"person{n}@example.org": "452 4.2.2 Mailbox full" for n in range(3)})

    outcome = worker(app, batch_size=2).send_due_mail(now=NOW)

    assert (outcome.sent, outcome.failed, outcome.server_down) == (1, 3, False)
    assert [(row.status, row.attempts, row.send_after, row.failing_since) for row in rows(db, ids)] == [
        ("queued", 1, NOW + retry_delay(1), NOW)] * 3 + [("sent", 1, None, None)]


def test_an_outage_of_hours_keeps_service_mail_queued_and_sends_it_once_back(app, db, smtp_server):
    """The mail server unreachable for five hours (the worker asking every five minutes at most): the
    registration mail is neither failed nor held back by attempts spent; it goes as soon as the server is back."""
    message_id = queue_mail("linh@example.org", "Your place is confirmed", "Your link: ...")
    db.session.commit()
    smtp_server.down = True
    one = worker(app)
    now = NOW
    while now - NOW < timedelta(hours=5):
        assert one.send_due_mail(now=now).server_down
        now += timedelta(seconds=SERVER_DOWN_LONGEST_PAUSE)
    waiting = rows(db, [message_id])[0]
    assert (waiting.status, waiting.attempts, waiting.send_after, waiting.failing_since) == ("queued", 0, None, None)
    assert "SMTPServerDisconnected" in waiting.last_error  # the organisers' outbox page says why

    smtp_server.down = False
    assert one.send_due_mail(now=now).sent == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Your place is confirmed"]
    assert (rows(db, [message_id])[0].status, rows(db, [message_id])[0].attempts) == ("sent", 1)


def test_the_administrator_sends_failed_mail_again(app, db, smtp_server):
    """`flask forumops send-mail --retry-failed [--since DATE]`: failed mail of every kind (a password reset
    has no forum, so no organiser can) goes again, once; sent mail is not sent twice."""
    old, reset, sent = queue(3)
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id.in_([old, reset])).values(
        status="failed", attempts=12, last_error="451 4.3.0 Try later"))
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == old).values(
        created_at=NOW - timedelta(days=10)))
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == sent).values(status="sent"))
    db.session.commit()
    runner = app.test_cli_runner()

    since = (NOW - timedelta(days=2)).strftime("%Y-%m-%d")
    result = runner.invoke(args=["forumops", "send-mail", "--retry-failed", "--since", since])
    assert result.exit_code == 0, result.output
    assert "1 failed message queued again" in result.output
    assert "1 sent" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["person1@example.org"]
    assert [(row.status, row.attempts) for row in rows(db, [old, reset])] == [("failed", 12), ("sent", 1)]

    result = runner.invoke(args=["forumops", "send-mail", "--retry-failed"])
    assert "1 failed message queued again" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["person1@example.org", "person0@example.org"]
    assert {row.status for row in rows(db)} == {"sent"}

    refused = runner.invoke(args=["forumops", "send-mail", "--since", since])
    assert refused.exit_code != 0
    assert "--since goes with --retry-failed" in refused.output


def test_ctrl_c_stops_after_the_current_message_and_twice_at_once(app):
    import signal

    one = worker(app)
    one.request_stop(signal.SIGTERM)
    one.request_stop(signal.SIGTERM)  # systemd repeating itself changes nothing
    assert one.stop_event.is_set()
    other = worker(app)
    other.request_stop(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        other.request_stop(signal.SIGINT)


def test_a_server_that_vanishes_mid_send_loses_nothing_and_sends_nothing_twice(
        app, db, smtp_server, client, create_forum, create_user, login):
    organiser = create_user(email="mai@example.org")
    forum = create_forum(slug="acf", organiser=organiser)
    ids = queue(10, forum_id=forum.id)
    db.session.commit()
    smtp_server.vanish_after = 4  # takes the 5th message's data, then dies without answering

    outcome = worker(app).send_due_mail(now=NOW)

    assert (outcome.sent, outcome.failed, outcome.server_down) == (4, 2, True)
    states = rows(db, ids)
    assert [row.status for row in states] == ["sent"] * 4 + ["queued"] * 6
    in_flight, unreachable = states[4], states[5]
    assert "SMTPServerDisconnected" in in_flight.last_error
    assert "SMTPServerDisconnected" in unreachable.last_error  # greeted, then dropped
    # the server went away: no attempt counted against any message, every claim given back
    assert {(row.attempts, row.claimed_by, row.send_after) for row in states[4:]} == {(0, "", None)}
    login(organiser)
    page = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert "Connection unexpectedly closed" in page
    assert "Queued" in page

    smtp_server.vanish_after, smtp_server.down = None, False  # the server is back
    assert worker(app).send_due_mail(now=NOW + timedelta(seconds=10)).sent == 6
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"person{n}@example.org" for n in range(10))
    assert {row.status for row in rows(db, ids)} == {"sent"}


def test_a_connection_the_server_closes_is_reopened_without_a_failed_attempt(app, db, smtp_server):
    ids = queue(8)
    db.session.commit()
    smtp_server.hang_up_after = 3  # a server that takes three messages per connection, then hangs up

    outcome = worker(app).send_due_mail()

    assert (outcome.sent, outcome.failed, outcome.connections) == (8, 0, 2)
    assert smtp_server.connection_of == [1, 1, 1, 2, 2, 2, 2, 2]
    assert {(row.status, row.attempts) for row in rows(db, ids)} == {("sent", 1)}


def test_a_killed_workers_lease_returns_its_messages(app, db, smtp_server):
    ids = queue(6)
    db.session.commit()
    killed = worker(app, lease=timedelta(minutes=5))
    killed._claim(NOW)  # claimed, then killed (SIGKILL) before sending anything
    assert {row.claimed_by for row in rows(db, ids)} == {killed.identity}

    assert worker(app).send_due_mail(now=NOW + timedelta(minutes=4)).sent == 0  # the lease holds
    assert worker(app).send_due_mail(now=NOW + timedelta(minutes=5)).sent == 6  # ran out: they come back
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"person{n}@example.org" for n in range(6))


@pytest.mark.parametrize(("first_skew", "second_skew"), [(timedelta(0), timedelta(minutes=10)),
                                                   (timedelta(hours=-1), timedelta(0))])
def test_leases_go_by_the_databases_clock_not_each_machines(app, db, smtp_server, monkeypatch, first_skew,
                                                            second_skew):
    """Two machines whose clocks disagree: a second one 10 minutes ahead would take the first's live claims,
    a first one an hour behind would write a lease already run out. Both read the database's clock."""
    import forumops.core.worker as worker_module

    ids = queue(6)
    db.session.commit()
    honest = utcnow
    first = worker(app)
    monkeypatch.setattr(worker_module, "utcnow", lambda: honest() + first_skew)
    assert len(first._claim()) == 6
    claimed = rows(db, ids)
    assert {row.claimed_by for row in claimed} == {first.identity}
    assert all(abs(row.claimed_until - (honest() + first.settings.lease)) < timedelta(minutes=1) for row in claimed)

    monkeypatch.setattr(worker_module, "utcnow", lambda: honest() + second_skew)
    assert worker(app).send_due_mail().sent == 0  # the lease holds
    assert smtp_server.messages == []


def test_killed_between_the_servers_answer_and_the_commit_the_resend_keeps_its_message_id(
        app, db, smtp_server, monkeypatch):
    """The one window no worker can close: the server took the message, the worker died before recording
    it. After the lease it goes again, with the Message-ID it was queued with, so the recipient's mail
    program and many servers show it once; no other message is sent twice."""
    ids = queue(3)
    db.session.commit()
    first = worker(app)

    def killed(self, claimed, now):
        raise SystemExit("SIGKILL")  # nothing after this line runs, as if the process were gone

    monkeypatch.setattr(Worker, "_record_sent", killed)
    with pytest.raises(SystemExit):
        first.send_due_mail(now=NOW)
    monkeypatch.undo()
    db.session.rollback()
    assert worker(app).send_due_mail(now=NOW + timedelta(minutes=5)).sent == 3

    received = [(m["To"], m["Message-ID"]) for m in smtp_server.messages]
    assert len(received) == 4
    assert received[0] == received[1]
    assert received[0][1] == rows(db, [ids[0]])[0].message_id
    assert {row.status for row in rows(db, ids)} == {"sent"}


def test_the_rate_limit_spaces_sends_evenly(app):
    """FORUMOPS_MAIL_RATE_PER_MINUTE: 120 a minute is one send every half second; a stop ends the wait."""
    clock = [100.0]

    class Stop:
        waited: list[float] = []

        def is_set(self):
            return False

        def wait(self, seconds):
            self.waited.append(seconds)
            clock[0] += seconds
            return False

    stop = Stop()
    rate = RateLimit(120, clock=lambda: clock[0])
    assert all(rate.wait(stop) for _ in range(4))
    assert stop.waited == [0.5, 0.5, 0.5]
    assert RateLimit(0).wait(threading.Event()) is True  # no limit: never waits
    stopped = threading.Event()
    stopped.set()
    assert RateLimit(120).wait(stopped) is False
    assert WorkerSettings(rate_per_minute=10, lease=timedelta(minutes=5), batch_size=50).claim_size == 25
    assert WorkerSettings(rate_per_minute=0, batch_size=50).claim_size == 50


def test_requests_do_not_wait_for_the_mail_server(app, client, db, create_forum, smtp_server):
    """A registration is answered with its email queued, not sent: the worker sends it afterwards."""
    create_forum(slug="acf", status="registration_open")
    response = client.post("/forums/acf/register", data={
        "name": "Nguyễn Phương Linh", "email": "linh@example.org", "country": "VN", "category": "civil_society",
        "attendance_mode": "in_person", "consent_privacy": "y"})
    assert response.status_code == 302
    assert smtp_server.messages == []
    assert [row.status for row in rows(db)] == ["queued"]
    assert worker(app).send_due_mail().sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["linh@example.org"]


@pytest.mark.commits  # two workers, each with its own connection to the database, as on two machines
def test_two_workers_at_once_never_send_a_message_twice(app, db, smtp_server):
    queue(300)
    db.session.commit()
    smtp_server.hold_until_connections = 2  # no message is answered until both workers are sending
    workers = [worker(app, batch_size=20), worker(app, batch_size=20)]
    start = threading.Barrier(2)
    outcomes = {}

    def run(one: Worker):
        start.wait(timeout=10)
        with app.app_context():
            outcomes[one.identity] = one.send_due_mail()

    threads = [threading.Thread(target=run, args=(one,)) for one in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"person{n}@example.org" for n in range(300))
    assert set(smtp_server.connection_of) == {1, 2}  # both sent, at the same time
    assert sum(outcome.sent for outcome in outcomes.values()) == 300
    assert all(outcome.sent > 0 for outcome in outcomes.values())
    assert {(row.status, row.attempts) for row in rows(db)} == {("sent", 1)}


@pytest.fixture
def tls_smtp_server(app, tmp_path):
    """The test SMTP server with STARTTLS required, on a throwaway certificate for 127.0.0.1."""
    import socket
    import ssl
    import subprocess

    from aiosmtpd.controller import Controller

    from tests.conftest import _Inbox

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="smtp.test",
                            tls_context=server_context, require_starttls=True)
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"] = "127.0.0.1", port, True
    yield inbox, cert
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"] = old
    controller.stop()


def test_starttls_checks_the_servers_certificate(app, db, tls_smtp_server, monkeypatch):
    """FORUMOPS_MAIL_USE_TLS: the server's certificate is verified (smtplib alone would not), so nobody in
    between reads participants' private links; a certificate the system trusts is used over TLS."""
    import ssl

    from forumops.core.smtp import SmtpConnection

    inbox, cert = tls_smtp_server
    [message_id] = queue(1)
    db.session.commit()
    outcome = worker(app).send_due_mail(now=NOW)
    assert outcome.server_down
    assert inbox.messages == []
    assert "CERTIFICATE_VERIFY_FAILED" in rows(db, [message_id])[0].last_error

    monkeypatch.setattr(SmtpConnection, "tls_context", ssl.create_default_context(cafile=str(cert)))
    assert worker(app).send_due_mail(now=NOW + retry_delay(1)).sent == 1  # require_starttls: only over TLS
    assert [m["To"] for m in inbox.messages] == ["person0@example.org"]
