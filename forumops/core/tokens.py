"""Secret tokens for private links and sessions: made here, stored only as their hash.

Every private link (a registration's manage link, a plan's report link, a role invitation, a password
reset) and every server-side session uses these two, so a token is 256 random bits everywhere and a
database read never yields a working link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 random bits


def new_token() -> str:
    """A new secret: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What is stored of a token (SHA-256, hex): enough to find it again, useless to open anything."""
    return hashlib.sha256(token.encode()).hexdigest()


# Verification codes printed on certificates and letters (certificates stage): Crockford's base32 (no I, L,
# O or U; read aloud or typed from paper, O is taken for 0 and I or L for 1), 28 characters = 140 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28
_CODE_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_nonce() -> str:
    """128 random bits, hex: what a printed code is derived from (derived_code)."""
    return secrets.token_hex(16)


def derived_code(secret: str, nonce: str) -> str:
    """The code printed on a paper: HMAC-SHA-256 of its random nonce under the site's secret, so the code can
    be printed again on every download, while the database alone (which keeps the nonce and the code's hash)
    yields no code."""
    digest = int.from_bytes(hmac.new(secret.encode(), f"issued:{nonce}".encode(), hashlib.sha256).digest())
    return "".join(CODE_ALPHABET[(digest >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed or scanned: case, spaces and dashes ignored, O read as 0 and I or L as 1."""
    return "".join(ch for ch in (typed or "").upper().translate(_CODE_READS_AS) if ch.isalnum())


def grouped_code(code: str) -> str:
    """A code as printed: groups of four, ABCD-EFGH-..., easy to read back."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
