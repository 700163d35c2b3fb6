"""What people on phones notice: compressed pages and files, static files cached for a year under a URL that
changes with their content, the favicon cached, a public PDF laid out once per version of the programme."""

from __future__ import annotations

import gzip
import re
from datetime import date, time

import brotli
import pytest
from flask import url_for

from forumops.agenda import operations as agenda
from forumops.core import assets

YEAR = "public, max-age=31536000, immutable"
STATIC_URL = re.compile(r'href="(/static/[^"?]+)\?v=([0-9a-f]{12})"')


def decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    body = response.get_data()
    return {"br": brotli.decompress, "gzip": gzip.decompress}[encoding](body) if encoding else body


@pytest.fixture
def programme(create_forum, db):
    forum = create_forum(slug="acf", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    for n in range(12):  # enough text that every format is worth compressing
        agenda.create_item(forum, {"day": date(2027, 4, 14), "start": time(8 + n // 2), "end": time(9 + n // 2),
                                   "title": f"Panel {n}: inclusive finance for social enterprises",
                                   "type": "panel", "description": "Discussion " * 20})
    db.session.commit()
    return forum


@pytest.mark.parametrize("encoding", ["br", "gzip"])
@pytest.mark.parametrize(("path", "mimetype"), [
    ("/forums/acf/agenda", "text/html"),
    ("/forums/acf/agenda.ics", "text/calendar"),
    ("/static/css/app.css", "text/css"),
    ("/static/js/autosave.js", "text/javascript"),
])
def test_text_responses_are_compressed_when_the_client_accepts_it(client, programme, path, mimetype, encoding):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": encoding})
    assert "Content-Encoding" not in plain.headers  # a client that does not ask gets plain bytes
    assert packed.mimetype == mimetype
    assert packed.headers["Content-Encoding"] == encoding
    assert decode(packed) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert "Accept-Encoding" in packed.headers["Vary"]


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_private_downloads_are_compressed_and_still_kept_by_no_cache(client, programme, login, create_user,
                                                                      add_role, db, encoding):
    from forumops.registration.seats import register

    organiser = create_user(email="mai@example.org")
    add_role(programme, organiser, "organiser")
    for n in range(10):
        register(programme, {"name": f"Nguyễn Thị Person {n}", "email": f"p{n}@example.org",
                             "consent_privacy": True, "country": "VN"}, notify=False)
    db.session.commit()
    login(organiser)
    plain = client.get("/forums/acf/registrations.csv")
    response = client.get("/forums/acf/registrations.csv", headers={"Accept-Encoding": f"{encoding}, deflate"})
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == "no-store"
    assert decode(response) == plain.get_data()


def test_pdfs_are_not_compressed_again(client, programme):
    response = client.get("/forums/acf/agenda.pdf", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "Content-Encoding" not in response.headers
    assert response.get_data().startswith(b"%PDF")


def test_the_public_calendar_still_answers_304_to_a_compressed_copys_tag(client, programme):
    first = client.get("/forums/acf/agenda.ics", headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br"
    tag = first.headers["ETag"]
    again = client.get("/forums/acf/agenda.ics", headers={"Accept-Encoding": "br", "If-None-Match": tag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == tag
    plain_tag = client.get("/forums/acf/agenda.ics").headers["ETag"]
    assert client.get("/forums/acf/agenda.ics", headers={"If-None-Match": plain_tag}).status_code == 304
    agenda.create_item(programme, {"day": date(2027, 4, 15), "start": time(9), "end": time(10),
                                   "title": "Added later", "type": "panel"})
    from forumops.extensions import db

    db.session.commit()
    changed = client.get("/forums/acf/agenda.ics", headers={"Accept-Encoding": "br", "If-None-Match": tag})
    assert changed.status_code == 200
    assert b"Added later" in decode(changed)


def test_pages_link_static_files_by_content_fingerprint_cached_for_a_year(client, app, programme):
    page = client.get("/forums/acf/agenda").get_data(as_text=True)
    linked = dict(STATIC_URL.findall(page))
    assert {"/static/css/app.css", "/static/img/favicon.svg"} <= set(linked)
    for path, version in linked.items():
        response = client.get(f"{path}?v={version}")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == YEAR, path
    favicon = client.get(f"/static/img/favicon.svg?v={linked['/static/img/favicon.svg']}")
    assert favicon.mimetype == "image/svg+xml"
    assert favicon.headers["Cache-Control"] == YEAR
    # without the current fingerprint (an old page, a typed URL) the browser must ask again
    assert client.get("/static/css/app.css").headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/app.css?v=000000000000").headers["Cache-Control"] == "no-cache"


def test_a_changed_static_file_gets_a_new_url(app, tmp_path, monkeypatch):
    (tmp_path / "site.css").write_text("body { color: black; }")
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    with app.test_request_context("/"):
        before = url_for("static", filename="site.css")
        (tmp_path / "site.css").write_text("body { color: #1a1a1a; }")
        after = url_for("static", filename="site.css")
        assert before != after
        assert before.startswith("/static/site.css?v=")
        assert after.startswith("/static/site.css?v=")
        assert url_for("static", filename="no-such.css") == "/static/no-such.css"  # nothing to fingerprint
        assert assets.fingerprint(str(tmp_path), "../outside.css") is None


def test_the_programme_page_is_rendered_from_plain_rows(client, create_forum, create_user, db):
    """No item, person or account is loaded as an ORM object (that cost more than rendering the page), and the
    page still shows all of it: clusters side by side, rooms, online, cancelled, an account's current name."""
    from sqlalchemy import event

    from forumops.agenda.models import AgendaItem, AgendaPerson
    from forumops.clusters.operations import create_cluster

    forum = create_forum(slug="acf", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    linh = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    women, msme = create_cluster(forum, "Women empowerment"), create_cluster(forum, "MSME development")
    for cluster in (women, msme):
        agenda.create_item(forum, {"day": date(2027, 4, 14), "start": time(14), "end": time(15), "type": "breakout",
                                   "title": f"Breakout: {cluster.name}", "cluster_id": cluster.id,
                                   "room": "Hall A" if cluster is women else "", "is_online": cluster is msme,
                                   "people": [{"role": "chair", "user_id": linh.id},
                                              {"role": "speaker", "name": "Datuk Saifuddin Abdullah",
                                               "title": "CEO", "organisation": "GMM"}]})
    dropped = agenda.create_item(forum, {"day": date(2027, 4, 15), "start": time(9), "end": time(10),
                                         "title": "Field visit", "type": "side_event"})
    agenda.set_status(dropped, "cancelled")
    db.session.commit()
    loaded = []

    def seen(target, _context):
        loaded.append(target)

    models = (AgendaItem, AgendaPerson, type(linh))
    for model in models:
        event.listen(model, "load", seen)
    try:
        page = client.get("/forums/acf/agenda").get_data(as_text=True)
    finally:
        for model in models:
            event.remove(model, "load", seen)
    assert loaded == []
    assert page.count('class="slot slot-parallel"') == 1
    assert "Women empowerment" in page
    assert "MSME development" in page
    assert "Hall A" in page
    assert "Online" in page
    assert "Nguyễn Phương Linh" in page
    assert "Datuk Saifuddin Abdullah, CEO" in page
    assert "(GMM)" in page
    assert "item-cancelled" in page
    assert "Cancelled" in page
    assert "14:00" in page
    assert "15:00" in page


def test_the_public_programme_pdf_is_laid_out_once_per_version(client, programme, db, monkeypatch):
    from forumops.agenda import pdf

    layouts = []
    render = pdf.render_programme
    monkeypatch.setattr(pdf, "render_programme", lambda data: layouts.append(data) or render(data))
    first = client.get("/forums/acf/agenda.pdf")
    second = client.get("/forums/acf/agenda.pdf")
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/pdf"
    assert len(layouts) == 1
    assert second.get_data() == first.get_data()
    assert second.headers["Cache-Control"] == "no-store"  # kept by the server, still by no browser or proxy

    agenda.create_item(programme, {"day": date(2027, 4, 15), "start": time(9), "end": time(10),
                                   "title": "Added after the first download", "type": "panel"})
    db.session.commit()
    third = client.get("/forums/acf/agenda.pdf")
    assert len(layouts) == 2
    assert third.get_data() != first.get_data()
    assert any(item.title == "Added after the first download" for item in layouts[-1].items)
