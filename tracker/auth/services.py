"""Accounts: creating users, signing in (with throttling), ending sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.auth.models import LoginThrottle, Role, User
from tracker.auth.passwords import check_password_rules, dummy_verify, hash_password, verify_password
from tracker.core import audit
from tracker.core.errors import ValidationError
from tracker.db import utcnow
from tracker.extensions import db
from tracker.org.models import Department

ROLES_NEEDING_DEPARTMENT = (Role.LEAD.value, Role.MEMBER.value)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_user(
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    department: Department | None = None,
    email: str | None = None,
    actor: User | None = None,
) -> User:
    username = normalise_username(username)
    if not username or len(username) > 64:
        raise ValidationError(_("用户名须为 1 到 64 个字符。"), field="username")
    if role not in tuple(Role):
        raise ValidationError(_("未知角色：%(role)s", role=role), field="role")
    if role in ROLES_NEEDING_DEPARTMENT and department is None:
        raise ValidationError(_("部门负责人和部门成员必须属于一个部门。"), field="department")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(_("用户名 %(u)s 已存在。", u=username), field="username")
    check_password_rules(password)
    user = User(
        username=username,
        display_name=display_name or username,
        email=email,
        password_hash=hash_password(password),
        role=role,
        department=department,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor.id if actor else None, "user", user.id, "create", "role", None, role)
    return user


def _throttle(key: str) -> LoginThrottle:
    row = db.session.get(LoginThrottle, key)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=utcnow())
        db.session.add(row)
    return row


def is_locked(username: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    row = db.session.get(LoginThrottle, "user:" + normalise_username(username))
    return bool(row and row.locked_until and row.locked_until > now)


def _note_failure(username: str, now: datetime) -> None:
    window = timedelta(minutes=current_app.config["TRACKER_LOGIN_WINDOW_MINUTES"])
    row = _throttle("user:" + normalise_username(username)[:150])
    if now - row.window_started_at > window:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures >= current_app.config["TRACKER_LOGIN_MAX_FAILURES"]:
        row.locked_until = now + window


def authenticate(username: str, password: str, now: datetime | None = None) -> User | None:
    """The user if the name and password match and the name is not locked; None otherwise.

    Unknown and known names cost the same and count failures alike, so the
    answer says nothing about which names exist.
    """
    now = now or utcnow()
    name = normalise_username(username)
    user = db.session.scalar(select(User).where(User.username == name))
    if is_locked(name, now):
        dummy_verify(password)
        return None
    if user is None:
        dummy_verify(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    if not ok:
        _note_failure(name, now)
        db.session.flush()
        return None
    row = db.session.get(LoginThrottle, "user:" + name)
    if row is not None:
        db.session.delete(row)
    user.last_login_at = now
    db.session.flush()
    return user


def end_other_sessions(user: User) -> None:
    """Invalidate every session cookie issued to this user so far."""
    user.session_generation = (user.session_generation or 1) + 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise ValidationError(_("当前密码不正确。"), field="current_password")
    check_password_rules(new)
    user.password_hash = hash_password(new)
    end_other_sessions(user)
    audit.record(user.id, "user", user.id, "update", "password", None, None)
