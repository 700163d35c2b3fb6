"""Configuration classes. Every setting can come from a FORUMOPS_* environment variable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import overload

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET = "dev-only-secret-change-me"


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...


def env(name: str, default: str | None = None) -> str | None:
    """Read FORUMOPS_<name> from the environment."""
    return os.environ.get(f"FORUMOPS_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    """The variable as yes or no: 1, true, yes or on (any case) say yes; unset gives `default`."""
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET)
    # The key every certificate's and letter's printed code is derived under (certificates.issuing): never
    # rotate it, or papers downloaded again print codes that do not verify. Empty: SECRET_KEY, so an install
    # that never set it keeps its codes; before rotating SECRET_KEY, set this to the old key.
    PAPER_CODE_SECRET = env("PAPER_CODE_SECRET", "")
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'forumops.sqlite'}")
    # hide_parameters: a failed statement's error text (logged with the 500) names no participant's data
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLITE_BUSY_TIMEOUT_MS = int(env("SQLITE_BUSY_TIMEOUT_MS", "10000"))
    # Absolute links in emails, calendar feeds and PDFs. `make run` sets it to the address it serves.
    BASE_URL = env("BASE_URL", "http://127.0.0.1:5000")
    # Links made inside a request follow the request's own host instead. Only in development with no
    # FORUMOPS_BASE_URL: anywhere else a forged Host header would put its address into emails.
    BASE_URL_FROM_REQUEST = False
    LOG_LEVEL = env("LOG_LEVEL", "INFO")  # forumops.* loggers, to stderr (gunicorn's error log)

    MAIL_SERVER = env("MAIL_SERVER", "")  # empty: mail is kept in the outbox only
    MAIL_PORT = int(env("MAIL_PORT", "25"))
    MAIL_USERNAME = env("MAIL_USERNAME", "")
    MAIL_PASSWORD = env("MAIL_PASSWORD", "")
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_SENDER = env("MAIL_SENDER", "ForumOps <no-reply@forumops.local>")
    MAIL_TIMEOUT = float(env("MAIL_TIMEOUT", "10"))
    # a message the server keeps refusing for now (4xx) is failed this long after the first refusal (an
    # unreachable server counts nothing: its mail waits for it); failed mail is sent again by a person
    MAIL_GIVE_UP_HOURS = float(env("MAIL_GIVE_UP_HOURS", "72"))
    # The background worker (`flask forumops worker`): sends the outbox, runs the periodic jobs
    MAIL_RATE_PER_MINUTE = int(env("MAIL_RATE_PER_MINUTE", "0"))  # each worker's cap, for capped providers; 0: none
    WORKER_LEASE_SECONDS = float(env("WORKER_LEASE_SECONDS", "300"))  # a killed worker's messages come back after
    WORKER_POLL_SECONDS = float(env("WORKER_POLL_SECONDS", "5"))  # how often an idle worker looks for due mail
    WORKER_BATCH_SIZE = int(env("WORKER_BATCH_SIZE", "50"))  # messages claimed at once

    # Mail one account, and one forum, may make ForumOps send to other people per rolling window (imports,
    # invitations, plan links, announcements: core.quotas); the administrator can raise one forum's. The
    # ANNOUNCEMENT_* names of the first release are still read.
    MAIL_ACCOUNT_QUOTA = int(env("MAIL_ACCOUNT_QUOTA", env("ANNOUNCEMENT_ACCOUNT_QUOTA", "5000")))
    MAIL_FORUM_QUOTA = int(env("MAIL_FORUM_QUOTA", env("ANNOUNCEMENT_FORUM_QUOTA", "5000")))
    MAIL_QUOTA_HOURS = int(env("MAIL_QUOTA_HOURS", env("ANNOUNCEMENT_QUOTA_HOURS", "24")))
    # CSV imports longer than this are written by the worker, one committed row at a time (each row takes
    # about 8 ms, so a list this long holds the database for under a second when imported in the request)
    IMPORT_BACKGROUND_ROWS = int(env("IMPORT_BACKGROUND_ROWS", "100"))
    # the longest announcement body, in characters
    ANNOUNCEMENT_MAX_BODY = int(env("ANNOUNCEMENT_MAX_BODY", "20000"))

    # Each per-process cache (Markdown, programme pages, calendars, PDFs, forms, badge text) holds at most this
    # many bytes, its least recently used entries dropped first (core.cache)
    CACHE_MAX_BYTES = int(float(env("CACHE_MAX_MB", "16")) * 1024 * 1024)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "forumops_session"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12  # a signed-in session lasts a working day
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: a long form is never lost to it

    # Sign-in throttling, stored in the database: failures of one address from one client within the window
    # pause that client only, so a stranger failing elsewhere never locks the owner out; one client failing on
    # any addresses is paused after SIGNIN_CLIENT_MAX_FAILURES; and an address failing from anywhere is paused
    # after SIGNIN_ADDRESS_MAX_FAILURES in SIGNIN_ADDRESS_WINDOW_SECONDS, so a guess spread over many clients
    # stays bounded
    THROTTLE_MAX_FAILURES = int(env("THROTTLE_MAX_FAILURES", "5"))
    THROTTLE_WINDOW_SECONDS = int(env("THROTTLE_WINDOW_SECONDS", str(15 * 60)))
    SIGNIN_CLIENT_MAX_FAILURES = int(env("SIGNIN_CLIENT_MAX_FAILURES", "20"))
    SIGNIN_ADDRESS_MAX_FAILURES = int(env("SIGNIN_ADDRESS_MAX_FAILURES", "50"))
    SIGNIN_ADDRESS_WINDOW_SECONDS = int(env("SIGNIN_ADDRESS_WINDOW_SECONDS", str(60 * 60)))
    # how long a link confirming an address (after sign-up, or to a new address) works
    EMAIL_VERIFICATION_TTL_HOURS = int(env("EMAIL_VERIFICATION_TTL_HOURS", "48"))
    PASSWORD_RESET_TTL_SECONDS = 60 * 60
    # Public registration forms: submissions per client address and forum in the window. Generous, so a whole
    # office behind one address still registers; 0 turns the limit off (a load test from one machine)
    REGISTRATIONS_PER_CLIENT = int(env("REGISTRATIONS_PER_CLIENT", "30"))
    REGISTRATIONS_PER_CLIENT_WINDOW_SECONDS = int(env("REGISTRATIONS_PER_CLIENT_WINDOW_SECONDS", str(60 * 60)))
    # The public page that checks a certificate or letter by its printed code: lookups per client address in the
    # window, so nobody walks through codes (140 bits each already make guessing hopeless); 0 turns it off
    VERIFY_LOOKUPS_PER_CLIENT = int(env("VERIFY_LOOKUPS_PER_CLIENT", "30"))
    VERIFY_LOOKUPS_WINDOW_SECONDS = int(env("VERIFY_LOOKUPS_WINDOW_SECONDS", "60"))
    PROXY_COUNT = int(env("PROXY_COUNT", "0"))  # reverse proxies in front: trust X-Forwarded-For this deep

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024  # every form; upload views raise it for their request (core.files)
    # Uploaded files (core.files): the largest one accepted, and the room one forum's files may take
    MAX_FILE_BYTES = int(float(env("MAX_FILE_MB", "25")) * 1024 * 1024)
    FORUM_QUOTA_BYTES = int(float(env("FORUM_QUOTA_MB", "1024")) * 1024 * 1024)
    # the files sent as answers to registration questions: a room of their own in each forum, counted apart from
    # its documents (by default as large), so strangers registering cannot use up what the organisers' need
    ANSWER_FILES_QUOTA_BYTES = int(float(env("ANSWER_FILES_QUOTA_MB", env("FORUM_QUOTA_MB", "1024"))) * 1024 * 1024)
    # this machine's disk copy of served files (core.filecache): served by the kernel, the database read once;
    # 0 turns it off. The folder defaults to instance/file-cache.
    FILE_CACHE_BYTES = int(float(env("FILE_CACHE_MB", "1024")) * 1024 * 1024)
    FILE_CACHE_DIR = env("FILE_CACHE_DIR", "")
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's strongest; TestingConfig alone makes it cheap
    DEBUG = False
    TESTING = False


class DevelopmentConfig(Config):
    DEBUG = env_bool("DEBUG", False)  # the Werkzeug debugger is opt-in even in development
    BASE_URL_FROM_REQUEST = env("BASE_URL") is None  # `flask run --port 5077` links to port 5077


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-not-for-production"
    SQLALCHEMY_DATABASE_URI = env("TEST_DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "test.sqlite"))
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on
    # one round: every test user's password hashed with scrypt cost half the unit suite's time; a test proves
    # the other configurations keep scrypt (tests/accounts/test_accounts.py)
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    MAIL_SERVER = ""
    THROTTLE_MAX_FAILURES = 5
    FILE_CACHE_DIR = str(INSTANCE_DIR / "test-file-cache")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls) -> None:
        """Refuse to start with settings that are unsafe in production."""
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEFAULT_SECRET or len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "FORUMOPS_SECRET_KEY must be set to a random value of at least 32 characters in production "
                '(python -c "import secrets; print(secrets.token_hex(32))")'
            )
        if cls.DEBUG or env_bool("DEBUG", False):
            raise RuntimeError("FORUMOPS_DEBUG must be off in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env(default: str = "development") -> type[Config]:
    """The config class named by FORUMOPS_ENV (development, testing or production)."""
    name = env("ENV", default)
    if name not in CONFIGS:
        raise RuntimeError(f"FORUMOPS_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
