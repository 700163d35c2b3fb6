"""The register_* steps create_app runs, one concern each."""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import Flask, render_template, request
from flask_babel import format_number, get_locale, gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from .core.i18n import format_day, format_list, format_moment, in_zone, utc_offset_text
from .core.i18n import lazy_gettext as _l
from .core.languages import babel_locale, register_languages
from .extensions import babel, csrf, db, login_manager, migrate

log = logging.getLogger(__name__)


def register_logging(app: Flask) -> None:
    """stderr logging whose lines user input cannot forge, at FORUMOPS_LOG_LEVEL; every download logged."""
    from .core.logs import configure_logging, register_export_log

    configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    register_export_log(app)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CSRF, translations and sign-in to the app; give the caches their budget."""
    from .core.cache import configure_caches
    from .core.database import configure_sqlite

    configure_caches(app.config["CACHE_MAX_BYTES"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=babel_locale)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.signin"
    # flashed into the (JSON) session cookie, so a plain str translated at flash time
    login_manager.login_message = "Please sign in to see this page."
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from .accounts.operations import load_session_user

        return load_session_user(token)

    @app.teardown_request
    def forget_request_state(_exc=None):
        """Per-request caches live in g; drop them even when an outer app context outlives the
        request (tests, CLI), so one request's signed-in user or language never leaks into the next."""
        from flask import g
        from flask_babel import refresh

        for key in ("_login_user", "_forum_roles", "defer_write_lock", "_page_language", "page_language_fell_back",
                    "evaluations_home_feedback"):
            g.pop(key, None)
        refresh()  # Flask-Babel keeps the locale it chose in the same context

    register_languages(app)
    with app.app_context():
        configure_sqlite(app)
    # every model module, so metadata (and Alembic autogenerate) sees every table
    from .accounts import models as _accounts  # noqa: F401
    from .agenda import models as _agenda  # noqa: F401
    from .certificates import models as _certificates  # noqa: F401
    from .certificates.letters import models as _letters  # noqa: F401
    from .clusters import models as _clusters  # noqa: F401
    from .communications import models as _communications  # noqa: F401
    from .core import files as _files  # noqa: F401
    from .core import jobs as _jobs  # noqa: F401
    from .core import outbox as _outbox  # noqa: F401
    from .core import settings as _settings  # noqa: F401
    from .documents import models as _documents  # noqa: F401
    from .evaluations import models as _evaluations  # noqa: F401
    from .followup import models as _followup  # noqa: F401
    from .forums import models as _forums  # noqa: F401
    from .organisations import models as _organisations  # noqa: F401
    from .outcomes import models as _outcomes  # noqa: F401
    from .privacy import models as _privacy  # noqa: F401
    from .registration import models as _registration  # noqa: F401
    from .travel import models as _travel  # noqa: F401


def register_security(app: Flask) -> None:
    """Trust the configured proxies, set the security headers (CSP and others) on every response, and keep
    every private answer out of caches (core.http.keep_private_answers_private)."""
    from .core.http import keep_private_answers_private

    if app.config.get("PROXY_COUNT"):
        count = app.config["PROXY_COUNT"]
        # Flask's documented way to add WSGI middleware
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return keep_private_answers_private(response, current_user)


def register_templates(app: Flask) -> None:
    """Give templates the filters, labels and helpers every page uses."""
    from .agenda.labels import ITEM_TYPE_LABELS, PERSON_ROLE_LABELS
    from .clusters.forms import ACTION_STATUS_LABELS, NOTE_EVENT_LABELS, NOTE_STATUS_LABELS, PRIORITY_LABELS
    from .communications.labels import SOURCE_LABELS as MESSAGE_SOURCE_LABELS
    from .core.flashes import flashes_at, flashes_not_drawn
    from .core.numbers import human_size, one_decimal, percent_of
    from .core.permissions import can
    from .core.reference import country_name, timezone_names, zone_choices
    from .core.text import render_markdown
    from .documents.labels import TARGET_LABELS, VISIBILITY_SHORT
    from .forums.labels import MEMBER_ROLE_LABELS, MODE_LABELS, PARTNER_ROLE_LABELS, STATUS_HELP, STATUS_LABELS
    from .organisations.labels import ORGANISATION_TYPE_LABELS
    from .registration.labels import CATEGORY_LABELS
    from .registration.labels import STATUS_LABELS as REG_STATUS_LABELS

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["country"] = country_name

    def time_filter(value: datetime | None, zone: str) -> str:
        """24-hour clock time in the forum's zone (the same in every locale ForumOps ships)."""
        if not value:
            return ""
        local = in_zone(value, zone)
        return f"{local.hour:02d}:{local.minute:02d}"  # strftime took three times as long, twice per programme row

    def tz_label(zone: str, on: date | None = None) -> str:
        """'Asia/Jakarta (UTC+07:00)': the zone named, with its offset on that day."""
        moment = datetime.combine(on or date.today(), datetime.min.time(), tzinfo=ZoneInfo(zone))
        return f"{zone} ({utc_offset_text(moment)})"

    def date_range(start: date, end: date) -> str:
        if start == end:
            return format_day(start, "long")
        return f"{format_day(start, 'long')} – {format_day(end, 'long')}"

    app.jinja_env.filters["list_words"] = format_list  # "a, b and c" in the page's language
    app.jinja_env.filters["number"] = format_number  # 1,234 / 1.234 as the page's language writes it
    app.jinja_env.filters["date"] = format_day  # the month as a word in every style (core.i18n)
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["time"] = time_filter
    app.jinja_env.globals.update(
        can=can, date_range=date_range, tz_label=tz_label, format_date=format_day, timezones=timezone_names,
        zone_choices=zone_choices,
        human_size=human_size, percent_of=percent_of,  # core.numbers: one rounding of shares everywhere
        one_decimal=one_decimal,  # ... and of means and medians
        flashes_at=flashes_at, flashes_not_drawn=flashes_not_drawn,  # a message where the page jumps to
    )
    label_sets = dict(
        ITEM_TYPE_LABELS=ITEM_TYPE_LABELS, PERSON_ROLE_LABELS=PERSON_ROLE_LABELS,
        STATUS_HELP=STATUS_HELP, REG_STATUS_LABELS=REG_STATUS_LABELS, CATEGORY_LABELS=CATEGORY_LABELS,
        MODE_LABELS=MODE_LABELS, STATUS_LABELS=STATUS_LABELS, PARTNER_ROLE_LABELS=PARTNER_ROLE_LABELS,
        MEMBER_ROLE_LABELS=MEMBER_ROLE_LABELS, ORGANISATION_TYPE_LABELS=ORGANISATION_TYPE_LABELS,
        NOTE_STATUS_LABELS=NOTE_STATUS_LABELS, PRIORITY_LABELS=PRIORITY_LABELS,
        ACTION_STATUS_LABELS=ACTION_STATUS_LABELS, NOTE_EVENT_LABELS=NOTE_EVENT_LABELS,
        MESSAGE_SOURCE_LABELS=MESSAGE_SOURCE_LABELS, VISIBILITY_SHORT=VISIBILITY_SHORT, TARGET_LABELS=TARGET_LABELS,
    )

    @lru_cache(maxsize=16)
    def labels_in(locale: str) -> dict[str, dict[str, str]]:
        """Every label set translated once per locale, as plain (escaped-when-shown) strings."""
        return {name: {code: str(label) for code, label in labels.items()} for name, labels in label_sets.items()}

    @app.context_processor
    def translated_labels():
        return labels_in(str(get_locale()))


ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not possible here"),
    413: _l("What you sent is too large"),
    422: _l("Please check the form"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("ForumOps is busy for a moment"),
}
RETRY_AFTER_UNAVAILABLE = 30  # seconds: a held lock or a restarting database is usually back by then


def register_errors(app: Flask) -> None:
    """Error pages: a 500 rolls back, a lost form token or database keeps the text typed, 503 says when."""
    def render_error(code: int, retry_after: int | None = None):
        minutes = max(1, -(-retry_after // 60)) if retry_after else None
        response = app.make_response(
            (render_template("errors/error.html", code=code, title=ERROR_TITLES.get(code, ERROR_TITLES[500]),
                             minutes=minutes), code))
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        """An expired or missing form token: never throw away what the person typed."""
        from .core.views import kept_text_fields

        fields = kept_text_fields()
        if fields:
            return render_template("errors/kept.html", fields=fields, reason="csrf"), 400
        return render_error(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # e.g. a login redirect raised through abort()
            return error.response
        if error.code is None or error.code < 400:
            return error
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, datetime):
            retry_after = int((retry_after - datetime.now(retry_after.tzinfo)).total_seconds())
        return render_error(error.code, retry_after)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # the endpoint, not the path: paths can hold private links (manage tokens, feed tokens)
        log.exception("unhandled error on %s %s", request.method, request.endpoint)
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def database_error(error: Exception):
        """Database unreachable or locked too long: 503 with Retry-After, and a POST's typed text shown back."""
        from flask import g

        from .core.database import database_unavailable
        from .core.views import kept_text_fields

        if not database_unavailable(error):
            return unexpected_error(error)
        reason = getattr(error, "orig", None) or error
        log.warning("database unavailable on %s %s: %s: %s", request.method, request.endpoint,
                    type(reason).__name__, str(reason).strip().splitlines()[0][:200] if str(reason).strip() else "")
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; drop the session with it
            db.session.remove()
        g._login_user = login_manager.anonymous_user()  # the page must not ask the database who is signed in
        fields = kept_text_fields() if request.method == "POST" else []
        if fields:
            response = app.make_response(
                (render_template("errors/kept.html", fields=fields, reason="unavailable"), 503))
            response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
            return response
        return render_error(503, RETRY_AFTER_UNAVAILABLE)


def register_blueprints(app: Flask) -> None:
    """Mount every stage's URL rules."""
    from .accounts.blueprint import bp as accounts_bp
    from .agenda.blueprint import bp as agenda_bp
    from .certificates.blueprint import bp as certificates_bp
    from .certificates.letters_blueprint import bp as letters_bp
    from .clusters.blueprint import bp as clusters_bp
    from .communications.blueprint import bp as communications_bp
    from .documents.blueprint import bp as documents_bp
    from .evaluations.blueprint import bp as evaluations_bp
    from .followup.blueprint import bp as followup_bp
    from .forums.blueprint import bp as forums_bp
    from .notifications.blueprint import bp as notifications_bp
    from .organisations.blueprint import bp as organisations_bp
    from .outcomes.blueprint import bp as outcomes_bp
    from .privacy.blueprint import bp as privacy_bp
    from .registration.blueprint import bp as registration_bp
    from .travel.blueprint import bp as travel_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(clusters_bp)
    app.register_blueprint(communications_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(evaluations_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(forums_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(travel_bp)
    app.register_blueprint(registration_bp)


def register_jobs(app: Flask) -> None:
    """Each stage's periodic jobs and background work (core.jobs), which the worker runs, and what they reserve
    of the mail quotas (core.quotas): importing a module registers them."""
    from .accounts import jobs as _accounts  # noqa: F401
    from .communications import jobs as _communications  # noqa: F401
    from .followup import jobs as _followup  # noqa: F401
    from .privacy import jobs as _privacy  # noqa: F401
    from .registration import imports as _registration  # noqa: F401


def register_cli(app: Flask) -> None:
    """Add the `flask forumops` commands."""
    from .cli import forumops_cli

    app.cli.add_command(forumops_cli)
