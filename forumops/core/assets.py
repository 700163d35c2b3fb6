"""Fewer bytes for people on phones: compressed responses, static files fingerprinted and cached for a year.

Compression is Flask-Compress (brotli, then gzip) on text types only: pages, styles, scripts, SVG, JSON,
calendars and CSV files. PDFs and PNGs are already compressed and are left alone.

Every url_for('static', filename=...) carries ?v=<the first 12 hex digits of the file's SHA-256>. A request
with the current fingerprint is answered "public, max-age=31536000, immutable": the browser never asks again,
and a changed file gets a new URL. A request without it (or with an old one) is answered "no-cache", so a
stale URL never pins an old copy. The hash is computed once per version of the file (keyed by its size and
modification time), not on every page.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, request
from flask_compress import Compress

COMPRESSED_TYPES = [
    "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
    "application/json", "text/calendar", "text/csv", "text/plain",
]
ENCODINGS = ["br", "gzip"]  # brotli is about a fifth smaller than gzip on our CSS and pages; gzip for the rest
YEAR = 31536000
IMMUTABLE = f"public, max-age={YEAR}, immutable"
# A stylesheet blocks the first paint, and on a slow link every kilobyte is 20 ms: the pages a first-time visitor
# meets, often on a phone, load only what they use. app.css (foundation, forms) on every page; site.css (forum pages,
# the programme); pages.css (desk, clusters, report, follow-up, privacy...). Any other page loads all three. Checked
# pixel for pixel against all three at phone and desktop width (tests/e2e/test_first_visit_styles.py).
ALL_STYLESHEETS = ("css/app.css", "css/site.css", "css/pages.css")
STYLESHEETS = {
    "registration.register": ("css/app.css",),
    "forums.index": ("css/app.css", "css/site.css"),
    "forums.detail": ("css/app.css", "css/site.css"),
    "agenda.programme": ("css/app.css", "css/site.css"),
}


def stylesheets(endpoint: str | None) -> tuple[str, ...]:
    """The stylesheets a page loads, by its endpoint; a page not listed loads them all."""
    return STYLESHEETS.get(endpoint or "", ALL_STYLESHEETS)

@lru_cache(maxsize=256)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            sha.update(block)
    return sha.hexdigest()[:12]


def fingerprint(static_folder: str | None, filename: str) -> str | None:
    """The content fingerprint of a static file, or None when there is no such file."""
    if static_folder is None:  # Flask's app.static_folder is None for an app without static files
        return None
    path = os.path.realpath(os.path.join(static_folder, filename))
    if not path.startswith(os.path.realpath(static_folder) + os.sep):
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_size, stat.st_mtime_ns)


def etag_variants(etag: str) -> tuple[str, ...]:
    """A strong ETag as the client may send it back: Flask-Compress marks a compressed body's tag with
    its encoding ("abc" becomes "abc:br"), and either form names the same version."""
    return (etag, *(f"{etag}:{encoding}" for encoding in ENCODINGS))


def register_assets(app: Flask) -> None:
    """Compress responses and give static URLs a content fingerprint, so they can be cached a year."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ENCODINGS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ENCODINGS)  # static files are sent as a stream
    Compress(app)
    app.jinja_env.globals["stylesheets"] = stylesheets

    @app.url_defaults
    def fingerprint_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            current = fingerprint(app.static_folder, filename)
            response.headers["Cache-Control"] = (
                IMMUTABLE if current and request.args.get("v") == current else "no-cache")
        return response
