from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.statuses import sql_in
from tracker.db import Base, TimestampMixin, utcnow
from tracker.org.models import Department


class Role(StrEnum):
    ADMIN = "admin"  # users, departments, everything
    OFFICE = "office"  # informatization office: structure, dates, reviews, indicators
    LEAD = "lead"  # department lead: own department's items and projects
    MEMBER = "member"  # posts updates on own department's items and projects
    VIEWER = "viewer"  # managers: read and export everything


# How a person hears of their notifications by mail (tracker.notifications.models.MailPreference names them; it
# sits above auth, so the values are spelled here for the column's check).
MAIL_PREFERENCES = ("immediate", "digest", "none")


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_in(tuple(Role))})", name="role"),
        CheckConstraint("locale IN ('zh_Hans_CN', 'en')", name="locale"),
        CheckConstraint(f"mail_preference IN ({sql_in(MAIL_PREFERENCES)})", name="mail_preference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    locale: Mapped[str] = mapped_column(String(16), default="zh_Hans_CN")
    mail_preference: Mapped[str] = mapped_column(String(16), default="immediate", server_default="immediate")
    # Bumped to end every other session of this user (sign-out, password or role change).
    session_generation: Mapped[int] = mapped_column(Integer, default=1)

    department: Mapped[Department | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        # The generation in the session id makes a copied cookie stop working once it is bumped.
        return f"{self.id}:{self.session_generation}"

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class LoginThrottle(Base):
    """Failed sign-ins per key ("addr:<client address>" or "user:<name>@<client address>"), kept in the
    database so that every worker process sees the same counts (tracker.auth.throttle)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class TokenScope(StrEnum):
    READ = "read"  # GET only
    WRITE = "write"  # everything the person may do on the pages


class ApiToken(Base):
    """A personal access token for the API (tracker.auth.tokens). Only a SHA-256 digest of the secret is kept: the
    secret is shown once, when the token is made. A token acts as its user, with the user's current role and
    department; `scope` can only narrow that. The per-minute request counter lives on the row so that every
    worker counts against the same limit."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint(f"scope IN ({sql_in(tuple(TokenScope))})", name="scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the secret, shown in lists so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(16), default=TokenScope.READ.value)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_from: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    window_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    window_requests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    user: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… of user {self.user_id}>"
