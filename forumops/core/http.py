"""Small request helpers shared by views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request, url_for  # noqa: F401


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


def absolute_url(endpoint: str, **values) -> str:
    """An absolute link for emails and calendar feeds, built on FORUMOPS_BASE_URL (which carries any
    path prefix), so it works the same inside a request, in a CLI command or in a background job."""
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
