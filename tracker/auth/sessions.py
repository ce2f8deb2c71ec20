"""Session lifetime: loading the user from the cookie, idle and absolute timeouts, safe redirects.

The API (tracker.core.negotiation.API_PREFIX) has no session: its requests neither read nor set the cookie, so a
browser's signed-in cookie can never act there (a cross-site form would otherwise write without a CSRF token);
each API request carries its own token (tracker.auth.tokens).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_login import current_user, logout_user

from tracker.auth.models import User
from tracker.core.negotiation import API_PREFIX, is_api_request
from tracker.db import utcnow
from tracker.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def start_session(now: datetime | None = None) -> None:
    """Called right after login_user on a cleared session."""
    stamp = (now or utcnow()).isoformat()
    session["login_at"] = stamp
    session["seen_at"] = stamp
    session.permanent = True


def _expired(now: datetime) -> bool:
    try:
        login_at = datetime.fromisoformat(session["login_at"])
        seen_at = datetime.fromisoformat(session["seen_at"])
    except (KeyError, TypeError, ValueError):
        return True
    idle = timedelta(minutes=current_app.config["TRACKER_IDLE_TIMEOUT_MINUTES"])
    absolute = timedelta(minutes=current_app.config["TRACKER_ABSOLUTE_TIMEOUT_MINUTES"])
    return now - seen_at > idle or now - login_at > absolute


def enforce_timeouts() -> None:
    if request.endpoint == "static" or is_api_request() or not current_user.is_authenticated:
        return
    now = utcnow()
    if _expired(now):
        logout_user()
        session.clear()
        return
    session["seen_at"] = now.isoformat()


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class CookieSessionsOutsideTheApi(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except on API paths: there an empty session that is never saved."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(API_PREFIX):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.path.startswith(API_PREFIX):
            return
        super().save_session(app, session, response)


def register(app: Flask) -> None:
    app.session_interface = CookieSessionsOutsideTheApi()
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # generations and timeouts do this job across workers
    app.before_request(enforce_timeouts)
