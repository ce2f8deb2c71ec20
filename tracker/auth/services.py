"""Accounts: creating users, signing in (with throttling), ending sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from tracker.auth.models import LoginThrottle, Role, User
from tracker.auth.passwords import check_password_rules, dummy_verify, hash_password, verify_password
from tracker.core import audit
from tracker.core.errors import Problems, ValidationError
from tracker.db import utcnow
from tracker.extensions import db
from tracker.org.models import Department

ROLES_NEEDING_DEPARTMENT = (Role.LEAD.value, Role.MEMBER.value)
DISPLAY_NAME_MAX = 100
EMAIL_MAX = 254
# One "@", no spaces, a dot in the domain: enough to catch typing mistakes; the mail server has the last word.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def clean_email(email: str | None) -> str | None:
    """The address as stored (None when empty); refuses what cannot be an address."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > EMAIL_MAX:
        raise ValidationError(_("电子邮箱不能超过 %(n)d 个字符。", n=EMAIL_MAX), field="email")
    if not _EMAIL.match(email) or _CONTROL.search(email):
        raise ValidationError(_("请输入有效的电子邮箱地址，例如 name@hangzhou.gov.cn。"), field="email")
    return email


def _clean_display_name(display_name: str) -> str:
    display_name = display_name.strip()
    if len(display_name) > DISPLAY_NAME_MAX:
        raise ValidationError(_("姓名不能超过 %(n)d 个字符。", n=DISPLAY_NAME_MAX), field="display_name")
    if _CONTROL.search(display_name):
        raise ValidationError(_("不能包含控制字符（如 NUL）。"), field="display_name")
    return display_name


def _check_role_and_department(role: str, department: Department | None, previous: Department | None = None) -> None:
    if role not in tuple(Role):
        raise ValidationError(_("未知角色：%(role)s", role=role), field="role")
    if role in ROLES_NEEDING_DEPARTMENT and department is None:
        raise ValidationError(_("部门负责人和部门成员必须属于一个部门。"), field="department")
    # Keeping a department that was switched off later is fine; choosing one anew is not.
    if department is not None and not department.active and department is not previous:
        raise ValidationError(_("该部门已停用，不能分配用户。"), field="department")


def _department_code(department: Department | None) -> str | None:
    return department.code if department is not None else None


def _check_new_username(username: str) -> str:
    username = normalise_username(username)
    if not username or len(username) > 64:
        raise ValidationError(_("用户名须为 1 到 64 个字符。"), field="username")
    if _CONTROL.search(username) or any(ch.isspace() for ch in username):
        raise ValidationError(_("用户名不能包含空格或控制字符。"), field="username")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(_("用户名 %(u)s 已存在。", u=username), field="username")
    return username


def check_new_user(
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    department: Department | None = None,
    email: str | None = None,
) -> tuple[str, str, str | None]:
    """(username, display name, email) as stored, or one ValidationError naming every field that is wrong."""
    problems = Problems()
    username = problems.check(_check_new_username, username or "")
    display_name = problems.check(_clean_display_name, display_name or "")
    email = problems.check(clean_email, email)
    problems.check(_check_role_and_department, role, department)
    problems.check(check_password_rules, password or "")
    problems.raise_if_any()
    return username, display_name, email


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
    username, display_name, email = check_new_user(
        username, password, role, display_name=display_name, department=department, email=email
    )
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
    actor_id = actor.id if actor else None
    initial = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": role,
        "department": _department_code(department),
    }
    for field, value in initial.items():
        if value is not None:
            audit.record(actor_id, "user", user.id, "create", field, None, value)
    return user


@dataclass
class UserEdit:
    """The fields an admin may change on an account (never the username or the password hash)."""

    display_name: str
    email: str | None
    role: str
    department: Department | None
    active: bool


def check_user_edit(user: User, edit: UserEdit, actor: User) -> tuple[str, str | None]:
    """(display name, email) as stored, or one ValidationError naming every field that is wrong."""
    problems = Problems()
    if user.id == actor.id and edit.role != user.role:
        problems.add(_("不能修改自己的角色，请让另一位管理员操作。"), "role")
    if user.id == actor.id and not edit.active:
        problems.add(_("不能停用自己的账号。"), "active")
    display_name = problems.check(_clean_display_name, edit.display_name or "")
    if display_name == "":
        problems.add(_("此项必填。"), "display_name")
    email = problems.check(clean_email, edit.email)
    problems.check(_check_role_and_department, edit.role, edit.department, previous=user.department)
    problems.raise_if_any()
    return display_name, email


def update_user(user: User, edit: UserEdit, actor: User) -> dict[str, tuple]:
    """Apply an admin's edit; returns the changed fields. A new role or deactivation ends the user's sessions."""
    display_name, email = check_user_edit(user, edit, actor)
    changes = {
        "display_name": (user.display_name, display_name),
        "email": (user.email, email),
        "role": (user.role, edit.role),
        "department": (_department_code(user.department), _department_code(edit.department)),
        "active": (user.active, edit.active),
    }
    changed = {field: pair for field, pair in changes.items() if pair[0] != pair[1]}
    ends_sessions = "role" in changed or ("active" in changed and not edit.active)
    user.display_name = display_name
    user.email = email
    user.role = edit.role
    user.department = edit.department
    user.active = edit.active
    audit.record_changes(actor.id, "user", user.id, changed)
    if ends_sessions:
        end_other_sessions(user)
    db.session.flush()
    return changed


def reset_password(user: User, new: str, actor: User) -> None:
    """An admin sets a new password; every session of the user ends. The audit row names the field only."""
    check_password_rules(new)
    user.password_hash = hash_password(new)
    end_other_sessions(user)
    audit.record(actor.id, "user", user.id, "update", "password", None, None)


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(_("不支持的语言。"), field="language")
    user.locale = locale
    db.session.flush()


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


def users_query(department_id: int | None = None, role: str | None = None, active: bool | None = None) -> Select:
    """Users for the admin list, by department order then name; each row's department comes in the same statement."""
    query = select(User).outerjoin(Department, Department.id == User.department_id)
    if department_id is not None:
        query = query.where(User.department_id == department_id)
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    return query.order_by(Department.sort_order.is_(None), Department.sort_order, User.username)
