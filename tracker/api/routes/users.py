"""Users, for administrators only (the admin pages' rule, tracker.auth.permissions), and `/me` for everyone."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import Select, or_

from tracker.api.present import DEPARTMENT_REF, department_ref, moment, page_answer
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.schemas import BOOLEAN, DATETIME, INTEGER, STRING, component, enum, nullable, obj, one, page_of
from tracker.auth import services
from tracker.auth.models import ApiToken, Role, TokenScope, User
from tracker.auth.permissions import can_manage_users
from tracker.core.paging import paginate
from tracker.core.permissions import authorize, get_or_404

LOCALES = ("zh_Hans_CN", "en")
USER = component(
    "User",
    obj(
        {
            "id": INTEGER,
            "username": STRING,
            "display_name": STRING,
            "email": nullable(STRING),
            "role": enum(tuple(Role), "admin, office (the plan's office), lead (a department's lead), member, viewer"),
            "department": nullable(DEPARTMENT_REF),
            "active": BOOLEAN,
            "last_login_at": nullable(DATETIME),
            "locale": enum(LOCALES, "The language of the person's pages and messages"),
        },
        description="An account (never its password).",
    ),
)
ME = component(
    "Me",
    obj(
        {
            "user": USER,
            "token": obj(
                {
                    "name": STRING,
                    "prefix": {"type": "string", "description": "The secret's first characters, to tell tokens apart"},
                    "scope": enum(tuple(TokenScope), "read: GET only; write: whatever the person may do"),
                    "expires_at": nullable(DATETIME),
                }
            ),
        },
        description="The token's user and the token itself.",
    ),
)
USER_FILTERS = (
    Param("role", "choice", "Only users with this role", choices=tuple(Role)),
    Param("department", "id", "Only users of this department (its id)"),
    Param("active", "boolean", "true: active accounts only; false: deactivated ones only"),
    Param("q", "string", "Part of the username or display name"),
)


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email or None,
        "role": user.role,
        "department": department_ref(user.department),
        "active": user.active,
        "last_login_at": moment(user.last_login_at),
        "locale": user.locale,
    }


def _matching(query: Select[Any], text: str | None) -> Select[Any]:
    if not text:
        return query
    return query.where(
        or_(User.username.icontains(text, autoescape=True), User.display_name.icontains(text, autoescape=True))
    )


@operation(
    "/users",
    summary="Users",
    tag="users",
    query=(*USER_FILTERS, *PAGING),
    response=page_of(USER),
    errors=(403,),
)
def list_users(query: dict[str, Any]) -> ResponseReturnValue:
    """Administrators only, as the user administration pages; in the department order, then by username."""
    authorize(can_manage_users(current_user))
    users = _matching(services.users_query(query["department"], query["role"], query["active"]), query["q"])
    page = paginate(users, query["page"], query["per_page"], scalars=True)
    return page_answer(page, [user_json(user) for user in page.rows])


@operation("/users/<int:user_id>", summary="One user", tag="users", response=one(USER), errors=(403, 404))
def get_user(user_id: int) -> ResponseReturnValue:
    """Administrators only."""
    authorize(can_manage_users(current_user))
    return {"data": user_json(get_or_404(User, user_id))}


@operation("/me", summary="The token's user and the token", tag="users", response=one(ME))
def get_me() -> ResponseReturnValue:
    """Everyone with a token: who the API takes them for, and what the token may do until when."""
    token = get_or_404(ApiToken, g.api_token_id)  # the gate has just authenticated it: it is there
    return {
        "data": {
            "user": user_json(current_user),
            "token": {
                "name": token.name,
                "prefix": token.prefix,
                "scope": token.scope,
                "expires_at": moment(token.expires_at),
            },
        }
    }
