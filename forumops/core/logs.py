"""Logging: one stderr handler for the `forumops` loggers, whose lines user input cannot forge.

Every record passing the handler has its message rendered and its control characters escaped
(CR, LF, the rest of C0 and C1, Unicode line and paragraph separators, bidirectional overrides),
so text someone typed - a path, an email address, a file name - always stays inside its own line.
Tracebacks keep their lines, each continuation indented under a `  | ` gutter, so no line of
them can pass for a record of its own.

Security events go to the `forumops.security` logger: sign-in failures, access denials, capacity
rejections and exports. They carry user ids, forum slugs, endpoints and masked emails; never
passwords, tokens, private links, cookies or whole email addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sys

from flask import Flask, current_app, g, has_app_context, request

LOGGER_NAME = "forumops"
FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
security_log = logging.getLogger("forumops.security")

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """CR becomes the two characters \\r, LF \\n, other controls \\xNN or \\uNNNN: one line, visibly."""
    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char in _NAMED:
            return _NAMED[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNSAFE.sub(replace, text)


class EscapeControlCharacters(logging.Filter):
    """Render the message once and escape it, so every handler after this one sees the safe text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "_forumops_escaped", False):
            record.msg = escape_controls(record.getMessage())
            record.args = None
            record._forumops_escaped = True
        return True


class SafeFormatter(logging.Formatter):
    """The message escaped (again, for records that skipped the filter); tracebacks under a gutter."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        return _gutter(_without_row_values(super().formatException(ei)))

    def formatStack(self, stack_info: str) -> str:
        return _gutter(stack_info)


def _without_row_values(text: str) -> str:
    """PostgreSQL's DETAIL line quotes the row or key a statement failed on (a registrant's name and
    email): dropped, the error and the statement stay (their parameters are hidden by the engine)."""
    return "\n".join("DETAIL:  (not logged: it may quote a row's values)" if line.lstrip().startswith("DETAIL:")
                     else line for line in text.splitlines())


def _gutter(text: str) -> str:
    return "\n".join("  | " + escape_controls(line) for line in text.splitlines())


def configure_logging(level: str | int = "INFO") -> logging.Logger:
    """One stderr handler on the `forumops` logger (gunicorn passes workers' stderr to its error log).

    Safe to call for every app the process creates: the handler is added once, the level follows
    the newest app. Records still propagate, so a root handler set up by the host (or pytest's
    caplog) receives them too, already escaped.
    """
    logger = logging.getLogger(LOGGER_NAME)
    if isinstance(level, str):
        level = logging.getLevelName(level.strip().upper())
        if not isinstance(level, int):
            level = logging.INFO
    logger.setLevel(level)
    if not any(getattr(handler, "_forumops", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler._forumops = True  # type: ignore[attr-defined]  # marks our handler, so it is added once
        handler.addFilter(EscapeControlCharacters())
        handler.setFormatter(SafeFormatter(FORMAT))
        logger.addHandler(handler)
    return logger


def email_ref(email: str | None) -> str:
    """`l***@example.org#3f2a9c1b`: enough to tell attempts on one address apart, never the address.

    The suffix is an HMAC keyed by the app's secret, so it cannot be reversed from a list of addresses.
    """
    email = (email or "").strip().lower()
    if not email:
        return "-"
    local, _, domain = email.rpartition("@")
    if not local:
        local, domain = domain, ""
    key = (current_app.config.get("SECRET_KEY") or "") if has_app_context() else ""
    digest = hmac.new(str(key).encode(), email.encode(), hashlib.sha256).hexdigest()[:8]
    return f"{local[:1]}***@{domain}#{digest}" if domain else f"{local[:1]}***#{digest}"


def signed_in_user_id() -> str:
    """The id of the user this request already loaded, without a query of its own ("-" for none)."""
    user = g.get("_login_user")
    return str(user.id) if user is not None and getattr(user, "is_authenticated", False) else "-"


def forum_slug() -> str:
    """The forum slug of the current URL for log lines, or '-' outside a forum."""
    return str((request.view_args or {}).get("slug", "-"))


def log_export(response) -> None:
    """One line per file download (any response sent as an attachment): who, what, how much."""
    disposition = response.headers.get("Content-Disposition", "")
    if not disposition.lower().startswith("attachment"):
        return
    size = response.content_length
    rows = "-"
    if not response.is_streamed and response.mimetype == "text/csv":
        import csv
        import io

        data = response.get_data(as_text=True)
        size = len(response.get_data())
        rows = str(max(0, sum(1 for _row in csv.reader(io.StringIO(data.lstrip("\ufeff")))) - 1))
    filename = disposition.partition("filename=")[2].split(";")[0].strip('"') or "-"
    security_log.info("export: endpoint=%s user=%s forum=%s file=%s type=%s rows=%s bytes=%s status=%s",
                      request.endpoint, signed_in_user_id(), forum_slug(), filename, response.mimetype,
                      rows, size if size is not None else "streamed", response.status_code)


def register_export_log(app: Flask) -> None:
    """Log every file download (who, what, how much) after its request."""

    @app.after_request
    def export_log(response):
        log_export(response)
        return response
