"""Outbox reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from ..core.outbox import OutboxMessage
from ..extensions import db
from ..forums.models import Forum

PAGE_SIZE = 100
# a private link: an http(s) address with a path segment of 32+ URL-safe characters (every ForumOps token
# is 256 bits, 43 characters: manage links, password set and reset, calendar feeds, progress reports)
_PRIVATE_LINK = re.compile(r"(https?://[^\s/]+(?:/[^\s/]*)*?/)[A-Za-z0-9_-]{32,}(?=[/.?#\s]|$)[^\s]*")


def hide_private_links(text: str) -> str:
    """The text with the token of every private link cut out, so a reader cannot act as the recipient."""
    return _PRIVATE_LINK.sub(lambda m: m.group(1) + "…", text)


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


def get_forum_message(forum: Forum, message_id: int) -> OutboxMessage | None:
    """One email of this forum's outbox (another forum's id is not found)."""
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id,
                                                         OutboxMessage.forum_id == forum.id))
