"""Small request helpers shared by views."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from flask import Response, current_app, has_request_context, request, url_for  # noqa: F401


def safe_next_url(target: str | None, fallback_endpoint: str = "forums.index") -> str:
    """Only ever redirect inside this site: a path, no scheme, no host, no backslash tricks."""
    if target:
        target = target.strip()
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith("//") and "\\" not in target and "\n" not in target
                and "\r" not in target):
            return target
    return url_for(fallback_endpoint)


def client_address() -> str:
    """The client's address (ProxyFix, set from FORUMOPS_PROXY_COUNT, rewrites remote_addr)."""
    return request.remote_addr or "unknown"


def base_url() -> str:
    """Where absolute links point: FORUMOPS_BASE_URL (which carries any path prefix), so a link is the
    same inside a request, in a CLI command or in a background job; in development without it
    (BASE_URL_FROM_REQUEST), the host and port this request was served on."""
    if current_app.config.get("BASE_URL_FROM_REQUEST") and has_request_context():
        return request.url_root.rstrip("/")
    return current_app.config["BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """An absolute link for emails, calendar feeds and PDFs, built on base_url()."""
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return base_url() + path


def safe_filename(text: str, default: str = "download") -> str:
    """A file name every browser takes in a Content-Disposition header: ASCII letters and digits, dot,
    dash and underscore (accents folded, anything else a dash), so no quote, CR or LF can reach the header."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-.")[:120] or default


def as_download(response: Response, filename: str, *, inline: bool = False, cache: str = "no-store") -> Response:
    """Mark a response as a file: its safe name, shown in the browser (inline) or saved (attachment).

    Exports and PDFs hold personal data or organisers' drafts, so by default no browser or proxy keeps
    a copy (no-store); calendar feeds pass their own policy, with an ETag.
    """
    kind = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{kind}; filename="{safe_filename(filename)}"'
    response.headers["Cache-Control"] = cache
    return response
