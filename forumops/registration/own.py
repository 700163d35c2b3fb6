"""A participant's own pages, reached two ways: by the private link from their email (no account needed) or through
their account. Each page of a later stage (their certificate, their invitation letter, their surveys, their ratings
of sessions) is one view class mixed with ByLink or ByAccount, which decide whose registration the page is about
and name its addresses. Nobody else's registration can be reached: the link or the account decides, never an id in
the address.

The two rules of a page are named alike: `x` by the link (with `<token>` in its address), `x_mine` by the account.
"""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user

from ..core.views import ForumView
from . import queries
from .models import Registration


def _own(registration: Registration | None) -> Registration:
    if registration is None or registration.erased_at is not None:
        abort(404)
    return registration


class ByLink:
    """The registration the private link in the address opens (an unknown or replaced link: 404)."""

    permission = "forum.view"  # the link decides; it opens nothing else

    def find(self, forum, token) -> Registration:
        """The registration this page is about."""
        return _own(queries.find_by_token(forum, token))

    def own_url(self, endpoint: str, forum, token, **values) -> str:
        """The address of another of the person's own pages, reached the same way as this one."""
        return url_for(endpoint, slug=forum.slug, token=token, **values)

    def registration_url(self, forum, token) -> str:
        """The person's registration page, reached the same way as this one."""
        return url_for("registration.manage", slug=forum.slug, token=token)


class ByAccount:
    """The registration of the signed-in person (none: 404)."""

    permission = "account.manage"

    def find(self, forum, token=None) -> Registration:
        """The registration this page is about."""
        return _own(queries.registration_of_user(forum, current_user))

    def own_url(self, endpoint: str, forum, token=None, **values) -> str:
        """The address of another of the person's own pages, reached the same way as this one."""
        return url_for(f"{endpoint}_mine", slug=forum.slug, **values)

    def registration_url(self, forum, token=None) -> str:
        """The person's registration page, reached the same way as this one."""
        return url_for("registration.mine", slug=forum.slug)


class OwnPage(ForumView):
    """A participant's own page: ByLink or ByAccount, mixed in before it, says whose registration it is and names
    the person's other pages; a page that forgot the mixin fails loudly rather than showing someone's data."""

    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, token) -> Registration:
        raise NotImplementedError

    def own_url(self, endpoint: str, forum, token, **values) -> str:
        raise NotImplementedError

    def registration_url(self, forum, token) -> str:
        raise NotImplementedError
