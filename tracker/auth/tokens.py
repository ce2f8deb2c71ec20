"""Personal access tokens for the API: made, shown once, stored as a digest, expired, revoked, counted.

A token is "pt_" and 43 URL-safe characters (256 random bits). Only its SHA-256 digest is stored: a secret that
random needs no slow hash (nothing to guess from the digest), and a fast one keeps every API request cheap.
Requests send it as `Authorization: Bearer pt_…`; tracker.api reads it through `bearer_secret` and
`authenticate`, which also counts the request against the per-minute limit in the token's own row (one
UPDATE, so requests on every worker count against the same limit).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import Request
from flask_babel import gettext as _
from sqlalchemy import case, select, update

from tracker.auth.models import ApiToken, Role, TokenScope, User
from tracker.core import audit
from tracker.core.errors import Problems
from tracker.db import utcnow
from tracker.extensions import db

TOKEN_PREFIX = "pt_"  # noqa: S105 - the marker every token starts with, not a secret
SHOWN_PREFIX_LENGTH = 10  # "pt_" and 7 characters of the secret: enough to tell tokens apart, useless to guess with
NAME_MAX = 100
MAX_DAYS = 366
DEFAULT_DAYS = 90
RATE_WINDOW = timedelta(minutes=1)
AUDIT_FIELD = "api_token"  # the audit rows of a user's tokens: made (new value) and revoked (old value)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its owner once, never stored


@dataclass(frozen=True)
class Authenticated:
    token: ApiToken
    requests_in_window: int
    window_ends_at: datetime


def now() -> datetime:
    """Tokens are made, expired and revoked on the real clock, the one the API's gate checks them against: a
    security clock, not the business one that a pinned "today" moves (tracker.core.clock)."""
    return utcnow()


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def scopes_for(user: User) -> tuple[str, ...]:
    """A viewer reads everything and writes nothing: a read-write token would promise what the role cannot do."""
    if user.role == Role.VIEWER:
        return (TokenScope.READ.value,)
    return tuple(TokenScope)


def create_token(
    user: User, name: str, scope: str, days: int | None, now: datetime, actor_id: int | None = None
) -> NewToken:
    """A new token for `user`, valid `days` days from `now` (at most MAX_DAYS; None only from the CLI: no expiry).
    ValidationError with every problem at once: an empty or overlong name, an unknown scope, a day count out of
    range. Recorded in the audit log as done by `actor_id` (None: the command line), by name and prefix only."""
    problems = Problems()
    clean_name = " ".join((name or "").split())
    if not clean_name:
        problems.add(_("请填写令牌名称，说明它给哪个系统使用。"), "name")
    elif len(clean_name) > NAME_MAX:
        problems.add(_("名称不能超过 %(n)d 个字符。", n=NAME_MAX), "name")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in clean_name):
        problems.add(_("名称不能包含控制字符。"), "name")
    if scope not in scopes_for(user):
        problems.add(_("只读账户只能创建只读令牌。") if scope in tuple(TokenScope) else _("未知的权限范围。"), "scope")
    if days is not None and not 1 <= days <= MAX_DAYS:
        problems.add(_("有效期应在 1 到 %(n)d 天之间。", n=MAX_DAYS), "days")
    problems.raise_if_any()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=clean_name,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=digest_of(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days) if days is not None else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor_id, audit.AuditEntity.USER, user.id, audit.AuditAction.CREATE, AUDIT_FIELD, None, _shown(token))
    return NewToken(token, secret)


def _shown(token: ApiToken) -> str:
    """How the audit log names a token: never its secret, only what the account page shows too."""
    return f"{token.name} ({token.prefix}…, {token.scope})"


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (the account page shows when they ended)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def token_of(user: User, token_id: int) -> ApiToken | None:
    """The user's token with this id; None for another person's: a token is its owner's alone."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))


def revoke_token(token: ApiToken, now: datetime, actor_id: int | None = None) -> None:
    """Ends the token at once: the next request with it is 401. Revoking twice keeps the first time (and the one
    audit row)."""
    if token.revoked_at is None:
        token.revoked_at = now
        db.session.flush()
        audit.record(
            actor_id, audit.AuditEntity.USER, token.user_id, audit.AuditAction.RETIRE, AUDIT_FIELD, _shown(token), None
        )


class TokenState(StrEnum):
    LIVE = "live"
    EXPIRED = "expired"
    REVOKED = "revoked"


def state_of(token: ApiToken, now: datetime) -> TokenState:
    if token.revoked_at is not None:
        return TokenState.REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return TokenState.EXPIRED
    return TokenState.LIVE


def is_live(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now) and token.user.active


def bearer_secret(request: Request) -> str | None:
    """The secret of an `Authorization: Bearer pt_…` header; None when there is none or it is not one of ours."""
    kind, _sep, value = (request.headers.get("Authorization") or "").strip().partition(" ")
    value = value.strip()
    if kind.lower() != "bearer" or not value.startswith(TOKEN_PREFIX) or len(value) > 200:
        return None
    return value


def authenticate(secret: str, now: datetime, address: str) -> Authenticated | None:
    """The live token with this secret, its use recorded and counted in the current minute's window; None for an
    unknown, revoked or expired token, or one whose user is deactivated.

    The count is one UPDATE that starts a new window when the last one has ended and adds one otherwise, read back
    afterwards: requests served at the same moment by several workers each count."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest_of(secret)))
    if token is None or not is_live(token, now):
        return None
    table = ApiToken.__table__
    ended = (table.c.window_started_at.is_(None)) | (table.c.window_started_at <= now - RATE_WINDOW)
    db.session.execute(
        update(table)
        .where(table.c.id == token.id)
        # In this order: MariaDB evaluates assignments in turn, so the window start, which the count tests,
        # changes last.
        .ordered_values(
            (table.c.window_requests, case((ended, 1), else_=table.c.window_requests + 1)),
            (table.c.last_used_at, now),
            (table.c.last_used_from, address[:64]),
            (table.c.window_started_at, case((ended, now), else_=table.c.window_started_at)),
        )
    )
    counted = db.session.execute(
        select(table.c.window_requests, table.c.window_started_at).where(table.c.id == token.id)
    ).one()
    db.session.expire(token, ["window_requests", "window_started_at", "last_used_at", "last_used_from"])
    return Authenticated(token, counted.window_requests, counted.window_started_at + RATE_WINDOW)
