"""Secret tokens for private links and sessions: made here, stored only as their hash.

Every private link (a registration's manage link, a plan's report link, a role invitation, a password
reset) and every server-side session uses these two, so a token is 256 random bits everywhere and a
database read never yields a working link.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 random bits


def new_token() -> str:
    """A new secret: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What is stored of a token (SHA-256, hex): enough to find it again, useless to open anything."""
    return hashlib.sha256(token.encode()).hexdigest()
