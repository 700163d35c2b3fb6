"""What documents adds to earlier stages' pages, which may not import it: the forum page's documents (a core.hooks
panel), what a confirmed participant may open (a core.home participant panel), and the documents' titles and
descriptions among the texts an organiser translates (forums.translatable)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from ..core import home, hooks, permissions
from ..core.i18n import lazy_gettext as _l
from ..extensions import db
from ..forums.models import Forum
from ..forums.translatable import Block, Group, Translatable, register_texts
from . import queries
from .models import Document
from .targets import targets_of


@hooks.panel("forums.detail")
def _forum_documents(forum: Forum) -> hooks.Panel | None:
    """The forum's own documents this reader may open (the concept note, the logistics note...)."""
    documents = queries.list_documents(forum, queries.levels_for(current_user, forum), target_kind="forum")
    manage = permissions.can(current_user, "documents.manage", forum)
    if not documents and not manage:
        return None
    return hooks.Panel("documents/_forum_panel.html", {"documents": documents, "manage": manage}, order=20)


@home.participant_panel
def _participants_documents(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """What a confirmed participant may open beyond the public pages: the documents kept for participants."""
    if registration.status != "confirmed":
        return None
    documents = queries.list_documents(forum, ("participants",))
    if not documents:
        return None
    targets = targets_of(forum, {(d.target_kind, d.target_id) for d in documents})
    return home.HomePanel("documents", "documents/_participant_panel.html", {
        "documents": [(d, targets.get((d.target_kind, d.target_id))) for d in documents],
        "signed_in": signed_in})


@register_texts
def _document_texts(forum: Forum) -> list[Group]:
    blocks = []
    for document in db.session.scalars(select(Document).where(Document.forum_id == forum.id)
                                       .order_by(Document.target_kind, Document.target_id, Document.position)):
        texts = [Translatable(queries.DOCUMENT, document.id, "title", str(_l("Title")), document.title)]
        if document.description:
            texts.append(Translatable(queries.DOCUMENT, document.id, "description", str(_l("Description")),
                                      document.description, long=True, max_length=2000))
        blocks.append(Block(document.title, tuple(texts)))
    return [Group("documents", str(_l("Documents and materials")), tuple(blocks), order=60)]
