"""Accounts: creating users, signing in (with throttling), ending sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from tracker.auth import throttle
from tracker.auth.models import MAIL_PREFERENCES, Role, User
from tracker.auth.passwords import check_password_rules, dummy_verify, hash_password, verify_password
from tracker.core import audit, clock
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
# Usernames: ASCII letters, digits, ".", "_" and "-", 2 to 64 characters; stored and compared in lower case.
# Checked before lower(): the Kelvin sign "\u212a" must not slip in as an ASCII "k". No zero-width, bidirectional
# or look-alike characters, so a name on screen is the name that signs in.
USERNAME_MAX = 64
_USERNAME = re.compile(r"[A-Za-z0-9._-]{2,64}")


def username_rule() -> str:
    rule: str = _(
        "用户名须为 2 到 64 个字符，只能使用英文字母、数字、点（.）、下划线（_）和连字符（-），不区分大小写。"
    )
    return rule


def clean_username(username: str) -> str:
    """The name as stored (lower case); refuses anything outside the documented set."""
    username = username.strip()
    if not _USERNAME.fullmatch(username):
        raise ValidationError(username_rule(), field="username")
    return username.lower()


def sign_in_name(username: str) -> str | None:
    """The name to look up at sign-in, in lower case; None for what no account can be called (control characters,
    too long). Accounts made before the rule existed may hold other characters: they can still sign in."""
    name = username.strip().lower()
    if not name or len(name) > USERNAME_MAX or _CONTROL.search(name):
        return None
    return name


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
    username = clean_username(username)
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(_("用户名 %(u)s 已存在。", u=username), field="username")
    return username


@dataclass(frozen=True)
class NewUser:
    """An account to create, as an admin's form, the CLI or the demo seed gives it."""

    username: str
    password: str
    role: str
    display_name: str = ""
    department: Department | None = None
    email: str | None = None


def check_new_user(new: NewUser) -> NewUser:
    """The account with username, display name and email as they will be stored, or one ValidationError naming
    every field that is wrong."""
    problems = Problems()
    username = problems.check(_check_new_username, new.username or "")
    display_name = problems.check(_clean_display_name, new.display_name or "")
    email = problems.check(clean_email, new.email)
    problems.check(_check_role_and_department, new.role, new.department)
    problems.check(check_password_rules, new.password or "")
    problems.raise_if_any()
    assert username is not None and display_name is not None
    return replace(new, username=username, display_name=display_name, email=email)


def create_user(new: NewUser, actor: User | None = None) -> User:
    new = check_new_user(new)
    user = User(
        username=new.username,
        display_name=new.display_name or new.username,
        email=new.email,
        password_hash=hash_password(new.password),
        role=new.role,
        department=new.department,
    )
    db.session.add(user)
    db.session.flush()
    actor_id = actor.id if actor else None
    initial = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": new.role,
        "department": _department_code(new.department),
    }
    for field, value in initial.items():
        if value is not None:
            audit.record(actor_id, audit.AuditEntity.USER, user.id, audit.AuditAction.CREATE, field, None, value)
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
    assert display_name is not None
    return display_name, email


def update_user(user: User, edit: UserEdit, actor: User) -> dict[str, tuple[object, object]]:
    """Apply an admin's edit; returns the changed fields. A new role or deactivation ends the user's sessions."""
    display_name, email = check_user_edit(user, edit, actor)
    changes = {
        "display_name": (user.display_name, display_name),
        "email": (user.email, email),
        "role": (user.role, edit.role),
        "department": (_department_code(user.department), _department_code(edit.department)),
        "active": (user.active, edit.active),
    }
    changed: dict[str, tuple[object, object]] = {field: pair for field, pair in changes.items() if pair[0] != pair[1]}
    ends_sessions = "role" in changed or ("active" in changed and not edit.active)
    user.display_name = display_name
    user.email = email
    user.role = edit.role
    user.department = edit.department
    user.active = edit.active
    audit.record_changes(actor.id, audit.AuditEntity.USER, user.id, changed)
    if ends_sessions:
        end_other_sessions(user)
    db.session.flush()
    return changed


def reset_password(user: User, new: str, actor: User) -> None:
    """An admin sets a new password; every session of the user ends. The audit row names the field only."""
    check_password_rules(new)
    user.password_hash = hash_password(new)
    end_other_sessions(user)
    audit.record(actor.id, audit.AuditEntity.USER, user.id, audit.AuditAction.UPDATE, "password", None, None)


def set_mail_preference(user: User, preference: str) -> None:
    """Immediate mail, a daily digest or none: how the person hears of notifications beyond the inbox."""
    if preference not in MAIL_PREFERENCES:
        raise ValidationError(_("请选择即时、每日汇总或不发送。"), field="mail_preference")
    user.mail_preference = preference
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(_("不支持的语言。"), field="language")
    user.locale = locale
    db.session.flush()


def _name_limit() -> throttle.Limit:
    config = current_app.config
    return throttle.Limit(
        config["TRACKER_LOGIN_MAX_FAILURES"], timedelta(minutes=config["TRACKER_LOGIN_WINDOW_MINUTES"])
    )


def _address_limit() -> throttle.Limit:
    config = current_app.config
    return throttle.Limit(
        config["TRACKER_LOGIN_ADDRESS_MAX_FAILURES"], timedelta(minutes=config["TRACKER_LOGIN_ADDRESS_WINDOW_MINUTES"])
    )


def _record_refusal(action: audit.AuditAction, typed: str, user_id: int | None, address: str) -> None:
    """A refused ("login_failed") or throttled ("login_throttled") sign-in, in the audit table and the log.

    The typed name is kept with every non-ASCII or control character escaped (a NUL, a zero-width
    space, a Cyrillic look-alike all show as what they are)."""
    shown = typed.encode("unicode_escape").decode("ascii")
    # Entity id 0: no account of that name.
    audit.record(None, audit.AuditEntity.SIGN_IN, user_id or 0, action, "username", None, shown)
    current_app.logger.warning("Sign-in refused (%s): username %s from %s", action, shown, address or "unknown")


@dataclass
class SignInAttempt:
    """What the first step of a sign-in learned, carried past the password check (which touches no database)."""

    typed: str
    address: str
    name: str | None  # the name looked up; None when no account can be called what was typed
    user_id: int | None = None
    password_hash: str | None = None
    active: bool = False
    wait: int | None = None  # seconds: the address is over its limit, answer 429
    locked: bool = False  # the name is locked for this address: answer "refused" without hashing


def begin_sign_in(typed: str, address: str, now: datetime | None = None) -> SignInAttempt:
    """Count the attempt against the client address and look the name up, before any password is hashed.

    The caller commits right after: other workers then see the count at once, and no lock is held
    while the hash runs. The transaction begins with a write (the sweep of old rows), so on SQLite
    it waits its turn for the write lock instead of failing to upgrade a read. A successful sign-in
    takes its count back (finish_sign_in), so the address limit counts failures, yet a burst counts
    before any of its attempts is hashed.
    """
    now = now or utcnow()
    names, addresses = _name_limit(), _address_limit()
    throttle.without_gap_locks()
    throttle.sweep(now, max(names.window, addresses.window))
    attempt = SignInAttempt(typed=typed, address=address, name=sign_in_name(typed))
    key = throttle.address_key(address)
    if throttle.count(key, now, addresses) > addresses.max_failures:
        attempt.wait = throttle.seconds_left(key, now, addresses.window)
        _record_refusal(audit.AuditAction.LOGIN_THROTTLED, typed, None, address)
        return attempt
    if attempt.name is None:
        return attempt
    row = db.session.execute(
        select(User.id, User.password_hash, User.active).where(User.username == attempt.name)
    ).first()
    if row is not None:
        attempt.user_id, attempt.password_hash, attempt.active = row.id, row.password_hash, bool(row.active)
    if throttle.locked_until(throttle.name_key(attempt.name, address), now) is not None:
        attempt.locked = True
        _record_refusal(audit.AuditAction.LOGIN_THROTTLED, typed, attempt.user_id, address)
    return attempt


def finish_sign_in(attempt: SignInAttempt, password: str, now: datetime | None = None) -> User | None:
    """Check the password (unless the name is locked) and record the outcome: the user, or None when refused.

    Unknown and known names cost the same hash and count failures alike, so the answer says
    nothing about which names exist. The writes come after the hash, in the caller's next transaction.
    """
    if attempt.wait is not None or attempt.locked:
        return None
    now = now or utcnow()
    if attempt.password_hash is None:
        dummy_verify(password)
        ok = False
    else:
        ok = verify_password(attempt.password_hash, password) and attempt.active
    key = throttle.name_key(attempt.name, attempt.address) if attempt.name is not None else None
    if not ok:
        _record_refusal(audit.AuditAction.LOGIN_FAILED, attempt.typed, attempt.user_id, attempt.address)
        if key is not None:
            limit = _name_limit()
            if throttle.count(key, now, limit) >= limit.max_failures:
                throttle.lock(key, now + limit.window)
        db.session.flush()
        return None
    if key is not None:  # always, once the password matched: only a named account has a hash
        throttle.clear(key)  # the name's row before the address's: the order every sign-in locks them in
    throttle.forgive(throttle.address_key(attempt.address))
    user = db.session.get_one(User, attempt.user_id)
    user.last_login_at = clock.now()  # shown beside today's date; the throttle keeps `now`, the real clock
    db.session.flush()
    return user


def is_locked(username: str, address: str, now: datetime | None = None) -> bool:
    name = sign_in_name(username)
    return name is not None and throttle.locked_until(throttle.name_key(name, address), now or utcnow()) is not None


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
    audit.record(user.id, audit.AuditEntity.USER, user.id, audit.AuditAction.UPDATE, "password", None, None)


def users_query(department_id: int | None = None, role: str | None = None, active: bool | None = None) -> Select[User]:
    """Users for the admin list, by department order then name; each row's department comes in the same statement."""
    query = select(User).outerjoin(Department, Department.id == User.department_id)
    if department_id is not None:
        query = query.where(User.department_id == department_id)
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    return query.order_by(Department.sort_order.is_(None), Department.sort_order, User.username)
