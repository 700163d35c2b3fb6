"""One SMTP connection that serves many messages, for the worker (core.worker).

A message's fate is one of three: accepted (the server answered 250 to the end of its data), refused (the
server answered 4xx or 5xx: nothing was delivered, the connection may go on), or uncertain (the connection
broke after the data began: the server may have taken it). `send` raises SendFailure for the last two and
says which; the worker decides what to retry.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache


@dataclass(frozen=True)
class MailServer:
    """Where and how to connect (from the FORUMOPS_MAIL_* settings)."""

    host: str
    port: int
    timeout: float = 10.0
    use_tls: bool = False
    username: str = ""
    password: str = ""

    @classmethod
    def from_config(cls, config) -> MailServer | None:
        if not config.get("MAIL_SERVER"):
            return None  # mail stays in the outbox
        return cls(config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"]),
                   bool(config["MAIL_USE_TLS"]), config["MAIL_USERNAME"] or "", config["MAIL_PASSWORD"] or "")


class SendFailure(Exception):
    """The message was not (certainly) delivered.

    `permanent`: the server refused the recipient with a 5xx answer (RFC 5321: do not repeat the request);
    every other refusal (4xx, or 5xx to the sender or the content, which providers also use for quotas)
    is worth a later retry.
    `connection_lost`: the connection is gone (closed here): the next message needs a new one, and if it
    could not even be opened (`could_not_connect`), the server is down. `answer`: what the server said,
    for the outbox row.
    """

    def __init__(self, answer: str, *, permanent: bool = False, connection_lost: bool = False,
                 could_not_connect: bool = False, uncertain: bool = False):
        super().__init__(answer)
        self.answer = answer[:500]
        self.permanent = permanent
        self.connection_lost = connection_lost or could_not_connect
        self.could_not_connect = could_not_connect
        self.uncertain = uncertain  # the break came after the data began: the server may have taken it


class _TrackedSMTP(smtplib.SMTP):
    """smtplib's client, noting when a message's data began: a break before it lost nothing."""

    data_started = False

    def data(self, msg):
        self.data_started = True
        return super().data(msg)


def _answer(error: BaseException) -> str:
    """The server's answer ("550 5.1.1 <x@example.org>: no such user"), or the network error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return " ".join((reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)).split())


def _code(error: BaseException) -> int:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return max(code for code, _reply in error.recipients.values())
    return getattr(error, "smtp_code", 0)


@cache
def _system_tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, loaded once per process (loading them costs ~20 ms a connection)."""
    return ssl.create_default_context()


class SmtpConnection:
    """Opened on the first message, kept for the next ones, reopened after a break, closed by close()."""

    tls_context: ssl.SSLContext | None = None  # None: the system's, which verifies the server's certificate

    def __init__(self, server: MailServer):
        self.server = server
        self._smtp: _TrackedSMTP | None = None
        self.opened = 0  # connections made: the benchmark and the tests read it

    def _open(self) -> _TrackedSMTP:
        server = self.server
        smtp = None
        try:
            smtp = _TrackedSMTP(server.host, server.port, timeout=server.timeout)
            smtp.ehlo_or_helo_if_needed()  # a server that greets and then drops us counts as unreachable
            if server.use_tls:  # smtplib's own default context would not check the certificate
                smtp.starttls(context=self.tls_context or _system_tls_context())
            if server.username:
                smtp.login(server.username, server.password)
        except (OSError, smtplib.SMTPException) as error:
            if smtp is not None:
                smtp.close()
            raise SendFailure(_answer(error), could_not_connect=True) from error
        self.opened += 1
        return smtp

    def send(self, email: EmailMessage) -> None:
        """Send one message; return when the server accepted it, else raise SendFailure."""
        for attempt in (1, 2):
            reused = self._smtp is not None
            if self._smtp is None:
                self._smtp = self._open()
            smtp = self._smtp
            smtp.data_started = False
            try:
                smtp.send_message(email)
                return
            except smtplib.SMTPRecipientsRefused as error:  # the address refused: this message fails, not the batch
                raise SendFailure(_answer(error), permanent=500 <= _code(error) < 600) from error
            except smtplib.SMTPResponseException as error:  # sender or content refused (4xx/5xx): retried later
                if error.smtp_code == 421 or not isinstance(error, (smtplib.SMTPSenderRefused,
                                                                     smtplib.SMTPDataError)):
                    self.close()  # the server is closing, or the greeting failed: start afresh next time
                raise SendFailure(_answer(error), connection_lost=self._smtp is None) from error
            except (OSError, smtplib.SMTPException) as error:  # the connection broke
                self.close()
                if reused and not smtp.data_started and attempt == 1:
                    continue  # the server had dropped an idle connection before this message began: once more
                raise SendFailure(_answer(error), connection_lost=True, uncertain=smtp.data_started) from error

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


class RateLimit:
    """At most `per_minute` sends a minute, evenly spaced (0: no limit), for providers that cap the rate."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock = clock
        self._next = 0.0

    def wait(self, stop: threading.Event) -> bool:
        """Wait for the next slot; False if `stop` was set meanwhile (then nothing may be sent)."""
        if not self.interval:
            return not stop.is_set()
        now = self.clock()
        slot = max(self._next, now)
        if slot > now and stop.wait(slot - now):
            return False
        self._next = slot + self.interval
        return not stop.is_set()
