"""Accounts: users, their server-side sessions, reset tokens, address confirmations and throttle events."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime, utcnow
from ..extensions import db


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # when the owner of `email` followed a link sent to it; None: nobody has shown they read that mailbox,
    # so the account may sign in but gains nothing by the address (no forum of its own, no role)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # what the "known device" cookies of this account's browsers name (accounts.devices); None until its first
    # sign-in, and again once everywhere else is signed out, so every earlier cookie stops counting
    known_device_salt: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # the language chosen in the switcher (core.languages): pages when no cookie says otherwise, and mail
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Set when the user is loaded from (or signed in with) a server-side session.
    # Set per loaded instance; not a column (an annotation would make SQLAlchemy map it, hence the cast).
    session_token = cast("str | None", None)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.is_disabled

    @property
    def is_verified(self) -> bool:
        """The account's address is confirmed: a link sent to it was followed."""
        return self.email_verified_at is not None

    def get_id(self) -> str:
        """Flask-Login keeps this in the cookie: the session's token, never the user id.

        The loader accepts a token only while its UserSession row exists, so deleting the row
        (sign-out, password change) ends the session even for a copied cookie.
        """
        if not self.session_token:
            raise RuntimeError("User has no server-side session; sign in through accounts.operations")
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. The cookie holds the token; the table holds only its SHA-256."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    user: Mapped[User] = relationship(back_populates="sessions")


class PasswordResetToken(db.Model):
    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship()


class EmailVerification(db.Model):
    """A link that confirms an address: the account's own after sign-up, or the new one it asked to change to.

    Only the token's SHA-256 is kept. The newest link of an account replaces those sent before it
    (replaced_at), so a mistyped address asked for earlier can never be confirmed later."""

    __tablename__ = "email_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship()

    @property
    def state(self) -> str:
        """used, replaced, expired or pending."""
        if self.used_at is not None:
            return "used"
        if self.replaced_at is not None:
            return "replaced"
        return "expired" if self.expires_at <= utcnow() else "pending"

    @property
    def changes_address(self) -> bool:
        """The link confirms a new address for the account (not the one it has)."""
        return self.email != self.user.email


class ThrottleEvent(db.Model):
    """A failed (or counted) attempt, kept in the database so every worker and machine sees it."""

    __tablename__ = "throttle_events"
    __table_args__ = (Index("ix_throttle_events_lookup", "scope", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
