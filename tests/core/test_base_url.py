"""Links in emails, calendar feeds and PDFs point at the address ForumOps is served on (issue 14 #7):
`make run PORT=5077` links to port 5077; in development without FORUMOPS_BASE_URL links made in a
request follow the host and port that request came to; in production only FORUMOPS_BASE_URL counts,
so a forged Host header never reaches an email."""

from __future__ import annotations

import importlib
import io
import os
import re
import subprocess
from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from forumops.agenda import operations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def forum(create_forum, create_user, db):
    forum = create_forum(slug="acf", title="ASEAN Community Forum")
    operations.create_item(forum, {"day": forum.start_date, "start": time(9), "end": time(10),
                                   "title": "Opening session", "type": "opening_session"})
    db.session.commit()
    create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    return forum


def links_seen(client, deliver_mail, **request) -> dict[str, str]:
    """The subscribe link of the programme page, the reset link of an email sent from a request and the
    address in the programme PDF's footer, as a person meets them."""
    page = client.get("/forums/acf/agenda", **request).get_data(as_text=True)
    client.post("/account/forgot", data={"email": "linh@example.org"}, **request)
    pdf = client.get("/forums/acf/agenda.pdf", **request).data
    footer = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    return {
        "subscribe": re.search(r'href="(webcal://[^"]+)"', page).group(1),
        "email": re.search(r"(https?://\S+/account/reset/)", deliver_mail()[-1].get_content()).group(1),
        "pdf": re.search(r"(https?://\S+/forums/acf/agenda)", footer).group(1),
    }


def reloaded_config(monkeypatch, base_url: str | None):
    import config

    if base_url is None:
        monkeypatch.delenv("FORUMOPS_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("FORUMOPS_BASE_URL", base_url)
    try:
        fresh = importlib.reload(config)
        return fresh.DevelopmentConfig.BASE_URL_FROM_REQUEST, fresh.ProductionConfig.BASE_URL_FROM_REQUEST
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_development_links_follow_the_host_and_port_served(app, client, forum, deliver_mail, monkeypatch):
    development, production = reloaded_config(monkeypatch, None)
    assert (development, production) == (True, False)
    monkeypatch.setitem(app.config, "BASE_URL_FROM_REQUEST", development)

    seen = links_seen(client, deliver_mail, base_url="http://127.0.0.1:5077")

    assert seen == {"subscribe": "webcal://127.0.0.1:5077/forums/acf/agenda.ics",
                    "email": "http://127.0.0.1:5077/account/reset/",
                    "pdf": "http://127.0.0.1:5077/forums/acf/agenda"}


def test_an_explicit_base_url_wins_and_production_ignores_the_host_header(app, client, forum, deliver_mail,
                                                                          monkeypatch):
    assert reloaded_config(monkeypatch, "https://forums.example.org") == (False, False)
    monkeypatch.setitem(app.config, "BASE_URL", "https://forums.example.org")
    monkeypatch.setitem(app.config, "BASE_URL_FROM_REQUEST", False)

    seen = links_seen(client, deliver_mail, base_url="http://evil.example:8080")

    assert seen == {"subscribe": "webcal://forums.example.org/forums/acf/agenda.ics",
                    "email": "https://forums.example.org/account/reset/",
                    "pdf": "https://forums.example.org/forums/acf/agenda"}


@pytest.mark.parametrize(("args", "environment", "expected"), [
    (["PORT=5077"], {}, "http://127.0.0.1:5077"),
    (["HOST=192.168.1.20", "PORT=8080"], {}, "http://192.168.1.20:8080"),
    (["PORT=5077"], {"FORUMOPS_BASE_URL": "https://forums.example.org"}, "https://forums.example.org"),
    (["HOST=0.0.0.0"], {}, ""),  # every interface: links follow the address each request came to
])
def test_make_run_passes_the_served_address_to_the_app(tmp_path, args, environment, expected):
    """`make run` against a stand-in virtualenv whose flask prints what it was given (and, as the web server
    and the worker, runs until stopped); the real honcho starts both from Procfile.dev, Ctrl+C stops both."""
    import signal
    import sys
    import threading

    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    (tmp_path / "bin" / "honcho").symlink_to(Path(sys.executable).parent / "honcho")
    flask = tmp_path / "bin" / "flask"
    flask.write_text('#!/bin/sh\necho "flask $* base=${FORUMOPS_BASE_URL}"\n'
                     'case "$1 $2" in "run "*|"forumops worker") exec sleep 60;; esac\n')  # serving, until stopped
    flask.chmod(0o755)
    (tmp_path / ".installed").touch()  # newer than pyproject.toml: nothing to install
    pybabel = tmp_path / "bin" / "pybabel"  # compiling the catalogues is make install's too: a no-op here
    pybabel.write_text("#!/bin/sh\nexit 0\n")
    pybabel.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "FORUMOPS_BASE_URL"} | environment
    make = subprocess.Popen(["make", "-s", "-C", str(ROOT), "run", f"VENV={tmp_path}", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    watchdog = threading.Timer(60, os.killpg, (make.pid, signal.SIGKILL))
    watchdog.start()
    started = {}
    try:
        for line in make.stdout:  # honcho's lines: "02:29:28 web.1    | flask run ..."
            process, _bar, said = line.partition(" | ")
            if said.startswith("flask "):
                started[process.split()[-1]] = said.strip()
            if len(started) == 2:
                break
        os.killpg(make.pid, signal.SIGINT)  # Ctrl+C in the terminal
        make.wait(timeout=30)
    finally:
        watchdog.cancel()
    given = dict(arg.split("=") for arg in args)
    served = f"flask run --host {given.get('HOST', '127.0.0.1')} --port {given.get('PORT', '5000')}"
    assert started == {"web.1": f"{served} base={expected}", "worker.1": f"flask forumops worker base={expected}"}
