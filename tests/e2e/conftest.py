"""Browser fixtures: Debian's Chromium driven by Playwright against the live test server.

Everything in tests/e2e is marked `e2e`. Playwright's sync API runs its own event loop in this
thread; the live server (tests/conftest.py) serves from another thread of the same process.

Screenshots go to test-artifacts/ at the project root: `<test name>.png` when a test fails,
and whatever a test asks for through the `shot` fixture, for a human to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000
VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}


def sign_in(page, name: str, email: str, password: str | None = None) -> None:
    """Sign in through the real form, as a person does, and wait for the greeting."""
    from playwright.sync_api import expect

    from tests.conftest import TEST_PASSWORD

    page.goto("/account/signin")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password or TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Signed in as {name}.")
LOCALE = "en-GB"

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR.parents[1] / "test-artifacts"


def _safe_name(name: str) -> str:
    """A file name from a test or screenshot name: test_x[param] -> test_x-param."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "screenshot"


def pytest_collection_modifyitems(config, items):
    """Mark every test collected from this folder (and only those) as e2e; the live server commits. A css_only
    test (what the browser draws, whatever the database) runs in the SQLite run alone: CI runs the suite twice."""
    on_sqlite = os.environ.get("FORUMOPS_TEST_DATABASE_URL", "sqlite").startswith("sqlite")
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.commits)
            if not on_sqlite and item.get_closest_marker("css_only"):
                item.add_marker(pytest.mark.skip(reason="what the browser draws: checked in the SQLite run"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (item.rep_setup, item.rep_call, ...) for the fixtures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "`.ci/run` installs it (apt-get install -y chromium); never run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Open a page in a fresh browser context (own cookies), closed after the test.

    `new_page()` is a second, independent visitor; `new_page(viewport=PHONE_VIEWPORT)` a phone.
    Relative URLs in page.goto() resolve against the live server.
    """
    contexts = []

    def make(viewport: dict | None = None, **options):
        options.setdefault("locale", LOCALE)  # a reader in another language: new_page(locale="vi-VN")
        context = browser.new_context(base_url=live_server.url, viewport=viewport or VIEWPORT, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def inbox(app, live_app, live_server, smtp_server):
    """The browser's app sends to the test SMTP server and writes links on the live server's address."""
    keys = ("MAIL_SERVER", "MAIL_PORT", "BASE_URL")
    old = {key: live_app.config[key] for key in keys}
    live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=app.config["MAIL_PORT"], BASE_URL=live_server.url)
    yield smtp_server
    live_app.config.update(old)


@pytest.fixture(autouse=True)
def live_worker(live_server):
    """The live server's worker runs during each browser test only (see tests/conftest.py's LiveServer)."""
    live_server.start_worker()
    # its first pass (due jobs, due mail) writes at once: let it finish before the test's own setup writes, or a
    # setup that read first finds its SQLite snapshot outdated and fails at once with "database is locked"
    assert live_server.worker.wait_for_pass(timeout=10), "the live server's worker did not finish its first pass"
    yield live_server.worker
    live_server.stop_worker()


@pytest.fixture
def deliver_mail(live_server, inbox, live_worker):
    """The live server's worker sends mail in the background: `deliver_mail()` wakes it and waits until a
    pass begun after the call has finished (so everything committed before it was sent), then returns the
    messages the test SMTP server received. The same name and meaning as the unit tests' fixture."""

    def deliver():
        assert live_server.worker.wait_for_pass(timeout=10), "the live server's worker did not finish a pass in 10 s"
        return inbox.messages

    return deliver


@pytest.fixture
def page(request, new_page):
    """The test's main page (1280x900, en-GB). On failure its screenshot is saved for the report."""
    page = new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{_safe_name(request.node.name)}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot of the failure: {path}")
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"\ncould not save a screenshot of the failure: {error}")


@pytest.fixture
def shot(page) -> Callable:
    """shot("name") saves a full-page screenshot to test-artifacts/name.png (of `target` if given)."""

    def take(name: str, target=None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{_safe_name(name)}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
