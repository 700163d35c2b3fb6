"""Base views: load the forum (404), check access (403), handle the request, commit once."""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, TypeVar

from flask import Response, abort, g, render_template, request
from flask.views import MethodView
from flask_login import current_user
from sqlalchemy import bindparam, select

from ..extensions import db, login_manager
from . import permissions
from .database import defer_write_lock
from .logs import security_log

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """What a view looked up (through the forum, so another forum's id is not found), or a 404."""
    if found is None:
        abort(404)
    return found


class FormError(Exception):
    """An operation refused the input; the view shows the form again with this message."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class BaseView(MethodView):
    """Every view names the permission it needs; core.permissions decides.

    The request's writes are committed once, after the handler returned without error;
    anything raised rolls the whole request back, so nothing is ever half-saved.
    """

    permission: ClassVar[str]
    # a page some may read but fewer may change (a facilitator reads /clusters, organisers add to it)
    write_permission: ClassVar[str | None] = None
    decorators: ClassVar[list] = []
    # True: a POST reads without SQLite's write lock and its operation takes it (core.database.take_write_lock)
    defers_write_lock: ClassVar[bool] = False

    def forum_for_request(self, kwargs: dict[str, Any]):
        return None

    def scope_for_request(self, forum, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Extra scope for the permission check, e.g. {"cluster": cluster} (loaded through the forum)."""
        return {}

    def dispatch_request(self, **kwargs: Any):
        if not getattr(self, "permission", None):
            raise RuntimeError(f"{type(self).__name__} must declare a permission")
        if self.defers_write_lock:
            defer_write_lock()
        forum = self.forum_for_request(kwargs)
        scope = self.scope_for_request(forum, kwargs)
        self.check_access(forum, **scope)
        try:
            response = super().dispatch_request(**kwargs)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        finally:
            g.pop("defer_write_lock", None)  # a later transaction in this context locks up front again
        return response  # its mail waits in the outbox for the worker: no request waits for SMTP

    @property
    def needed_permission(self) -> str:
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        return self.write_permission if writing and self.write_permission else self.permission

    def check_access(self, forum, **scope) -> None:
        if permissions.can(current_user, self.needed_permission, forum, **scope):
            return
        user_id = current_user.id if current_user.is_authenticated else "-"
        # the endpoint, never the path: paths can carry private links
        denial = (request.method, request.endpoint, self.needed_permission, user_id, forum.slug if forum else "-")
        if forum is not None and not permissions.can_see_forum(current_user, forum):
            security_log.warning("access denied (404): %s %s needs %s; user=%s forum=%s", *denial)
            abort(404)  # a draft is not even acknowledged to exist
        if not current_user.is_authenticated:
            security_log.info("sign-in required: %s %s needs %s; user=%s forum=%s", *denial)
            if request.method == "POST" and kept_text_fields():
                # signed out mid-edit (session expired): show what they typed instead of losing it
                abort(Response(render_template("errors/kept.html", fields=kept_text_fields(), reason="signed_out"),
                               status=401))
            abort(login_manager.unauthorized())
        security_log.warning("access denied (403): %s %s needs %s; user=%s forum=%s", *denial)
        abort(403)


def kept_text_fields() -> list[tuple[str, str]]:
    """The text a refused POST carried (never passwords or tokens), to show back to its author."""
    skip = ("csrf_token", "password", "current_password", "confirm", "version", "submit")
    return [(name, value) for name, value in request.form.items(multi=True)
            if not name.endswith(skip) and (len(value.strip()) >= 20 or " " in value.strip() or "\n" in value)]


class ForumView(BaseView):
    """A view under /forums/<slug>/: the forum is loaded from the slug and passed as `forum`."""

    def forum_for_request(self, kwargs: dict[str, Any]):
        forum = or_404(db.session.scalar(_forum_by_slug(), {"slug": kwargs.pop("slug")}))
        kwargs["forum"] = forum
        return forum


@cache  # every forum page runs it: built once per process (building a select costs more than running it)
def _forum_by_slug():
    from ..forums.models import Forum

    return select(Forum).where(Forum.slug == bindparam("slug"))
