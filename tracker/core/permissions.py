"""Load-and-authorize helpers shared by every feature.

Per-object rules live in each feature's permissions.py as plain functions
(`can_update_item(user, item)`); views call `authorize(rule(...))` after
`get_or_404`, and templates call the same functions to decide which buttons to show.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, Protocol, TypeVar, cast

from flask import abort
from flask_login import current_user, login_required

from tracker.extensions import db

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")
# Ids are INTEGER columns: a larger id in a URL is simply not found (PostgreSQL would refuse the comparison).
MAX_ID = 2**31 - 1


class Actor(Protocol):
    """Whom the rules ask about: a signed-in user (tracker.auth's User)."""

    @property
    def role(self) -> str: ...

    @property
    def department_id(self) -> int | None: ...


def get_or_404(model: type[T], object_id: int) -> T:
    if object_id > MAX_ID:
        abort(404)
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def authorize(allowed: bool) -> None:
    if not allowed:
        abort(403)


def has_role(user: Actor, *roles: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in roles


def in_department(user: Actor, department_id: int | None) -> bool:
    return department_id is not None and user.department_id == department_id


def signed_in(view: Callable[P, R]) -> Callable[P, R]:
    """flask_login.login_required with its type spelt out (Flask-Login ships none)."""
    return cast("Callable[P, R]", login_required(view))


def roles_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed in and holding one of `roles`; everyone else gets 403 (anonymous: the sign-in page)."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @signed_in
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            authorize(current_user.role in roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator
