"""HTTP for documents: the organisers' list and upload form, editing and replacing, opening a file.

Opening a document is decided in core.permissions like every other access: the view's permission is the
document's own visibility (documents.view_public / _participants / _organisers), so a signed-out visitor is
sent to sign in, a signed-in person without the right gets 403, and a draft forum's documents are 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core import permissions
from ..core.files import file_response
from ..core.logs import security_log
from ..core.views import ForumView, or_404
from . import operations, queries
from .forms import EditForm, UploadForm
from .targets import find_target, targets_of

MAX_FILES_PER_UPLOAD = 10  # the request's size limit allows this many files of the largest size


def _wants_json() -> bool:
    """The upload script (static/js/uploads.js) asks for a JSON answer; a plain form gets a page."""
    return request.accept_mimetypes.best == "application/json"


class ManageView(ForumView):
    """Every document of the forum, by where it is attached, with the limits and the form for the forum's own."""

    permission = "documents.manage"

    def get(self, forum):
        documents = queries.list_documents(forum, ("public", "participants", "organisers"))
        targets = targets_of(forum, {(d.target_kind, d.target_id) for d in documents})
        groups: dict[Any, list] = {}
        for document in documents:
            target = targets.get((document.target_kind, document.target_id))
            groups.setdefault(target, []).append(document)
        return render_template("documents/manage.html", forum=forum, groups=groups,
                               limits=queries.limits_for(forum))


class UploadView(ForumView):
    """Files (several at once) or a link, attached to the forum, a programme item, a cluster or the report."""
    accepts_files = MAX_FILES_PER_UPLOAD  # core.files.register_uploads raises the body limit before CSRF reads it

    permission = "documents.manage"

    def _target(self, forum):
        return or_404(find_target(forum, request.args.get("target")))

    def render(self, forum, target, form, refused=(), status: int = 200):
        existing = queries.list_documents(forum, ("public", "participants", "organisers"),
                                          target_kind=target.kind, target_ids=None if target.id is None
                                          else [target.id])
        if target.id is None:
            existing = [d for d in existing if d.target_id is None]
        return render_template("documents/upload.html", forum=forum, target=target, form=form, refused=refused,
                               existing=existing, limits=queries.limits_for(forum),
                               max_files=MAX_FILES_PER_UPLOAD), status

    def get(self, forum):
        return self.render(forum, self._target(forum), UploadForm())

    def post(self, forum):
        target = self._target(forum)
        form = UploadForm()
        self.on_refusal(form, lambda: self.render(forum, target, form, status=422))
        if not form.validate_on_submit():
            if _wants_json():
                return jsonify(added=[], refused=[str(e) for _f, errors in form.errors_in_page_order()
                                                  for e in errors] or [str(e) for e in form.form_errors]), 422
            return self.render(forum, target, form, status=422)
        data = {"title": form.title.data, "description": form.description.data, "visibility": form.visibility.data,
                "url": form.url.data}
        if not form.sent_files:
            operations.add_link(forum, target, data, current_user)
            flash(_("Link added."), "success")
            return redirect(request.full_path)
        result = operations.add_files(forum, target, [(f.stream, f.filename) for f in form.sent_files], data,
                                      current_user)
        if _wants_json():
            # the files it stored are kept even when another was refused: each is its own request in the script
            return jsonify(added=[d.title for d in result.added], refused=result.refused), \
                (200 if result.added or not result.refused else 422)
        if result.added:
            flash(ngettext("%(num)d file added.", "%(num)d files added.", len(result.added)), "success")
        if not result.refused:
            return redirect(request.full_path)
        # the stored files are kept (200 commits them); the refused ones are named with their reasons, the rest
        # of the form as it was typed
        return self.render(forum, target, form, refused=result.refused, status=200 if result.added else 422)


class OpenView(ForumView):
    """The document's current file (or, for a link, its address): who may open it is its visibility's rule."""

    for_participants = True
    permission = "documents.view_public"  # the least any document needs; needed_permission says its own

    def scope_for_request(self, forum, kwargs: dict[str, Any]) -> dict[str, Any]:
        # looked up before the access check, which depends on it (another forum's id is not found)
        self.document = kwargs["document"] = or_404(queries.get_document(forum, kwargs.pop("document_id")))
        return {}

    @property
    def needed_permission(self) -> str:
        return f"documents.view_{self.document.visibility}"

    def get(self, forum, document):
        if document.kind == "link":
            return redirect(document.url)
        version = or_404(queries.current_version(document))
        return file_response(version.stored, version.filename, public=document.visibility == "public",
                             inline=request.args.get("view") == "1")


class LinkOpenView(OpenView):
    """The same, through a participant's private link (/forums/<slug>/registration/<token>/documents/<id>), for
    someone registered without an account: the link decides (core.permissions documents.view_by_link), signed
    in or not. A wrong, replaced or erased link, a registration not confirmed and an organisers-only document
    all get 404, never a sign-in page; the file is never cached and its address never sent on as a Referer."""

    permission = "documents.view_by_link"

    def scope_for_request(self, forum, kwargs: dict[str, Any]) -> dict[str, Any]:
        self.document = kwargs["document"] = or_404(queries.get_document(forum, kwargs.pop("document_id")))
        if self.document.visibility == "organisers":
            abort(404)
        return {"link": kwargs.pop("token")}

    @property
    def needed_permission(self) -> str:
        return self.permission

    def check_access(self, forum, **scope) -> None:
        if permissions.can(current_user, self.permission, forum, **scope):
            return
        # the endpoint, never the path: the path is the private link
        security_log.info("private link refused (404): %s %s forum=%s", request.method, request.endpoint,
                          forum.slug)
        abort(404)

    def get(self, forum, document):
        if document.kind == "link":
            response = redirect(document.url)
        else:
            version = or_404(queries.current_version(document))
            response = file_response(version.stored, version.filename, public=False,
                                     inline=request.args.get("view") == "1")
        response = make_response(response)
        response.headers["Referrer-Policy"] = "no-referrer"  # a page it opens must not learn the private link
        return response


class DocumentView(ForumView):
    """An organisers' view of one of the forum's documents, looked up after the access check."""

    permission = "documents.manage"

    @staticmethod
    def document_of(forum, document_id: int):
        """The forum's document of this id, or 404."""
        return or_404(queries.get_document(forum, document_id))


class VersionView(DocumentView):
    """An earlier file of a document: the organisers keep them all."""

    def get(self, forum, document_id: int, version_id: int):
        document = self.document_of(forum, document_id)
        version = or_404(next((v for v in document.versions if v.id == version_id), None))
        return file_response(version.stored, version.filename, public=False)


class EditView(DocumentView):
    """Title, description, visibility, a link's address; a new file (the earlier ones kept, listed here)."""
    accepts_files = 1  # core.files.register_uploads raises the body limit before CSRF reads it

    def render(self, forum, document, form, status: int = 200):
        target = targets_of(forum, [(document.target_kind, document.target_id)]).get(
            (document.target_kind, document.target_id))
        return render_template("documents/edit.html", forum=forum, document=document, form=form, target=target,
                               limits=queries.limits_for(forum)), status

    def get(self, forum, document_id: int):
        document = self.document_of(forum, document_id)
        return self.render(forum, document, EditForm(obj=document))

    def post(self, forum, document_id: int):
        document = self.document_of(forum, document_id)
        form = EditForm()
        self.on_refusal(form, lambda: self.render(forum, document, form, status=422))
        if not form.validate_on_submit():
            return self.render(forum, document, form, status=422)
        operations.update_document(document, form.data_dict())
        if form.file.data and getattr(form.file.data, "filename", ""):
            # a refused file (FileRefused names it and says why) rolls the whole edit back: shown with the form
            operations.replace_file(document, (form.file.data.stream, form.file.data.filename), current_user)
        flash(_("Saved."), "success")
        return redirect(url_for("documents.edit", slug=forum.slug, document_id=document.id))


class DeleteView(DocumentView):
    def post(self, forum, document_id: int):
        document = self.document_of(forum, document_id)
        operations.delete_document(document)
        flash(_("Document removed."), "success")
        back = request.form.get("next") or ""
        # only an address on this site (never "//elsewhere")
        return redirect(back if back.startswith("/") and not back.startswith("//")
                        else url_for("documents.manage", slug=forum.slug))
