"""Base views: load the forum (404), check access (403), handle the request, commit once.

The transaction rule: a write request is committed once, after its view answered below 400. A view whose
operation refused the input (FormError) is rolled back and shows its form again with the message
(BaseView.on_refusal / refused); any answer of 400 or more is rolled back too; anything raised rolls back.
So nothing an operation flushed before it refused is ever kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from flask import Response, abort, flash, g, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask_login import current_user

from ..extensions import db, login_manager
from . import permissions
from .database import SAFE_METHODS, defer_write_lock, write_kept_rows
from .errors import FormError
from .logs import security_log

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """What a view looked up (through the forum, so another forum's id is not found), or a 404."""
    if found is None:
        abort(404)
    return found


class BaseView(MethodView):
    """Every view names the permission it needs; core.permissions decides.

    The request's writes are committed once, after the handler answered below 400. An answer of 400 or
    more, an operation's refusal (FormError) and anything raised roll the whole request back, so nothing
    is ever half-saved. A view says once how a refusal is shown (on_refusal, or by overriding refused);
    it never catches FormError itself. A read (GET) is never committed; the rows it asked to keep
    (core.database.keep_despite_rollback: an attempt counted against guessing) are written all the same.
    """

    permission: ClassVar[str]
    # a page some may read but fewer may change (a facilitator reads /clusters, organisers add to it)
    write_permission: ClassVar[str | None] = None
    decorators: ClassVar[list] = []
    # how many files of the largest size a POST may carry (core.files.register_uploads); 0: a plain form's 4 MB.
    # A view whose files depend on what the address names overrides files_accepted instead.
    accepts_files: ClassVar[int] = 0
    # True: a POST reads without SQLite's write lock and its operation takes it (core.database.take_write_lock)
    defers_write_lock: ClassVar[bool] = False

    @classmethod
    def files_accepted(cls, view_args: dict[str, Any]) -> tuple[int, int | None]:
        """How many files a POST here may carry and the largest each may be (None: core.files.max_file_bytes()),
        decided before the view runs, before anything reads the body (core.files.register_uploads)."""
        return cls.accepts_files, None

    def forum_for_request(self, kwargs: dict[str, Any]):
        return None

    def scope_for_request(self, forum, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Extra scope for the permission check, e.g. {"cluster": cluster} (loaded through the forum)."""
        return {}

    _refusal: tuple[Any, Callable[[], ResponseReturnValue]] | None = None

    def on_refusal(self, form, render: Callable[[], ResponseReturnValue]) -> None:
        """Should an operation refuse this request (raise FormError), answer `render()`: the request is rolled
        back first, and the message is put beside its field on `form` (at the top of the form when it names
        no field of it), where the typed input is kept; with `form` None the message is flashed instead,
        for a button whose answer is a redirect. `render` gives its own status: 422 for a form page."""
        self._refusal = (form, render)

    def refused(self, error: FormError, *args: Any, **kwargs: Any) -> Any:
        """The answer to an operation's refusal, after the rollback: what on_refusal() named. A view whose
        message goes somewhere else on its page overrides this (kwargs are the view's own)."""
        if self._refusal is None:
            raise error  # a refusal nobody said how to show is a bug: a 500, never a half-saved request
        form, render = self._refusal
        if form is None:
            flash(error.message, "error")
        else:
            form.add_error(error.field, error.message)
        return render()

    def dispatch_request(self, **kwargs: Any):
        if not getattr(self, "permission", None):
            raise RuntimeError(f"{type(self).__name__} must declare a permission")
        if self.defers_write_lock:
            defer_write_lock()
        forum = self.forum_for_request(kwargs)
        scope = self.scope_for_request(forum, kwargs)
        self.check_access(forum, **scope)
        writing = request.method not in SAFE_METHODS
        try:
            try:
                response = make_response(super().dispatch_request(**kwargs))
                refused = False
            except FormError as error:
                db.session.rollback()  # before the page is drawn again: it shows what is saved, nothing more
                response = make_response(self.refused(error, **kwargs))
                refused = True
            committed = writing and not refused and response.status_code < 400
            if committed:
                db.session.commit()
            elif writing or refused or g.get("kept_rows"):
                # a read is never committed, but what it counted stands (a throttled lookup by a printed code)
                db.session.rollback()
                write_kept_rows()
        except BaseException:
            db.session.rollback()
            raise
        finally:
            g.pop("defer_write_lock", None)  # a later transaction in this context locks up front again
            g.pop("kept_rows", None)  # committed with the request, or written again above
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
        if permissions.waits_for_confirmed_address(current_user, self.needed_permission):
            security_log.info("address not confirmed: %s %s needs %s; user=%s forum=%s", *denial)
            abort(Response(render_template("errors/confirm_address_first.html"), status=403))
        security_log.warning("access denied (403): %s %s needs %s; user=%s forum=%s", *denial)
        g.administrators_only = permissions.only_administrators(self.needed_permission)  # errors/error.html
        abort(403)


def kept_text_fields() -> list[tuple[str, str]]:
    """The text a refused POST carried (never passwords or tokens), to show back to its author."""
    skip = ("csrf_token", "password", "current_password", "confirm", "version", "submit")
    return [(name, value) for name, value in request.form.items(multi=True)
            if not name.endswith(skip) and (len(value.strip()) >= 20 or " " in value.strip() or "\n" in value)]


ForumFinder = Callable[[str], Any]  # slug -> the forum, or None
_forum_finder: ForumFinder | None = None


def register_forum_finder(finder: ForumFinder) -> ForumFinder:
    """Let the forum stage say which forum a slug names (core knows no stage); forums.hooks does."""
    global _forum_finder
    _forum_finder = finder
    return finder


class ForumView(BaseView):
    """A view under /forums/<slug>/: the forum is loaded from the slug and passed as `forum`."""

    @classmethod
    def forum_for_writer(cls, view_args: dict[str, Any]):
        """The forum the address names when the person may send this view's POST there (its permission), else
        None: for what is decided before the view runs (files_accepted), which must give nobody more than the
        view would (a stranger, the desk's large requests; anyone, a draft's)."""
        forum = _forum_finder(view_args["slug"]) if _forum_finder is not None and "slug" in view_args else None
        needed = cls.write_permission or cls.permission
        return forum if forum is not None and permissions.can(current_user, needed, forum) else None

    def forum_for_request(self, kwargs: dict[str, Any]):
        if _forum_finder is None:
            raise LookupError("no stage registered a forum finder (core.views.register_forum_finder)")
        forum = or_404(_forum_finder(kwargs.pop("slug")))
        kwargs["forum"] = forum
        return forum
