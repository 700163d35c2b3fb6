"""Outbox reads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..forums.models import Forum
from .models import OutboxMessage

PAGE_SIZE = 100


@dataclass
class OutboxPage:
    messages: list[OutboxMessage]
    page: int
    pages: int
    total: int


def list_forum_outbox(forum: Forum, page: int = 1, per_page: int = PAGE_SIZE) -> OutboxPage:
    """One page of the mail this forum sent or queued, newest first."""
    total = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.forum_id == forum.id)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.forum_id == forum.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return OutboxPage(messages=list(messages), page=page, pages=pages, total=total)
