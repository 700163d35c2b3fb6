"""Small request helpers shared by views."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from flask import Response, current_app, has_request_context, request, url_for  # noqa: F401

from . import permissions

CHOICE_MAX_AGE = 365 * 24 * 3600  # a reader's choices (language, time zone) are kept a year


def remember_choice(response, name: str, value: str):
    """Keep a reader's choice (their language, their time zone) in a cookie for a year: sent back to this site
    only, never read by scripts, Secure over HTTPS. The response, for chaining."""
    response.set_cookie(name, value, max_age=CHOICE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response


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


IPV6_CLIENT_PREFIX = 64  # one home or office connection: its router hands out the whole /64


def client_network(address: str) -> str:
    """Who a per-client limit counts, for this address: an IPv4 address as it is (an IPv4-mapped IPv6 one as
    its IPv4), an IPv6 address as its /64, since one connection holds 2**64 addresses to pick from; anything
    else (no address, a Unix socket) as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(ip), IPV6_CLIENT_PREFIX), strict=False))


def client_key() -> str:
    """This request's client as every per-client throttle counts it (client_network of client_address)."""
    return client_network(client_address())


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


NO_STORE = "no-store"


def _private_page() -> bool:
    """This request's answer belongs to one person or to a forum's team: it is on a private link (a `token` in
    the address), under /account/, or from a view whose permission is not open to everyone."""
    if "token" in (request.view_args or {}) or request.path.startswith("/account/"):
        return True
    view_class = getattr(current_app.view_functions.get(request.endpoint or ""), "view_class", None)
    if view_class is None or not getattr(view_class, "permission", None):
        return False
    writing = request.method not in ("GET", "HEAD", "OPTIONS")
    action = view_class.write_permission if writing and getattr(view_class, "write_permission", None) \
        else view_class.permission
    return not permissions.is_public(action)


def keep_private_answers_private(response: Response, user) -> Response:
    """`Cache-Control: no-store` on every answer no browser, back button or proxy may keep, decided once for
    every page (the factory calls this after each request):

    - a private page (_private_page): always, whatever the view set, unless it already says no-store;
    - any other answer to someone signed in (a public page shows them what is theirs, their name, a form
      token): unless the view chose its own policy for bytes that are the same for everyone (the public
      programme feed). Static files keep theirs (core.assets).
    """
    if request.endpoint == "static":
        return response
    cache = response.headers.get("Cache-Control", "")
    if NO_STORE in cache:
        return response
    if _private_page() or (not cache and getattr(user, "is_authenticated", False)):
        response.headers["Cache-Control"] = NO_STORE
    return response
