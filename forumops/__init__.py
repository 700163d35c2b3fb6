"""ForumOps: run multi-stakeholder forums from concept note to follow-up."""

from __future__ import annotations

from flask import Flask

__version__ = "0.1.0"


def create_app(config_class=None) -> Flask:
    """The application factory: a short list of register_* steps."""
    from config import config_from_env

    from .core.assets import register_assets
    from .core.files import register_uploads
    from .factory import (
        register_blueprints,
        register_cli,
        register_errors,
        register_extensions,
        register_jobs,
        register_logging,
        register_security,
        register_templates,
    )

    config_class = config_class or config_from_env()
    if hasattr(config_class, "validate"):
        config_class.validate()
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=True)
    app.config.from_object(config_class)
    _ensure_sqlite_folder(app.config["SQLALCHEMY_DATABASE_URI"])
    # first: Flask runs after_request hooks last-registered-first, so compression comes after every other
    # hook (the export log counting CSV rows, the security headers) has seen the plain body
    register_assets(app)
    register_logging(app)
    register_extensions(app)
    register_uploads(app)  # after CSRF's hook is registered: it puts itself first
    register_security(app)
    register_templates(app)
    register_errors(app)
    register_blueprints(app)
    register_jobs(app)
    register_cli(app)
    return app


def _ensure_sqlite_folder(url: str) -> None:
    """A fresh clone has no instance/ folder yet; SQLite cannot create it."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
