"""The organisers' register of every certificate and letter issued for their forum: filter, search, page,
download as CSV, and revoke one with a reason (its verification page then says so)."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.database import lock_forum
from ..core.http import as_download
from ..core.i18n import format_day, in_zone
from ..core.languages import known, language_name, page_language
from ..core.views import ForumView, or_404
from ..forums.models import Forum
from . import issued_register, issuing
from .issued_csv import IssuedLine, issued_csv
from .issued_labels import KIND_LABELS, KIND_PLURAL_LABELS, STATUS_LABELS
from .issued_register import IssuedFilters, IssuedRow
from .letters import queries as letter_queries
from .letters.labels import EXPORT_LABEL as LETTER_DETAILS_LABEL
from .models import ISSUED_KINDS
from .register_forms import IssuedFilterForm, RevokeForm
from .verify import verify_url_of

LETTER_DETAILS = "letters"  # ?include=letters: the CSV's letter columns, as the registration CSV names them


def language_label(code: str) -> str:
    """A paper's language named in the page's language ("Vietnamese"); the code itself if ForumOps ships none."""
    return language_name(code, page_language()) if known(code) else code


def filters_from_request() -> tuple[IssuedFilterForm, IssuedFilters]:
    """The register's filters from the query string; a value not on offer is dropped, never an error page."""
    form = IssuedFilterForm(request.args)
    anything = [("", _("Any"))]
    form.kind.choices = anything + [(kind, str(KIND_PLURAL_LABELS[kind])) for kind in ISSUED_KINDS]
    form.status.choices = anything + [(status, str(label)) for status, label in STATUS_LABELS.items()]
    form.validate()
    for name in ("q", "kind", "status"):
        if form[name].errors:
            form[name].data, form[name].errors = "", []
    return form, IssuedFilters(q=form.q.data or "", kind=form.kind.data or "", status=form.status.data or "")


def _register_url(forum: Forum, filters: IssuedFilters, **extra: Any) -> str:
    """The register with these filters, and `extra` (a page, the paper just revoked)."""
    args: dict[str, Any] = {**filters.as_args(), **extra}
    return url_for("certificates.issued", slug=forum.slug, **args)


def _page_args() -> dict[str, Any]:
    """The register's page the revoke page was opened from (its filters: filters_from_request)."""
    page = request.args.get("page", 1, type=int)
    return {"page": page} if page > 1 else {}


class IssuedView(ForumView):
    """The register: every paper issued for the forum, newest first, 50 a page. After a revocation, `revoked`
    names the paper just revoked: its row is marked, the confirmation above the list."""

    permission = "certificates.view_issued"

    def get(self, forum):
        form, filters = filters_from_request()
        page = issued_register.list_issued(forum, filters, request.args.get("page", 1, type=int))
        # the revoke page returns here
        back: dict[str, Any] = {**filters.as_args(), **({"page": page.page} if page.page > 1 else {})}
        return render_template(
            "certificates/issued.html", forum=forum, form=form, filters=filters, register=page,
            codes={row.paper.id: issuing.printable_code(row.paper) for row in page.rows},
            page_url=lambda number: _register_url(forum, filters, page=number),
            revoke_url=lambda paper: url_for("certificates.revoke", slug=forum.slug, paper_id=paper.id, **back),
            csv_url=url_for("certificates.issued_csv", slug=forum.slug), csv_args=filters.as_args(),
            # a letter's private details leave in the CSV only when ticked in (the forum has letters)
            letter_details=LETTER_DETAILS_LABEL if page.counts.by_kind.get("letter") else "",
            just_revoked=request.args.get("revoked", 0, type=int),
            KIND_LABELS=KIND_LABELS, ISSUED_STATUS_LABELS=STATUS_LABELS, language_label=language_label)


class IssuedCsvView(ForumView):
    """The register as CSV, with the filters of the page it was downloaded from. The registration's name, not the
    passport name a letter prints: that, and the letter's other private details, only when ticked in
    (include=letters), as the registration CSV does."""

    permission = "certificates.view_issued"

    def get(self, forum):
        _form, filters = filters_from_request()
        rows = issued_register.list_issued_for_export(forum, filters)
        headings: list[str] = []
        letters: dict[int, list[str]] = {}
        if LETTER_DETAILS in request.args.getlist("include"):
            headings, letters = letter_queries.export_columns(forum, [row.paper.registration_id for row in rows
                                                                      if row.paper.kind == "letter"])
        blank = [""] * len(headings)
        lines = [IssuedLine(kind=str(KIND_LABELS[row.paper.kind]), name=row.person or row.paper.holder_name,
                            language=language_label(row.paper.language), issued_at=row.paper.issued_at,
                            issued_by=row.issued_by, status=str(STATUS_LABELS[row.status]),
                            revoked_at=row.paper.revoked_at, revoked_by=row.revoked_by,
                            revoked_reason=row.paper.revoked_reason or "",
                            extra=tuple(letters.get(row.paper.registration_id, blank) if row.paper.kind == "letter"
                                        else blank))
                 for row in rows]
        response = Response(issued_csv(lines, forum.timezone, headings), mimetype="text/csv")
        return as_download(response, f"{forum.slug}-papers-issued.csv")


class RevokeView(ForumView):
    """Revoke one paper, saying why: the page shows the paper and asks for the reason; revoking twice keeps the
    first date and reason. It keeps the register's filters and page (in its address), and goes back to them."""

    permission = "certificates.revoke"

    def render(self, forum, row: IssuedRow, form: RevokeForm, status: int = 200):
        code = issuing.printable_code(row.paper)  # None: the key changed since it was issued
        _filters_form, filters = filters_from_request()
        return render_template("certificates/revoke.html", forum=forum, row=row, form=form, code=code,
                               verify_url=verify_url_of(row.paper) if code else "",
                               back=_register_url(forum, filters, **_page_args()),
                               KIND_LABELS=KIND_LABELS, language_label=language_label), status

    def get(self, forum, paper_id: int):
        row = or_404(issued_register.get_issued(forum, paper_id))
        return self.render(forum, row, RevokeForm())

    def post(self, forum, paper_id: int):
        lock_forum(forum.id)  # two organisers revoking at once: the second reads the first's revocation
        row = or_404(issued_register.get_issued(forum, paper_id))
        form = RevokeForm()
        _filters_form, filters = filters_from_request()
        back = _register_url(forum, filters, **_page_args(), revoked=row.paper.id)
        if row.paper.revoked_at is not None:  # sent twice, or by two organisers at once: the first stands
            flash(_("This paper was already revoked on %(date)s; its reason stays as written then.",
                    date=format_day(in_zone(row.paper.revoked_at, forum.timezone), "long")), "info")
            return redirect(back)
        if not form.validate_on_submit():
            return self.render(forum, row, form, 422)
        self.on_refusal(form, lambda: self.render(forum, row, form, 422))
        issuing.revoke(row.paper, form.reason.data, current_user.id)
        flash(_("%(kind)s of %(name)s revoked: its verification page now says so, with your reason.",
                kind=KIND_LABELS[row.paper.kind], name=row.paper.holder_name), "success")
        return redirect(back)
