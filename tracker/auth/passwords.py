"""Password rules and hashing."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.core.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128


def check_password_rules(password: str) -> None:
    """Length is the rule (any Unicode allowed); NUL and other control characters are refused."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(_("密码至少需要 %(n)d 个字符。", n=MIN_LENGTH), field="password")
    if len(password) > MAX_LENGTH:
        raise ValidationError(_("密码不能超过 %(n)d 个字符。", n=MAX_LENGTH), field="password")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise ValidationError(_("密码不能包含控制字符。"), field="password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["TRACKER_PASSWORD_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# Verified against when the username is unknown, so both paths cost the same time.
_DUMMY_HASH: dict[str, str] = {}


def dummy_verify(password: str) -> None:
    method = current_app.config["TRACKER_PASSWORD_METHOD"]
    if method not in _DUMMY_HASH:
        _DUMMY_HASH[method] = generate_password_hash("dummy-password-for-timing", method=method)
    check_password_hash(_DUMMY_HASH[method], password)
