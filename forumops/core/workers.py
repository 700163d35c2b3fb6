"""Service workers that keep a page on the device so it opens with the network gone (the check-in desk's, the
notes editor's): the one way such a worker is served. Its script is a template (it knows its page, the static
files to keep and the name of its copy); its version changes with what it keeps, so the browser installs the new
one and drops the old copy; it is never cached by the browser (a stale worker would pin stale pages), and
Service-Worker-Allowed names its scope, the narrowest address the page allows."""

from __future__ import annotations

import hashlib

from flask import Response, make_response, render_template, url_for

from .assets import ALL_STYLESHEETS
from .http import NO_STORE

# what every page loads (base.html), kept by every worker
BASE_SCRIPTS = ("js/switcher.js", "js/offline.js", "js/desk-store.js")


def static_urls(*names: str) -> list[str]:
    """The fingerprinted addresses of the stylesheets and these static files: what a worker keeps on install."""
    return [url_for("static", filename=name) for name in (*ALL_STYLESHEETS, *names)]


def worker_response(template: str, scope: str, assets: list[str], cache_prefix: str, **context) -> Response:
    """The worker's script for `scope`, keeping `assets` in caches named `cache_prefix` + its version."""
    version = hashlib.sha256("\n".join([scope, *assets]).encode()).hexdigest()[:12]
    body = render_template(template, scope=scope, assets=assets, static=url_for("static", filename=""),
                           cache_prefix=cache_prefix, version=version, **context)
    response = make_response(body)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Service-Worker-Allowed"] = scope
    response.headers["Cache-Control"] = NO_STORE
    return response
