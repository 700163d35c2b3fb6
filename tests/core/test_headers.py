"""Response headers a browser, a proxy and a download folder rely on.

Every page: a Content-Security-Policy with no 'unsafe-inline' (object-src 'none', base-uri 'self',
frame-ancestors 'none'), nosniff, a Referrer-Policy; HSTS in production. Every file (exports, PDFs,
feeds): a Content-Disposition whose file name is plain ASCII with no quote, CR or LF, and a Cache-Control
that keeps personal data out of browser and proxy caches.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forumops.accounts.models import User
from forumops.core.http import as_download, safe_filename
from forumops.forums.models import Forum
from forumops.registration.models import Registration

ACF = "asean-community-forum-2017"
WORKSHOP = "sec-synthesis-evaluation-workshop-2017"
SAFE_NAME = re.compile(r'^(inline|attachment); filename=("?)[A-Za-z0-9._-]+\2$')  # quotes optional


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/forums/", "/account/signin", "/no-such-page"])
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = csp_directives(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain-HTTP development: no HSTS


def test_production_sends_hsts(app, monkeypatch):
    from config import ProductionConfig
    from forumops import create_app

    class Production(ProductionConfig):
        SECRET_KEY = "x" * 64
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]

    response = create_app(Production).test_client().get("/account/signin")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in response.headers.get("Set-Cookie", "Secure")  # any cookie set is Secure


@pytest.mark.parametrize(("text", "expected"), [
    ("asean-2017-programme.pdf", "asean-2017-programme.pdf"),
    ('report"\r\nSet-Cookie: stolen=1.pdf', "report-Set-Cookie-stolen-1.pdf"),
    ("Nguyễn Thị Hương.json", "Nguyen-Thi-Huong.json"),
    ("สมชาย", "download"),  # nothing left in ASCII: a neutral name, never an empty one
])
def test_file_names_are_plain_ascii(text, expected):
    assert safe_filename(text) == expected


def test_as_download_cannot_split_the_header(app):
    from flask import Response

    response = as_download(Response(b"x"), "x\r\nLocation: https://evil.example/.csv")
    assert "\r" not in response.headers["Content-Disposition"]
    assert "\n" not in response.headers["Content-Disposition"]
    assert SAFE_NAME.match(response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"


def test_every_download_is_a_safe_file_that_no_cache_keeps(app, client, db, login):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    login(db.session.scalar(select(User).where(User.email == "admin@example.org")))
    forum = db.session.scalar(select(Forum).where(Forum.slug == ACF))
    registration_id = db.session.scalar(select(Registration.id).where(
        Registration.forum_id == forum.id, Registration.status == "confirmed").order_by(Registration.id).limit(1))
    downloads = {  # path -> the Cache-Control it must carry
        f"/forums/{ACF}/agenda.pdf": "no-store",
        f"/forums/{ACF}/registrations.csv": "no-store",
        f"/forums/{ACF}/registrations/{registration_id}/badge.pdf": "no-store",
        f"/forums/{ACF}/report.pdf": "no-store",
        f"/forums/{ACF}/report/recommendations.csv": "no-store",
        f"/forums/{WORKSHOP}/followup.csv": "no-store",
        f"/forums/{WORKSHOP}/followup.pdf": "no-store",
        "/account/my-data.json": "no-store",
        f"/forums/{ACF}/agenda.ics": "public, no-cache",  # the public programme: revalidated by ETag
    }
    for path, cache in downloads.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert SAFE_NAME.match(response.headers["Content-Disposition"]), (path, response.headers["Content-Disposition"])
        assert response.headers["Cache-Control"] == cache, path


@pytest.mark.parametrize("path", ["/account/signin", "/account/", "/account/erasure"])
def test_account_pages_are_kept_by_no_cache(client, login, create_user, path):
    login(create_user(email="linh@example.org"))
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_the_desk_a_registrations_details_and_the_outbox_are_kept_by_no_cache(client, login, create_user, create_forum,
                                                                              create_registration):
    """The finding: these pages carried no Cache-Control, so a shared computer's browser could show the desk,
    a participant's details or, with no mail server set, their private link to the next person at it."""
    organiser = create_user(email="mai@example.org")
    forum = create_forum("acf", status="registration_open", organiser=organiser)
    registration, token = create_registration(forum, name="Sopheak Chan", email="sopheak@example.org")
    login(organiser)
    outbox = client.get("/forums/acf/outbox")
    assert token in outbox.get_data(as_text=True)  # no mail server: the private link is on the page
    for response in (outbox, client.get("/forums/acf/registrations"),
                     client.get(f"/forums/acf/registrations/{registration.id}")):
        assert response.status_code == 200
        assert "Sopheak Chan" in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_public_pages_stay_cacheable_for_visitors_and_private_for_the_signed_in(client, login, create_user,
                                                                               create_forum):
    """One rule: a public page is left to the browser for a visitor, and kept by no cache once someone is
    signed in (it shows their name and what is theirs); the public programme feed keeps its own policy."""
    create_forum("acf")
    assert "Cache-Control" not in client.get("/forums/acf/").headers
    assert client.get("/forums/acf/agenda.ics").headers["Cache-Control"] == "public, no-cache"
    login(create_user(email="linh@example.org"))
    assert client.get("/forums/acf/").headers["Cache-Control"] == "no-store"
    assert client.get("/forums/").headers["Cache-Control"] == "no-store"
    assert client.get("/forums/acf/agenda.ics").headers["Cache-Control"] == "public, no-cache"
